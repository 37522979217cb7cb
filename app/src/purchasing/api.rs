//! Purchasing server functions: thin, the rules live in the services.
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::{ensure_any, payables, service},
    crate::auth::service::require,
    crate::auth::Perm,
};

#[server(endpoint = "purchasing/reorder")]
pub async fn reorder_list(filter: ReorderFilter) -> Result<Vec<ReorderRow>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::reorder_list(&db, ctx.company_id, &filter).await
}

/// Draft purchase orders from the chosen reorder rows; answers their numbers.
#[server(endpoint = "purchasing/reorder/order")]
pub async fn order_from_list(picks: Vec<ReorderPick>) -> Result<Vec<String>, AppError> {
    let (db, ctx) = require(Perm::Purchasing).await?;
    service::from_reorder_list(&db, &ctx, &picks).await
}

#[server(endpoint = "purchasing/orders")]
pub async fn purchase_orders(status: String) -> Result<Vec<PoRow>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::list(&db, ctx.company_id, &status).await
}

#[server(endpoint = "purchasing/order")]
pub async fn get_purchase_order(no: String) -> Result<PurchaseOrder, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::get(&db, ctx.company_id, &no).await
}

#[server(endpoint = "purchasing/order/create")]
pub async fn create_purchase_order(input: PoInput) -> Result<PurchaseOrder, AppError> {
    let (db, ctx) = require(Perm::Purchasing).await?;
    service::create(&db, &ctx, &input).await
}

/// Replaces a draft's head and lines (`confirm` sends it as well).
#[server(endpoint = "purchasing/order/update")]
pub async fn update_purchase_order(no: String, input: PoInput) -> Result<PurchaseOrder, AppError> {
    let (db, ctx) = require(Perm::Purchasing).await?;
    service::update_draft(&db, &ctx, &no, &input).await
}

/// Sends a draft: planned ins registered, the PDF e-mailed to the supplier.
#[server(endpoint = "purchasing/order/send")]
pub async fn send_purchase_order(no: String) -> Result<PurchaseOrder, AppError> {
    let (db, ctx) = require(Perm::Purchasing).await?;
    service::confirm(&db, &ctx, &no).await
}

#[server(endpoint = "purchasing/order/close")]
pub async fn close_purchase_order(no: String) -> Result<PurchaseOrder, AppError> {
    let (db, ctx) = require(Perm::Purchasing).await?;
    service::close(&db, &ctx, &no).await
}

#[server(endpoint = "purchasing/order/receive")]
pub async fn receive_goods(no: String, input: ReceiptInput) -> Result<PurchaseOrder, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    ensure_any(&ctx, &[Perm::Purchasing, Perm::Stock])?;
    service::receive(&db, &ctx, &no, &input).await
}

/// Open payables, or with `all` every supplier invoice.
#[server(endpoint = "purchasing/payables")]
pub async fn payables_list(all: bool) -> Result<Vec<PayableRow>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    payables::payables(&db.pool, ctx.company_id, all).await
}

#[server(endpoint = "purchasing/invoice")]
pub async fn get_supplier_invoice(id: i64) -> Result<SupplierInvoice, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    payables::get(&db, ctx.company_id, id).await
}

#[server(endpoint = "purchasing/invoice/register")]
pub async fn register_supplier_invoice(input: SiInput) -> Result<SupplierInvoice, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    ensure_any(&ctx, &[Perm::Purchasing, Perm::Accounting])?;
    payables::register(&db, &ctx, &input, &[], "", None).await
}

/// Approve (the next level) or reject, with a comment.
#[server(endpoint = "purchasing/invoice/decide")]
pub async fn decide_invoice(id: i64, decision: String, comment: String) -> Result<SupplierInvoice, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    payables::decide(&db, &ctx, id, &ApprovalInput { decision, comment }).await
}

#[server(endpoint = "purchasing/invoice/paid")]
pub async fn pay_invoice(id: i64, date: String) -> Result<SupplierInvoice, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    payables::mark_paid(&db, &ctx, id, &date).await
}

/// The approval chain and the company's users to choose approvers from.
#[server(endpoint = "purchasing/approval-levels")]
pub async fn approval_levels() -> Result<(Vec<ApprovalLevel>, Vec<(i64, String)>), AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let users = crate::setup::store::list_users(&db.pool, ctx.company_id)
        .await?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| (u.user_id, format!("{} <{}>", u.name, u.email)))
        .collect();
    Ok((payables::levels(&db.pool, ctx.company_id).await?, users))
}

/// Replaces the approval chain: per level its minimum amount (text) and approvers.
#[server(endpoint = "purchasing/approval-levels/save")]
pub async fn save_approval_levels(#[server(default)] levels: Vec<(String, Vec<i64>)>) -> Result<Vec<ApprovalLevel>, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let mut parsed = Vec::new();
    for (i, (min, users)) in levels.into_iter().enumerate() {
        let min = if min.trim().is_empty() {
            rust_decimal::Decimal::ZERO
        } else {
            crate::core::format::parse_amount(&min, ctx.lang).map_err(|e| AppError::invalid(format!("Level {}: {e}", i + 1)))?
        };
        parsed.push((min, users));
    }
    payables::save_levels(&db, &ctx, &parsed).await
}

#[server(endpoint = "purchasing/report")]
pub async fn purchase_report(by_item: bool, from: String, to: String) -> Result<Vec<PurchaseReportRow>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    payables::report(&db.pool, ctx.company_id, by_item, &from, &to).await
}

/// The company's purchase account and price tolerance (%), and the defaults per supplier and item.
#[server(endpoint = "purchasing/accounts")]
pub async fn purchase_accounts() -> Result<(String, rust_decimal::Decimal, Vec<AccountDefault>), AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    payables::account_list(&db.pool, ctx.company_id).await
}

#[server(endpoint = "purchasing/accounts/save")]
pub async fn save_purchase_account(kind: String, number: String, account: String, dimension: String) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    payables::save_account(&db, &ctx, &kind, &number, &account, &dimension).await
}

/// The price tolerance of invoice matching, in per cent.
#[server(endpoint = "purchasing/tolerance/save")]
pub async fn save_price_tolerance(pct: rust_decimal::Decimal) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    payables::set_tolerance(&db, &ctx, pct).await
}

/// What a supplier invoice for a purchase order will likely hold: the order's lines
/// received and not yet invoiced, and the supplier's number.
#[server(endpoint = "purchasing/invoices/proposal")]
pub async fn invoice_proposal(po_no: String) -> Result<(String, Vec<SiLineInput>), AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    super::store::invoice_proposal(&db.pool, ctx.company_id, &po_no).await
}
