//! The turnover report: the filters checked, the valuation at the day before the
//! period and at its last day, the period's issues, the report; the headings.
use super::model::{report, Stock, TurnoverQuery, TurnoverReport};
use super::store;
use crate::auth::service::AuthCtx;
use crate::core::{Lang, T};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::stock::store::ledger;

pub async fn turnover(db: &Db, ctx: &AuthCtx, q: &TurnoverQuery) -> AppResult<TurnoverReport> {
    let f = q.check(ctx.today()).map_err(AppError::invalid)?;
    let wh = match &f.warehouse {
        Some(code) => Some(crate::catalog::store::warehouse_id(&db.pool, ctx.company_id, code).await?),
        None => None,
    };
    let (before, last) = f.dates();
    let stock =
        |r: crate::stock::valuation::ValuationReport| -> Vec<Stock> { r.rows.into_iter().map(|x| (x.item_no, x.description, x.qty, x.value)).collect() };
    let opening = stock(ledger::valuation(db, ctx.company_id, before, wh).await?);
    let closing = stock(ledger::valuation(db, ctx.company_id, last, wh).await?);
    let issues = store::issues(db, ctx.company_id, before, last, wh).await?;
    Ok(report(&f, opening, closing, issues))
}

pub fn heads(l: Lang) -> Vec<String> {
    [T::ItemNo, T::Description, T::Physical, T::Value, T::OpeningValue, T::Issued, T::Cogs, T::Turnover, T::DaysOfStock, T::LastIssue]
        .map(|t| l.t(t).to_string())
        .to_vec()
}

/// The file name of a download without its extension: `stock-turnover-2026-01-2026-12`.
pub fn file_name(r: &TurnoverReport) -> String {
    format!("stock-turnover-{}-{}", r.from, r.to)
}
