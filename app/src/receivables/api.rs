//! Receivables server functions.
use leptos::prelude::*;

use super::model::{OpenItem, PaymentInput, PaymentResult};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, super::store, crate::auth::service::require, crate::auth::Perm};

/// Every open item of the company; the browser filters and sorts them.
#[server(endpoint = "receivables/open")]
pub async fn open_items() -> Result<Vec<OpenItem>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::open_items(&db.pool, ctx.company_id).await
}

#[server(endpoint = "receivables/pay")]
pub async fn register_payment(input: PaymentInput) -> Result<PaymentResult, AppError> {
    let (db, ctx) = require(Perm::Accounting).await?;
    service::register(&db, &ctx, &input, "manual").await
}
