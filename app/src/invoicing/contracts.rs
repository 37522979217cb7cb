//! Contract (recurring) invoicing: contracts with lines, a period (month, quarter,
//! year), a start and an optional end. A run invoices every period due up to a date;
//! each period's invoice and the record of the period are one transaction, and the
//! record's key (contract, period start) makes invoicing a period twice impossible.
use chrono::NaiveDate;
use sqlx::Row;

use super::model::{due_periods, next_start, Contract, ContractInput, ContractInvoice, ContractLine, InvoiceInput};
use super::service::{post_in, prepare, Shared};
use crate::auth::service::AuthCtx;
use crate::core::date::date_or;
use crate::core::lines::LineInput;
use crate::core::money::{from_minor, to_minor};
use crate::core::quantity::{from_milli, to_milli};
use crate::db::{db_err, now_ms, Db};
use crate::error::{AppError, AppResult};
use crate::parties::model::PartyKind;

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub async fn create(db: &Db, ctx: &AuthCtx, input: &ContractInput) -> AppResult<Contract> {
    let (start, end) = input.check().map_err(AppError::invalid)?;
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
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO contracts (company_id, customer_id, description, period, start_date, end_date, next_date, your_ref, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $5, $7, $8, $9) RETURNING id",
    )
    .bind(ctx.company_id)
    .bind(c.id)
    .bind(input.description.trim())
    .bind(&input.period)
    .bind(ymd(start))
    .bind(end.map(ymd))
    .bind(input.your_ref.trim())
    .bind(now_ms())
    .bind(ctx.user_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    for (i, l) in input.lines.iter().enumerate() {
        let price = l.unit_price.map(to_minor).transpose().map_err(|e| AppError::invalid(e.to_string()))?;
        sqlx::query(
            "INSERT INTO contract_lines (company_id, contract_id, line_no, item_no, description, qty_milli, price_minor) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(ctx.company_id)
        .bind(id)
        .bind(i as i64 + 1)
        .bind(l.item_no.trim())
        .bind(l.description.trim())
        .bind(to_milli("Quantity", l.qty).map_err(AppError::invalid)?)
        .bind(price)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(list(db, ctx.company_id).await?.into_iter().find(|x| x.id == id).unwrap_or_default())
}

/// Ends a contract on a date (no period starts after it; empty: no end) and/or pauses
/// or resumes it (a paused contract is skipped by runs; its next period waits).
pub async fn update(db: &Db, ctx: &AuthCtx, id: i64, end_date: Option<&str>, active: Option<bool>) -> AppResult<Contract> {
    let k = list(db, ctx.company_id).await?.into_iter().find(|k| k.id == id).ok_or_else(|| AppError::not_found(format!("No contract {id} in this company")))?;
    let end = match end_date.map(str::trim) {
        None => NaiveDate::parse_from_str(&k.end_date, "%Y-%m-%d").ok(),
        Some("") => None,
        Some(v) => Some(crate::core::date::parse_iso("End", v).map_err(AppError::Invalid)?),
    };
    let start = NaiveDate::parse_from_str(&k.start_date, "%Y-%m-%d").map_err(|_| AppError::Internal("bad contract start".into()))?;
    if end.is_some_and(|e| e < start) {
        return Err(AppError::invalid("The contract ends before it starts"));
    }
    sqlx::query("UPDATE contracts SET end_date = $3, active = $4 WHERE company_id = $1 AND id = $2")
        .bind(ctx.company_id)
        .bind(id)
        .bind(end.map(ymd))
        .bind(active.unwrap_or(k.active) as i64)
        .execute(&db.pool)
        .await
        .map_err(db_err)?;
    Ok(list(db, ctx.company_id).await?.into_iter().find(|x| x.id == id).unwrap_or_default())
}

/// The company's contracts with their lines.
pub async fn list(db: &Db, company_id: i64) -> AppResult<Vec<Contract>> {
    let rows = sqlx::query(
        "SELECT k.id, COALESCE(p.customer_no, ''), p.name, k.description, k.period, k.start_date, COALESCE(k.end_date, ''), k.next_date, k.active
         FROM contracts k JOIN parties p ON p.company_id = k.company_id AND p.id = k.customer_id WHERE k.company_id = $1 ORDER BY k.id",
    )
    .bind(company_id)
    .fetch_all(&db.pool)
    .await
    .map_err(db_err)?;
    let lines =
        sqlx::query("SELECT contract_id, item_no, description, qty_milli, price_minor FROM contract_lines WHERE company_id = $1 ORDER BY contract_id, line_no")
            .bind(company_id)
            .fetch_all(&db.pool)
            .await
            .map_err(db_err)?;
    Ok(rows
        .iter()
        .map(|r| {
            let id: i64 = r.get(0);
            Contract {
                id,
                customer_no: r.get(1),
                customer_name: r.get(2),
                description: r.get(3),
                period: r.get(4),
                start_date: r.get(5),
                end_date: r.get(6),
                next_date: r.get(7),
                active: r.get::<i64, _>(8) != 0,
                lines: lines
                    .iter()
                    .filter(|l| l.get::<i64, _>(0) == id)
                    .map(|l| ContractLine {
                        item_no: l.get(1),
                        description: l.get(2),
                        qty: from_milli(l.get(3)),
                        unit_price: l.get::<Option<i64>, _>(4).map(from_minor),
                    })
                    .collect(),
            }
        })
        .collect())
}

/// Invoices every contract period due up to `date` (empty: today), each in its own
/// transaction with the record of its period.
pub async fn run(db: &Db, ctx: &AuthCtx, date: &str) -> AppResult<Vec<ContractInvoice>> {
    let up_to = date_or("Run date", date, ctx.today())?;
    let shared = Shared::load(db, ctx.company_id).await?;
    let mut out = Vec::new();
    for k in list(db, ctx.company_id).await?.into_iter().filter(|k| k.active) {
        let (Ok(next), end) = (NaiveDate::parse_from_str(&k.next_date, "%Y-%m-%d"), NaiveDate::parse_from_str(&k.end_date, "%Y-%m-%d").ok()) else { continue };
        for start in due_periods(next, end, up_to, &k.period) {
            let Some(after) = next_start(start, &k.period) else { break };
            let period_end = after.pred_opt().unwrap_or(after);
            let mut row = ContractInvoice {
                contract_id: k.id,
                customer_no: k.customer_no.clone(),
                period_start: ymd(start),
                period_end: ymd(period_end),
                ..Default::default()
            };
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
        period: Some((ymd(start), ymd(end))),
        ..Default::default()
    };
    let p = prepare(db, ctx, &input, shared).await?;
    let mut tx = db.begin().await?;
    let cats = super::store::vat_categories(&mut tx, ctx.company_id).await?;
    let settings = super::store::settings(&mut tx, ctx.company_id).await?;
    let (id, number) = post_in(&mut tx, ctx, &input, p, &cats, &settings).await?;
    sqlx::query("INSERT INTO contract_periods (company_id, contract_id, period_start, invoice_id) VALUES ($1, $2, $3, $4)")
        .bind(ctx.company_id)
        .bind(k.id)
        .bind(ymd(start))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| match crate::db::db_err(e) {
            AppError::Conflict(_) => AppError::Conflict(format!("Contract {} period {} is invoiced already", k.id, ymd(start))),
            e => e,
        })?;
    sqlx::query("UPDATE contracts SET next_date = $3 WHERE company_id = $1 AND id = $2")
        .bind(ctx.company_id)
        .bind(k.id)
        .bind(ymd(after))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    Ok(number)
}
