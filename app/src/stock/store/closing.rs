//! Monthly closing balances, so a valuation as of any date reads one row per item and
//! warehouse plus the moves of the part month after it, never the whole ledger.
//!
//! A period ("YYYY-MM") is materialised the first time a report needs it: its rows are
//! the nearest earlier materialised period plus the moves in between. Every posting
//! adds its moves to the materialised periods at or after each move's month, inside
//! the posting transaction, so a backdated move costs one upsert per later period and
//! nothing is ever re-run. On PostgreSQL postings take a shared and materialisation an
//! exclusive per-company advisory lock, so no move can slip between the aggregate and
//! the commit; on SQLite every write transaction is already exclusive.
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use sqlx::AnyPool;

use crate::db::codec::get;
use crate::db::{db_err, Db, Tx};
use crate::error::{AppError, AppResult};

/// Rows per multi-row upsert (6 parameters each, SQLite allows 32 766).
const CHUNK: usize = 1000;
/// A move's part of a closing row's sums (`q`, `v`, `iq`, `iv`, `li`: see [`Sums`]):
/// the moves of orders' deliveries and of invoices are the issues to customers.
pub const MOVE_SUMS: &str = "qty_milli AS q, qty_milli * unit_cost_e4 AS v,
    CASE WHEN origin_kind IN ('order', 'invoice') THEN -qty_milli ELSE 0 END AS iq,
    CASE WHEN origin_kind IN ('order', 'invoice') THEN -qty_milli * unit_cost_e4 ELSE 0 END AS iv,
    CASE WHEN origin_kind IN ('order', 'invoice') AND qty_milli < 0 THEN move_date END AS li";

/// Namespace of the per-company advisory lock (high 32 bits of the key).
const LOCK_NS: i64 = 0x464C_5954; // "FLYT"

/// The period of a date: "YYYY-MM".
pub fn period_of(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// The last day of a period, as stored ("YYYY-MM-DD"); `None` for a malformed period.
pub fn period_end(period: &str) -> Option<String> {
    let (y, m) = period.split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    let first_next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(y, m + 1, 1)? };
    Some(first_next.pred_opt()?.format("%Y-%m-%d").to_string())
}

/// The closing a report as of `date` starts from: the latest period that ends on or
/// before the date (the date's own month when it is the month's last day).
pub fn closing_for(date: NaiveDate) -> String {
    let last_day = date.succ_opt().is_none_or(|next| next.month() != date.month());
    if last_day {
        period_of(date)
    } else {
        let first = date.with_day(1).unwrap_or(date);
        period_of(first.pred_opt().unwrap_or(first))
    }
}

/// A move as the closings count it: item, warehouse, date, quantity in thousandths,
/// unit cost in ten-thousandths, and whether it is an issue to (or a return from) a
/// customer — an order's delivery or an invoice's (as in [`MOVE_SUMS`]), which the
/// turnover report counts.
#[derive(Clone, Copy, Debug)]
pub struct ClosingMove {
    pub item_id: i64,
    pub warehouse_id: i64,
    pub date: NaiveDate,
    pub qty: i64,
    pub cost: i64,
    pub to_customer: bool,
}

/// What a closing row adds up: quantity and value on hand, quantity and cost issued to
/// customers (all cumulative to the period's end) and the last issue's date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Sums {
    qty: i64,
    value: i64,
    issued: i64,
    issued_value: i64,
    last_issue: Option<String>,
}

/// Adds `moves` to every materialised period at or after each move's month. Called by
/// the ledger's posting, inside its transaction.
pub async fn add_moves(tx: &mut Tx, company_id: i64, moves: &[ClosingMove]) -> AppResult<()> {
    let Some(first) = moves.iter().map(|m| period_of(m.date)).min() else {
        return Ok(());
    };
    // the caller (`ledger::append_moves`) holds the company's stock lock
    let periods: Vec<String> = sqlx::query_scalar("SELECT period FROM stock_periods WHERE company_id = $1 AND period >= $2 ORDER BY period")
        .bind(company_id)
        .bind(&first)
        .fetch_all(&mut **tx)
        .await
        .map_err(db_err)?;
    if periods.is_empty() {
        return Ok(());
    }
    let mut deltas: BTreeMap<(&str, i64, i64), Sums> = BTreeMap::new();
    for m in moves {
        let month = period_of(m.date);
        let value = m.qty.checked_mul(m.cost).ok_or_else(|| AppError::invalid("A stock move's value is too large"))?;
        for p in periods.iter().filter(|p| **p >= month) {
            let e = deltas.entry((p.as_str(), m.item_id, m.warehouse_id)).or_default();
            e.qty += m.qty;
            e.value = e.value.checked_add(value).ok_or_else(|| AppError::invalid("A stock value is too large"))?;
            if m.to_customer {
                e.issued -= m.qty;
                e.issued_value -= value;
                if m.qty < 0 {
                    let day = m.date.format("%Y-%m-%d").to_string();
                    if e.last_issue.as_ref().is_none_or(|d| *d < day) {
                        e.last_issue = Some(day);
                    }
                }
            }
        }
    }
    let entries: Vec<_> = deltas.into_iter().collect();
    for chunk in entries.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = 2 + 8 * i;
                format!("($1, ${b}, ${}, ${}, ${}, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7)
            })
            .collect();
        let sql = format!(
            "INSERT INTO stock_closing (company_id, period, item_id, warehouse_id, qty_milli, value_e7, issued_milli, issued_e7, last_issue) VALUES {}
             ON CONFLICT (company_id, period, item_id, warehouse_id)
             DO UPDATE SET qty_milli = stock_closing.qty_milli + excluded.qty_milli, value_e7 = stock_closing.value_e7 + excluded.value_e7,
               issued_milli = stock_closing.issued_milli + excluded.issued_milli, issued_e7 = stock_closing.issued_e7 + excluded.issued_e7,
               last_issue = CASE WHEN stock_closing.last_issue IS NULL OR excluded.last_issue > stock_closing.last_issue THEN excluded.last_issue
                            ELSE stock_closing.last_issue END",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for ((p, item, wh), d) in chunk {
            q = q.bind(p.to_string()).bind(*item).bind(*wh).bind(d.qty).bind(d.value).bind(d.issued).bind(d.issued_value).bind(d.last_issue.clone());
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// Makes sure `period` is materialised (a no-op when it is).
pub async fn ensure(db: &Db, company_id: i64, period: &str) -> AppResult<()> {
    let end = period_end(period).ok_or_else(|| AppError::invalid(format!("{period} is not a period (YYYY-MM)")))?;
    if exists(&db.pool, company_id, period).await? {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    lock(&mut tx, company_id, true).await?;
    let again: Option<i64> = sqlx::query_scalar("SELECT 1 FROM stock_periods WHERE company_id = $1 AND period = $2")
        .bind(company_id)
        .bind(period)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    if again.is_some() {
        return Ok(());
    }
    let prev: Option<String> = sqlx::query_scalar("SELECT MAX(period) FROM stock_periods WHERE company_id = $1 AND period < $2")
        .bind(company_id)
        .bind(period)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
    let (prev, prev_end) = match prev {
        Some(p) => {
            let e = period_end(&p).unwrap_or_default();
            (p, e)
        }
        None => (String::new(), String::new()),
    };
    sqlx::query("INSERT INTO stock_periods (company_id, period) VALUES ($1, $2)").bind(company_id).bind(period).execute(&mut *tx).await.map_err(db_err)?;
    sqlx::query(
        &format!(
            "INSERT INTO stock_closing (company_id, period, item_id, warehouse_id, qty_milli, value_e7, issued_milli, issued_e7, last_issue)
             SELECT $1, $2, item_id, warehouse_id, CAST(SUM(q) AS BIGINT), CAST(SUM(v) AS BIGINT), CAST(SUM(iq) AS BIGINT), CAST(SUM(iv) AS BIGINT), MAX(li) FROM (
                 SELECT item_id, warehouse_id, qty_milli AS q, value_e7 AS v, issued_milli AS iq, issued_e7 AS iv, last_issue AS li
                 FROM stock_closing WHERE company_id = $1 AND period = $3
                 UNION ALL
                 SELECT item_id, warehouse_id, {MOVE_SUMS} FROM stock_moves WHERE company_id = $1 AND move_date > $4 AND move_date <= $5
             ) x GROUP BY item_id, warehouse_id"
        ),
    )
    .bind(company_id)
    .bind(period)
    .bind(&prev)
    .bind(&prev_end)
    .bind(&end)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    tx.commit().await.map_err(db_err)
}

/// Materialises the latest ended month of every company, so the first valuation of a
/// new month reads a ready closing instead of aggregating the month's moves. Run by the
/// server at start and then every hour; on several servers the advisory lock and the
/// re-check in [`ensure`] make the work happen once.
pub async fn keep_materialised(db: &Db) -> AppResult<usize> {
    let period = closing_for(chrono::Utc::now().date_naive());
    let companies: Vec<i64> = sqlx::query_scalar("SELECT id FROM companies ORDER BY id").fetch_all(&db.pool).await.map_err(db_err)?;
    let mut made = 0;
    for company_id in companies {
        if !exists(&db.pool, company_id, &period).await? {
            ensure(db, company_id, &period).await?;
            made += 1;
        }
    }
    Ok(made)
}

async fn exists(pool: &AnyPool, company_id: i64, period: &str) -> AppResult<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM stock_periods WHERE company_id = $1 AND period = $2")
        .bind(company_id)
        .bind(period)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    Ok(found.is_some())
}

/// The company's stock lock (PostgreSQL; SQLite has one writer anyway): postings
/// take it shared, materialising a closing and turning perpetual inventory on take it
/// exclusively, so neither sees a posting half-way.
pub async fn lock(tx: &mut Tx, company_id: i64, exclusive: bool) -> AppResult<()> {
    if tx.backend_name() != "PostgreSQL" {
        return Ok(());
    }
    let f = if exclusive { "pg_advisory_xact_lock" } else { "pg_advisory_xact_lock_shared" };
    // wrapped in a count: the Any driver cannot decode the function's `void`
    let _: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM (SELECT {f}($1)) l"))
        .bind((LOCK_NS << 32) | (company_id & 0xFFFF_FFFF))
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Recomputes every materialised period from the ledger and lists each
/// (period, item, warehouse) whose stored closing differs: empty when closing = ledger.
pub async fn mismatches(pool: &AnyPool, company_id: i64) -> AppResult<Vec<String>> {
    let periods: Vec<String> =
        sqlx::query_scalar("SELECT period FROM stock_periods WHERE company_id = $1 ORDER BY period").bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    let mut out = Vec::new();
    for p in periods {
        let end = period_end(&p).unwrap_or_default();
        let read = |sql: String, arg: String| async move {
            let rows = sqlx::query(&sql).bind(company_id).bind(arg).fetch_all(pool).await.map_err(db_err)?;
            rows.iter()
                .map(|r| {
                    let sums = Sums { qty: get(r, "q")?, value: get(r, "v")?, issued: get(r, "iq")?, issued_value: get(r, "iv")?, last_issue: get(r, "li")? };
                    Ok(((get::<i64>(r, "item_id")?, get::<i64>(r, "warehouse_id")?), sums))
                })
                .collect::<AppResult<BTreeMap<_, _>>>()
        };
        let stored = read(
            "SELECT item_id, warehouse_id, qty_milli AS q, value_e7 AS v, issued_milli AS iq, issued_e7 AS iv, last_issue AS li FROM stock_closing
             WHERE company_id = $1 AND period = $2"
                .into(),
            p.clone(),
        )
        .await?;
        let ledger = read(
            format!(
                "SELECT item_id, warehouse_id, CAST(SUM(q) AS BIGINT) AS q, CAST(SUM(v) AS BIGINT) AS v, CAST(SUM(iq) AS BIGINT) AS iq, CAST(SUM(iv) AS BIGINT) AS iv,
                   MAX(li) AS li FROM (SELECT item_id, warehouse_id, {MOVE_SUMS} FROM stock_moves WHERE company_id = $1 AND move_date <= $2) x
                 GROUP BY item_id, warehouse_id"
            ),
            end,
        )
        .await?;
        let keys: std::collections::BTreeSet<&(i64, i64)> = stored.keys().chain(ledger.keys()).collect();
        for k in keys {
            let (s, l) = (stored.get(k).cloned().unwrap_or_default(), ledger.get(k).cloned().unwrap_or_default());
            if s != l {
                out.push(format!(
                    "period {p} item {} warehouse {}: closing {}/{}/{}/{}/{:?} ≠ ledger {}/{}/{}/{}/{:?} (quantity/value/issued/its cost/last issue)",
                    k.0, k.1, s.qty, s.value, s.issued, s.issued_value, s.last_issue, l.qty, l.value, l.issued, l.issued_value, l.last_issue
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_and_their_ends() {
        assert_eq!(period_of(d(2026, 3, 9)), "2026-03");
        assert_eq!(period_end("2026-02").as_deref(), Some("2026-02-28"));
        assert_eq!(period_end("2024-02").as_deref(), Some("2024-02-29"));
        assert_eq!(period_end("2026-12").as_deref(), Some("2026-12-31"));
        assert_eq!(period_end("2026-13"), None);
        assert_eq!(period_end("junk"), None);
    }

    #[test]
    fn a_report_starts_from_the_last_closed_month() {
        // a month's last day is covered by its own closing
        assert_eq!(closing_for(d(2026, 6, 30)), "2026-06");
        assert_eq!(closing_for(d(2024, 2, 29)), "2024-02");
        // any other day starts from the month before, plus the part month
        assert_eq!(closing_for(d(2026, 6, 29)), "2026-05");
        assert_eq!(closing_for(d(2026, 1, 1)), "2025-12");
        assert_eq!(closing_for(d(2026, 12, 31)), "2026-12");
    }
}
