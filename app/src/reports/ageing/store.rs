//! SQL of the ageing report: each customer's invoicing in the DSO period (the open
//! items come from the receivables' store).
use rust_decimal::Decimal;
use sqlx::AnyPool;

use crate::core::money::from_minor;
use crate::db::codec::get;
use crate::db::db_err;
use crate::error::AppResult;

/// (customer no, name, invoiced incl. VAT less credit notes) for invoices in
/// `currency` dated after `from` up to and including `to`; one customer's alone when
/// a number is given.
pub async fn invoiced(
    pool: &AnyPool,
    company_id: i64,
    currency: &str,
    from: &str,
    to: &str,
    customer: Option<&str>,
) -> AppResult<Vec<(String, String, Decimal)>> {
    let only = if customer.is_some() { " AND customer_no = $5" } else { "" };
    let sql = format!(
        "SELECT customer_no, MAX(customer_name) AS name, CAST(SUM(CASE WHEN kind = 'credit_note' THEN -gross_minor ELSE gross_minor END) AS BIGINT) AS gross
         FROM invoices WHERE company_id = $1 AND currency = $2 AND invoice_date > $3 AND invoice_date <= $4{only} GROUP BY customer_no"
    );
    let mut q = sqlx::query(&sql).bind(company_id).bind(currency).bind(from).bind(to);
    if let Some(c) = customer {
        q = q.bind(c);
    }
    let rows = q.fetch_all(pool).await.map_err(db_err)?;
    rows.iter().map(|r| Ok((get(r, "customer_no")?, get(r, "name")?, from_minor(get(r, "gross")?)))).collect()
}
