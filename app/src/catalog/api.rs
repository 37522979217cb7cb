//! Item server functions: authenticate, authorise, validate, delegate.
use leptos::prelude::*;

use super::model::{Item, ItemInput, ItemPage};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::store, crate::auth::service::require, crate::auth::Perm};

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
    match existing.filter(|e| !e.is_empty()) {
        Some(no) => super::service::update(&db, &ctx, &no, &input).await,
        None => super::service::create(&db, &ctx, &input).await,
    }
}

/// Sets (or, when empty, removes) the bin location of an item in a warehouse.
#[server(endpoint = "items/bin")]
pub async fn save_bin(item_no: String, warehouse: String, bin: String) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Stock).await?;
    super::service::set_bin(&db, &ctx, &item_no, &warehouse, &bin).await
}
