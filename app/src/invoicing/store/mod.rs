//! SQL of invoices, credit notes and their settlement. Posted rows are never
//! updated (the database refuses it); only the open amount and the follow-up
//! columns change, each with the allocation or event that changes them.
use sqlx::AnyPool;

pub mod contracts;
pub mod costs;
pub mod facts;

use super::model::{Invoice, InvoiceKind, InvoiceLine, InvoiceRow, InvoiceSettings, KidMethod};
use crate::core::date::iso;
use crate::core::document::DocLine;
use crate::core::lines::totals;
use crate::core::money::from_minor;
use crate::core::quantity::to_milli;
use crate::db::codec::{self, bp, minor};
use crate::db::{db_err, now_ms, Tx};
use crate::error::{AppError, AppResult};

const CHUNK: usize = 400;

pub async fn settings(conn: &mut sqlx::AnyConnection, company_id: i64) -> AppResult<InvoiceSettings> {
    let r =
        sqlx::query("SELECT kid_method, kid_length, reminder_fee_minor, reminder_days, writeoff_minor, ehf_outbox FROM invoice_settings WHERE company_id = $1")
            .bind(company_id)
            .fetch_optional(conn)
            .await
            .map_err(db_err)?;
    Ok(match r {
        None => InvoiceSettings::default(),
        Some(r) => InvoiceSettings {
            kid_method: codec::coded(&r, "kid_method", |s| KidMethod::parse(s).ok())?,
            kid_length: codec::get(&r, "kid_length")?,
            reminder_fee: codec::money(&r, "reminder_fee_minor")?,
            reminder_days: codec::get(&r, "reminder_days")?,
            writeoff_limit: codec::money(&r, "writeoff_minor")?,
            ehf_outbox: codec::get(&r, "ehf_outbox")?,
        },
    })
}

pub async fn save_settings(pool: &AnyPool, company_id: i64, s: &InvoiceSettings) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO invoice_settings (company_id, kid_method, kid_length, reminder_fee_minor, reminder_days, writeoff_minor, ehf_outbox)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (company_id) DO UPDATE SET kid_method = $2, kid_length = $3, reminder_fee_minor = $4, reminder_days = $5, writeoff_minor = $6, ehf_outbox = $7",
    )
    .bind(company_id)
    .bind(s.kid_method.code())
    .bind(s.kid_length)
    .bind(minor(s.reminder_fee)?)
    .bind(s.reminder_days)
    .bind(minor(s.writeoff_limit)?)
    .bind(&s.ehf_outbox)
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(())
}

const HEAD: &str = "kind, invoice_no, customer_id, customer_no, customer_name, address_line, postcode, city, country, org_no, vat_no, peppol_id,
    invoice_email, vat_exempt_reason, doc_lang, invoice_date, due_date, delivery_date, payment_terms, currency, kid, your_ref, our_ref,
    order_refs, delivery_address, credited_invoice_id, note, net_minor, vat_minor, gross_minor";

/// Inserts a posted invoice or credit note and its lines (their totals computed
/// here from the lines); answers the invoice id and the line ids in order.
/// `credited_id`: the invoice a credit note credits.
pub async fn insert(tx: &mut Tx, company_id: i64, user_id: i64, inv: &Invoice, credited_id: Option<i64>) -> AppResult<(i64, Vec<i64>)> {
    let t = totals(&inv.lines.iter().map(|l| l.doc.line.clone()).collect::<Vec<_>>());
    let gross = minor(t.gross)?;
    let open = if inv.kind == InvoiceKind::CreditNote { -gross } else { gross };
    let sql = format!(
        "INSERT INTO invoices (company_id, {HEAD}, posted_at, posted_by, open_minor, period_from, seller_id, project_code, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $32) RETURNING id"
    );
    let id: i64 = sqlx::query_scalar(&sql)
        .bind(company_id)
        .bind(inv.kind.code())
        .bind(&inv.number)
        .bind(inv.customer_id)
        .bind(&inv.customer_no)
        .bind(&inv.customer_name)
        .bind(&inv.address_line)
        .bind(&inv.postcode)
        .bind(&inv.city)
        .bind(&inv.country)
        .bind(&inv.org_no)
        .bind(&inv.vat_no)
        .bind(&inv.peppol_id)
        .bind(&inv.invoice_email)
        .bind(&inv.vat_exempt_reason)
        .bind(&inv.doc_lang)
        .bind(iso(inv.invoice_date))
        .bind(iso(inv.due_date))
        .bind(iso(inv.delivery_date))
        .bind(&inv.payment_terms)
        .bind(&inv.currency)
        .bind(&inv.kid)
        .bind(&inv.your_ref)
        .bind(&inv.our_ref)
        .bind(&inv.order_refs)
        .bind(&inv.delivery_address)
        .bind(credited_id)
        .bind(&inv.note)
        .bind(minor(t.net)?)
        .bind(minor(t.vat_total)?)
        .bind(gross)
        .bind(now_ms())
        .bind(user_id)
        .bind(open)
        .bind(inv.period_from.map(iso).unwrap_or_default())
        .bind(inv.seller_id)
        .bind(&inv.project_code)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)?;
    let mut ids = Vec::with_capacity(inv.lines.len());
    const N: usize = 17;
    for chunk in inv.lines.chunks(CHUNK) {
        let values = crate::db::values_rows(chunk.len(), 2, N);
        let sql = format!(
            "INSERT INTO invoice_lines (company_id, invoice_id, line_no, kind, item_id, item_no, description, qty_milli, unit, price_minor, discount_bp,
             vat_code, vat_rate_bp, vat_category, net_minor, order_line_id, order_no, credited_line_id, item_group) VALUES {values} RETURNING id, line_no"
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(id);
        for l in chunk {
            let x = &l.doc.line;
            q = q
                .bind(x.line_no)
                .bind(x.kind.code())
                .bind(l.doc.item_id)
                .bind(&x.item_no)
                .bind(&x.description)
                .bind(to_milli("Quantity", x.qty).map_err(AppError::invalid)?)
                .bind(&x.unit)
                .bind(minor(x.unit_price)?)
                .bind(bp(x.discount_pct)?)
                .bind(&x.vat_code)
                .bind(bp(x.vat_rate)?)
                .bind(&l.vat_category)
                .bind(minor(x.net)?)
                .bind(l.order_line_id)
                .bind(&l.order_no)
                .bind(l.credited_line_id)
                .bind(&l.doc.item_group);
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
    Ok((id, ids))
}

/// An invoice (or credit note) by number or id, with its lines and, per line,
/// what credit notes have credited of it.
pub async fn load(conn: &mut sqlx::AnyConnection, company_id: i64, kind: InvoiceKind, no: Option<&str>, id: Option<i64>) -> AppResult<Invoice> {
    let cols = HEAD
        .split(',')
        .map(str::trim)
        .map(|c| match c {
            "credited_invoice_id" => {
                "COALESCE((SELECT c.invoice_no FROM invoices c WHERE c.company_id = d.company_id AND c.id = d.credited_invoice_id), '') AS credited_no"
                    .to_string()
            }
            c => format!("d.{c}"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let what = if kind == InvoiceKind::CreditNote { "credit note" } else { "invoice" };
    let (filter, key) = match (no, id) {
        (Some(n), _) => ("d.invoice_no = $3", n.trim().to_string()),
        (None, Some(i)) => ("d.id = CAST($3 AS BIGINT)", i.to_string()),
        (None, None) => return Err(AppError::not_found(format!("No {what} given"))),
    };
    let sql = format!("SELECT d.id, {cols}, d.open_minor, d.disputed, d.reminder_level, d.sent_via, NULLIF(d.period_from, '') AS period_from, d.seller_id, d.project_code FROM invoices d WHERE d.company_id = $1 AND d.kind = $2 AND {filter}");
    let q = sqlx::query(&sql).bind(company_id).bind(kind.code());
    let r = match id.filter(|_| no.is_none()) {
        Some(i) => q.bind(i).fetch_optional(&mut *conn).await,
        None => q.bind(key.clone()).fetch_optional(&mut *conn).await,
    }
    .map_err(db_err)?
    .ok_or_else(|| AppError::not_found(format!("No {what} {key} in this company")))?;
    let mut inv = Invoice {
        kind,
        id: codec::get(&r, "id")?,
        number: codec::get(&r, "invoice_no")?,
        customer_id: codec::get(&r, "customer_id")?,
        customer_no: codec::get(&r, "customer_no")?,
        customer_name: codec::get(&r, "customer_name")?,
        address_line: codec::get(&r, "address_line")?,
        postcode: codec::get(&r, "postcode")?,
        city: codec::get(&r, "city")?,
        country: codec::get(&r, "country")?,
        org_no: codec::get(&r, "org_no")?,
        vat_no: codec::get(&r, "vat_no")?,
        peppol_id: codec::get(&r, "peppol_id")?,
        invoice_email: codec::get(&r, "invoice_email")?,
        vat_exempt_reason: codec::get(&r, "vat_exempt_reason")?,
        doc_lang: codec::get(&r, "doc_lang")?,
        invoice_date: codec::date(&r, "invoice_date")?,
        due_date: codec::date(&r, "due_date")?,
        delivery_date: codec::date(&r, "delivery_date")?,
        payment_terms: codec::get(&r, "payment_terms")?,
        currency: codec::get(&r, "currency")?,
        kid: codec::get(&r, "kid")?,
        your_ref: codec::get(&r, "your_ref")?,
        our_ref: codec::get(&r, "our_ref")?,
        order_refs: codec::get(&r, "order_refs")?,
        delivery_address: codec::get(&r, "delivery_address")?,
        credited_no: codec::get(&r, "credited_no")?,
        note: codec::get(&r, "note")?,
        open: codec::money(&r, "open_minor")?,
        disputed: codec::flag(&r, "disputed")?,
        reminder_level: codec::get(&r, "reminder_level")?,
        sent_via: codec::get(&r, "sent_via")?,
        period_from: codec::opt_date(&r, "period_from")?,
        seller_id: codec::get(&r, "seller_id")?,
        project_code: codec::get(&r, "project_code")?,
        ..Default::default()
    };
    inv.lines = lines(conn, company_id, inv.id).await?;
    inv.totals = totals(&inv.lines.iter().map(|l| l.doc.line.clone()).collect::<Vec<_>>());
    Ok(inv)
}

async fn lines(conn: &mut sqlx::AnyConnection, company_id: i64, invoice_id: i64) -> AppResult<Vec<InvoiceLine>> {
    let rows = sqlx::query(
        "SELECT l.id, l.line_no, l.kind, l.item_no, l.description, l.qty_milli, l.unit, l.price_minor, l.discount_bp, l.vat_code, l.vat_rate_bp, l.net_minor,
                l.vat_category, l.order_no, l.order_line_id, l.credited_line_id, l.item_id, l.item_group,
                CAST(COALESCE((SELECT SUM(c.qty_milli) FROM invoice_lines c WHERE c.company_id = l.company_id AND c.credited_line_id = l.id), 0) AS BIGINT) AS credited_milli
         FROM invoice_lines l WHERE l.company_id = $1 AND l.invoice_id = $2 ORDER BY l.line_no",
    )
    .bind(company_id)
    .bind(invoice_id)
    .fetch_all(conn)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(InvoiceLine {
                doc: DocLine {
                    id: codec::get(r, "id")?,
                    line: codec::line(r)?,
                    item_id: codec::get(r, "item_id")?,
                    item_group: codec::get(r, "item_group")?,
                    ..Default::default()
                },
                vat_category: codec::get(r, "vat_category")?,
                order_no: codec::get(r, "order_no")?,
                order_line_id: codec::get(r, "order_line_id")?,
                credited_line_id: codec::get(r, "credited_line_id")?,
                credited: codec::qty(r, "credited_milli")?,
            })
        })
        .collect()
}

const ROW_COLS: &str = "id, kind, invoice_no, customer_no, customer_name, invoice_date, due_date, currency, gross_minor, open_minor, disputed, reminder_level";

fn row(r: &sqlx::any::AnyRow) -> AppResult<InvoiceRow> {
    Ok(InvoiceRow {
        id: codec::get(r, "id")?,
        kind: codec::coded(r, "kind", InvoiceKind::parse)?,
        number: codec::get(r, "invoice_no")?,
        customer_no: codec::get(r, "customer_no")?,
        customer_name: codec::get(r, "customer_name")?,
        invoice_date: codec::date(r, "invoice_date")?,
        due_date: codec::date(r, "due_date")?,
        currency: codec::get(r, "currency")?,
        gross: codec::money(r, "gross_minor")?,
        open: codec::money(r, "open_minor")?,
        disputed: codec::flag(r, "disputed")?,
        reminder_level: codec::get(r, "reminder_level")?,
    })
}

/// Invoices and credit notes, newest first, a page before `before_id`.
pub async fn list(pool: &AnyPool, company_id: i64, customer_id: Option<i64>, before_id: Option<i64>, per_page: i64) -> AppResult<Vec<InvoiceRow>> {
    let sql = format!(
        "SELECT {ROW_COLS} FROM invoices WHERE company_id = $1 AND ($2 IS NULL OR customer_id = $2) AND ($3 IS NULL OR id < $3)
         ORDER BY id DESC LIMIT $4"
    )
    .replace("$2 IS NULL", "CAST($2 AS BIGINT) IS NULL")
    .replace("$3 IS NULL", "CAST($3 AS BIGINT) IS NULL");
    let rows = sqlx::query(&sql).bind(company_id).bind(customer_id).bind(before_id).bind(per_page).fetch_all(pool).await.map_err(db_err)?;
    rows.iter().map(row).collect()
}

/// Invoices and credit notes changed after `from` (posted, paid, reminded, disputed,
/// sent), in the order they changed.
pub async fn changed(pool: &AnyPool, company_id: i64, from: crate::core::sync::SyncFrom, limit: i64) -> AppResult<Vec<(InvoiceRow, i64, i64)>> {
    let select = format!("SELECT {ROW_COLS}, updated_at AS changed_at, id AS changed_id FROM invoices WHERE company_id = $1");
    crate::db::changes::after(pool, &select, ("updated_at", "id"), company_id, from, limit, row).await
}

/// Everything not settled: open invoices and unused credit, oldest due first.
pub async fn open_items(pool: &AnyPool, company_id: i64) -> AppResult<Vec<InvoiceRow>> {
    let sql = format!("SELECT {ROW_COLS} FROM invoices WHERE company_id = $1 AND open_minor <> 0 ORDER BY due_date, id");
    let rows = sqlx::query(&sql).bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    rows.iter().map(row).collect()
}

/// What settles an invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settles {
    Payment(i64),
    CreditNote(i64),
    WriteOff,
}

/// Records that `amount_minor` of an invoice is settled and lowers its open amount,
/// never below zero (a concurrent settlement makes this fail, nothing written).
pub async fn allocate(tx: &mut Tx, company_id: i64, invoice_id: i64, by: Settles, amount_minor: i64, date: chrono::NaiveDate) -> AppResult<()> {
    let n = sqlx::query(
        "UPDATE invoices SET open_minor = open_minor - $3, updated_at = $4 WHERE company_id = $1 AND id = $2 AND kind = 'invoice' AND open_minor >= $3",
    )
    .bind(company_id)
    .bind(invoice_id)
    .bind(amount_minor)
    .bind(now_ms())
    .execute(&mut **tx)
    .await
    .map_err(db_err)?
    .rows_affected();
    if n != 1 {
        return Err(AppError::Conflict("The invoice has less left to pay than that (it may just have been paid); reload and try again".into()));
    }
    let (kind, payment, credit) = match by {
        Settles::Payment(p) => ("payment", Some(p), None),
        Settles::CreditNote(c) => ("credit_note", None, Some(c)),
        Settles::WriteOff => ("writeoff", None, None),
    };
    sqlx::query(
        "INSERT INTO allocations (company_id, invoice_id, kind, payment_id, credit_note_id, amount_minor, entry_date, created_at, invoice_date, credit_note_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT invoice_date FROM invoices WHERE company_id = $1 AND id = $2), (SELECT invoice_date FROM invoices WHERE company_id = $1 AND id = $5))",
    )
    .bind(company_id)
    .bind(invoice_id)
    .bind(kind)
    .bind(payment)
    .bind(credit)
    .bind(amount_minor)
    .bind(iso(date))
    .bind(now_ms())
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// A credit note's unused credit shrinks as it is set against an invoice.
pub async fn use_credit(tx: &mut Tx, company_id: i64, credit_note_id: i64, amount_minor: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE invoices SET open_minor = open_minor + $3, updated_at = $4 WHERE company_id = $1 AND id = $2 AND kind = 'credit_note' AND open_minor + $3 <= 0",
    )
    .bind(company_id)
    .bind(credit_note_id)
    .bind(amount_minor)
    .bind(now_ms())
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The VAT category (EN 16931) of each of the company's VAT codes.
pub async fn vat_categories(conn: &mut sqlx::AnyConnection, company_id: i64) -> AppResult<std::collections::HashMap<String, String>> {
    let rows = sqlx::query("SELECT code, category FROM vat_codes WHERE company_id = $1").bind(company_id).fetch_all(conn).await.map_err(db_err)?;
    rows.iter().map(|r| Ok((codec::get(r, "code")?, codec::get(r, "category")?))).collect()
}

pub async fn set_disputed(pool: &AnyPool, company_id: i64, id: i64, disputed: bool) -> AppResult<()> {
    sqlx::query("UPDATE invoices SET disputed = $3, updated_at = $4 WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(id)
        .bind(disputed as i64)
        .bind(now_ms())
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Logs a sending and records the channel on the invoice.
pub async fn log_send(pool: &AnyPool, company_id: i64, user_id: i64, invoice_id: i64, via: crate::core::document::Channel, target: &str) -> AppResult<()> {
    let mut tx = pool.begin().await.map_err(db_err)?;
    sqlx::query("INSERT INTO invoice_sends (company_id, invoice_id, channel, target, sent_at, sent_by) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(company_id)
        .bind(invoice_id)
        .bind(via.code())
        .bind(target)
        .bind(now_ms())
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    sqlx::query("UPDATE invoices SET sent_via = $3, updated_at = $4 WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(invoice_id)
        .bind(via.code())
        .bind(now_ms())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    tx.commit().await.map_err(db_err)
}

/// The send log of an invoice, first first.
pub async fn sends(pool: &AnyPool, company_id: i64, invoice_id: i64) -> AppResult<Vec<super::model::SendLog>> {
    let rows = sqlx::query("SELECT channel, target, sent_at FROM invoice_sends WHERE company_id = $1 AND invoice_id = $2 ORDER BY id")
        .bind(company_id)
        .bind(invoice_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(super::model::SendLog {
                channel: codec::coded(r, "channel", crate::core::document::Channel::parse)?,
                target: codec::get(r, "target")?,
                sent_at: codec::get(r, "sent_at")?,
            })
        })
        .collect()
}

/// An allocation written with others (a bank file's): `payment` is the index of its
/// payment in the ids given to [`allocate_many`].
pub struct BatchAllocation {
    pub invoice_id: i64,
    /// payment or writeoff.
    pub kind: &'static str,
    pub payment: usize,
    pub amount_minor: i64,
    pub date: chrono::NaiveDate,
}

/// Settles invoices set-wise: lowers each invoice's open amount by its allocations
/// (refused, nothing written, when one has less left than that) and records them.
pub async fn allocate_many(tx: &mut Tx, company_id: i64, rows: &[BatchAllocation], payment_ids: &[i64]) -> AppResult<()> {
    let mut per_invoice: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    for a in rows {
        *per_invoice.entry(a.invoice_id).or_default() += a.amount_minor;
    }
    let totals: Vec<(i64, i64)> = per_invoice.into_iter().collect();
    for chunk in totals.chunks(500) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("(CAST(${} AS BIGINT), CAST(${} AS BIGINT))", 2 + 2 * i, 3 + 2 * i)).collect();
        let sql = format!(
            "UPDATE invoices AS i SET open_minor = i.open_minor - v.column2, updated_at = {} FROM (VALUES {}) AS v
             WHERE i.company_id = $1 AND i.id = v.column1 AND i.kind = 'invoice' AND i.open_minor >= v.column2 RETURNING id",
            now_ms(),
            values.join(", ")
        );
        let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(company_id);
        for (id, amount) in chunk {
            q = q.bind(*id).bind(*amount);
        }
        if q.fetch_all(&mut **tx).await.map_err(db_err)?.len() != chunk.len() {
            return Err(AppError::Conflict("An invoice was paid meanwhile; nothing was imported, try again".into()));
        }
    }
    let now = now_ms();
    for chunk in rows.chunks(500) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = 3 + 5 * i;
                format!(
                    "($1, ${b}, ${}, ${}, ${}, ${}, $2, (SELECT invoice_date FROM invoices WHERE company_id = $1 AND id = ${b}))",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO allocations (company_id, invoice_id, kind, payment_id, amount_minor, entry_date, created_at, invoice_date) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(now);
        for a in chunk {
            let payment = (a.kind == "payment").then(|| payment_ids[a.payment]);
            q = q.bind(a.invoice_id).bind(a.kind).bind(payment).bind(a.amount_minor).bind(iso(a.date));
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// Overdue invoices on `today`: (how many, what is open on them).
pub async fn overdue(pool: &AnyPool, company_id: i64, today: chrono::NaiveDate) -> AppResult<(i64, rust_decimal::Decimal)> {
    let (n, amount): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(CAST(SUM(open_minor) AS BIGINT), 0) FROM invoices
         WHERE company_id = $1 AND kind = 'invoice' AND open_minor > 0 AND due_date < $2",
    )
    .bind(company_id)
    .bind(iso(today))
    .fetch_one(pool)
    .await
    .map_err(db_err)?;
    Ok((n, from_minor(amount)))
}
