//! API v1: change lists — each register's rows changed after a time, oldest change
//! first, a page at a time behind a cursor. A client that keeps the last
//! `next_cursor` and asks again from it sees every change; a row changed again comes
//! again. A change stamped inside a transaction that commits late can carry an
//! earlier time than rows already read: ask from a cursor a few seconds back (or read
//! `/events`, which is in commit order) where no change may be missed.
use std::future::Future;

use app::auth::{service::AuthCtx, Perm};
use app::catalog::model::Item;
use app::core::sync::{query, SyncFrom, SyncPage};
use app::db::Db;
use app::error::{AppError, AppResult};
use app::invoicing::model::InvoiceRow;
use app::parties::model::{PartyKind, PartyRow};
use app::purchasing::model::PoRow;
use app::sales::model::{DeliveryRow, OrderRow};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{auth, ApiResult};

#[derive(Deserialize, IntoParams)]
pub struct ChangeQuery {
    /// Rows changed after this time (RFC 3339, or a date: midnight UTC); empty: from the start.
    #[serde(default)]
    pub updated_after: String,
    /// `next_cursor` of the last page (wins over updated_after).
    #[serde(default)]
    pub cursor: String,
    /// Rows per page, 1 to 1000 (default 100).
    #[serde(default)]
    pub limit: String,
}

/// One change list read: the caller may read, the query is sound, `read` gives the
/// rows after the cursor (one more than the page).
async fn list<T, F, Fut>(db: Db, headers: HeaderMap, q: ChangeQuery, read: F) -> ApiResult<SyncPage<T>>
where
    F: FnOnce(Db, AuthCtx, SyncFrom, i64) -> Fut,
    Fut: Future<Output = AppResult<Vec<(T, i64, i64)>>>,
{
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let (from, limit) = query(&q.updated_after, &q.cursor, &q.limit).map_err(AppError::Invalid)?;
    let rows = read(db, ctx, from, limit).await?;
    Ok(Json(app::core::sync::page(rows, from, limit)))
}

/// Orders changed after a time or cursor (created, changed, confirmed, delivered, invoiced, cancelled).
#[utoipa::path(get, path = "/api/v1/orders", params(ChangeQuery), responses((status = 200, body = SyncPage<OrderRow>)))]
pub async fn orders(State(db): State<Db>, headers: HeaderMap, Query(q): Query<ChangeQuery>) -> ApiResult<SyncPage<OrderRow>> {
    list(db, headers, q, |db, ctx, from, limit| async move { app::sales::store::orders_changed(&db.pool, ctx.company_id, from, limit).await }).await
}

/// Quotes changed after a time or cursor (a quote's status is as of today).
#[utoipa::path(get, path = "/api/v1/quotes", params(ChangeQuery), responses((status = 200, body = SyncPage<OrderRow>)))]
pub async fn quotes(State(db): State<Db>, headers: HeaderMap, Query(q): Query<ChangeQuery>) -> ApiResult<SyncPage<OrderRow>> {
    list(db, headers, q, |db, ctx, from, limit| async move { app::sales::store::quotes_changed(&db.pool, ctx.company_id, ctx.today(), from, limit).await })
        .await
}

/// Deliveries posted after a time or cursor, with their lines.
#[utoipa::path(get, path = "/api/v1/deliveries", params(ChangeQuery), responses((status = 200, body = SyncPage<DeliveryRow>)))]
pub async fn deliveries(State(db): State<Db>, headers: HeaderMap, Query(q): Query<ChangeQuery>) -> ApiResult<SyncPage<DeliveryRow>> {
    list(db, headers, q, |db, ctx, from, limit| async move { app::sales::store::deliveries_changed(&db.pool, ctx.company_id, from, limit).await }).await
}

/// Invoices and credit notes changed after a time or cursor (posted, paid, reminded, disputed, sent).
#[utoipa::path(get, path = "/api/v1/invoices", params(ChangeQuery), responses((status = 200, body = SyncPage<InvoiceRow>)))]
pub async fn invoices(State(db): State<Db>, headers: HeaderMap, Query(q): Query<ChangeQuery>) -> ApiResult<SyncPage<InvoiceRow>> {
    list(db, headers, q, |db, ctx, from, limit| async move { app::invoicing::store::changed(&db.pool, ctx.company_id, from, limit).await }).await
}

/// Purchase orders changed after a time or cursor.
#[utoipa::path(get, path = "/api/v1/purchase-orders", params(ChangeQuery), responses((status = 200, body = SyncPage<PoRow>)))]
pub async fn purchase_orders(State(db): State<Db>, headers: HeaderMap, Query(q): Query<ChangeQuery>) -> ApiResult<SyncPage<PoRow>> {
    list(db, headers, q, |db, ctx, from, limit| async move { app::purchasing::store::changed(&db.pool, ctx.company_id, from, limit).await }).await
}

/// Items changed after a time or cursor, inactive ones too (`GET /items` searches).
#[utoipa::path(get, path = "/api/v1/item-changes", params(ChangeQuery), responses((status = 200, body = SyncPage<Item>)))]
pub async fn items(State(db): State<Db>, headers: HeaderMap, Query(q): Query<ChangeQuery>) -> ApiResult<SyncPage<Item>> {
    list(db, headers, q, |db, ctx, from, limit| async move { app::catalog::store::changed(&db.pool, ctx.company_id, from, limit).await }).await
}

/// Customers changed after a time or cursor (`GET /customers` searches).
#[utoipa::path(get, path = "/api/v1/customer-changes", params(ChangeQuery), responses((status = 200, body = SyncPage<PartyRow>)))]
pub async fn customers(State(db): State<Db>, headers: HeaderMap, Query(q): Query<ChangeQuery>) -> ApiResult<SyncPage<PartyRow>> {
    list(db, headers, q, |db, ctx, from, limit| async move { app::parties::store::changed(&db.pool, ctx.company_id, PartyKind::Customer, from, limit).await })
        .await
}

/// Suppliers changed after a time or cursor (`GET /suppliers` searches).
#[utoipa::path(get, path = "/api/v1/supplier-changes", params(ChangeQuery), responses((status = 200, body = SyncPage<PartyRow>)))]
pub async fn suppliers(State(db): State<Db>, headers: HeaderMap, Query(q): Query<ChangeQuery>) -> ApiResult<SyncPage<PartyRow>> {
    list(db, headers, q, |db, ctx, from, limit| async move { app::parties::store::changed(&db.pool, ctx.company_id, PartyKind::Supplier, from, limit).await })
        .await
}
