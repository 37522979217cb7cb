//! The turnover report's server function: thin, the work is in `service`.
use leptos::prelude::*;

use super::model::{TurnoverQuery, TurnoverReport};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, crate::auth::service::require, crate::auth::Perm};

/// Stock turnover and slow movers for the period (one warehouse when given).
#[server(endpoint = "reports/turnover")]
pub async fn get_turnover_report(query: TurnoverQuery) -> Result<TurnoverReport, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::turnover(&db, &ctx, &query).await
}
