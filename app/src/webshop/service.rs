//! The webshop connector at work. Orders in: every poll reads the orders the shop
//! changed since the cursor (less an overlap), imports each placed one as a confirmed
//! order that reserves stock (once: the order's external reference is unique),
//! cancels or flags what the shop cancelled, and keeps what cannot be imported in a
//! problems list that every poll tries again. Out: the event journal after the shop's
//! own cursor — stock changes (free quantity per SKU), price changes and deliveries
//! (the shop order marked shipped) — coalesced per item and pushed, the cursor moving
//! only when the shop took it, so a shop that is down loses nothing.
use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::model::*;
use super::shop::{connect, Connection, ShippedLine, Shop, ShopError};
use super::store::{self, ShopRow};
use crate::auth::service::AuthCtx;
use crate::core::event::EventKind;
use crate::db::{now_ms, Db};
use crate::error::{AppError, AppResult};
use crate::sales::model::OrderStatus;

/// The pause between the workers' looks for due shops (`FLYT_WEBSHOP_TICK_MS`).
pub fn tick_ms() -> i64 {
    std::env::var("FLYT_WEBSHOP_TICK_MS").ok().and_then(|v| v.parse().ok()).filter(|v| *v > 0).unwrap_or(1000)
}

/// The first pause after a failed push, doubling (`FLYT_WEBSHOP_RETRY_BASE_MS`).
fn retry_base_ms() -> i64 {
    std::env::var("FLYT_WEBSHOP_RETRY_BASE_MS").ok().and_then(|v| v.parse().ok()).filter(|v| *v > 0).unwrap_or(1000)
}

/// A worker's hold on a shop: longer than a poll of a busy shop takes.
const CLAIM_MS: i64 = 120_000;

fn connection(s: &ShopRow) -> Connection {
    Connection { kind: s.kind, url: s.url.clone(), username: s.username.clone(), secret: s.secret.clone() }
}

/// The integration acts as the user who set it up, with an administrator's rights in
/// the shop's company only.
async fn actor(db: &Db, s: &ShopRow) -> AppResult<AuthCtx> {
    let country = crate::setup::store::company(&db.pool, s.company_id).await?.country;
    Ok(AuthCtx::admin(s.created_by, s.company_id, &country))
}

/// Saves the connection after checking what it names: the warehouse, the price list
/// and the three service items (a discount or a rounding may be negative, which only
/// a service line may be).
pub async fn save(db: &Db, ctx: &AuthCtx, input: &WebshopInput) -> AppResult<()> {
    let checked = check_input(input).map_err(AppError::invalid)?;
    crate::db::outbound::check_url(&checked.url).await.map_err(|e| AppError::invalid(format!("Shop address: {e}")))?;
    let warehouse = crate::catalog::store::warehouse_id(&db.pool, ctx.company_id, input.warehouse.trim()).await?;
    let price_list_id = match input.price_list.trim() {
        "" => None,
        id => {
            let id: i64 = id.parse().map_err(|_| AppError::invalid(format!("Unknown price list '{id}'")))?;
            let lists = crate::catalog::prices::store::list(&db.pool, ctx.company_id).await?;
            Some(lists.iter().find(|l| l.id == id).map(|l| l.id).ok_or_else(|| AppError::invalid(format!("Unknown price list '{id}'")))?)
        }
    };
    let items =
        LineItems { shipping: input.shipping_item.trim().into(), discount: input.discount_item.trim().into(), rounding: input.rounding_item.trim().into() };
    let mut conn = db.pool.acquire().await.map_err(crate::db::db_err)?;
    let nos = vec![items.shipping.clone(), items.discount.clone(), items.rounding.clone()];
    let found = crate::catalog::store::items_by_no(&mut conn, ctx.company_id, &nos).await?;
    drop(conn);
    for no in &nos {
        match found.get(no) {
            Some(i) if i.kind == "service" && i.active => {}
            Some(_) => return Err(AppError::invalid(format!("Item {no} must be an active service item (shipping, discounts and rounding are not goods)"))),
            None => return Err(AppError::invalid(format!("Unknown item '{no}'"))),
        }
    }
    let secret = Some(input.secret.as_str()).filter(|s| !s.is_empty());
    store::save(&db.pool, ctx.company_id, ctx.user_id, &store::Saved { checked: &checked, secret, warehouse_id: warehouse, price_list_id, items: &items }).await
}

/// Runs what is due for every active shop (called by the server's worker).
pub async fn run_due(db: &Db, http: &reqwest::Client) -> AppResult<usize> {
    let now = now_ms();
    let mut n = 0;
    for company_id in store::due(&db.pool, now).await? {
        if !store::claim(&db.pool, company_id, now, CLAIM_MS).await? {
            continue;
        }
        let result = run_one(db, http, company_id, now).await;
        store::release(&db.pool, company_id).await?;
        if let Err(e) = result {
            tracing::warn!("webshop of company {company_id}: {e}");
        }
        n += 1;
    }
    Ok(n)
}

async fn run_one(db: &Db, http: &reqwest::Client, company_id: i64, now: i64) -> AppResult<()> {
    let Some(s) = store::shop(&db.pool, company_id).await? else { return Ok(()) };
    let shop = connect(&connection(&s), http);
    push(db, &s, shop.as_ref()).await?;
    if s.next_poll_at <= now {
        import(db, &s, shop.as_ref(), false).await?;
    }
    Ok(())
}

/// "Import now" (and the test mode): one poll at once, answered with what it did.
pub async fn import_now(db: &Db, ctx: &AuthCtx, http: &reqwest::Client, test: bool) -> AppResult<ImportSummary> {
    let s = store::shop(&db.pool, ctx.company_id).await?.ok_or_else(|| AppError::not_found("Set up the webshop connection first"))?;
    let shop = connect(&connection(&s), http);
    if test {
        return import(db, &s, shop.as_ref(), true).await;
    }
    // a worker may be at the shop right now: wait for it (its import is then done)
    let waited = std::time::Instant::now();
    while !store::claim(&db.pool, ctx.company_id, now_ms(), CLAIM_MS).await? {
        if waited.elapsed() > std::time::Duration::from_secs(30) {
            return Err(AppError::Conflict("The shop is being read right now: try again in a moment".into()));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let result = import(db, &s, shop.as_ref(), false).await;
    store::release(&db.pool, ctx.company_id).await?;
    result
}

/// One poll: the shop's changes since the cursor (less the overlap), then the
/// problems waiting. In test mode nothing is written: the summary says what would be.
pub async fn import(db: &Db, s: &ShopRow, shop: &dyn Shop, test: bool) -> AppResult<ImportSummary> {
    let orders = match shop.orders_since(s.cursor.poll_from()).await {
        Ok(o) => o,
        Err(e) => {
            if !test {
                // a shop that is down is asked again after a minute, nothing lost
                store::polled(&db.pool, s.company_id, &s.cursor, now_ms() + 60_000.min(s.poll_seconds * 1000), &e.to_string()).await?;
            }
            return Err(AppError::Conflict(e.to_string()));
        }
    };
    let ctx = actor(db, s).await?;
    let mut summary = ImportSummary { read: orders.len() as i64, ..Default::default() };
    let mut seen = BTreeSet::new();
    for o in &orders {
        seen.insert(o.id.clone());
        handle(db, &ctx, s, o, test, &mut summary).await?;
    }
    if !test {
        for payload in store::problems(&db.pool, s.company_id).await? {
            let Ok(o) = serde_json::from_str::<ShopOrder>(&payload) else { continue };
            if !seen.contains(&o.id) {
                handle(db, &ctx, s, &o, false, &mut summary).await?;
            }
        }
        store::polled(&db.pool, s.company_id, &s.cursor.after(&orders), now_ms() + s.poll_seconds * 1000, "").await?;
    }
    Ok(summary)
}

/// What one shop order comes to in Flyt.
async fn handle(db: &Db, ctx: &AuthCtx, s: &ShopRow, o: &ShopOrder, test: bool, summary: &mut ImportSummary) -> AppResult<()> {
    let existing = crate::sales::store::order_by_external_ref(&db.pool, s.company_id, &o.external_ref(s.kind)).await?;
    match (o.state, existing) {
        (ShopState::Open, _) => {}
        (ShopState::Placed, Some((id, no, _))) => {
            // imported before (perhaps just before a crash): make sure it is on record
            if store::shop_order(&db.pool, s.company_id, &o.id).await?.is_none_or(|(state, _, _)| state == ImportState::Problem) && !test {
                store::record(&db.pool, s.company_id, o, ImportState::Imported, Some(id), "").await?;
            }
            if test {
                summary.preview.push(format!("{}: imported before as order {no}", o.code));
            }
        }
        (ShopState::Placed, None) => match import_one(db, ctx, s, o, test).await {
            Ok(Some(line)) => summary.preview.push(line),
            Ok(None) => summary.imported += 1,
            Err(AppError::Internal(m)) => return Err(AppError::Internal(m)),
            Err(e) => {
                summary.problems += 1;
                if test {
                    summary.preview.push(format!("{}: waits — {e}", o.code));
                } else {
                    store::record(&db.pool, s.company_id, o, ImportState::Problem, None, &e.to_string()).await?;
                }
            }
        },
        (ShopState::Cancelled, existing) => {
            let known = store::shop_order(&db.pool, s.company_id, &o.id).await?;
            if known.as_ref().is_some_and(|(st, _, _)| matches!(st, ImportState::Cancelled | ImportState::CreditNeeded)) {
                return Ok(());
            }
            if test {
                summary.preview.push(format!("{}: cancelled in the shop", o.code));
                return Ok(());
            }
            match existing {
                None => {
                    // never imported (or waiting with a problem): nothing in Flyt to undo
                    if known.is_some() {
                        store::record(&db.pool, s.company_id, o, ImportState::Cancelled, None, "").await?;
                        summary.cancelled += 1;
                    }
                }
                Some((id, no, status)) => {
                    let (state, problem) = cancel(db, ctx, &no, status).await?;
                    store::record(&db.pool, s.company_id, o, state, Some(id), &problem).await?;
                    if state == ImportState::Cancelled {
                        summary.cancelled += 1;
                    } else {
                        summary.credit_needed += 1;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The shop cancelled an order Flyt has: what is not delivered is released; what was
/// delivered or invoiced is flagged for a credit note, never dropped in silence.
async fn cancel(db: &Db, ctx: &AuthCtx, no: &str, status: OrderStatus) -> AppResult<(ImportState, String)> {
    match status {
        OrderStatus::Cancelled | OrderStatus::Closed => Ok((ImportState::Cancelled, String::new())),
        OrderStatus::Draft | OrderStatus::Open => {
            crate::sales::service::cancel_order(db, ctx, no).await?;
            Ok((ImportState::Cancelled, String::new()))
        }
        OrderStatus::PartlyDelivered => {
            crate::sales::service::cancel_order(db, ctx, no).await?;
            Ok((
                ImportState::CreditNeeded,
                format!("Cancelled in the shop after part of order {no} was delivered: the rest is released; credit what was delivered"),
            ))
        }
        _ => Ok((ImportState::CreditNeeded, format!("Cancelled in the shop after order {no} was delivered or invoiced: make a credit note"))),
    }
}

/// Imports a placed order: its customer (found or created), then the order, confirmed
/// so that it reserves stock. In test mode answers what would be done instead.
async fn import_one(db: &Db, ctx: &AuthCtx, s: &ShopRow, o: &ShopOrder, test: bool) -> AppResult<Option<String>> {
    let codes: Vec<VatRate> = crate::setup::store::list_vat_codes(&db.pool, s.company_id)
        .await?
        .into_iter()
        .filter(|v| v.active)
        .map(|v| VatRate { code: v.code, rate: v.rate, category: v.category })
        .collect();
    let country = ctx_country(db, s.company_id).await?;
    let key = crate::parties::model::mobile_key(&o.customer.phone, if o.address.country.is_empty() { &country } else { &o.address.country });
    let by_id = if o.customer.id.is_empty() { None } else { store::customer_of(&db.pool, s.company_id, &o.customer.id).await? };
    let matched = match by_id {
        Some(no) => Some(no),
        None => crate::parties::store::customer_by_contact(&db.pool, s.company_id, &o.customer.email, "", &key).await?,
    };
    // the order is checked before a customer is made for it
    let mut input = order_input(o, matched.as_deref().unwrap_or(""), &s.warehouse, &s.items, &codes, s.kind).map_err(AppError::invalid)?;
    check_items(db, s.company_id, &input).await?;
    if test {
        let who = matched.map(|no| format!("customer {no}")).unwrap_or_else(|| format!("new customer {}", o.customer_name()));
        return Ok(Some(format!("{}: {} lines for {who}, {} {}", o.code, input.lines.len(), crate::core::money::from_minor(o.total_with_tax), o.currency)));
    }
    let customer_no = match matched {
        Some(no) => no,
        None => create_customer(db, ctx, s, o, &country).await?,
    };
    let party = crate::parties::store::by_no(&db.pool, s.company_id, crate::parties::model::PartyKind::Customer, &customer_no).await?;
    if !o.customer.id.is_empty() {
        store::link_customer(&db.pool, s.company_id, &o.customer.id, party.id).await?;
    }
    input.delivery_address_id = shipping_address(db, ctx, party.id, o, &country).await?;
    input.customer_no = customer_no;
    let doc = match crate::sales::service::create_order(db, ctx, &input, true).await {
        Ok(d) => d,
        // a poll on another server imported it a moment ago
        Err(AppError::Conflict(_)) if crate::sales::store::order_by_external_ref(&db.pool, s.company_id, &input.external_ref).await?.is_some() => {
            return Ok(None)
        }
        Err(e) => return Err(e),
    };
    store::record(&db.pool, s.company_id, o, ImportState::Imported, Some(doc.id), "").await?;
    Ok(None)
}

/// The order's delivery address: where the shop ships it, as one of the customer's
/// delivery addresses (added when new); none when it ships where their orders go anyway
/// (a new customer's own address is the shop's) or the shop gave no street.
async fn shipping_address(db: &Db, ctx: &AuthCtx, party_id: i64, o: &ShopOrder, country: &str) -> AppResult<Option<i64>> {
    let a = &o.address;
    if a.street.trim().is_empty() {
        return Ok(None);
    }
    let place = crate::parties::model::Address::validate(&a.name, &a.street, &a.postcode, &a.city, &a.country, country, false)
        .map_err(|e| AppError::invalid(format!("The shipping address: {e}")))?;
    crate::parties::service::delivery_address_for(db, ctx, party_id, &place).await
}

async fn ctx_country(db: &Db, company_id: i64) -> AppResult<String> {
    Ok(crate::setup::store::company(&db.pool, company_id).await?.country)
}

/// Every item line's SKU must be an active item of the company: the order waits with
/// the first that is not.
async fn check_items(db: &Db, company_id: i64, input: &crate::sales::model::DocInput) -> AppResult<()> {
    let nos: Vec<String> = input.lines.iter().map(|l| l.item_no.clone()).collect();
    let mut conn = db.pool.acquire().await.map_err(crate::db::db_err)?;
    let found = crate::catalog::store::items_by_no(&mut conn, company_id, &nos).await?;
    for (n, no) in nos.iter().enumerate() {
        match found.get(no) {
            Some(i) if i.active => {}
            Some(_) => return Err(AppError::invalid(format!("Line {}: item {no} is inactive", n + 1))),
            None => return Err(AppError::invalid(format!("Line {}: unknown item '{no}'", n + 1))),
        }
    }
    Ok(())
}

/// A customer for a shop customer Flyt has not seen: the register's own checks apply
/// (a mandatory field the shop did not give makes the order wait).
async fn create_customer(db: &Db, ctx: &AuthCtx, s: &ShopRow, o: &ShopOrder, country: &str) -> AppResult<String> {
    let input = crate::parties::model::PartyInput {
        is_customer: Some("on".into()),
        name: o.customer_name(),
        country: if o.address.country.is_empty() { country.to_string() } else { o.address.country.clone() },
        address_line: o.address.street.clone(),
        postcode: o.address.postcode.clone(),
        city: o.address.city.clone(),
        invoice_email: o.customer.email.clone(),
        phone: if o.customer.phone.is_empty() { o.address.phone.clone() } else { o.customer.phone.clone() },
        posting_group: s.customer_group.clone(),
        active: Some("on".into()),
        ..Default::default()
    };
    match crate::parties::service::create(db, ctx, &input, true, crate::core::Lang::En).await? {
        crate::parties::model::Saved::Saved(p) => p.customer_no.ok_or_else(|| AppError::Internal("a new customer without a number".into())),
        crate::parties::model::Saved::Similar(_) => Err(AppError::Internal("a confirmed customer was answered with look-alikes".into())),
    }
}

/// Pushes the events after the shop's cursor: the free quantity and price of each item
/// named (once each, the latest), the shipments of its orders. On failure the cursor
/// stays and the next try waits longer.
pub async fn push(db: &Db, s: &ShopRow, shop: &dyn Shop) -> AppResult<()> {
    let kinds = [EventKind::StockChanged, EventKind::PriceChanged, EventKind::DeliveryPosted];
    let events = crate::events::store::page(&db.pool, s.company_id, s.events_seq, &kinds, 1000).await?;
    if events.is_empty() && !s.resync {
        return Ok(());
    }
    let last = events.last().map(|e| e.seq).unwrap_or(s.events_seq);
    let mut stock: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut priced: BTreeSet<String> = BTreeSet::new();
    let mut deliveries: Vec<String> = Vec::new();
    for e in &events {
        match e.kind {
            // the figures as the journal hands them on (`events::model::present`)
            EventKind::StockChanged if e.data["warehouse"].as_str() == Some(s.warehouse.as_str()) => {
                let free = e.data["free"].as_str().and_then(|f| f.parse::<Decimal>().ok()).unwrap_or_default();
                stock.insert(e.subject.clone(), free);
            }
            EventKind::PriceChanged => {
                priced.insert(e.subject.clone());
            }
            EventKind::DeliveryPosted => deliveries.push(e.subject.clone()),
            _ => {}
        }
    }
    if s.resync {
        stock = crate::stock::store::ledger::free_by_item(&db.pool, s.company_id, s.warehouse_id).await?.into_iter().collect();
        priced.extend(stock.keys().cloned());
    }
    let result = send(db, s, shop, &stock, &priced, &deliveries).await;
    match result {
        Ok(()) => store::pushed(&db.pool, s.company_id, last, s.resync).await,
        Err(e) => {
            let wait = crate::events::webhooks::backoff_ms(retry_base_ms(), s.push_failures + 1).min(600_000);
            store::push_failed(&db.pool, s.company_id, now_ms() + wait, &e.to_string()).await
        }
    }
}

async fn send(
    db: &Db,
    s: &ShopRow,
    shop: &dyn Shop,
    stock: &BTreeMap<String, Decimal>,
    priced: &BTreeSet<String>,
    deliveries: &[String],
) -> Result<(), ShopError> {
    let internal = |e: AppError| ShopError::Unavailable(e.to_string());
    if !stock.is_empty() {
        // a shop sells whole units
        let whole: Vec<(String, i64)> = stock.iter().map(|(sku, free)| (sku.clone(), free.floor().to_i64().unwrap_or(0).max(0))).collect();
        shop.set_stock(&whole).await?;
    }
    if !priced.is_empty() {
        let prices = prices(db, s, priced).await.map_err(internal)?;
        shop.set_prices(&prices).await?;
    }
    for delivery in deliveries {
        ship(db, s, shop, delivery).await?;
    }
    Ok(())
}

/// The price each item sells at in the shop: the shop's price list, else the item's
/// price (minor units, without VAT).
async fn prices(db: &Db, s: &ShopRow, items: &BTreeSet<String>) -> AppResult<Vec<(String, i64)>> {
    let nos: Vec<String> = items.iter().cloned().collect();
    let mut conn = db.pool.acquire().await.map_err(crate::db::db_err)?;
    let found = crate::catalog::store::items_by_no(&mut conn, s.company_id, &nos).await?;
    let list = match s.price_list_id {
        Some(list) => {
            let ids: Vec<i64> = found.values().map(|i| i.id).collect();
            crate::catalog::prices::store::prices_for(&mut *conn, s.company_id, list, &ids).await?
        }
        None => Vec::new(),
    };
    let today = crate::core::clock::today(crate::core::clock::zone_of(&ctx_country(db, s.company_id).await?));
    let mut out = Vec::new();
    for (no, i) in found.iter().filter(|(_, i)| i.active && i.kind != "service") {
        let mine: Vec<_> = list.iter().filter(|p| p.item_id == i.id).cloned().collect();
        let (price, _) = crate::catalog::prices::model::resolve(i.sales_price, &mine, Decimal::ONE, today);
        out.push((no.clone(), crate::core::money::to_minor(price).map_err(|e| AppError::Internal(e.to_string()))?));
    }
    Ok(out)
}

/// Marks the shop orders of a delivery shipped: each Flyt order line that came from a
/// shop line is that line.
async fn ship(db: &Db, s: &ShopRow, shop: &dyn Shop, delivery_no: &str) -> Result<(), ShopError> {
    let internal = |e: AppError| ShopError::Unavailable(e.to_string());
    let prefix = format!("{}:", s.kind.code());
    let mut per_order: BTreeMap<String, Vec<(i64, Decimal)>> = BTreeMap::new();
    for (reference, line_no, qty) in crate::sales::store::delivered_external(&db.pool, s.company_id, delivery_no).await.map_err(internal)? {
        if let Some(id) = reference.strip_prefix(&prefix) {
            per_order.entry(id.to_string()).or_default().push((line_no, qty));
        }
    }
    for (order_id, lines) in per_order {
        let Some((_, _, payload)) = store::shop_order(&db.pool, s.company_id, &order_id).await.map_err(internal)? else { continue };
        let Ok(o) = serde_json::from_str::<ShopOrder>(&payload) else { continue };
        let shipped: Vec<ShippedLine> = lines
            .iter()
            .filter_map(|(line_no, qty)| {
                let l = o.lines.get((*line_no - 1) as usize)?;
                Some(ShippedLine { line_id: l.id.clone(), qty: qty.to_i64()? })
            })
            .collect();
        if shipped.is_empty() {
            continue;
        }
        shop.mark_shipped(&order_id, &shipped, delivery_no).await?;
        store::shipped(&db.pool, s.company_id, &order_id).await.map_err(internal)?;
    }
    Ok(())
}
