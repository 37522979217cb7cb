//! Writes to the item register, one transaction each: the one path for the server
//! functions and API v1 alike (both are thin adapters over these calls).
use super::model::{Item, ItemInput};
use super::store;
use crate::auth::service::AuthCtx;
use crate::db::{db_err, Db};
use crate::error::AppResult;

/// Creates an item from the typed input; answers it as stored.
pub async fn create(db: &Db, ctx: &AuthCtx, input: &ItemInput) -> AppResult<Item> {
    let item = input.validate(ctx.lang)?;
    let mut tx = db.begin().await?;
    store::insert(&mut tx, ctx.company_id, &item).await?;
    tx.commit().await.map_err(db_err)?;
    store::by_no(&db.pool, ctx.company_id, &item.item_no).await
}

/// Changes the item `no` to the typed input (its number stays); answers it as stored.
pub async fn update(db: &Db, ctx: &AuthCtx, no: &str, input: &ItemInput) -> AppResult<Item> {
    let item = input.validate(ctx.lang)?;
    let mut tx = db.begin().await?;
    store::update(&mut tx, ctx.company_id, no, &item).await?;
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
