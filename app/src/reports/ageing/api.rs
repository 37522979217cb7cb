//! The ageing report's server function: thin, the work is in `service`.
use leptos::prelude::*;

use super::model::{AgeingQuery, AgeingReport};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, crate::auth::service::require, crate::auth::Perm};

/// Today's receivables by customer and age, with DSO (a customer's open items too when
/// one is chosen).
#[server(endpoint = "reports/ageing")]
pub async fn get_ageing_report(query: AgeingQuery) -> Result<AgeingReport, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::ageing(&db, &ctx, &query).await
}
