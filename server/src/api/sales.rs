//! API v1: quotes, orders, deliveries and backorders — also the door for webshop
//! orders. The same service as the screens, so the same checks and postings.
use app::auth::Perm;
use app::db::Db;
use app::sales::model::{BackorderLine, ChosenLine, DeliverLine, Delivery, Doc, DocInput};
use app::sales::service;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use rust_decimal::Decimal;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{auth, ApiError, ApiResult, ErrorBody};

/// Create a quote. Item lines are priced by the customer's price list unless a
/// `unit_price` is sent.
#[utoipa::path(post, path = "/api/v1/quotes", request_body = DocInput,
    responses((status = 201, body = Doc), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_quote(State(db): State<Db>, headers: HeaderMap, Json(input): Json<DocInput>) -> Result<(StatusCode, Json<Doc>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Sales).await?;
    Ok((StatusCode::CREATED, Json(service::create_quote(&db, &ctx, &input).await?)))
}

#[utoipa::path(get, path = "/api/v1/quotes/{no}", params(("no" = String, Path, description = "Quote number")),
    responses((status = 200, body = Doc), (status = 404, body = ErrorBody)))]
pub async fn get_quote(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<Doc> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(service::quote(&db, ctx.company_id, ctx.today(), Some(&no), None).await?))
}

/// The lines the customer ordered; `confirm` reserves the stock at once.
#[derive(Deserialize, ToSchema)]
pub struct QuoteToOrder {
    pub lines: Vec<ChosenLine>,
    #[serde(default)]
    pub confirm: bool,
}

/// Copy chosen quote lines (and quantities) to a new order linked to the quote.
#[utoipa::path(post, path = "/api/v1/quotes/{no}/order", params(("no" = String, Path, description = "Quote number")), request_body = QuoteToOrder,
    responses((status = 201, body = Doc), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn quote_to_order(
    State(db): State<Db>,
    headers: HeaderMap,
    Path(no): Path<String>,
    Json(body): Json<QuoteToOrder>,
) -> Result<(StatusCode, Json<Doc>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Sales).await?;
    Ok((StatusCode::CREATED, Json(service::quote_to_order(&db, &ctx, &no, &body.lines, body.confirm).await?)))
}

/// A new order; `confirm` reserves the stock at once.
#[derive(Deserialize, ToSchema)]
pub struct OrderBody {
    #[serde(flatten)]
    pub order: DocInput,
    #[serde(default)]
    pub confirm: bool,
}

/// Create an order (from a webshop, say).
#[utoipa::path(post, path = "/api/v1/orders", params(("Idempotency-Key" = Option<String>, Header, description = "A retried call with the same key and request never creates twice: it answers the first call's answer")), request_body = OrderBody,
    responses((status = 201, body = Doc), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_order(State(db): State<Db>, headers: HeaderMap, Json(body): Json<OrderBody>) -> Result<(StatusCode, Json<Doc>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Sales).await?;
    Ok((StatusCode::CREATED, Json(service::create_order(&db, &ctx, &body.order, body.confirm).await?)))
}

#[utoipa::path(get, path = "/api/v1/orders/{no}", params(("no" = String, Path, description = "Order number")),
    responses((status = 200, body = Doc), (status = 404, body = ErrorBody)))]
pub async fn get_order(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<Doc> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(service::order(&db, ctx.company_id, Some(&no), None).await?))
}

/// Confirm an order: reserves what is outstanding of each stock line.
#[utoipa::path(post, path = "/api/v1/orders/{no}/confirm", params(("no" = String, Path, description = "Order number")),
    responses((status = 200, body = Doc), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn confirm_order(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<Doc> {
    let ctx = auth(&db, &headers, Perm::Sales).await?;
    Ok(Json(service::confirm_order(&db, &ctx, &no).await?))
}

/// Quantity to deliver of one order line.
#[derive(Deserialize, ToSchema)]
pub struct DeliveryQty {
    pub line_no: i64,
    #[schema(value_type = String)]
    pub qty: Decimal,
}

/// A delivery of one order: quantities per line, from a warehouse (empty: the order's).
#[derive(Deserialize, ToSchema)]
pub struct DeliveryBody {
    #[serde(default)]
    pub warehouse: String,
    /// YYYY-MM-DD; empty = today.
    #[serde(default)]
    pub date: String,
    pub lines: Vec<DeliveryQty>,
}

/// Post a delivery: writes the stock moves and consumes the reservations.
#[utoipa::path(post, path = "/api/v1/orders/{no}/deliveries", params(("no" = String, Path, description = "Order number")), request_body = DeliveryBody,
    responses((status = 201, body = Delivery), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn deliver(
    State(db): State<Db>,
    headers: HeaderMap,
    Path(no): Path<String>,
    Json(body): Json<DeliveryBody>,
) -> Result<(StatusCode, Json<Delivery>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Stock).await?;
    let lines: Vec<DeliverLine> = body.lines.iter().map(|l| DeliverLine { order_no: no.clone(), line_no: l.line_no, qty: l.qty }).collect();
    Ok((StatusCode::CREATED, Json(service::deliver(&db, &ctx, &body.warehouse, &body.date, &lines).await?)))
}

/// What each line has delivered and what remains.
#[utoipa::path(get, path = "/api/v1/orders/{no}/backorder", params(("no" = String, Path, description = "Order number")),
    responses((status = 200, body = Vec<BackorderLine>), (status = 404, body = ErrorBody)))]
pub async fn backorder(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<Vec<BackorderLine>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(service::backorder(&db, ctx.company_id, &no).await?))
}
