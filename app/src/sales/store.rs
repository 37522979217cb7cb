//! SQL of quotes, orders and deliveries. Quotes and orders share their line and
//! head columns; `Kind` names the tables and the columns that differ.
use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::AnyPool;

use super::lines::{totals, Line, LineKind};
use super::model::{Doc, DocLine, OrderStatus};
use crate::core::date::iso;
use crate::core::money::from_minor;
use crate::core::quantity::from_milli;
use crate::core::sync::SyncFrom;
use crate::db::codec::{self, bp, minor};
use crate::db::{db_err, now_ms, packed, Backend, Tx};
use crate::error::{AppError, AppResult};
use crate::outbox::service::{recipient, Recipient, RECIPIENT_COLS};
use crate::parties::model::Address;
use crate::setup::model::{VatCode, Warehouse};

/// Rows per multi-row INSERT.
const CHUNK: usize = 500;

/// What a sales document's head and lines are checked against, read in one
/// statement: the customer's delivery addresses, the company's warehouses and VAT
/// codes, the seller's name (the chosen seller's, else the customer's), whether the
/// chosen seller is a user of this company, and where an order confirmation goes.
#[derive(Clone, Debug, Default)]
pub struct Registers {
    /// Default first, then by id.
    pub addresses: Vec<Address>,
    /// By code.
    pub warehouses: Vec<Warehouse>,
    /// Highest rate first, then by code (as Setup lists them).
    pub vat_codes: Vec<VatCode>,
    pub seller_name: Option<String>,
    pub chosen_seller_is_user: bool,
    pub recipient: Option<Recipient>,
}

pub async fn registers(conn: &mut sqlx::AnyConnection, b: Backend, company_id: i64, customer_id: i64, seller_id: Option<i64>) -> AppResult<Registers> {
    let addresses = packed::sql(
        b,
        &["id", "name", "address_line", "postcode", "city", "country", "is_default"],
        "SELECT id, name, address_line, postcode, city, country, is_default FROM party_addresses WHERE company_id = $1 AND party_id = $2",
    );
    let warehouses =
        packed::sql(b, &["id", "code", "name", "address", "active"], "SELECT id, code, name, address, active FROM warehouses WHERE company_id = $1");
    let vat =
        packed::sql(b, &["code", "name", "rate_bp", "category", "active"], "SELECT code, name, rate_bp, category, active FROM vat_codes WHERE company_id = $1");
    let sql = format!(
        "SELECT ({addresses}) AS addresses, ({warehouses}) AS warehouses, ({vat}) AS vat_codes,
                (SELECT name FROM users WHERE id = COALESCE($3, p.seller_id)) AS seller_name,
                {RECIPIENT_COLS},
                (SELECT COUNT(*) FROM memberships WHERE company_id = $1 AND user_id = $3) AS seller_is_user
         FROM parties p WHERE p.company_id = $1 AND p.id = $2"
    );
    let r = sqlx::query(&sql).bind(company_id).bind(customer_id).bind(seller_id).fetch_optional(conn).await.map_err(db_err)?;
    let r = r.ok_or_else(|| AppError::not_found("No such customer in this company"))?;
    let (addresses, warehouses, vat): (String, String, String) = (codec::get(&r, "addresses")?, codec::get(&r, "warehouses")?, codec::get(&r, "vat_codes")?);
    let (to, doc_lang, company, smtp) = crate::outbox::store::recipient_cols(&r)?;
    let mut out = Registers {
        seller_name: codec::get(&r, "seller_name")?,
        recipient: recipient(customer_id, to, doc_lang, company, smtp),
        chosen_seller_is_user: codec::get::<i64>(&r, "seller_is_user")? > 0,
        ..Default::default()
    };
    for f in packed::rows(&addresses, 7, "delivery addresses") {
        let f = f?;
        let (name, address_line, postcode, city, country) = (f.text(1).into(), f.text(2).into(), f.text(3).into(), f.text(4).into(), f.text(5).into());
        out.addresses.push(Address { id: f.int(0)?, name, address_line, postcode, city, country, is_default: f.int(6)? != 0 });
    }
    out.addresses.sort_by_key(|a| (!a.is_default, a.id));
    for f in packed::rows(&warehouses, 5, "warehouses") {
        let f = f?;
        out.warehouses.push(Warehouse { id: f.int(0)?, code: f.text(1).into(), name: f.text(2).into(), address: f.text(3).into(), active: f.int(4)? != 0 });
    }
    out.warehouses.sort_by(|a, b| a.code.cmp(&b.code));
    for f in packed::rows(&vat, 5, "VAT codes") {
        let f = f?;
        let (code, name, rate, category) = (f.text(0).into(), f.text(1).into(), VatCode::rate_from_bp(f.int(2)?), f.text(3).into());
        out.vat_codes.push(VatCode { code, name, rate, category, active: f.int(4)? != 0 });
    }
    out.vat_codes.sort_by(|a, b| b.rate.cmp(&a.rate).then_with(|| a.code.cmp(&b.code)));
    Ok(out)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Quote,
    Order,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Quote => "quotes",
            Kind::Order => "orders",
        }
    }
    fn lines(self) -> &'static str {
        match self {
            Kind::Quote => "quote_lines",
            Kind::Order => "order_lines",
        }
    }
    fn fk(self) -> &'static str {
        match self {
            Kind::Quote => "quote_id",
            Kind::Order => "order_id",
        }
    }
    fn no_col(self) -> &'static str {
        match self {
            Kind::Quote => "quote_no",
            Kind::Order => "order_no",
        }
    }
    fn missing(self, what: &str) -> AppError {
        AppError::not_found(match self {
            Kind::Quote => format!("No quote {what} in this company"),
            Kind::Order => format!("No order {what} in this company"),
        })
    }
}

/// A document head with every reference resolved to an id.
#[derive(Clone, Debug, Default)]
pub struct Head {
    pub customer_id: i64,
    pub contact_id: Option<i64>,
    pub seller_id: Option<i64>,
    pub your_ref: String,
    pub requisition_no: String,
    /// Orders: the id in the system the order came from (unique; empty for none).
    pub external_ref: String,
    pub doc_date: NaiveDate,
    /// Quotes: valid until. Orders: delivery date.
    pub date: NaiveDate,
    pub payment_terms: Option<String>,
    pub delivery_terms: Option<String>,
    pub currency: String,
    pub project_id: Option<i64>,
    pub delivery_address: String,
    pub warehouse_id: i64,
    pub quote_id: Option<i64>,
    /// Orders: the status a new order is stored with, and whether it is confirmed.
    pub status: OrderStatus,
    pub confirmed: bool,
    /// The names behind the ids, for the answer (not stored).
    pub contact_name: String,
    pub seller_name: String,
    pub project_code: String,
}

/// A line ready to store.
#[derive(Clone, Debug, Default)]
pub struct NewLine {
    pub line: Line,
    pub item_id: Option<i64>,
    /// A stock item (reserved and moved); services and non-stock items are not.
    pub stock: bool,
    /// The item's group (its sales account, when the account map names one).
    pub item_group: String,
    /// Orders: the requested delivery date (not stored for quotes).
    pub requested_date: NaiveDate,
    pub quote_line_id: Option<i64>,
}

fn milli(d: Decimal) -> AppResult<i64> {
    codec::milli("Quantity", d)
}

/// Inserts a quote or an order with its totals and lines; answers its id and the
/// lines' ids.
pub async fn insert_head(tx: &mut Tx, kind: Kind, company_id: i64, user_id: i64, number: &str, h: &Head, lines: &[NewLine]) -> AppResult<(i64, Vec<i64>)> {
    let t = totals(&lines.iter().map(|l| l.line.clone()).collect::<Vec<_>>());
    let now = now_ms();
    let sql = match kind {
        Kind::Quote => {
            "INSERT INTO quotes (company_id, quote_no, customer_id, contact_id, seller_id, your_ref, quote_date, valid_until, payment_terms, delivery_terms,
             currency, project_id, delivery_address, net_minor, vat_minor, created_at, created_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16) RETURNING id"
        }
        Kind::Order => {
            "INSERT INTO orders (company_id, order_no, customer_id, contact_id, seller_id, your_ref, order_date, delivery_date, payment_terms, delivery_terms,
             currency, project_id, delivery_address, net_minor, vat_minor, created_at, created_by, updated_at, requisition_no, warehouse_id, quote_id, status, confirmed_at, external_ref)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16, $18, $19, $20, $21, $22, $23) RETURNING id"
        }
    };
    let mut q = sqlx::query_scalar(sql)
        .bind(company_id)
        .bind(number)
        .bind(h.customer_id)
        .bind(h.contact_id)
        .bind(h.seller_id)
        .bind(&h.your_ref)
        .bind(iso(h.doc_date))
        .bind(iso(h.date))
        .bind(h.payment_terms.clone())
        .bind(h.delivery_terms.clone())
        .bind(&h.currency)
        .bind(h.project_id)
        .bind(&h.delivery_address)
        .bind(minor(t.net)?)
        .bind(minor(t.vat_total)?)
        .bind(now)
        .bind(user_id);
    if kind == Kind::Order {
        q = q.bind(&h.requisition_no).bind(h.warehouse_id).bind(h.quote_id).bind(h.status.code()).bind(h.confirmed.then_some(now)).bind(&h.external_ref);
    }
    let id: i64 = q.fetch_one(&mut **tx).await.map_err(|e| match h.external_ref.as_str() {
        "" => db_err(e),
        r => crate::db::unique_or(format!("An order with the external reference '{r}' exists already"))(e),
    })?;
    let ids = insert_lines(tx, kind, company_id, id, lines).await?;
    Ok((id, ids))
}

/// Replaces the head fields and totals of a document (its lines are written apart).
pub async fn update_head(tx: &mut Tx, kind: Kind, company_id: i64, id: i64, h: &Head, t: &super::lines::Totals) -> AppResult<()> {
    let sql = match kind {
        Kind::Quote => {
            "UPDATE quotes SET contact_id = $3, seller_id = $4, your_ref = $5, valid_until = $6, payment_terms = $7, delivery_terms = $8, currency = $9,
             project_id = $10, delivery_address = $11, net_minor = $12, vat_minor = $13, updated_at = $14
             WHERE company_id = $1 AND id = $2"
        }
        Kind::Order => {
            "UPDATE orders SET contact_id = $3, seller_id = $4, your_ref = $5, delivery_date = $6, payment_terms = $7, delivery_terms = $8, currency = $9,
             project_id = $10, delivery_address = $11, net_minor = $12, vat_minor = $13, updated_at = $14, requisition_no = $15
             WHERE company_id = $1 AND id = $2"
        }
    };
    let q = sqlx::query(sql)
        .bind(company_id)
        .bind(id)
        .bind(h.contact_id)
        .bind(h.seller_id)
        .bind(&h.your_ref)
        .bind(iso(h.date))
        .bind(h.payment_terms.clone())
        .bind(h.delivery_terms.clone())
        .bind(&h.currency)
        .bind(h.project_id)
        .bind(&h.delivery_address)
        .bind(minor(t.net)?)
        .bind(minor(t.vat_total)?)
        .bind(now_ms());
    let q = if kind == Kind::Order { q.bind(&h.requisition_no) } else { q };
    q.execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the columns every line has, in the order the INSERT and UPDATE name them
/// (line_no, kind, item_id, description, qty, unit, price, discount, VAT code and
/// rate, net amount).
fn bind_line<'q>(q: AnyQuery<'q>, l: &'q NewLine) -> AppResult<AnyQuery<'q>> {
    let x = &l.line;
    Ok(q.bind(x.line_no)
        .bind(x.kind.code())
        .bind(l.item_id)
        .bind(&x.description)
        .bind(milli(x.qty)?)
        .bind(&x.unit)
        .bind(minor(x.unit_price)?)
        .bind(bp(x.discount_pct)?)
        .bind(&x.vat_code)
        .bind(bp(x.vat_rate)?)
        .bind(minor(x.net)?))
}

/// A line as it reads back from the database: quantities in thousandths, amounts in
/// minor units, percentages in basis points (what [`bind_line`] stores).
pub fn as_stored(x: &Line) -> AppResult<Line> {
    Ok(Line {
        qty: from_milli(milli(x.qty)?),
        unit_price: from_minor(minor(x.unit_price)?),
        discount_pct: crate::core::money::from_bp(bp(x.discount_pct)?),
        vat_rate: crate::core::money::from_bp(bp(x.vat_rate)?),
        net: from_minor(minor(x.net)?),
        ..x.clone()
    })
}

/// Inserts lines; answers their ids in the order given.
pub async fn insert_lines(tx: &mut Tx, kind: Kind, company_id: i64, doc_id: i64, lines: &[NewLine]) -> AppResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(lines.len());
    let (cols, n) = match kind {
        Kind::Quote => ("", 11),
        Kind::Order => (", requested_date, quote_line_id", 13),
    };
    for chunk in lines.chunks(CHUNK) {
        let values = crate::db::values_rows(chunk.len(), 2, n);
        let sql = format!(
            "INSERT INTO {} (company_id, {}, line_no, kind, item_id, description, qty_milli, unit, price_minor, discount_bp, vat_code, vat_rate_bp, net_minor{cols}) VALUES {values} RETURNING id, line_no",
            kind.lines(),
            kind.fk()
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(doc_id);
        for l in chunk {
            q = bind_line(q, l)?;
            if kind == Kind::Order {
                q = q.bind(iso(l.requested_date)).bind(l.quote_line_id);
            }
        }
        let mut got = q
            .fetch_all(&mut **tx)
            .await
            .map_err(db_err)?
            .iter()
            .map(|r| Ok((codec::get::<i64>(r, "line_no")?, codec::get::<i64>(r, "id")?)))
            .collect::<AppResult<Vec<_>>>()?;
        got.sort_unstable();
        ids.extend(got.into_iter().map(|(_, id)| id));
    }
    Ok(ids)
}

const HEAD_COLS: &str = "d.id, d.{no} AS number, d.customer_id, p.customer_no, p.name AS customer_name, d.contact_id, COALESCE(c.name, '') AS contact_name,
    d.seller_id, COALESCE(u.name, '') AS seller_name, d.your_ref, d.{doc_date} AS doc_date, d.{date} AS head_date, COALESCE(d.payment_terms, '') AS payment_terms,
    COALESCE(d.delivery_terms, '') AS delivery_terms, d.currency, COALESCE(j.code, '') AS project_code, d.delivery_address";

fn head_sql(kind: Kind, extra: &str, filter: &str) -> String {
    let (doc_date, date) = match kind {
        Kind::Quote => ("quote_date", "valid_until"),
        Kind::Order => ("order_date", "delivery_date"),
    };
    let cols = HEAD_COLS.replace("{no}", kind.no_col()).replace("{doc_date}", doc_date).replace("{date}", date);
    format!(
        "SELECT {cols}{extra} FROM {} d
         JOIN parties p ON p.company_id = d.company_id AND p.id = d.customer_id
         LEFT JOIN contacts c ON c.company_id = d.company_id AND c.id = d.contact_id
         LEFT JOIN users u ON u.id = d.seller_id
         LEFT JOIN projects j ON j.company_id = d.company_id AND j.id = d.project_id
         WHERE d.company_id = $1 AND {filter}",
        kind.table()
    )
}

/// A document's head and lines; `status` and `totals` are filled by the caller's
/// domain functions from the lines.
pub struct Loaded {
    pub doc: Doc,
    pub sent: bool,
    pub lost: bool,
    pub confirmed: bool,
    pub cancelled: bool,
    pub warehouse_id: i64,
    /// Orders: the status as last written; None for a quote.
    pub stored_status: Option<OrderStatus>,
}

pub async fn load(conn: &mut sqlx::AnyConnection, kind: Kind, company_id: i64, no: Option<&str>, id: Option<i64>) -> AppResult<Loaded> {
    let extra = match kind {
        Kind::Quote => {
            ", d.sent_at IS NOT NULL AS sent, d.lost_reason IS NOT NULL AS lost, COALESCE(d.lost_reason, '') AS lost_reason, 0 AS confirmed, 0 AS cancelled,
            0 AS warehouse_id, '' AS stored_status, '' AS requisition_no, '' AS quote_no"
        }
        Kind::Order => {
            ", 0 AS sent, 0 AS lost, '' AS lost_reason, d.confirmed_at IS NOT NULL AS confirmed, d.cancelled_at IS NOT NULL AS cancelled, d.warehouse_id,
            d.status AS stored_status, d.requisition_no, COALESCE((SELECT q.quote_no FROM quotes q WHERE q.company_id = d.company_id AND q.id = d.quote_id), '') AS quote_no"
        }
    };
    let (filter, key) = match (no, id) {
        (Some(n), _) => (format!("d.{} = $2", kind.no_col()), n.trim().to_string()),
        (None, Some(i)) => ("d.id = $2".to_string(), i.to_string()),
        (None, None) => return Err(kind.missing("")),
    };
    let sql = head_sql(kind, extra, &filter);
    let q = sqlx::query(&sql).bind(company_id);
    let r = match id.filter(|_| no.is_none()) {
        Some(i) => q.bind(i).fetch_optional(&mut *conn).await,
        None => q.bind(key.clone()).fetch_optional(&mut *conn).await,
    }
    .map_err(db_err)?
    .ok_or_else(|| kind.missing(&key))?;
    let g = |col: &str| -> AppResult<String> { codec::get(&r, col) };
    let doc = Doc {
        id: codec::get(&r, "id")?,
        number: g("number")?,
        customer_id: codec::get(&r, "customer_id")?,
        customer_no: codec::get::<Option<String>>(&r, "customer_no")?.unwrap_or_default(),
        customer_name: g("customer_name")?,
        contact_id: codec::get(&r, "contact_id")?,
        contact_name: g("contact_name")?,
        seller_id: codec::get(&r, "seller_id")?,
        seller_name: g("seller_name")?,
        your_ref: g("your_ref")?,
        doc_date: codec::date(&r, "doc_date")?,
        date: codec::date(&r, "head_date")?,
        payment_terms: g("payment_terms")?,
        delivery_terms: g("delivery_terms")?,
        currency: g("currency")?,
        project_code: g("project_code")?,
        delivery_address: g("delivery_address")?,
        lost_reason: g("lost_reason")?,
        requisition_no: g("requisition_no")?,
        quote_no: g("quote_no")?,
        ..Default::default()
    };
    let loaded = Loaded {
        sent: codec::cond(&r, "sent")?,
        lost: codec::cond(&r, "lost")?,
        confirmed: codec::cond(&r, "confirmed")?,
        cancelled: codec::cond(&r, "cancelled")?,
        warehouse_id: codec::get(&r, "warehouse_id")?,
        stored_status: match kind {
            Kind::Quote => None,
            Kind::Order => Some(codec::coded(&r, "stored_status", OrderStatus::parse)?),
        },
        doc,
    };
    let lines = lines(&mut *conn, kind, company_id, loaded.doc.id).await?;
    let mut loaded = loaded;
    loaded.doc.totals = totals(&lines.iter().map(|l| l.line.clone()).collect::<Vec<_>>());
    loaded.doc.lines = lines;
    Ok(loaded)
}

pub async fn lines(conn: &mut sqlx::AnyConnection, kind: Kind, company_id: i64, doc_id: i64) -> AppResult<Vec<DocLine>> {
    let extra = match kind {
        Kind::Quote => "l.ordered_milli AS done_milli, 0 AS invoiced_milli, NULL AS requested_date, NULL AS quote_line_id",
        Kind::Order => "l.delivered_milli AS done_milli, l.invoiced_milli, l.requested_date, l.quote_line_id",
    };
    let sql = format!(
        "SELECT l.id, l.line_no, l.kind, COALESCE(i.item_no, '') AS item_no, l.description, l.qty_milli, l.unit, l.price_minor, l.discount_bp, l.vat_code, l.vat_rate_bp, l.net_minor, {extra}, l.item_id, COALESCE(i.kind, '') AS item_kind,
                COALESCE(i.item_group, '') AS item_group
         FROM {} l LEFT JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         WHERE l.company_id = $1 AND l.{} = $2 ORDER BY l.line_no",
        kind.lines(),
        kind.fk()
    );
    let rows = sqlx::query(&sql).bind(company_id).bind(doc_id).fetch_all(conn).await.map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(DocLine {
                id: codec::get(r, "id")?,
                line: codec::line(r)?,
                done: codec::qty(r, "done_milli")?,
                invoiced: codec::qty(r, "invoiced_milli")?,
                requested_date: codec::opt_date(r, "requested_date")?,
                quote_line_id: codec::get(r, "quote_line_id")?,
                item_id: codec::get(r, "item_id")?,
                stock: codec::get::<String>(r, "item_kind")? == "stock",
                item_group: codec::get(r, "item_group")?,
            })
        })
        .collect()
}

/// Adds `qty` to what was copied to orders from a quote's lines (quote line id, qty):
/// the quote has changed (its acceptance).
pub async fn add_ordered(tx: &mut Tx, company_id: i64, quote_id: i64, moved: &[(i64, Decimal)]) -> AppResult<()> {
    crate::db::touch(tx, "quotes", company_id, quote_id).await?;
    for (id, qty) in moved {
        sqlx::query("UPDATE quote_lines SET ordered_milli = ordered_milli + $3 WHERE company_id = $1 AND id = $2")
            .bind(company_id)
            .bind(*id)
            .bind(milli(*qty)?)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// Deletes lines by id (only lines with nothing delivered can go; the caller checks).
pub async fn delete_lines(tx: &mut Tx, kind: Kind, company_id: i64, ids: &[i64]) -> AppResult<()> {
    for id in ids {
        sqlx::query(&format!("DELETE FROM {} WHERE company_id = $1 AND id = $2", kind.lines()))
            .bind(company_id)
            .bind(*id)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// Rewrites a kept line in place (same id, so deliveries and quote links stay).
pub async fn update_line(tx: &mut Tx, kind: Kind, company_id: i64, id: i64, l: &NewLine) -> AppResult<()> {
    let sql = format!(
        "UPDATE {} SET line_no = $3, kind = $4, item_id = $5, description = $6, qty_milli = $7, unit = $8, price_minor = $9, discount_bp = $10,
         vat_code = $11, vat_rate_bp = $12, net_minor = $13{} WHERE company_id = $1 AND id = $2",
        kind.lines(),
        if kind == Kind::Order { ", requested_date = $14" } else { "" }
    );
    let mut q = bind_line(sqlx::query(&sql).bind(company_id).bind(id), l)?;
    if kind == Kind::Order {
        q = q.bind(iso(l.requested_date));
    }
    q.execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

pub async fn set_quote_flag(tx: &mut Tx, company_id: i64, id: i64, sent: bool, lost_reason: Option<&str>) -> AppResult<()> {
    if sent {
        sqlx::query("UPDATE quotes SET sent_at = COALESCE(sent_at, $3), updated_at = $3 WHERE company_id = $1 AND id = $2")
            .bind(company_id)
            .bind(id)
            .bind(now_ms())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    if let Some(reason) = lost_reason {
        sqlx::query("UPDATE quotes SET lost_reason = $3, updated_at = $4 WHERE company_id = $1 AND id = $2")
            .bind(company_id)
            .bind(id)
            .bind(reason)
            .bind(now_ms())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// Writes the computed status of an order and its confirmed / cancelled stamps.
pub async fn set_order_state(tx: &mut Tx, company_id: i64, id: i64, status: OrderStatus, confirm: bool, cancel: bool) -> AppResult<()> {
    let now = now_ms();
    sqlx::query(
        "UPDATE orders SET status = $3, updated_at = $4,
             confirmed_at = CASE WHEN $5 = 1 THEN COALESCE(confirmed_at, $4) ELSE confirmed_at END,
             cancelled_at = CASE WHEN $6 = 1 THEN COALESCE(cancelled_at, $4) ELSE cancelled_at END
         WHERE company_id = $1 AND id = $2",
    )
    .bind(company_id)
    .bind(id)
    .bind(status.code())
    .bind(now)
    .bind(confirm as i64)
    .bind(cancel as i64)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// What a change of order-line progress adds to: deliveries (never beyond what is
/// ordered) or invoices and credit notes (never beyond what is delivered, never below 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progressed {
    Delivered,
    Invoiced,
}

/// Adds delivered or invoiced quantities to order lines in one statement, within
/// their bounds: when another posting took a line's outstanding quantity meanwhile,
/// no row of that line matches and the line is named. `(order line id, quantity in
/// thousandths)`; `names` gives "order line" labels for the message.
pub async fn add_progress(tx: &mut Tx, company_id: i64, what: Progressed, lines: &[(i64, i64)], names: &HashMap<i64, String>) -> AppResult<()> {
    let (col, bound) = match what {
        Progressed::Delivered => ("delivered_milli", "l.delivered_milli + v.column2 <= l.qty_milli"),
        Progressed::Invoiced => ("invoiced_milli", "l.invoiced_milli + v.column2 BETWEEN 0 AND l.delivered_milli"),
    };
    for chunk in lines.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("(CAST(${} AS BIGINT), CAST(${} AS BIGINT))", 2 + 2 * i, 3 + 2 * i)).collect();
        let sql = format!(
            "UPDATE order_lines AS l SET {col} = l.{col} + v.column2 FROM (VALUES {}) AS v
             WHERE l.company_id = $1 AND l.id = v.column1 AND {bound}
             RETURNING id",
            values.join(", ")
        );
        let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(company_id);
        for (id, qty) in chunk {
            q = q.bind(*id).bind(*qty);
        }
        let done = q.fetch_all(&mut **tx).await.map_err(db_err)?;
        if let Some((id, qty)) = chunk.iter().find(|(id, _)| !done.contains(id)) {
            let verb = if what == Progressed::Delivered { "delivered" } else { "invoiced" };
            return Err(AppError::Conflict(format!(
                "{}: {} is more than is still outstanding (someone may just have {verb} it); reload and try again",
                names.get(id).cloned().unwrap_or_default(),
                from_milli(*qty)
            )));
        }
    }
    Ok(())
}

pub async fn insert_delivery(
    tx: &mut Tx,
    company_id: i64,
    user_id: i64,
    number: &str,
    customer_id: i64,
    warehouse_id: i64,
    date: NaiveDate,
    address: &str,
    lines: &[(i64, i64)],
) -> AppResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO deliveries (company_id, delivery_no, customer_id, warehouse_id, delivery_date, delivery_address, posted_at, posted_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(company_id)
    .bind(number)
    .bind(customer_id)
    .bind(warehouse_id)
    .bind(iso(date))
    .bind(address)
    .bind(now_ms())
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    for chunk in lines.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("($1, $2, ${}, ${})", 3 + 2 * i, 4 + 2 * i)).collect();
        let sql = format!("INSERT INTO delivery_lines (company_id, delivery_id, order_line_id, qty_milli) VALUES {}", values.join(", "));
        let mut q = sqlx::query(&sql).bind(company_id).bind(id);
        for (line, qty) in chunk {
            q = q.bind(*line).bind(*qty);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(id)
}

/// Deliveries of an order: (delivery no, date, order line id, quantity).
pub async fn deliveries_of(pool: &AnyPool, company_id: i64, order_id: i64) -> AppResult<Vec<(String, NaiveDate, i64, Decimal)>> {
    let rows = sqlx::query(
        "SELECT d.delivery_no, d.delivery_date, dl.order_line_id, dl.qty_milli FROM delivery_lines dl
         JOIN deliveries d ON d.company_id = dl.company_id AND d.id = dl.delivery_id
         JOIN order_lines l ON l.company_id = dl.company_id AND l.id = dl.order_line_id
         WHERE dl.company_id = $1 AND l.order_id = $2 ORDER BY d.id, dl.id",
    )
    .bind(company_id)
    .bind(order_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| Ok((codec::get(r, "delivery_no")?, codec::date(r, "delivery_date")?, codec::get(r, "order_line_id")?, codec::qty(r, "qty_milli")?)))
        .collect()
}

/// The first and last date on which these order lines were delivered (None: none
/// of them has been).
pub async fn delivery_span(conn: &mut sqlx::AnyConnection, company_id: i64, order_line_ids: &[i64]) -> AppResult<Option<(NaiveDate, NaiveDate)>> {
    let mut span: Option<(NaiveDate, NaiveDate)> = None;
    for chunk in order_line_ids.chunks(CHUNK) {
        let ph: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT MIN(d.delivery_date) AS first_date, MAX(d.delivery_date) AS last_date FROM delivery_lines dl
             JOIN deliveries d ON d.company_id = dl.company_id AND d.id = dl.delivery_id
             WHERE dl.company_id = $1 AND dl.order_line_id IN ({})",
            ph.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for id in chunk {
            q = q.bind(*id);
        }
        let r = q.fetch_one(&mut *conn).await.map_err(db_err)?;
        if let (Some(a), Some(b)) = (codec::opt_date(&r, "first_date")?, codec::opt_date(&r, "last_date")?) {
            span = Some(match span {
                None => (a, b),
                Some((x, y)) => (x.min(a), y.max(b)),
            });
        }
    }
    Ok(span)
}

/// One page of the order list, newest first, filtered by status and customer.
const ORDER_ROW: &str =
    "SELECT o.id, o.order_no, o.order_date, o.delivery_date, o.status, p.customer_no, p.name, o.your_ref, o.net_minor, o.vat_minor, o.currency,
        o.updated_at AS changed_at, o.id AS changed_id
     FROM orders o JOIN parties p ON p.company_id = o.company_id AND p.id = o.customer_id WHERE o.company_id = $1";

fn order_row(r: &sqlx::any::AnyRow) -> AppResult<super::model::OrderRow> {
    let (net, vat) = (codec::money(r, "net_minor")?, codec::money(r, "vat_minor")?);
    Ok(super::model::OrderRow {
        id: codec::get(r, "id")?,
        number: codec::get(r, "order_no")?,
        doc_date: codec::date(r, "order_date")?,
        date: codec::date(r, "delivery_date")?,
        status: codec::coded(r, "status", OrderStatus::parse)?.into(),
        customer_no: codec::get::<Option<String>>(r, "customer_no")?.unwrap_or_default(),
        customer_name: codec::get(r, "name")?,
        your_ref: codec::get(r, "your_ref")?,
        net,
        gross: net + vat,
        currency: codec::get(r, "currency")?,
    })
}

pub async fn order_list(
    pool: &AnyPool,
    company_id: i64,
    status: Option<OrderStatus>,
    customer_id: Option<i64>,
    before_id: Option<i64>,
    per_page: i64,
) -> AppResult<Vec<super::model::OrderRow>> {
    let sql = format!("{ORDER_ROW} AND ($2 = '' OR o.status = $2) AND ($3 = 0 OR o.customer_id = $3) AND ($4 = 0 OR o.id < $4) ORDER BY o.id DESC LIMIT $5");
    let rows = sqlx::query(&sql)
        .bind(company_id)
        .bind(status.map_or("", OrderStatus::code))
        .bind(customer_id.unwrap_or(0))
        .bind(before_id.unwrap_or(0))
        .bind(per_page)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter().map(order_row).collect()
}

/// The order imported with an external reference: (id, number, status), if any.
pub async fn order_by_external_ref(pool: &AnyPool, company_id: i64, external_ref: &str) -> AppResult<Option<(i64, String, OrderStatus)>> {
    let r = sqlx::query("SELECT id, order_no, status FROM orders WHERE company_id = $1 AND external_ref = $2")
        .bind(company_id)
        .bind(external_ref)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    r.map(|r| Ok((codec::get(&r, "id")?, codec::get(&r, "order_no")?, codec::coded(&r, "status", OrderStatus::parse)?))).transpose()
}

/// What a delivery shipped of orders that came from elsewhere: (the order's external
/// reference, its line number, quantity).
pub async fn delivered_external(pool: &AnyPool, company_id: i64, delivery_no: &str) -> AppResult<Vec<(String, i64, Decimal)>> {
    let rows = sqlx::query(
        "SELECT o.external_ref, l.line_no, dl.qty_milli FROM deliveries d
         JOIN delivery_lines dl ON dl.company_id = d.company_id AND dl.delivery_id = d.id
         JOIN order_lines l ON l.company_id = dl.company_id AND l.id = dl.order_line_id
         JOIN orders o ON o.company_id = l.company_id AND o.id = l.order_id
         WHERE d.company_id = $1 AND d.delivery_no = $2 AND o.external_ref <> '' ORDER BY o.id, l.line_no",
    )
    .bind(company_id)
    .bind(delivery_no)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(|r| Ok((codec::get(r, "external_ref")?, codec::get(r, "line_no")?, codec::qty(r, "qty_milli")?))).collect()
}

/// Orders changed after `from`, in the order they changed (a change list page).
pub async fn orders_changed(pool: &AnyPool, company_id: i64, from: SyncFrom, limit: i64) -> AppResult<Vec<(super::model::OrderRow, i64, i64)>> {
    crate::db::changes::after(pool, ORDER_ROW, ("o.updated_at", "o.id"), company_id, from, limit, order_row).await
}

const QUOTE_ROW: &str = "SELECT q.id, q.quote_no, q.quote_date, q.valid_until, q.lost_reason IS NOT NULL AS lost, q.sent_at IS NOT NULL AS sent,
        p.customer_no, p.name, q.your_ref, q.net_minor, q.vat_minor, q.currency, q.updated_at AS changed_at, q.id AS changed_id,
        (SELECT COUNT(*) FROM quote_lines l WHERE l.company_id = q.company_id AND l.quote_id = q.id AND l.ordered_milli > 0) AS ordered_lines,
        (SELECT COUNT(*) FROM quote_lines l WHERE l.company_id = q.company_id AND l.quote_id = q.id AND l.kind = 'item' AND l.ordered_milli < l.qty_milli) AS open_lines
     FROM quotes q JOIN parties p ON p.company_id = q.company_id AND p.id = q.customer_id WHERE q.company_id = $1";

/// A quote of the list; its status computed by the domain function as of `today`.
fn quote_row(r: &sqlx::any::AnyRow, today: chrono::NaiveDate) -> AppResult<super::model::OrderRow> {
    use super::model::{quote_status, Acceptance};
    let valid = codec::date(r, "valid_until")?;
    let acceptance = Acceptance::of_counts(codec::get(r, "ordered_lines")?, codec::get(r, "open_lines")?);
    let (net, vat) = (codec::money(r, "net_minor")?, codec::money(r, "vat_minor")?);
    Ok(super::model::OrderRow {
        id: codec::get(r, "id")?,
        number: codec::get(r, "quote_no")?,
        doc_date: codec::date(r, "quote_date")?,
        date: valid,
        status: quote_status(codec::cond(r, "lost")?, codec::cond(r, "sent")?, valid, today, acceptance).into(),
        customer_no: codec::get::<Option<String>>(r, "customer_no")?.unwrap_or_default(),
        customer_name: codec::get(r, "name")?,
        your_ref: codec::get(r, "your_ref")?,
        net,
        gross: net + vat,
        currency: codec::get(r, "currency")?,
    })
}

/// Quote list, newest first.
pub async fn quote_list(
    pool: &AnyPool,
    company_id: i64,
    today: chrono::NaiveDate,
    before_id: Option<i64>,
    per_page: i64,
) -> AppResult<Vec<super::model::OrderRow>> {
    let sql = format!("{QUOTE_ROW} AND ($2 = 0 OR q.id < $2) ORDER BY q.id DESC LIMIT $3");
    let rows = sqlx::query(&sql).bind(company_id).bind(before_id.unwrap_or(0)).bind(per_page).fetch_all(pool).await.map_err(db_err)?;
    rows.iter().map(|r| quote_row(r, today)).collect()
}

/// Quotes changed after `from`, in the order they changed. A quote that expires
/// by the calendar has not changed: its status is computed as of `today`.
pub async fn quotes_changed(
    pool: &AnyPool,
    company_id: i64,
    today: chrono::NaiveDate,
    from: SyncFrom,
    limit: i64,
) -> AppResult<Vec<(super::model::OrderRow, i64, i64)>> {
    crate::db::changes::after(pool, QUOTE_ROW, ("q.updated_at", "q.id"), company_id, from, limit, |r| quote_row(r, today)).await
}

/// Open order lines with something left to deliver, oldest requested date first.
pub async fn open_lines(pool: &AnyPool, company_id: i64) -> AppResult<Vec<super::model::BackorderLine>> {
    let rows = sqlx::query(
        "SELECT o.order_no, p.name, o.requisition_no, l.line_no, COALESCE(i.item_no, '') AS item_no, l.description, l.qty_milli, l.delivered_milli, l.requested_date
         FROM order_lines l
         JOIN orders o ON o.company_id = l.company_id AND o.id = l.order_id
         JOIN parties p ON p.company_id = o.company_id AND p.id = o.customer_id
         LEFT JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         WHERE l.company_id = $1 AND o.status IN ('open', 'partly_delivered') AND l.kind = 'item' AND l.delivered_milli < l.qty_milli
         ORDER BY l.requested_date, o.id, l.line_no LIMIT 5000",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let (ordered, delivered) = (codec::qty(r, "qty_milli")?, codec::qty(r, "delivered_milli")?);
            Ok(super::model::BackorderLine {
                order_no: codec::get(r, "order_no")?,
                customer_name: codec::get(r, "name")?,
                requisition_no: codec::get(r, "requisition_no")?,
                line_no: codec::get(r, "line_no")?,
                item_no: codec::get(r, "item_no")?,
                description: codec::get(r, "description")?,
                ordered,
                delivered,
                remaining: ordered - delivered,
                requested_date: codec::date(r, "requested_date")?,
            })
        })
        .collect()
}

/// Deliveries posted after `from` (a delivery never changes: its posting is its
/// change), each with its lines.
pub async fn deliveries_changed(pool: &AnyPool, company_id: i64, from: SyncFrom, limit: i64) -> AppResult<Vec<(super::model::DeliveryRow, i64, i64)>> {
    use super::model::{DeliveredLine, DeliveryRow};
    let select = "SELECT d.id, d.delivery_no, d.delivery_date, p.customer_no, p.name, w.code AS warehouse, d.delivery_address,
            d.posted_at AS changed_at, d.id AS changed_id
         FROM deliveries d JOIN parties p ON p.company_id = d.company_id AND p.id = d.customer_id
         JOIN warehouses w ON w.company_id = d.company_id AND w.id = d.warehouse_id WHERE d.company_id = $1";
    let mut heads = crate::db::changes::after(pool, select, ("d.posted_at", "d.id"), company_id, from, limit, |r| {
        Ok(DeliveryRow {
            delivery_no: codec::get(r, "delivery_no")?,
            date: codec::date(r, "delivery_date")?,
            customer_no: codec::get::<Option<String>>(r, "customer_no")?.unwrap_or_default(),
            customer_name: codec::get(r, "name")?,
            warehouse: codec::get(r, "warehouse")?,
            delivery_address: codec::get(r, "delivery_address")?,
            lines: Vec::new(),
        })
    })
    .await?;
    if heads.is_empty() {
        return Ok(heads);
    }
    let ids: Vec<i64> = heads.iter().map(|(_, _, id)| *id).collect();
    let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT dl.delivery_id, o.order_no, l.line_no, COALESCE(i.item_no, '') AS item_no, dl.qty_milli
         FROM delivery_lines dl
         JOIN order_lines l ON l.company_id = dl.company_id AND l.id = dl.order_line_id
         JOIN orders o ON o.company_id = l.company_id AND o.id = l.order_id
         LEFT JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         WHERE dl.company_id = $1 AND dl.delivery_id IN ({}) ORDER BY dl.id",
        marks.join(", ")
    );
    let mut q = sqlx::query(&sql).bind(company_id);
    for id in &ids {
        q = q.bind(*id);
    }
    let mut lines: HashMap<i64, Vec<DeliveredLine>> = HashMap::new();
    for r in q.fetch_all(pool).await.map_err(db_err)? {
        lines.entry(codec::get(&r, "delivery_id")?).or_default().push(DeliveredLine {
            order_no: codec::get(&r, "order_no")?,
            order_line_no: codec::get(&r, "line_no")?,
            item_no: codec::get(&r, "item_no")?,
            qty: codec::qty(&r, "qty_milli")?,
        });
    }
    for (head, _, id) in heads.iter_mut() {
        head.lines = lines.remove(id).unwrap_or_default();
    }
    Ok(heads)
}

/// A posted delivery as a document: head (customer, address, date, orders) and its
/// lines with the quantities delivered; also its orders and the customer's language.
pub async fn delivery_doc(pool: &AnyPool, company_id: i64, no: &str) -> AppResult<(Doc, Vec<String>, String)> {
    let head = sqlx::query(
        "SELECT d.id, d.delivery_no, d.customer_id, p.customer_no, p.name, d.delivery_date, d.delivery_address, p.doc_lang
         FROM deliveries d JOIN parties p ON p.company_id = d.company_id AND p.id = d.customer_id
         WHERE d.company_id = $1 AND d.delivery_no = $2",
    )
    .bind(company_id)
    .bind(no.trim())
    .fetch_optional(pool)
    .await
    .map_err(db_err)?
    .ok_or_else(|| AppError::not_found(format!("No delivery {} in this company", no.trim())))?;
    let id: i64 = codec::get(&head, "id")?;
    let rows = sqlx::query(
        "SELECT o.order_no, o.requisition_no, COALESCE(i.item_no, '') AS item_no, l.description, dl.qty_milli, l.unit
         FROM delivery_lines dl
         JOIN order_lines l ON l.company_id = dl.company_id AND l.id = dl.order_line_id
         JOIN orders o ON o.company_id = l.company_id AND o.id = l.order_id
         LEFT JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         WHERE dl.company_id = $1 AND dl.delivery_id = $2 ORDER BY dl.id",
    )
    .bind(company_id)
    .bind(id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let mut orders: Vec<String> = Vec::new();
    let mut requisitions: Vec<String> = Vec::new();
    let mut lines = Vec::new();
    for (n, r) in rows.iter().enumerate() {
        let (order_no, req): (String, String) = (codec::get(r, "order_no")?, codec::get(r, "requisition_no")?);
        if !orders.contains(&order_no) {
            orders.push(order_no);
        }
        if !req.is_empty() && !requisitions.contains(&req) {
            requisitions.push(req);
        }
        lines.push(DocLine {
            line: Line {
                line_no: n as i64 + 1,
                kind: LineKind::Item,
                item_no: codec::get(r, "item_no")?,
                description: codec::get(r, "description")?,
                qty: codec::qty(r, "qty_milli")?,
                unit: codec::get(r, "unit")?,
                ..Default::default()
            },
            ..Default::default()
        });
    }
    let doc = Doc {
        id,
        number: codec::get(&head, "delivery_no")?,
        customer_id: codec::get(&head, "customer_id")?,
        customer_no: codec::get::<Option<String>>(&head, "customer_no")?.unwrap_or_default(),
        customer_name: codec::get(&head, "name")?,
        doc_date: codec::date(&head, "delivery_date")?,
        delivery_address: codec::get(&head, "delivery_address")?,
        requisition_no: requisitions.join(", "),
        lines,
        ..Default::default()
    };
    Ok((doc, orders, codec::get(&head, "doc_lang")?))
}

/// Delivered, not yet invoiced item lines of confirmed orders, oldest order first;
/// one customer's when given.
pub async fn basis(pool: &AnyPool, company_id: i64, customer_id: Option<i64>) -> AppResult<Vec<crate::invoicing::model::BasisLine>> {
    let rows = sqlx::query(
        "SELECT o.order_no, p.customer_no, p.name, p.collective_invoicing, l.line_no, COALESCE(i.item_no, '') AS item_no, l.description,
                l.delivered_milli - l.invoiced_milli AS open_milli, l.unit, l.qty_milli, l.net_minor
         FROM order_lines l
         JOIN orders o ON o.company_id = l.company_id AND o.id = l.order_id
         JOIN parties p ON p.company_id = o.company_id AND p.id = o.customer_id
         LEFT JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         WHERE l.company_id = $1 AND l.kind = 'item' AND l.delivered_milli > l.invoiced_milli AND (CAST($2 AS BIGINT) IS NULL OR o.customer_id = $2)
         ORDER BY o.id, l.line_no",
    )
    .bind(company_id)
    .bind(customer_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let open = codec::qty(r, "open_milli")?;
            let qty = codec::qty(r, "qty_milli")?;
            let net = codec::money(r, "net_minor")?;
            Ok(crate::invoicing::model::BasisLine {
                order_no: codec::get(r, "order_no")?,
                customer_no: codec::get::<Option<String>>(r, "customer_no")?.unwrap_or_default(),
                customer_name: codec::get(r, "name")?,
                collective: codec::flag(r, "collective_invoicing")?,
                line_no: codec::get(r, "line_no")?,
                item_no: codec::get(r, "item_no")?,
                description: codec::get(r, "description")?,
                qty: open,
                unit: codec::get(r, "unit")?,
                net: if qty.is_zero() { Decimal::ZERO } else { crate::core::money::cents(net * open / qty) },
            })
        })
        .collect()
}

/// Confirmed orders with something left to deliver.
pub async fn orders_to_deliver(pool: &AnyPool, company_id: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE company_id = $1 AND status IN ('open', 'partly_delivered')")
        .bind(company_id)
        .fetch_one(pool)
        .await
        .map_err(db_err)
}

/// Orders with delivered lines not yet invoiced.
pub async fn orders_to_invoice(pool: &AnyPool, company_id: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT COUNT(DISTINCT order_id) FROM order_lines WHERE company_id = $1 AND delivered_milli > invoiced_milli")
        .bind(company_id)
        .fetch_one(pool)
        .await
        .map_err(db_err)
}
