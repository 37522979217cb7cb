//! SQL of open items and payments.
use sqlx::AnyPool;

use super::bankfile::{BankLine, Payable};
use super::model::{BankFileRow, OpenItem, UnmatchedLine};
use crate::core::date::iso;
use crate::core::money::from_minor;
use crate::db::codec::{get, money};
use crate::db::{db_err, now_ms, Backend, Db, Tx};
use crate::error::{AppError, AppResult};

/// Every unsettled invoice, unused credit note and unallocated payment of the
/// company, oldest due first. Reads only the open rows (a partial index), and has the
/// database put them into one JSON array: thousands of rows then cross from SQLite's
/// worker thread as one value instead of one by one.
pub async fn open_items(db: &Db, company_id: i64) -> AppResult<Vec<OpenItem>> {
    let rows = format!(
        "SELECT kind AS k, invoice_no AS n, customer_no AS c, customer_name AS m, invoice_date AS d, due_date AS u, currency AS y, gross_minor AS g, open_minor AS o, disputed AS x, reminder_level AS r
         FROM invoices {} WHERE company_id = $1 AND open_minor <> 0
         UNION ALL
         SELECT 'payment', CAST(p.id AS TEXT), COALESCE(c.customer_no, ''), c.name, p.pay_date, p.pay_date, p.currency, p.amount_minor, -p.unallocated_minor, 0, 0
         FROM payments p JOIN parties c ON c.company_id = p.company_id AND c.id = p.customer_id
         WHERE p.company_id = $1 AND p.unallocated_minor > 0",
        open_index(db)
    );
    items_of(db, &rows, company_id, None).await
}

/// The partial index of open invoices, named for SQLite: its planner would otherwise
/// walk every invoice of the company (or every one dated up to a day) by another index
/// instead of the few thousand open. PostgreSQL picks it by itself.
fn open_index(db: &Db) -> &'static str {
    if db.backend == Backend::Sqlite {
        "INDEXED BY invoices_open"
    } else {
        ""
    }
}

/// What was open at the end of `day`: each invoice and credit note dated up to it with
/// what is open now, the allocations dated after the day given back and the reminder
/// fees of after it taken off (an invoice's open amount is its gross and fees less its
/// allocations; a credit note's its use less its gross); the payments of up to that day
/// not allocated. Only what is open now, and the allocations entered after the day of
/// documents dated up to it (each allocation carries its documents' dates) are read, so
/// the work grows with what was open then, not with the ledger. The two halves (open
/// now; settled since) are separate so each reads its own index.
pub async fn open_items_as_of(db: &Db, company_id: i64, day: chrono::NaiveDate) -> AppResult<Vec<OpenItem>> {
    let open = open_index(db);
    let rows = format!(
        "WITH since AS (SELECT id, CAST(SUM(amount) AS BIGINT) AS back, CAST(SUM(n) AS BIGINT) AS later FROM (
                SELECT a.invoice_id AS id, a.amount_minor AS amount, 0 AS n FROM allocations a WHERE a.company_id = $1 AND a.entry_date > $2 AND a.invoice_date <= $2
                UNION ALL
                SELECT a.credit_note_id, -a.amount_minor, 0 FROM allocations a
                 WHERE a.company_id = $1 AND a.entry_date > $2 AND a.credit_note_id IS NOT NULL AND a.credit_note_date <= $2
                UNION ALL
                SELECT r.invoice_id, -r.fee_minor, 1 FROM reminders r WHERE r.company_id = $1 AND r.reminder_date > $2) t
             GROUP BY id)
         SELECT i.kind AS k, i.invoice_no AS n, i.customer_no AS c, i.customer_name AS m, i.invoice_date AS d, i.due_date AS u, i.currency AS y, i.gross_minor AS g,
           i.open_minor + COALESCE(x.back, 0) AS o, i.disputed AS x, i.reminder_level - COALESCE(x.later, 0) AS r
         FROM invoices i {open} LEFT JOIN since x ON x.id = i.id
         WHERE i.company_id = $1 AND i.open_minor <> 0 AND i.invoice_date <= $2
         UNION ALL
         SELECT i.kind, i.invoice_no, i.customer_no, i.customer_name, i.invoice_date, i.due_date, i.currency, i.gross_minor,
           x.back, i.disputed, i.reminder_level - x.later
         FROM since x JOIN invoices i ON i.company_id = $1 AND i.id = x.id
         WHERE i.open_minor = 0 AND i.invoice_date <= $2
         UNION ALL
         SELECT 'payment', CAST(p.id AS TEXT), COALESCE(c.customer_no, ''), c.name, p.pay_date, p.pay_date, p.currency, p.amount_minor, -p.unallocated_minor, 0, 0
         FROM payments p JOIN parties c ON c.company_id = p.company_id AND c.id = p.customer_id
         WHERE p.company_id = $1 AND p.unallocated_minor > 0 AND p.pay_date <= $2"
    );
    let mut items = items_of(db, &rows, company_id, Some(iso(day))).await?;
    items.retain(|i| !i.open.is_zero());
    Ok(items)
}

/// The open items `rows` selects (the company `$1`, a day `$2` when given), read as one
/// JSON array, oldest due first.
async fn items_of(db: &Db, rows: &str, company_id: i64, day: Option<String>) -> AppResult<Vec<OpenItem>> {
    let sql = match db.backend {
        Backend::Sqlite => format!("SELECT COALESCE(json_group_array(json_array(k, n, c, m, d, u, y, g, o, x, r)), '[]') FROM ({rows}) t"),
        Backend::Postgres => format!("SELECT COALESCE(json_agg(json_build_array(k, n, c, m, d, u, y, g, o, x, r))::text, '[]') FROM ({rows}) t"),
    };
    let mut q = sqlx::query_scalar(&sql).bind(company_id);
    if let Some(d) = day {
        q = q.bind(d);
    }
    let json: String = q.fetch_one(&db.pool).await.map_err(db_err)?;
    type Row = (super::model::EntryKind, String, String, String, chrono::NaiveDate, chrono::NaiveDate, String, i64, i64, i64, i64);
    let rows: Vec<Row> = serde_json::from_str(&json).map_err(|e| AppError::Internal(format!("open items: {e}")))?;
    let mut items: Vec<OpenItem> = rows
        .into_iter()
        .map(|(kind, number, customer_no, customer_name, date, due_date, currency, gross, open, disputed, reminder_level)| OpenItem {
            kind,
            number,
            customer_no,
            customer_name,
            date,
            due_date,
            currency,
            amount: from_minor(gross),
            open: from_minor(open),
            disputed: disputed != 0,
            reminder_level,
        })
        .collect();
    items.sort_by(|a, b| a.due_date.cmp(&b.due_date).then_with(|| a.number.cmp(&b.number)));
    Ok(items)
}

/// An invoice to pay, found by number or KID, with its currency.
pub async fn payable(conn: &mut sqlx::AnyConnection, company_id: i64, invoice_no: &str, kid: &str) -> AppResult<(Payable, String)> {
    let (col, key) = if invoice_no.trim().is_empty() { ("kid", kid.trim()) } else { ("invoice_no", invoice_no.trim()) };
    let sql = format!("SELECT id, invoice_no, kid, customer_id, open_minor, currency FROM invoices WHERE company_id = $1 AND kind = 'invoice' AND {col} = $2");
    let r = sqlx::query(&sql).bind(company_id).bind(key).fetch_optional(conn).await.map_err(db_err)?;
    let r = r.ok_or_else(|| {
        AppError::not_found(if col == "kid" { format!("No invoice with KID {key} in this company") } else { format!("No invoice {key} in this company") })
    })?;
    Ok((payable_row(&r)?, get(&r, "currency")?))
}

fn payable_row(r: &sqlx::any::AnyRow) -> AppResult<Payable> {
    Ok(Payable {
        id: get(r, "id")?,
        number: get(r, "invoice_no")?,
        kid: get(r, "kid")?,
        customer_id: get(r, "customer_id")?,
        open_minor: get(r, "open_minor")?,
    })
}

/// Every invoice with something left to pay.
pub async fn open_payables(conn: &mut sqlx::AnyConnection, company_id: i64) -> AppResult<Vec<Payable>> {
    let rows = sqlx::query("SELECT id, invoice_no, kid, customer_id, open_minor FROM invoices WHERE company_id = $1 AND kind = 'invoice' AND open_minor > 0")
        .bind(company_id)
        .fetch_all(conn)
        .await
        .map_err(db_err)?;
    rows.iter().map(payable_row).collect()
}

/// Invoices by KID (settled ones too: paying one again makes credit).
pub async fn payables_by_kid(conn: &mut sqlx::AnyConnection, company_id: i64, kids: &[String]) -> AppResult<Vec<Payable>> {
    let mut out = Vec::new();
    for chunk in kids.chunks(500) {
        let ph: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT id, invoice_no, kid, customer_id, open_minor FROM invoices WHERE company_id = $1 AND kind = 'invoice' AND kid IN ({})",
            ph.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for k in chunk {
            q = q.bind(k);
        }
        for r in &q.fetch_all(&mut *conn).await.map_err(db_err)? {
            out.push(payable_row(r)?);
        }
    }
    Ok(out)
}

pub async fn company_currency(conn: &mut sqlx::AnyConnection, company_id: i64) -> AppResult<String> {
    sqlx::query_scalar("SELECT currency FROM companies WHERE id = $1").bind(company_id).fetch_one(conn).await.map_err(db_err)
}

pub async fn insert_bank_file(tx: &mut Tx, company_id: i64, user_id: i64, hash: &str, name: &str, format: &str, lines: i64) -> AppResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO bank_files (company_id, file_hash, file_name, format, line_count, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(company_id)
    .bind(hash)
    .bind(name)
    .bind(format)
    .bind(lines)
    .bind(now_ms())
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)
}

/// A bank file by its SHA-256: (id, lines, lines posted).
pub async fn bank_file_by_hash(conn: &mut sqlx::AnyConnection, company_id: i64, hash: &str) -> AppResult<Option<(i64, i64, i64)>> {
    let r = sqlx::query("SELECT id, line_count, lines_done FROM bank_files WHERE company_id = $1 AND file_hash = $2")
        .bind(company_id)
        .bind(hash)
        .fetch_optional(conn)
        .await
        .map_err(db_err)?;
    r.map(|r| Ok((get(&r, "id")?, get(&r, "line_count")?, get(&r, "lines_done")?))).transpose()
}

/// Marks lines `from..to` of a bank file as posted in the caller's transaction, only
/// when the file got exactly to `from` (else another request took the chunk).
pub async fn advance_bank_file(tx: &mut Tx, company_id: i64, id: i64, from: i64, to: i64) -> AppResult<bool> {
    let n = sqlx::query("UPDATE bank_files SET lines_done = $4 WHERE company_id = $1 AND id = $2 AND lines_done = $3")
        .bind(company_id)
        .bind(id)
        .bind(from)
        .bind(to)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?
        .rows_affected();
    Ok(n == 1)
}

const LINE_COLS: &str = "id, book_date, amount_minor, currency, kid, text, payer, kind";

fn line_row(r: &sqlx::any::AnyRow) -> AppResult<UnmatchedLine> {
    Ok(UnmatchedLine {
        id: get(r, "id")?,
        date: crate::db::codec::date(r, "book_date")?,
        amount: money(r, "amount_minor")?,
        currency: get(r, "currency")?,
        kid: get(r, "kid")?,
        text: get(r, "text")?,
        payer: get(r, "payer")?,
        kind: crate::db::codec::coded(r, "kind", super::model::BankLineKind::parse)?,
    })
}

/// Bank lines no invoice was found for, oldest first.
pub async fn unmatched_lines(pool: &AnyPool, company_id: i64, offset: i64, limit: i64) -> AppResult<Vec<UnmatchedLine>> {
    let rows = sqlx::query(&format!("SELECT {LINE_COLS} FROM bank_lines WHERE company_id = $1 AND payment_id IS NULL ORDER BY id LIMIT $2 OFFSET $3"))
        .bind(company_id)
        .bind(limit.clamp(1, 1000))
        .bind(offset.max(0))
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter().map(line_row).collect()
}

/// How many bank lines wait to be matched.
pub async fn unmatched_count(pool: &AnyPool, company_id: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM bank_lines WHERE company_id = $1 AND payment_id IS NULL").bind(company_id).fetch_one(pool).await.map_err(db_err)
}

pub async fn unmatched_line(conn: &mut sqlx::AnyConnection, company_id: i64, id: i64) -> AppResult<UnmatchedLine> {
    let r = sqlx::query(&format!("SELECT {LINE_COLS} FROM bank_lines WHERE company_id = $1 AND id = $2 AND payment_id IS NULL"))
        .bind(company_id)
        .bind(id)
        .fetch_optional(conn)
        .await
        .map_err(db_err)?;
    r.as_ref().map(line_row).ok_or_else(|| AppError::not_found("No unmatched bank line with that id in this company"))?
}

pub async fn set_line_payment(tx: &mut Tx, company_id: i64, id: i64, payment_id: i64) -> AppResult<()> {
    let n = sqlx::query("UPDATE bank_lines SET payment_id = $3 WHERE company_id = $1 AND id = $2 AND payment_id IS NULL")
        .bind(company_id)
        .bind(id)
        .bind(payment_id)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?
        .rows_affected();
    if n != 1 {
        return Err(AppError::Conflict("matched meanwhile".into()));
    }
    Ok(())
}

pub struct NewPayment<'a> {
    pub customer_id: i64,
    pub date: chrono::NaiveDate,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub method: super::model::PaymentMethod,
    pub reference: &'a str,
    pub unallocated_minor: i64,
}

pub async fn insert_payment(tx: &mut Tx, company_id: i64, user_id: i64, p: &NewPayment<'_>) -> AppResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO payments (company_id, customer_id, pay_date, amount_minor, currency, method, reference, unallocated_minor, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(company_id)
    .bind(p.customer_id)
    .bind(iso(p.date))
    .bind(p.amount_minor)
    .bind(p.currency)
    .bind(p.method.code())
    .bind(p.reference)
    .bind(p.unallocated_minor)
    .bind(now_ms())
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)
}

/// The latest imported bank files with how many of their lines are matched.
pub async fn bank_files(pool: &AnyPool, company_id: i64, limit: i64) -> AppResult<Vec<BankFileRow>> {
    let rows = sqlx::query(
        "SELECT f.id, f.file_name, f.format, f.line_count,
                CAST((SELECT COUNT(*) FROM bank_lines l WHERE l.company_id = f.company_id AND l.bank_file_id = f.id AND l.payment_id IS NOT NULL) AS BIGINT) AS matched, f.imported_at
         FROM bank_files f WHERE f.company_id = $1 ORDER BY f.id DESC LIMIT $2",
    )
    .bind(company_id)
    .bind(limit)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(BankFileRow {
                id: get(r, "id")?,
                file_name: get(r, "file_name")?,
                format: get(r, "format")?,
                lines: get(r, "line_count")?,
                matched: get(r, "matched")?,
                imported_at: get(r, "imported_at")?,
            })
        })
        .collect()
}

/// An invoice that may be reminded: open, not disputed, its customer not marked
/// "no reminders", not yet at the notice.
pub struct Candidate {
    pub invoice_id: i64,
    pub customer_id: i64,
    pub reminder: super::model::Reminder,
    pub level: i64,
    pub last: Option<chrono::NaiveDate>,
    pub email: String,
}

pub async fn reminder_candidates(conn: &mut sqlx::AnyConnection, company_id: i64) -> AppResult<Vec<Candidate>> {
    let rows = sqlx::query(
        "SELECT i.id, i.customer_id, i.invoice_no, i.customer_no, i.customer_name, i.due_date, i.open_minor, i.currency, i.reminder_level,
                (SELECT MAX(r.reminder_date) FROM reminders r WHERE r.company_id = i.company_id AND r.invoice_id = i.id) AS last_reminded,
                COALESCE(NULLIF(p.invoice_email, ''), i.invoice_email) AS email
         FROM invoices i JOIN parties p ON p.company_id = i.company_id AND p.id = i.customer_id
         WHERE i.company_id = $1 AND i.kind = 'invoice' AND i.open_minor > 0 AND i.disputed = 0 AND p.no_reminders = 0 AND i.reminder_level < 3
         ORDER BY i.due_date, i.id",
    )
    .bind(company_id)
    .fetch_all(conn)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(Candidate {
                invoice_id: get(r, "id")?,
                customer_id: get(r, "customer_id")?,
                reminder: super::model::Reminder {
                    invoice_no: get(r, "invoice_no")?,
                    customer_no: get(r, "customer_no")?,
                    customer_name: get(r, "customer_name")?,
                    due_date: crate::db::codec::date(r, "due_date")?,
                    open: money(r, "open_minor")?,
                    currency: get(r, "currency")?,
                    ..Default::default()
                },
                level: get(r, "reminder_level")?,
                last: crate::db::codec::opt_date(r, "last_reminded")?,
                email: get(r, "email")?,
            })
        })
        .collect()
}

/// Records a reminder, raises the invoice's level (from the level before it only:
/// two runs at once cannot send the same reminder twice) and adds its fee to what is
/// open on the invoice.
pub async fn insert_reminder(tx: &mut Tx, company_id: i64, user_id: i64, invoice_id: i64, r: &super::model::Reminder) -> AppResult<()> {
    let fee = crate::core::money::to_minor(r.fee).map_err(|e| AppError::invalid(e.to_string()))?;
    let n = sqlx::query(
        "UPDATE invoices SET reminder_level = $3, open_minor = open_minor + $4, updated_at = $5 WHERE company_id = $1 AND id = $2 AND reminder_level = $3 - 1",
    )
    .bind(company_id)
    .bind(invoice_id)
    .bind(r.level)
    .bind(fee)
    .bind(now_ms())
    .execute(&mut **tx)
    .await
    .map_err(db_err)?
    .rows_affected();
    if n != 1 {
        return Err(AppError::Conflict(format!("Invoice {} was reminded meanwhile; run again", r.invoice_no)));
    }
    sqlx::query(
        "INSERT INTO reminders (company_id, invoice_id, level, reminder_date, deadline, open_minor, fee_minor, channel, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(company_id)
    .bind(invoice_id)
    .bind(r.level)
    .bind(iso(r.date))
    .bind(iso(r.deadline))
    .bind(crate::core::money::to_minor(r.open).map_err(|e| AppError::invalid(e.to_string()))?)
    .bind(fee)
    .bind(r.channel.code())
    .bind(now_ms())
    .bind(user_id)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The reminders sent for an invoice, first first.
pub async fn reminders_of(pool: &AnyPool, company_id: i64, invoice_no: &str) -> AppResult<Vec<super::model::Reminder>> {
    let rows = sqlx::query(
        "SELECT i.invoice_no, i.customer_no, i.customer_name, i.due_date, r.open_minor, i.currency, r.level, r.fee_minor, r.deadline, r.channel, r.reminder_date
         FROM reminders r JOIN invoices i ON i.company_id = r.company_id AND i.id = r.invoice_id
         WHERE r.company_id = $1 AND i.kind = 'invoice' AND i.invoice_no = $2 ORDER BY r.level",
    )
    .bind(company_id)
    .bind(invoice_no)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(super::model::Reminder {
                invoice_no: get(r, "invoice_no")?,
                customer_no: get(r, "customer_no")?,
                customer_name: get(r, "customer_name")?,
                due_date: crate::db::codec::date(r, "due_date")?,
                open: money(r, "open_minor")?,
                currency: get(r, "currency")?,
                level: get(r, "level")?,
                fee: money(r, "fee_minor")?,
                deadline: crate::db::codec::date(r, "deadline")?,
                channel: crate::db::codec::coded(r, "channel", crate::core::document::Channel::parse)?,
                date: crate::db::codec::date(r, "reminder_date")?,
                ..Default::default()
            })
        })
        .collect()
}

/// A payment of a bank file, written with the others of the file.
pub struct BatchPayment {
    pub customer_id: i64,
    pub date: chrono::NaiveDate,
    pub amount_minor: i64,
    pub currency: String,
    /// Unique within the file (it names the line): how the ids are matched back.
    pub reference: String,
    pub unallocated_minor: i64,
}

/// Inserts payments set-wise; answers their ids in the order given.
pub async fn insert_payments_many(
    tx: &mut Tx,
    company_id: i64,
    user_id: i64,
    method: super::model::PaymentMethod,
    rows: &[BatchPayment],
) -> AppResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(rows.len());
    let now = now_ms();
    for chunk in rows.chunks(500) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = 5 + 6 * i;
                format!("($1, ${b}, ${}, ${}, ${}, $2, ${}, ${}, $3, $4)", b + 1, b + 2, b + 3, b + 4, b + 5)
            })
            .collect();
        let sql = format!(
            "INSERT INTO payments (company_id, customer_id, pay_date, amount_minor, currency, method, reference, unallocated_minor, created_at, created_by) VALUES {} RETURNING id, reference",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(method.code()).bind(now).bind(user_id);
        for p in chunk {
            q = q.bind(p.customer_id).bind(iso(p.date)).bind(p.amount_minor).bind(&p.currency).bind(&p.reference).bind(p.unallocated_minor);
        }
        let got = q
            .fetch_all(&mut **tx)
            .await
            .map_err(db_err)?
            .iter()
            .map(|r| Ok((get::<String>(r, "reference")?, get::<i64>(r, "id")?)))
            .collect::<AppResult<std::collections::HashMap<String, i64>>>()?;
        for p in chunk {
            ids.push(*got.get(&p.reference).ok_or_else(|| AppError::Internal("a payment id went missing".into()))?);
        }
    }
    Ok(ids)
}

/// Inserts a file's lines set-wise, with the payment each became; answers their ids in order.
pub async fn insert_bank_lines_many(
    tx: &mut Tx,
    company_id: i64,
    file_id: i64,
    lines: &[BankLine],
    default_currency: &str,
    payments: &[Option<i64>],
) -> AppResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(lines.len());
    for (c, chunk) in lines.chunks(500).enumerate() {
        let values = crate::db::values_rows(chunk.len(), 2, 10);
        let sql = format!(
            "INSERT INTO bank_lines (company_id, bank_file_id, book_date, amount_minor, currency, kid, text, payer, reference, payment_id, line_no, kind) VALUES {values} RETURNING id, line_no"
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(file_id);
        for (i, l) in chunk.iter().enumerate() {
            let n = c * 500 + i;
            let currency = if l.currency.is_empty() { default_currency } else { l.currency.as_str() };
            q = q
                .bind(iso(l.date))
                .bind(l.amount_minor)
                .bind(currency)
                .bind(&l.kid)
                .bind(&l.text)
                .bind(&l.payer)
                .bind(&l.reference)
                .bind(payments[n])
                .bind(n as i64 + 1)
                .bind(l.kind.code());
        }
        let mut got = q
            .fetch_all(&mut **tx)
            .await
            .map_err(db_err)?
            .iter()
            .map(|r| Ok((get::<i64>(r, "line_no")?, get::<i64>(r, "id")?)))
            .collect::<AppResult<Vec<_>>>()?;
        got.sort_unstable();
        ids.extend(got.into_iter().map(|(_, id)| id));
    }
    Ok(ids)
}

/// Every entry of a customer's account: invoices, credit notes, payments and write-offs.
pub async fn account_entries(pool: &AnyPool, company_id: i64, customer_id: i64) -> AppResult<Vec<super::model::StatementLine>> {
    let rows = sqlx::query(
        "SELECT entry_date, kind, number, NULLIF(due_date, '') AS due_date, amount_minor FROM (
         SELECT invoice_date AS entry_date, kind, invoice_no AS number, due_date, CASE WHEN kind = 'invoice' THEN gross_minor ELSE -gross_minor END AS amount_minor
         FROM invoices WHERE company_id = $1 AND customer_id = $2
         UNION ALL
         SELECT pay_date, 'payment', CAST(id AS TEXT), '', -amount_minor FROM payments WHERE company_id = $1 AND customer_id = $2
         UNION ALL
         SELECT a.entry_date, 'writeoff', i.invoice_no, '', -a.amount_minor FROM allocations a JOIN invoices i ON i.company_id = a.company_id AND i.id = a.invoice_id
         WHERE a.company_id = $1 AND i.customer_id = $2 AND a.kind = 'writeoff'
         UNION ALL
         SELECT r.reminder_date, 'reminder_fee', i.invoice_no, r.deadline, r.fee_minor FROM reminders r JOIN invoices i ON i.company_id = r.company_id AND i.id = r.invoice_id
         WHERE r.company_id = $1 AND i.customer_id = $2 AND r.fee_minor > 0) t",
    )
    .bind(company_id)
    .bind(customer_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(super::model::StatementLine {
                date: crate::db::codec::date(r, "entry_date")?,
                kind: crate::db::codec::coded(r, "kind", super::model::EntryKind::parse)?,
                number: get(r, "number")?,
                due_date: crate::db::codec::opt_date(r, "due_date")?,
                amount: money(r, "amount_minor")?,
                ..Default::default()
            })
        })
        .collect()
}
