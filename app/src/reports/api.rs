//! Report server functions: thin, the work is in `service`.
use leptos::prelude::*;

use super::model::{DrillLine, SalesQuery, SalesReport};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, crate::auth::service::require, crate::auth::Perm};

/// The sales report for the filters (the same period a year earlier beside it).
#[server(endpoint = "reports/sales")]
pub async fn get_sales_report(query: SalesQuery) -> Result<SalesReport, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::sales(&db, &ctx, &query).await
}

/// The invoice lines behind a row (its `key`), at most 500.
#[server(endpoint = "reports/sales-lines")]
pub async fn sales_lines(query: SalesQuery, key: String) -> Result<Vec<DrillLine>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::lines(&db, &ctx, &query, &key).await
}
