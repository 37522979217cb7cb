//! Stock server functions.
use leptos::prelude::*;

use super::model::{AdjustmentInput, Figures, MoveRow, TransferInput};
use super::profile::ProfileData;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::ledger, super::service, crate::auth::service::require, crate::auth::Perm, crate::catalog::store as items};

/// Figures per warehouse and the latest moves of an item.
#[server(endpoint = "stock/item")]
pub async fn item_stock(item_no: String) -> Result<(Vec<Figures>, Vec<MoveRow>), AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let item = items::by_no(&db.pool, ctx.company_id, &item_no).await?;
    Ok((ledger::figures(&db.pool, ctx.company_id, item.id).await?, ledger::moves(&db.pool, ctx.company_id, item.id, 100).await?))
}

#[server(endpoint = "stock/adjust")]
pub async fn adjust_stock(input: AdjustmentInput) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Stock).await?;
    service::adjust(&db, ctx.company_id, ctx.user_id, &input).await
}

#[server(endpoint = "stock/transfer")]
pub async fn transfer_stock(input: TransferInput) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Stock).await?;
    service::transfer(&db, ctx.company_id, ctx.user_id, &input).await
}

/// Everything the interactive item profile needs, sent once.
#[server(endpoint = "stock/profile")]
pub async fn item_profile(item_no: String) -> Result<ProfileData, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let item = items::by_no(&db.pool, ctx.company_id, &item_no).await?;
    ledger::profile_data(&db.pool, ctx.company_id, &item).await
}

/// The phone lookup: an item by exact number or barcode with its figures.
#[server(endpoint = "stock/lookup")]
pub async fn lookup_stock(code: String) -> Result<Option<(crate::catalog::model::Item, Vec<Figures>)>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    match items::lookup(&db.pool, ctx.company_id, &code).await? {
        Some(item) => {
            let figures = ledger::figures(&db.pool, ctx.company_id, item.id).await?;
            Ok(Some((item, figures)))
        }
        None => Ok(None),
    }
}
