//! SQL of the item register.
use sqlx::AnyPool;

use super::model::{sort_sql, Item, ItemKind, ItemPage};
use crate::core::money::to_minor;
use crate::core::quantity::to_milli;
use crate::db::codec;
use crate::db::{db_err, now_ms, unique_or, Tx};
use crate::error::{AppError, AppResult};

const COLS: &str = "id, item_no, description, unit, sales_price_minor, purchase_price_minor, vat_code, barcode, kind, safety_stock_milli, reorder_qty_milli, pack_size_milli, active, notes, item_group,
    (SELECT p.supplier_no FROM parties p WHERE p.company_id = items.company_id AND p.id = items.default_supplier_id) AS default_supplier";

fn row(r: &sqlx::any::AnyRow) -> AppResult<Item> {
    let kind: String = codec::get(r, "kind")?;
    Ok(Item {
        id: codec::get(r, "id")?,
        item_no: codec::get(r, "item_no")?,
        description: codec::get(r, "description")?,
        unit: codec::get(r, "unit")?,
        sales_price: codec::money(r, "sales_price_minor")?,
        purchase_price: codec::money(r, "purchase_price_minor")?,
        vat_code: codec::get(r, "vat_code")?,
        barcode: codec::get(r, "barcode")?,
        kind: ItemKind::parse(&kind).map_err(|e| AppError::Internal(format!("column kind: {e}")))?,
        safety_stock: codec::qty(r, "safety_stock_milli")?,
        reorder_qty: codec::qty(r, "reorder_qty_milli")?,
        pack_size: codec::qty(r, "pack_size_milli")?,
        active: codec::flag(r, "active")?,
        notes: codec::get(r, "notes")?,
        default_supplier: codec::get(r, "default_supplier")?,
        item_group: codec::get(r, "item_group")?,
    })
}

/// Checks the unit and VAT code exist in the company, for a message better than a
/// foreign-key error.
async fn check_refs(tx: &mut Tx, company_id: i64, i: &Item) -> AppResult<Option<i64>> {
    let unit: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM units WHERE company_id = $1 AND code = $2")
        .bind(company_id)
        .bind(&i.unit)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)?;
    if unit == 0 {
        return Err(AppError::invalid(format!("Unknown unit '{}': add it in Setup → Units", i.unit)));
    }
    let vat: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vat_codes WHERE company_id = $1 AND code = $2")
        .bind(company_id)
        .bind(&i.vat_code)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)?;
    if vat == 0 {
        return Err(AppError::invalid(format!("Unknown VAT code '{}': see Setup → VAT codes", i.vat_code)));
    }
    let Some(no) = &i.default_supplier else { return Ok(None) };
    let supplier: Option<i64> = sqlx::query_scalar("SELECT id FROM parties WHERE company_id = $1 AND supplier_no = $2 AND is_supplier = 1")
        .bind(company_id)
        .bind(no)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    supplier.map(Some).ok_or_else(|| AppError::invalid(format!("No supplier with number {no}")))
}

fn minor(d: rust_decimal::Decimal) -> AppResult<i64> {
    to_minor(d).map_err(|e| AppError::invalid(e.to_string()))
}

pub async fn insert(tx: &mut Tx, company_id: i64, i: &Item) -> AppResult<i64> {
    let supplier = check_refs(tx, company_id, i).await?;
    let now = now_ms();
    sqlx::query_scalar(
        "INSERT INTO items (company_id, item_no, description, unit, sales_price_minor, purchase_price_minor, vat_code, barcode, kind,
            safety_stock_milli, reorder_qty_milli, pack_size_milli, active, notes, created_at, updated_at, default_supplier_id, item_group)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $17) RETURNING id",
    )
    .bind(company_id)
    .bind(&i.item_no)
    .bind(&i.description)
    .bind(&i.unit)
    .bind(minor(i.sales_price)?)
    .bind(minor(i.purchase_price)?)
    .bind(&i.vat_code)
    .bind(i.barcode.clone())
    .bind(i.kind.code())
    .bind(to_milli("Safety stock", i.safety_stock)?)
    .bind(to_milli("Reorder quantity", i.reorder_qty)?)
    .bind(to_milli("Pack size", i.pack_size)?)
    .bind(i.active as i64)
    .bind(&i.notes)
    .bind(now)
    .bind(supplier)
    .bind(&i.item_group)
    .fetch_one(&mut **tx)
    .await
    .map_err(unique_or(format!("Item number {} or its barcode is already in use", i.item_no)))
}

/// Sets the bin location of an item in a warehouse; an empty `bin` removes it.
pub async fn set_bin(tx: &mut Tx, company_id: i64, item_id: i64, warehouse_id: i64, bin: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM item_bins WHERE company_id = $1 AND item_id = $2 AND warehouse_id = $3")
        .bind(company_id)
        .bind(item_id)
        .bind(warehouse_id)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    if !bin.trim().is_empty() {
        sqlx::query("INSERT INTO item_bins (company_id, item_id, warehouse_id, bin) VALUES ($1, $2, $3, $4)")
            .bind(company_id)
            .bind(item_id)
            .bind(warehouse_id)
            .bind(bin.trim())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// Updates the item with `item_no` (which itself does not change).
pub async fn update(tx: &mut Tx, company_id: i64, item_no: &str, i: &Item) -> AppResult<()> {
    let supplier = check_refs(tx, company_id, i).await?;
    let n = sqlx::query(
        "UPDATE items SET description = $3, unit = $4, sales_price_minor = $5, purchase_price_minor = $6, vat_code = $7, barcode = $8,
            kind = $9, safety_stock_milli = $10, reorder_qty_milli = $11, pack_size_milli = $12, active = $13, notes = $14, updated_at = $15, default_supplier_id = $16, item_group = $17
         WHERE company_id = $1 AND item_no = $2",
    )
    .bind(company_id)
    .bind(item_no)
    .bind(&i.description)
    .bind(&i.unit)
    .bind(minor(i.sales_price)?)
    .bind(minor(i.purchase_price)?)
    .bind(&i.vat_code)
    .bind(i.barcode.clone())
    .bind(i.kind.code())
    .bind(to_milli("Safety stock", i.safety_stock)?)
    .bind(to_milli("Reorder quantity", i.reorder_qty)?)
    .bind(to_milli("Pack size", i.pack_size)?)
    .bind(i.active as i64)
    .bind(&i.notes)
    .bind(now_ms())
    .bind(supplier)
    .bind(&i.item_group)
    .execute(&mut **tx)
    .await
    .map_err(unique_or("That barcode is already used by another item"))?
    .rows_affected();
    if n == 0 {
        return Err(AppError::not_found(format!("No item {item_no}")));
    }
    Ok(())
}

pub async fn by_no(pool: &AnyPool, company_id: i64, item_no: &str) -> AppResult<Item> {
    sqlx::query(&format!("SELECT {COLS} FROM items WHERE company_id = $1 AND item_no = $2"))
        .bind(company_id)
        .bind(item_no)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?
        .as_ref()
        .map(row)
        .ok_or_else(|| AppError::not_found(format!("No item {item_no}")))?
}

/// Finds an item by exact item number or barcode (the phone lookup and scanners).
pub async fn lookup(pool: &AnyPool, company_id: i64, code: &str) -> AppResult<Option<Item>> {
    // two index look-ups (number, then barcode) rather than an OR that scans
    let r = sqlx::query(&format!(
        "SELECT {COLS} FROM items WHERE company_id = $1 AND item_no = $2
         UNION ALL SELECT * FROM (SELECT {COLS} FROM items WHERE company_id = $1 AND barcode = $2 LIMIT 1) b
         LIMIT 1"
    ))
    .bind(company_id)
    .bind(code.trim())
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    r.as_ref().map(row).transpose()
}

/// A page of items matching `q` in number, description or barcode.
pub async fn search(pool: &AnyPool, company_id: i64, q: &str, include_inactive: bool, sort: &str, page: i64, per_page: i64) -> AppResult<ItemPage> {
    let per_page = per_page.clamp(1, 200);
    let page = page.max(1);
    let pattern = format!("%{}%", q.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let filter = "company_id = $1 AND ($2 = '%%' OR LOWER(item_no) LIKE $2 ESCAPE '\\' OR LOWER(description) LIKE $2 ESCAPE '\\' OR barcode = $3)
                  AND (active = 1 OR $4 = 1)";
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM items WHERE {filter}"))
        .bind(company_id)
        .bind(&pattern)
        .bind(q.trim())
        .bind(include_inactive as i64)
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
    let rows = sqlx::query(&format!("SELECT {COLS} FROM items WHERE {filter} ORDER BY {} LIMIT $5 OFFSET $6", sort_sql(sort)))
        .bind(company_id)
        .bind(&pattern)
        .bind(q.trim())
        .bind(include_inactive as i64)
        .bind(per_page)
        .bind((page - 1) * per_page)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    Ok(ItemPage { items: rows.iter().map(row).collect::<AppResult<_>>()?, total, page, per_page })
}

/// Items changed after `from` (inactive ones too), in the order they changed.
pub async fn changed(pool: &AnyPool, company_id: i64, from: crate::core::sync::SyncFrom, limit: i64) -> AppResult<Vec<(Item, i64, i64)>> {
    let select = format!("SELECT {COLS}, updated_at AS changed_at, id AS changed_id FROM items WHERE company_id = $1");
    crate::db::changes::after(pool, &select, ("updated_at", "id"), company_id, from, limit, row).await
}

/// The id of an active warehouse by code, in a transaction (`&mut *tx`) or on the pool.
pub async fn warehouse_id<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, company_id: i64, code: &str) -> AppResult<i64> {
    sqlx::query_scalar("SELECT id FROM warehouses WHERE company_id = $1 AND code = $2 AND active = 1")
        .bind(company_id)
        .bind(code.trim())
        .fetch_optional(exec)
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::invalid(format!("Unknown warehouse '{}'", code.trim())))
}

/// An item by number, as a document line takes it.
#[derive(Clone, Debug)]
pub struct ItemRef {
    pub id: i64,
    pub description: String,
    pub unit: String,
    pub sales_price: rust_decimal::Decimal,
    pub vat_code: String,
    pub kind: String,
    pub active: bool,
    pub item_group: String,
}

/// (Read in chunks of 500 numbers: SQLite binds at most 999 values.)
pub async fn items_by_no(conn: &mut sqlx::AnyConnection, company_id: i64, nos: &[String]) -> AppResult<std::collections::HashMap<String, ItemRef>> {
    let mut out = std::collections::HashMap::new();
    for chunk in nos.chunks(500) {
        let ph: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT item_no, id, description, unit, sales_price_minor, vat_code, kind, active, item_group FROM items WHERE company_id = $1 AND item_no IN ({})",
            ph.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for n in chunk {
            q = q.bind(n.as_str());
        }
        for r in &q.fetch_all(&mut *conn).await.map_err(db_err)? {
            let item = ItemRef {
                id: codec::get(r, "id")?,
                description: codec::get(r, "description")?,
                unit: codec::get(r, "unit")?,
                sales_price: codec::money(r, "sales_price_minor")?,
                vat_code: codec::get(r, "vat_code")?,
                kind: codec::get(r, "kind")?,
                active: codec::flag(r, "active")?,
                item_group: codec::get(r, "item_group")?,
            };
            out.insert(codec::get(r, "item_no")?, item);
        }
    }
    Ok(out)
}

/// Sets an item's purchase price (a receipt with "update purchase price").
pub async fn set_purchase_price(tx: &mut Tx, company_id: i64, item_id: i64, price: rust_decimal::Decimal) -> AppResult<()> {
    sqlx::query("UPDATE items SET purchase_price_minor = $3, updated_at = $4 WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(item_id)
        .bind(codec::minor(price)?)
        .bind(now_ms())
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}
