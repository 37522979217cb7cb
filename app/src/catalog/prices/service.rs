//! Writes to the price lists, one transaction each.
use super::model::{ListPrice, PriceList};
use super::store;
use crate::auth::service::AuthCtx;
use crate::db::{db_err, Db};
use crate::error::AppResult;

/// Creates a price list (`id` 0) or changes the one with `id`; answers its id.
pub async fn save_list(db: &Db, ctx: &AuthCtx, id: i64, name: &str, currency: &str, active: bool) -> AppResult<i64> {
    let mut l = PriceList::validate(name, currency, active)?;
    l.id = id;
    let mut tx = db.begin().await?;
    let id = store::save(&mut tx, ctx.company_id, &l).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(id)
}

/// Adds an item price (with its quantity break and validity) to a list.
#[allow(clippy::too_many_arguments)]
pub async fn add_price(db: &Db, ctx: &AuthCtx, list_id: i64, item_no: &str, min_qty: &str, price: &str, valid_from: &str, valid_to: &str) -> AppResult<()> {
    let (min_qty, price, valid_from, valid_to) = super::model::parse_price(min_qty, price, valid_from, valid_to, ctx.lang)?;
    store::get(&db.pool, ctx.company_id, list_id).await?;
    let item = crate::catalog::store::by_no(&db.pool, ctx.company_id, item_no.trim()).await?;
    let p = ListPrice { id: 0, item_id: item.id, item_no: item.item_no, min_qty, price, valid_from, valid_to };
    let mut tx = db.begin().await?;
    store::add_price(&mut tx, ctx.company_id, list_id, &p).await?;
    tx.emit(price_event(ctx.company_id, list_id, &p.item_no));
    tx.commit().await.map_err(db_err)
}

/// A price list's prices of an item changed.
fn price_event(company_id: i64, list_id: i64, item_no: &str) -> crate::core::event::Event {
    let data = serde_json::json!({"item_no": item_no, "price_list": list_id});
    crate::core::event::Event::new(company_id, crate::core::event::EventKind::PriceChanged, item_no, data)
}

/// Removes an item price from a list.
pub async fn remove_price(db: &Db, ctx: &AuthCtx, list_id: i64, id: i64) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let item_no = store::remove_price(&mut tx, ctx.company_id, list_id, id).await?;
    tx.emit(price_event(ctx.company_id, list_id, &item_no));
    tx.commit().await.map_err(db_err)
}
