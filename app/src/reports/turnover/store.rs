//! SQL of the turnover report: each item's issues to customers (moves from orders'
//! deliveries and from invoices) in the period, their cost, and the last issue.
use sqlx::AnyPool;

use super::model::Issues;
use crate::core::quantity::from_milli;
use crate::db::codec::get;
use crate::db::db_err;
use crate::error::AppResult;

/// Issues in [`from`, `to`] (dates), the last issue up to `to`; one warehouse's alone
/// when given.
pub async fn issues(pool: &AnyPool, company_id: i64, from: &str, to: &str, warehouse_id: Option<i64>) -> AppResult<Vec<Issues>> {
    let only = if warehouse_id.is_some() { " AND m.warehouse_id = $4" } else { "" };
    let sql = format!(
        "SELECT i.item_no, i.description,
            CAST(COALESCE(SUM(CASE WHEN m.move_date >= $2 THEN -m.qty_milli ELSE 0 END), 0) AS BIGINT) AS qty,
            CAST(COALESCE(SUM(CASE WHEN m.move_date >= $2 THEN -m.qty_milli * m.unit_cost_e4 ELSE 0 END), 0) AS BIGINT) AS cost_e7,
            MAX(CASE WHEN m.qty_milli < 0 THEN m.move_date END) AS last_issue
         FROM stock_moves m JOIN items i ON i.company_id = m.company_id AND i.id = m.item_id
         WHERE m.company_id = $1 AND m.origin_kind IN ('order', 'invoice') AND m.move_date <= $3{only}
         GROUP BY i.item_no, i.description"
    );
    let mut q = sqlx::query(&sql).bind(company_id).bind(from).bind(to);
    if let Some(w) = warehouse_id {
        q = q.bind(w);
    }
    let rows = q.fetch_all(pool).await.map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let last: Option<String> = get(r, "last_issue")?;
            Ok(Issues {
                item_no: get(r, "item_no")?,
                description: get(r, "description")?,
                qty: from_milli(get(r, "qty")?),
                cost: crate::stock::valuation::average_value(get::<i64>(r, "cost_e7")? as i128),
                last: last.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            })
        })
        .collect()
}
