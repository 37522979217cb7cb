//! Stocktaking: start a count (freezing expected quantities), enter counted
//! quantities, post the differences as moves through the ledger.
use rust_decimal::Decimal;
use sqlx::AnyPool;

use super::model::{CountSheet, CountSummary, NewMove, Origin, OriginKind};
use super::store::count as store;
use crate::db::{db_err, Db};
use crate::error::{AppError, AppResult};

pub async fn start(db: &Db, company_id: i64, user_id: i64, warehouse: &str, filter: &str) -> AppResult<i64> {
    let filter = crate::core::text::optional("Filter", filter, 50)?;
    let mut tx = db.begin().await?;
    let wh = crate::catalog::store::warehouse_id(&mut *tx, company_id, warehouse).await?;
    let id = store::insert(&mut tx, company_id, user_id, wh, &filter).await?;
    if store::add_lines(&mut tx, company_id, id, wh, &filter).await? == 0 {
        return Err(AppError::invalid("No active stock items match; nothing to count"));
    }
    tx.commit().await.map_err(db_err)?;
    Ok(id)
}

/// Records a counted quantity (or clears it with `None`) on an open count.
pub async fn set_counted(db: &Db, company_id: i64, count_id: i64, item_no: &str, counted: Option<Decimal>) -> AppResult<()> {
    let milli = counted.map(|c| crate::db::codec::milli("Quantity", c)).transpose()?;
    if !store::set_counted(&db.pool, company_id, count_id, item_no, milli).await? {
        return Err(AppError::not_found(format!("{item_no} is not on open count {count_id}")));
    }
    Ok(())
}

/// Posts the differences of a count as moves, in one transaction; answers how many.
pub async fn post(db: &Db, company_id: i64, user_id: i64, count_id: i64) -> AppResult<usize> {
    let mut tx = db.begin().await?;
    let wh = store::mark_posted(&mut tx, company_id, count_id).await?.ok_or_else(|| AppError::not_found(format!("No open count {count_id}")))?;
    let today = crate::setup::store::today(&mut *tx, company_id).await?;
    let moves: Vec<NewMove> = store::differences(&mut tx, company_id, count_id)
        .await?
        .into_iter()
        .map(|d| NewMove {
            item_id: d.item_id,
            warehouse_id: wh,
            qty: d.diff,
            date: today,
            unit_cost: d.purchase_price,
            origin: Origin::new(OriginKind::StockCount, count_id, 0),
            reason: "stocktaking".into(),
        })
        .collect();
    let n = moves.len();
    crate::stock::posting::post_moves(&mut tx, company_id, user_id, &count_id.to_string(), &count_id.to_string(), &moves).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(n)
}

pub async fn list(pool: &AnyPool, company_id: i64) -> AppResult<Vec<CountSummary>> {
    store::list(pool, company_id).await
}

pub async fn sheet(pool: &AnyPool, company_id: i64, count_id: i64) -> AppResult<CountSheet> {
    let summary = store::summary_of(pool, company_id, count_id).await?.ok_or_else(|| AppError::not_found(format!("No count {count_id}")))?;
    Ok(CountSheet { summary, lines: store::lines(pool, company_id, count_id).await? })
}
