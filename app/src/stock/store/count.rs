//! The stocktaking counts: a count per warehouse with its lines (expected quantity
//! frozen at the start, counted quantity as entered).
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::AnyPool;

use crate::db::codec::{get, qty};
use crate::db::{db_err, now_ms, Tx};
use crate::error::AppResult;
use crate::stock::model::{CountLine, CountSummary};

/// Opens a count of `warehouse_id`; answers its id.
pub async fn insert(tx: &mut Tx, company_id: i64, user_id: i64, warehouse_id: i64, filter: &str) -> AppResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO stock_counts (company_id, warehouse_id, filter, status, started_at, started_by) VALUES ($1, $2, $3, 'open', $4, $5) RETURNING id",
    )
    .bind(company_id)
    .bind(warehouse_id)
    .bind(filter)
    .bind(now_ms())
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)
}

/// Puts on the count every active stock item whose number or description contains
/// `filter` (all of them for an empty filter), expecting its physical quantity now;
/// answers how many.
pub async fn add_lines(tx: &mut Tx, company_id: i64, count_id: i64, warehouse_id: i64, filter: &str) -> AppResult<u64> {
    let pattern = format!("%{}%", filter.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    Ok(sqlx::query(
        "INSERT INTO stock_count_lines (company_id, count_id, item_id, expected_milli)
         SELECT i.company_id, $2, i.id, COALESCE(b.physical_milli, 0) FROM items i
         LEFT JOIN stock_balances b ON b.company_id = i.company_id AND b.item_id = i.id AND b.warehouse_id = $3
         WHERE i.company_id = $1 AND i.kind = 'stock' AND i.active = 1
           AND ($4 = '%%' OR LOWER(i.item_no) LIKE $4 ESCAPE '\\' OR LOWER(i.description) LIKE $4 ESCAPE '\\')",
    )
    .bind(company_id)
    .bind(count_id)
    .bind(warehouse_id)
    .bind(&pattern)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?
    .rows_affected())
}

/// Sets (or clears) the counted thousandths of an item on an open count; answers
/// whether there was such a line.
pub async fn set_counted(pool: &AnyPool, company_id: i64, count_id: i64, item_no: &str, counted_milli: Option<i64>) -> AppResult<bool> {
    let n = sqlx::query(
        "UPDATE stock_count_lines SET counted_milli = $4
         WHERE company_id = $1 AND count_id = $2
           AND item_id = (SELECT id FROM items WHERE company_id = $1 AND item_no = $3)
           AND EXISTS (SELECT 1 FROM stock_counts c WHERE c.company_id = $1 AND c.id = $2 AND c.status = 'open')",
    )
    .bind(company_id)
    .bind(count_id)
    .bind(item_no)
    .bind(counted_milli)
    .execute(pool)
    .await
    .map_err(db_err)?
    .rows_affected();
    Ok(n > 0)
}

/// Marks an open count posted; answers its warehouse, or `None` when there is no
/// such open count.
pub async fn mark_posted(tx: &mut Tx, company_id: i64, count_id: i64) -> AppResult<Option<i64>> {
    sqlx::query_scalar("UPDATE stock_counts SET status = 'posted', posted_at = $3 WHERE company_id = $1 AND id = $2 AND status = 'open' RETURNING warehouse_id")
        .bind(company_id)
        .bind(count_id)
        .bind(now_ms())
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)
}

/// A counted line that differs from what was expected.
pub struct Difference {
    pub item_id: i64,
    pub diff: Decimal,
    pub purchase_price: Decimal,
}

/// The lines of a count whose counted quantity differs from the expected one.
pub async fn differences(tx: &mut Tx, company_id: i64, count_id: i64) -> AppResult<Vec<Difference>> {
    let rows = sqlx::query(
        "SELECT l.item_id, l.counted_milli - l.expected_milli AS diff_milli, i.purchase_price_minor FROM stock_count_lines l
         JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         WHERE l.company_id = $1 AND l.count_id = $2 AND l.counted_milli IS NOT NULL AND l.counted_milli <> l.expected_milli",
    )
    .bind(company_id)
    .bind(count_id)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(Difference { item_id: get(r, "item_id")?, diff: qty(r, "diff_milli")?, purchase_price: crate::db::codec::money(r, "purchase_price_minor")? })
        })
        .collect()
}

const SUMMARY: &str = "SELECT c.id, w.code, c.filter, c.status, c.started_at,
        (SELECT COUNT(*) FROM stock_count_lines l WHERE l.company_id = c.company_id AND l.count_id = c.id) AS lines,
        (SELECT COUNT(*) FROM stock_count_lines l WHERE l.company_id = c.company_id AND l.count_id = c.id AND l.counted_milli IS NOT NULL) AS counted
     FROM stock_counts c JOIN warehouses w ON w.company_id = c.company_id AND w.id = c.warehouse_id WHERE c.company_id = $1";

fn summary(r: &AnyRow) -> AppResult<CountSummary> {
    Ok(CountSummary {
        id: get(r, "id")?,
        warehouse_code: get(r, "code")?,
        filter: get(r, "filter")?,
        status: crate::db::codec::coded(r, "status", crate::stock::model::CountStatus::parse)?,
        started_at: get(r, "started_at")?,
        lines: get(r, "lines")?,
        counted: get(r, "counted")?,
    })
}

/// The latest hundred counts.
pub async fn list(pool: &AnyPool, company_id: i64) -> AppResult<Vec<CountSummary>> {
    let rows = sqlx::query(&format!("{SUMMARY} ORDER BY c.id DESC LIMIT 100")).bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    rows.iter().map(summary).collect()
}

/// One count's summary.
pub async fn summary_of(pool: &AnyPool, company_id: i64, count_id: i64) -> AppResult<Option<CountSummary>> {
    let row = sqlx::query(&format!("{SUMMARY} AND c.id = $2")).bind(company_id).bind(count_id).fetch_optional(pool).await.map_err(db_err)?;
    row.as_ref().map(summary).transpose()
}

/// A count's lines in walking order: by bin, then item number.
pub async fn lines(pool: &AnyPool, company_id: i64, count_id: i64) -> AppResult<Vec<CountLine>> {
    let rows = sqlx::query(
        "SELECT i.item_no, i.description, i.unit, ib.bin, l.expected_milli, l.counted_milli
         FROM stock_count_lines l
         JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         JOIN stock_counts c ON c.company_id = l.company_id AND c.id = l.count_id
         LEFT JOIN item_bins ib ON ib.company_id = l.company_id AND ib.item_id = l.item_id AND ib.warehouse_id = c.warehouse_id
         WHERE l.company_id = $1 AND l.count_id = $2 ORDER BY ib.bin, i.item_no",
    )
    .bind(company_id)
    .bind(count_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(CountLine {
                item_no: get(r, "item_no")?,
                description: get(r, "description")?,
                unit: get(r, "unit")?,
                bin: get(r, "bin")?,
                expected: qty(r, "expected_milli")?,
                counted: get::<Option<i64>>(r, "counted_milli")?.map(crate::core::quantity::from_milli),
            })
        })
        .collect()
}
