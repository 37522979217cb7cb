//! Receivables server functions.
use leptos::prelude::*;

use super::model::{BankFileRow, OpenItem, PaymentInput, PaymentResult, Reminder, Statement, UnmatchedLine};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, super::store, crate::auth::service::require, crate::auth::Perm};

/// Every open item of the company; the browser filters and sorts them.
#[server(endpoint = "receivables/open")]
pub async fn open_items() -> Result<Vec<OpenItem>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::open_items(&db, ctx.company_id).await
}

#[server(endpoint = "receivables/pay")]
pub async fn register_payment(input: PaymentInput) -> Result<PaymentResult, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    service::register(&db, &ctx, &input, super::model::PaymentMethod::Manual).await
}

/// Unmatched lines the bank page shows at once (the oldest first).
pub const BANK_PAGE_LINES: i64 = 200;

/// The latest bank files, the oldest lines still waiting to be matched, and how many
/// wait in all.
#[server(endpoint = "receivables/bank")]
pub async fn bank_overview() -> Result<(Vec<BankFileRow>, Vec<UnmatchedLine>, i64), AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    Ok((
        store::bank_files(&db.pool, ctx.company_id, 20).await?,
        store::unmatched_lines(&db.pool, ctx.company_id, 0, BANK_PAGE_LINES).await?,
        store::unmatched_count(&db.pool, ctx.company_id).await?,
    ))
}

/// Matches an unmatched bank line to an invoice by hand.
#[server(endpoint = "receivables/bank/match")]
pub async fn match_bank_line(line_id: i64, invoice_no: String) -> Result<PaymentResult, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    service::match_by_hand(&db, &ctx, line_id, &invoice_no).await
}

/// A reminder run on a date: with `preview`, only what it would send.
#[server(endpoint = "receivables/reminders/run")]
pub async fn run_reminders(date: String, preview: bool) -> Result<Vec<Reminder>, AppError> {
    let (db, ctx) = require(if preview { Perm::Read } else { Perm::Accounting }).await?;
    super::reminders::run(&db, &ctx, &super::model::ReminderRun { date, preview }).await
}

/// The reminders sent for an invoice.
#[server(endpoint = "receivables/reminders/of")]
pub async fn invoice_reminders(no: String) -> Result<Vec<Reminder>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::reminders_of(&db.pool, ctx.company_id, &no).await
}

/// A customer's statement for a period (all, this_month, last_3_months, last_year, year_before).
#[server(endpoint = "receivables/statement")]
pub async fn customer_statement(customer_no: String, period: String) -> Result<Statement, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    super::statement::statement(&db, ctx.company_id, &customer_no, &period).await
}
