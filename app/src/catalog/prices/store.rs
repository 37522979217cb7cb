//! SQL of price lists.
use sqlx::AnyPool;

use super::model::{ListPrice, PriceList};
use crate::core::money::to_minor;
use crate::core::quantity::to_milli;
use crate::db::codec::{self, flag, money, opt_date, qty};
use crate::db::{db_err, unique_or, Tx};
use crate::error::{AppError, AppResult};

pub async fn list(pool: &AnyPool, company_id: i64) -> AppResult<Vec<PriceList>> {
    let rows = sqlx::query("SELECT id, name, currency, active FROM price_lists WHERE company_id = $1 ORDER BY name")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter()
        .map(|r| Ok(PriceList { id: codec::get(r, "id")?, name: codec::get(r, "name")?, currency: codec::get(r, "currency")?, active: flag(r, "active")? }))
        .collect()
}

pub async fn get(pool: &AnyPool, company_id: i64, id: i64) -> AppResult<PriceList> {
    list(pool, company_id).await?.into_iter().find(|l| l.id == id).ok_or_else(|| AppError::not_found("No such price list in this company"))
}

/// Adds a list or, with an id, renames / (de)activates it.
pub async fn save(tx: &mut Tx, company_id: i64, l: &PriceList) -> AppResult<i64> {
    if l.id == 0 {
        sqlx::query_scalar("INSERT INTO price_lists (company_id, name, currency, active) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(company_id)
            .bind(&l.name)
            .bind(&l.currency)
            .bind(l.active as i64)
            .fetch_one(&mut **tx)
            .await
            .map_err(unique_or(format!("A price list named '{}' already exists", l.name)))
    } else {
        let n = sqlx::query("UPDATE price_lists SET name = $3, currency = $4, active = $5 WHERE company_id = $1 AND id = $2")
            .bind(company_id)
            .bind(l.id)
            .bind(&l.name)
            .bind(&l.currency)
            .bind(l.active as i64)
            .execute(&mut **tx)
            .await
            .map_err(unique_or(format!("A price list named '{}' already exists", l.name)))?
            .rows_affected();
        if n == 0 {
            return Err(AppError::not_found("No such price list in this company"));
        }
        Ok(l.id)
    }
}

fn price_row(r: &sqlx::any::AnyRow) -> AppResult<ListPrice> {
    Ok(ListPrice {
        id: codec::get(r, "id")?,
        item_id: codec::get(r, "item_id")?,
        item_no: codec::get(r, "item_no")?,
        min_qty: qty(r, "min_qty_milli")?,
        price: money(r, "price_minor")?,
        valid_from: opt_date(r, "valid_from")?,
        valid_to: opt_date(r, "valid_to")?,
    })
}

const PRICE_COLS: &str = "p.id, p.item_id, i.item_no, p.min_qty_milli, p.price_minor, p.valid_from, p.valid_to";

pub async fn prices(pool: &AnyPool, company_id: i64, list_id: i64) -> AppResult<Vec<ListPrice>> {
    let rows = sqlx::query(&format!(
        "SELECT {PRICE_COLS} FROM price_list_prices p JOIN items i ON i.company_id = p.company_id AND i.id = p.item_id
         WHERE p.company_id = $1 AND p.price_list_id = $2 ORDER BY i.item_no, p.min_qty_milli, p.valid_from"
    ))
    .bind(company_id)
    .bind(list_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(price_row).collect()
}

/// The list prices of some items in one list (for pricing document lines).
pub async fn prices_for<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    exec: E,
    company_id: i64,
    list_id: i64,
    item_ids: &[i64],
) -> AppResult<Vec<ListPrice>> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ph: Vec<String> = (0..item_ids.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "SELECT {PRICE_COLS} FROM price_list_prices p JOIN items i ON i.company_id = p.company_id AND i.id = p.item_id
         WHERE p.company_id = $1 AND p.price_list_id = $2 AND p.item_id IN ({})",
        ph.join(", ")
    );
    let mut q = sqlx::query(&sql).bind(company_id).bind(list_id);
    for id in item_ids {
        q = q.bind(*id);
    }
    q.fetch_all(exec).await.map_err(db_err)?.iter().map(price_row).collect()
}

pub async fn add_price(tx: &mut Tx, company_id: i64, list_id: i64, p: &ListPrice) -> AppResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO price_list_prices (company_id, price_list_id, item_id, min_qty_milli, price_minor, valid_from, valid_to)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(company_id)
    .bind(list_id)
    .bind(p.item_id)
    .bind(to_milli("From quantity", p.min_qty)?)
    .bind(to_minor(p.price).map_err(|e| AppError::invalid(e.to_string()))?)
    .bind(p.valid_from.map(|d| d.format("%Y-%m-%d").to_string()))
    .bind(p.valid_to.map(|d| d.format("%Y-%m-%d").to_string()))
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)
}

/// Removes a price; answers the number of the item it was for.
pub async fn remove_price(tx: &mut Tx, company_id: i64, list_id: i64, id: i64) -> AppResult<String> {
    sqlx::query_scalar(
        "DELETE FROM price_list_prices WHERE company_id = $1 AND price_list_id = $2 AND id = $3
         RETURNING (SELECT i.item_no FROM items i WHERE i.company_id = $1 AND i.id = price_list_prices.item_id)",
    )
    .bind(company_id)
    .bind(list_id)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_err)?
    .ok_or_else(|| AppError::not_found("No such price in this list"))
}

/// The price of `qty` of an item for a customer (their price list, if any) on a
/// date, through `model::resolve`: what every document line is priced with.
pub async fn line_price(
    pool: &AnyPool,
    company_id: i64,
    item: &crate::catalog::model::Item,
    price_list_id: Option<i64>,
    qty: rust_decimal::Decimal,
    date: chrono::NaiveDate,
) -> AppResult<super::model::LinePrice> {
    let list = match price_list_id {
        Some(id) if get(pool, company_id, id).await?.active => prices_for(pool, company_id, id, &[item.id]).await?,
        _ => Vec::new(),
    };
    let (price, source) = super::model::resolve(item.sales_price, &list, qty, date);
    Ok(super::model::LinePrice { item_no: item.item_no.clone(), qty, price, source, price_list_id })
}
