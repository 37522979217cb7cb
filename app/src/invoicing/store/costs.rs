//! The cost of each item line of a posted invoice or credit note (the rules in
//! `invoicing::cost`) and the warehouse it left (the lowest of the moves that gave the
//! cost; a credit note line the credited line's; 0 without moves): what is known of each
//! line read in a few queries, written to `invoice_line_costs` in the posting's
//! transaction, after the invoice's own stock moves.
use std::collections::HashMap;

use super::super::cost::{line_cost, CostBasis, CostSource};
use super::super::model::{Invoice, InvoiceKind};
use crate::core::lines::LineKind;
use crate::core::quantity::to_milli;
use crate::db::codec::get;
use crate::db::{db_err, Tx};
use crate::error::{AppError, AppResult};

/// The placeholders `$first`, … for `n` values.
fn list(first: usize, n: usize) -> String {
    (0..n).map(|i| format!("${}", first + i)).collect::<Vec<_>>().join(", ")
}

/// Rows of `sql` (its `IN (…)` written as `{ids}`, the company `$1`) for the ids, in
/// chunks, each row read by `read`.
async fn by_ids<T>(tx: &mut Tx, sql: &str, company_id: i64, ids: &[i64], read: impl Fn(&sqlx::any::AnyRow) -> AppResult<T>) -> AppResult<Vec<T>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let sql = sql.replace("{ids}", &list(2, chunk.len()));
        let mut q = sqlx::query(&sql).bind(company_id);
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.fetch_all(&mut **tx).await.map_err(db_err)? {
            out.push(read(&r)?);
        }
    }
    Ok(out)
}

/// Costs the item lines of the invoice `invoice_id` (`line_ids` in the order of its
/// lines) and stores them; (cost in minor units, warehouse id or 0) by line id.
pub async fn record(tx: &mut Tx, company_id: i64, invoice_id: i64, inv: &Invoice, line_ids: &[i64]) -> AppResult<HashMap<i64, (i64, i64)>> {
    let items: Vec<(i64, &super::super::model::InvoiceLine)> =
        line_ids.iter().copied().zip(inv.lines.iter()).filter(|(_, l)| l.doc.line.kind == LineKind::Item).collect();
    if items.is_empty() {
        return Ok(HashMap::new());
    }
    let own: HashMap<i64, (i128, i64)> = sqlx::query(
        "SELECT origin_line, CAST(SUM(-qty_milli * unit_cost_e4) AS BIGINT) AS v, MIN(warehouse_id) AS w FROM stock_moves
         WHERE company_id = $1 AND origin_kind = 'invoice' AND origin_id = $2 GROUP BY origin_line",
    )
    .bind(company_id)
    .bind(invoice_id)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_err)?
    .iter()
    .map(|r| Ok((get::<i64>(r, "origin_line")?, (i128::from(get::<i64>(r, "v")?), get::<i64>(r, "w")?))))
    .collect::<AppResult<_>>()?;
    let invoice = inv.kind == InvoiceKind::Invoice;
    let order_lines: Vec<i64> = if invoice { items.iter().filter_map(|(_, l)| l.order_line_id).collect() } else { Vec::new() };
    let delivered: HashMap<i64, ((i128, i128), i64)> = by_ids(
        tx,
        "SELECT ol.id, CAST(SUM(-m.qty_milli) AS BIGINT) AS q, CAST(SUM(-m.qty_milli * m.unit_cost_e4) AS BIGINT) AS v, MIN(m.warehouse_id) AS w
         FROM order_lines ol JOIN stock_moves m ON m.company_id = ol.company_id AND m.origin_kind = 'order' AND m.origin_id = ol.order_id AND m.origin_line = ol.id
         WHERE ol.company_id = $1 AND ol.id IN ({ids}) GROUP BY ol.id",
        company_id,
        &order_lines,
        |r| Ok((get::<i64>(r, "id")?, ((i128::from(get::<i64>(r, "q")?), i128::from(get::<i64>(r, "v")?)), get::<i64>(r, "w")?))),
    )
    .await?
    .into_iter()
    .collect();
    let item_ids: Vec<i64> = items.iter().filter_map(|(_, l)| l.doc.item_id).collect();
    let prices: HashMap<i64, i64> =
        by_ids(tx, "SELECT id, purchase_price_minor FROM items WHERE company_id = $1 AND id IN ({ids})", company_id, &item_ids, |r| {
            Ok((get::<i64>(r, "id")?, get::<i64>(r, "purchase_price_minor")?))
        })
        .await?
        .into_iter()
        .collect();
    let credited_ids: Vec<i64> = items.iter().filter_map(|(_, l)| l.credited_line_id).collect();
    let credited: HashMap<i64, ((i64, i64), i64)> = by_ids(
        tx,
        "SELECT l.id, l.qty_milli, c.cost_minor, c.warehouse_id FROM invoice_lines l JOIN invoice_line_costs c ON c.company_id = l.company_id AND c.line_id = l.id
         WHERE l.company_id = $1 AND l.id IN ({ids})",
        company_id,
        &credited_ids,
        |r| Ok((get::<i64>(r, "id")?, ((get::<i64>(r, "qty_milli")?, get::<i64>(r, "cost_minor")?), get::<i64>(r, "warehouse_id")?))),
    )
    .await?
    .into_iter()
    .collect();
    let mut costs: Vec<(i64, i64, CostSource, i64)> = Vec::with_capacity(items.len());
    for (id, l) in &items {
        let own = own.get(id).copied();
        let delivered = l.order_line_id.filter(|_| invoice).and_then(|o| delivered.get(&o).copied());
        let credited = l.credited_line_id.and_then(|c| credited.get(&c).copied());
        let basis = CostBasis {
            qty_milli: to_milli("Quantity", l.doc.line.qty).map_err(AppError::invalid)?,
            own_moves: own.map(|o| o.0),
            delivered: delivered.map(|d| d.0),
            purchase_price_minor: l.doc.item_id.and_then(|i| prices.get(&i).copied()),
            credited: credited.map(|c| c.0),
        };
        let (cost, source) = line_cost(&basis);
        let warehouse = match source {
            CostSource::Stock => own.map(|o| o.1),
            CostSource::Delivery => delivered.map(|d| d.1),
            CostSource::Credited => credited.map(|c| c.1),
            CostSource::PurchasePrice | CostSource::NoItem => None,
        };
        costs.push((*id, cost, source, warehouse.unwrap_or(0)));
    }
    for chunk in costs.chunks(250) {
        let sql = format!(
            "INSERT INTO invoice_line_costs (company_id, line_id, cost_minor, source, warehouse_id) VALUES {}",
            crate::db::values_rows(chunk.len(), 1, 4)
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for (id, cost, source, warehouse) in chunk {
            q = q.bind(*id).bind(*cost).bind(source.code()).bind(*warehouse);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(costs.into_iter().map(|(id, c, _, w)| (id, (c, w))).collect())
}
