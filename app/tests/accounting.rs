//! The journal's store and service on SQLite and PostgreSQL: a new company's chart and
//! account map; vouchers numbered gapless per series and year (a rolled-back posting
//! gives its numbers back); the accounts a role posts to; what reads back; and the
//! seeded chart's SAF-T grouping and tax codes checked against the official lists
//! (`../shared/conformance/saf-t`, skipped where absent, required when `CI` is set).
mod common;

use app::accounting::model::{Draft, Role, SourceKind};
use app::accounting::{service, store};
use app::core::Country;
use app::db::Db;
use app::error::AppError;
use chrono::NaiveDate;
use common::{company, d, each_backend, user};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn invoice(id: i64, date: &str, gross: &str) -> Draft {
    let mut v = Draft::new(SourceKind::Invoice, id, &format!("1000{id}"), day(date), format!("Faktura 1000{id}"));
    let g = d(gross);
    v.debit(Role::Receivables, "", g, None).credit(Role::Sales, "S25", g * d("0.8"), None).credit(Role::VatOut, "S25", g * d("0.2"), None);
    v
}

async fn post(db: &Db, c: i64, u: i64, drafts: Vec<Draft>) -> Result<Vec<(String, i32, i64)>, AppError> {
    let mut tx = db.begin().await.unwrap();
    let r = service::post(&mut tx, c, u, drafts).await?;
    tx.commit().await.unwrap();
    Ok(r)
}

#[tokio::test]
async fn vouchers_are_numbered_gapless_per_series_and_year() {
    each_backend(|db| async move {
        let c = company(&db, "Fjordvik Handel AS").await;
        let other = company(&db, "Annen AS").await;
        let u = user(&db, "ola@fjordvik.test", c).await;
        // a new company has its chart and map
        let accounts = store::accounts(&db.pool, c).await.unwrap();
        assert_eq!(accounts.len(), app::accounting::model::chart(Country::NO).len());
        assert!(accounts
            .iter()
            .any(|a| (a.number.as_str(), a.grouping_category.as_str(), a.grouping_code.as_str()) == ("1500", "balanseverdiForOmloepsmiddel", "1500")));
        for (key, role, want) in [("sales:S25", "sales", "3000"), ("sales:Z0", "sales", "3100"), ("vat_out:S15", "vat_out", "2700"), ("bank", "bank", "1920")] {
            assert_eq!(store::mapped(&db.pool, c, key, role).await.unwrap().as_deref(), Some(want), "{key}");
        }

        let got = post(&db, c, u, vec![invoice(1, "2026-11-02", "125"), invoice(2, "2026-11-03", "250")]).await.unwrap();
        assert_eq!(got, vec![("F".to_string(), 2026, 1), ("F".to_string(), 2026, 2)]);
        // a posting rolled back gives its number back
        let mut tx = db.begin().await.unwrap();
        assert_eq!(service::post(&mut tx, c, u, vec![invoice(3, "2026-11-04", "50")]).await.unwrap()[0].2, 3);
        drop(tx);
        assert_eq!(post(&db, c, u, vec![invoice(4, "2026-11-05", "50")]).await.unwrap()[0].2, 3);
        // a new year starts at 1, and so does each series; the other company has its own
        assert_eq!(post(&db, c, u, vec![invoice(5, "2027-01-02", "50")]).await.unwrap()[0], ("F".to_string(), 2027, 1));
        let mut pay = Draft::new(SourceKind::Payment, 9, "9", day("2026-11-20"), "Innbetaling".into());
        pay.debit(Role::Bank, "", d("125"), None).credit(Role::Receivables, "", d("125"), None);
        assert_eq!(post(&db, c, u, vec![pay]).await.unwrap()[0], ("I".to_string(), 2026, 1));
        let uo = user(&db, "kari@annen.test", other).await;
        assert_eq!(post(&db, other, uo, vec![invoice(1, "2026-11-02", "10")]).await.unwrap()[0].2, 1);

        // what was posted reads back, with the mapped accounts
        let vs = store::vouchers(&db.pool, c, day("2026-11-01"), day("2026-11-30")).await.unwrap();
        assert_eq!(
            vs.iter().map(|v| (v.id(), v.date, v.source_kind)).collect::<Vec<_>>(),
            vec![
                ("F-2026-1".to_string(), day("2026-11-02"), SourceKind::Invoice),
                ("F-2026-2".to_string(), day("2026-11-03"), SourceKind::Invoice),
                ("F-2026-3".to_string(), day("2026-11-05"), SourceKind::Invoice),
                ("I-2026-1".to_string(), day("2026-11-20"), SourceKind::Payment),
            ]
        );
        assert_eq!(
            vs[0].lines.iter().map(|l| (l.account.as_str(), l.debit, l.credit, l.vat_code.as_str())).collect::<Vec<_>>(),
            vec![("1500", d("125"), d("0"), ""), ("3000", d("0"), d("100"), "S25"), ("2700", d("0"), d("25"), "S25")]
        );
        assert_eq!(vs[0].source_href().as_deref(), Some("/receivables/invoices/10001"));
        assert_eq!(store::balance(&db.pool, c, "1500", day("2026-11-30")).await.unwrap(), d("300"));
        let trial = store::trial_balance(&db.pool, c, day("2026-11-03"), day("2026-11-30")).await.unwrap();
        let r1500 = trial.iter().find(|r| r.account == "1500").unwrap();
        assert_eq!((r1500.opening, r1500.debit, r1500.credit, r1500.closing), (d("125"), d("300"), d("125"), d("300")));
        assert_eq!(trial.iter().map(|r| r.closing).sum::<rust_decimal::Decimal>(), d("0"));
        assert_eq!(store::vouchers(&db.pool, other, day("2026-11-01"), day("2026-11-30")).await.unwrap().len(), 1, "its own only");

        // an unbalanced voucher is refused before anything is written
        let mut bad = Draft::new(SourceKind::Invoice, 6, "10006", day("2026-11-06"), String::new());
        bad.debit(Role::Receivables, "", d("125"), None).credit(Role::Sales, "S25", d("100"), None);
        assert!(matches!(post(&db, c, u, vec![bad]).await, Err(AppError::Internal(_))));
        assert_eq!(post(&db, c, u, vec![invoice(7, "2026-11-07", "50")]).await.unwrap()[0].2, 4, "no number taken by the refused one");

        // a locked period takes nothing, and the chart of a company made before the journal
        let mut tx = db.begin().await.unwrap();
        store::set_locked_until(&mut tx, c, Some(day("2026-11-30"))).await.unwrap();
        tx.commit().await.unwrap();
        assert!(matches!(post(&db, c, u, vec![invoice(8, "2026-11-30", "50")]).await, Err(AppError::Invalid(m)) if m.contains("locked")));
        assert_eq!(post(&db, c, u, vec![invoice(8, "2026-12-01", "50")]).await.unwrap()[0].2, 5);
        assert_eq!(store::locked_until(&db.pool, c).await.unwrap(), Some(day("2026-11-30")));
        assert_eq!(service::ensure_charts(&db).await.unwrap(), 0, "every company has its chart");
    })
    .await;
}

/// The official lists, or None where `../shared` is absent (a user's clone).
fn official(file: &str) -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/saf-t").join(file);
    match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) => {
            assert!(std::env::var_os("CI").is_none(), "CI is set but {} cannot be read: {e}", path.display());
            eprintln!("skipped: {} is absent", path.display());
            None
        }
    }
}

#[test]
fn the_seeded_chart_uses_official_saft_grouping_and_tax_codes() {
    let Some(groups) = official("naeringsspesifikasjon.csv") else { return };
    let pairs: Vec<(String, String)> = groups
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(';').collect();
            (f.len() > 3).then(|| (f[0].trim_start_matches('\u{feff}').to_string(), f[3].to_string()))
        })
        .collect();
    for (number, _, category, code) in app::accounting::model::chart(Country::NO) {
        assert!(pairs.iter().any(|(c, g)| c == category && g == code), "account {number}: {category} {code} is not in the næringsspesifikasjon");
    }
    let Some(taxes) = official("Standard_Tax_Codes.csv") else { return };
    let codes: Vec<&str> = taxes.lines().skip(1).filter_map(|l| l.split(';').next()).collect();
    for (vat, ..) in Country::NO.default_vat_codes() {
        let saft = app::accounting::model::standard_tax_code(vat).unwrap();
        assert!(codes.contains(&saft), "VAT code {vat}: standard tax code {saft} is not in the official list");
    }
}
