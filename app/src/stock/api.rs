//! Stock server functions.
use leptos::prelude::*;

use super::model::{AdjustmentInput, CountSheet, CountSummary, Figures, MoveRow, TransferInput};
use super::profile::ProfileData;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, super::store::ledger, crate::auth::service::require, crate::auth::Perm, crate::catalog::store as items};

/// Figures per warehouse and the latest moves of an item.
#[server(endpoint = "stock/item")]
pub async fn item_stock(item_no: String) -> Result<(Vec<Figures>, Vec<MoveRow>), AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let item = items::by_no(&db.pool, ctx.company_id, &item_no).await?;
    Ok((ledger::figures(&db.pool, ctx.company_id, item.id).await?, ledger::moves(&db.pool, ctx.company_id, item.id, 100).await?))
}

#[server(endpoint = "stock/adjust")]
pub async fn adjust_stock(input: AdjustmentInput) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Stock).await?;
    service::adjust(&db, &ctx, &input).await
}

#[server(endpoint = "stock/transfer")]
pub async fn transfer_stock(input: TransferInput) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Stock).await?;
    service::transfer(&db, &ctx, &input).await
}

/// Everything the interactive item profile needs, sent once.
#[server(endpoint = "stock/profile")]
pub async fn item_profile(item_no: String) -> Result<ProfileData, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let item = items::by_no(&db.pool, ctx.company_id, &item_no).await?;
    ledger::profile_data(&db.pool, ctx.company_id, &item).await
}

/// The phone lookup: an item by exact number or barcode with its figures.
#[server(endpoint = "stock/lookup")]
pub async fn lookup_stock(code: String) -> Result<super::model::Lookup, AppError> {
    use super::model::Lookup;
    let (db, ctx) = require(Perm::Read).await?;
    // the number or barcode; else the name (one match is the item, several a choice)
    let item = match items::lookup(&db.pool, ctx.company_id, &code).await? {
        Some(item) => item,
        None => {
            let page = items::search(&db.pool, ctx.company_id, &code, false, "description", 1, 20).await?;
            match page.items.len() {
                0 => return Ok(Lookup::NotFound),
                1 => page.items.into_iter().next().ok_or_else(|| AppError::Internal("item vanished".into()))?,
                _ => return Ok(Lookup::Several(page.items.into_iter().map(|i| (i.item_no, i.description)).collect())),
            }
        }
    };
    let figures = ledger::figures(&db.pool, ctx.company_id, item.id).await?;
    Ok(Lookup::Found(Box::new(item), figures))
}

#[server(endpoint = "stock/counts")]
pub async fn list_counts() -> Result<Vec<CountSummary>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    super::count::list(&db.pool, ctx.company_id).await
}

#[server(endpoint = "stock/counts/start")]
pub async fn start_count(warehouse: String, filter: String) -> Result<i64, AppError> {
    let (db, ctx) = require(Perm::Stock).await?;
    super::count::start(&db, ctx.company_id, ctx.user_id, &warehouse, &filter).await
}

#[server(endpoint = "stock/counts/sheet")]
pub async fn get_count_sheet(id: i64) -> Result<CountSheet, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    super::count::sheet(&db.pool, ctx.company_id, id).await
}

/// Records a counted quantity; an empty value clears it.
#[server(endpoint = "stock/counts/set")]
pub async fn set_counted(id: i64, item_no: String, counted: String) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Stock).await?;
    let counted = if counted.trim().is_empty() { None } else { Some(super::model::parse_counted(&counted, ctx.lang)?) };
    super::count::set_counted(&db, ctx.company_id, id, &item_no, counted).await
}

#[server(endpoint = "stock/counts/post")]
pub async fn post_count(id: i64) -> Result<usize, AppError> {
    let (db, ctx) = require(Perm::Stock).await?;
    super::count::post(&db, ctx.company_id, ctx.user_id, id).await
}

/// Stock value per item and warehouse as of a date (YYYY-MM-DD; today when empty).
#[server(endpoint = "stock/valuation")]
pub async fn valuation_report(as_of: String, warehouse: String) -> Result<super::valuation::ValuationReport, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let date = super::model::parse_date(&as_of, ctx.today())?;
    let wh = if warehouse.trim().is_empty() { None } else { Some(items::warehouse_id(&db.pool, ctx.company_id, &warehouse).await?) };
    ledger::valuation(&db, ctx.company_id, date, wh).await
}

/// On hand and free (on hand − reserved) of these items over all warehouses: the
/// item list's stock columns, (item id, on hand, free).
#[server(endpoint = "stock/totals")]
pub async fn item_totals(#[server(default)] ids: Vec<i64>) -> Result<Vec<(i64, rust_decimal::Decimal, rust_decimal::Decimal)>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    if ids.len() > 500 {
        return Err(AppError::invalid("At most 500 items at a time"));
    }
    let t = ledger::totals(&db.pool, ctx.company_id, &ids).await?;
    Ok(ids.iter().filter_map(|i| t.get(i).map(|(on_hand, free)| (*i, *on_hand, *free))).collect())
}

/// A CSV import of items with opening stock: `preview` checks every row and writes
/// nothing; otherwise all rows are written in one transaction or, on any error,
/// none. Answers the row count or the errors per line.
#[server(endpoint = "items/import")]
pub async fn import_items(csv: String, preview: bool) -> Result<crate::core::csv::ImportReport, AppError> {
    let (db, ctx) = require(Perm::Stock).await?;
    let rows = super::import::rows(&crate::core::csv::parse(&csv)?)?;
    super::import::run(&db, ctx.company_id, ctx.user_id, rows, preview).await
}

/// Whether the company keeps perpetual inventory (Setup → Accounting).
#[server(endpoint = "stock/perpetual")]
pub async fn perpetual_inventory() -> Result<bool, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    super::posting::perpetual(&db, ctx.company_id).await
}

/// Turns perpetual inventory on (`on` is the checkbox: present) or off.
#[server(endpoint = "stock/perpetual/save")]
pub async fn set_perpetual_inventory(#[server(default)] on: Option<String>) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    super::posting::set_perpetual(&db, &ctx, crate::core::text::flag(on.as_deref())).await
}
