//! Contracts, their lines and the record of the periods invoiced.
use chrono::NaiveDate;

use crate::db::codec::{flag, get, qty};
use crate::db::{db_err, now_ms, Tx};
use crate::error::{AppError, AppResult};
use crate::invoicing::model::{Contract, ContractLine};

use crate::core::date::iso as ymd;
use crate::db::codec::{date, opt_date};

/// A contract to write (checked by the service).
pub struct NewContract<'a> {
    pub customer_id: i64,
    pub description: &'a str,
    pub period: crate::invoicing::model::Period,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub your_ref: &'a str,
}

/// A contract line to write: quantity in thousandths, price in minor units (none:
/// the item's price when invoiced).
pub struct NewContractLine<'a> {
    pub item_no: &'a str,
    pub description: &'a str,
    pub qty_milli: i64,
    pub price_minor: Option<i64>,
}

/// Writes a contract and its lines; answers its id. Its first period starts at its start.
pub async fn insert(tx: &mut Tx, company_id: i64, user_id: i64, k: &NewContract<'_>, lines: &[NewContractLine<'_>]) -> AppResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO contracts (company_id, customer_id, description, period, start_date, end_date, next_date, your_ref, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $5, $7, $8, $9) RETURNING id",
    )
    .bind(company_id)
    .bind(k.customer_id)
    .bind(k.description)
    .bind(k.period.code())
    .bind(ymd(k.start))
    .bind(k.end.map(ymd))
    .bind(k.your_ref)
    .bind(now_ms())
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    for (i, l) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO contract_lines (company_id, contract_id, line_no, item_no, description, qty_milli, price_minor) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(company_id)
        .bind(id)
        .bind(i as i64 + 1)
        .bind(l.item_no)
        .bind(l.description)
        .bind(l.qty_milli)
        .bind(l.price_minor)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    }
    Ok(id)
}

/// Sets a contract's end (none: open-ended) and whether it is active.
pub async fn set_end_and_active(pool: &sqlx::AnyPool, company_id: i64, id: i64, end: Option<NaiveDate>, active: bool) -> AppResult<()> {
    sqlx::query("UPDATE contracts SET end_date = $3, active = $4 WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(id)
        .bind(end.map(ymd))
        .bind(active as i64)
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// The company's contracts with their lines, oldest first.
pub async fn list(pool: &sqlx::AnyPool, company_id: i64) -> AppResult<Vec<Contract>> {
    let rows = sqlx::query(
        "SELECT k.id, COALESCE(p.customer_no, '') AS customer_no, p.name, k.description, k.period, k.start_date,
                k.end_date, k.next_date, k.active
         FROM contracts k JOIN parties p ON p.company_id = k.company_id AND p.id = k.customer_id WHERE k.company_id = $1 ORDER BY k.id",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let lines =
        sqlx::query("SELECT contract_id, item_no, description, qty_milli, price_minor FROM contract_lines WHERE company_id = $1 ORDER BY contract_id, line_no")
            .bind(company_id)
            .fetch_all(pool)
            .await
            .map_err(db_err)?;
    let mut by_contract: Vec<(i64, ContractLine)> = Vec::with_capacity(lines.len());
    for l in &lines {
        let price: Option<i64> = get(l, "price_minor")?;
        by_contract.push((
            get(l, "contract_id")?,
            ContractLine {
                item_no: get(l, "item_no")?,
                description: get(l, "description")?,
                qty: qty(l, "qty_milli")?,
                unit_price: price.map(crate::core::money::from_minor),
            },
        ));
    }
    rows.iter()
        .map(|r| {
            let id: i64 = get(r, "id")?;
            Ok(Contract {
                id,
                customer_no: get(r, "customer_no")?,
                customer_name: get(r, "name")?,
                description: get(r, "description")?,
                period: crate::db::codec::coded(r, "period", crate::invoicing::model::Period::parse)?,
                start_date: date(r, "start_date")?,
                end_date: opt_date(r, "end_date")?,
                next_date: date(r, "next_date")?,
                active: flag(r, "active")?,
                lines: by_contract.iter().filter(|(k, _)| *k == id).map(|(_, l)| l.clone()).collect(),
            })
        })
        .collect()
}

/// Records that a contract's period starting at `start` was invoiced by `invoice_id`
/// and moves the contract's next period to `next`. The record's key refuses a
/// period invoiced twice.
pub async fn record_period(tx: &mut Tx, company_id: i64, contract_id: i64, start: NaiveDate, invoice_id: i64, next: NaiveDate) -> AppResult<()> {
    sqlx::query("INSERT INTO contract_periods (company_id, contract_id, period_start, invoice_id) VALUES ($1, $2, $3, $4)")
        .bind(company_id)
        .bind(contract_id)
        .bind(ymd(start))
        .bind(invoice_id)
        .execute(&mut **tx)
        .await
        .map_err(|e| match db_err(e) {
            AppError::Conflict(_) => AppError::Conflict(format!("Contract {contract_id} period {} is invoiced already", ymd(start))),
            e => e,
        })?;
    sqlx::query("UPDATE contracts SET next_date = $3 WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(contract_id)
        .bind(ymd(next))
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}
