//! Contract (recurring) invoicing: contracts with lines, a period (month, quarter,
//! year), a start and an optional end. A run invoices every period due up to a date;
//! each period's invoice and the record of the period are one transaction, and the
//! record's key (contract, period start) makes invoicing a period twice impossible.
use chrono::NaiveDate;

use super::model::{due_periods, next_start, Contract, ContractInput, ContractInvoice, InvoiceInput};
use super::service::{post_in, prepare, Shared};
use super::store::contracts::{self as store, NewContract, NewContractLine};
use crate::auth::service::AuthCtx;
use crate::core::date::date_or;
use crate::core::lines::LineInput;
use crate::db::{codec, db_err, Db};
use crate::error::{AppError, AppResult};
use crate::parties::model::PartyKind;

use crate::core::date::iso as ymd;

pub async fn create(db: &Db, ctx: &AuthCtx, input: &ContractInput) -> AppResult<Contract> {
    let (period, start, end) = input.check().map_err(AppError::invalid)?;
    let c = crate::parties::store::by_no(&db.pool, ctx.company_id, PartyKind::Customer, input.customer_no.trim()).await?;
    let known = crate::catalog::store::items_by_no(
        &mut *db.pool.acquire().await.map_err(db_err)?,
        ctx.company_id,
        &input.lines.iter().map(|l| l.item_no.trim().to_string()).collect::<Vec<_>>(),
    )
    .await?;
    if let Some(l) = input.lines.iter().find(|l| !known.contains_key(l.item_no.trim())) {
        return Err(AppError::invalid(format!("No item {} in this company", l.item_no.trim())));
    }
    let lines = input
        .lines
        .iter()
        .map(|l| {
            Ok(NewContractLine {
                item_no: l.item_no.trim(),
                description: l.description.trim(),
                qty_milli: codec::milli("Quantity", l.qty)?,
                price_minor: l.unit_price.map(codec::minor).transpose()?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let new = NewContract { customer_id: c.id, description: input.description.trim(), period, start, end, your_ref: input.your_ref.trim() };
    let mut tx = db.begin().await?;
    let id = store::insert(&mut tx, ctx.company_id, ctx.user_id, &new, &lines).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(list(db, ctx.company_id).await?.into_iter().find(|x| x.id == id).unwrap_or_default())
}

/// Ends a contract on a date (no period starts after it; empty: no end) and/or pauses
/// or resumes it (a paused contract is skipped by runs; its next period waits).
pub async fn update(db: &Db, ctx: &AuthCtx, id: i64, end_date: Option<&str>, active: Option<bool>) -> AppResult<Contract> {
    let k = list(db, ctx.company_id).await?.into_iter().find(|k| k.id == id).ok_or_else(|| AppError::not_found(format!("No contract {id} in this company")))?;
    let end = match end_date.map(str::trim) {
        None => k.end_date,
        Some("") => None,
        Some(v) => Some(crate::core::date::parse_iso("End", v).map_err(AppError::Invalid)?),
    };
    if end.is_some_and(|e| e < k.start_date) {
        return Err(AppError::invalid("The contract ends before it starts"));
    }
    store::set_end_and_active(&db.pool, ctx.company_id, id, end, active.unwrap_or(k.active)).await?;
    Ok(list(db, ctx.company_id).await?.into_iter().find(|x| x.id == id).unwrap_or_default())
}

/// The company's contracts with their lines.
pub async fn list(db: &Db, company_id: i64) -> AppResult<Vec<Contract>> {
    store::list(&db.pool, company_id).await
}

/// Invoices every contract period due up to `date` (empty: today), each in its own
/// transaction with the record of its period.
pub async fn run(db: &Db, ctx: &AuthCtx, date: &str) -> AppResult<Vec<ContractInvoice>> {
    let up_to = date_or("Run date", date, ctx.today())?;
    let shared = Shared::load(db, ctx.company_id).await?;
    let mut out = Vec::new();
    for k in list(db, ctx.company_id).await?.into_iter().filter(|k| k.active) {
        for start in due_periods(k.next_date, k.end_date, up_to, k.period) {
            let Some(after) = next_start(start, k.period) else { break };
            let period_end = after.pred_opt().unwrap_or(after);
            let mut row = ContractInvoice { contract_id: k.id, customer_no: k.customer_no.clone(), period_start: start, period_end, ..Default::default() };
            match one_period(db, ctx, &shared, &k, start, period_end, after).await {
                Ok(no) => row.invoice_no = no,
                Err(e @ (AppError::Invalid(_) | AppError::Conflict(_) | AppError::NotFound(_))) => {
                    row.error = e.to_string();
                    out.push(row);
                    break; // a later period waits until this one can be invoiced
                }
                Err(e) => return Err(e),
            }
            out.push(row);
        }
    }
    Ok(out)
}

async fn one_period(db: &Db, ctx: &AuthCtx, shared: &Shared, k: &Contract, start: NaiveDate, end: NaiveDate, after: NaiveDate) -> AppResult<String> {
    let input = InvoiceInput {
        customer_no: k.customer_no.clone(),
        lines: k
            .lines
            .iter()
            .map(|l| LineInput { item_no: l.item_no.clone(), description: l.description.clone(), qty: l.qty, unit_price: l.unit_price, ..Default::default() })
            .collect(),
        invoice_date: ymd(ctx.today()),
        note: format!("{} {} – {}", k.description, ymd(start), ymd(end)),
        period: Some((start, end)),
        ..Default::default()
    };
    let p = prepare(db, ctx, &input, shared).await?;
    let mut tx = db.begin().await?;
    let cats = super::store::vat_categories(&mut tx, ctx.company_id).await?;
    let settings = super::store::settings(&mut tx, ctx.company_id).await?;
    let (id, number) = post_in(&mut tx, ctx, &input, p, &cats, &settings).await?;
    store::record_period(&mut tx, ctx.company_id, k.id, start, id, after).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(number)
}
