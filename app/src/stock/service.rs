//! Stock operations started by users: adjustments and transfers. Each is one
//! transaction through the ledger interface.

use super::model::{parse_date, parse_qty, AdjustmentInput, NewMove, Origin, OriginKind, Reason, TransferInput};
use super::posting::post_moves;
use super::store::ledger;
use crate::auth::service::AuthCtx;
use crate::catalog::model::ItemKind;
use crate::catalog::store as items;
use crate::db::{db_err, Db};
use crate::error::{AppError, AppResult};

async fn stock_item(db: &Db, company_id: i64, item_no: &str) -> AppResult<crate::catalog::model::Item> {
    let item = items::by_no(&db.pool, company_id, item_no.trim()).await?;
    if item.kind != ItemKind::Stock {
        return Err(AppError::invalid(format!("{} is not a stock item", item.item_no)));
    }
    Ok(item)
}

/// Adjusts on-hand by a signed quantity with a reason. Incoming adjustments are
/// valued at the item's purchase price.
pub async fn adjust(db: &Db, ctx: &AuthCtx, input: &AdjustmentInput) -> AppResult<()> {
    let (company_id, user_id) = (ctx.company_id, ctx.user_id);
    let qty = parse_qty(&input.qty, true, ctx.lang)?;
    let reason = Reason::parse(&input.reason)?;
    let date = parse_date(&input.date, ctx.today())?;
    let item = stock_item(db, company_id, &input.item_no).await?;
    let mut tx = db.begin().await?;
    let wh = items::warehouse_id(&mut *tx, company_id, &input.warehouse).await?;
    let m = NewMove {
        item_id: item.id,
        warehouse_id: wh,
        qty,
        date,
        unit_cost: item.purchase_price,
        origin: Origin::new(OriginKind::Adjustment, 0, 0),
        reason: reason.code().into(),
    };
    post_moves(&mut tx, company_id, user_id, &item.item_no, &format!("{} {}", item.item_no, item.description), &[m]).await?;
    tx.commit().await.map_err(db_err)
}

/// Moves stock between two warehouses: an out and an in move at the same cost.
pub async fn transfer(db: &Db, ctx: &AuthCtx, input: &TransferInput) -> AppResult<()> {
    let (company_id, user_id) = (ctx.company_id, ctx.user_id);
    let qty = parse_qty(&input.qty, false, ctx.lang)?;
    let date = parse_date(&input.date, ctx.today())?;
    let item = stock_item(db, company_id, &input.item_no).await?;
    let mut tx = db.begin().await?;
    let from = items::warehouse_id(&mut *tx, company_id, &input.from_warehouse).await?;
    let to = items::warehouse_id(&mut *tx, company_id, &input.to_warehouse).await?;
    if from == to {
        return Err(AppError::invalid("Choose two different warehouses"));
    }
    let cost = crate::core::quantity::cost_from_e4(ledger::average_costs(&mut tx, company_id, &[item.id]).await?.get(&item.id).copied().unwrap_or(0));
    let origin = Origin::new(OriginKind::Transfer, 0, 0);
    let out = NewMove { item_id: item.id, warehouse_id: from, qty: -qty, date, unit_cost: cost, origin: origin.clone(), reason: String::new() };
    let inn = NewMove { warehouse_id: to, qty, origin, ..out.clone() };
    post_moves(
        &mut tx,
        company_id,
        user_id,
        &item.item_no,
        &format!("{} {} → {}", item.item_no, input.from_warehouse.trim(), input.to_warehouse.trim()),
        &[out, inn],
    )
    .await?;
    tx.commit().await.map_err(db_err)
}
