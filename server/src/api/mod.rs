//! JSON API v1 for integrations and scripts. Same domain code as the server
//! functions; authenticated by session cookie or `Authorization: Bearer` token.
//! Every route is listed in `ApiDoc` and served at `/api/v1/openapi.json`.
use std::net::SocketAddr;

use app::auth::{model::SessionInfo, service, Perm};
use app::db::Db;
use app::error::AppError;
use app::setup::model::*;
use app::setup::store;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::web::AppState;

mod accounting;
mod changes;
mod events;
mod idempotency;
mod invoicing;
mod parties;
mod purchasing;
mod sales;
mod stock;

/// An error as JSON: `{"error": "…"}` with the status of the error.
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

/// A validation message: 422.
impl From<String> for ApiError {
    fn from(msg: String) -> Self {
        ApiError(AppError::Invalid(msg))
    }
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0.status(), Json(ErrorBody { error: self.0.to_string() })).into_response()
    }
}

pub type ApiResult<T> = Result<Json<T>, ApiError>;

pub async fn auth(db: &Db, headers: &HeaderMap, perm: Perm) -> Result<service::AuthCtx, ApiError> {
    let mut ctx = service::authenticate(db, headers).await?;
    ctx.ensure(perm)?;
    // the API's numbers are read by the machine rule (a comma or a point is the
    // decimal mark), whoever's session calls it
    ctx.lang = app::core::Lang::Nb;
    Ok(ctx)
}

pub fn routes(db: Db) -> Router<AppState> {
    Router::new()
        .route("/session", post(login).delete(logout))
        .route("/me", get(me))
        .route("/company", get(company).patch(update_company))
        .route("/vat-codes", get(vat_codes))
        .route("/units", get(units))
        .route("/warehouses", get(warehouses))
        .route("/payment-terms", get(payment_terms))
        .route("/delivery-terms", get(delivery_terms))
        .route("/number-series", get(number_series))
        .route("/items", get(stock::list_items).post(stock::create_item))
        .route("/item-changes", get(changes::items))
        .route("/customer-changes", get(changes::customers))
        .route("/supplier-changes", get(changes::suppliers))
        .route("/items/{item_no}", get(stock::get_item).patch(stock::patch_item))
        .route("/items/{item_no}/stock", get(stock::item_stock))
        .route("/items/{item_no}/profile", get(stock::item_profile))
        .route("/items/{item_no}/price", get(stock::item_price))
        .route("/stock/adjustments", post(stock::adjust))
        .route("/stock/transfers", post(stock::transfer))
        .route("/stock/valuation", get(stock::valuation))
        .route("/stock/perpetual-inventory", get(stock::perpetual).put(stock::set_perpetual))
        .route("/customers", get(parties::list_customers).post(parties::create_customer))
        .route("/customers/{no}", get(parties::get_customer).patch(parties::patch_customer))
        .route("/customers/{no}/contacts", get(parties::customer_contacts).post(parties::add_customer_contact))
        .route("/suppliers", get(parties::list_suppliers).post(parties::create_supplier))
        .route("/suppliers/{no}", get(parties::get_supplier).patch(parties::patch_supplier))
        .route("/suppliers/{no}/contacts", get(parties::supplier_contacts).post(parties::add_supplier_contact))
        .route("/parties/similar", get(parties::similar))
        .route("/quotes", get(changes::quotes).post(sales::create_quote))
        .route("/quotes/{no}", get(sales::get_quote))
        .route("/quotes/{no}/order", post(sales::quote_to_order))
        .route("/orders", get(changes::orders).post(sales::create_order))
        .route("/deliveries", get(changes::deliveries))
        .route("/orders/{no}", get(sales::get_order))
        .route("/orders/{no}/confirm", post(sales::confirm_order))
        .route("/orders/{no}/deliveries", post(sales::deliver))
        .route("/orders/{no}/backorder", get(sales::backorder))
        .route("/invoices", get(changes::invoices).post(invoicing::create_invoice))
        .route("/invoices/{no}", get(invoicing::get_invoice))
        .route("/invoice-runs", post(invoicing::invoice_run))
        .route("/contracts", get(invoicing::contracts).post(invoicing::create_contract))
        .route("/contracts/{id}", axum::routing::patch(invoicing::patch_contract))
        .route("/contract-runs", post(invoicing::contract_run))
        .route("/invoices/{no}/pdf", get(invoicing::invoice_pdf))
        .route("/invoices/{no}/ehf", get(invoicing::invoice_ehf))
        .route("/invoices/{no}/credit-notes", post(invoicing::credit))
        .route("/credit-notes/{no}", get(invoicing::get_credit_note))
        .route("/open-items", get(invoicing::open_items))
        .route("/payments", post(invoicing::payment))
        .route("/bank-files", post(invoicing::bank_file).layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024)))
        .route("/bank-lines/unmatched", get(invoicing::unmatched))
        .route("/reminder-runs", post(invoicing::reminder_run))
        .route("/invoices/{no}/reminders", get(invoicing::reminders))
        .route("/invoices/{no}/dispute", post(invoicing::dispute))
        .route("/invoices/{no}/send", post(invoicing::send))
        .route("/bank-lines/{id}/match", post(invoicing::match_line))
        .route("/reorder-list", get(purchasing::reorder_list))
        .route("/reorder-list/orders", post(purchasing::order_from_list))
        .route("/purchase-orders", get(changes::purchase_orders).post(purchasing::create_po))
        .route("/purchase-orders/{no}", get(purchasing::get_po).put(purchasing::put_po))
        .route("/purchase-orders/{no}/send", post(purchasing::send_po))
        .route("/purchase-orders/{no}/close", post(purchasing::close_po))
        .route("/purchase-orders/{no}/receipts", post(purchasing::receive))
        .route("/purchase-orders/{no}/pdf", get(purchasing::po_pdf))
        .route(
            "/supplier-invoices",
            get(purchasing::list_supplier_invoices).post(purchasing::create_supplier_invoice).layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024)),
        )
        .route("/supplier-invoices/{id}", get(purchasing::get_supplier_invoice))
        .route("/supplier-invoices/{id}/approvals", post(purchasing::approve))
        .route("/supplier-invoices/{id}/payment", post(purchasing::pay))
        .route("/purchase-report", get(purchasing::report))
        .route("/approval-levels", get(purchasing::get_levels).put(purchasing::put_levels))
        .route("/purchase-settings", get(purchasing::get_settings).patch(purchasing::patch_settings))
        .route("/purchase-accounts", axum::routing::put(purchasing::put_account))
        .route("/vouchers", get(accounting::vouchers))
        .route("/vouchers/{id}/reversal", post(accounting::reverse))
        .route("/trial-balance", get(accounting::trial_balance))
        .route("/exports/saf-t", get(accounting::saf_t))
        .route("/exports/sie", get(accounting::sie))
        .route("/events", get(events::events))
        .route("/webhooks", get(events::webhooks).post(events::create_webhook))
        .route("/webhooks/{id}", axum::routing::patch(events::patch_webhook).delete(events::delete_webhook))
        .route("/webhooks/{id}/deliveries", get(events::deliveries).post(events::redeliver))
        .route("/openapi.json", get(openapi))
        .layer(axum::middleware::from_fn(json_errors))
        .layer(axum::middleware::from_fn_with_state(db, idempotency::keys))
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Flyt API", version = "1", description = "Order-to-cash and purchasing. Authenticate with POST /api/v1/session (cookie) or an API token from Setup (Authorization: Bearer …)."),
    paths(login, logout, me, company, update_company, vat_codes, units, warehouses, payment_terms, delivery_terms, number_series, openapi,
        stock::list_items, stock::create_item, stock::get_item, stock::patch_item, stock::item_stock, stock::item_profile, stock::item_price, stock::adjust, stock::transfer, stock::valuation, stock::perpetual, stock::set_perpetual,
        parties::list_customers, parties::create_customer, parties::get_customer, parties::patch_customer, parties::customer_contacts, parties::add_customer_contact,
        parties::list_suppliers, parties::create_supplier, parties::get_supplier, parties::patch_supplier, parties::supplier_contacts, parties::add_supplier_contact,
        parties::similar,
        sales::create_quote, sales::get_quote, sales::quote_to_order, sales::create_order, sales::get_order, sales::confirm_order, sales::deliver, sales::backorder,
        invoicing::create_invoice, invoicing::get_invoice, invoicing::get_credit_note, invoicing::invoice_pdf, invoicing::invoice_ehf, invoicing::credit,
        invoicing::open_items, invoicing::payment, invoicing::bank_file, invoicing::unmatched, invoicing::match_line,
        invoicing::reminder_run, invoicing::reminders, invoicing::dispute, invoicing::invoice_run, invoicing::send,
        invoicing::create_contract, invoicing::contracts, invoicing::contract_run, invoicing::patch_contract,
        purchasing::reorder_list, purchasing::order_from_list, purchasing::create_po, purchasing::get_po, purchasing::put_po, purchasing::send_po, purchasing::close_po,
        purchasing::receive, purchasing::po_pdf, purchasing::create_supplier_invoice, purchasing::list_supplier_invoices, purchasing::get_supplier_invoice,
        purchasing::approve, purchasing::pay, purchasing::report, purchasing::get_levels, purchasing::put_levels,
        purchasing::get_settings, purchasing::patch_settings, purchasing::put_account,
        accounting::vouchers, accounting::reverse, accounting::trial_balance, accounting::saf_t, accounting::sie, events::events,
        events::webhooks, events::create_webhook, events::patch_webhook, events::delete_webhook, events::deliveries, events::redeliver,
        changes::orders, changes::quotes, changes::deliveries, changes::invoices, changes::purchase_orders, changes::items, changes::customers, changes::suppliers),
    components(schemas(LoginRequest, ErrorBody, SessionInfo, CompanyProfile, CompanyInput, VatCode, Unit, Warehouse, PaymentTerm, DeliveryTerm, NumberSeries,
        app::catalog::model::Item, app::catalog::model::ItemInput, app::catalog::model::ItemPage, app::catalog::model::ItemKind, app::catalog::prices::model::LinePrice, app::catalog::prices::model::PriceSource,
        app::stock::model::Figures, app::stock::profile::ProfileData, app::stock::profile::ProfileEntry, app::stock::model::AdjustmentInput, app::stock::model::TransferInput, app::stock::valuation::ValuationReport, app::stock::valuation::ValuationRow, app::stock::model::PerpetualSetting,
        app::parties::model::Party, app::parties::model::PartyInput, app::parties::model::PartyPage, app::parties::model::PartyRow, app::parties::model::Contact,
        app::parties::model::ContactInput, app::parties::model::Similar, app::parties::model::SimilarContact,
        app::sales::model::Doc, app::sales::model::DocInput, app::sales::model::DocLine, app::sales::lines::LineInput, app::sales::lines::Line, app::sales::lines::LineKind,
        app::sales::lines::Totals, app::sales::lines::VatSum, app::sales::lines::Subtotal, app::sales::model::ChosenLine, app::sales::model::Delivery,
        app::sales::model::BackorderLine, sales::QuoteToOrder, sales::OrderBody, sales::DeliveryQty, sales::DeliveryBody,
        app::invoicing::model::Invoice, app::invoicing::model::InvoiceLine, app::invoicing::model::InvoiceInput, app::invoicing::model::InvoiceKind,
        app::invoicing::model::PickLine, app::invoicing::model::CreditInput, app::invoicing::model::CreditLine,
        app::receivables::model::OpenItem, app::receivables::model::PaymentInput, app::receivables::model::PaymentResult,
        app::receivables::model::BankImport, app::receivables::model::BankMatch, app::receivables::model::UnmatchedLine, invoicing::MatchBody,
        app::receivables::model::Reminder, app::receivables::model::ReminderRun, invoicing::DisputeBody,
        app::invoicing::model::InvoiceRunInput, app::invoicing::model::RunGroup, app::invoicing::model::SendLog,
        app::invoicing::model::Contract, app::invoicing::model::ContractInput, app::invoicing::model::ContractLine, app::invoicing::model::ContractInvoice, invoicing::ContractRunBody, invoicing::ContractPatch,
        app::purchasing::model::ReorderRow, app::purchasing::model::ReorderPick, purchasing::ReorderOrderBody, purchasing::Numbers,
        app::purchasing::model::PoInput, app::purchasing::model::PoLineInput, app::purchasing::model::PurchaseOrder, app::purchasing::model::PoLine,
        app::purchasing::model::Receipt, app::purchasing::model::ReceiptInput, app::purchasing::model::ReceiveLine,
        app::purchasing::model::SiInput, app::purchasing::model::SiLineInput, app::purchasing::model::SupplierInvoice, app::purchasing::model::SiLine,
        app::purchasing::model::Approval, app::purchasing::model::ApprovalInput, app::purchasing::model::Deviation, app::purchasing::model::PayableRow,
        app::purchasing::model::PurchaseReportRow, app::purchasing::model::ApprovalLevel, purchasing::PaymentBody, purchasing::LevelBody,
        app::purchasing::model::AccountDefault, purchasing::PurchaseSettings, purchasing::SettingsBody, purchasing::AccountBody,
        app::purchasing::model::PoStatus, app::purchasing::model::SiStatus, app::purchasing::model::Decision,
        app::core::document::DocStatus, app::core::document::Channel, app::invoicing::model::Standing, app::invoicing::model::Period,
        app::stock::model::OriginKind, app::receivables::model::EntryKind, app::receivables::model::BankLineKind, app::setup::model::Valuation,
        app::purchasing::model::DeviationKind, app::purchasing::model::SiSource, app::purchasing::model::AccountOwner, app::parties::model::MatchReason,
        app::accounting::model::Voucher, app::accounting::model::VoucherLine, app::accounting::model::TrialRow, app::accounting::model::SourceKind, accounting::ReversalInput,
        app::events::model::EventPage, app::core::event::EventOut, app::core::event::EventKind,
        app::events::webhooks::Webhook, app::events::webhooks::WebhookInput, app::events::webhooks::NewWebhook, app::events::webhooks::DeliveryRow,
        events::WebhookPatch, events::RedeliverBody)),
    modifiers(&ErrorAnswers)
)]
pub struct ApiDoc;

/// Every operation documents the error answers any route can give (bad input, not
/// logged in, not allowed, unknown id, conflict, too many attempts), each an
/// `ErrorBody`, unless it documents them itself.
struct ErrorAnswers;

impl utoipa::Modify for ErrorAnswers {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let answers = [
            ("400", "The request could not be read"),
            ("401", "Not logged in, or the token is no longer valid"),
            ("403", "The role does not allow this"),
            ("404", "No such thing in this company"),
            ("409", "It conflicts with what is stored"),
            ("413", "The body is too large"),
            ("415", "Send JSON (Content-Type: application/json)"),
            ("422", "The input is refused; the message says why"),
            ("429", "Too many attempts"),
        ];
        for item in doc.paths.paths.values_mut() {
            for op in [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch].into_iter().flatten() {
                for (code, what) in answers {
                    op.responses.responses.entry(code.to_string()).or_insert_with(|| {
                        ResponseBuilder::new()
                            .description(what)
                            .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
                            .build()
                            .into()
                    });
                }
            }
        }
    }
}

/// Answers of API v1 that axum's extractors write as plain text (a body that is not
/// the JSON it should be, a missing field) become `{"error": …}` like every other
/// error of the API.
pub async fn json_errors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let resp = next.run(req).await;
    let plain = resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/plain"));
    if !resp.status().is_client_error() || !plain {
        return resp;
    }
    let status = resp.status();
    let Ok(bytes) = axum::body::to_bytes(resp.into_body(), 64 * 1024).await else {
        return (status, Json(ErrorBody { error: "The request was refused".into() })).into_response();
    };
    (status, Json(ErrorBody { error: String::from_utf8_lossy(&bytes).into_owned() })).into_response()
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Log in: sets the session cookie and answers the user and their companies.
#[utoipa::path(post, path = "/api/v1/session", request_body = LoginRequest,
    responses((status = 200, body = SessionInfo), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn login(State(db): State<Db>, ConnectInfo(addr): ConnectInfo<SocketAddr>, headers: HeaderMap, Json(req): Json<LoginRequest>) -> Response {
    let client = crate::web::client_id(Some(addr), &headers);
    let token = match service::login(&db, &req.email, &req.password, &client).await {
        Ok(t) => t,
        Err(e) => {
            let status = match e {
                app::auth::model::LoginError::Throttled => StatusCode::TOO_MANY_REQUESTS,
                app::auth::model::LoginError::NoCompany => StatusCode::FORBIDDEN,
                app::auth::model::LoginError::Wrong => StatusCode::UNAUTHORIZED,
                app::auth::model::LoginError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            };
            return (status, Json(ErrorBody { error: e.message(app::core::Lang::En).into() })).into_response();
        }
    };
    let mut h = HeaderMap::new();
    h.insert(header::COOKIE, HeaderValue::from_str(&format!("{}={token}", service::SESSION_COOKIE)).expect("token is ascii"));
    let info = match service::authenticate(&db, &h).await {
        Ok(ctx) => service::session_info(&db, &ctx).await,
        Err(e) => Err(e),
    };
    match info {
        Ok(info) => {
            let mut resp = Json(info).into_response();
            if let Ok(v) = HeaderValue::from_str(&service::session_cookie(&token, &headers)) {
                resp.headers_mut().insert(header::SET_COOKIE, v);
            }
            resp
        }
        Err(e) => ApiError(e).into_response(),
    }
}

/// Log out: ends the session and clears the cookie.
#[utoipa::path(delete, path = "/api/v1/session", responses((status = 204)))]
async fn logout(State(db): State<Db>, headers: HeaderMap) -> Response {
    let _ = service::logout(&db, &headers).await;
    let mut resp = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&service::clear_session_cookie(&headers)) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// The caller: user, current company, role and companies.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = SessionInfo), (status = 401, body = ErrorBody)))]
async fn me(State(db): State<Db>, headers: HeaderMap) -> ApiResult<SessionInfo> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(service::session_info(&db, &ctx).await?))
}

/// The current company's profile.
#[utoipa::path(get, path = "/api/v1/company", responses((status = 200, body = CompanyProfile), (status = 401, body = ErrorBody)))]
async fn company(State(db): State<Db>, headers: HeaderMap) -> ApiResult<CompanyProfile> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    Ok(Json(store::company(&db.pool, ctx.company_id).await?))
}

/// Merges a JSON object of text fields onto an input struct (PATCH semantics):
/// the fields sent replace the current ones, the rest stay.
pub fn merge_patch<T: serde::Serialize + serde::de::DeserializeOwned>(current: &T, patch: serde_json::Value, fixed: &[(&str, &str)]) -> Result<T, AppError> {
    let mut merged = serde_json::to_value(current).map_err(|e| AppError::Internal(e.to_string()))?;
    let serde_json::Value::Object(fields) = patch else {
        return Err(AppError::invalid("Send a JSON object with the fields to change"));
    };
    for (k, v) in fields {
        if let Some((_, keep)) = fixed.iter().find(|(f, _)| *f == k) {
            if v.as_str() != Some(keep) {
                return Err(AppError::invalid(format!("{k} cannot be changed")));
            }
        }
        let text = match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        };
        merged[k] = serde_json::Value::String(text);
    }
    serde_json::from_value(merged).map_err(|e| AppError::invalid(format!("Unknown or bad field: {e}")))
}

/// Change the company profile (administrators): the fields sent replace the current ones.
#[utoipa::path(patch, path = "/api/v1/company", request_body = CompanyInput,
    responses((status = 200, body = CompanyProfile), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_company(State(db): State<Db>, headers: HeaderMap, Json(patch): Json<serde_json::Value>) -> ApiResult<CompanyProfile> {
    let ctx = auth(&db, &headers, Perm::Setup).await?;
    let current = store::company(&db.pool, ctx.company_id).await?;
    let input: CompanyInput = merge_patch(&current.to_input(), patch, &[])?;
    Ok(Json(app::setup::service::update_company(&db, ctx.company_id, &input).await?))
}

macro_rules! list_route {
    ($name:ident, $path:literal, $ty:ty, $store:path) => {
        #[utoipa::path(get, path = $path, responses((status = 200, body = Vec<$ty>), (status = 401, body = ErrorBody)))]
        async fn $name(State(db): State<Db>, headers: HeaderMap) -> ApiResult<Vec<$ty>> {
            let ctx = auth(&db, &headers, Perm::Read).await?;
            Ok(Json($store(&db.pool, ctx.company_id).await?))
        }
    };
}

list_route!(vat_codes, "/api/v1/vat-codes", VatCode, store::list_vat_codes);
list_route!(units, "/api/v1/units", Unit, store::list_units);
list_route!(warehouses, "/api/v1/warehouses", Warehouse, store::list_warehouses);
list_route!(payment_terms, "/api/v1/payment-terms", PaymentTerm, store::list_payment_terms);
list_route!(delivery_terms, "/api/v1/delivery-terms", DeliveryTerm, store::list_delivery_terms);
list_route!(number_series, "/api/v1/number-series", NumberSeries, store::list_series);

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", responses((status = 200, description = "OpenAPI 3.1 document")))]
async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
