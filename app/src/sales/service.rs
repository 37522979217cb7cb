//! Sales postings: each is one transaction — the document, its lines, the number
//! from the series, the reservations and stock moves, and the cached status.
use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::lines::{check_numbers, check_text, line_net, totals, Line, LineInput, LineKind};
use super::model::*;
use super::store::{self, Head, Kind, NewLine};
use crate::auth::service::AuthCtx;
use crate::core::date::{date_or, iso};
use crate::core::event::{Event, EventKind};
use crate::core::quantity::to_milli;
use crate::core::text;
use crate::db::{db_err, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::outbox::model::DocKind;
use crate::outbox::service::Recipient;
use crate::parties::model::{Party, PartyKind, ProjectStatus};
use crate::setup::model::{DocType, VatCode};
use crate::stock::model::{NewMove, Origin, OriginKind};
use crate::stock::store::ledger;
use serde_json::json;
use sqlx::AnyConnection;

/// The origin of an order line in the stock ledger (its reservation and its moves).
pub fn origin(order_id: i64, line_id: i64) -> AppResult<Origin> {
    let line = i32::try_from(line_id).map_err(|_| AppError::Internal(format!("order line id {line_id} out of range")))?;
    Ok(Origin::new(OriginKind::Order, order_id, line))
}

async fn load(db: &Db, kind: Kind, company_id: i64, no: Option<&str>, id: Option<i64>) -> AppResult<store::Loaded> {
    let mut c = db.pool.acquire().await.map_err(db_err)?;
    store::load(&mut c, kind, company_id, no, id).await
}

/// What the editor offers in a document head for this customer (see [`DocChoices`]).
pub async fn choices(db: &Db, company_id: i64, customer_no: &str) -> AppResult<DocChoices> {
    let pool = &db.pool;
    let setup = crate::setup::store::list_users(pool, company_id).await?;
    let mut c = DocChoices {
        sellers: setup.into_iter().filter(|u| u.active).map(|u| Choice::new(u.user_id, u.name)).collect(),
        payment_terms: crate::setup::store::list_payment_terms(pool, company_id)
            .await?
            .into_iter()
            .filter(|t| t.active)
            .map(|t| Choice::new(&t.code, t.name))
            .collect(),
        delivery_terms: crate::setup::store::list_delivery_terms(pool, company_id)
            .await?
            .into_iter()
            .filter(|t| t.active)
            .map(|t| Choice::new(&t.code, t.name))
            .collect(),
        warehouses: crate::setup::store::list_warehouses(pool, company_id)
            .await?
            .into_iter()
            .filter(|w| w.active)
            .map(|w| Choice::new(&w.code, w.name))
            .collect(),
        ..Default::default()
    };
    if customer_no.trim().is_empty() {
        return Ok(c);
    }
    let Ok(p) = crate::parties::store::by_no(pool, company_id, PartyKind::Customer, customer_no.trim()).await else { return Ok(c) };
    c.customer_name = p.name.clone();
    c.currency = p.currency.clone();
    c.contacts = crate::parties::store::contacts(pool, company_id, p.id).await?.into_iter().filter(|x| x.active).map(|x| Choice::new(x.id, x.name)).collect();
    c.addresses = crate::parties::store::addresses(pool, company_id, p.id)
        .await?
        .into_iter()
        .map(|a| Choice::new(a.id, [a.name, a.address_line, a.city].iter().filter(|s| !s.trim().is_empty()).cloned().collect::<Vec<_>>().join(", ")))
        .collect();
    c.projects = crate::parties::store::projects(pool, company_id, Some(p.id))
        .await?
        .into_iter()
        .filter(|x| matches!(x.status, ProjectStatus::Planned | ProjectStatus::Active))
        .map(|x| Choice::new(&x.code, x.name))
        .collect();
    Ok(c)
}

/// A code typed on a document, which must be one of the register's.
fn known(what: &str, typed: &str, mut codes: impl Iterator<Item = String>) -> AppResult<String> {
    if codes.any(|c| c == typed) {
        Ok(typed.to_string())
    } else {
        Err(AppError::invalid(format!("Unknown {what} '{typed}': see Setup → Terms")))
    }
}

/// Resolves the head of a document against the company's registers (read in one
/// statement, and answered for the lines and the confirmation). Anything that names
/// another company's data is simply not found.
async fn head(
    db: &Db,
    conn: &mut AnyConnection,
    company_id: i64,
    today: NaiveDate,
    customer: &Party,
    input: &DocInput,
    kind: Kind,
) -> AppResult<(Head, store::Registers)> {
    let pool = &db.pool;
    let date_default = match kind {
        Kind::Quote => today + chrono::Duration::days(30),
        Kind::Order => today,
    };
    let label = if kind == Kind::Quote { "Valid until" } else { "Delivery date" };
    let date = date_or(label, &input.date, date_default)?;
    if kind == Kind::Quote && date < today {
        return Err(AppError::invalid(format!("Valid until ({date}) is in the past")));
    }
    let reg = store::registers(conn, db.backend, company_id, customer.id, input.seller_id).await?;
    let contact_name = match input.contact_id {
        Some(c) => {
            let contact = crate::parties::store::contact(pool, company_id, c).await?;
            if contact.party_id != customer.id {
                return Err(AppError::invalid(format!("{} is not a contact of {}", contact.name, customer.name)));
            }
            contact.name
        }
        None => String::new(),
    };
    if input.seller_id.is_some() && !reg.chosen_seller_is_user {
        return Err(AppError::invalid("The seller is not a user of this company"));
    }
    let seller_id = input.seller_id.or(customer.seller_id);
    // terms typed on the document are checked; the customer's own are valid by their foreign keys
    let payment_terms = match input.payment_terms.trim() {
        "" => customer.payment_terms.clone(),
        t => Some(known("payment terms", t, crate::setup::store::list_payment_terms(pool, company_id).await?.into_iter().map(|x| x.code))?),
    };
    let delivery_terms = match input.delivery_terms.trim() {
        "" => customer.delivery_terms.clone(),
        t => Some(known("delivery terms", t, crate::setup::store::list_delivery_terms(pool, company_id).await?.into_iter().map(|x| x.code))?),
    };
    let currency = crate::parties::model::currency_code(&input.currency, &customer.currency).map_err(AppError::invalid)?;
    let project = if input.project_code.trim().is_empty() {
        None
    } else {
        let code = input.project_code.trim();
        let p = crate::parties::store::projects(pool, company_id, Some(customer.id)).await?.into_iter().find(|p| p.code == code);
        Some(p.ok_or_else(|| AppError::invalid(format!("{} has no project {code}", customer.name)))?)
    };
    let address = match input.delivery_address_id {
        Some(a) => Some(reg.addresses.iter().find(|x| x.id == a).ok_or_else(|| AppError::invalid(format!("{} has no such delivery address", customer.name)))?),
        None => reg.addresses.iter().find(|x| x.is_default),
    };
    let delivery_address = match address {
        Some(a) => [a.name.as_str(), a.address_line.as_str(), &format!("{} {}", a.postcode, a.city)]
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        None => [customer.name.as_str(), customer.address_line.as_str(), &format!("{} {}", customer.postcode, customer.city)]
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let warehouse_id = if kind == Kind::Order {
        let code = input.warehouse.trim();
        let whs = &reg.warehouses;
        let w = if code.is_empty() { whs.iter().find(|w| w.active) } else { whs.iter().find(|w| w.code.eq_ignore_ascii_case(code) && w.active) };
        w.ok_or_else(|| {
            AppError::invalid(if code.is_empty() { "Add a warehouse in Setup → Warehouses first".to_string() } else { format!("Unknown warehouse '{code}'") })
        })?
        .id
    } else {
        0
    };
    let h = Head {
        customer_id: customer.id,
        contact_id: input.contact_id,
        seller_id,
        your_ref: text::optional("Your reference", &input.your_ref, 100).map_err(AppError::invalid)?,
        requisition_no: text::optional("Requisition number", &input.requisition_no, 100).map_err(AppError::invalid)?,
        external_ref: text::optional("External reference", &input.external_ref, 200).map_err(AppError::invalid)?,
        doc_date: today,
        date,
        payment_terms,
        delivery_terms,
        currency,
        project_id: project.as_ref().map(|p| p.id),
        delivery_address,
        warehouse_id,
        quote_id: None,
        status: OrderStatus::Draft,
        confirmed: false,
        contact_name,
        seller_name: seller_id.and(reg.seller_name.clone()).unwrap_or_default(),
        project_code: project.map(|p| p.code).unwrap_or_default(),
    };
    Ok((h, reg))
}

/// Resolves and prices the lines: items by number (one read), the customer's list
/// prices (one read, when it has a price list), against the company's VAT codes.
/// Every problem names its line.
pub async fn resolve_lines(
    conn: &mut AnyConnection,
    company_id: i64,
    customer: &Party,
    vat_codes: &[VatCode],
    inputs: &[LineInput],
    date: NaiveDate,
    default_date: NaiveDate,
) -> AppResult<Vec<NewLine>> {
    if inputs.len() > 1000 {
        return Err(AppError::invalid(format!("A document can have at most 1000 lines ({} sent)", inputs.len())));
    }
    let nos: Vec<String> = inputs.iter().filter(|l| l.kind == LineKind::Item).map(|l| l.item_no.trim().to_string()).collect();
    let items = crate::catalog::store::items_by_no(&mut *conn, company_id, &nos).await?;
    let exempt = vat_codes.iter().find(|v| v.active && v.category == "E").or_else(|| vat_codes.iter().find(|v| v.active && v.category == "Z"));
    let list_prices = match customer.price_list_id {
        Some(list) => {
            let ids: Vec<i64> = items.values().map(|i| i.id).collect();
            crate::catalog::prices::store::prices_for(&mut *conn, company_id, list, &ids).await?
        }
        None => Vec::new(),
    };
    let mut out = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let n = i + 1;
        let description = check_text(n, input.kind, &input.description).map_err(AppError::invalid)?;
        let requested_date = date_or(&format!("Line {n}: requested date"), &input.requested_date, default_date)?;
        if input.kind != LineKind::Item {
            out.push(NewLine { line: Line { line_no: n as i64, kind: input.kind, description, ..Default::default() }, requested_date, ..Default::default() });
            continue;
        }
        let no = input.item_no.trim();
        if no.is_empty() {
            return Err(AppError::invalid(format!("Line {n}: choose an item (or make it a text line)")));
        }
        let crate::catalog::store::ItemRef { id: item_id, description: item_desc, unit, sales_price, vat_code: item_vat, kind: item_kind, active, item_group } =
            items.get(no).cloned().ok_or_else(|| AppError::invalid(format!("Line {n}: unknown item '{no}'")))?;
        if !active {
            return Err(AppError::invalid(format!("Line {n}: item {no} is inactive")));
        }
        let qty = input.qty;
        let unit_price = match input.unit_price {
            Some(p) => p,
            None => {
                let mine: Vec<_> = list_prices.iter().filter(|p| p.item_id == item_id).cloned().collect();
                crate::catalog::prices::model::resolve(sales_price, &mine, qty, date).0
            }
        };
        let discount_pct = input.discount_pct.unwrap_or(customer.discount);
        // a service line may take away (a webshop's discount or rounding); goods never
        // have a negative price: they are credited
        let checked_price = if item_kind == "service" { unit_price.abs() } else { unit_price };
        check_numbers(n, qty, checked_price, discount_pct).map_err(AppError::invalid)?;
        let code = if customer.vat_exempt {
            exempt.map(|v| v.code.clone()).ok_or_else(|| AppError::invalid("The customer is VAT-exempt but the company has no exempt VAT code"))?
        } else if input.vat_code.trim().is_empty() {
            item_vat
        } else {
            input.vat_code.trim().to_string()
        };
        let vat = vat_codes.iter().find(|v| v.code == code && v.active).ok_or_else(|| AppError::invalid(format!("Line {n}: unknown VAT code '{code}'")))?;
        out.push(NewLine {
            line: Line {
                line_no: n as i64,
                kind: LineKind::Item,
                item_no: no.to_string(),
                description: if description.is_empty() { item_desc } else { description },
                qty,
                unit,
                unit_price,
                discount_pct,
                vat_code: code.clone(),
                vat_rate: vat.rate,
                net: line_net(qty, unit_price, discount_pct),
            },
            item_id: Some(item_id),
            stock: item_kind == "stock",
            item_group,
            requested_date,
            quote_line_id: None,
        });
    }
    Ok(out)
}

pub async fn customer(conn: &mut AnyConnection, company_id: i64, no: &str) -> AppResult<Party> {
    if no.trim().is_empty() {
        return Err(AppError::invalid("Choose a customer"));
    }
    let c = crate::parties::store::by_no(conn, company_id, PartyKind::Customer, no).await?;
    if !c.active {
        return Err(AppError::invalid(format!("Customer {} ({}) is inactive", c.name, no.trim())));
    }
    Ok(c)
}

pub async fn create_quote(db: &Db, ctx: &AuthCtx, input: &DocInput) -> AppResult<Doc> {
    let (_, h, _, lines) = prepare(db, ctx.company_id, ctx.today(), input, Kind::Quote).await?;
    let mut tx = db.begin().await?;
    let number = crate::setup::store::take_number(&mut tx, ctx.company_id, DocType::Quote).await?;
    let (id, _) = store::insert_head(&mut tx, Kind::Quote, ctx.company_id, ctx.user_id, &number, &h, &lines).await?;
    tx.commit().await.map_err(db_err)?;
    quote(db, ctx.company_id, ctx.today(), None, Some(id)).await
}

/// Replaces a quote's head and lines; refused once lines went to an order or it was lost.
pub async fn update_quote(db: &Db, ctx: &AuthCtx, no: &str, input: &DocInput) -> AppResult<Doc> {
    let old = load(db, Kind::Quote, ctx.company_id, Some(no), None).await?;
    if old.lost || old.doc.lines.iter().any(|l| l.done > Decimal::ZERO) {
        let status = with_quote_status(old, ctx.today()).status.code().replace('_', " ");
        return Err(AppError::Conflict(format!("Quote {no} is {status}: it can no longer be changed")));
    }
    let mut conn = db.pool.acquire().await.map_err(db_err)?;
    let c = crate::parties::store::by_id(&mut *conn, ctx.company_id, old.doc.customer_id).await?;
    let (mut h, reg) = head(db, &mut conn, ctx.company_id, ctx.today(), &c, input, Kind::Quote).await?;
    if input.delivery_address_id.is_none() {
        h.delivery_address = old.doc.delivery_address.clone();
    }
    let lines = resolve_lines(&mut conn, ctx.company_id, &c, &reg.vat_codes, &input.lines, ctx.today(), h.date).await?;
    drop(conn);
    let mut tx = db.begin().await?;
    let ids: Vec<i64> = old.doc.lines.iter().map(|l| l.id).collect();
    store::delete_lines(&mut tx, Kind::Quote, ctx.company_id, &ids).await?;
    store::insert_lines(&mut tx, Kind::Quote, ctx.company_id, old.doc.id, &lines).await?;
    store::update_head(&mut tx, Kind::Quote, ctx.company_id, old.doc.id, &h, &totals(&lines.iter().map(|l| l.line.clone()).collect::<Vec<_>>())).await?;
    tx.commit().await.map_err(db_err)?;
    quote(db, ctx.company_id, ctx.today(), Some(no), None).await
}

/// A quote with its computed status.
pub async fn quote(db: &Db, company_id: i64, today: NaiveDate, no: Option<&str>, id: Option<i64>) -> AppResult<Doc> {
    Ok(with_quote_status(load(db, Kind::Quote, company_id, no, id).await?, today))
}

fn with_quote_status(l: store::Loaded, today: NaiveDate) -> Doc {
    let mut doc = l.doc;
    let valid = doc.date;
    let pairs: Vec<(Decimal, Decimal)> = doc.lines.iter().filter(|x| x.line.kind == LineKind::Item).map(|x| (x.line.qty, x.done)).collect();
    doc.status = quote_status(l.lost, l.sent, valid, today, Acceptance::of(&pairs)).into();
    doc
}

/// Marks a quote sent (the e-mail step records it) or lost with a reason.
pub async fn mark_quote(db: &Db, ctx: &AuthCtx, no: &str, sent: bool, lost_reason: Option<&str>) -> AppResult<Doc> {
    let l = load(db, Kind::Quote, ctx.company_id, Some(no), None).await?;
    let reason = match lost_reason {
        Some(r) => Some(text::required("Reason the quote was lost", r, 500).map_err(AppError::invalid)?),
        None => None,
    };
    let mut tx = db.begin().await?;
    store::set_quote_flag(&mut tx, ctx.company_id, l.doc.id, sent, reason.as_deref()).await?;
    tx.commit().await.map_err(db_err)?;
    quote(db, ctx.company_id, ctx.today(), Some(no), None).await
}

/// Copies the chosen lines of a quote to a new order that links back to the quote
/// and each of its lines; text and heading lines come along in their places.
pub async fn quote_to_order(db: &Db, ctx: &AuthCtx, no: &str, chosen: &[ChosenLine], confirm: bool) -> AppResult<Doc> {
    let q = load(db, Kind::Quote, ctx.company_id, Some(no), None).await?;
    if q.lost {
        return Err(AppError::Conflict(format!("Quote {no} is lost")));
    }
    if chosen.is_empty() {
        return Err(AppError::invalid("Choose at least one line to order"));
    }
    let mut picked: HashMap<i64, Decimal> = HashMap::new();
    for c in chosen {
        let line =
            q.doc.lines.iter().find(|l| l.line.line_no == c.line_no).ok_or_else(|| AppError::invalid(format!("Quote {no} has no line {}", c.line_no)))?;
        if line.line.kind != LineKind::Item {
            return Err(AppError::invalid(format!("Line {} is a {} line; choose item lines", c.line_no, line.line.kind.code())));
        }
        let left = line.line.qty - line.done;
        let qty = c.qty.unwrap_or(left);
        if qty <= Decimal::ZERO || qty > left {
            return Err(AppError::invalid(format!("Line {}: order between 0 and {} (what is not yet ordered), not {qty}", c.line_no, left.normalize())));
        }
        to_milli("Quantity", qty).map_err(AppError::invalid)?;
        picked.insert(line.id, qty);
    }
    let mut conn = db.pool.acquire().await.map_err(db_err)?;
    let customer = crate::parties::store::by_id(&mut *conn, ctx.company_id, q.doc.customer_id).await?;
    let input =
        DocInput { customer_no: q.doc.customer_no.clone(), your_ref: q.doc.your_ref.clone(), project_code: q.doc.project_code.clone(), ..Default::default() };
    let (mut h, reg) = head(db, &mut conn, ctx.company_id, ctx.today(), &customer, &input, Kind::Order).await?;
    drop(conn);
    h.contact_id = q.doc.contact_id;
    h.contact_name = q.doc.contact_name.clone();
    h.seller_id = q.doc.seller_id;
    h.seller_name = q.doc.seller_name.clone();
    h.payment_terms = Some(q.doc.payment_terms.clone()).filter(|s| !s.is_empty());
    h.delivery_terms = Some(q.doc.delivery_terms.clone()).filter(|s| !s.is_empty());
    h.currency = q.doc.currency.clone();
    h.delivery_address = q.doc.delivery_address.clone();
    h.quote_id = Some(q.doc.id);
    // the chosen item lines, with the text and headings around them, renumbered
    let mut lines = Vec::new();
    for l in &q.doc.lines {
        let keep = match l.line.kind {
            LineKind::Item => picked.contains_key(&l.id),
            _ => true,
        };
        if !keep {
            continue;
        }
        let mut line = l.line.clone();
        line.line_no = lines.len() as i64 + 1;
        if let Some(qty) = picked.get(&l.id) {
            line.qty = *qty;
            line.net = line_net(*qty, line.unit_price, line.discount_pct);
        }
        lines.push(NewLine {
            item_id: l.item_id,
            stock: l.stock,
            item_group: l.item_group.clone(),
            requested_date: h.date,
            quote_line_id: (l.line.kind == LineKind::Item).then_some(l.id),
            line,
        });
    }
    let mut tx = db.begin().await?;
    let (mut doc, message) = insert_order(&mut tx, ctx, &customer, h, &lines, confirm, reg.recipient).await?;
    store::add_ordered(&mut tx, ctx.company_id, q.doc.id, &picked.into_iter().collect::<Vec<_>>()).await?;
    tx.commit().await.map_err(db_err)?;
    crate::outbox::service::deliver_later(db, ctx.company_id, message);
    doc.quote_no = q.doc.number;
    Ok(doc)
}

pub async fn create_order(db: &Db, ctx: &AuthCtx, input: &DocInput, confirm: bool) -> AppResult<Doc> {
    let (c, h, reg, lines) = prepare(db, ctx.company_id, ctx.today(), input, Kind::Order).await?;
    let mut tx = db.begin().await?;
    let (doc, message) = insert_order(&mut tx, ctx, &c, h, &lines, confirm, reg.recipient).await?;
    tx.commit().await.map_err(db_err)?;
    crate::outbox::service::deliver_later(db, ctx.company_id, message);
    Ok(doc)
}

/// Reads and checks a new document: its customer, head and lines, on one pooled
/// connection that is given back before the posting's transaction takes its own.
async fn prepare(db: &Db, company_id: i64, today: NaiveDate, input: &DocInput, kind: Kind) -> AppResult<(Party, Head, store::Registers, Vec<NewLine>)> {
    let mut conn = db.pool.acquire().await.map_err(db_err)?;
    let c = customer(&mut conn, company_id, &input.customer_no).await?;
    let (h, reg) = head(db, &mut conn, company_id, today, &c, input, kind).await?;
    let lines = resolve_lines(&mut conn, company_id, &c, &reg.vat_codes, &input.lines, today, h.date).await?;
    Ok((c, h, reg, lines))
}

/// Writes a new order in the caller's transaction: its number, head and lines with
/// the status they give, the reservations when confirmed, and the confirmation
/// queued to `to`. Answers the order as [`order`] would read it back (not read: the
/// lines go through the stored units, see `store::as_stored`) and the queued message.
async fn insert_order(
    tx: &mut Tx,
    ctx: &AuthCtx,
    c: &Party,
    mut h: Head,
    lines: &[NewLine],
    confirm: bool,
    to: Option<Recipient>,
) -> AppResult<(Doc, Option<i64>)> {
    let number = crate::setup::store::take_number(tx, ctx.company_id, DocType::Order).await?;
    let stored: Vec<DocLine> = lines
        .iter()
        .map(|l| {
            Ok(DocLine {
                line: store::as_stored(&l.line)?,
                requested_date: Some(l.requested_date),
                item_id: l.item_id,
                stock: l.stock,
                item_group: l.item_group.clone(),
                quote_line_id: l.quote_line_id,
                ..Default::default()
            })
        })
        .collect::<AppResult<_>>()?;
    let state = (confirm, false);
    let status = status_of(state, &stored);
    h.status = status;
    h.confirmed = confirm;
    let (id, ids) = store::insert_head(tx, Kind::Order, ctx.company_id, ctx.user_id, &number, &h, lines).await?;
    let ev = json!({"number": number, "customer_no": c.number(), "confirmed": confirm});
    tx.emit(Event::new(ctx.company_id, EventKind::OrderCreated, &number, ev.clone()));
    if confirm {
        tx.emit(Event::new(ctx.company_id, EventKind::OrderConfirmed, &number, ev));
    }
    let stored: Vec<DocLine> = stored.into_iter().zip(ids).map(|(l, id)| DocLine { id, ..l }).collect();
    reserve(tx, ctx.company_id, ctx.today(), id, h.warehouse_id, state, &stored).await?;
    let message = match to.filter(|_| confirm) {
        Some(to) => Some(queue_confirmation(tx, ctx, id, &number, to).await?),
        None => None,
    };
    let doc = Doc {
        id,
        number,
        status: status.into(),
        customer_id: c.id,
        customer_no: c.customer_no.clone().unwrap_or_default(),
        customer_name: c.name.clone(),
        contact_id: h.contact_id,
        contact_name: h.contact_name,
        seller_id: h.seller_id,
        seller_name: h.seller_name,
        your_ref: h.your_ref,
        requisition_no: h.requisition_no,
        doc_date: h.doc_date,
        date: h.date,
        payment_terms: h.payment_terms.unwrap_or_default(),
        delivery_terms: h.delivery_terms.unwrap_or_default(),
        currency: h.currency,
        project_code: h.project_code,
        delivery_address: h.delivery_address,
        totals: totals(&stored.iter().map(|l| l.line.clone()).collect::<Vec<_>>()),
        lines: stored,
        ..Default::default()
    };
    Ok((doc, message))
}

/// After any change of an order: bring the reservations in line with what is
/// outstanding ([`reserve`]) and store the status computed from the lines. `state`
/// is (confirmed, cancelled) after the change, `stamp` which of the two this change
/// sets. Inside the caller's transaction.
async fn settle(
    tx: &mut Tx,
    company_id: i64,
    today: NaiveDate,
    order_id: i64,
    warehouse_id: i64,
    state: (bool, bool),
    stamp: (bool, bool),
    lines: &[DocLine],
) -> AppResult<OrderStatus> {
    reserve(tx, company_id, today, order_id, warehouse_id, state, lines).await?;
    let status = status_of(state, lines);
    store::set_order_state(tx, company_id, order_id, status, stamp.0, stamp.1).await?;
    Ok(status)
}

/// Reserves what is outstanding of each stock line (none before confirmation or
/// after cancelling), in one statement.
async fn reserve(tx: &mut Tx, company_id: i64, today: NaiveDate, order_id: i64, warehouse_id: i64, state: (bool, bool), lines: &[DocLine]) -> AppResult<()> {
    let (confirmed, cancelled) = state;
    let mut planned = Vec::new();
    for line in lines.iter().filter(|x| x.line.kind == LineKind::Item && x.stock) {
        let Some(item_id) = line.item_id else { continue };
        let open = if confirmed && !cancelled { (line.line.qty - line.done).max(Decimal::ZERO) } else { Decimal::ZERO };
        let date = line.requested_date.unwrap_or(today);
        planned.push(ledger::Planned { item_id, warehouse_id, open: -open, date, origin: origin(order_id, line.id)? });
    }
    ledger::plan_many(tx, company_id, &planned).await
}

/// An order's stored status as words for a message.
fn words(s: Option<OrderStatus>) -> String {
    s.map_or("", OrderStatus::code).replace('_', " ")
}

/// An order's status from its lines, (confirmed, cancelled).
fn status_of(state: (bool, bool), lines: &[DocLine]) -> OrderStatus {
    let progress: Vec<Progress> =
        lines.iter().filter(|x| x.line.kind == LineKind::Item).map(|x| Progress { qty: x.line.qty, delivered: x.done, invoiced: x.invoiced }).collect();
    order_status(state.0, state.1, &progress)
}

/// An order with its lines; its status is the stored one, which every change
/// recomputes from the lines in its transaction.
pub async fn order(db: &Db, company_id: i64, no: Option<&str>, id: Option<i64>) -> AppResult<Doc> {
    let l = load(db, Kind::Order, company_id, no, id).await?;
    let mut doc = l.doc;
    doc.status = l.stored_status.map(DocStatus::from).unwrap_or_default();
    Ok(doc)
}

/// Confirms an order: reserves what is outstanding of each stock line.
pub async fn confirm_order(db: &Db, ctx: &AuthCtx, no: &str) -> AppResult<Doc> {
    let mut tx = db.begin().await?;
    let l = store::load(&mut tx, Kind::Order, ctx.company_id, Some(no), None).await?;
    if l.cancelled {
        return Err(AppError::Conflict(format!("Order {no} is cancelled")));
    }
    if !l.doc.lines.iter().any(|x| x.line.kind == LineKind::Item) {
        return Err(AppError::invalid(format!("Order {no} has no item lines to confirm")));
    }
    settle(&mut tx, ctx.company_id, ctx.today(), l.doc.id, l.warehouse_id, (true, false), (true, false), &l.doc.lines).await?;
    tx.emit(Event::new(ctx.company_id, EventKind::OrderConfirmed, no, json!({"number": no, "customer_no": l.doc.customer_no, "confirmed": true})));
    let message = match crate::outbox::service::order_recipient(&mut tx, ctx.company_id, l.doc.customer_id).await? {
        Some(to) => Some(queue_confirmation(&mut tx, ctx, l.doc.id, no, to).await?),
        None => None,
    };
    tx.commit().await.map_err(db_err)?;
    crate::outbox::service::deliver_later(db, ctx.company_id, message);
    order(db, ctx.company_id, Some(no), None).await
}

/// Cancels an order: what is not delivered is released; what is delivered stays to
/// be invoiced.
pub async fn cancel_order(db: &Db, ctx: &AuthCtx, no: &str) -> AppResult<Doc> {
    let mut tx = db.begin().await?;
    let l = store::load(&mut tx, Kind::Order, ctx.company_id, Some(no), None).await?;
    if l.cancelled {
        return Err(AppError::Conflict(format!("Order {no} is already cancelled")));
    }
    settle(&mut tx, ctx.company_id, ctx.today(), l.doc.id, l.warehouse_id, (l.confirmed, true), (false, true), &l.doc.lines).await?;
    tx.emit(Event::new(ctx.company_id, EventKind::OrderCancelled, no, json!({"number": no, "customer_no": l.doc.customer_no})));
    tx.commit().await.map_err(db_err)?;
    order(db, ctx.company_id, Some(no), None).await
}

/// Changes an order until it is fully invoiced. Lines sent with an `id` replace that
/// line; lines without one are added; lines left out are removed. A line with
/// deliveries keeps its item and cannot go below what is delivered, nor be removed.
pub async fn update_order(db: &Db, ctx: &AuthCtx, no: &str, input: &DocInput) -> AppResult<Doc> {
    let old = load(db, Kind::Order, ctx.company_id, Some(no), None).await?;
    if old.cancelled || matches!(old.stored_status, Some(OrderStatus::Invoiced) | Some(OrderStatus::Closed)) {
        return Err(AppError::Conflict(format!("Order {no} is {}: it can no longer be changed", words(old.stored_status))));
    }
    let mut conn = db.pool.acquire().await.map_err(db_err)?;
    let c = crate::parties::store::by_id(&mut *conn, ctx.company_id, old.doc.customer_id).await?;
    let mut input = input.clone();
    input.warehouse = String::new();
    let (mut h, reg) = head(db, &mut conn, ctx.company_id, ctx.today(), &c, &input, Kind::Order).await?;
    h.warehouse_id = old.warehouse_id;
    if input.delivery_address_id.is_none() {
        h.delivery_address = old.doc.delivery_address.clone();
    }
    let new_lines = resolve_lines(&mut conn, ctx.company_id, &c, &reg.vat_codes, &input.lines, ctx.today(), h.date).await?;
    drop(conn);
    // match each sent line to the line it replaces
    let mut kept: Vec<(i64, &NewLine)> = Vec::new();
    let mut added: Vec<NewLine> = Vec::new();
    for (sent, new) in input.lines.iter().zip(&new_lines) {
        match sent.id {
            Some(id) => {
                let was = old
                    .doc
                    .lines
                    .iter()
                    .find(|l| l.id == id)
                    .ok_or_else(|| AppError::invalid(format!("Line {}: order {no} has no line with id {id}", new.line.line_no)))?;
                if was.done > Decimal::ZERO {
                    if was.item_id != new.item_id {
                        return Err(AppError::invalid(format!("Line {}: the item cannot change after a delivery", new.line.line_no)));
                    }
                    check_new_qty(new.line.line_no, new.line.qty, was.done).map_err(AppError::invalid)?;
                }
                if was.invoiced > Decimal::ZERO && (was.line.unit_price != new.line.unit_price || was.line.discount_pct != new.line.discount_pct) {
                    return Err(AppError::invalid(format!("Line {}: the price cannot change after the line was invoiced", new.line.line_no)));
                }
                kept.push((id, new));
            }
            None => added.push(new.clone()),
        }
    }
    let removed: Vec<&DocLine> = old.doc.lines.iter().filter(|l| !kept.iter().any(|(id, _)| *id == l.id)).collect();
    if let Some(l) = removed.iter().find(|l| l.done > Decimal::ZERO) {
        return Err(AppError::invalid(format!("Line {} ({}) has deliveries and cannot be removed", l.line.line_no, l.line.item_no)));
    }
    let mut tx = db.begin().await?;
    // release the reservations of removed lines, then write the lines
    let gone: Vec<ledger::Planned> = removed
        .iter()
        .filter_map(|l| l.item_id.map(|item_id| (l, item_id)))
        .map(|(l, item_id)| {
            Ok(ledger::Planned { item_id, warehouse_id: old.warehouse_id, open: Decimal::ZERO, date: ctx.today(), origin: origin(old.doc.id, l.id)? })
        })
        .collect::<AppResult<_>>()?;
    ledger::plan_many(&mut tx, ctx.company_id, &gone).await?;
    store::delete_lines(&mut tx, Kind::Order, ctx.company_id, &removed.iter().map(|l| l.id).collect::<Vec<_>>()).await?;
    // line numbers are unique per order: park the kept ones out of the way first
    for (id, l) in &kept {
        let mut parked = (*l).clone();
        parked.line.line_no += 100_000;
        store::update_line(&mut tx, Kind::Order, ctx.company_id, *id, &parked).await?;
    }
    for (id, l) in &kept {
        store::update_line(&mut tx, Kind::Order, ctx.company_id, *id, l).await?;
    }
    store::insert_lines(&mut tx, Kind::Order, ctx.company_id, old.doc.id, &added).await?;
    store::update_head(&mut tx, Kind::Order, ctx.company_id, old.doc.id, &h, &totals(&new_lines.iter().map(|l| l.line.clone()).collect::<Vec<_>>())).await?;
    let now = store::load(&mut tx, Kind::Order, ctx.company_id, None, Some(old.doc.id)).await?;
    settle(&mut tx, ctx.company_id, ctx.today(), old.doc.id, old.warehouse_id, (now.confirmed, false), (false, false), &now.doc.lines).await?;
    tx.commit().await.map_err(db_err)?;
    order(db, ctx.company_id, Some(no), None).await
}

/// Posts a delivery from one or more orders of the same customer, in one transaction:
/// the delivered quantities (never more than is outstanding, even when two users
/// deliver the same line at once), the stock moves out and the consumed
/// reservations, the delivery document and the orders' new statuses.
pub async fn deliver(db: &Db, ctx: &AuthCtx, warehouse: &str, date: &str, lines: &[DeliverLine]) -> AppResult<Delivery> {
    let lines: Vec<&DeliverLine> = lines.iter().filter(|l| !l.qty.is_zero()).collect();
    if lines.is_empty() {
        return Err(AppError::invalid("Enter a quantity to deliver on at least one line"));
    }
    let date = date_or("Delivery date", date, ctx.today())?;
    let mut tx = db.begin().await?;
    let mut orders: Vec<store::Loaded> = Vec::new();
    for l in &lines {
        if !orders.iter().any(|o| o.doc.number == l.order_no.trim()) {
            orders.push(store::load(&mut tx, Kind::Order, ctx.company_id, Some(&l.order_no), None).await?);
        }
    }
    let customer = orders[0].doc.customer_id;
    if orders.iter().any(|o| o.doc.customer_id != customer) {
        return Err(AppError::invalid("A delivery is for one customer: choose orders of the same customer"));
    }
    for o in &orders {
        if o.cancelled || !o.confirmed {
            return Err(AppError::Conflict(format!("Order {} is {}: confirm it before delivering", o.doc.number, words(o.stored_status))));
        }
    }
    let warehouse_id =
        if warehouse.trim().is_empty() { orders[0].warehouse_id } else { crate::catalog::store::warehouse_id(&mut *tx, ctx.company_id, warehouse).await? };
    let mut moves = Vec::new();
    let mut delivered = Vec::new();
    let mut doc_lines = Vec::new();
    let mut consumed = Vec::new();
    for l in &lines {
        let o = orders.iter().find(|o| o.doc.number == l.order_no.trim()).ok_or_else(|| AppError::Internal("order vanished".into()))?;
        let line = o
            .doc
            .lines
            .iter()
            .find(|x| x.line.line_no == l.line_no)
            .ok_or_else(|| AppError::invalid(format!("Order {} has no line {}", o.doc.number, l.line_no)))?;
        if line.line.kind != LineKind::Item {
            return Err(AppError::invalid(format!("Order {} line {} is a {} line", o.doc.number, l.line_no, line.line.kind.code())));
        }
        check_delivery(l.line_no, l.qty, line.line.qty, line.done).map_err(|e| AppError::invalid(format!("Order {}: {e}", o.doc.number)))?;
        let q = to_milli("Quantity", l.qty).map_err(AppError::invalid)?;
        delivered.push((o.doc.number.clone(), line.id, l.line_no, q));
        doc_lines.push((line.id, q));
        if let (true, Some(item_id)) = (line.stock, line.item_id) {
            let origin = origin(o.doc.id, line.id)?;
            moves.push(NewMove { item_id, warehouse_id, qty: -l.qty, date, unit_cost: Decimal::ZERO, origin: origin.clone(), reason: String::new() });
            consumed.push((origin, l.qty));
        }
    }
    let names: HashMap<i64, String> = delivered.iter().map(|(order_no, id, line_no, _)| (*id, format!("Order {order_no} line {line_no}"))).collect();
    store::add_progress(&mut tx, ctx.company_id, store::Progressed::Delivered, &delivered.iter().map(|(_, id, _, q)| (*id, *q)).collect::<Vec<_>>(), &names)
        .await?;
    let text = format!("{} {}", orders.iter().map(|o| o.doc.number.as_str()).collect::<Vec<_>>().join(", "), orders[0].doc.customer_name);
    crate::stock::posting::post_moves(&mut tx, ctx.company_id, ctx.user_id, &orders[0].doc.number, &text, &moves).await?;
    ledger::consume_planned_many(&mut tx, ctx.company_id, &consumed).await?;
    let number = crate::setup::store::take_number(&mut tx, ctx.company_id, DocType::Delivery).await?;
    let address = orders[0].doc.delivery_address.clone();
    store::insert_delivery(&mut tx, ctx.company_id, ctx.user_id, &number, customer, warehouse_id, date, &address, &doc_lines).await?;
    let order_nos: Vec<&str> = orders.iter().map(|o| o.doc.number.as_str()).collect();
    tx.emit(Event::new(ctx.company_id, EventKind::DeliveryPosted, &number, json!({"number": number, "date": iso(date), "orders": order_nos})));
    restate_orders(&mut tx, ctx.company_id, &orders.iter().map(|o| o.doc.id).collect::<Vec<_>>()).await?;
    tx.commit().await.map_err(db_err)?;
    let wh_code =
        crate::setup::store::list_warehouses(&db.pool, ctx.company_id).await?.into_iter().find(|w| w.id == warehouse_id).map(|w| w.code).unwrap_or_default();
    Ok(Delivery { delivery_no: number, date, warehouse: wh_code, orders: orders.into_iter().map(|o| o.doc.number).collect() })
}

/// Stores the status of these orders computed from their lines again, after
/// deliveries, invoices or credit notes changed their progress. In the caller's
/// transaction.
pub async fn restate_orders(tx: &mut Tx, company_id: i64, order_ids: &[i64]) -> AppResult<()> {
    for id in order_ids {
        let now = store::load(tx, Kind::Order, company_id, None, Some(*id)).await?;
        let progress: Vec<Progress> = now
            .doc
            .lines
            .iter()
            .filter(|x| x.line.kind == LineKind::Item)
            .map(|x| Progress { qty: x.line.qty, delivered: x.done, invoiced: x.invoiced })
            .collect();
        store::set_order_state(tx, company_id, *id, order_status(now.confirmed, now.cancelled, &progress), false, false).await?;
    }
    Ok(())
}

pub async fn backorder(db: &Db, company_id: i64, no: &str) -> AppResult<Vec<BackorderLine>> {
    let o = load(db, Kind::Order, company_id, Some(no), None).await?;
    Ok(o.doc
        .lines
        .iter()
        .filter(|l| l.line.kind == LineKind::Item)
        .map(|l| BackorderLine {
            order_no: o.doc.number.clone(),
            customer_name: o.doc.customer_name.clone(),
            requisition_no: o.doc.requisition_no.clone(),
            line_no: l.line.line_no,
            item_no: l.line.item_no.clone(),
            description: l.line.description.clone(),
            ordered: l.line.qty,
            delivered: l.done,
            remaining: if o.cancelled { Decimal::ZERO } else { l.line.qty - l.done },
            requested_date: l.requested_date.unwrap_or(o.doc.date),
        })
        .collect())
}

/// Prices one line for the line editor: the item found by number, barcode or (when
/// only one matches) text, priced for the customer as a saved line would be.
pub async fn price_line(db: &Db, company_id: i64, today: NaiveDate, customer_no: &str, code: &str, qty: Decimal) -> AppResult<Line> {
    let code = code.trim();
    if code.is_empty() {
        return Err(AppError::invalid("Type an item number, barcode or text"));
    }
    let item = match crate::catalog::store::lookup(&db.pool, company_id, code).await? {
        Some(i) => i,
        None => {
            let page = crate::catalog::store::search(&db.pool, company_id, code, false, "", 1, 5).await?;
            match page.items.len() {
                0 => return Err(AppError::invalid(format!("No item matches '{code}'"))),
                1 => page.items.into_iter().next().ok_or_else(|| AppError::Internal("item vanished".into()))?,
                _ => return Err(AppError::invalid(format!("{} items match '{code}'; type more or the item number", page.total))),
            }
        }
    };
    let mut conn = db.pool.acquire().await.map_err(db_err)?;
    let c = customer(&mut conn, company_id, customer_no).await?;
    let input = LineInput { item_no: item.item_no.clone(), qty: if qty.is_zero() { Decimal::ONE } else { qty }, ..Default::default() };
    let vat_codes = crate::setup::store::list_vat_codes(&mut *conn, company_id).await?;
    let mut lines = resolve_lines(&mut conn, company_id, &c, &vat_codes, &[input], today, today).await?;
    lines.pop().map(|l| l.line).ok_or_else(|| AppError::Internal("no line".into()))
}

/// The delivery form of an order: per open item line what is outstanding, what is
/// free in the order's warehouse, and the proposed quantity.
pub async fn delivery_proposal(db: &Db, company_id: i64, no: &str) -> AppResult<Vec<ProposedLine>> {
    let o = load(db, Kind::Order, company_id, Some(no), None).await?;
    let mut out = Vec::new();
    for l in o.doc.lines.iter().filter(|l| l.line.kind == LineKind::Item) {
        let outstanding = if o.cancelled { Decimal::ZERO } else { l.line.qty - l.done };
        let free = match (l.stock, l.item_id) {
            (true, Some(item)) => {
                let f = ledger::figures(&db.pool, company_id, item).await?;
                // this order's own reservation is part of what it may take
                Some(
                    f.iter().find(|f| f.warehouse_id == o.warehouse_id).map(|f| f.free).unwrap_or_default()
                        + outstanding.max(Decimal::ZERO) * Decimal::from(o.confirmed as i64),
                )
            }
            _ => None,
        };
        out.push(ProposedLine {
            line_no: l.line.line_no,
            item_no: l.line.item_no.clone(),
            description: l.line.description.clone(),
            outstanding,
            free,
            proposed: proposed_delivery(outstanding, free),
        });
    }
    Ok(out)
}

/// Every open order line with something left to deliver (the company's backorder).
pub async fn backorder_all(db: &Db, company_id: i64) -> AppResult<Vec<BackorderLine>> {
    store::open_lines(&db.pool, company_id).await
}

/// The quote or order confirmation PDF of the document with this number or id.
pub async fn pdf(db: &Db, company_id: i64, kind: DocKind, no: Option<&str>, id: Option<i64>) -> AppResult<(String, Vec<u8>)> {
    let (doc, title, facts): (Doc, _, Vec<(crate::core::T, String)>) = match kind {
        DocKind::Quote => {
            let d = load(db, Kind::Quote, company_id, no, id).await?.doc;
            let f = vec![(crate::core::T::Date, iso(d.doc_date)), (crate::core::T::ValidUntil, iso(d.date)), (crate::core::T::YourRef, d.your_ref.clone())];
            (d, crate::core::T::Quote, f)
        }
        DocKind::Order => {
            let d = order(db, company_id, no, id).await?;
            let f = vec![
                (crate::core::T::Date, iso(d.doc_date)),
                (crate::core::T::DeliveryDate, iso(d.date)),
                (crate::core::T::YourRef, d.your_ref.clone()),
                (crate::core::T::RequisitionNo, d.requisition_no.clone()),
            ];
            (d, crate::core::T::OrderConfirmation, f)
        }
        other => return Err(AppError::Internal(format!("sales prints quotes and orders, not a {other}"))),
    };
    let customer = crate::parties::store::by_id(&db.pool, company_id, doc.customer_id).await?;
    let address = crate::print::address(&customer.name, &customer.address_line, &customer.postcode, &customer.city);
    let mut lay = crate::print::Layout::new(title, &doc.number, crate::core::T::Customer, address, crate::print::Body::Priced);
    lay.facts = facts;
    crate::print::render_doc(db, company_id, &doc, &lay, &customer.doc_lang, &crate::print::pdf_name(kind.code(), &doc.number)).await
}

/// The packing slip of a posted delivery: quantities and the delivery address, no prices.
pub async fn packing_slip(db: &Db, company_id: i64, delivery_no: &str) -> AppResult<(String, Vec<u8>)> {
    let (doc, orders, lang) = store::delivery_doc(&db.pool, company_id, delivery_no).await?;
    let facts = vec![
        (crate::core::T::Date, iso(doc.doc_date)),
        (crate::core::T::Order, orders.join(", ")),
        (crate::core::T::RequisitionNo, doc.requisition_no.clone()),
    ];
    let mut lay = crate::print::Layout::new(
        crate::core::T::PackingSlip,
        &doc.number,
        crate::core::T::DeliverTo,
        doc.delivery_address.clone(),
        crate::print::Body::Quantities,
    );
    lay.facts = facts;
    crate::print::render_doc(db, company_id, &doc, &lay, &lang, &format!("packing-slip-{}.pdf", doc.number)).await
}

/// E-mails a quote as PDF with the user's message: written to the outbox with the
/// quote marked sent in one transaction, then delivered when SMTP is set up.
pub async fn email_quote(db: &Db, ctx: &AuthCtx, no: &str, to: &str, subject: &str, message: &str) -> AppResult<crate::outbox::model::OutboxMessage> {
    let q = quote(db, ctx.company_id, ctx.today(), Some(no), None).await?;
    if !QuoteStatus::of(q.status).is_some_and(QuoteStatus::can_send) {
        return Err(AppError::Conflict(format!("Quote {no} is lost")));
    }
    let (name, pdf) = pdf(db, ctx.company_id, DocKind::Quote, Some(no), None).await?;
    let msg = crate::outbox::model::NewMessage {
        doc_kind: DocKind::Quote,
        doc_id: q.id,
        to: to.into(),
        subject: subject.into(),
        body: message.into(),
        attachment_name: name,
        attachment: pdf,
    };
    let mut tx = db.begin().await?;
    // the quote is "sent" when the mail has left (`outbox::store::mark`), not now
    let id = crate::outbox::service::queue(&mut tx, ctx.company_id, ctx.user_id, &msg).await?;
    tx.commit().await.map_err(db_err)?;
    crate::outbox::service::deliver(db, ctx.company_id, id).await?;
    Ok(crate::outbox::store::get(&db.pool, ctx.company_id, id).await?.0)
}

/// Queues the order confirmation inside the confirming transaction, so it can never
/// be lost, to the customer's recipient (`outbox::service::order_recipient`: its
/// active contact marked for orders, else the invoice e-mail). The PDF is made when the message is
/// delivered, right after the commit (`outbox::service::deliver_later`). Answers the outbox id.
async fn queue_confirmation(tx: &mut Tx, ctx: &AuthCtx, order_id: i64, number: &str, to: Recipient) -> AppResult<i64> {
    let (to, doc_lang, company) = to;
    let title = crate::print::doc_lang(&doc_lang).t(crate::core::T::OrderConfirmation);
    let msg = crate::outbox::model::NewMessage {
        doc_kind: DocKind::Order,
        doc_id: order_id,
        to,
        subject: format!("{title} {number} – {company}"),
        body: format!("{title} {number}.\n\n{company}"),
        attachment_name: crate::print::pdf_name("order", number),
        attachment: Vec::new(),
    };
    crate::outbox::service::queue(tx, ctx.company_id, ctx.user_id, &msg).await
}
