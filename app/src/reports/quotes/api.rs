//! The quotes report's server function: thin, the work is in `service`.
use leptos::prelude::*;

use super::model::{QuotesQuery, QuotesReport};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, crate::auth::service::require, crate::auth::Perm};

/// Quotes won, lost and open with the conversion rate, and the lines changed on the
/// way to the order.
#[server(endpoint = "reports/quotes")]
pub async fn get_quotes_report(query: QuotesQuery) -> Result<QuotesReport, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::quotes(&db, &ctx, &query).await
}
