//! Budget server functions: thin, the work is in `service`.
use leptos::prelude::*;

use super::model::{BudgetInput, BudgetQuery, BudgetReport};
use crate::core::csv::ImportReport;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, crate::auth::service::require, crate::auth::Perm};

/// Budget against actual for the filters.
#[server(endpoint = "reports/budget")]
pub async fn get_budget_report(query: BudgetQuery) -> Result<BudgetReport, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::budget(&db, &ctx, &query).await
}

/// Saves one key's budget for a year (twelve months).
#[server(endpoint = "reports/budget/save")]
pub async fn save_budget(input: BudgetInput) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    service::save(&db, &ctx, &input).await
}

/// Imports budgets from CSV text (`by;key;month;amount`), or with `preview` only
/// checks them; nothing is written when a row is wrong.
#[server(endpoint = "reports/budget/import")]
pub async fn import_budget(csv: String, preview: bool) -> Result<ImportReport, AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    service::import(&db, &ctx, &csv, preview).await
}
