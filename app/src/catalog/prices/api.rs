//! Price list server functions.
use leptos::prelude::*;

use super::model::{ListPrice, PriceList};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::store, crate::auth::service::require, crate::auth::Perm, crate::db::db_err};

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
    let mut l = PriceList::validate(&name, &currency, crate::core::text::flag(active.as_deref()))?;
    l.id = id;
    let mut tx = db.begin().await?;
    let id = store::save(&mut tx, ctx.company_id, &l).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(id)
}

#[server(endpoint = "price-lists/prices/add")]
pub async fn add_list_price(list_id: i64, item_no: String, min_qty: String, price: String, valid_from: String, valid_to: String) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    let (min_qty, price, valid_from, valid_to) = super::model::parse_price(&min_qty, &price, &valid_from, &valid_to, ctx.lang)?;
    store::get(&db.pool, ctx.company_id, list_id).await?;
    let item = crate::catalog::store::by_no(&db.pool, ctx.company_id, item_no.trim()).await?;
    let p = ListPrice { id: 0, item_id: item.id, item_no: item.item_no, min_qty, price, valid_from, valid_to };
    let mut tx = db.begin().await?;
    store::add_price(&mut tx, ctx.company_id, list_id, &p).await?;
    tx.commit().await.map_err(db_err)
}

#[server(endpoint = "price-lists/prices/remove")]
pub async fn remove_list_price(list_id: i64, id: i64) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    let mut tx = db.begin().await?;
    store::remove_price(&mut tx, ctx.company_id, list_id, id).await?;
    tx.commit().await.map_err(db_err)
}
