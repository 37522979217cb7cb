//! Item server functions: authenticate, authorise, validate, delegate.
use leptos::prelude::*;

use super::model::{Item, ItemInput, ItemPage};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::store, crate::auth::service::require, crate::auth::Perm, crate::db::db_err};

#[server(endpoint = "items/search")]
pub async fn search_items(q: String, include_inactive: bool, sort: String, page: i64) -> Result<ItemPage, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::search(&db.pool, ctx.company_id, &q, include_inactive, &sort, page, 50).await
}

#[server(endpoint = "items/get")]
pub async fn get_item(item_no: String) -> Result<Item, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::by_no(&db.pool, ctx.company_id, &item_no).await
}

/// Creates an item, or updates it when `existing` names it.
#[server(endpoint = "items/save")]
pub async fn save_item(existing: Option<String>, input: ItemInput) -> Result<Item, AppError> {
    let (db, ctx) = require(Perm::Stock).await?;
    let item = input.validate(ctx.lang)?;
    let mut tx = db.begin().await?;
    match existing.filter(|e| !e.is_empty()) {
        Some(no) => store::update(&mut tx, ctx.company_id, &no, &item).await?,
        None => {
            store::insert(&mut tx, ctx.company_id, &item).await?;
        }
    }
    tx.commit().await.map_err(db_err)?;
    store::by_no(&db.pool, ctx.company_id, &item.item_no).await
}

/// Sets (or, when empty, removes) the bin location of an item in a warehouse.
#[server(endpoint = "items/bin")]
pub async fn save_bin(item_no: String, warehouse: String, bin: String) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Stock).await?;
    let bin = crate::core::text::optional("Bin", &bin, 30)?;
    let item = store::by_no(&db.pool, ctx.company_id, item_no.trim()).await?;
    let mut tx = db.begin().await?;
    let wh = store::warehouse_id(&mut *tx, ctx.company_id, warehouse.trim()).await?;
    store::set_bin(&mut tx, ctx.company_id, item.id, wh, &bin).await?;
    tx.commit().await.map_err(db_err)
}
