//! Invoicing server functions: authenticate, authorise, delegate to the service.
use leptos::prelude::*;

use super::model::{BasisLine, CreditInput, Invoice, InvoiceInput, InvoiceKind, InvoiceRow, InvoiceRunInput, InvoiceSettings, RunGroup, SendLog};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, super::store, crate::auth::service::require, crate::auth::Perm};

/// Delivered, not yet invoiced order lines (one customer's when a number is given).
#[server(endpoint = "invoicing/basis")]
pub async fn invoice_basis(customer_no: String) -> Result<Vec<BasisLine>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let customer = match customer_no.trim() {
        "" => None,
        no => Some(crate::parties::store::by_no(&db.pool, ctx.company_id, crate::parties::model::PartyKind::Customer, no).await?.id),
    };
    super::origin::source()?.basis(&db.pool, ctx.company_id, customer).await
}

#[server(endpoint = "invoicing/post")]
pub async fn post_invoice(input: InvoiceInput) -> Result<Invoice, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    service::post(&db, &ctx, &input).await
}

#[server(endpoint = "invoicing/list")]
pub async fn list_invoices(before: Option<i64>) -> Result<Vec<InvoiceRow>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::list(&db.pool, ctx.company_id, None, before, 50).await
}

#[server(endpoint = "invoicing/get")]
pub async fn get_invoice(kind: InvoiceKind, no: String) -> Result<Invoice, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::invoice(&db, ctx.company_id, kind, Some(&no), None).await
}

#[server(endpoint = "invoicing/credit")]
pub async fn credit_invoice(no: String, input: CreditInput) -> Result<Invoice, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    service::credit(&db, &ctx, &no, &input).await
}

#[server(endpoint = "invoicing/settings")]
pub async fn get_invoice_settings() -> Result<InvoiceSettings, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let mut c = db.pool.acquire().await.map_err(crate::db::db_err)?;
    store::settings(&mut c, ctx.company_id).await
}

#[server(endpoint = "invoicing/settings/save")]
pub async fn save_invoice_settings(
    kid_method: String,
    kid_length: String,
    reminder_fee: String,
    reminder_days: String,
    writeoff_limit: String,
    ehf_outbox: String,
) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let s = InvoiceSettings::parse_form(&kid_method, &kid_length, &reminder_fee, &reminder_days, &writeoff_limit, &ehf_outbox).map_err(AppError::Invalid)?;
    if s.ehf_outbox.starts_with("http") {
        crate::db::outbound::check_url(&s.ehf_outbox).await.map_err(|e| AppError::invalid(format!("EHF outbox: {e}")))?;
    } else if !s.ehf_outbox.is_empty() {
        crate::db::outbound::check_dir(&s.ehf_outbox).map_err(|e| AppError::invalid(format!("EHF outbox: {e}")))?;
    }
    store::save_settings(&db.pool, ctx.company_id, &s).await
}

#[server(endpoint = "invoicing/dispute")]
pub async fn dispute_invoice(no: String, disputed: bool) -> Result<Invoice, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    service::dispute(&db, &ctx, &no, disputed).await
}

/// The invoices a run would make (the page then posts them one by one, showing progress).
#[server(endpoint = "invoicing/run/preview")]
pub async fn preview_run(input: InvoiceRunInput) -> Result<Vec<RunGroup>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::run(&db, &ctx, &InvoiceRunInput { preview: true, ..input }).await
}

/// Sends an invoice or credit note by the customer's channel (EHF, e-mail, print).
#[server(endpoint = "invoicing/send")]
pub async fn send_invoice(kind: InvoiceKind, no: String) -> Result<SendLog, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    super::send::send(&db, &ctx, kind, &no).await
}

/// How an invoice or credit note has been sent.
#[server(endpoint = "invoicing/sends")]
pub async fn invoice_sends(kind: InvoiceKind, no: String) -> Result<Vec<SendLog>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let inv = service::invoice(&db, ctx.company_id, kind, Some(&no), None).await?;
    store::sends(&db.pool, ctx.company_id, inv.id).await
}

#[server(endpoint = "invoicing/contracts")]
pub async fn list_contracts() -> Result<Vec<super::model::Contract>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    super::contracts::list(&db, ctx.company_id).await
}

/// A contract with one line, as the contracts page enters it (the API takes several).
#[server(endpoint = "invoicing/contracts/new")]
pub async fn new_contract(
    customer_no: String,
    description: String,
    period: String,
    start_date: String,
    end_date: String,
    item_no: String,
    qty: String,
    unit_price: String,
) -> Result<super::model::Contract, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    let num = |label: &str, v: &str| {
        v.trim().replace(',', ".").parse::<rust_decimal::Decimal>().map_err(|_| AppError::invalid(format!("{label}: '{}' is not a number", v.trim())))
    };
    let line = super::model::ContractLine {
        item_no,
        qty: num("Quantity", &qty)?,
        unit_price: if unit_price.trim().is_empty() { None } else { Some(num("Price", &unit_price)?) },
        ..Default::default()
    };
    let input = super::model::ContractInput { customer_no, description, period, start_date, end_date, lines: vec![line], ..Default::default() };
    super::contracts::create(&db, &ctx, &input).await
}

/// Invoices every contract period due up to the date.
#[server(endpoint = "invoicing/contracts/run")]
pub async fn run_contracts(date: String) -> Result<Vec<super::model::ContractInvoice>, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    super::contracts::run(&db, &ctx, &date).await
}

/// Pauses or resumes a contract.
#[server(endpoint = "invoicing/contracts/active")]
pub async fn set_contract_active(id: i64, active: bool) -> Result<super::model::Contract, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    super::contracts::update(&db, &ctx, id, None, Some(active)).await
}
