//! Purchase rollups (`purchase_rollups`, migration 0040): the quantity and net amount of
//! supplier invoice lines per month and supplier, and per month and item, with the
//! number of invoices they came on — of invoices not rejected. Kept in the transactions
//! that register a supplier invoice (added) and reject one (taken away), the only writes
//! that change what the purchase report counts; the report reads whole months here and
//! the days around them from the lines. `flyt check` compares them with the lines.
use std::collections::BTreeMap;

use crate::db::codec::get;
use crate::db::{db_err, Tx};
use crate::error::AppResult;

/// The two dimensions and the key each takes from a line (`l`) of an invoice (`s`).
pub const DIMS: [(&str, &str); 2] = [("supplier", "s.supplier_id"), ("item", "COALESCE(l.item_id, 0)")];

/// The lines of a company's (`$1`) supplier invoices, joined to their heads, that the
/// report counts: those of invoices not rejected. The heads come first (SQLite keeps the
/// order of a CROSS JOIN): a period's invoices by their date index, then their lines —
/// not every line of the company by its item index, looked up against its head.
pub const COUNTED_LINES: &str = "supplier_invoices s CROSS JOIN supplier_invoice_lines l
     WHERE l.company_id = s.company_id AND l.invoice_id = s.id AND s.company_id = $1 AND s.status <> 'rejected'";

/// Adds a supplier invoice's lines to the rollups (`sign` 1, at registration) or takes
/// them away (-1, at rejection): one upsert per dimension, from the stored lines.
pub async fn apply(tx: &mut Tx, company_id: i64, invoice_id: i64, sign: i64) -> AppResult<()> {
    for (dim, key) in DIMS {
        let sql = format!(
            "INSERT INTO purchase_rollups (company_id, dim, period, key_id, qty_milli, net_minor, invoices)
             SELECT s.company_id, '{dim}', substr(s.invoice_date, 1, 7), {key}, CAST(SUM(l.qty_milli) AS BIGINT) * $3, CAST(SUM(l.net_minor) AS BIGINT) * $3, $3
             FROM supplier_invoices s JOIN supplier_invoice_lines l ON l.company_id = s.company_id AND l.invoice_id = s.id
             WHERE s.company_id = $1 AND s.id = $2
             GROUP BY s.company_id, substr(s.invoice_date, 1, 7), {key}
             ON CONFLICT (company_id, dim, period, key_id) DO UPDATE SET qty_milli = purchase_rollups.qty_milli + excluded.qty_milli,
                net_minor = purchase_rollups.net_minor + excluded.net_minor, invoices = purchase_rollups.invoices + excluded.invoices"
        );
        sqlx::query(&sql).bind(company_id).bind(invoice_id).bind(sign).execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// A company's (`$1`) rollup rows of one dimension as its lines give them, in the
/// rollup's columns.
fn recompute(dim: &str, key: &str) -> String {
    format!(
        "SELECT s.company_id, '{dim}' AS dim, substr(s.invoice_date, 1, 7) AS period, {key} AS key_id, CAST(SUM(l.qty_milli) AS BIGINT) AS qty_milli,
                CAST(SUM(l.net_minor) AS BIGINT) AS net_minor, CAST(COUNT(DISTINCT s.id) AS BIGINT) AS invoices
         FROM {COUNTED_LINES} GROUP BY s.company_id, substr(s.invoice_date, 1, 7), {key}"
    )
}

/// A rollup's sums: quantity (thousandths), net (minor units), invoices.
type Sums = (i64, i64, i64);

/// (dim, period, key id) → sums, leaving out rows that are all zero.
type ByKey = BTreeMap<(String, String, i64), Sums>;

fn read(rows: &[sqlx::any::AnyRow]) -> AppResult<ByKey> {
    let mut out = ByKey::new();
    for r in rows {
        let v: Sums = (get(r, "qty_milli")?, get(r, "net_minor")?, get(r, "invoices")?);
        if v != (0, 0, 0) {
            out.insert((get(r, "dim")?, get(r, "period")?, get(r, "key_id")?), v);
        }
    }
    Ok(out)
}

/// Where the stored rollups differ from a recomputation from the supplier invoice lines
/// (`flyt check`): one line each.
pub async fn mismatches(pool: &sqlx::AnyPool, company_id: i64) -> AppResult<Vec<String>> {
    let mut truth = ByKey::new();
    for (dim, key) in DIMS {
        truth.extend(read(&sqlx::query(&recompute(dim, key)).bind(company_id).fetch_all(pool).await.map_err(db_err)?)?);
    }
    let stored = read(
        &sqlx::query("SELECT dim, period, key_id, qty_milli, net_minor, invoices FROM purchase_rollups WHERE company_id = $1")
            .bind(company_id)
            .fetch_all(pool)
            .await
            .map_err(db_err)?,
    )?;
    let mut out = Vec::new();
    for (k, v) in &truth {
        if stored.get(k) != Some(v) {
            out.push(format!("purchase rollup {} {} {}: stored {:?} ≠ lines {v:?} (qty, net, invoices)", k.0, k.1, k.2, stored.get(k)));
        }
    }
    for (k, v) in stored.iter().filter(|(k, _)| !truth.contains_key(*k)) {
        out.push(format!("purchase rollup {} {} {}: stored {v:?} without lines", k.0, k.1, k.2));
    }
    Ok(out)
}

/// Recomputes a company's rollups from its supplier invoice lines (after a bulk load
/// straight into the tables; registrations keep them otherwise). Run inside a transaction.
pub async fn rebuild(tx: &mut Tx, company_id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM purchase_rollups WHERE company_id = $1").bind(company_id).execute(&mut **tx).await.map_err(db_err)?;
    for (dim, key) in DIMS {
        let sql = format!("INSERT INTO purchase_rollups (company_id, dim, period, key_id, qty_milli, net_minor, invoices) {}", recompute(dim, key));
        sqlx::query(&sql).bind(company_id).execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}
