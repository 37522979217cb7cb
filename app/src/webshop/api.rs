//! Webshop server functions (Setup → Webshop): thin, the work is in `service`.
use leptos::prelude::*;

use super::model::{ImportSummary, ShopOrderRow, Webshop, WebshopInput};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, super::store, crate::auth::service::require, crate::auth::Perm};

/// The connection (never its password), or none yet.
#[server(endpoint = "webshop/get")]
pub async fn get_webshop() -> Result<Option<Webshop>, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    store::shown(&db.pool, ctx.company_id).await
}

#[server(endpoint = "webshop/save")]
pub async fn save_webshop(input: WebshopInput) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    service::save(&db, &ctx, &input).await
}

/// Reads the shop's orders now; `test` only shows what would be imported.
#[server(endpoint = "webshop/import")]
pub async fn import_now(#[server(default)] test: bool) -> Result<ImportSummary, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    service::import_now(&db, &ctx, &super::shop::client(), test).await
}

/// Sends every item's stock and price to the shop again, at once.
#[server(endpoint = "webshop/resync")]
pub async fn resync_webshop() -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    if store::nudge(&db.pool, ctx.company_id, true).await? {
        Ok(())
    } else {
        Err(AppError::not_found("Set up the webshop connection first"))
    }
}

/// Shop orders: those waiting with a problem or a credit note to make first, then the latest.
#[server(endpoint = "webshop/orders")]
pub async fn shop_orders() -> Result<Vec<ShopOrderRow>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::rows(&db.pool, ctx.company_id, 100).await
}
