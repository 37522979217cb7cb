//! Budgets: a year typed on screen or a CSV file written in one transaction (any
//! unknown customer or seller, or unreadable row, writes nothing and is named), and the
//! report of budget against the invoiced net from the sales rollups.
use super::model::{report, rows, BudgetBy, BudgetEntry, BudgetInput, BudgetQuery, BudgetReport};
use super::store;
use crate::auth::service::AuthCtx;
use crate::core::csv::ImportReport;
use crate::core::{Lang, T};
use crate::db::{db_err, Db};
use crate::error::{AppError, AppResult};
use crate::reports::model::{Dimension, SalesFilter};

/// The entries whose key is no customer or seller of the company: (index, message).
async fn unknown(db: &Db, ctx: &AuthCtx, entries: &[&BudgetEntry]) -> AppResult<Vec<(usize, String)>> {
    let mut out = Vec::new();
    for by in BudgetBy::ALL.iter().copied() {
        let keys: Vec<String> = entries.iter().filter(|e| e.by == by).map(|e| e.key.clone()).collect();
        if keys.is_empty() || by == BudgetBy::ItemGroup {
            continue;
        }
        let known = store::names(&db.pool, ctx.company_id, by, &keys).await?;
        for (i, e) in entries.iter().enumerate().filter(|(_, e)| e.by == by && !known.contains_key(&e.key)) {
            out.push((i, format!("Unknown {} '{}'", by.code(), e.key)));
        }
    }
    Ok(out)
}

async fn write(db: &Db, ctx: &AuthCtx, entries: &[BudgetEntry]) -> AppResult<()> {
    let mut tx = db.begin().await?;
    store::save(&mut tx, ctx.company_id, entries).await?;
    tx.commit().await.map_err(db_err)
}

/// One key's twelve months of a year.
pub async fn save(db: &Db, ctx: &AuthCtx, input: &BudgetInput) -> AppResult<()> {
    let entries = input.check().map_err(AppError::invalid)?;
    if let Some((_, e)) = unknown(db, ctx, &entries.iter().collect::<Vec<_>>()).await?.into_iter().next() {
        return Err(AppError::invalid(e));
    }
    write(db, ctx, &entries).await
}

/// A CSV file's budgets (`by;key;month;amount`): every bad row named by its line;
/// any error (or a preview) writes nothing.
pub async fn import(db: &Db, ctx: &AuthCtx, csv: &str, preview: bool) -> AppResult<ImportReport> {
    let table = crate::core::csv::parse(csv).map_err(AppError::invalid)?;
    let read = rows(&table).map_err(AppError::invalid)?;
    let mut errors: Vec<(usize, String)> = read.iter().filter_map(|(l, r)| r.as_ref().err().map(|e| (*l, e.clone()))).collect();
    let good: Vec<(usize, &BudgetEntry)> = read.iter().filter_map(|(l, r)| r.as_ref().ok().map(|e| (*l, e))).collect();
    let entries: Vec<&BudgetEntry> = good.iter().map(|(_, e)| *e).collect();
    errors.extend(unknown(db, ctx, &entries).await?.into_iter().map(|(i, e)| (good[i].0, e)));
    errors.sort();
    let total = read.len() as i64;
    if !errors.is_empty() || preview {
        return Ok(ImportReport { rows: total, imported: 0, errors });
    }
    write(db, ctx, &entries.into_iter().cloned().collect::<Vec<_>>()).await?;
    Ok(ImportReport { rows: total, imported: total, errors })
}

/// Budget against the invoiced net for the period, by the filter's key.
pub async fn budget(db: &Db, ctx: &AuthCtx, q: &BudgetQuery) -> AppResult<BudgetReport> {
    let f = q.check(ctx.today()).map_err(AppError::invalid)?;
    let by = match f.by {
        BudgetBy::Seller => Dimension::Seller,
        BudgetBy::Customer => Dimension::Customer,
        BudgetBy::ItemGroup => Dimension::ItemGroup,
    };
    let sales = SalesFilter { from: f.from, to: f.to, by, customer: None, item: None, item_group: None, seller: None, project: None, warehouse: None };
    let actual = crate::reports::store::sales(&db.pool, ctx.company_id, &sales, &Default::default()).await?;
    let budgets = store::sums(&db.pool, ctx.company_id, &f).await?;
    let keys: Vec<String> = budgets.iter().map(|b| b.0.clone()).collect();
    let names = store::names(&db.pool, ctx.company_id, f.by, &keys).await?;
    let budgets = budgets.into_iter().map(|(k, v)| (k.clone(), names.get(&k).cloned().unwrap_or_default(), v)).collect();
    let actual = actual.into_iter().map(|s| (s.key, s.label, rust_decimal::Decimal::new(s.net_minor, 2))).collect();
    Ok(report(&f, budgets, actual))
}

/// The column headings in the user's language.
pub fn heads(r: &BudgetReport, l: Lang) -> Vec<String> {
    let dim = BudgetBy::parse(&r.by).map(|d| l.t(d.label()).to_string()).unwrap_or_default();
    let mut h = vec![dim];
    h.extend([T::Name, T::Budget, T::Actual, T::Variance, T::VariancePct].map(|t| l.t(t).to_string()));
    h
}

/// The file name of a download without its extension: `budget-by-customer-2026-01-2026-12`.
pub fn file_name(r: &BudgetReport) -> String {
    format!("budget-by-{}-{}-{}", r.by.replace('_', "-"), r.from, r.to)
}
