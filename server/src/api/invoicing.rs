//! API v1: invoices, credit notes, open items and payments — the door accounting
//! systems read invoices through. The same services as the screens.
use app::auth::Perm;
use app::db::Db;
use app::invoicing::model::{CreditInput, Invoice, InvoiceInput, InvoiceKind, InvoiceRunInput, RunGroup, SendLog};
use app::invoicing::service;
use app::receivables::model::{BankImport, OpenItem, PaymentInput, PaymentResult, Reminder, ReminderRun, UnmatchedLine};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;

use super::{auth, ApiError, ApiResult, ErrorBody};
use crate::web::exports::download;

/// Post an invoice: from orders (`orders`: every delivered, not invoiced line;
/// `pick`: chosen lines and quantities) or direct with its own `lines`.
#[utoipa::path(post, path = "/api/v1/invoices", params(("Idempotency-Key" = Option<String>, Header, description = "A retried call with the same key and request never creates twice: it answers the first call's answer")), request_body = InvoiceInput,
    responses((status = 201, body = Invoice), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_invoice(State(db): State<Db>, headers: HeaderMap, Json(input): Json<InvoiceInput>) -> Result<(StatusCode, Json<Invoice>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Accounting).await?;
    Ok((StatusCode::CREATED, Json(service::post(&db, &ctx, &input).await?)))
}

#[utoipa::path(get, path = "/api/v1/invoices/{no}", params(("no" = String, Path, description = "Invoice number")),
    responses((status = 200, body = Invoice), (status = 404, body = ErrorBody)))]
pub async fn get_invoice(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<Invoice> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(service::invoice(&db, ctx.company_id, InvoiceKind::Invoice, Some(&no), None).await?))
}

#[utoipa::path(get, path = "/api/v1/credit-notes/{no}", params(("no" = String, Path, description = "Credit note number")),
    responses((status = 200, body = Invoice), (status = 404, body = ErrorBody)))]
pub async fn get_credit_note(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<Invoice> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(service::invoice(&db, ctx.company_id, InvoiceKind::CreditNote, Some(&no), None).await?))
}

/// The invoice as PDF.
#[utoipa::path(get, path = "/api/v1/invoices/{no}/pdf", params(("no" = String, Path, description = "Invoice number")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = ErrorBody)))]
pub async fn invoice_pdf(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> Result<Response, ApiError> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let (name, bytes) = service::pdf(&db, ctx.company_id, InvoiceKind::Invoice, &no).await?;
    Ok(download("application/pdf", &name, bytes))
}

/// The invoice as EHF (PEPPOL BIS Billing 3.0 UBL XML).
#[utoipa::path(get, path = "/api/v1/invoices/{no}/ehf", params(("no" = String, Path, description = "Invoice number")),
    responses((status = 200, content_type = "application/xml", body = String), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn invoice_ehf(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> Result<Response, ApiError> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    let (name, xml) = service::ehf(&db, ctx.company_id, InvoiceKind::Invoice, &no).await?;
    Ok(download("application/xml; charset=utf-8", &name, xml))
}

/// Credit an invoice: every line not yet credited (no `lines`), or chosen lines and quantities.
#[utoipa::path(post, path = "/api/v1/invoices/{no}/credit-notes", params(("no" = String, Path, description = "Invoice number")), request_body = CreditInput,
    responses((status = 201, body = Invoice), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn credit(
    State(db): State<Db>,
    headers: HeaderMap,
    Path(no): Path<String>,
    Json(input): Json<CreditInput>,
) -> Result<(StatusCode, Json<Invoice>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Accounting).await?;
    Ok((StatusCode::CREATED, Json(service::credit(&db, &ctx, &no, &input).await?)))
}

/// Every unsettled invoice, unused credit note and unallocated payment, oldest due first.
#[utoipa::path(get, path = "/api/v1/open-items", responses((status = 200, body = Vec<OpenItem>)))]
pub async fn open_items(State(db): State<Db>, headers: HeaderMap) -> ApiResult<Vec<OpenItem>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(app::receivables::store::open_items(&db, ctx.company_id).await?))
}

/// Register a payment against an invoice (by number or KID) or on a customer's account.
#[utoipa::path(post, path = "/api/v1/payments", params(("Idempotency-Key" = Option<String>, Header, description = "A retried call with the same key and request never creates twice: it answers the first call's answer")), request_body = PaymentInput,
    responses((status = 201, body = PaymentResult), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn payment(State(db): State<Db>, headers: HeaderMap, Json(input): Json<PaymentInput>) -> Result<(StatusCode, Json<PaymentResult>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Accounting).await?;
    Ok((StatusCode::CREATED, Json(app::receivables::service::register(&db, &ctx, &input, app::receivables::model::PaymentMethod::Manual).await?)))
}

/// The file name of an uploaded bank file (optional).
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct BankFileQuery {
    #[serde(default)]
    pub name: String,
}

/// Import a bank file (the file itself as the body): Nets OCR giro or camt.053.
/// Payments are matched by KID, then by amount and invoice number in the text; the
/// same file twice is refused (409) and changes nothing.
#[utoipa::path(post, path = "/api/v1/bank-files", params(BankFileQuery), request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = BankImport), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn bank_file(
    State(db): State<Db>,
    headers: HeaderMap,
    Query(q): Query<BankFileQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<BankImport>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Accounting).await?;
    Ok((StatusCode::CREATED, Json(app::receivables::service::import_bank_file(&db, &ctx, &q.name, &body).await?)))
}

/// Bank lines no invoice was found for.
#[utoipa::path(get, path = "/api/v1/bank-lines/unmatched", params(Paging), responses((status = 200, body = Vec<UnmatchedLine>)))]
pub async fn unmatched(State(db): State<Db>, headers: HeaderMap, axum::extract::Query(p): axum::extract::Query<Paging>) -> ApiResult<Vec<UnmatchedLine>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(app::receivables::store::unmatched_lines(&db.pool, ctx.company_id, p.offset.unwrap_or(0), p.limit.unwrap_or(500)).await?))
}

/// A page of a long list: skip `offset` rows, answer at most `limit` (≤ 1000).
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct Paging {
    pub offset: Option<i64>,
    pub limit: Option<i64>,
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct MatchBody {
    pub invoice_no: String,
}

/// Match an unmatched bank line to an invoice by hand.
#[utoipa::path(post, path = "/api/v1/bank-lines/{id}/match", params(("id" = i64, Path, description = "Bank line id")), request_body = MatchBody,
    responses((status = 201, body = PaymentResult), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn match_line(
    State(db): State<Db>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(b): Json<MatchBody>,
) -> Result<(StatusCode, Json<PaymentResult>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Accounting).await?;
    Ok((StatusCode::CREATED, Json(app::receivables::service::match_by_hand(&db, &ctx, id, &b.invoice_no).await?)))
}

/// Run reminders for a date (empty: today): reminders for overdue invoices, a second
/// one, then the debt-collection notice; `preview` only answers what would be sent.
#[utoipa::path(post, path = "/api/v1/reminder-runs", request_body = ReminderRun, responses((status = 200, body = Vec<Reminder>), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reminder_run(State(db): State<Db>, headers: HeaderMap, Json(run): Json<ReminderRun>) -> ApiResult<Vec<Reminder>> {
    let ctx = auth(&db, &headers, if run.preview { Perm::Read } else { Perm::Accounting }).await?;
    Ok(Json(app::receivables::reminders::run(&db, &ctx, &run).await?))
}

/// The reminders sent for an invoice.
#[utoipa::path(get, path = "/api/v1/invoices/{no}/reminders", params(("no" = String, Path, description = "Invoice number")), responses((status = 200, body = Vec<Reminder>)))]
pub async fn reminders(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<Vec<Reminder>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(app::receivables::store::reminders_of(&db.pool, ctx.company_id, &no).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct DisputeBody {
    pub disputed: bool,
}

/// Mark an invoice disputed (reminder runs skip it) or no longer disputed.
#[utoipa::path(post, path = "/api/v1/invoices/{no}/dispute", params(("no" = String, Path, description = "Invoice number")), request_body = DisputeBody,
    responses((status = 200, body = Invoice), (status = 404, body = ErrorBody)))]
pub async fn dispute(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>, Json(b): Json<DisputeBody>) -> ApiResult<Invoice> {
    let ctx = auth(&db, &headers, Perm::Accounting).await?;
    Ok(Json(service::dispute(&db, &ctx, &no, b.disputed).await?))
}

/// An invoicing run: every delivered, not invoiced line (of the customers named, or
/// all) invoiced on `date` — one invoice per order, or per customer for customers
/// marked for collective invoicing. Each invoice is its own transaction: run it again
/// after an interruption and it invoices exactly what is left.
#[utoipa::path(post, path = "/api/v1/invoice-runs", request_body = InvoiceRunInput, responses((status = 200, body = Vec<RunGroup>), (status = 422, body = ErrorBody)))]
pub async fn invoice_run(State(db): State<Db>, headers: HeaderMap, Json(input): Json<InvoiceRunInput>) -> ApiResult<Vec<RunGroup>> {
    let ctx = auth(&db, &headers, if input.preview { Perm::Read } else { Perm::Accounting }).await?;
    Ok(Json(service::run(&db, &ctx, &input).await?))
}

/// Send an invoice by the customer's channel: EHF to the access point's outbox when it
/// has a PEPPOL id, else e-mail with the PDF, else print. Logged.
#[utoipa::path(post, path = "/api/v1/invoices/{no}/send", params(("no" = String, Path, description = "Invoice number")),
    responses((status = 200, body = SendLog), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn send(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<SendLog> {
    let ctx = auth(&db, &headers, Perm::Accounting).await?;
    Ok(Json(app::invoicing::send::send(&db, &ctx, InvoiceKind::Invoice, &no).await?))
}

/// Create a contract (recurring invoicing): lines, period (month, quarter, year), start and optional end.
#[utoipa::path(post, path = "/api/v1/contracts", request_body = app::invoicing::model::ContractInput,
    responses((status = 201, body = app::invoicing::model::Contract), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_contract(
    State(db): State<Db>,
    headers: HeaderMap,
    Json(input): Json<app::invoicing::model::ContractInput>,
) -> Result<(StatusCode, Json<app::invoicing::model::Contract>), ApiError> {
    let ctx = auth(&db, &headers, Perm::Accounting).await?;
    Ok((StatusCode::CREATED, Json(app::invoicing::contracts::create(&db, &ctx, &input).await?)))
}

#[utoipa::path(get, path = "/api/v1/contracts", responses((status = 200, body = Vec<app::invoicing::model::Contract>)))]
pub async fn contracts(State(db): State<Db>, headers: HeaderMap) -> ApiResult<Vec<app::invoicing::model::Contract>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(app::invoicing::contracts::list(&db, ctx.company_id).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct ContractRunBody {
    /// YYYY-MM-DD; empty: today.
    #[serde(default)]
    pub date: String,
}

/// Invoice every contract period due up to the date; a period is never invoiced twice.
#[utoipa::path(post, path = "/api/v1/contract-runs", request_body = ContractRunBody, responses((status = 200, body = Vec<app::invoicing::model::ContractInvoice>)))]
pub async fn contract_run(State(db): State<Db>, headers: HeaderMap, Json(b): Json<ContractRunBody>) -> ApiResult<Vec<app::invoicing::model::ContractInvoice>> {
    let ctx = auth(&db, &headers, Perm::Accounting).await?;
    Ok(Json(app::invoicing::contracts::run(&db, &ctx, &b.date).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct ContractPatch {
    /// YYYY-MM-DD; "" removes the end; absent leaves it.
    #[serde(default)]
    pub end_date: Option<String>,
    /// false pauses the contract (runs skip it), true resumes it.
    #[serde(default)]
    pub active: Option<bool>,
}

/// End, pause or resume a contract.
#[utoipa::path(patch, path = "/api/v1/contracts/{id}", params(("id" = i64, Path, description = "Contract id")), request_body = ContractPatch,
    responses((status = 200, body = app::invoicing::model::Contract), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch_contract(
    State(db): State<Db>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(b): Json<ContractPatch>,
) -> ApiResult<app::invoicing::model::Contract> {
    let ctx = auth(&db, &headers, Perm::Accounting).await?;
    Ok(Json(app::invoicing::contracts::update(&db, &ctx, id, b.end_date.as_deref(), b.active).await?))
}
