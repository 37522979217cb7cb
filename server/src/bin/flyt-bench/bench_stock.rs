//! `flyt bench --stock`: the stock figures of issue 3 on generated data at scale
//! (default 50 000 items and 1 000 000 moves), on SQLite and, when given, PostgreSQL.
use std::time::Instant;

use app::catalog::model::Item;
use app::db::Db;
use app::stock::model::{NewMove, Origin};
use app::stock::store::ledger;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use server::demo::Gen;

use crate::bench::{ms, pct};

/// Bulk item insert: one multi-row statement per 500 items.
async fn insert_items(db: &Db, company_id: i64, n: usize) -> Result<Vec<i64>, String> {
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    for start in (0..n).step_by(500) {
        let end = (start + 500).min(n);
        let values: Vec<String> =
            (start..end).map(|i| format!("($1, 'B{i:06}', 'Vare {i}', 'stk', 10000, 5000, 'S25', '{}', 'stock', 0, 0, 1000, 1, '', 0, 0)", ean(i))).collect();
        let sql = format!(
            "INSERT INTO items (company_id, item_no, description, unit, sales_price_minor, purchase_price_minor, vat_code, barcode, kind,
             safety_stock_milli, reorder_qty_milli, pack_size_milli, active, notes, created_at, updated_at) VALUES {}",
            values.join(", ")
        );
        sqlx::query(&sql).bind(company_id).execute(&mut *tx).await.map_err(|e| e.to_string())?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    sqlx::query_scalar("SELECT id FROM items WHERE company_id = $1 ORDER BY id").bind(company_id).fetch_all(&db.pool).await.map_err(|e| e.to_string())
}

/// A valid EAN-13 for item `i`.
fn ean(i: usize) -> String {
    let body = format!("200{i:09}");
    let sum: u32 = body.chars().rev().enumerate().map(|(k, c)| c.to_digit(10).unwrap_or(0) * if k % 2 == 0 { 3 } else { 1 }).sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

pub async fn run(label: &str, db: &Db, items_n: usize, moves_n: usize) -> Result<(), String> {
    println!("-- stock at scale on {label}: {items_n} items, {moves_n} moves");
    let t = Instant::now();
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    let input = app::setup::model::CompanyInput { name: "Bench AS".into(), org_no: "988077917".into(), ..Default::default() };
    let company = app::setup::service::create_company(&mut tx, app::core::Country::NO, &input).await.map_err(|e| e.to_string())?;
    app::setup::store::upsert_warehouse(
        &mut tx,
        company,
        &app::setup::model::Warehouse { id: 0, code: "OSLO".into(), name: "Oslo".into(), address: String::new(), active: true },
    )
    .await
    .map_err(|e| e.to_string())?;
    sqlx::query("UPDATE companies SET allow_negative_stock = 1 WHERE id = $1").bind(company).execute(&mut *tx).await.map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    let items = insert_items(db, company, items_n).await?;
    let whs: Vec<i64> = app::setup::store::list_warehouses(&db.pool, company).await.map_err(|e| e.to_string())?.into_iter().map(|w| w.id).collect();
    let mut g = Gen::new(7);
    let base = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
    let mut done = 0;
    while done < moves_n {
        let batch = 2000.min(moves_n - done);
        let moves: Vec<NewMove> = (0..batch)
            .map(|k| {
                let out = g.below(3) == 0;
                NewMove {
                    item_id: items[g.below(items.len() as u64) as usize],
                    warehouse_id: whs[g.below(whs.len() as u64) as usize],
                    qty: Decimal::from(if out { -(1 + g.below(5) as i64) } else { 1 + g.below(20) as i64 }),
                    date: base + chrono::Duration::days(g.below(700) as i64),
                    unit_cost: Decimal::new(4000 + g.below(2000) as i64, 3),
                    origin: Origin::new(app::stock::model::OriginKind::Adjustment, (done + k) as i64, 0),
                    reason: String::new(),
                }
            })
            .collect();
        let mut tx = db.begin().await.map_err(|e| e.to_string())?;
        // receipts only carry their own cost; outgoing moves look up the average
        app::stock::posting::post_moves(&mut tx, company, 1, "", "", &moves).await.map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        done += batch;
    }
    println!("   generated in {:.1} s", t.elapsed().as_secs_f64());

    let item_rows: Vec<Item> = {
        let mut v = Vec::new();
        for k in 0..200 {
            let no = format!("B{:06}", (k * 7919) % items_n);
            v.push(app::catalog::store::by_no(&db.pool, company, &no).await.map_err(|e| e.to_string())?);
        }
        v
    };
    let mut times = Vec::new();
    for it in &item_rows {
        let t = Instant::now();
        let p = ledger::profile_data(&db.pool, company, it).await.map_err(|e| e.to_string())?;
        let _ = ledger::figures(&db.pool, company, it.id).await.map_err(|e| e.to_string())?;
        let _ = app::stock::profile::timeline(&p, None, None, None);
        times.push(t.elapsed());
    }
    let (p50, p99) = pct(times);
    println!("   item profile data + figures (200 items): p50 {p50:.2} ms, p99 {p99:.2} ms   (target ≤ 20 ms)");
    let mut times = Vec::new();
    for k in 0..500 {
        let i = (k * 104729) % items_n;
        let code = if k % 2 == 0 { format!("B{i:06}") } else { ean(i) };
        let t = Instant::now();
        let found = app::catalog::store::lookup(&db.pool, company, &code).await.map_err(|e| e.to_string())?;
        times.push(t.elapsed());
        if found.is_none() {
            return Err(format!("lookup of {code} found nothing"));
        }
    }
    let (p50, p99) = pct(times);
    println!("   lookup by number or barcode (500): p50 {p50:.2} ms, p99 {p99:.2} ms   (target ≤ 5 ms)");
    // the first report of a month materialises its closing (once); later ones,
    // and reports as of any day of the next month, read it plus the part month
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).expect("date");
    let t = Instant::now();
    let rows = ledger::valuation(db, company, as_of, None).await.map_err(|e| e.to_string())?.rows.len();
    println!(
        "   valuation report, all items as of {as_of} ({rows} rows), first of its month (materialises the closing): {:.0} ms — a serving Flyt makes the last ended month's closing ahead, in the background",
        ms(t.elapsed())
    );
    for day in [as_of, NaiveDate::from_ymd_opt(2026, 7, 20).expect("date")] {
        let mut runs = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            ledger::valuation(db, company, day, None).await.map_err(|e| e.to_string())?;
            runs.push(t.elapsed());
        }
        let (p50, _) = pct(runs);
        println!("   valuation report, all items as of {day}: median of 3 {p50:.0} ms   (target ≤ 1000 ms)");
    }
    let t = Instant::now();
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    let back = NewMove {
        item_id: items[0],
        warehouse_id: whs[0],
        qty: Decimal::from(5),
        date: base + chrono::Duration::days(3),
        unit_cost: Decimal::from(6),
        origin: Origin::new(app::stock::model::OriginKind::Adjustment, -1, 0),
        reason: "backdated".into(),
    };
    app::stock::posting::post_moves(&mut tx, company, 1, "", "", &[back]).await.map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    ledger::valuation(db, company, as_of, None).await.map_err(|e| e.to_string())?;
    println!("   backdated move + valuation report: {:.0} ms   (target ≤ 1000 ms)", ms(t.elapsed()));
    let mismatches = ledger::cache_mismatches(&db.pool, company).await.map_err(|e| e.to_string())?;
    println!("   cache = ledger: {}", if mismatches.is_empty() { "yes".to_string() } else { format!("NO ({} differ)", mismatches.len()) });
    let closing = app::stock::store::closing::mismatches(&db.pool, company).await.map_err(|e| e.to_string())?;
    println!("   monthly closings = ledger: {}", if closing.is_empty() { "yes".to_string() } else { format!("NO ({} differ)", closing.len()) });
    Ok(())
}
