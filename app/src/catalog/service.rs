//! Writes to the item register, one transaction each: the one path for the server
//! functions and API v1 alike (both are thin adapters over these calls).
use super::model::{Item, ItemInput};
use super::store;
use crate::auth::service::AuthCtx;
use crate::core::event::{Event, EventKind};
use crate::db::{db_err, Db};
use crate::error::AppResult;

/// An item's event: its number, name, sales price and VAT code, kind and status.
pub fn event(company_id: i64, kind: EventKind, i: &Item) -> Event {
    let data = serde_json::json!({
        "item_no": i.item_no, "description": i.description, "unit": i.unit, "sales_price": i.sales_price.to_string(), "vat_code": i.vat_code,
        "barcode": i.barcode, "kind": i.kind.code(), "active": i.active, "item_group": i.item_group,
    });
    Event::new(company_id, kind, &i.item_no, data)
}

/// Creates an item from the typed input; answers it as stored.
pub async fn create(db: &Db, ctx: &AuthCtx, input: &ItemInput) -> AppResult<Item> {
    let item = input.validate(ctx.lang)?;
    let mut tx = db.begin().await?;
    store::insert(&mut tx, ctx.company_id, &item).await?;
    tx.emit(event(ctx.company_id, EventKind::ItemCreated, &item));
    tx.commit().await.map_err(db_err)?;
    store::by_no(&db.pool, ctx.company_id, &item.item_no).await
}

/// Changes the item `no` to the typed input (its number stays); answers it as stored.
pub async fn update(db: &Db, ctx: &AuthCtx, no: &str, input: &ItemInput) -> AppResult<Item> {
    let item = input.validate(ctx.lang)?;
    let old = store::by_no(&db.pool, ctx.company_id, no).await?;
    let mut tx = db.begin().await?;
    store::update(&mut tx, ctx.company_id, no, &item).await?;
    tx.emit(event(ctx.company_id, EventKind::ItemChanged, &item));
    if old.sales_price != item.sales_price {
        tx.emit(event(ctx.company_id, EventKind::PriceChanged, &item));
    }
    tx.commit().await.map_err(db_err)?;
    store::by_no(&db.pool, ctx.company_id, &item.item_no).await
}

/// Sets (or, when empty, removes) the bin location of an item in a warehouse.
pub async fn set_bin(db: &Db, ctx: &AuthCtx, item_no: &str, warehouse: &str, bin: &str) -> AppResult<()> {
    let bin = crate::core::text::optional("Bin", bin, 30)?;
    let item = store::by_no(&db.pool, ctx.company_id, item_no.trim()).await?;
    let mut tx = db.begin().await?;
    let wh = store::warehouse_id(&mut *tx, ctx.company_id, warehouse.trim()).await?;
    store::set_bin(&mut tx, ctx.company_id, item.id, wh, &bin).await?;
    tx.commit().await.map_err(db_err)
}
