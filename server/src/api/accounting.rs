//! API v1: the journal — every voucher the postings wrote, for the accounting program
//! — and the trial balance of a period.
use app::accounting::model::{TrialRow, Voucher};
use app::accounting::{api::period, store};
use app::auth::Perm;
use app::db::Db;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{auth, ApiResult};

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

/// Per account: the balance before the period, its debits and credits, the balance after.
#[utoipa::path(get, path = "/api/v1/trial-balance", params(PeriodQuery), responses((status = 200, body = Vec<TrialRow>)))]
pub async fn trial_balance(State(db): State<Db>, headers: HeaderMap, Query(q): Query<PeriodQuery>) -> ApiResult<Vec<TrialRow>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let (from, to) = period(&q.from, &q.to, ctx.today())?;
    Ok(axum::Json(store::trial_balance(&db.pool, ctx.company_id, from, to).await?))
}
