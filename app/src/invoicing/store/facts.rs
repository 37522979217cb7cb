//! Sales facts: the invoiced net amount, quantity and cost of item lines summed per month,
//! customer, item (with the group it had), seller, project and warehouse (the line's cost
//! and warehouse from `costs`), and the same per month
//! and one dimension alone (the rollups an unfiltered report reads) — a cache of the
//! invoice lines kept in each posting's transaction (a credit note subtracts), so the
//! sales reports read thousands of rows, not millions. `server/tests/reports.rs` proves
//! the reports equal to the documents on both databases.
use std::collections::BTreeMap;

use super::super::model::{Invoice, InvoiceKind};
use crate::core::lines::LineKind;
use crate::core::quantity::to_milli;
use crate::db::codec::{get, minor};
use crate::db::{db_err, Tx};
use crate::error::{AppError, AppResult};

/// The fact key of a line: (item id or 0, item group, warehouse id or 0).
type Key = (i64, String, i64);

/// The sums of a fact: net, quantity, lines, cost.
type Sums = (i64, i64, i64, i64);

/// Costs a posted invoice's item lines (`line_ids` in the order of its lines; after its
/// own stock moves) and adds them to the facts.
pub async fn add(tx: &mut Tx, company_id: i64, invoice_id: i64, inv: &Invoice, line_ids: &[i64]) -> AppResult<()> {
    let costs = super::costs::record(tx, company_id, invoice_id, inv, line_ids).await?;
    let sign = if inv.kind == InvoiceKind::CreditNote { -1 } else { 1 };
    let mut sums: BTreeMap<Key, Sums> = BTreeMap::new();
    for (id, l) in line_ids.iter().zip(&inv.lines).filter(|(_, l)| l.doc.line.kind == LineKind::Item) {
        let x = &l.doc.line;
        let (cost, warehouse) = costs.get(id).copied().unwrap_or((0, 0));
        let s = sums.entry((l.doc.item_id.unwrap_or(0), l.doc.item_group.clone(), warehouse)).or_default();
        s.0 += sign * minor(x.net)?;
        s.1 += sign * to_milli("Quantity", x.qty).map_err(AppError::invalid)?;
        s.2 += 1;
        s.3 += sign * cost;
    }
    if sums.is_empty() {
        return Ok(());
    }
    let period = inv.invoice_date.format("%Y-%m").to_string();
    let rows: Vec<(Key, Sums)> = sums.into_iter().collect();
    for chunk in rows.chunks(100) {
        let values = crate::db::values_rows(chunk.len(), 5, 7);
        let sql = format!(
            "INSERT INTO sales_facts (company_id, period, customer_id, seller_id, project_code, item_id, item_group, warehouse_id, net_minor, qty_milli, lines, cost_minor) VALUES {values}
             ON CONFLICT (company_id, period, customer_id, seller_id, project_code, item_id, item_group, warehouse_id) DO UPDATE SET
                net_minor = sales_facts.net_minor + excluded.net_minor, qty_milli = sales_facts.qty_milli + excluded.qty_milli,
                lines = sales_facts.lines + excluded.lines, cost_minor = sales_facts.cost_minor + excluded.cost_minor"
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(&period).bind(inv.customer_id).bind(inv.seller_id.unwrap_or(0)).bind(&inv.project_code);
        for ((item_id, group, warehouse), (net, qty, lines, cost)) in chunk {
            q = q.bind(*item_id).bind(group).bind(*warehouse).bind(*net).bind(*qty).bind(*lines).bind(*cost);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    add_rollups(tx, company_id, &period, inv, &rows).await
}

/// The same sums per dimension alone (`sales_rollups`): (dim, key id, key code) → sums.
async fn add_rollups(tx: &mut Tx, company_id: i64, period: &str, inv: &Invoice, rows: &[(Key, Sums)]) -> AppResult<()> {
    let mut roll: BTreeMap<(&str, i64, String), Sums> = BTreeMap::new();
    let mut add = |k: (&'static str, i64, String), v: &Sums| {
        let s = roll.entry(k).or_default();
        s.0 += v.0;
        s.1 += v.1;
        s.2 += v.2;
        s.3 += v.3;
    };
    for ((item_id, group, _), v) in rows {
        add(("customer", inv.customer_id, String::new()), v);
        add(("seller", inv.seller_id.unwrap_or(0), String::new()), v);
        add(("project", 0, inv.project_code.clone()), v);
        add(("month", 0, String::new()), v);
        add(("item", *item_id, String::new()), v);
        add(("item_group", 0, group.clone()), v);
    }
    let roll: Vec<_> = roll.into_iter().collect();
    for chunk in roll.chunks(500) {
        let values = crate::db::values_rows(chunk.len(), 2, 7);
        let sql = format!(
            "INSERT INTO sales_rollups (company_id, period, dim, key_id, key_code, net_minor, qty_milli, lines, cost_minor) VALUES {values}
         ON CONFLICT (company_id, dim, period, key_id, key_code) DO UPDATE SET
            net_minor = sales_rollups.net_minor + excluded.net_minor, qty_milli = sales_rollups.qty_milli + excluded.qty_milli,
            lines = sales_rollups.lines + excluded.lines, cost_minor = sales_rollups.cost_minor + excluded.cost_minor"
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(period);
        for ((dim, id, code), (net, qty, lines, cost)) in chunk {
            q = q.bind(*dim).bind(*id).bind(code.as_str()).bind(*net).bind(*qty).bind(*lines).bind(*cost);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// The facts as the invoice lines give them (a company's, `$1`), in the facts' columns.
const RECOMPUTE: &str = "SELECT i.company_id, substr(i.invoice_date, 1, 7) AS period, i.customer_id, COALESCE(i.seller_id, 0) AS seller_id, i.project_code,
        COALESCE(l.item_id, 0) AS item_id, l.item_group, COALESCE(c.warehouse_id, 0) AS warehouse_id,
        CAST(SUM(CASE WHEN i.kind = 'credit_note' THEN -l.net_minor ELSE l.net_minor END) AS BIGINT) AS net_minor,
        CAST(SUM(CASE WHEN i.kind = 'credit_note' THEN -l.qty_milli ELSE l.qty_milli END) AS BIGINT) AS qty_milli, CAST(COUNT(*) AS BIGINT) AS lines,
        CAST(SUM(CASE WHEN i.kind = 'credit_note' THEN -COALESCE(c.cost_minor, 0) ELSE COALESCE(c.cost_minor, 0) END) AS BIGINT) AS cost_minor
    FROM invoices i JOIN invoice_lines l ON l.company_id = i.company_id AND l.invoice_id = i.id
    LEFT JOIN invoice_line_costs c ON c.company_id = l.company_id AND c.line_id = l.id
    WHERE i.company_id = $1 AND l.kind = 'item'
    GROUP BY i.company_id, substr(i.invoice_date, 1, 7), i.customer_id, COALESCE(i.seller_id, 0), i.project_code, COALESCE(l.item_id, 0), l.item_group,
        COALESCE(c.warehouse_id, 0)";

/// Where the stored facts or rollups differ from a recomputation from the invoice lines
/// (`flyt check`): one line each.
pub async fn mismatches(pool: &sqlx::AnyPool, company_id: i64) -> AppResult<Vec<String>> {
    type ByKey = BTreeMap<(String, String), Sums>;
    let read = |rows: Vec<sqlx::any::AnyRow>, key: &dyn Fn(&sqlx::any::AnyRow) -> AppResult<(String, String)>| -> AppResult<ByKey> {
        let mut out = ByKey::new();
        for r in &rows {
            let v: Sums = (get(r, "net_minor")?, get(r, "qty_milli")?, get(r, "lines")?, get(r, "cost_minor")?);
            if v != (0, 0, 0, 0) {
                out.insert(key(r)?, v);
            }
        }
        Ok(out)
    };
    let fact_key = |r: &sqlx::any::AnyRow| -> AppResult<(String, String)> {
        Ok((
            get::<String>(r, "period")?,
            format!(
                "customer {} seller {} project '{}' item {} group '{}' warehouse {}",
                get::<i64>(r, "customer_id")?,
                get::<i64>(r, "seller_id")?,
                get::<String>(r, "project_code")?,
                get::<i64>(r, "item_id")?,
                get::<String>(r, "item_group")?,
                get::<i64>(r, "warehouse_id")?
            ),
        ))
    };
    let truth = read(sqlx::query(RECOMPUTE).bind(company_id).fetch_all(pool).await.map_err(db_err)?, &fact_key)?;
    let stored = read(
        sqlx::query(
            "SELECT period, customer_id, seller_id, project_code, item_id, item_group, warehouse_id, net_minor, qty_milli, lines, cost_minor FROM sales_facts WHERE company_id = $1",
        )
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?,
        &fact_key,
    )?;
    let mut out = differences("sales fact", &stored, &truth);
    // each rollup against the recomputed facts summed by its dimension
    let rows = sqlx::query("SELECT dim, period, key_id, key_code, net_minor, qty_milli, lines, cost_minor FROM sales_rollups WHERE company_id = $1")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    let rolled = read(rows, &|r| {
        Ok((get::<String>(r, "period")?, format!("{} {} '{}'", get::<String>(r, "dim")?, get::<i64>(r, "key_id")?, get::<String>(r, "key_code")?)))
    })?;
    let mut expected = ByKey::new();
    for r in &sqlx::query(RECOMPUTE).bind(company_id).fetch_all(pool).await.map_err(db_err)? {
        let period: String = get(r, "period")?;
        let v: Sums = (get(r, "net_minor")?, get(r, "qty_milli")?, get(r, "lines")?, get(r, "cost_minor")?);
        let keys = [
            format!("customer {} ''", get::<i64>(r, "customer_id")?),
            format!("item {} ''", get::<i64>(r, "item_id")?),
            format!("item_group 0 '{}'", get::<String>(r, "item_group")?),
            format!("seller {} ''", get::<i64>(r, "seller_id")?),
            format!("project 0 '{}'", get::<String>(r, "project_code")?),
            "month 0 ''".to_string(),
        ];
        for k in keys {
            let e = expected.entry((period.clone(), k)).or_default();
            e.0 += v.0;
            e.1 += v.1;
            e.2 += v.2;
            e.3 += v.3;
        }
    }
    expected.retain(|_, v| *v != (0, 0, 0, 0));
    out.extend(differences("sales rollup", &rolled, &expected));
    Ok(out)
}

fn differences(what: &str, stored: &BTreeMap<(String, String), Sums>, truth: &BTreeMap<(String, String), Sums>) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in truth {
        if stored.get(k) != Some(v) {
            out.push(format!("{what} {} {}: stored {:?} ≠ lines {v:?} (net, qty, lines, cost)", k.0, k.1, stored.get(k)));
        }
    }
    for (k, v) in stored.iter().filter(|(k, _)| !truth.contains_key(*k)) {
        out.push(format!("{what} {} {}: stored {v:?} without lines", k.0, k.1));
    }
    out
}

/// Recomputes a company's facts and rollups from its invoice lines (after a bulk load
/// straight into the tables; postings keep them otherwise). Run inside a transaction.
pub async fn rebuild(tx: &mut Tx, company_id: i64) -> AppResult<()> {
    for table in ["sales_facts", "sales_rollups"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE company_id = $1")).bind(company_id).execute(&mut **tx).await.map_err(db_err)?;
    }
    sqlx::query(&format!(
        "INSERT INTO sales_facts (company_id, period, customer_id, seller_id, project_code, item_id, item_group, warehouse_id, net_minor, qty_milli, lines, cost_minor) {RECOMPUTE}"
    ))
    .bind(company_id)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    for (dim, id, code) in [
        ("customer", "customer_id", "''"),
        ("item", "item_id", "''"),
        ("item_group", "0", "item_group"),
        ("seller", "seller_id", "''"),
        ("project", "0", "project_code"),
        ("month", "0", "''"),
    ] {
        // constants are no grouping (PostgreSQL reads `GROUP BY 0` as a column position)
        let group: String = [id, code].iter().filter(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')).map(|c| format!(", {c}")).collect();
        sqlx::query(&format!(
            "INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines, cost_minor)
             SELECT company_id, '{dim}', period, {id}, {code}, SUM(net_minor), SUM(qty_milli), SUM(lines), SUM(cost_minor) FROM sales_facts WHERE company_id = $1
             GROUP BY company_id, period{group}"
        ))
        .bind(company_id)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    }
    Ok(())
}
