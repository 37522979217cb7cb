//! SQL of the chart of accounts, the account map and the journal (`gl_entries`: one
//! row per voucher line, the voucher's series, number and date on each).
pub mod export;

use chrono::NaiveDate;
use sqlx::AnyPool;

use crate::accounting::model::{voucher_year, Account, Draft, MapEntry, Side, SourceKind, TrialRow, VatRow, Voucher, VoucherLine};
use crate::core::date::iso;
use crate::core::Country;
use crate::db::codec::{coded, date, flag, get, minor, money};
use crate::db::{db_err, now_ms, Tx};
use crate::error::{AppError, AppResult};

/// Writes a new company's chart, account map and its VAT codes' SAF-T codes.
pub async fn seed(tx: &mut Tx, company_id: i64, country: Country) -> AppResult<()> {
    let chart = crate::accounting::model::chart(country);
    let values: Vec<String> = (0..chart.len()).map(|i| format!("($1, ${}, ${}, ${}, ${})", 2 + 4 * i, 3 + 4 * i, 4 + 4 * i, 5 + 4 * i)).collect();
    let sql = format!("INSERT INTO accounts (company_id, number, name, grouping_category, grouping_code) VALUES {}", values.join(", "));
    let mut q = sqlx::query(&sql).bind(company_id);
    for (number, name, category, code) in chart {
        q = q.bind(*number).bind(*name).bind(*category).bind(*code);
    }
    q.execute(&mut **tx).await.map_err(db_err)?;
    let map = crate::accounting::model::default_map(country);
    let values: Vec<String> = (0..map.len()).map(|i| format!("($1, ${}, ${})", 2 + 2 * i, 3 + 2 * i)).collect();
    let sql = format!("INSERT INTO account_map (company_id, role, account) VALUES {}", values.join(", "));
    let mut q = sqlx::query(&sql).bind(company_id);
    for (role, account) in map {
        q = q.bind(*role).bind(*account);
    }
    q.execute(&mut **tx).await.map_err(db_err)?;
    if country == Country::NO {
        for (code, ..) in Country::NO.default_vat_codes() {
            if let Some(saft) = crate::accounting::model::standard_tax_code(code) {
                sqlx::query("UPDATE vat_codes SET saft_code = $3 WHERE company_id = $1 AND code = $2 AND saft_code = ''")
                    .bind(company_id)
                    .bind(*code)
                    .bind(saft)
                    .execute(&mut **tx)
                    .await
                    .map_err(db_err)?;
            }
        }
    }
    Ok(())
}

/// The companies that have no chart of accounts yet (made before there was one): (id, country).
pub async fn without_chart(pool: &AnyPool) -> AppResult<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT c.id, c.country FROM companies c WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.company_id = c.id) ORDER BY c.id")
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter().map(|r| Ok((get(r, "id")?, get(r, "country")?))).collect()
}

pub async fn accounts(pool: &AnyPool, company_id: i64) -> AppResult<Vec<Account>> {
    let rows = sqlx::query("SELECT number, name, grouping_category, grouping_code, active FROM accounts WHERE company_id = $1 ORDER BY number")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(Account {
                number: get(r, "number")?,
                name: get(r, "name")?,
                grouping_category: get(r, "grouping_category")?,
                grouping_code: get(r, "grouping_code")?,
                active: flag(r, "active")?,
            })
        })
        .collect()
}

/// Lines per INSERT: 19 parameters each, well under both databases' limits.
const CHUNK: usize = 400;

/// Posts vouchers: numbers each (series, year) from its counter in one statement —
/// gapless, since a rolled-back posting rolls its numbers back too — and writes the
/// lines with the accounts the company's map names for their roles, in one statement
/// per few hundred lines. The most particular entry wins: for the VAT code and the
/// group, then for the group, then for the VAT code, then the role's own. The group
/// is a sales line's item group, or the posting group of a receivable's or payable's
/// customer or supplier. A voucher
/// dated on or before the company's locked date writes nothing and is refused.
/// Answers each draft's (series, year, number).
pub async fn post(tx: &mut Tx, company_id: i64, user_id: i64, drafts: &[Draft]) -> AppResult<Vec<(String, i32, i64)>> {
    let mut numbered: Vec<(String, i32, i64)> = Vec::with_capacity(drafts.len());
    let mut groups: Vec<(&str, i32, i64)> = Vec::new();
    for d in drafts {
        let key = (d.kind.series(), voucher_year(d.date));
        match groups.iter_mut().find(|g| (g.0, g.1) == key) {
            Some(g) => g.2 += 1,
            None => groups.push((key.0, key.1, 1)),
        }
    }
    let mut next: Vec<(&str, i32, i64)> = Vec::with_capacity(groups.len());
    for (series, year, n) in groups {
        let last: i64 = sqlx::query_scalar(
            "INSERT INTO voucher_counters (company_id, series, year, last) VALUES ($1, $2, $3, $4)
             ON CONFLICT (company_id, series, year) DO UPDATE SET last = voucher_counters.last + $4 RETURNING last",
        )
        .bind(company_id)
        .bind(series)
        .bind(year as i64)
        .bind(n)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)?;
        next.push((series, year, last - n + 1));
    }
    let now = now_ms();
    let mut rows: Vec<(usize, usize)> = Vec::new();
    for (i, d) in drafts.iter().enumerate() {
        let g = next.iter_mut().find(|g| (g.0, g.1) == (d.kind.series(), voucher_year(d.date))).ok_or_else(|| AppError::Internal("voucher group".into()))?;
        numbered.push((g.0.to_string(), g.1, g.2));
        g.2 += 1;
        rows.extend((0..d.lines.len()).map(|l| (i, l)));
    }
    for chunk in rows.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|k| {
                let p = |o: usize| format!("${}", 4 + 19 * k + o);
                let (int, big) = (|o: usize| format!("CAST({} AS INTEGER)", p(o)), |o: usize| format!("CAST({} AS BIGINT)", p(o)));
                [p(0), int(1), big(2), int(3), p(4), p(5), p(6), big(7), big(8), p(9), big(10), p(11), p(12), big(13), p(14), p(15), p(16), big(17), p(18)]
                    .join(", ")
            })
            .map(|row| format!("({row})"))
            .collect();
        // v: series, year, number, line no, date, map key, role, debit, credit, VAT code,
        // party, text, source kind, source id, source no, the document's own account,
        // project, seller, item group; w adds the group the line is mapped by
        let sql = format!(
            "INSERT INTO gl_entries (company_id, series, year, number, line_no, entry_date, account, debit_minor, credit_minor, vat_code, party_id, text,
                                     source_kind, source_id, source_no, posted_at, posted_by, project_code, seller_id)
             SELECT $1, w.column1, w.column2, w.column3, w.column4, w.column5,
                    COALESCE(NULLIF(w.column16, ''),
                             (SELECT m.account FROM account_map m WHERE m.company_id = $1 AND w.grp <> '' AND m.role = w.column6 || '@' || w.grp),
                             (SELECT m.account FROM account_map m WHERE m.company_id = $1 AND w.grp <> '' AND m.role = w.column7 || '@' || w.grp),
                             (SELECT m.account FROM account_map m WHERE m.company_id = $1 AND m.role = w.column6),
                             (SELECT m.account FROM account_map m WHERE m.company_id = $1 AND m.role = w.column7)),
                    w.column8, w.column9, w.column10, w.column11, w.column12, w.column13, w.column14, w.column15, $2, $3, w.column17, w.column18
             FROM (SELECT v.*, CASE WHEN v.column7 IN ('receivables', 'payables')
                                    THEN COALESCE((SELECT p.posting_group FROM parties p WHERE p.company_id = $1 AND p.id = v.column11), '')
                                    ELSE v.column19 END AS grp
                   FROM (VALUES {}) AS v) AS w
             WHERE NOT EXISTS (SELECT 1 FROM companies c WHERE c.id = $1 AND c.locked_until >= w.column5)",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(now).bind(user_id);
        for (i, l) in chunk {
            let (d, line) = (&drafts[*i], &drafts[*i].lines[*l]);
            let (series, year, number) = &numbered[*i];
            q = q
                .bind(series.clone())
                .bind(*year as i64)
                .bind(*number)
                .bind(*l as i64 + 1)
                .bind(iso(d.date))
                .bind(line.role.key(&line.vat_code))
                .bind(line.role.code())
                .bind(minor(line.debit)?)
                .bind(minor(line.credit)?)
                .bind(line.vat_code.clone())
                .bind(line.party_id)
                .bind(d.text.clone())
                .bind(d.kind.code())
                .bind(d.source_id)
                .bind(d.source_no.clone())
                .bind(line.account.clone())
                .bind(line.project_code.clone())
                .bind(line.seller_id)
                .bind(line.group.clone());
        }
        let n = q.execute(&mut **tx).await.map_err(db_err)?.rows_affected();
        if n != chunk.len() as u64 {
            let first = drafts.iter().map(|d| d.date).min().map(iso).unwrap_or_default();
            return Err(AppError::invalid(format!(
                "The accounts are locked for {first}: post it with a date after the locked period, or open the period under Accounting → Period lock"
            )));
        }
    }
    Ok(numbered)
}

/// Runs a query over a period: `$1` the company, `$2` the first day, `$3` the last.
pub(crate) async fn in_period(pool: &AnyPool, sql: &str, company_id: i64, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<sqlx::any::AnyRow>> {
    sqlx::query(sql).bind(company_id).bind(iso(from)).bind(iso(to)).fetch_all(pool).await.map_err(db_err)
}

/// The source kinds whose party is a customer (the others' is a supplier), as an SQL
/// list of codes.
pub(crate) fn customer_kinds() -> String {
    SourceKind::ALL.iter().filter(|k| k.party_side() == Side::Customer).map(|k| format!("'{}'", k.code())).collect::<Vec<_>>().join(", ")
}

/// The journal's rows of the vouchers `filter` picks (`$1` is the company), with
/// their accounts' names and parties' numbers, in date, series and number order.
fn voucher_sql(filter: &str) -> String {
    format!(
        "SELECT g.series, g.year, g.number, g.line_no, g.entry_date, g.account, COALESCE(a.name, '') AS account_name, g.debit_minor, g.credit_minor,
                g.vat_code, CASE WHEN g.source_kind IN ({}) THEN COALESCE(p.customer_no, '') ELSE COALESCE(p.supplier_no, '') END AS party_no,
                g.text, g.source_kind, g.source_id, g.source_no, g.project_code, g.seller_id, COALESCE(u.name, '') AS seller_name
         FROM gl_entries g LEFT JOIN accounts a ON a.company_id = g.company_id AND a.number = g.account
         LEFT JOIN parties p ON p.company_id = g.company_id AND p.id = g.party_id
         LEFT JOIN users u ON u.id = g.seller_id
         WHERE g.company_id = $1 AND {filter}
         ORDER BY g.entry_date, g.series, g.year, g.number, g.line_no",
        customer_kinds()
    )
}

/// The vouchers dated in `from..=to`, in series and number order, with their lines.
pub async fn vouchers(pool: &AnyPool, company_id: i64, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<Voucher>> {
    let rows = in_period(pool, &voucher_sql("g.entry_date >= $2 AND g.entry_date <= $3"), company_id, from, to).await?;
    assemble(&rows)
}

/// One voucher of the company by its series, year and number.
pub async fn voucher(pool: &AnyPool, company_id: i64, series: &str, year: i32, number: i64) -> AppResult<Option<Voucher>> {
    let rows = sqlx::query(&voucher_sql("g.series = $2 AND g.year = $3 AND g.number = $4"))
        .bind(company_id)
        .bind(series)
        .bind(year as i64)
        .bind(number)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    Ok(assemble(&rows)?.into_iter().next())
}

/// The voucher that reversed the one with this id (`IB-2025-1`), if any.
pub async fn reversal_of(pool: &AnyPool, company_id: i64, id: &str) -> AppResult<Option<Voucher>> {
    let rows = sqlx::query(&voucher_sql("g.source_kind = 'reversal' AND g.source_no = $2")).bind(company_id).bind(id).fetch_all(pool).await.map_err(db_err)?;
    Ok(assemble(&rows)?.into_iter().next())
}

/// Vouchers from the rows of [`voucher_sql`].
fn assemble(rows: &[sqlx::any::AnyRow]) -> AppResult<Vec<Voucher>> {
    let mut out: Vec<Voucher> = Vec::new();
    for r in rows {
        let (series, year, number): (String, i32, i64) = (get(r, "series")?, get::<i64>(r, "year")? as i32, get(r, "number")?);
        let line = VoucherLine {
            line_no: get(r, "line_no")?,
            account: get(r, "account")?,
            account_name: get(r, "account_name")?,
            debit: money(r, "debit_minor")?,
            credit: money(r, "credit_minor")?,
            vat_code: get(r, "vat_code")?,
            party_no: get(r, "party_no")?,
            project_code: get(r, "project_code")?,
            seller_id: get(r, "seller_id")?,
            seller_name: get(r, "seller_name")?,
        };
        match out.last_mut().filter(|v| (v.series.as_str(), v.year, v.number) == (series.as_str(), year, number)) {
            Some(v) => v.lines.push(line),
            None => out.push(Voucher {
                series,
                year,
                number,
                date: date(r, "entry_date")?,
                text: get(r, "text")?,
                source_kind: coded(r, "source_kind", SourceKind::parse)?,
                source_id: get(r, "source_id")?,
                source_no: get(r, "source_no")?,
                lines: vec![line],
            }),
        }
    }
    Ok(out)
}

/// Per account with movements: the balance before `from`, the debits and credits
/// from `from` to `to`, and the balance after.
pub async fn trial_balance(pool: &AnyPool, company_id: i64, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<TrialRow>> {
    let rows = in_period(
        pool,
        "SELECT g.account, COALESCE(a.name, '') AS name,
                CAST(COALESCE(SUM(CASE WHEN g.entry_date < $2 THEN g.debit_minor - g.credit_minor ELSE 0 END), 0) AS BIGINT) AS opening_minor,
                CAST(COALESCE(SUM(CASE WHEN g.entry_date >= $2 THEN g.debit_minor ELSE 0 END), 0) AS BIGINT) AS debit_minor,
                CAST(COALESCE(SUM(CASE WHEN g.entry_date >= $2 THEN g.credit_minor ELSE 0 END), 0) AS BIGINT) AS credit_minor
         FROM gl_entries g LEFT JOIN accounts a ON a.company_id = g.company_id AND a.number = g.account
         WHERE g.company_id = $1 AND g.entry_date <= $3
         GROUP BY g.account, a.name ORDER BY g.account",
        company_id,
        from,
        to,
    )
    .await?;
    rows.iter()
        .map(|r| {
            let (opening, debit, credit) = (money(r, "opening_minor")?, money(r, "debit_minor")?, money(r, "credit_minor")?);
            Ok(TrialRow { account: get(r, "account")?, name: get(r, "name")?, opening, debit, credit, closing: opening + debit - credit })
        })
        .collect()
}

/// Per VAT code with lines in the period: the basis (its lines on other accounts than
/// output VAT's) and the VAT (its lines on output VAT's accounts), credit positive.
pub async fn vat_summary(pool: &AnyPool, company_id: i64, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<VatRow>> {
    let rows = in_period(
        pool,
        "SELECT g.vat_code, COALESCE(v.name, '') AS name, COALESCE(v.rate_bp, 0) AS rate_bp,
                CAST(COALESCE(SUM(CASE WHEN m.account IS NULL THEN g.credit_minor - g.debit_minor ELSE 0 END), 0) AS BIGINT) AS base_minor,
                CAST(COALESCE(SUM(CASE WHEN m.account IS NULL THEN 0 ELSE g.credit_minor - g.debit_minor END), 0) AS BIGINT) AS vat_minor
         FROM gl_entries g
         LEFT JOIN vat_codes v ON v.company_id = g.company_id AND v.code = g.vat_code
         LEFT JOIN (SELECT DISTINCT account FROM account_map WHERE company_id = $1 AND (role = 'vat_out' OR role LIKE 'vat_out:%')) m ON m.account = g.account
         WHERE g.company_id = $1 AND g.vat_code <> '' AND g.entry_date >= $2 AND g.entry_date <= $3
         GROUP BY g.vat_code, v.name, v.rate_bp ORDER BY g.vat_code",
        company_id,
        from,
        to,
    )
    .await?;
    rows.iter()
        .map(|r| {
            Ok(VatRow {
                vat_code: get(r, "vat_code")?,
                name: get(r, "name")?,
                rate_bp: get(r, "rate_bp")?,
                base: money(r, "base_minor")?,
                vat: money(r, "vat_minor")?,
            })
        })
        .collect()
}

/// The input VAT of a period: the lines on the accounts input VAT posts to, debit
/// positive.
pub async fn input_vat(pool: &AnyPool, company_id: i64, from: NaiveDate, to: NaiveDate) -> AppResult<rust_decimal::Decimal> {
    let rows = in_period(
        pool,
        "SELECT CAST(COALESCE(SUM(g.debit_minor - g.credit_minor), 0) AS BIGINT) AS vat_minor FROM gl_entries g
         WHERE g.company_id = $1 AND g.entry_date >= $2 AND g.entry_date <= $3
           AND g.account IN (SELECT account FROM account_map WHERE company_id = $1 AND (role = 'vat_in' OR role LIKE 'vat_in:%'))",
        company_id,
        from,
        to,
    )
    .await?;
    rows.first().map(|r| money(r, "vat_minor")).unwrap_or(Ok(rust_decimal::Decimal::ZERO))
}

/// The balance of an account on a date (debit positive), from the journal.
pub async fn balance(pool: &AnyPool, company_id: i64, account: &str, on: NaiveDate) -> AppResult<rust_decimal::Decimal> {
    let minor: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(debit_minor - credit_minor), 0) AS BIGINT) FROM gl_entries WHERE company_id = $1 AND account = $2 AND entry_date <= $3",
    )
    .bind(company_id)
    .bind(account)
    .bind(iso(on))
    .fetch_one(pool)
    .await
    .map_err(db_err)?;
    Ok(crate::core::money::from_minor(minor))
}

/// The balance (debit positive) of the account a role posts to, over the whole journal.
pub async fn role_balance(tx: &mut Tx, company_id: i64, role: &str) -> AppResult<rust_decimal::Decimal> {
    let minor: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(g.debit_minor - g.credit_minor), 0) AS BIGINT) FROM gl_entries g
         WHERE g.company_id = $1 AND g.account = (SELECT m.account FROM account_map m WHERE m.company_id = $1 AND m.role = $2)",
    )
    .bind(company_id)
    .bind(role)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(crate::core::money::from_minor(minor))
}

/// What a customer or supplier stands at in the journal: the balance (debit
/// positive) of its receivable and payable lines, per account.
pub async fn party_balances(tx: &mut Tx, company_id: i64, party_id: i64) -> AppResult<Vec<(String, rust_decimal::Decimal)>> {
    let rows = sqlx::query(
        "SELECT g.account, CAST(SUM(g.debit_minor - g.credit_minor) AS BIGINT) AS balance_minor FROM gl_entries g
         WHERE g.company_id = $1 AND g.party_id = $2 GROUP BY g.account ORDER BY g.account",
    )
    .bind(company_id)
    .bind(party_id)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_err)?;
    rows.iter().map(|r| Ok((get::<String>(r, "account")?, money(r, "balance_minor")?))).collect()
}

/// The account a role posts to (its own entry; a VAT code's entry first when given).
pub async fn mapped(pool: &AnyPool, company_id: i64, key: &str, role: &str) -> AppResult<Option<String>> {
    sqlx::query_scalar(
        "SELECT COALESCE((SELECT account FROM account_map WHERE company_id = $1 AND role = $2), (SELECT account FROM account_map WHERE company_id = $1 AND role = $3))",
    )
    .bind(company_id)
    .bind(key)
    .bind(role)
    .fetch_one(pool)
    .await
    .map_err(db_err)
}

/// The last locked day (nothing posts on or before it), if any.
pub async fn locked_until(pool: &AnyPool, company_id: i64) -> AppResult<Option<NaiveDate>> {
    let t: String = sqlx::query_scalar("SELECT locked_until FROM companies WHERE id = $1").bind(company_id).fetch_one(pool).await.map_err(db_err)?;
    if t.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(&t, "%Y-%m-%d").map(Some).map_err(|_| AppError::Internal(format!("companies.locked_until: '{t}' is not a date")))
}

pub async fn set_locked_until(tx: &mut Tx, company_id: i64, day: Option<NaiveDate>) -> AppResult<()> {
    sqlx::query("UPDATE companies SET locked_until = $2 WHERE id = $1")
        .bind(company_id)
        .bind(day.map(iso).unwrap_or_default())
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Adds an account or changes the one with its number.
pub async fn upsert_account(tx: &mut Tx, company_id: i64, a: &Account) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO accounts (company_id, number, name, grouping_category, grouping_code, active) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (company_id, number) DO UPDATE SET name = excluded.name, grouping_category = excluded.grouping_category,
             grouping_code = excluded.grouping_code, active = excluded.active",
    )
    .bind(company_id)
    .bind(&a.number)
    .bind(&a.name)
    .bind(&a.grouping_category)
    .bind(&a.grouping_code)
    .bind(a.active as i64)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The company's account map, by key.
pub async fn map(pool: &AnyPool, company_id: i64) -> AppResult<Vec<MapEntry>> {
    let rows =
        sqlx::query("SELECT role, account FROM account_map WHERE company_id = $1 ORDER BY role").bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    rows.iter().map(|r| Ok(MapEntry { key: get(r, "role")?, account: get(r, "account")? })).collect()
}

/// Sets the account of a map key, or (None) removes a VAT code's own entry.
pub async fn set_map(tx: &mut Tx, company_id: i64, key: &str, account: Option<&str>) -> AppResult<()> {
    match account {
        Some(a) => sqlx::query(
            "INSERT INTO account_map (company_id, role, account) VALUES ($1, $2, $3) ON CONFLICT (company_id, role) DO UPDATE SET account = excluded.account",
        )
        .bind(company_id)
        .bind(key)
        .bind(a),
        None => sqlx::query("DELETE FROM account_map WHERE company_id = $1 AND role = $2").bind(company_id).bind(key),
    }
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Whether the company has a VAT code with this code.
pub async fn vat_code_exists(tx: &mut Tx, company_id: i64, code: &str) -> AppResult<bool> {
    crate::db::code_taken(tx, "vat_codes", company_id, code).await
}

/// Which of these accounts the chart has, active.
pub async fn active_accounts(tx: &mut Tx, company_id: i64, accounts: &[&str]) -> AppResult<Vec<String>> {
    if accounts.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = (0..accounts.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!("SELECT number FROM accounts WHERE company_id = $1 AND active = 1 AND number IN ({})", list.join(", "));
    let mut q = sqlx::query_scalar(&sql).bind(company_id);
    for a in accounts {
        q = q.bind(*a);
    }
    q.fetch_all(&mut **tx).await.map_err(db_err)
}

/// The company's country code.
pub async fn country(tx: &mut Tx, company_id: i64) -> AppResult<String> {
    sqlx::query_scalar("SELECT country FROM companies WHERE id = $1").bind(company_id).fetch_one(&mut **tx).await.map_err(db_err)
}

/// Every key the map may hold: the roles, and sales and output VAT per VAT code.
pub async fn map_keys(pool: &AnyPool, company_id: i64) -> AppResult<Vec<String>> {
    let codes: Vec<String> =
        sqlx::query_scalar("SELECT code FROM vat_codes WHERE company_id = $1 ORDER BY code").bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    let mut keys: Vec<String> = crate::accounting::model::ROLES.iter().map(|r| r.code().to_string()).collect();
    for role in [crate::accounting::model::Role::Sales, crate::accounting::model::Role::VatOut] {
        keys.extend(codes.iter().map(|c| role.key(c)));
    }
    Ok(keys)
}
