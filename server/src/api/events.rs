//! API v1: the event journal — what happened in the company, in commit order, for
//! integrations that poll rather than take webhooks.
use app::auth::Perm;
use app::db::Db;
use app::error::AppError;
use app::events::model::{query, EventPage};
use app::events::webhooks::{types_text, DeliveryRow, NewWebhook, Webhook, WebhookInput};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{auth, ApiError, ApiResult, ErrorBody};

#[derive(Deserialize, IntoParams)]
pub struct EventsQuery {
    /// The `seq` of the last event read (or `next` of the last page); empty: from the start.
    #[serde(default)]
    pub after: String,
    /// Event types separated by commas (`stock_changed,order_created`); empty: all.
    #[serde(default)]
    pub types: String,
    /// Events per page, 1 to 1000 (default 100).
    #[serde(default)]
    pub limit: String,
}

/// The company's events after a cursor, oldest first. An event is there once its
/// posting has committed, and never changes; a later commit always has a higher seq.
#[utoipa::path(get, path = "/api/v1/events", params(EventsQuery), responses((status = 200, body = EventPage)))]
pub async fn events(State(db): State<Db>, headers: HeaderMap, Query(q): Query<EventsQuery>) -> ApiResult<EventPage> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let (after, kinds, limit) = query(&q.after, &q.types, &q.limit).map_err(AppError::Invalid)?;
    let events = app::events::store::page(&db.pool, ctx.company_id, after, &kinds, limit).await?;
    let next = events.last().map(|e| e.seq).unwrap_or(after);
    Ok(Json(EventPage { events, next }))
}

/// A webhook's id from the path (what is not one is no webhook: 404).
fn hook_id(id: &str) -> Result<i64, ApiError> {
    id.trim().parse().map_err(|_| ApiError(AppError::not_found(format!("No webhook {id} in this company"))))
}

/// The company's webhooks, each with how it fares (failures, next attempt, why it was disabled).
#[utoipa::path(get, path = "/api/v1/webhooks", responses((status = 200, body = Vec<Webhook>)))]
pub async fn webhooks(State(db): State<Db>, headers: HeaderMap) -> ApiResult<Vec<Webhook>> {
    let ctx = auth(&db, &headers, Perm::Setup).await?;
    Ok(Json(app::events::store::hooks(&db.pool, ctx.company_id).await?))
}

/// Add a webhook: it is sent the company's events from now on, in order, each signed
/// (`Flyt-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the
/// secret answered here once), at least once (`Flyt-Delivery` names the event: a receiver
/// drops what it has seen). A 2xx answer takes it; anything else is tried again with a
/// growing pause, and a webhook failing for a day is disabled.
#[utoipa::path(post, path = "/api/v1/webhooks", request_body = WebhookInput, responses((status = 201, body = NewWebhook), (status = 422, body = ErrorBody)))]
pub async fn create_webhook(State(db): State<Db>, headers: HeaderMap, Json(input): Json<WebhookInput>) -> Result<(StatusCode, Json<NewWebhook>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Setup).await?;
    Ok((StatusCode::CREATED, Json(app::events::delivery::create(&db, &ctx, &input).await?)))
}

/// A change of a webhook: any of its address, types and state (`active`: true turns a
/// disabled webhook on again and tries it at once).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct WebhookPatch {
    pub url: Option<String>,
    /// Event types separated by commas (empty: all).
    pub types: Option<String>,
    pub active: Option<bool>,
}

/// Change a webhook.
#[utoipa::path(patch, path = "/api/v1/webhooks/{id}", params(("id" = i64, Path)), request_body = WebhookPatch,
    responses((status = 200, body = Webhook), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch_webhook(State(db): State<Db>, headers: HeaderMap, Path(id): Path<String>, Json(p): Json<WebhookPatch>) -> ApiResult<Webhook> {
    let ctx = auth(&db, &headers, Perm::Setup).await?;
    let id = hook_id(&id)?;
    let (current, _) = app::events::store::hook_by_id(&db.pool, ctx.company_id, id).await?;
    let input = WebhookInput { url: p.url.unwrap_or(current.url), types: p.types.unwrap_or_else(|| types_text(&current.types)) };
    Ok(Json(app::events::delivery::update(&db, &ctx, id, &input, p.active.unwrap_or(current.active)).await?))
}

/// Remove a webhook and its delivery log.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", params(("id" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_webhook(State(db): State<Db>, headers: HeaderMap, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    let ctx = auth(&db, &headers, Perm::Setup).await?;
    app::events::delivery::delete(&db, &ctx, hook_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A webhook's delivery log, newest first: every attempt with the receiver's answer.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", params(("id" = i64, Path)), responses((status = 200, body = Vec<DeliveryRow>), (status = 404, body = ErrorBody)))]
pub async fn deliveries(State(db): State<Db>, headers: HeaderMap, Path(id): Path<String>) -> ApiResult<Vec<DeliveryRow>> {
    let ctx = auth(&db, &headers, Perm::Setup).await?;
    let id = hook_id(&id)?;
    app::events::store::hook_by_id(&db.pool, ctx.company_id, id).await?;
    Ok(Json(app::events::store::attempts(&db.pool, ctx.company_id, id, 200).await?))
}

/// Which event to send again.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct RedeliverBody {
    pub seq: i64,
}

/// Send one event to the webhook again, now; answers the attempt (logged as manual).
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/deliveries", params(("id" = i64, Path)), request_body = RedeliverBody,
    responses((status = 200, body = DeliveryRow), (status = 404, body = ErrorBody)))]
pub async fn redeliver(State(db): State<Db>, headers: HeaderMap, Path(id): Path<String>, Json(b): Json<RedeliverBody>) -> ApiResult<DeliveryRow> {
    let ctx = auth(&db, &headers, Perm::Setup).await?;
    Ok(Json(app::events::delivery::redeliver(&db, &ctx, hook_id(&id)?, b.seq).await?))
}
