//! Webhook server functions (Setup → Webhooks): thin, the rules live in `webhooks`
//! and `delivery`.
use std::collections::HashMap;

use leptos::prelude::*;

use super::webhooks::{DeliveryRow, NewWebhook, Webhook};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::delivery, super::store, super::webhooks::WebhookInput, crate::auth::service::require, crate::auth::Perm};

#[server(endpoint = "webhooks/list")]
pub async fn list_webhooks() -> Result<Vec<Webhook>, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    store::hooks(&db.pool, ctx.company_id).await
}

/// Adds a webhook; `types` holds the ticked event types (none: all).
#[server(endpoint = "webhooks/add")]
pub async fn add_webhook(url: String, #[server(default)] types: HashMap<String, String>) -> Result<NewWebhook, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let mut codes: Vec<&str> = types.keys().map(String::as_str).collect();
    codes.sort_unstable();
    delivery::create(&db, &ctx, &WebhookInput { url, types: codes.join(",") }).await
}

/// Turns a webhook on (tried again at once) or off.
#[server(endpoint = "webhooks/active")]
pub async fn set_webhook_active(id: i64, active: bool) -> Result<Webhook, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let (w, _) = store::hook_by_id(&db.pool, ctx.company_id, id).await?;
    let input = WebhookInput { url: w.url, types: super::webhooks::types_text(&w.types) };
    delivery::update(&db, &ctx, id, &input, active).await
}

#[server(endpoint = "webhooks/remove")]
pub async fn remove_webhook(id: i64) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    delivery::delete(&db, &ctx, id).await
}

/// A webhook's newest attempts.
#[server(endpoint = "webhooks/log")]
pub async fn webhook_log(id: i64) -> Result<Vec<DeliveryRow>, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    store::hook_by_id(&db.pool, ctx.company_id, id).await?;
    store::attempts(&db.pool, ctx.company_id, id, 50).await
}

/// Sends one event to a webhook again, now.
#[server(endpoint = "webhooks/redeliver")]
pub async fn redeliver_event(id: i64, seq: i64) -> Result<DeliveryRow, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    delivery::redeliver(&db, &ctx, id, seq).await
}
