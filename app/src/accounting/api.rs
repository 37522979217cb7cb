//! Accounting server functions: thin, the rules live in the service and the store.
use leptos::prelude::*;

use super::model::{TrialRow, VatReport, Voucher};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::{service, store},
    crate::auth::service::require,
    crate::auth::Perm,
};

/// The period a journal or trial balance covers: as typed, by default this year up to today.
#[cfg(feature = "ssr")]
pub fn period(from: &str, to: &str, today: chrono::NaiveDate) -> Result<(chrono::NaiveDate, chrono::NaiveDate), AppError> {
    use chrono::Datelike;
    let start = chrono::NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let from = crate::core::date::date_or("From", from, start).map_err(AppError::Invalid)?;
    let to = crate::core::date::date_or("To", to, today).map_err(AppError::Invalid)?;
    if to < from {
        return Err(AppError::invalid(format!("The period ends ({to}) before it starts ({from})")));
    }
    Ok((from, to))
}

#[server(endpoint = "accounting/vouchers")]
pub async fn list_vouchers(from: String, to: String) -> Result<Vec<Voucher>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let (from, to) = period(&from, &to, ctx.today())?;
    store::vouchers(&db.pool, ctx.company_id, from, to).await
}

#[server(endpoint = "accounting/trial-balance")]
pub async fn trial_balance(from: String, to: String) -> Result<Vec<TrialRow>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let (from, to) = period(&from, &to, ctx.today())?;
    store::trial_balance(&db.pool, ctx.company_id, from, to).await
}

#[server(endpoint = "accounting/vat-summary")]
pub async fn vat_summary(from: String, to: String) -> Result<VatReport, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let (from, to) = period(&from, &to, ctx.today())?;
    Ok(VatReport { output: store::vat_summary(&db.pool, ctx.company_id, from, to).await?, input: store::input_vat(&db.pool, ctx.company_id, from, to).await? })
}

/// The last locked day, ISO (empty: nothing is locked).
#[server(endpoint = "accounting/lock")]
pub async fn locked_until() -> Result<String, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    Ok(store::locked_until(&db.pool, ctx.company_id).await?.map(crate::core::date::iso).unwrap_or_default())
}

#[server(endpoint = "accounting/lock/save")]
pub async fn lock_period(date: String) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    service::set_lock(&db, &ctx, &date).await
}

#[server(endpoint = "accounting/accounts")]
pub async fn list_accounts() -> Result<Vec<super::model::Account>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::accounts(&db.pool, ctx.company_id).await
}

/// Adds or changes an account (the form's fields; `active` is the checkbox).
#[server(endpoint = "accounting/accounts/save")]
pub async fn save_account(number: String, name: String, grouping_category: String, grouping_code: String, active: Option<String>) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let input = super::model::AccountInput { number, name, grouping_category, grouping_code, active };
    service::save_account(&db, &ctx, &input).await
}

#[server(endpoint = "accounting/map")]
pub async fn list_map() -> Result<Vec<super::model::MapEntry>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::map(&db.pool, ctx.company_id).await
}

#[server(endpoint = "accounting/map/save")]
pub async fn save_mapping(key: String, account: String, #[server(default)] group: String) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    service::save_mapping(&db, &ctx, &key, &group, &account).await
}

/// Every key the account map may hold (the form's choices).
#[server(endpoint = "accounting/map/keys")]
pub async fn map_keys() -> Result<Vec<String>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::map_keys(&db.pool, ctx.company_id).await
}

/// Imports opening balances (CSV: `account;amount`, or `account;debit;credit`) as one
/// voucher dated `date`; a file with faults imports nothing and names each line's.
#[server(endpoint = "accounting/opening/import")]
pub async fn import_opening(date: String, csv: String) -> Result<crate::core::csv::ImportReport, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    service::import_opening(&db, &ctx, &date, &csv).await
}

/// Reverses a voucher no document corrects (an opening balance) on `date`; answers the
/// reversing voucher's id.
#[server(endpoint = "accounting/vouchers/reverse")]
pub async fn reverse_voucher(voucher: String, #[server(default)] date: String) -> Result<String, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    Ok(service::reverse(&db, &ctx, &voucher, &date).await?.id())
}
