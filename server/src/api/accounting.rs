//! API v1: the journal — every voucher the postings wrote, for the accounting program
//! — and the trial balance of a period.
use app::accounting::exports::{self, Format};
use app::accounting::model::{TrialRow, Voucher};
use app::accounting::{api::period, store};
use app::auth::Perm;
use app::db::Db;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{auth, ApiError, ApiResult};

/// A period: `from` and `to` as YYYY-MM-DD (default: this year up to today).
#[derive(Deserialize, IntoParams)]
pub struct PeriodQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// The vouchers dated in the period, each with its lines, in date and number order.
#[utoipa::path(get, path = "/api/v1/vouchers", params(PeriodQuery), responses((status = 200, body = Vec<Voucher>)))]
pub async fn vouchers(State(db): State<Db>, headers: HeaderMap, Query(q): Query<PeriodQuery>) -> ApiResult<Vec<Voucher>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let (from, to) = period(&q.from, &q.to, ctx.today())?;
    Ok(axum::Json(store::vouchers(&db.pool, ctx.company_id, from, to).await?))
}

/// When to reverse a voucher (today when absent).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReversalInput {
    #[serde(default)]
    pub date: String,
}

/// Reverse a voucher no document corrects (an opening balance): one voucher of series K
/// with every line's sides swapped. A voucher is reversed once.
#[utoipa::path(post, path = "/api/v1/vouchers/{id}/reversal", params(("id" = String, Path, description = "Voucher id, e.g. IB-2025-1")), request_body = ReversalInput,
    responses((status = 201, body = Voucher), (status = 404, body = super::ErrorBody), (status = 409, body = super::ErrorBody), (status = 422, body = super::ErrorBody)))]
pub async fn reverse(
    State(db): State<Db>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<String>,
    axum::Json(input): axum::Json<ReversalInput>,
) -> Result<(axum::http::StatusCode, axum::Json<Voucher>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Accounting).await?;
    Ok((axum::http::StatusCode::CREATED, axum::Json(app::accounting::service::reverse(&db, &ctx, &id, &input.date).await?)))
}

/// Per account: the balance before the period, its debits and credits, the balance after.
#[utoipa::path(get, path = "/api/v1/trial-balance", params(PeriodQuery), responses((status = 200, body = Vec<TrialRow>)))]
pub async fn trial_balance(State(db): State<Db>, headers: HeaderMap, Query(q): Query<PeriodQuery>) -> ApiResult<Vec<TrialRow>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let (from, to) = period(&q.from, &q.to, ctx.today())?;
    Ok(axum::Json(store::trial_balance(&db.pool, ctx.company_id, from, to).await?))
}

/// An export of the period: checked first (an error answers with its message), then
/// streamed as it is written.
async fn export(db: Db, headers: HeaderMap, q: PeriodQuery, format: Format) -> Result<axum::response::Response, ApiError> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let (from, to) = period(&q.from, &q.to, ctx.today())?;
    let export = exports::prepare(&db, &ctx, format, from, to).await?;
    Ok(crate::web::exports::stream_export(&db, export))
}

/// SAF-T Financial 1.30 of the period (Norwegian companies), valid against the official
/// schema: accounts with grouping codes and balances, customers and suppliers, the tax
/// table and every voucher.
#[utoipa::path(get, path = "/api/v1/exports/saf-t", params(PeriodQuery),
    responses((status = 200, description = "The SAF-T file", content_type = "application/xml", body = String),
              (status = 422, description = "What keeps the period from being reported", body = super::ErrorBody)))]
pub async fn saf_t(State(db): State<Db>, headers: HeaderMap, Query(q): Query<PeriodQuery>) -> Result<axum::response::Response, ApiError> {
    export(db, headers, q, Format::SafT).await
}

/// SIE 4I of the period (code page 437): the vouchers for a Swedish accounting program
/// to import, customers and suppliers as objects of dimensions 8 and 9, with `#KSUMMA`.
#[utoipa::path(get, path = "/api/v1/exports/sie", params(PeriodQuery),
    responses((status = 200, description = "The SIE 4I file", content_type = "text/plain", body = String),
              (status = 422, description = "What keeps the period from being exported", body = super::ErrorBody)))]
pub async fn sie(State(db): State<Db>, headers: HeaderMap, Query(q): Query<PeriodQuery>) -> Result<axum::response::Response, ApiError> {
    export(db, headers, q, Format::Sie).await
}
