//! API v1: the reorder list, purchase orders and receipts, supplier invoices (JSON
//! or EHF / UBL XML) with their approvals and payment. The same services as the screens.
use app::auth::Perm;
use app::db::Db;
use app::error::AppError;
use app::purchasing::model::*;
use app::purchasing::{ensure_any, payables, service};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{auth, ApiError, ApiResult, ErrorBody};
use crate::web::exports::download;

/// The reorder list: per item and warehouse physical, reserved, incoming (open
/// purchase lines), projected, safety stock and the suggested quantity. Only rows
/// below safety stock unless `all=true`.
#[utoipa::path(get, path = "/api/v1/reorder-list", params(ReorderFilter), responses((status = 200, body = Vec<ReorderRow>)))]
pub async fn reorder_list(State(db): State<Db>, headers: HeaderMap, Query(f): Query<ReorderFilter>) -> ApiResult<Vec<ReorderRow>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(service::reorder_list(&db, ctx.company_id, &f).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ReorderOrderBody {
    pub rows: Vec<ReorderPick>,
}

#[derive(Serialize, ToSchema)]
pub struct Numbers {
    pub purchase_orders: Vec<String>,
}

/// Draft purchase orders from chosen reorder rows, one per supplier and warehouse.
#[utoipa::path(post, path = "/api/v1/reorder-list/orders", request_body = ReorderOrderBody,
    responses((status = 201, body = Numbers), (status = 422, body = ErrorBody)))]
pub async fn order_from_list(State(db): State<Db>, headers: HeaderMap, Json(body): Json<ReorderOrderBody>) -> Result<(StatusCode, Json<Numbers>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Purchasing).await?;
    Ok((StatusCode::CREATED, Json(Numbers { purchase_orders: service::from_reorder_list(&db, &ctx, &body.rows).await? })))
}

/// Create a purchase order; `confirm` sends it at once (planned ins, e-mail with PDF).
#[utoipa::path(post, path = "/api/v1/purchase-orders", request_body = PoInput,
    responses((status = 201, body = PurchaseOrder), (status = 422, body = ErrorBody)))]
pub async fn create_po(State(db): State<Db>, headers: HeaderMap, Json(input): Json<PoInput>) -> Result<(StatusCode, Json<PurchaseOrder>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Purchasing).await?;
    Ok((StatusCode::CREATED, Json(service::create(&db, &ctx, &input).await?)))
}

#[utoipa::path(get, path = "/api/v1/purchase-orders/{no}", params(("no" = String, Path, description = "Purchase order number")),
    responses((status = 200, body = PurchaseOrder), (status = 404, body = ErrorBody)))]
pub async fn get_po(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<PurchaseOrder> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(service::get(&db, ctx.company_id, &no).await?))
}

/// Change a draft purchase order: head and lines are replaced (`confirm` sends it too).
#[utoipa::path(put, path = "/api/v1/purchase-orders/{no}", params(("no" = String, Path, description = "Purchase order number")), request_body = PoInput,
    responses((status = 200, body = PurchaseOrder), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_po(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>, Json(input): Json<PoInput>) -> ApiResult<PurchaseOrder> {
    let ctx = auth(&db, &headers, Perm::Purchasing).await?;
    Ok(Json(service::update_draft(&db, &ctx, &no, &input).await?))
}

/// Send a draft purchase order: planned ins in the stock ledger, the PDF e-mailed.
#[utoipa::path(post, path = "/api/v1/purchase-orders/{no}/send", params(("no" = String, Path, description = "Purchase order number")),
    responses((status = 200, body = PurchaseOrder), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn send_po(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<PurchaseOrder> {
    let ctx = auth(&db, &headers, Perm::Purchasing).await?;
    Ok(Json(service::confirm(&db, &ctx, &no).await?))
}

/// Close a purchase order: what was not received is no longer expected.
#[utoipa::path(post, path = "/api/v1/purchase-orders/{no}/close", params(("no" = String, Path, description = "Purchase order number")),
    responses((status = 200, body = PurchaseOrder), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close_po(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<PurchaseOrder> {
    let ctx = auth(&db, &headers, Perm::Purchasing).await?;
    Ok(Json(service::close(&db, &ctx, &no).await?))
}

/// Post a goods receipt: quantities per line (partial allowed), stock in at the
/// purchase price; more than ordered only with `confirm_over`.
#[utoipa::path(post, path = "/api/v1/purchase-orders/{no}/receipts", params(("no" = String, Path, description = "Purchase order number")), request_body = ReceiptInput,
    responses((status = 201, body = PurchaseOrder), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn receive(
    State(db): State<Db>,
    headers: HeaderMap,
    Path(no): Path<String>,
    Json(input): Json<ReceiptInput>,
) -> Result<(StatusCode, Json<PurchaseOrder>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    ensure_any(&ctx, &[Perm::Purchasing, Perm::Stock])?;
    Ok((StatusCode::CREATED, Json(service::receive(&db, &ctx, &no, &input).await?)))
}

#[utoipa::path(get, path = "/api/v1/purchase-orders/{no}/pdf", params(("no" = String, Path, description = "Purchase order number")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = ErrorBody)))]
pub async fn po_pdf(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> Result<Response, ApiError> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let (name, bytes) = service::pdf(&db, ctx.company_id, Some(&no), None).await?;
    Ok(download("application/pdf", &name, bytes))
}

/// Register a supplier invoice: JSON (`SiInput`), or an EHF / PEPPOL BIS 3 invoice or
/// credit note as the body (`Content-Type: application/xml`). Totals must add up;
/// the supplier is found by number or organisation number.
#[utoipa::path(post, path = "/api/v1/supplier-invoices", request_body(content = SiInput, description = "JSON, or UBL XML with Content-Type application/xml"),
    responses((status = 201, body = SupplierInvoice), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_supplier_invoice(State(db): State<Db>, headers: HeaderMap, body: Bytes) -> Result<(StatusCode, Json<SupplierInvoice>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    ensure_any(&ctx, &[Perm::Purchasing, Perm::Accounting])?;
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let text = std::str::from_utf8(&body).map_err(|_| AppError::invalid("The body is not UTF-8 text"))?;
    let xml = ct.contains("xml") || (!ct.contains("json") && text.trim_start().starts_with('<'));
    let inv = if xml {
        payables::import_ehf(&db, &ctx, text).await?
    } else {
        let input: SiInput = serde_json::from_str(text).map_err(|e| AppError::invalid(format!("The JSON could not be read: {e}")))?;
        payables::register(&db, &ctx, &input, &[], "", None).await?
    };
    Ok((StatusCode::CREATED, Json(inv)))
}

#[derive(Deserialize, IntoParams)]
pub struct PayablesQuery {
    /// Every supplier invoice, not only the open ones.
    #[serde(default)]
    pub all: bool,
}

/// Open payables (waiting for approval or approved, not paid), earliest due first.
#[utoipa::path(get, path = "/api/v1/supplier-invoices", params(PayablesQuery), responses((status = 200, body = Vec<PayableRow>)))]
pub async fn list_supplier_invoices(State(db): State<Db>, headers: HeaderMap, Query(q): Query<PayablesQuery>) -> ApiResult<Vec<PayableRow>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(payables::payables(&db.pool, ctx.company_id, q.all).await?))
}

/// A supplier invoice id from the path, read after authentication (an unknown caller
/// learns nothing, not even that the id was malformed).
fn invoice_id(id: &str) -> Result<i64, ApiError> {
    id.trim().parse().map_err(|_| ApiError(AppError::not_found(format!("No supplier invoice {id}"))))
}

#[utoipa::path(get, path = "/api/v1/supplier-invoices/{id}", params(("id" = i64, Path, description = "Supplier invoice id")),
    responses((status = 200, body = SupplierInvoice), (status = 404, body = ErrorBody)))]
pub async fn get_supplier_invoice(State(db): State<Db>, headers: HeaderMap, Path(id): Path<String>) -> ApiResult<SupplierInvoice> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(payables::get(&db, ctx.company_id, invoice_id(&id)?).await?))
}

/// Approve the next level (by an approver of it who approved no earlier level) or
/// reject with a comment.
#[utoipa::path(post, path = "/api/v1/supplier-invoices/{id}/approvals", params(("id" = i64, Path, description = "Supplier invoice id")), request_body = ApprovalInput,
    responses((status = 200, body = SupplierInvoice), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn approve(State(db): State<Db>, headers: HeaderMap, Path(id): Path<String>, Json(input): Json<ApprovalInput>) -> ApiResult<SupplierInvoice> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(payables::decide(&db, &ctx, invoice_id(&id)?, &input).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct PaymentBody {
    /// YYYY-MM-DD; empty: today.
    #[serde(default)]
    pub date: String,
}

/// Mark an approved supplier invoice paid.
#[utoipa::path(post, path = "/api/v1/supplier-invoices/{id}/payment", params(("id" = i64, Path, description = "Supplier invoice id")), request_body = PaymentBody,
    responses((status = 200, body = SupplierInvoice), (status = 409, body = ErrorBody)))]
pub async fn pay(State(db): State<Db>, headers: HeaderMap, Path(id): Path<String>, Json(body): Json<PaymentBody>) -> ApiResult<SupplierInvoice> {
    let ctx = auth(&db, &headers, Perm::Accounting).await?;
    Ok(Json(payables::mark_paid(&db, &ctx, invoice_id(&id)?, &body.date).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct ReportQuery {
    /// supplier (default) or item
    #[serde(default)]
    pub by: String,
    /// YYYY-MM-DD, inclusive
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// Purchases (supplier invoices, not rejected) by supplier or item in a period.
#[utoipa::path(get, path = "/api/v1/purchase-report", params(ReportQuery), responses((status = 200, body = Vec<PurchaseReportRow>)))]
pub async fn report(State(db): State<Db>, headers: HeaderMap, Query(q): Query<ReportQuery>) -> ApiResult<Vec<PurchaseReportRow>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(payables::report(&db.pool, ctx.company_id, q.by == "item", &q.from, &q.to).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct LevelBody {
    /// Invoices with a total (incl. VAT) of at least this need the level.
    #[schema(value_type = String)]
    pub min_gross: rust_decimal::Decimal,
    pub approver_ids: Vec<i64>,
}

#[utoipa::path(get, path = "/api/v1/approval-levels", responses((status = 200, body = Vec<ApprovalLevel>)))]
pub async fn get_levels(State(db): State<Db>, headers: HeaderMap) -> ApiResult<Vec<ApprovalLevel>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(payables::levels(&db.pool, ctx.company_id).await?))
}

/// Replace the approval chain: levels 1, 2, … in order of rising amounts.
#[utoipa::path(put, path = "/api/v1/approval-levels", request_body = Vec<LevelBody>, responses((status = 200, body = Vec<ApprovalLevel>), (status = 422, body = ErrorBody)))]
pub async fn put_levels(State(db): State<Db>, headers: HeaderMap, Json(body): Json<Vec<LevelBody>>) -> ApiResult<Vec<ApprovalLevel>> {
    let ctx = auth(&db, &headers, Perm::Setup).await?;
    let chain: Vec<_> = body.into_iter().map(|l| (l.min_gross, l.approver_ids)).collect();
    Ok(Json(payables::save_levels(&db, &ctx, &chain).await?))
}

/// The purchasing settings: the company's purchase account, the price tolerance of
/// invoice matching, and the default accounts and dimensions per supplier and item.
#[derive(Serialize, ToSchema)]
pub struct PurchaseSettings {
    pub purchase_account: String,
    /// Per cent.
    #[schema(value_type = String)]
    pub price_tolerance_pct: rust_decimal::Decimal,
    pub defaults: Vec<AccountDefault>,
}

#[utoipa::path(get, path = "/api/v1/purchase-settings", responses((status = 200, body = PurchaseSettings)))]
pub async fn get_settings(State(db): State<Db>, headers: HeaderMap) -> ApiResult<PurchaseSettings> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let (purchase_account, price_tolerance_pct, defaults) = payables::account_list(&db.pool, ctx.company_id).await?;
    Ok(Json(PurchaseSettings { purchase_account, price_tolerance_pct, defaults }))
}

#[derive(Deserialize, ToSchema)]
pub struct SettingsBody {
    #[serde(default)]
    pub purchase_account: Option<String>,
    /// Per cent, 0 to 100.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub price_tolerance_pct: Option<rust_decimal::Decimal>,
}

/// Change the company's purchase account and/or the price tolerance.
#[utoipa::path(patch, path = "/api/v1/purchase-settings", request_body = SettingsBody,
    responses((status = 200, body = PurchaseSettings), (status = 422, body = ErrorBody)))]
pub async fn patch_settings(State(db): State<Db>, headers: HeaderMap, Json(body): Json<SettingsBody>) -> ApiResult<PurchaseSettings> {
    let ctx = auth(&db, &headers, Perm::Setup).await?;
    if let Some(a) = &body.purchase_account {
        payables::save_account(&db, &ctx, "company", "", a, "").await?;
    }
    if let Some(p) = body.price_tolerance_pct {
        payables::set_tolerance(&db, &ctx, p).await?;
    }
    let (purchase_account, price_tolerance_pct, defaults) = payables::account_list(&db.pool, ctx.company_id).await?;
    Ok(Json(PurchaseSettings { purchase_account, price_tolerance_pct, defaults }))
}

#[derive(Deserialize, ToSchema)]
pub struct AccountBody {
    /// supplier or item
    pub kind: String,
    /// The supplier's or the item's number.
    pub number: String,
    /// Empty: remove the default.
    pub account: String,
    #[serde(default)]
    pub dimension: String,
}

/// Set (or with an empty account remove) the default purchase account and dimension of a supplier or an item.
#[utoipa::path(put, path = "/api/v1/purchase-accounts", request_body = AccountBody, responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn put_account(State(db): State<Db>, headers: HeaderMap, Json(body): Json<AccountBody>) -> Result<StatusCode, ApiError> {
    let ctx = auth(&db, &headers, Perm::Setup).await?;
    if body.kind == "company" {
        return Err(AppError::invalid("Unknown kind 'company': supplier or item (the company's account is in /purchase-settings)").into());
    }
    payables::save_account(&db, &ctx, &body.kind, &body.number, &body.account, &body.dimension).await?;
    Ok(StatusCode::NO_CONTENT)
}
