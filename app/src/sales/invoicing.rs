//! Orders as the source of invoice lines: the mapper invoicing calls through
//! [`crate::invoicing::origin::Source`] (registered by `crate::wire`). It picks the
//! delivered, not yet invoiced order lines an invoice takes, prices a direct invoice's
//! lines, and records what an invoice took (or a credit note gave back) on the order
//! lines, restating the orders — in the posting's transaction.
use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::{AnyConnection, AnyPool};

use super::lines::{LineInput, LineKind};
use super::store::{self, Kind, Progressed};
use crate::core::document::DocLine;
use crate::db::{BoxFuture, Tx};
use crate::error::{AppError, AppResult};
use crate::invoicing::model::{check_invoice_qty, BasisLine, PickLine};
use crate::invoicing::origin::{Source, SourceDoc};
use crate::parties::model::Party;

/// Sales' orders as invoicing's source.
pub struct Orders;

pub static ORDERS: Orders = Orders;

impl Source for Orders {
    fn price_lines<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        company_id: i64,
        customer_no: &'a str,
        lines: &'a [LineInput],
        date: NaiveDate,
    ) -> BoxFuture<'a, AppResult<(Party, Vec<DocLine>)>> {
        Box::pin(async move {
            let c = super::service::customer(conn, company_id, customer_no).await?;
            let vat_codes = crate::setup::store::list_vat_codes(&mut *conn, company_id).await?;
            let lines = super::service::resolve_lines(conn, company_id, &c, &vat_codes, lines, date, date).await?;
            Ok((
                c,
                lines
                    .into_iter()
                    .map(|l| DocLine { line: l.line, item_id: l.item_id, stock: l.stock, item_group: l.item_group, ..Default::default() })
                    .collect(),
            ))
        })
    }

    fn pick<'a>(&'a self, tx: &'a mut Tx, company_id: i64, whole: &'a [String], pick: &'a [PickLine]) -> BoxFuture<'a, AppResult<Vec<SourceDoc>>> {
        Box::pin(pick_order_lines(tx, company_id, whole, pick))
    }

    fn span<'a>(&'a self, tx: &'a mut Tx, company_id: i64, line_ids: &'a [i64]) -> BoxFuture<'a, AppResult<Option<(NaiveDate, NaiveDate)>>> {
        Box::pin(async move { store::delivery_span(tx, company_id, line_ids).await })
    }

    fn ids<'a>(&'a self, tx: &'a mut Tx, company_id: i64, numbers: &'a [String]) -> BoxFuture<'a, AppResult<Vec<i64>>> {
        Box::pin(async move {
            let mut ids = Vec::new();
            for no in numbers {
                ids.push(store::load(tx, Kind::Order, company_id, Some(no), None).await?.doc.id);
            }
            Ok(ids)
        })
    }

    fn invoiced<'a>(
        &'a self,
        tx: &'a mut Tx,
        company_id: i64,
        progress: &'a [(i64, i64)],
        names: &'a HashMap<i64, String>,
        doc_ids: &'a [i64],
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(async move {
            store::add_progress(tx, company_id, Progressed::Invoiced, progress, names).await?;
            super::service::restate_orders(tx, company_id, doc_ids).await
        })
    }

    fn basis<'a>(&'a self, pool: &'a AnyPool, company_id: i64, customer_id: Option<i64>) -> BoxFuture<'a, AppResult<Vec<BasisLine>>> {
        Box::pin(store::basis(pool, company_id, customer_id))
    }
}

/// The order lines and quantities an invoice takes, checked: one customer, confirmed
/// orders, never more than delivered and not invoiced.
async fn pick_order_lines(tx: &mut Tx, company_id: i64, whole: &[String], pick: &[PickLine]) -> AppResult<Vec<SourceDoc>> {
    let mut picked: Vec<(store::Loaded, Vec<(DocLine, rust_decimal::Decimal)>)> = Vec::new();
    let mut nos: Vec<String> = whole.iter().map(|o| o.trim().to_string()).collect();
    for p in pick {
        nos.push(p.order_no.trim().to_string());
    }
    for no in nos {
        if picked.iter().any(|(o, _)| o.doc.number == no) {
            continue;
        }
        let o = store::load(tx, Kind::Order, company_id, Some(&no), None).await?;
        if !o.confirmed {
            return Err(AppError::Conflict(format!("Order {no} is not confirmed")));
        }
        picked.push((o, Vec::new()));
    }
    let Some(customer) = picked.first().map(|(o, _)| o.doc.customer_id) else {
        return Err(AppError::invalid("Nothing is delivered and not yet invoiced on these orders"));
    };
    if picked.iter().any(|(o, _)| o.doc.customer_id != customer) {
        return Err(AppError::invalid("An invoice is for one customer: choose orders of the same customer"));
    }
    for (o, chosen) in picked.iter_mut() {
        let whole = whole.iter().any(|n| n.trim() == o.doc.number);
        for l in o.doc.lines.iter().filter(|l| l.line.kind == LineKind::Item) {
            let what = format!("Order {} line {}", o.doc.number, l.line.line_no);
            let p = pick.iter().find(|p| p.order_no.trim() == o.doc.number && p.line_no == l.line.line_no);
            let qty = match (p, whole) {
                (Some(p), _) => p.qty.unwrap_or(l.done - l.invoiced),
                (None, true) => l.done - l.invoiced,
                (None, false) => continue,
            };
            if qty.is_zero() && p.is_none() {
                continue;
            }
            check_invoice_qty(&what, qty, l.done, l.invoiced).map_err(AppError::invalid)?;
            chosen.push((l.clone(), qty));
        }
        for p in pick.iter().filter(|p| p.order_no.trim() == o.doc.number) {
            if !o.doc.lines.iter().any(|l| l.line.line_no == p.line_no && l.line.kind == LineKind::Item) {
                return Err(AppError::invalid(format!("Order {} has no item line {}", o.doc.number, p.line_no)));
            }
        }
    }
    picked.retain(|(_, lines)| !lines.is_empty());
    if picked.is_empty() {
        return Err(AppError::invalid("Nothing is delivered and not yet invoiced on these orders"));
    }
    Ok(picked
        .into_iter()
        .map(|(o, lines)| {
            let d = o.doc;
            SourceDoc {
                id: d.id,
                number: d.number,
                customer_id: d.customer_id,
                payment_terms: d.payment_terms,
                your_ref: d.your_ref,
                requisition_no: d.requisition_no,
                seller_name: d.seller_name,
                seller_id: d.seller_id,
                project_code: d.project_code,
                delivery_address: d.delivery_address,
                currency: d.currency,
                lines,
            }
        })
        .collect())
}
