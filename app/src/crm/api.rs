//! CRM server functions (Setup → CRM): thin, the work is in `service`.
use leptos::prelude::*;

use super::model::{ConflictRow, CrmInput, CrmSettings, ReviewChoice, ReviewRow, SyncSummary};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, super::store, crate::auth::service::require, crate::auth::Perm};

/// The connection (never its password), or none yet.
#[server(endpoint = "crm/get")]
pub async fn get_crm() -> Result<Option<CrmSettings>, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    store::shown(&db.pool, ctx.company_id).await
}

/// Saves the connection after logging in with it.
#[server(endpoint = "crm/save")]
pub async fn save_crm(input: CrmInput) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    service::save(&db, &ctx, &service::client(), &input).await
}

/// Syncs now and says what was done.
#[server(endpoint = "crm/sync")]
pub async fn sync_crm() -> Result<SyncSummary, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    service::sync_now(&db, &ctx, &service::client()).await
}

/// The CRM records waiting for a person.
#[server(endpoint = "crm/reviews")]
pub async fn crm_reviews() -> Result<Vec<ReviewRow>, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    store::reviews(&db.pool, ctx.company_id).await
}

/// "Link" (to `party_id`) or "create new" for a waiting CRM record.
#[server(endpoint = "crm/resolve")]
pub async fn resolve_crm(crm_id: i64, choice: ReviewChoice, #[server(default)] party_id: Option<i64>) -> Result<SyncSummary, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    service::resolve(&db, &ctx, &service::client(), crm_id, choice, party_id).await
}

/// The latest conflicts: fields changed on both sides, and which side won.
#[server(endpoint = "crm/conflicts")]
pub async fn crm_conflicts() -> Result<Vec<ConflictRow>, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    store::conflicts(&db.pool, ctx.company_id, 100).await
}
