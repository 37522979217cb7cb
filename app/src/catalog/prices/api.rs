//! Price list server functions.
use leptos::prelude::*;

use super::model::{ListPrice, PriceList};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::store, crate::auth::service::require, crate::auth::Perm};

#[server(endpoint = "price-lists")]
pub async fn list_price_lists() -> Result<Vec<PriceList>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::list(&db.pool, ctx.company_id).await
}

#[server(endpoint = "price-lists/get")]
pub async fn get_price_list(id: i64) -> Result<(PriceList, Vec<ListPrice>), AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    Ok((store::get(&db.pool, ctx.company_id, id).await?, store::prices(&db.pool, ctx.company_id, id).await?))
}

/// Creates a price list, or changes the one with `id`.
#[server(endpoint = "price-lists/save")]
pub async fn save_price_list(id: i64, name: String, currency: String, active: Option<String>) -> Result<i64, AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    super::service::save_list(&db, &ctx, id, &name, &currency, crate::core::text::flag(active.as_deref())).await
}

#[server(endpoint = "price-lists/prices/add")]
pub async fn add_list_price(list_id: i64, item_no: String, min_qty: String, price: String, valid_from: String, valid_to: String) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    super::service::add_price(&db, &ctx, list_id, &item_no, &min_qty, &price, &valid_from, &valid_to).await
}

#[server(endpoint = "price-lists/prices/remove")]
pub async fn remove_list_price(list_id: i64, id: i64) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    super::service::remove_price(&db, &ctx, list_id, id).await
}
