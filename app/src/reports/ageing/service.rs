//! The ageing report: the filters checked, the open items of today (or of the day
//! chosen) and the period's invoicing read, the report made; the downloads' headings.
use super::model::{report, AgeingQuery, AgeingReport};
use super::store;
use crate::auth::service::AuthCtx;
use crate::core::{Lang, T};
use crate::db::{db_err, Db};
use crate::error::{AppError, AppResult};

pub async fn ageing(db: &Db, ctx: &AuthCtx, q: &AgeingQuery) -> AppResult<AgeingReport> {
    let today = ctx.today();
    let f = q.check(today).map_err(AppError::invalid)?;
    let currency = match &f.currency {
        Some(c) => c.clone(),
        None => {
            let mut conn = db.pool.acquire().await.map_err(db_err)?;
            crate::receivables::store::company_currency(&mut conn, ctx.company_id).await?
        }
    };
    if let Some(no) = &f.customer {
        crate::parties::store::by_no(&db.pool, ctx.company_id, crate::parties::model::PartyKind::Customer, no).await.map_err(|e| match e {
            AppError::NotFound(_) => AppError::invalid(format!("Unknown customer '{no}'")),
            e => e,
        })?;
    }
    let (today, mut items) = match f.as_of {
        None => (today, crate::receivables::store::open_items(db, ctx.company_id).await?),
        Some(day) => (day, crate::receivables::store::open_items_as_of(db, ctx.company_id, day).await?),
    };
    if let Some(no) = &f.customer {
        items.retain(|i| i.customer_no == *no);
    }
    let from = (today - chrono::Duration::days(f.days)).to_string();
    let sales = store::invoiced(&db.pool, ctx.company_id, &currency, &from, &today.to_string(), f.customer.as_deref()).await?;
    Ok(report(&f, &currency, today, &items, sales))
}

/// The column headings in the user's language: customer, name, the buckets, open,
/// overdue %, invoiced, DSO.
pub fn heads(l: Lang) -> Vec<String> {
    let mut h = vec![l.t(T::CustomerNo).to_string(), l.t(T::Name).to_string()];
    h.extend(crate::receivables::ageing::bucket_heads(l));
    h.extend([T::OpenTotal, T::OverduePct, T::InvoicedInPeriod, T::Dso].map(|t| l.t(t).to_string()));
    h
}

/// The file name of a download without its extension: `receivables-ageing-NOK-2026-12-07`.
pub fn file_name(r: &AgeingReport) -> String {
    format!("receivables-ageing-{}-{}", r.currency, r.as_of)
}
