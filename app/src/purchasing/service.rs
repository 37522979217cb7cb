//! Reorder list → purchase orders → goods receipt. Every posting is one transaction;
//! confirming registers planned ins in the stock ledger and queues the e-mail to the
//! supplier in the same transaction; a receipt posts stock moves in at the order's price.
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::model::{check_receipt, po_status, PoInput, PoLineInput, PoRow, PoStatus, PurchaseOrder, ReceiptInput, ReorderFilter, ReorderPick, ReorderRow};
use super::store::{self, NewPo, NewPoLine};
use crate::auth::service::AuthCtx;
use crate::core::date::date_or;
use crate::core::lines::line_net;
use crate::core::money::to_minor;
use crate::core::quantity::{cost_to_e4, to_milli};
use crate::core::text;
use crate::db::{db_err, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::outbox::model::DocKind;
use crate::parties::model::{Party, PartyKind};
use crate::setup::model::DocType;
use crate::stock::model::{NewMove, Origin, OriginKind};
use crate::stock::store::ledger::{self, Planned};

/// The planned ins of a purchase order line, and the origin of its receipts' moves.
pub const ORIGIN: OriginKind = OriginKind::PurchaseOrder;
pub const RECEIPT: OriginKind = OriginKind::GoodsReceipt;

pub async fn reorder_list(db: &Db, company_id: i64, f: &ReorderFilter) -> AppResult<Vec<ReorderRow>> {
    store::reorder_rows(db, company_id, f).await
}

async fn supplier(conn: &mut sqlx::AnyConnection, company_id: i64, no: &str) -> AppResult<Party> {
    if no.trim().is_empty() {
        return Err(AppError::invalid("Choose a supplier"));
    }
    let p = crate::parties::store::by_no(&mut *conn, company_id, PartyKind::Supplier, no).await.map_err(|e| match e {
        AppError::NotFound(m) => AppError::invalid(m),
        other => other,
    })?;
    if !p.active {
        return Err(AppError::invalid(format!("Supplier {no} is inactive")));
    }
    Ok(p)
}

async fn warehouse(conn: &mut sqlx::AnyConnection, company_id: i64, code: &str) -> AppResult<i64> {
    if !code.trim().is_empty() {
        return crate::catalog::store::warehouse_id(&mut *conn, company_id, code).await;
    }
    crate::setup::store::first_warehouse(&mut *conn, company_id).await?.ok_or_else(|| AppError::invalid("Add a warehouse in Setup → Warehouses first"))
}

/// Resolves typed lines: known active items, quantities and prices that fit.
async fn resolve_lines(tx: &mut Tx, company_id: i64, supplier_id: i64, inputs: &[PoLineInput], date: NaiveDate) -> AppResult<Vec<NewPoLine>> {
    if inputs.is_empty() {
        return Err(AppError::invalid("A purchase order needs at least one line"));
    }
    let nos: Vec<String> = inputs.iter().map(|l| l.item_no.trim().to_string()).collect();
    let items = store::items_by_no(tx, company_id, &nos).await?;
    let mut out = Vec::with_capacity(inputs.len());
    for (i, l) in inputs.iter().enumerate() {
        let n = i + 1;
        let at = |m: String| AppError::invalid(format!("Line {n}: {m}"));
        let no = l.item_no.trim();
        let (item_id, description, unit, price, stock) = items.get(no).cloned().ok_or_else(|| at(format!("no active item '{no}'")))?;
        if !stock {
            return Err(at(format!("{no} is not a stock item; only stock items are bought on purchase orders")));
        }
        let price = l.unit_price.unwrap_or(price);
        crate::core::lines::check_numbers(n, l.qty, price, Decimal::ZERO).map_err(AppError::invalid)?;
        let expected = date_or(&format!("Line {n}: expected date"), &l.expected_date, date)?;
        let supplier_item_no = match text::optional("Supplier's item number", &l.supplier_item_no, 100).map_err(&at)? {
            s if s.is_empty() => store::last_supplier_item_no(tx, company_id, supplier_id, item_id).await?,
            s => s,
        };
        let desc = text::optional("Description", &l.description, 2000).map_err(&at)?;
        out.push(NewPoLine {
            item_id,
            description: if desc.is_empty() { description } else { desc },
            supplier_item_no,
            qty_milli: to_milli("Quantity", l.qty).map_err(&at)?,
            unit,
            price_minor: to_minor(price).map_err(|e| at(e.to_string()))?,
            net_minor: to_minor(line_net(l.qty, price, Decimal::ZERO)).map_err(|e| at(e.to_string()))?,
            expected_date: expected,
        });
    }
    Ok(out)
}

async fn company_address(tx: &mut Tx, company_id: i64) -> AppResult<String> {
    let (name, line, postcode, city) = crate::setup::store::company_address(tx, company_id).await?;
    Ok(format!("{name}\n{line}\n{postcode} {city}"))
}

/// Creates a purchase order (and with `confirm`, sends it) in one transaction.
pub async fn create(db: &Db, ctx: &AuthCtx, input: &PoInput) -> AppResult<PurchaseOrder> {
    let mut tx = db.begin().await?;
    let (id, outbox) = create_in(&mut tx, ctx, input).await?;
    tx.commit().await.map_err(db_err)?;
    crate::outbox::service::deliver_later(db, ctx.company_id, outbox);
    store::load(&db.pool, ctx.company_id, None, Some(id)).await
}

/// A purchase order as typed, checked and resolved: (supplier id, currency, warehouse,
/// date, our reference, note, delivery address, lines).
struct Resolved {
    supplier_id: i64,
    currency: String,
    warehouse_id: i64,
    date: NaiveDate,
    our_ref: String,
    note: String,
    address: String,
    lines: Vec<NewPoLine>,
}

impl Resolved {
    fn head<'a>(&'a self, po_no: &'a str) -> NewPo<'a> {
        NewPo {
            po_no,
            supplier_id: self.supplier_id,
            our_ref: &self.our_ref,
            order_date: self.date,
            warehouse_id: self.warehouse_id,
            delivery_address: &self.address,
            currency: &self.currency,
            note: &self.note,
        }
    }
}

async fn resolve(tx: &mut Tx, company_id: i64, input: &PoInput) -> AppResult<Resolved> {
    let s = supplier(tx, company_id, &input.supplier_no).await?;
    let warehouse_id = warehouse(tx, company_id, &input.warehouse).await?;
    let date = date_or("Order date", &input.date, crate::setup::store::today(&mut **tx, company_id).await?)?;
    let our_ref = text::optional("Our reference", &input.our_ref, 200).map_err(AppError::invalid)?;
    let note = text::optional("Note", &input.note, 2000).map_err(AppError::invalid)?;
    let address = match text::optional("Delivery address", &input.delivery_address, 500).map_err(AppError::invalid)? {
        a if a.is_empty() => company_address(tx, company_id).await?,
        a => a,
    };
    let lines = resolve_lines(tx, company_id, s.id, &input.lines, date).await?;
    Ok(Resolved { supplier_id: s.id, currency: s.currency, warehouse_id, date, our_ref, note, address, lines })
}

async fn create_in(tx: &mut Tx, ctx: &AuthCtx, input: &PoInput) -> AppResult<(i64, Option<i64>)> {
    let r = resolve(tx, ctx.company_id, input).await?;
    let po_no = crate::setup::store::take_number(tx, ctx.company_id, DocType::PurchaseOrder).await?;
    let id = store::insert_po(tx, ctx.company_id, ctx.user_id, &r.head(&po_no), &r.lines).await?;
    let outbox = if input.confirm { confirm_in(tx, ctx, id).await? } else { None };
    Ok((id, outbox))
}

/// Changes a draft: its head and lines are replaced by what is sent (`confirm` sends it
/// too). A sent order is not changed; close it and make a new one.
pub async fn update_draft(db: &Db, ctx: &AuthCtx, no: &str, input: &PoInput) -> AppResult<PurchaseOrder> {
    let mut tx = db.begin().await?;
    let h = store::head(&mut tx, ctx.company_id, Some(no), None).await?;
    if !h.status.is_draft() {
        return Err(AppError::Conflict(format!("Purchase order {no} is sent; only drafts can be changed")));
    }
    let r = resolve(&mut tx, ctx.company_id, input).await?;
    store::replace_draft(&mut tx, ctx.company_id, h.id, &r.head(&h.po_no), &r.lines).await?;
    let outbox = if input.confirm { confirm_in(&mut tx, ctx, h.id).await? } else { None };
    tx.commit().await.map_err(db_err)?;
    crate::outbox::service::deliver_later(db, ctx.company_id, outbox);
    store::load(&db.pool, ctx.company_id, None, Some(h.id)).await
}

/// Draft purchase orders from chosen reorder rows: one per supplier and warehouse,
/// all in one transaction. Answers the new order numbers.
pub async fn from_reorder_list(db: &Db, ctx: &AuthCtx, picks: &[ReorderPick]) -> AppResult<Vec<String>> {
    if picks.is_empty() {
        return Err(AppError::invalid("Choose the rows to order"));
    }
    let all = store::reorder_rows(db, ctx.company_id, &ReorderFilter { all: true, ..Default::default() }).await?;
    let by_key: HashMap<(&str, &str), &ReorderRow> = all.iter().map(|r| ((r.item_no.as_str(), r.warehouse.as_str()), r)).collect();
    // (supplier, warehouse) → lines
    let mut groups: BTreeMap<(String, String), Vec<PoLineInput>> = BTreeMap::new();
    for p in picks {
        let row = by_key
            .get(&(p.item_no.trim(), p.warehouse.trim()))
            .ok_or_else(|| AppError::invalid(format!("Item {} in warehouse {} is not on the reorder list", p.item_no.trim(), p.warehouse.trim())))?;
        let supplier = if p.supplier_no.trim().is_empty() { row.supplier_no.clone() } else { p.supplier_no.trim().to_string() };
        if supplier.is_empty() {
            return Err(AppError::invalid(format!("Item {} has no preferred supplier: choose one", row.item_no)));
        }
        let qty = p.qty.unwrap_or(row.suggested);
        if qty <= Decimal::ZERO {
            return Err(AppError::invalid(format!(
                "Item {} in {}: nothing to order (projected {} is not below safety stock {})",
                row.item_no,
                row.warehouse,
                row.projected.normalize(),
                row.safety_stock.normalize()
            )));
        }
        groups.entry((supplier, row.warehouse.clone())).or_default().push(PoLineInput { item_no: row.item_no.clone(), qty, ..Default::default() });
    }
    let mut tx = db.begin().await?;
    let mut numbers = Vec::new();
    for ((supplier, warehouse), lines) in groups {
        let input = PoInput { supplier_no: supplier, warehouse, lines, ..Default::default() };
        let (id, _) = create_in(&mut tx, ctx, &input).await?;
        numbers.push(store::po_no(&mut tx, ctx.company_id, id).await?);
    }
    tx.commit().await.map_err(db_err)?;
    Ok(numbers)
}

/// Sends a draft: registers the planned ins (open quantity on each line's expected
/// date) and queues the e-mail with the PDF to the supplier. Answers the outbox id.
async fn confirm_in(tx: &mut Tx, ctx: &AuthCtx, po_id: i64) -> AppResult<Option<i64>> {
    let h = store::head(tx, ctx.company_id, None, Some(po_id)).await?;
    if !h.status.is_draft() {
        return Err(AppError::Conflict(format!("Purchase order {} is already sent", h.po_no)));
    }
    let lines = store::lines(tx, ctx.company_id, po_id).await?;
    let planned: Vec<Planned> = lines
        .iter()
        .map(|(_, item_id, l)| {
            Ok(Planned {
                item_id: *item_id,
                warehouse_id: h.warehouse_id,
                open: l.outstanding,
                date: l.expected_date,
                origin: Origin::new(ORIGIN, po_id, l.line_no as i32),
            })
        })
        .collect::<AppResult<_>>()?;
    ledger::plan_many(tx, ctx.company_id, &planned).await?;
    store::set_status(tx, ctx.company_id, po_id, PoStatus::Ordered, true, false).await?;
    queue_email(tx, ctx, po_id, &h.po_no, h.supplier_id).await
}

async fn queue_email(tx: &mut Tx, ctx: &AuthCtx, po_id: i64, number: &str, supplier_id: i64) -> AppResult<Option<i64>> {
    let Some((to, doc_lang, company)) = crate::outbox::service::order_recipient(tx, ctx.company_id, supplier_id).await? else {
        tracing::info!("purchase order {number}: the supplier has no valid e-mail; not sent");
        return Ok(None);
    };
    let title = crate::print::doc_lang(&doc_lang).t(crate::core::T::PurchaseOrder);
    let msg = crate::outbox::model::NewMessage {
        doc_kind: DocKind::PurchaseOrder,
        doc_id: po_id,
        to,
        subject: format!("{title} {number} – {company}"),
        body: format!("{title} {number}.\n\n{company}"),
        attachment_name: crate::print::pdf_name(DocKind::PurchaseOrder.code(), number),
        attachment: Vec::new(),
    };
    crate::outbox::service::queue(tx, ctx.company_id, ctx.user_id, &msg).await.map(Some)
}

pub async fn confirm(db: &Db, ctx: &AuthCtx, no: &str) -> AppResult<PurchaseOrder> {
    let mut tx = db.begin().await?;
    let h = store::head(&mut tx, ctx.company_id, Some(no), None).await?;
    let outbox = confirm_in(&mut tx, ctx, h.id).await?;
    tx.commit().await.map_err(db_err)?;
    crate::outbox::service::deliver_later(db, ctx.company_id, outbox);
    store::load(&db.pool, ctx.company_id, None, Some(h.id)).await
}

/// Closes an order: what was not received is no longer expected (its planned ins go).
pub async fn close(db: &Db, ctx: &AuthCtx, no: &str) -> AppResult<PurchaseOrder> {
    let mut tx = db.begin().await?;
    let h = store::head(&mut tx, ctx.company_id, Some(no), None).await?;
    if h.status == PoStatus::Closed {
        return Err(AppError::Conflict(format!("Purchase order {no} is already closed")));
    }
    let lines = store::lines(&mut tx, ctx.company_id, h.id).await?;
    let gone: Vec<Planned> = lines
        .iter()
        .map(|(_, item_id, l)| Planned {
            item_id: *item_id,
            warehouse_id: h.warehouse_id,
            open: Decimal::ZERO,
            date: ctx.today(),
            origin: Origin::new(ORIGIN, h.id, l.line_no as i32),
        })
        .collect();
    ledger::plan_many(&mut tx, ctx.company_id, &gone).await?;
    store::set_status(&mut tx, ctx.company_id, h.id, PoStatus::Closed, false, true).await?;
    tx.commit().await.map_err(db_err)?;
    store::load(&db.pool, ctx.company_id, None, Some(h.id)).await
}

pub async fn get(db: &Db, company_id: i64, no: &str) -> AppResult<PurchaseOrder> {
    store::load(&db.pool, company_id, Some(no), None).await
}

pub async fn list(db: &Db, company_id: i64, status: &str) -> AppResult<Vec<PoRow>> {
    let status = PoStatus::filter(status).map_err(AppError::invalid)?;
    store::list(&db.pool, company_id, status, 200).await
}

/// Posts a goods receipt: stock moves in at each line's purchase price (feeding the
/// valuation), the planned ins consumed, the received quantities and the status —
/// one transaction. More than ordered only with `confirm_over`.
pub async fn receive(db: &Db, ctx: &AuthCtx, no: &str, input: &ReceiptInput) -> AppResult<PurchaseOrder> {
    let mut tx = db.begin().await?;
    let h = store::head(&mut tx, ctx.company_id, Some(no), None).await?;
    let status = h.status;
    match status {
        PoStatus::Draft => return Err(AppError::Conflict(format!("Purchase order {no} is not sent yet; send it before receiving goods"))),
        PoStatus::Closed => return Err(AppError::Conflict(format!("Purchase order {no} is closed"))),
        _ => {}
    }
    if input.lines.iter().all(|l| l.qty.is_zero()) {
        return Err(AppError::invalid("Enter the quantity received on at least one line"));
    }
    let wh = if input.warehouse.trim().is_empty() { h.warehouse_id } else { warehouse(&mut tx, ctx.company_id, &input.warehouse).await? };
    let date = date_or("Receipt date", &input.date, ctx.today())?;
    let lines = store::lines(&mut tx, ctx.company_id, h.id).await?;
    let by_no: HashMap<i64, &(i64, i64, super::model::PoLine)> = lines.iter().map(|l| (l.2.line_no, l)).collect();
    let mut qty_of: BTreeMap<i64, Decimal> = BTreeMap::new();
    for l in input.lines.iter().filter(|l| !l.qty.is_zero()) {
        *qty_of.entry(l.line_no).or_default() += l.qty;
    }
    let mut received = Vec::new();
    let mut receipt_lines = Vec::new();
    let mut moves = Vec::new();
    let mut consumed = Vec::new();
    let mut prices = Vec::new();
    for (line_no, qty) in &qty_of {
        let (line_id, item_id, l) = by_no.get(line_no).copied().ok_or_else(|| AppError::invalid(format!("Purchase order {no} has no line {line_no}")))?;
        check_receipt(*line_no, *qty, l.qty, l.received, input.confirm_over).map_err(AppError::invalid)?;
        let milli = to_milli("Quantity", *qty).map_err(AppError::invalid)?;
        received.push((*line_id, *line_no, milli));
        receipt_lines.push((*line_id, milli, cost_to_e4(l.unit_price).map_err(AppError::invalid)?));
        moves.push((*item_id, *qty, l.unit_price, *line_no));
        consumed.push((Origin::new(ORIGIN, h.id, *line_no as i32), *qty));
        prices.push((*item_id, l.unit_price));
    }
    store::add_received(&mut tx, ctx.company_id, &received, input.confirm_over).await?;
    let receipt_id = store::insert_receipt(&mut tx, ctx.company_id, ctx.user_id, h.id, wh, date, &receipt_lines).await?;
    let new_moves: Vec<NewMove> = moves
        .into_iter()
        .map(|(item_id, qty, cost, line_no)| NewMove {
            item_id,
            warehouse_id: wh,
            qty,
            date,
            unit_cost: cost,
            origin: Origin::new(RECEIPT, receipt_id, line_no as i32),
            reason: format!("{RECEIPT} {no}"),
        })
        .collect();
    crate::stock::posting::post_moves(&mut tx, ctx.company_id, ctx.user_id, &h.po_no, &h.po_no, &new_moves).await?;
    ledger::consume_planned_many(&mut tx, ctx.company_id, &consumed).await?;
    if input.update_purchase_price {
        for (item_id, price) in prices {
            crate::catalog::store::set_purchase_price(&mut tx, ctx.company_id, item_id, price).await?;
        }
    }
    let after = store::lines(&mut tx, ctx.company_id, h.id).await?;
    let st = po_status(true, false, &after.iter().map(|(_, _, l)| (l.qty, l.received)).collect::<Vec<_>>());
    store::set_status(&mut tx, ctx.company_id, h.id, st, false, false).await?;
    tx.commit().await.map_err(db_err)?;
    store::load(&db.pool, ctx.company_id, None, Some(h.id)).await
}

/// The purchase order as PDF, in the supplier's language.
pub async fn pdf(db: &Db, company_id: i64, no: Option<&str>, id: Option<i64>) -> AppResult<(String, Vec<u8>)> {
    use crate::core::lines::{Line, LineKind};
    use crate::core::T;
    let po = store::load(&db.pool, company_id, no, id).await?;
    let supplier = crate::parties::store::by_no(&db.pool, company_id, PartyKind::Supplier, &po.supplier_no).await?;
    let company = crate::setup::store::company(&db.pool, company_id).await?;
    let lang = crate::print::doc_lang(&supplier.doc_lang);
    // the VAT the supplier will charge: the item's rate at home, none from abroad
    // (reverse charge / import VAT, settled by us)
    let domestic = supplier.country.is_empty() || supplier.country == company.country;
    let mut conn = db.pool.acquire().await.map_err(db_err)?;
    let codes = crate::setup::store::list_vat_codes(&mut *conn, company_id).await?;
    let nos: Vec<String> = po.lines.iter().map(|l| l.item_no.clone()).collect();
    let items = crate::catalog::store::items_by_no(&mut conn, company_id, &nos).await?;
    drop(conn);
    let lines: Vec<crate::core::document::DocLine> = po
        .lines
        .iter()
        .map(|l| {
            let vat = items.get(&l.item_no).and_then(|i| codes.iter().find(|c| c.code == i.vat_code)).filter(|_| domestic);
            crate::core::document::DocLine {
                line: Line {
                    line_no: l.line_no,
                    kind: LineKind::Item,
                    item_no: if l.supplier_item_no.is_empty() { l.item_no.clone() } else { format!("{} ({})", l.supplier_item_no, l.item_no) },
                    description: format!("{} · {} {}", l.description, lang.t(T::ExpectedDate).to_lowercase(), crate::core::format::date(l.expected_date, lang)),
                    qty: l.qty,
                    unit: l.unit.clone(),
                    unit_price: l.unit_price,
                    discount_pct: Decimal::ZERO,
                    vat_code: vat.map(|c| c.code.clone()).unwrap_or_default(),
                    vat_rate: vat.map(|c| c.rate).unwrap_or_default(),
                    net: l.net,
                },
                ..Default::default()
            }
        })
        .collect();
    let totals = crate::core::lines::totals(&lines.iter().map(|l| l.line.clone()).collect::<Vec<_>>());
    let doc = crate::core::document::Doc {
        id: po.id,
        number: po.po_no.clone(),
        customer_name: po.supplier_name.clone(),
        doc_date: po.order_date,
        currency: po.currency.clone(),
        delivery_address: po.delivery_address.clone(),
        lines,
        totals,
        ..Default::default()
    };
    let facts = vec![(T::Date, crate::core::date::iso(po.order_date)), (T::OurRef, po.our_ref.clone()), (T::Warehouse, po.warehouse.clone())];
    let address = crate::print::address(&supplier.name, &supplier.address_line, &supplier.postcode, &supplier.city);
    let mut lay = crate::print::Layout::new(T::PurchaseOrder, &po.po_no, T::Supplier, address, crate::print::Body::Priced);
    lay.facts = facts;
    lay.facts.push((T::SupplierNo, po.supplier_no.clone()));
    lay.notes = vec![(T::DeliverTo, po.delivery_address.clone())];
    crate::print::render_doc(db, company_id, &doc, &lay, &supplier.doc_lang, &crate::print::pdf_name(DocKind::PurchaseOrder.code(), &po.po_no)).await
}
