//! Posting invoices and credit notes: each is one transaction — the number from the
//! gapless series, the KID, the immutable document and its lines, the invoiced
//! quantities of the order lines and the orders' statuses, the stock moves of a
//! direct invoice, and a credit note's settlement against its invoice.
use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::model::*;
use super::origin::source;
use super::store::{self, Settles};
use crate::auth::service::AuthCtx;
use crate::core::date::date_or;
use crate::core::document::DocLine;
use crate::core::lines::{line_net, LineKind};
use crate::core::money::to_minor;
use crate::core::quantity::to_milli;
use crate::core::text;
use crate::db::{db_err, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::parties::model::Party;
use crate::setup::model::DocType;
use crate::stock::model::{NewMove, Origin};

use crate::core::date::iso as ymd;

fn minor(d: Decimal) -> AppResult<i64> {
    to_minor(d).map_err(|e| AppError::invalid(e.to_string()))
}

/// An invoice head in the customer's name as it is today (the invoice keeps it).
fn head(kind: InvoiceKind, c: &Party, date: NaiveDate) -> Invoice {
    Invoice {
        kind,
        customer_id: c.id,
        customer_no: c.number(),
        customer_name: c.name.clone(),
        address_line: c.address_line.clone(),
        postcode: c.postcode.clone(),
        city: c.city.clone(),
        country: c.country.clone(),
        org_no: c.org_no.clone(),
        vat_no: c.vat_no.clone(),
        peppol_id: c.peppol_id.clone(),
        invoice_email: c.invoice_email.clone(),
        vat_exempt_reason: if c.vat_exempt { c.vat_exempt_reason.clone() } else { String::new() },
        doc_lang: c.doc_lang.clone(),
        invoice_date: date,
        currency: c.currency.clone(),
        ..Default::default()
    }
}

/// The payment terms with this code (empty: none) → (name, days).
fn terms(all: &[crate::setup::model::PaymentTerm], code: Option<&str>) -> AppResult<(String, i64)> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok((String::new(), 0));
    };
    let t = all.iter().find(|t| t.code == code).ok_or_else(|| AppError::invalid(format!("Unknown payment terms '{code}'")))?;
    Ok((t.name.clone(), t.days))
}

/// What every invoice of a company's posting reads first (a run reads it once).
pub struct Shared {
    terms: Vec<crate::setup::model::PaymentTerm>,
    warehouse_id: Option<i64>,
}

impl Shared {
    pub async fn load(db: &Db, company_id: i64) -> AppResult<Shared> {
        Ok(Shared {
            terms: crate::setup::store::list_payment_terms(&db.pool, company_id).await?,
            warehouse_id: crate::setup::store::list_warehouses(&db.pool, company_id).await?.into_iter().find(|w| w.active).map(|w| w.id),
        })
    }
}

/// An invoice input checked, with what it needs read before the transaction (reads
/// that need no lock come first: a transaction never waits for a second connection).
pub(super) struct Prepared<'a> {
    date: NaiveDate,
    your_ref: String,
    note: String,
    shared: &'a Shared,
    direct: Option<(Party, Vec<DocLine>)>,
}

pub(super) async fn prepare<'a>(db: &Db, ctx: &AuthCtx, input: &InvoiceInput, shared: &'a Shared) -> AppResult<Prepared<'a>> {
    let date = date_or("Invoice date", &input.invoice_date, ctx.today())?;
    let your_ref = text::optional("Your reference", &input.your_ref, 100)?;
    let note = text::optional("Note", &input.note, 2000)?;
    let from_orders = !input.orders.is_empty() || !input.pick.is_empty();
    if from_orders && !input.lines.is_empty() {
        return Err(AppError::invalid("An invoice is either from orders or direct with its own lines, not both"));
    }
    if !from_orders && input.lines.is_empty() {
        return Err(AppError::invalid("Nothing to invoice: choose orders or delivered lines, or add lines"));
    }
    let direct = if from_orders {
        None
    } else {
        let mut conn = db.pool.acquire().await.map_err(db_err)?;
        Some(source()?.price_lines(&mut conn, ctx.company_id, &input.customer_no, &input.lines, date).await?)
    };
    Ok(Prepared { date, your_ref, note, shared, direct })
}

/// Posts an invoice: from delivered order lines (whole orders and/or chosen lines
/// and quantities) or, with its own lines, a direct invoice.
pub async fn post(db: &Db, ctx: &AuthCtx, input: &InvoiceInput) -> AppResult<Invoice> {
    let shared = Shared::load(db, ctx.company_id).await?;
    let p = prepare(db, ctx, input, &shared).await?;
    let mut tx = db.begin().await?;
    let cats = store::vat_categories(&mut tx, ctx.company_id).await?;
    let settings = store::settings(&mut tx, ctx.company_id).await?;
    let (id, _) = post_in(&mut tx, ctx, input, p, &cats, &settings).await?;
    tx.commit().await.map_err(db_err)?;
    invoice(db, ctx.company_id, InvoiceKind::Invoice, None, Some(id)).await
}

/// The posting itself, in the caller's transaction: answers the id and number.
pub(super) async fn post_in(
    tx: &mut Tx,
    ctx: &AuthCtx,
    input: &InvoiceInput,
    p: Prepared<'_>,
    cats: &HashMap<String, String>,
    settings: &InvoiceSettings,
) -> AppResult<(i64, String)> {
    let Prepared { date, your_ref, note, shared, direct } = p;
    let mut inv;
    let mut order_ids = Vec::new();
    let mut progress = Vec::new();
    let mut moves = Vec::new();
    if let Some((c, lines)) = direct {
        inv = head(InvoiceKind::Invoice, &c, date);
        let (name, days) = terms(&shared.terms, Some(input.payment_terms.as_str()).filter(|t| !t.trim().is_empty()).or(c.payment_terms.as_deref()))?;
        inv.payment_terms = name;
        inv.due_date = due_date(date, days);
        inv.your_ref = your_ref;
        // delivered when invoiced, or over the contract's period
        match &input.period {
            Some((from, to)) => (inv.period_from, inv.delivery_date) = (Some(*from), *to),
            None => inv.delivery_date = date,
        }
        for l in &lines {
            match l.line.kind {
                LineKind::Item => push_item(&mut inv, l, cats, "", None),
                k => push_text(&mut inv, k, &l.line.description),
            }
            if let (true, Some(item_id)) = (l.stock, l.item_id) {
                moves.push((inv.lines.len() - 1, item_id, l.line.qty));
            }
        }
    } else {
        let src = source()?;
        let picked = src.pick(tx, ctx.company_id, &input.orders, &input.pick).await?;
        let first = &picked[0];
        let c = crate::parties::store::by_id(&mut **tx, ctx.company_id, first.customer_id).await?;
        if !input.customer_no.trim().is_empty() && input.customer_no.trim() != c.number() {
            return Err(AppError::invalid(format!("The orders are for customer {}, not {}", c.number(), input.customer_no.trim())));
        }
        inv = head(InvoiceKind::Invoice, &c, date);
        let code = Some(input.payment_terms.as_str()).filter(|t| !t.trim().is_empty()).or(Some(first.payment_terms.as_str())).filter(|t| !t.is_empty());
        let (name, days) = terms(&shared.terms, code.or(c.payment_terms.as_deref()))?;
        inv.payment_terms = name;
        inv.due_date = due_date(date, days);
        inv.your_ref = if your_ref.is_empty() { first.your_ref.clone() } else { your_ref };
        inv.our_ref = first.seller_name.clone();
        inv.delivery_address = first.delivery_address.clone();
        inv.currency = first.currency.clone();
        inv.order_refs = picked.iter().map(|o| o.number.clone()).collect::<Vec<_>>().join(", ");
        // the orders' project and seller, when they agree (else the sales have none)
        inv.project_code = if picked.iter().all(|o| o.project_code == first.project_code) { first.project_code.clone() } else { String::new() };
        inv.seller_id = first.seller_id.filter(|s| picked.iter().all(|o| o.seller_id == Some(*s)));
        let several = picked.len() > 1;
        for o in &picked {
            if several {
                let mut head = format!("Order {}", o.number);
                for (label, v) in [("your ref.", &o.your_ref), ("requisition", &o.requisition_no)] {
                    if !v.is_empty() {
                        head.push_str(&format!(", {label} {v}"));
                    }
                }
                push_text(&mut inv, LineKind::Heading, &head);
            }
            for (l, qty) in &o.lines {
                let mut line = l.line.clone();
                line.qty = *qty;
                line.net = line_net(*qty, line.unit_price, line.discount_pct);
                push_item(&mut inv, &DocLine { line, ..l.clone() }, cats, &o.number, Some(l.id));
                progress.push((l.id, to_milli("Quantity", *qty).map_err(AppError::invalid)?));
            }
            order_ids.push(o.id);
        }
        let line_ids: Vec<i64> = progress.iter().map(|(id, _)| *id).collect();
        match src.span(tx, ctx.company_id, &line_ids).await? {
            Some((first, last)) => {
                inv.period_from = (first != last).then_some(first);
                inv.delivery_date = last;
            }
            None => inv.delivery_date = date,
        }
    }
    inv.note = note;
    if inv.lines.iter().all(|l| l.doc.line.kind != LineKind::Item) {
        return Err(AppError::invalid("An invoice needs at least one item line"));
    }
    inv.number = crate::setup::store::take_number(tx, ctx.company_id, DocType::Invoice).await?;
    inv.kid = kid(settings.kid_method, settings.kid_length as usize, &inv.customer_no, &inv.number).map_err(AppError::invalid)?;
    let (id, line_ids) = store::insert(tx, ctx.company_id, ctx.user_id, &inv, None).await?;
    tx.emit(inv.event(ctx.company_id));
    crate::accounting::service::post(tx, ctx.company_id, ctx.user_id, vec![inv.voucher(id)]).await?;
    if !progress.is_empty() {
        record_invoiced(tx, ctx.company_id, &inv, &progress, &order_ids).await?;
    }
    if !moves.is_empty() {
        let warehouse_id = shared.warehouse_id.ok_or_else(|| AppError::invalid("The company has no active warehouse to take the stock from"))?;
        let mut m = Vec::new();
        for (idx, item_id, qty) in moves {
            let line = i32::try_from(line_ids[idx]).map_err(|_| AppError::Internal("invoice line id out of range".into()))?;
            m.push(NewMove {
                item_id,
                warehouse_id,
                qty: -qty,
                date,
                unit_cost: Decimal::ZERO,
                origin: Origin::new(crate::stock::model::OriginKind::Invoice, id, line),
                reason: String::new(),
            });
        }
        // the voucher names the invoice in its text; its link is for orders' deliveries
        crate::stock::posting::post_moves(tx, ctx.company_id, ctx.user_id, "", &format!("{} {}", inv.number, inv.customer_name), &m).await?;
    }
    // after the invoice's own moves: they give its stock lines their cost
    store::facts::add(tx, ctx.company_id, id, &inv, &line_ids).await?;
    Ok((id, inv.number))
}

/// Adds what an invoice invoices (or, negative, what a credit note credits) to its
/// order lines, within their bounds, and restates the orders. In the caller's transaction.
async fn record_invoiced(tx: &mut Tx, company_id: i64, doc: &Invoice, progress: &[(i64, i64)], order_ids: &[i64]) -> AppResult<()> {
    let names: HashMap<i64, String> =
        doc.lines.iter().filter_map(|l| l.order_line_id.map(|o| (o, format!("Order {} ({})", l.order_no, l.doc.line.description)))).collect();
    source()?.invoiced(tx, company_id, progress, &names, order_ids).await
}

/// Adds an item line from a document line: its line, item and the item's group.
fn push_item(inv: &mut Invoice, from: &DocLine, cats: &HashMap<String, String>, order_no: &str, order_line_id: Option<i64>) {
    let mut line = from.line.clone();
    line.line_no = inv.lines.len() as i64 + 1;
    let vat_category = cats.get(&line.vat_code).cloned().unwrap_or_else(|| if line.vat_rate.is_zero() { "Z".into() } else { "S".into() });
    inv.lines.push(InvoiceLine {
        doc: DocLine { line, item_id: from.item_id, item_group: from.item_group.clone(), ..Default::default() },
        vat_category,
        order_no: order_no.into(),
        order_line_id,
        ..Default::default()
    });
}

fn push_text(inv: &mut Invoice, kind: LineKind, text: &str) {
    let line = crate::core::lines::Line { line_no: inv.lines.len() as i64 + 1, kind, description: text.into(), ..Default::default() };
    inv.lines.push(InvoiceLine { doc: DocLine { line, ..Default::default() }, ..Default::default() });
}

/// An invoice or credit note by number or id, with its standing today.
pub async fn invoice(db: &Db, company_id: i64, kind: InvoiceKind, no: Option<&str>, id: Option<i64>) -> AppResult<Invoice> {
    let mut c = db.pool.acquire().await.map_err(db_err)?;
    let mut inv = store::load(&mut c, company_id, kind, no, id).await?;
    let today = crate::setup::store::today(&mut *c, company_id).await?;
    inv.status = Standing::of(inv.kind, inv.open, inv.due_date, today);
    Ok(inv)
}

/// Credits an invoice, wholly or chosen lines and quantities. The credited order
/// lines return to "delivered, not invoiced"; the credit settles what is open on
/// the invoice and the rest is the customer's credit.
pub async fn credit(db: &Db, ctx: &AuthCtx, invoice_no: &str, input: &CreditInput) -> AppResult<Invoice> {
    let date = date_or("Credit note date", &input.date, ctx.today())?;
    let reason = text::optional("Reason", &input.reason, 500)?;
    let mut tx = db.begin().await?;
    let orig = store::load(&mut tx, ctx.company_id, InvoiceKind::Invoice, Some(invoice_no), None).await?;
    let mut cn = Invoice {
        kind: InvoiceKind::CreditNote,
        lines: Vec::new(),
        kid: String::new(),
        invoice_date: date,
        due_date: date,
        note: reason.clone(),
        ..orig.clone()
    };
    // the credited invoice and the reason, in the customer's language (the PDF
    // prints them again in its head; EHF carries the reference as BillingReference)
    let lang = crate::print::doc_lang(&orig.doc_lang);
    let what = format!("{} {}", lang.t(crate::core::T::CreditOf), orig.number);
    push_text(&mut cn, LineKind::Text, &if reason.is_empty() { what } else { format!("{what}: {reason}") });
    let mut progress = Vec::new();
    let mut order_nos: Vec<String> = Vec::new();
    let chosen: Vec<(&InvoiceLine, Decimal)> = if input.lines.is_empty() {
        orig.lines.iter().filter(|l| l.doc.line.kind == LineKind::Item && l.doc.line.qty > l.credited).map(|l| (l, l.doc.line.qty - l.credited)).collect()
    } else {
        let mut v = Vec::new();
        for c in &input.lines {
            let l = orig
                .lines
                .iter()
                .find(|l| l.doc.line.line_no == c.line_no && l.doc.line.kind == LineKind::Item)
                .ok_or_else(|| AppError::invalid(format!("Invoice {} has no item line {}", orig.number, c.line_no)))?;
            v.push((l, c.qty.unwrap_or(l.doc.line.qty - l.credited)));
        }
        v
    };
    if chosen.is_empty() {
        return Err(AppError::Conflict(format!("Invoice {} is already credited in full", orig.number)));
    }
    for (l, qty) in chosen {
        check_credit(l.doc.line.line_no, qty, l.doc.line.qty, l.credited).map_err(AppError::invalid)?;
        let mut line = l.doc.line.clone();
        line.net = if qty == line.qty { line.net } else { line_net(qty, line.unit_price, line.discount_pct) };
        line.qty = qty;
        line.line_no = cn.lines.len() as i64 + 1;
        cn.lines.push(InvoiceLine {
            doc: DocLine { line, item_id: l.doc.item_id, item_group: l.doc.item_group.clone(), ..Default::default() },
            vat_category: l.vat_category.clone(),
            order_no: l.order_no.clone(),
            order_line_id: l.order_line_id,
            credited_line_id: Some(l.doc.id),
            ..Default::default()
        });
        if let Some(ol) = l.order_line_id {
            progress.push((ol, -to_milli("Quantity", qty).map_err(AppError::invalid)?));
            if !order_nos.contains(&l.order_no) {
                order_nos.push(l.order_no.clone());
            }
        }
    }
    cn.number = crate::setup::store::take_number(&mut tx, ctx.company_id, DocType::CreditNote).await?;
    let (id, line_ids) = store::insert(&mut tx, ctx.company_id, ctx.user_id, &cn, Some(orig.id)).await?;
    store::facts::add(&mut tx, ctx.company_id, id, &cn, &line_ids).await?;
    cn.credited_no = orig.number.clone();
    tx.emit(cn.event(ctx.company_id));
    crate::accounting::service::post(&mut tx, ctx.company_id, ctx.user_id, vec![cn.voucher(id)]).await?;
    if !progress.is_empty() {
        let ids = source()?.ids(&mut tx, ctx.company_id, &order_nos).await?;
        record_invoiced(&mut tx, ctx.company_id, &cn, &progress, &ids).await?;
    }
    let gross = minor(crate::core::lines::totals(&cn.lines.iter().map(|l| l.doc.line.clone()).collect::<Vec<_>>()).gross)?;
    let open = minor(orig.open)?;
    let settle = gross.min(open);
    if settle > 0 {
        store::allocate(&mut tx, ctx.company_id, orig.id, Settles::CreditNote(id), settle, date).await?;
        store::use_credit(&mut tx, ctx.company_id, id, settle).await?;
    }
    tx.commit().await.map_err(db_err)?;
    invoice(db, ctx.company_id, InvoiceKind::CreditNote, None, Some(id)).await
}

/// The file name of an invoice's or credit note's PDF or EHF.
pub fn file_name(kind: InvoiceKind, number: &str, ext: &str) -> String {
    let k = if kind == InvoiceKind::CreditNote { "credit-note" } else { "invoice" };
    format!("{k}-{number}.{ext}")
}

/// The invoice or credit note as PDF, in the customer's language, with how to pay.
pub async fn pdf(db: &Db, company_id: i64, kind: InvoiceKind, no: &str) -> AppResult<(String, Vec<u8>)> {
    use crate::core::T;
    let inv = invoice(db, company_id, kind, Some(no), None).await?;
    let company = crate::setup::store::company(&db.pool, company_id).await?;
    let lang = crate::print::doc_lang(&inv.doc_lang);
    let doc = crate::core::document::Doc {
        number: inv.number.clone(),
        currency: inv.currency.clone(),
        lines: inv.lines.iter().map(|l| l.doc.clone()).collect(),
        totals: inv.totals.clone(),
        ..Default::default()
    };
    use crate::print::{address, Body, Layout};
    let addr = address(&inv.customer_name, &inv.address_line, &inv.postcode, &inv.city);
    let credit = kind == InvoiceKind::CreditNote;
    let title = if credit { T::CreditNote } else { T::Invoice };
    let mut lay = Layout::new(title, &inv.number, T::Customer, addr, Body::Priced);
    let delivered = match inv.period_from {
        None => (T::DeliveryDate, ymd(inv.delivery_date)),
        Some(from) => (T::DeliveryPeriod, format!("{} – {}", ymd(from), ymd(inv.delivery_date))),
    };
    lay.facts = if credit {
        vec![(T::CreditNoteDate, ymd(inv.invoice_date)), (T::CreditOf, inv.credited_no.clone())]
    } else {
        vec![(T::InvoiceDate, ymd(inv.invoice_date)), (T::DueDate, ymd(inv.due_date))]
    };
    lay.facts.extend([
        delivered,
        (T::CustomerNo, inv.customer_no.clone()),
        (T::OrgNoShort, inv.org_no.clone()),
        (T::VatNoShort, inv.vat_no.clone()),
        (T::YourRef, inv.your_ref.clone()),
        (T::OurRef, inv.our_ref.clone()),
        (T::Orders, inv.order_refs.clone()),
    ]);
    if !credit {
        let amount = format!("{} {}", crate::core::format::amount(inv.totals.gross, lang), inv.currency);
        lay.payment = vec![(T::Kid, inv.kid.clone()), (T::BankAccount, company.bank_account.clone()), (T::DueDate, ymd(inv.due_date)), (T::AmountDue, amount)];
    }
    lay.notes = vec![(if credit { T::Reason } else { T::Note }, inv.note.clone()), (T::VatExemptNote, inv.vat_exempt_reason.clone())];
    crate::print::render_doc(db, company_id, &doc, &lay, &inv.doc_lang, &file_name(kind, &inv.number, "pdf")).await
}

/// The invoice or credit note as EHF (PEPPOL BIS Billing 3.0 UBL).
pub async fn ehf(db: &Db, company_id: i64, kind: InvoiceKind, no: &str) -> AppResult<(String, String)> {
    let inv = invoice(db, company_id, kind, Some(no), None).await?;
    let company = crate::setup::store::company(&db.pool, company_id).await?;
    let xml = super::ehf::render(&company, &inv).map_err(AppError::invalid)?;
    Ok((file_name(kind, &inv.number, "xml"), xml))
}

/// Marks an invoice disputed (no reminders while it is) or no longer disputed.
pub async fn dispute(db: &Db, ctx: &AuthCtx, no: &str, disputed: bool) -> AppResult<Invoice> {
    let inv = invoice(db, ctx.company_id, InvoiceKind::Invoice, Some(no), None).await?;
    store::set_disputed(&db.pool, ctx.company_id, inv.id, disputed).await?;
    invoice(db, ctx.company_id, InvoiceKind::Invoice, None, Some(inv.id)).await
}

/// Invoices a run posts per transaction: a commit per invoice would cost a disk
/// flush each, so they commit in chunks; a chunk is all or nothing.
const RUN_CHUNK: usize = 100;

/// An invoicing run. Invoices are posted in chunks, each chunk one transaction, so a
/// run that is interrupted leaves only whole invoices (and whole chunks), and running
/// it again invoices exactly what is left (the invoiced quantities are bounded by the
/// delivered). A chunk that fails is posted again one invoice at a time, so one
/// refused invoice (say, invoiced meanwhile by someone else) does not hold up the rest.
pub async fn run(db: &Db, ctx: &AuthCtx, input: &InvoiceRunInput) -> AppResult<Vec<RunGroup>> {
    let date = date_or("Invoice date", &input.date, ctx.today())?;
    let basis = super::origin::source()?.basis(&db.pool, ctx.company_id, None).await?;
    let mut groups = run_groups(&basis, &input.customers);
    if input.preview {
        return Ok(groups);
    }
    let shared = Shared::load(db, ctx.company_id).await?;
    let one = |g: &RunGroup| InvoiceInput { customer_no: g.customer_no.clone(), orders: g.orders.clone(), invoice_date: ymd(date), ..Default::default() };
    for chunk in groups.chunks_mut(RUN_CHUNK) {
        let inputs: Vec<InvoiceInput> = chunk.iter().map(one).collect();
        match post_chunk(db, ctx, &inputs, &shared).await {
            Ok(numbers) => chunk.iter_mut().zip(numbers).for_each(|(g, n)| g.invoice_no = n),
            Err(_) => {
                for (g, input) in chunk.iter_mut().zip(&inputs) {
                    match post(db, ctx, input).await {
                        Ok(inv) => g.invoice_no = inv.number,
                        Err(e @ (AppError::Conflict(_) | AppError::Invalid(_) | AppError::NotFound(_))) => g.error = e.to_string(),
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }
    Ok(groups)
}

/// Posts invoices from orders in one transaction; answers their numbers.
async fn post_chunk(db: &Db, ctx: &AuthCtx, inputs: &[InvoiceInput], shared: &Shared) -> AppResult<Vec<String>> {
    let mut prepared = Vec::with_capacity(inputs.len());
    for input in inputs {
        prepared.push(prepare(db, ctx, input, shared).await?);
    }
    let mut tx = db.begin().await?;
    let cats = store::vat_categories(&mut tx, ctx.company_id).await?;
    let settings = store::settings(&mut tx, ctx.company_id).await?;
    let mut numbers = Vec::with_capacity(inputs.len());
    for (input, p) in inputs.iter().zip(prepared) {
        numbers.push(post_in(&mut tx, ctx, input, p, &cats, &settings).await?.1);
    }
    tx.commit().await.map_err(db_err)?;
    Ok(numbers)
}
