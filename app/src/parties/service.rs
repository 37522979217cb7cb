//! Party operations: each is one transaction; numbers are taken inside it, the
//! mandatory fields of the company's form are enforced, and every change is logged.
use super::model::*;
use super::store;
use crate::auth::service::AuthCtx;
use crate::core::Lang;
use crate::db::{db_err, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::setup::model::DocType;
use crate::setup::store as setup;

pub async fn defaults(db: &Db, company_id: i64) -> AppResult<PartyDefaults> {
    let c = setup::company(&db.pool, company_id).await?;
    Ok(PartyDefaults { country: c.country, currency: c.currency })
}

/// The company's form for a party with `kinds`.
pub async fn layout(db: &Db, company_id: i64, kinds: &[PartyKind]) -> AppResult<Vec<FormField>> {
    let mut layouts = Vec::new();
    for k in PartyKind::ALL {
        layouts.push((k, store::form_fields(&db.pool, company_id, k).await?));
    }
    Ok(merged_layout(&layouts, kinds))
}

/// Validates an input against the field rules and the company's mandatory fields.
pub async fn validated(db: &Db, company_id: i64, input: &PartyInput, lang: Lang) -> AppResult<Party> {
    let party = input.validate(&defaults(db, company_id).await?, lang)?;
    check_required(input, &layout(db, company_id, &party.kinds()).await?, lang)?;
    Ok(party)
}

/// Gives the party the numbers of the roles it has and lacks a number for.
async fn number(tx: &mut Tx, company_id: i64, p: &mut Party) -> AppResult<()> {
    if p.is_customer && p.customer_no.is_none() {
        p.customer_no = Some(setup::take_number(tx, company_id, DocType::Customer).await?);
    }
    if p.is_supplier && p.supplier_no.is_none() {
        p.supplier_no = Some(setup::take_number(tx, company_id, DocType::Supplier).await?);
    }
    Ok(())
}

/// A party's events: created or changed, as a customer and/or as a supplier.
fn party_events(company_id: i64, p: &Party, created: bool) -> Vec<crate::core::event::Event> {
    use crate::core::event::{Event, EventKind};
    let data = serde_json::json!({
        "customer_no": p.customer_no, "supplier_no": p.supplier_no, "name": p.name, "org_no": p.org_no, "vat_no": p.vat_no,
        "email": p.invoice_email, "phone": p.phone, "address_line": p.address_line, "postcode": p.postcode, "city": p.city, "country": p.country,
        "active": p.active,
    });
    let mut out = Vec::new();
    if let (true, Some(no)) = (p.is_customer, &p.customer_no) {
        out.push(Event::new(company_id, if created { EventKind::CustomerCreated } else { EventKind::CustomerChanged }, no, data.clone()));
    }
    if let (true, Some(no)) = (p.is_supplier, &p.supplier_no) {
        out.push(Event::new(company_id, if created { EventKind::SupplierCreated } else { EventKind::SupplierChanged }, no, data));
    }
    out
}

/// A party's contacts or projects changed: it counts as changed now, and its
/// "changed" events go out (the CRM sync follows them).
async fn touched(tx: &mut Tx, company_id: i64, party: &Party) -> AppResult<()> {
    crate::db::touch(tx, "parties", company_id, party.id).await?;
    for e in party_events(company_id, party, false) {
        tx.emit(e);
    }
    Ok(())
}

/// Inserts a validated party inside the caller's transaction: references checked,
/// numbers taken, creation logged. Used by the form, the API and the CSV import.
pub async fn insert_in(tx: &mut Tx, ctx: &AuthCtx, mut party: Party) -> AppResult<Party> {
    store::check_refs(tx, ctx.company_id, &party).await?;
    number(tx, ctx.company_id, &mut party).await?;
    party.id = store::insert(tx, ctx.company_id, &party).await?;
    for e in party_events(ctx.company_id, &party, true) {
        tx.emit(e);
    }
    let created = FieldChange { field: "created".into(), old_value: String::new(), new_value: party.name.clone() };
    store::insert_changes(tx, ctx.company_id, party.id, ctx.user_id, &[created]).await?;
    Ok(party)
}

/// Creates a party. Unless `confirm_duplicate`, parties with a similar name or the
/// same org no are answered first, and nothing is written.
pub async fn create(db: &Db, ctx: &AuthCtx, input: &PartyInput, confirm_duplicate: bool, lang: Lang) -> AppResult<Saved<Party, Similar>> {
    let party = validated(db, ctx.company_id, input, lang).await?;
    if !confirm_duplicate {
        let similar = store::similar(db, ctx.company_id, &party.name, &party.org_no, None).await?;
        if !similar.is_empty() {
            return Ok(Saved::Similar(similar));
        }
    }
    let mut tx = db.begin().await?;
    let party = insert_in(&mut tx, ctx, party).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(Saved::Saved(store::by_id(&db.pool, ctx.company_id, party.id).await?))
}

/// Saves a new version of a party and logs each changed field.
pub async fn update(db: &Db, ctx: &AuthCtx, id: i64, input: &PartyInput, lang: Lang) -> AppResult<Party> {
    update_with(db, ctx, id, input, &super::lists::Lists::default(), lang).await
}

/// Changes a party and, in the same transaction, its contacts and projects as whole
/// lists (the CRM sync's write).
pub async fn update_with(db: &Db, ctx: &AuthCtx, id: i64, input: &PartyInput, lists: &super::lists::Lists, lang: Lang) -> AppResult<Party> {
    let mut party = validated(db, ctx.company_id, input, lang).await?;
    let mut tx = db.begin().await?;
    let old = store::by_id(&mut *tx, ctx.company_id, id).await?;
    party.id = old.id;
    party.customer_no = old.customer_no.clone();
    party.supplier_no = old.supplier_no.clone();
    store::check_refs(&mut tx, ctx.company_id, &party).await?;
    number(&mut tx, ctx.company_id, &mut party).await?;
    if old.posting_group != party.posting_group {
        crate::accounting::service::check_group_change(&mut tx, ctx.company_id, old.id, &format!("{} {}", old.number(), old.name)).await?;
    }
    store::update(&mut tx, ctx.company_id, &old, &party).await?;
    for e in party_events(ctx.company_id, &party, false) {
        tx.emit(e);
    }
    let mut changes = diff(&old, &party);
    changes.extend(super::lists::apply(&mut tx, ctx.company_id, &party, lists).await?);
    store::insert_changes(&mut tx, ctx.company_id, id, ctx.user_id, &changes).await?;
    tx.commit().await.map_err(db_err)?;
    store::by_id(&db.pool, ctx.company_id, id).await
}

/// Adds or changes a delivery address (logged on the party).
pub async fn save_address(db: &Db, ctx: &AuthCtx, party_id: i64, a: &Address) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    store::by_id(&mut *tx, ctx.company_id, party_id).await?;
    let id = store::save_address(&mut tx, ctx.company_id, party_id, a).await?;
    let change = FieldChange { field: "delivery_address".into(), old_value: String::new(), new_value: a.one_line() };
    store::insert_changes(&mut tx, ctx.company_id, party_id, ctx.user_id, &[change]).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(id)
}

/// Where a customer's order to `place` (a validated address) goes: none when their orders
/// go there anyway (their default delivery address, or without one their own address);
/// else their delivery address at that place — added, not as the default, and logged,
/// when they have none there yet (a webshop order shipped somewhere new).
pub async fn delivery_address_for(db: &Db, ctx: &AuthCtx, party_id: i64, place: &Address) -> AppResult<Option<i64>> {
    let party = store::by_id(&db.pool, ctx.company_id, party_id).await?;
    let addresses = store::addresses(&db.pool, ctx.company_id, party_id).await?;
    let own = Address {
        address_line: party.address_line.clone(),
        postcode: party.postcode.clone(),
        city: party.city.clone(),
        country: party.country.clone(),
        ..Default::default()
    };
    let usual = addresses.iter().find(|a| a.is_default).unwrap_or(&own);
    if usual.same_place(place) {
        return Ok(None);
    }
    if let Some(a) = addresses.iter().find(|a| a.same_place(place)) {
        return Ok(Some(a.id));
    }
    let mut tx = db.begin().await?;
    let id = store::insert_address(&mut tx, ctx.company_id, party_id, place, false).await?;
    let change = FieldChange { field: "delivery_address".into(), old_value: String::new(), new_value: place.one_line() };
    store::insert_changes(&mut tx, ctx.company_id, party_id, ctx.user_id, &[change]).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(Some(id))
}

/// Adds a contact (after a duplicate check on e-mail and mobile unless confirmed)
/// or changes the one with `id`.
pub async fn save_contact(
    db: &Db,
    ctx: &AuthCtx,
    party_id: i64,
    id: i64,
    input: &ContactInput,
    confirm_duplicate: bool,
) -> AppResult<Saved<Contact, SimilarContact>> {
    let mut c = input.validate()?;
    let party = store::by_id(&db.pool, ctx.company_id, party_id).await?;
    let key = mobile_key(&c.mobile, &party.country);
    if id == 0 && !confirm_duplicate {
        let similar = store::similar_contacts(&db.pool, ctx.company_id, &c.email, &key, None).await?;
        if !similar.is_empty() {
            return Ok(Saved::Similar(similar));
        }
    }
    c.id = id;
    c.party_id = party_id;
    let mut tx = db.begin().await?;
    let old = if id == 0 { None } else { Some(store::contact(&mut *tx, ctx.company_id, id).await?) };
    if old.as_ref().is_some_and(|o| o.party_id != party_id) {
        return Err(AppError::not_found("No such contact of this party"));
    }
    c.id = store::save_contact(&mut tx, ctx.company_id, party_id, &c, &key).await?;
    touched(&mut tx, ctx.company_id, &party).await?;
    let show = |c: &Contact| format!("{} <{}> {}", c.name, c.email, c.mobile).trim().to_string();
    let change = FieldChange { field: "contact".into(), old_value: old.as_ref().map(show).unwrap_or_default(), new_value: show(&c) };
    store::insert_changes(&mut tx, ctx.company_id, party_id, ctx.user_id, &[change]).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(Saved::Saved(c))
}

pub async fn save_project(db: &Db, ctx: &AuthCtx, party_id: i64, mut p: Project) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let party = store::by_id(&mut *tx, ctx.company_id, party_id).await?;
    if !party.is_customer {
        return Err(AppError::invalid("Projects belong to customers; this party is not a customer"));
    }
    p.party_id = party_id;
    store::save_project(&mut tx, ctx.company_id, &p).await?;
    touched(&mut tx, ctx.company_id, &party).await?;
    let change = FieldChange { field: "project".into(), old_value: String::new(), new_value: format!("{} {} ({})", p.code, p.name, p.status.code()) };
    store::insert_changes(&mut tx, ctx.company_id, party_id, ctx.user_id, &[change]).await?;
    tx.commit().await.map_err(db_err)
}

/// Saves the company's form of a kind: positions and mandatory flags per field.
pub async fn save_form(db: &Db, company_id: i64, kind: PartyKind, fields: Vec<FormField>) -> AppResult<()> {
    let mut tx = db.begin().await?;
    store::save_form_fields(&mut tx, company_id, kind, &fields).await?;
    tx.commit().await.map_err(db_err)
}

/// Imports parties all-or-nothing: every row is validated (field rules, mandatory
/// fields, references) before anything is written; any error writes nothing and
/// answers the errors per line. With `write` false it only checks (the preview).
pub async fn import(db: &Db, ctx: &AuthCtx, rows: &[(usize, PartyInput)], lang: Lang, write: bool) -> AppResult<Result<usize, Vec<(usize, String)>>> {
    let defaults = defaults(db, ctx.company_id).await?;
    let mut layouts = Vec::new();
    for k in PartyKind::ALL {
        layouts.push((k, store::form_fields(&db.pool, ctx.company_id, k).await?));
    }
    let mut errors = Vec::new();
    let mut parties = Vec::with_capacity(rows.len());
    for (line, input) in rows {
        // files: a comma or a point is the decimal mark (see `AuthCtx::lang`)
        match input.validate(&defaults, Lang::Nb).and_then(|p| check_required(input, &merged_layout(&layouts, &p.kinds()), lang).map(|_| p)) {
            Ok(p) => parties.push((*line, p)),
            Err(e) => errors.push((*line, e)),
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let mut tx = db.begin().await?;
    // references of every row first (reads only), so all such errors are reported
    for (line, p) in &parties {
        if let Err(e) = store::check_refs(&mut tx, ctx.company_id, p).await {
            errors.push((*line, e.to_string()));
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    if !write {
        return Ok(Ok(parties.len()));
    }
    // a failed write ends a PostgreSQL transaction: stop at the first one
    for (line, p) in parties {
        if let Err(e) = insert_in(&mut tx, ctx, p).await {
            return Ok(Err(vec![(line, e.to_string())]));
        }
    }
    tx.commit().await.map_err(db_err)?;
    Ok(Ok(rows.len()))
}

/// A CSV file's text imported (or with `preview` only checked): the report names
/// every bad row; any error writes nothing.
pub async fn import_csv(db: &Db, ctx: &AuthCtx, csv: &str, lang: Lang, preview: bool) -> AppResult<crate::core::csv::ImportReport> {
    let table = crate::core::csv::parse(csv)?;
    let rows = super::csv::rows(&table)?;
    let total = rows.len() as i64;
    let mut errors: Vec<(usize, String)> = rows.iter().filter_map(|(l, r)| r.as_ref().err().map(|e| (*l, e.clone()))).collect();
    let inputs: Vec<(usize, PartyInput)> = rows.into_iter().filter_map(|(l, r)| r.ok().map(|i| (l, i))).collect();
    // with unreadable rows nothing is written, but the rest are still checked so
    // the answer names every bad row
    let write = errors.is_empty() && !preview;
    let imported = match import(db, ctx, &inputs, lang, write).await? {
        Ok(n) if write => n as i64,
        Ok(_) => 0,
        Err(more) => {
            errors.extend(more);
            errors.sort();
            0
        }
    };
    Ok(crate::core::csv::ImportReport { rows: total, imported, errors })
}

pub async fn set_contact_active(db: &Db, ctx: &AuthCtx, party_id: i64, id: i64, active: bool) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let mut c = store::contact(&mut *tx, ctx.company_id, id).await?;
    if c.party_id != party_id {
        return Err(AppError::not_found("No such contact of this party"));
    }
    let party = store::by_id(&mut *tx, ctx.company_id, party_id).await?;
    let was = c.active;
    c.active = active;
    // marks for orders/invoices stay with an active contact only
    if !active {
        c.for_orders = false;
        c.for_invoices = false;
    }
    store::save_contact(&mut tx, ctx.company_id, party_id, &c, &mobile_key(&c.mobile, &party.country)).await?;
    touched(&mut tx, ctx.company_id, &party).await?;
    let change = FieldChange {
        field: format!("contact {}", c.name),
        old_value: if was { "active" } else { "inactive" }.into(),
        new_value: if active { "active" } else { "inactive" }.into(),
    };
    store::insert_changes(&mut tx, ctx.company_id, party_id, ctx.user_id, &[change]).await?;
    tx.commit().await.map_err(db_err)
}
