//! The quotes report: the filters checked and resolved in the company, the period's
//! quotes and changed lines read, the report made; the downloads' headings.
use super::model::{report, QuotesQuery, QuotesReport};
use super::store;
use crate::auth::service::AuthCtx;
use crate::core::{Lang, T};
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// The most changed lines the report lists.
pub const CHANGES_LIMIT: i64 = 500;

pub async fn quotes(db: &Db, ctx: &AuthCtx, q: &QuotesQuery) -> AppResult<QuotesReport> {
    let today = ctx.today();
    let f = q.check(today).map_err(AppError::invalid)?;
    let customer_id = match &f.customer {
        Some(no) => Some(
            crate::parties::store::by_no(&db.pool, ctx.company_id, crate::parties::model::PartyKind::Customer, no)
                .await
                .map_err(|e| match e {
                    AppError::NotFound(_) => AppError::invalid(format!("Unknown customer '{no}'")),
                    e => e,
                })?
                .id,
        ),
        None => None,
    };
    let facts = store::quotes(&db.pool, ctx.company_id, &f, customer_id, today).await?;
    let changes = store::changes(&db.pool, ctx.company_id, &f, customer_id, CHANGES_LIMIT).await?;
    Ok(report(&f, &facts, changes))
}

/// The column headings in the user's language.
pub fn heads(r: &QuotesReport, l: Lang) -> Vec<String> {
    let dim = super::model::QuoteBy::parse(&r.by).map(|d| l.t(d.label()).to_string()).unwrap_or_default();
    let mut h = vec![dim];
    h.extend(
        [T::Name, T::Quotes, T::QuotesWon, T::QuotesLost, T::QuotesOpen, T::ConversionPct, T::QuotedValue, T::ValueConversionPct, T::Ordered]
            .map(|t| l.t(t).to_string()),
    );
    h
}

/// The file name of a download without its extension: `quotes-by-seller-2026-01-2026-12`.
pub fn file_name(r: &QuotesReport) -> String {
    format!("quotes-by-{}-{}-{}", r.by, r.from, r.to)
}
