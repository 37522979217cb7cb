//! SQL of open items and payments.
use sqlx::{AnyPool, Row};

use super::model::OpenItem;
use crate::core::money::from_minor;
use crate::db::{db_err, now_ms, Tx};
use crate::error::{AppError, AppResult};

/// Every unsettled invoice, unused credit note and unallocated payment of the
/// company, oldest due first. Reads only the open rows (a partial index).
pub async fn open_items(pool: &AnyPool, company_id: i64) -> AppResult<Vec<OpenItem>> {
    let rows = sqlx::query(
        "SELECT kind, invoice_no, customer_no, customer_name, invoice_date, due_date, currency, gross_minor, open_minor, disputed, reminder_level
         FROM invoices WHERE company_id = $1 AND open_minor <> 0
         UNION ALL
         SELECT 'payment', CAST(p.id AS TEXT), COALESCE(c.customer_no, ''), c.name, p.pay_date, p.pay_date, p.currency, p.amount_minor, -p.unallocated_minor, 0, 0
         FROM payments p JOIN parties c ON c.company_id = p.company_id AND c.id = p.customer_id
         WHERE p.company_id = $1 AND p.unallocated_minor > 0
         ORDER BY 6, 2",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| OpenItem {
            kind: r.get(0),
            number: r.get(1),
            customer_no: r.get(2),
            customer_name: r.get(3),
            date: r.get(4),
            due_date: r.get(5),
            currency: r.get(6),
            amount: from_minor(r.get(7)),
            open: from_minor(r.get(8)),
            disputed: r.get::<i64, _>(9) != 0,
            reminder_level: r.get(10),
        })
        .collect())
}

/// An invoice to pay, found by number or KID: (id, number, customer id, currency, open minor).
pub async fn payable(
    conn: &mut sqlx::AnyConnection,
    company_id: i64,
    invoice_no: &str,
    kid: &str,
) -> AppResult<(i64, String, i64, String, i64)> {
    let (col, key) = if invoice_no.trim().is_empty() {
        ("kid", kid.trim())
    } else {
        ("invoice_no", invoice_no.trim())
    };
    let sql = format!("SELECT id, invoice_no, customer_id, currency, open_minor FROM invoices WHERE company_id = $1 AND kind = 'invoice' AND {col} = $2");
    let r = sqlx::query(&sql)
        .bind(company_id)
        .bind(key)
        .fetch_optional(conn)
        .await
        .map_err(db_err)?;
    let what = if col == "kid" { "with KID" } else { "" };
    let r = r.ok_or_else(|| {
        AppError::not_found(format!("No invoice {what} {key} in this company").replace("  ", " "))
    })?;
    Ok((r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
}

pub struct NewPayment<'a> {
    pub customer_id: i64,
    pub date: &'a str,
    pub amount_minor: i64,
    pub currency: &'a str,
    pub method: &'a str,
    pub reference: &'a str,
    pub unallocated_minor: i64,
}

pub async fn insert_payment(
    tx: &mut Tx,
    company_id: i64,
    user_id: i64,
    p: &NewPayment<'_>,
) -> AppResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO payments (company_id, customer_id, pay_date, amount_minor, currency, method, reference, unallocated_minor, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(company_id)
    .bind(p.customer_id)
    .bind(p.date)
    .bind(p.amount_minor)
    .bind(p.currency)
    .bind(p.method)
    .bind(p.reference)
    .bind(p.unallocated_minor)
    .bind(now_ms())
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)
}
