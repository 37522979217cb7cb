//! Stocktaking: start a count (freezing expected quantities), enter counted
//! quantities, post the differences as moves through the ledger.
use rust_decimal::Decimal;
use sqlx::{AnyPool, Row};

use super::ledger;
use super::model::{CountLine, CountSheet, CountSummary, NewMove, Origin};
use crate::core::quantity::{from_milli, to_milli};
use crate::db::{db_err, now_ms, Db};
use crate::error::{AppError, AppResult};

pub async fn start(db: &Db, company_id: i64, user_id: i64, warehouse: &str, filter: &str) -> AppResult<i64> {
    let filter = crate::core::text::optional("Filter", filter, 50)?;
    let mut tx = db.begin().await?;
    let wh = crate::catalog::store::warehouse_id(&mut *tx, company_id, warehouse).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO stock_counts (company_id, warehouse_id, filter, status, started_at, started_by) VALUES ($1, $2, $3, 'open', $4, $5) RETURNING id",
    )
    .bind(company_id)
    .bind(wh)
    .bind(&filter)
    .bind(now_ms())
    .bind(user_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    let pattern = format!("%{}%", filter.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let n = sqlx::query(
        "INSERT INTO stock_count_lines (company_id, count_id, item_id, expected_milli)
         SELECT i.company_id, $2, i.id, COALESCE(b.physical_milli, 0) FROM items i
         LEFT JOIN stock_balances b ON b.company_id = i.company_id AND b.item_id = i.id AND b.warehouse_id = $3
         WHERE i.company_id = $1 AND i.kind = 'stock' AND i.active = 1
           AND ($4 = '%%' OR LOWER(i.item_no) LIKE $4 ESCAPE '\\' OR LOWER(i.description) LIKE $4 ESCAPE '\\')",
    )
    .bind(company_id)
    .bind(id)
    .bind(wh)
    .bind(&pattern)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?
    .rows_affected();
    if n == 0 {
        return Err(AppError::invalid("No active stock items match; nothing to count"));
    }
    tx.commit().await.map_err(db_err)?;
    Ok(id)
}

/// Records a counted quantity (or clears it with `None`) on an open count.
pub async fn set_counted(db: &Db, company_id: i64, count_id: i64, item_no: &str, counted: Option<Decimal>) -> AppResult<()> {
    let milli = counted.map(|c| to_milli("Quantity", c)).transpose()?;
    let n = sqlx::query(
        "UPDATE stock_count_lines SET counted_milli = $4
         WHERE company_id = $1 AND count_id = $2
           AND item_id = (SELECT id FROM items WHERE company_id = $1 AND item_no = $3)
           AND EXISTS (SELECT 1 FROM stock_counts c WHERE c.company_id = $1 AND c.id = $2 AND c.status = 'open')",
    )
    .bind(company_id)
    .bind(count_id)
    .bind(item_no)
    .bind(milli)
    .execute(&db.pool)
    .await
    .map_err(db_err)?
    .rows_affected();
    if n == 0 {
        return Err(AppError::not_found(format!("{item_no} is not on open count {count_id}")));
    }
    Ok(())
}

/// Posts the differences of a count as moves, in one transaction; answers how many.
pub async fn post(db: &Db, company_id: i64, user_id: i64, count_id: i64) -> AppResult<usize> {
    let mut tx = db.begin().await?;
    let wh: Option<i64> = sqlx::query_scalar(
        "UPDATE stock_counts SET status = 'posted', posted_at = $3 WHERE company_id = $1 AND id = $2 AND status = 'open' RETURNING warehouse_id",
    )
    .bind(company_id)
    .bind(count_id)
    .bind(now_ms())
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let wh = wh.ok_or_else(|| AppError::not_found(format!("No open count {count_id}")))?;
    let rows = sqlx::query(
        "SELECT l.item_id, l.counted_milli - l.expected_milli, i.purchase_price_minor FROM stock_count_lines l
         JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         WHERE l.company_id = $1 AND l.count_id = $2 AND l.counted_milli IS NOT NULL AND l.counted_milli <> l.expected_milli",
    )
    .bind(company_id)
    .bind(count_id)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_err)?;
    let today = crate::setup::store::today(&mut *tx, company_id).await?;
    let moves: Vec<NewMove> = rows
        .into_iter()
        .map(|r| {
            let item_id: i64 = r.get(0);
            NewMove {
                item_id,
                warehouse_id: wh,
                qty: from_milli(r.get(1)),
                date: today,
                unit_cost: crate::core::money::from_minor(r.get(2)),
                origin: Origin::new("stock_count", count_id, 0),
                reason: "stocktaking".into(),
            }
        })
        .collect();
    let n = moves.len();
    ledger::post_moves(&mut tx, company_id, user_id, &moves).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(n)
}

const SUMMARY: &str = "SELECT c.id, w.code, c.filter, c.status, c.started_at,
        (SELECT COUNT(*) FROM stock_count_lines l WHERE l.company_id = c.company_id AND l.count_id = c.id),
        (SELECT COUNT(*) FROM stock_count_lines l WHERE l.company_id = c.company_id AND l.count_id = c.id AND l.counted_milli IS NOT NULL)
     FROM stock_counts c JOIN warehouses w ON w.company_id = c.company_id AND w.id = c.warehouse_id WHERE c.company_id = $1";

fn summary(r: sqlx::any::AnyRow) -> CountSummary {
    CountSummary { id: r.get(0), warehouse_code: r.get(1), filter: r.get(2), status: r.get(3), started_at: r.get(4), lines: r.get(5), counted: r.get(6) }
}

pub async fn list(pool: &AnyPool, company_id: i64) -> AppResult<Vec<CountSummary>> {
    let rows = sqlx::query(&format!("{SUMMARY} ORDER BY c.id DESC LIMIT 100")).bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    Ok(rows.into_iter().map(summary).collect())
}

pub async fn sheet(pool: &AnyPool, company_id: i64, count_id: i64) -> AppResult<CountSheet> {
    let s = sqlx::query(&format!("{SUMMARY} AND c.id = $2"))
        .bind(company_id)
        .bind(count_id)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?
        .map(summary)
        .ok_or_else(|| AppError::not_found(format!("No count {count_id}")))?;
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
    let lines = rows
        .into_iter()
        .map(|r| CountLine {
            item_no: r.get(0),
            description: r.get(1),
            unit: r.get(2),
            bin: r.get(3),
            expected: from_milli(r.get(4)),
            counted: r.get::<Option<i64>, _>(5).map(from_milli),
        })
        .collect();
    Ok(CountSheet { summary: s, lines })
}
