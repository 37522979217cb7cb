//! The sales report: the filters checked and resolved in the company, this period's
//! and last year's sums, merged; the drill-down; the downloads' headings.
use super::model::{report, DrillLine, SalesQuery, SalesReport};
use super::store;
use crate::auth::service::AuthCtx;
use crate::core::{Lang, T};
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// The most invoice lines a drill-down shows.
pub const DRILL_LIMIT: i64 = 500;

pub async fn sales(db: &Db, ctx: &AuthCtx, q: &SalesQuery) -> AppResult<SalesReport> {
    let f = q.check(ctx.today()).map_err(AppError::invalid)?;
    let r = store::resolve(&db.pool, ctx.company_id, &f).await?;
    let now = store::sales(&db.pool, ctx.company_id, &f, &r).await?;
    let prev = store::sales(&db.pool, ctx.company_id, &f.year_before(), &r).await?;
    Ok(report(&f, now, prev))
}

/// The invoice lines behind a row of the report.
pub async fn lines(db: &Db, ctx: &AuthCtx, q: &SalesQuery, key: &str) -> AppResult<Vec<DrillLine>> {
    let f = q.check(ctx.today()).map_err(AppError::invalid)?;
    let r = store::resolve(&db.pool, ctx.company_id, &f).await?;
    store::lines(&db.pool, ctx.company_id, &f, &r, key, DRILL_LIMIT).await
}

/// The downloads' column headings in the user's language: the dimension, its name,
/// net, quantity, last year and the change.
pub fn heads(r: &SalesReport, l: Lang) -> [String; 6] {
    let dim = super::model::Dimension::parse(&r.by).map(|d| l.t(d.label()).to_string()).unwrap_or_default();
    [dim, l.t(T::Name).into(), l.t(T::Net).into(), l.t(T::Quantity).into(), l.t(T::LastYear).into(), l.t(T::ChangePct).into()]
}

/// The profitability download's column headings: the dimension, its name, net, cost,
/// margin, margin % and last year's margin.
pub fn profit_heads(r: &SalesReport, l: Lang) -> [String; 7] {
    let [dim, name, net, ..] = heads(r, l);
    [dim, name, net, l.t(T::LineCost).into(), l.t(T::Margin).into(), l.t(T::MarginPct).into(), l.t(T::MarginLastYear).into()]
}

/// The file name of a download without its extension: `sales-by-customer-2026-01-2026-12`
/// (`report` "sales" or "profit").
pub fn file_name(report: &str, r: &SalesReport) -> String {
    format!("{report}-by-{}-{}-{}", r.by.replace('_', "-"), r.from, r.to)
}
