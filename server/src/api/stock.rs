//! API v1: items and stock.
use app::auth::Perm;
use app::catalog::model::{Item, ItemInput, ItemPage};
use app::catalog::prices::model::LinePrice;
use app::catalog::store as items;
use app::db::Db;
use app::error::AppError;
use app::stock::model::{AdjustmentInput, Figures, PerpetualSetting, TransferInput};
use app::stock::service;
use app::stock::store::ledger;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{auth, ApiError, ApiResult, ErrorBody};

#[derive(Deserialize, IntoParams)]
pub struct ItemQuery {
    /// Text in number, description, or an exact barcode.
    #[serde(default)]
    q: String,
    #[serde(default)]
    include_inactive: bool,
    /// item_no (default), -item_no, description, sales_price, -sales_price
    #[serde(default)]
    sort: String,
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    per_page: Option<i64>,
}

/// Search items, paged.
#[utoipa::path(get, path = "/api/v1/items", params(ItemQuery), responses((status = 200, body = ItemPage), (status = 401, body = ErrorBody)))]
pub async fn list_items(State(db): State<Db>, headers: HeaderMap, Query(q): Query<ItemQuery>) -> ApiResult<ItemPage> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(items::search(&db.pool, ctx.company_id, &q.q, q.include_inactive, &q.sort, q.page.unwrap_or(1), q.per_page.unwrap_or(50)).await?))
}

/// Create an item.
#[utoipa::path(post, path = "/api/v1/items", request_body = ItemInput,
    responses((status = 201, body = Item), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_item(State(db): State<Db>, headers: HeaderMap, Json(input): Json<ItemInput>) -> Result<(StatusCode, Json<Item>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Stock).await?;
    Ok((StatusCode::CREATED, Json(app::catalog::service::create(&db, &ctx, &input).await?)))
}

/// One item by number.
#[utoipa::path(get, path = "/api/v1/items/{item_no}", params(("item_no" = String, Path)), responses((status = 200, body = Item), (status = 404, body = ErrorBody)))]
pub async fn get_item(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<Item> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(items::by_no(&db.pool, ctx.company_id, &no).await?))
}

/// Change an item: the fields sent replace the current ones (item_no cannot change).
#[utoipa::path(patch, path = "/api/v1/items/{item_no}", params(("item_no" = String, Path)), request_body = ItemInput,
    responses((status = 200, body = Item), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch_item(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>, Json(patch): Json<serde_json::Value>) -> ApiResult<Item> {
    let ctx = auth(&db, &headers, Perm::Stock).await?;
    let current = items::by_no(&db.pool, ctx.company_id, &no).await?;
    let input: ItemInput = super::merge_patch(&current.to_input(), patch, &[("item_no", no.as_str())])?;
    Ok(Json(app::catalog::service::update(&db, &ctx, &no, &input).await?))
}

/// Stock figures of an item per warehouse.
#[utoipa::path(get, path = "/api/v1/items/{item_no}/stock", params(("item_no" = String, Path)), responses((status = 200, body = Vec<Figures>), (status = 404, body = ErrorBody)))]
pub async fn item_stock(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<Vec<Figures>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let item = items::by_no(&db.pool, ctx.company_id, &no).await?;
    Ok(Json(ledger::figures(&db.pool, ctx.company_id, item.id).await?))
}

/// The item profile: every posted move and open planned move, for a timeline and chart.
#[utoipa::path(get, path = "/api/v1/items/{item_no}/profile", params(("item_no" = String, Path)),
    responses((status = 200, body = app::stock::profile::ProfileData), (status = 404, body = ErrorBody)))]
pub async fn item_profile(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<app::stock::profile::ProfileData> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let item = items::by_no(&db.pool, ctx.company_id, &no).await?;
    Ok(Json(ledger::profile_data(&db.pool, ctx.company_id, &item).await?))
}

/// Adjust stock by a signed quantity with a reason.
#[utoipa::path(post, path = "/api/v1/stock/adjustments", request_body = AdjustmentInput,
    responses((status = 204), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn adjust(State(db): State<Db>, headers: HeaderMap, Json(input): Json<AdjustmentInput>) -> Result<StatusCode, ApiError> {
    let ctx = auth(&db, &headers, Perm::Stock).await?;
    service::adjust(&db, &ctx, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether the company keeps perpetual inventory.
#[utoipa::path(get, path = "/api/v1/stock/perpetual-inventory", responses((status = 200, body = PerpetualSetting)))]
pub async fn perpetual(State(db): State<Db>, headers: HeaderMap) -> ApiResult<PerpetualSetting> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(PerpetualSetting { on: app::stock::posting::perpetual(&db, ctx.company_id).await? }))
}

/// Turns perpetual inventory on (the inventory account is first brought to the stock's
/// value by one voucher) or off.
#[utoipa::path(put, path = "/api/v1/stock/perpetual-inventory", request_body = PerpetualSetting,
    responses((status = 200, body = PerpetualSetting), (status = 422, body = ErrorBody)))]
pub async fn set_perpetual(State(db): State<Db>, headers: HeaderMap, Json(input): Json<PerpetualSetting>) -> ApiResult<PerpetualSetting> {
    let ctx = auth(&db, &headers, Perm::Setup).await?;
    app::stock::posting::set_perpetual(&db, &ctx, input.on).await?;
    Ok(Json(input))
}

/// Move stock between two warehouses.
#[utoipa::path(post, path = "/api/v1/stock/transfers", request_body = TransferInput,
    responses((status = 204), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transfer(State(db): State<Db>, headers: HeaderMap, Json(input): Json<TransferInput>) -> Result<StatusCode, ApiError> {
    let ctx = auth(&db, &headers, Perm::Stock).await?;
    service::transfer(&db, &ctx, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
pub struct ValuationQuery {
    /// YYYY-MM-DD, inclusive; today when absent.
    #[serde(default)]
    as_of: String,
    /// A warehouse code; all when absent.
    #[serde(default)]
    warehouse: String,
}

/// Stock value per item and warehouse as of a date, with the total.
#[utoipa::path(get, path = "/api/v1/stock/valuation", params(ValuationQuery),
    responses((status = 200, body = app::stock::valuation::ValuationReport), (status = 422, body = ErrorBody)))]
pub async fn valuation(State(db): State<Db>, headers: HeaderMap, Query(q): Query<ValuationQuery>) -> ApiResult<app::stock::valuation::ValuationReport> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let date = app::stock::model::parse_date(&q.as_of, ctx.today()).map_err(AppError::Invalid)?;
    let wh = if q.warehouse.trim().is_empty() { None } else { Some(items::warehouse_id(&db.pool, ctx.company_id, &q.warehouse).await?) };
    Ok(Json(ledger::valuation(&db, ctx.company_id, date, wh).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct PriceQuery {
    /// Customer number; their price list applies. The item price when absent.
    #[serde(default)]
    customer: String,
    /// Quantity for the quantity breaks; 1 when absent.
    #[serde(default)]
    qty: String,
    /// YYYY-MM-DD; today when absent.
    #[serde(default)]
    date: String,
}

/// The unit price of an item for a customer, quantity and date: the customer's
/// price list (highest quantity break valid that day), else the item's price.
#[utoipa::path(get, path = "/api/v1/items/{item_no}/price", params(("item_no" = String, Path), PriceQuery),
    responses((status = 200, body = LinePrice), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn item_price(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>, Query(q): Query<PriceQuery>) -> ApiResult<LinePrice> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let item = items::by_no(&db.pool, ctx.company_id, &no).await?;
    let qty = if q.qty.trim().is_empty() { rust_decimal::Decimal::ONE } else { app::stock::model::parse_qty(&q.qty, false, ctx.lang)? };
    let date = app::stock::model::parse_date(&q.date, ctx.today())?;
    let list = match q.customer.trim() {
        "" => None,
        c => app::parties::store::by_no(&db.pool, ctx.company_id, app::parties::model::PartyKind::Customer, c).await?.price_list_id,
    };
    Ok(Json(app::catalog::prices::store::line_price(&db.pool, ctx.company_id, &item, list, qty, date).await?))
}
