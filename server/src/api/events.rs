//! API v1: the event journal — what happened in the company, in commit order, for
//! integrations that poll rather than take webhooks.
use app::auth::Perm;
use app::db::Db;
use app::error::AppError;
use app::events::model::{query, EventPage};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{auth, ApiResult};

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
    Ok(axum::Json(EventPage { events, next }))
}
