//! Purchasing SQL: the reorder list, purchase orders, their lines and receipts.
//! Every statement is scoped by company.
use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::AnyPool;

pub mod payables;
pub mod rollups;

use super::model::{suggestion, PoLine, PoRow, PoStatus, PurchaseOrder, Receipt, ReorderFilter, ReorderRow};
use crate::core::date::iso;
use crate::core::money::from_minor;
use crate::core::quantity::from_milli;
use crate::db::codec::{get, money, qty};
use crate::db::{db_err, now_ms, packed, values_rows, Db, Tx};
use crate::error::{AppError, AppResult};

/// The reorder list: per stock item and warehouse (the first warehouse, and any other
/// where the item has stock or open documents) the figures and the suggestion.
/// Incoming counts confirmed purchase lines (planned ins) and draft ones, so an item
/// on a purchase order is not suggested again. Below-safety rows only unless `all`.
pub async fn reorder_rows(db: &Db, company_id: i64, f: &ReorderFilter) -> AppResult<Vec<ReorderRow>> {
    const ROWS: &str = "WITH wh AS (SELECT id, code FROM warehouses WHERE company_id = $1 AND active = 1 AND ($2 = '' OR code = $2)),
              first_wh AS (SELECT id FROM warehouses WHERE company_id = $1 AND active = 1 ORDER BY code LIMIT 1),
              planned AS (SELECT item_id, warehouse_id,
                                 CAST(SUM(CASE WHEN open_milli < 0 THEN -open_milli ELSE 0 END) AS BIGINT) AS reserved,
                                 CAST(SUM(CASE WHEN open_milli > 0 THEN open_milli ELSE 0 END) AS BIGINT) AS incoming
                          FROM planned_moves WHERE company_id = $1 GROUP BY item_id, warehouse_id),
              drafts AS (SELECT l.item_id, o.warehouse_id, CAST(SUM(l.qty_milli - l.received_milli) AS BIGINT) AS open_milli
                         FROM purchase_order_lines l JOIN purchase_orders o ON o.company_id = l.company_id AND o.id = l.po_id
                         WHERE l.company_id = $1 AND o.status = 'draft' GROUP BY l.item_id, o.warehouse_id),
              fig AS (
                  SELECT i.item_no, i.description, i.unit, i.reorder_qty_milli, i.pack_size_milli, i.purchase_price_minor, i.default_supplier_id,
                         w.code, COALESCE(b.physical_milli, 0) AS physical,
                         COALESCE(p.reserved, 0) AS reserved,
                         COALESCE(p.incoming, 0) + COALESCE(d.open_milli, 0) AS incoming,
                         i.safety_stock_milli AS safety
                  FROM items i CROSS JOIN wh w
                  LEFT JOIN stock_balances b ON b.company_id = i.company_id AND b.item_id = i.id AND b.warehouse_id = w.id
                  LEFT JOIN planned p ON p.item_id = i.id AND p.warehouse_id = w.id
                  LEFT JOIN drafts d ON d.item_id = i.id AND d.warehouse_id = w.id
                  WHERE i.company_id = $1 AND i.kind = 'stock' AND i.active = 1
                    AND (w.id IN (SELECT id FROM first_wh) OR b.item_id IS NOT NULL OR p.item_id IS NOT NULL OR d.item_id IS NOT NULL))
         SELECT f.item_no AS a, f.description AS b, f.unit AS c, f.code AS d, f.physical AS e, f.reserved AS g, f.incoming AS h, f.safety AS k,
                f.reorder_qty_milli AS m, f.pack_size_milli AS n, COALESCE(s.supplier_no, '') AS o, COALESCE(s.name, '') AS q, f.purchase_price_minor AS r
         FROM fig f LEFT JOIN parties s ON s.company_id = $1 AND s.id = f.default_supplier_id
         WHERE ($3 = '' OR s.supplier_no = $3) AND ($4 = 1 OR f.physical + f.incoming - f.reserved < f.safety)";
    let sql = packed::sql(db.backend, &["a", "b", "c", "d", "e", "g", "h", "k", "m", "n", "o", "q", "r"], ROWS);
    let text: String = sqlx::query_scalar(&sql)
        .bind(company_id)
        .bind(f.warehouse.trim())
        .bind(f.supplier.trim())
        .bind(f.all as i64)
        .fetch_one(&db.pool)
        .await
        .map_err(db_err)?;
    let rows = packed::rows(&text, 13, "reorder list").map(|r| {
        let r = r?;
        let (t, int) = (|i| r.text(i).to_string(), |i| r.int(i));
        Ok((t(0), t(1), t(2), t(3), int(4)?, int(5)?, int(6)?, int(7)?, int(8)?, int(9)?, t(10), t(11), int(12)?))
    });
    let rows: Vec<_> = rows.collect::<AppResult<_>>()?;
    let mut out: Vec<ReorderRow> = rows
        .into_iter()
        .map(|(item_no, description, unit, warehouse, physical, reserved, incoming, safety, reorder, pack, supplier_no, supplier_name, price)| {
            let (physical, reserved, incoming) = (from_milli(physical), from_milli(reserved), from_milli(incoming));
            let (safety, reorder, pack) = (from_milli(safety), from_milli(reorder), from_milli(pack));
            let projected = physical + incoming - reserved;
            ReorderRow {
                item_no,
                description,
                unit,
                warehouse,
                physical,
                reserved,
                incoming,
                projected,
                safety_stock: safety,
                reorder_qty: reorder,
                pack_size: pack,
                suggested: suggestion(projected, safety, reorder, pack),
                supplier_no,
                supplier_name,
                purchase_price: from_minor(price),
            }
        })
        .collect();
    out.sort_unstable_by(|a, b| (&a.supplier_no, &a.item_no, &a.warehouse).cmp(&(&b.supplier_no, &b.item_no, &b.warehouse)));
    Ok(out)
}

/// What a purchase line needs of an item: (id, description, unit, purchase price, is a stock item).
pub type ItemRef = (i64, String, String, Decimal, bool);

pub async fn items_by_no(tx: &mut Tx, company_id: i64, nos: &[String]) -> AppResult<HashMap<String, ItemRef>> {
    let mut out = HashMap::new();
    for chunk in nos.chunks(1000) {
        let ph: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT item_no, id, description, unit, purchase_price_minor, kind FROM items WHERE company_id = $1 AND active = 1 AND item_no IN ({})",
            ph.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for n in chunk {
            q = q.bind(n.as_str());
        }
        for r in &q.fetch_all(&mut **tx).await.map_err(db_err)? {
            let item = (get(r, "id")?, get(r, "description")?, get(r, "unit")?, money(r, "purchase_price_minor")?, get::<String>(r, "kind")? == "stock");
            out.insert(get(r, "item_no")?, item);
        }
    }
    Ok(out)
}

/// The supplier's item number used on this supplier's latest order of the item.
pub async fn last_supplier_item_no(tx: &mut Tx, company_id: i64, supplier_id: i64, item_id: i64) -> AppResult<String> {
    let r: Option<String> = sqlx::query_scalar(
        "SELECT l.supplier_item_no FROM purchase_order_lines l JOIN purchase_orders o ON o.company_id = l.company_id AND o.id = l.po_id
         WHERE l.company_id = $1 AND o.supplier_id = $2 AND l.item_id = $3 AND l.supplier_item_no <> '' ORDER BY l.id DESC LIMIT 1",
    )
    .bind(company_id)
    .bind(supplier_id)
    .bind(item_id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(r.unwrap_or_default())
}

/// A purchase line to insert: item id, description, supplier's item no, qty (milli),
/// unit, price (minor), net (minor), expected date.
pub struct NewPoLine {
    pub item_id: i64,
    pub description: String,
    pub supplier_item_no: String,
    pub qty_milli: i64,
    pub unit: String,
    pub price_minor: i64,
    pub net_minor: i64,
    pub expected_date: NaiveDate,
}

pub struct NewPo<'a> {
    pub po_no: &'a str,
    pub supplier_id: i64,
    pub our_ref: &'a str,
    pub order_date: NaiveDate,
    pub warehouse_id: i64,
    pub delivery_address: &'a str,
    pub currency: &'a str,
    pub note: &'a str,
}

pub async fn insert_po(tx: &mut Tx, company_id: i64, user_id: i64, h: &NewPo<'_>, lines: &[NewPoLine]) -> AppResult<i64> {
    let now = now_ms();
    let net: i64 = lines.iter().map(|l| l.net_minor).sum();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO purchase_orders (company_id, po_no, supplier_id, our_ref, order_date, warehouse_id, delivery_address, currency, note, status, net_minor, created_at, created_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $12, $11) RETURNING id",
    )
    .bind(company_id)
    .bind(h.po_no)
    .bind(h.supplier_id)
    .bind(h.our_ref)
    .bind(iso(h.order_date))
    .bind(h.warehouse_id)
    .bind(h.delivery_address)
    .bind(h.currency)
    .bind(h.note)
    .bind(net)
    .bind(now)
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await
    .map_err(crate::db::unique_or(format!("Purchase order {} already exists; check the number series", h.po_no)))?;
    insert_lines(tx, company_id, id, lines).await?;
    Ok(id)
}

/// Writes the lines of a purchase order, numbered from 1.
async fn insert_lines(tx: &mut Tx, company_id: i64, id: i64, lines: &[NewPoLine]) -> AppResult<()> {
    for (chunk_no, chunk) in lines.chunks(500).enumerate() {
        let sql = format!(
            "INSERT INTO purchase_order_lines (company_id, po_id, line_no, item_id, description, supplier_item_no, qty_milli, unit, price_minor, net_minor, expected_date) VALUES {}",
            values_rows(chunk.len(), 2, 9)
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(id);
        for (i, l) in chunk.iter().enumerate() {
            q = q
                .bind((chunk_no * 500 + i + 1) as i64)
                .bind(l.item_id)
                .bind(l.description.as_str())
                .bind(l.supplier_item_no.as_str())
                .bind(l.qty_milli)
                .bind(l.unit.as_str())
                .bind(l.price_minor)
                .bind(l.net_minor)
                .bind(iso(l.expected_date));
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// Replaces a draft's head and lines (a draft has no receipts and nothing planned).
pub async fn replace_draft(tx: &mut Tx, company_id: i64, id: i64, h: &NewPo<'_>, lines: &[NewPoLine]) -> AppResult<()> {
    let net: i64 = lines.iter().map(|l| l.net_minor).sum();
    sqlx::query("DELETE FROM purchase_order_lines WHERE company_id = $1 AND po_id = $2").bind(company_id).bind(id).execute(&mut **tx).await.map_err(db_err)?;
    sqlx::query(
        "UPDATE purchase_orders SET supplier_id = $3, our_ref = $4, order_date = $5, warehouse_id = $6, delivery_address = $7, currency = $8, note = $9,
             net_minor = $10, updated_at = $11
         WHERE company_id = $1 AND id = $2 AND status = 'draft'",
    )
    .bind(company_id)
    .bind(id)
    .bind(h.supplier_id)
    .bind(h.our_ref)
    .bind(iso(h.order_date))
    .bind(h.warehouse_id)
    .bind(h.delivery_address)
    .bind(h.currency)
    .bind(h.note)
    .bind(net)
    .bind(now_ms())
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    insert_lines(tx, company_id, id, lines).await
}

/// A purchase order's head as stored: id, status, supplier id, warehouse id, confirmed, closed.
pub struct PoHead {
    pub id: i64,
    pub po_no: String,
    pub status: PoStatus,
    pub supplier_id: i64,
    pub warehouse_id: i64,
}

/// The head of a purchase order of the company, by number or id (404 otherwise —
/// another company's number is simply not found).
pub async fn head(conn: &mut sqlx::AnyConnection, company_id: i64, no: Option<&str>, id: Option<i64>) -> AppResult<PoHead> {
    sqlx::query("SELECT id, po_no, status, supplier_id, warehouse_id FROM purchase_orders WHERE company_id = $1 AND (po_no = $2 OR id = $3)")
        .bind(company_id)
        .bind(no.unwrap_or("").trim())
        .bind(id.unwrap_or(-1))
        .fetch_optional(conn)
        .await
        .map_err(db_err)?
        .map(|r| -> AppResult<PoHead> {
            Ok(PoHead {
                id: get(&r, "id")?,
                po_no: get(&r, "po_no")?,
                status: crate::db::codec::coded(&r, "status", PoStatus::parse)?,
                supplier_id: get(&r, "supplier_id")?,
                warehouse_id: get(&r, "warehouse_id")?,
            })
        })
        .ok_or_else(|| AppError::not_found(format!("No purchase order {}", no.map(str::to_string).or(id.map(|i| i.to_string())).unwrap_or_default())))?
}

/// The lines of a purchase order with their item ids: (line id, item id, line).
pub async fn lines(conn: &mut sqlx::AnyConnection, company_id: i64, po_id: i64) -> AppResult<Vec<(i64, i64, PoLine)>> {
    let rows = sqlx::query(
        "SELECT l.id, l.item_id, l.line_no, i.item_no, l.description, l.supplier_item_no, l.unit, l.qty_milli, l.price_minor, l.net_minor, l.expected_date, l.received_milli
         FROM purchase_order_lines l JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         WHERE l.company_id = $1 AND l.po_id = $2 ORDER BY l.line_no",
    )
    .bind(company_id)
    .bind(po_id)
    .fetch_all(conn)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let (qty, received) = (qty(r, "qty_milli")?, qty(r, "received_milli")?);
            Ok((
                get(r, "id")?,
                get(r, "item_id")?,
                PoLine {
                    line_no: get(r, "line_no")?,
                    item_no: get(r, "item_no")?,
                    description: get(r, "description")?,
                    supplier_item_no: get(r, "supplier_item_no")?,
                    unit: get(r, "unit")?,
                    qty,
                    unit_price: money(r, "price_minor")?,
                    net: money(r, "net_minor")?,
                    expected_date: crate::db::codec::date(r, "expected_date")?,
                    received,
                    outstanding: (qty - received).max(Decimal::ZERO),
                },
            ))
        })
        .collect()
}

/// The whole purchase order as shown and sent by the API.
pub async fn load(pool: &AnyPool, company_id: i64, no: Option<&str>, id: Option<i64>) -> AppResult<PurchaseOrder> {
    let mut conn = pool.acquire().await.map_err(db_err)?;
    let h = head(&mut conn, company_id, no, id).await?;
    let r = sqlx::query(
        "SELECT o.po_no, o.status, p.supplier_no, p.name, COALESCE((SELECT c.email FROM contacts c WHERE c.company_id = p.company_id AND c.party_id = p.id AND c.for_orders = 1 AND c.active = 1 AND c.email <> '' LIMIT 1), p.invoice_email) AS email,
                o.our_ref, o.order_date, w.code, o.delivery_address, o.currency, o.note, o.net_minor
         FROM purchase_orders o JOIN parties p ON p.company_id = o.company_id AND p.id = o.supplier_id
         JOIN warehouses w ON w.company_id = o.company_id AND w.id = o.warehouse_id
         WHERE o.company_id = $1 AND o.id = $2",
    )
    .bind(company_id)
    .bind(h.id)
    .fetch_one(&mut *conn)
    .await
    .map_err(db_err)?;
    let lines = lines(&mut conn, company_id, h.id).await?;
    let receipt_rows = sqlx::query(
        "SELECT g.id, g.receipt_date, w.code, l.line_no, gl.qty_milli FROM goods_receipts g
         JOIN warehouses w ON w.company_id = g.company_id AND w.id = g.warehouse_id
         JOIN goods_receipt_lines gl ON gl.company_id = g.company_id AND gl.receipt_id = g.id
         JOIN purchase_order_lines l ON l.company_id = gl.company_id AND l.id = gl.po_line_id
         WHERE g.company_id = $1 AND g.po_id = $2 ORDER BY g.id, l.line_no",
    )
    .bind(company_id)
    .bind(h.id)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let mut receipts: Vec<Receipt> = Vec::new();
    for r in &receipt_rows {
        let id: i64 = get(r, "id")?;
        if receipts.last().map(|x| x.id) != Some(id) {
            receipts.push(Receipt { id, date: crate::db::codec::date(r, "receipt_date")?, warehouse: get(r, "code")?, lines: Vec::new() });
        }
        if let Some(last) = receipts.last_mut() {
            last.lines.push((get(r, "line_no")?, qty(r, "qty_milli")?));
        }
    }
    Ok(PurchaseOrder {
        id: h.id,
        po_no: get(&r, "po_no")?,
        status: crate::db::codec::coded(&r, "status", PoStatus::parse)?,
        supplier_no: get::<Option<String>>(&r, "supplier_no")?.unwrap_or_default(),
        supplier_name: get(&r, "name")?,
        supplier_email: get::<Option<String>>(&r, "email")?.unwrap_or_default(),
        our_ref: get(&r, "our_ref")?,
        order_date: crate::db::codec::date(&r, "order_date")?,
        warehouse: get(&r, "code")?,
        delivery_address: get(&r, "delivery_address")?,
        currency: get(&r, "currency")?,
        note: get(&r, "note")?,
        net: money(&r, "net_minor")?,
        lines: lines.into_iter().map(|(_, _, l)| l).collect(),
        receipts,
    })
}

pub async fn set_status(tx: &mut Tx, company_id: i64, po_id: i64, status: PoStatus, confirm: bool, close: bool) -> AppResult<()> {
    sqlx::query(
        "UPDATE purchase_orders SET status = $3, updated_at = $4,
             confirmed_at = CASE WHEN $5 = 1 THEN $4 ELSE confirmed_at END, closed_at = CASE WHEN $6 = 1 THEN $4 ELSE closed_at END
         WHERE company_id = $1 AND id = $2",
    )
    .bind(company_id)
    .bind(po_id)
    .bind(status.code())
    .bind(now_ms())
    .bind(confirm as i64)
    .bind(close as i64)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Adds received quantities to lines: (line id, milli). Refused unless every line
/// stays within what was ordered, or `over` (the user confirmed receiving more) — a
/// conditional update, so two receipts racing cannot pass the order together.
pub async fn add_received(tx: &mut Tx, company_id: i64, lines: &[(i64, i64, i64)], over: bool) -> AppResult<()> {
    for (line_id, line_no, milli) in lines {
        let n = sqlx::query("UPDATE purchase_order_lines SET received_milli = received_milli + $3 WHERE company_id = $1 AND id = $2 AND ($4 = 1 OR received_milli + $3 <= qty_milli)")
            .bind(company_id)
            .bind(*line_id)
            .bind(*milli)
            .bind(over as i64)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?
            .rows_affected();
        if n == 0 {
            return Err(AppError::Conflict(format!("Line {line_no}: more than is outstanding was received meanwhile; confirm to receive more than ordered")));
        }
    }
    Ok(())
}

pub async fn insert_receipt(
    tx: &mut Tx,
    company_id: i64,
    user_id: i64,
    po_id: i64,
    warehouse_id: i64,
    date: NaiveDate,
    lines: &[(i64, i64, i64)],
) -> AppResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO goods_receipts (company_id, po_id, warehouse_id, receipt_date, posted_at, posted_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(company_id)
    .bind(po_id)
    .bind(warehouse_id)
    .bind(iso(date))
    .bind(now_ms())
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    let sql =
        format!("INSERT INTO goods_receipt_lines (company_id, receipt_id, po_line_id, qty_milli, unit_cost_e4) VALUES {}", values_rows(lines.len(), 2, 3));
    let mut q = sqlx::query(&sql).bind(company_id).bind(id);
    for (line_id, milli, cost) in lines {
        q = q.bind(*line_id).bind(*milli).bind(*cost);
    }
    q.execute(&mut **tx).await.map_err(db_err)?;
    Ok(id)
}

const PO_ROW: &str =
    "SELECT o.po_no, o.status, p.supplier_no, p.name, o.order_date, w.code, o.net_minor, o.currency, o.updated_at AS changed_at, o.id AS changed_id
     FROM purchase_orders o JOIN parties p ON p.company_id = o.company_id AND p.id = o.supplier_id
     JOIN warehouses w ON w.company_id = o.company_id AND w.id = o.warehouse_id WHERE o.company_id = $1";

fn po_row(r: &sqlx::any::AnyRow) -> AppResult<PoRow> {
    Ok(PoRow {
        po_no: get(r, "po_no")?,
        status: crate::db::codec::coded(r, "status", PoStatus::parse)?,
        supplier_no: get::<Option<String>>(r, "supplier_no")?.unwrap_or_default(),
        supplier_name: get(r, "name")?,
        order_date: crate::db::codec::date(r, "order_date")?,
        warehouse: get(r, "code")?,
        net: money(r, "net_minor")?,
        currency: get(r, "currency")?,
    })
}

/// The purchase order list, newest first; `status` empty for all.
pub async fn list(pool: &AnyPool, company_id: i64, status: Option<PoStatus>, limit: i64) -> AppResult<Vec<PoRow>> {
    let sql = format!("{PO_ROW} AND ($2 = '' OR o.status = $2) ORDER BY o.id DESC LIMIT $3");
    let rows = sqlx::query(&sql).bind(company_id).bind(status.map_or("", PoStatus::code)).bind(limit).fetch_all(pool).await.map_err(db_err)?;
    rows.iter().map(po_row).collect()
}

/// Purchase orders changed after `from`, in the order they changed.
pub async fn changed(pool: &AnyPool, company_id: i64, from: crate::core::sync::SyncFrom, limit: i64) -> AppResult<Vec<(PoRow, i64, i64)>> {
    crate::db::changes::after(pool, PO_ROW, ("o.updated_at", "o.id"), company_id, from, limit, po_row).await
}

/// A purchase order's lines received and not yet invoiced (by supplier invoices that
/// are not rejected), as lines of a supplier invoice for it; and the supplier's number.
pub async fn invoice_proposal(pool: &AnyPool, company_id: i64, po_no: &str) -> AppResult<(String, Vec<super::model::SiLineInput>)> {
    let supplier: Option<String> = sqlx::query_scalar(
        "SELECT COALESCE(p.supplier_no, '') FROM purchase_orders o JOIN parties p ON p.company_id = o.company_id AND p.id = o.supplier_id
         WHERE o.company_id = $1 AND o.po_no = $2",
    )
    .bind(company_id)
    .bind(po_no.trim())
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    let supplier = supplier.ok_or_else(|| AppError::not_found(format!("No purchase order {}", po_no.trim())))?;
    let rows = sqlx::query(
        "SELECT i.item_no, l.description, l.supplier_item_no,
                l.received_milli - COALESCE((SELECT CAST(SUM(sl.qty_milli) AS BIGINT) FROM supplier_invoice_lines sl
                    JOIN supplier_invoices s ON s.company_id = sl.company_id AND s.id = sl.invoice_id
                    WHERE sl.company_id = l.company_id AND sl.po_line_id = l.id AND s.status <> 'rejected'), 0) AS open_milli,
                l.price_minor, COALESCE(v.rate_bp, 0) AS rate_bp
         FROM purchase_order_lines l
         JOIN purchase_orders o ON o.company_id = l.company_id AND o.id = l.po_id
         JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         LEFT JOIN vat_codes v ON v.company_id = i.company_id AND v.code = i.vat_code
         WHERE l.company_id = $1 AND o.po_no = $2 ORDER BY l.line_no",
    )
    .bind(company_id)
    .bind(po_no.trim())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let mut lines = Vec::new();
    for r in &rows {
        let open = qty(r, "open_milli")?;
        if open > Decimal::ZERO {
            lines.push(super::model::SiLineInput {
                item_no: get(r, "item_no")?,
                description: get(r, "description")?,
                supplier_item_no: get(r, "supplier_item_no")?,
                qty: open,
                unit_price: money(r, "price_minor")?,
                vat_rate: crate::db::codec::pct(r, "rate_bp")?,
                ..Default::default()
            });
        }
    }
    Ok((supplier, lines))
}

/// Supplier invoices whose next approval level is this user's.
pub async fn awaiting_approval(pool: &sqlx::AnyPool, company_id: i64, user_id: i64) -> AppResult<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM supplier_invoices s WHERE s.company_id = $1 AND s.status = 'pending'
         AND EXISTS (SELECT 1 FROM approval_level_users a WHERE a.company_id = s.company_id AND a.level = s.approved_level + 1 AND a.user_id = $2)",
    )
    .bind(company_id)
    .bind(user_id)
    .fetch_one(pool)
    .await
    .map_err(db_err)
}

/// The number of the purchase order with this id.
pub async fn po_no(tx: &mut Tx, company_id: i64, id: i64) -> AppResult<String> {
    sqlx::query_scalar("SELECT po_no FROM purchase_orders WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(id)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)
}
