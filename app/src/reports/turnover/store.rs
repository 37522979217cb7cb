//! SQL of the turnover report: each item's issues to customers (moves from orders'
//! deliveries and from invoices) in the period, their cost, and the last issue — read
//! from the monthly closings, which sum them up to each month's end.
use chrono::NaiveDate;

use super::model::Issues;
use crate::core::quantity::from_milli;
use crate::db::codec::get;
use crate::db::{db_err, Backend, Db};
use crate::error::AppResult;
use crate::stock::store::closing::{closing_for, ensure, period_end, MOVE_SUMS};

/// Issues after `before` up to `last` (days), the last issue up to `last`; one
/// warehouse's alone when given. Each day's sums are its closing's plus the moves of
/// the part month after the closing (none when the day ends a month), so the work is
/// one row per item and warehouse, not the moves of the company's life.
pub async fn issues(db: &Db, company_id: i64, before: NaiveDate, last: NaiveDate, warehouse_id: Option<i64>) -> AppResult<Vec<Issues>> {
    let (at_last, at_before) = (closing_for(last), closing_for(before));
    ensure(db, company_id, &at_last).await?;
    ensure(db, company_id, &at_before).await?;
    let only = if warehouse_id.is_some() { " AND warehouse_id = $8" } else { "" };
    // SQLite's planner would rather walk the per-item index over all the moves
    let by_date = if db.backend == Backend::Sqlite { "INDEXED BY stock_moves_by_date" } else { "" };
    let sql = format!(
        "SELECT i.item_no, i.description, CAST(SUM(x.iq) AS BIGINT) AS qty, CAST(SUM(x.iv) AS BIGINT) AS cost_e7, MAX(x.li) AS last_issue FROM (
            SELECT item_id, issued_milli AS iq, issued_e7 AS iv, last_issue AS li FROM stock_closing WHERE company_id = $1 AND period = $2{only}
            UNION ALL
            SELECT item_id, -issued_milli, -issued_e7, NULL FROM stock_closing WHERE company_id = $1 AND period = $3{only}
            UNION ALL
            SELECT item_id, iq, iv, li FROM (SELECT item_id, {MOVE_SUMS} FROM stock_moves {by_date} WHERE company_id = $1 AND move_date > $4 AND move_date <= $5{only}) a
            UNION ALL
            SELECT item_id, -iq, -iv, NULL FROM (SELECT item_id, {MOVE_SUMS} FROM stock_moves {by_date} WHERE company_id = $1 AND move_date > $6 AND move_date <= $7{only}) b
         ) x JOIN items i ON i.company_id = $1 AND i.id = x.item_id
         GROUP BY i.item_no, i.description
         HAVING SUM(x.iq) <> 0 OR SUM(x.iv) <> 0 OR MAX(x.li) IS NOT NULL"
    );
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut q = sqlx::query(&sql)
        .bind(company_id)
        .bind(&at_last)
        .bind(&at_before)
        .bind(period_end(&at_last).unwrap_or_default())
        .bind(day(last))
        .bind(period_end(&at_before).unwrap_or_default())
        .bind(day(before));
    if let Some(w) = warehouse_id {
        q = q.bind(w);
    }
    let rows = q.fetch_all(&db.pool).await.map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let last: Option<String> = get(r, "last_issue")?;
            Ok(Issues {
                item_no: get(r, "item_no")?,
                description: get(r, "description")?,
                qty: from_milli(get(r, "qty")?),
                cost: crate::stock::valuation::average_value(get::<i64>(r, "cost_e7")? as i128),
                last: last.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            })
        })
        .collect()
}
