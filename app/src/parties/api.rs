//! Party server functions: authenticate, authorise, validate, delegate.
use std::collections::HashMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::*;
use crate::core::csv::ImportReport;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::{service, store},
    crate::auth::service::require,
    crate::auth::Perm,
};

/// Everything the party page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyDetail {
    pub party: Party,
    pub addresses: Vec<Address>,
    pub contacts: Vec<Contact>,
    pub projects: Vec<Project>,
}

/// What the party form needs: the company's layout and the registers to choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormData {
    pub layout: Vec<FormField>,
    pub payment_terms: Vec<(String, String)>,
    pub delivery_terms: Vec<(String, String)>,
    pub price_lists: Vec<(i64, String)>,
    pub sellers: Vec<(i64, String)>,
    pub country: String,
    pub currency: String,
}

#[cfg(feature = "ssr")]
fn lang() -> crate::core::Lang {
    use_context::<http::request::Parts>().map(|p| crate::auth::service::request_lang(&p.headers)).unwrap_or_default()
}

#[server(endpoint = "parties/search")]
pub async fn search_parties(query: PartyQuery) -> Result<PartyPage, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::search(&db.pool, ctx.company_id, &query, 50).await
}

#[server(endpoint = "parties/get")]
pub async fn get_party(id: i64) -> Result<PartyDetail, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let party = store::by_id(&db.pool, ctx.company_id, id).await?;
    Ok(PartyDetail {
        addresses: store::addresses(&db.pool, ctx.company_id, id).await?,
        contacts: store::contacts(&db.pool, ctx.company_id, id).await?,
        projects: store::projects(&db.pool, ctx.company_id, Some(id)).await?,
        party,
    })
}

/// The form for a party with the given kinds (`customer`, `supplier`).
#[server(endpoint = "parties/form")]
pub async fn party_form(kinds: Vec<String>) -> Result<FormData, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let kinds: Vec<PartyKind> = kinds.iter().map(|k| PartyKind::parse(k)).collect::<Result<_, _>>()?;
    let c = crate::setup::store::company(&db.pool, ctx.company_id).await?;
    let pay = crate::setup::store::list_payment_terms(&db.pool, ctx.company_id).await?;
    let del = crate::setup::store::list_delivery_terms(&db.pool, ctx.company_id).await?;
    let lists = crate::catalog::prices::store::list(&db.pool, ctx.company_id).await?;
    let users = crate::setup::store::list_users(&db.pool, ctx.company_id).await?;
    Ok(FormData {
        layout: service::layout(&db, ctx.company_id, &kinds).await?,
        payment_terms: pay.into_iter().filter(|t| t.active).map(|t| (t.code, t.name)).collect(),
        delivery_terms: del.into_iter().filter(|t| t.active).map(|t| (t.code, t.name)).collect(),
        price_lists: lists.into_iter().filter(|l| l.active).map(|l| (l.id, format!("{} ({})", l.name, l.currency))).collect(),
        sellers: users.into_iter().filter(|u| u.active).map(|u| (u.user_id, u.name)).collect(),
        country: c.country,
        currency: c.currency,
    })
}

/// Creates a party; answers similar parties instead unless `confirm` is set.
#[server(endpoint = "parties/create")]
pub async fn create_party(input: PartyInput, confirm: Option<String>) -> Result<Saved<Party, Similar>, AppError> {
    let (db, ctx) = require(Perm::Parties).await?;
    service::create(&db, &ctx, &input, crate::core::text::flag(confirm.as_deref()), lang()).await
}

#[server(endpoint = "parties/update")]
pub async fn update_party(id: i64, input: PartyInput) -> Result<Party, AppError> {
    let (db, ctx) = require(Perm::Parties).await?;
    service::update(&db, &ctx, id, &input, lang()).await
}

/// Parties similar to a name or with the same org no (the check while typing).
#[server(endpoint = "parties/similar")]
pub async fn similar_parties(name: String, org_no: String, exclude: Option<i64>) -> Result<Vec<Similar>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::similar(&db, ctx.company_id, &name, &org_no, exclude).await
}

#[server(endpoint = "parties/address")]
pub async fn save_address(
    party_id: i64,
    id: i64,
    name: String,
    address_line: String,
    postcode: String,
    city: String,
    country: String,
    is_default: Option<String>,
) -> Result<i64, AppError> {
    let (db, ctx) = require(Perm::Parties).await?;
    let party = store::by_id(&db.pool, ctx.company_id, party_id).await?;
    let mut a = Address::validate(&name, &address_line, &postcode, &city, &country, &party.country, crate::core::text::flag(is_default.as_deref()))?;
    a.id = id;
    service::save_address(&db, &ctx, party_id, &a).await
}

#[server(endpoint = "parties/contact")]
pub async fn save_contact(party_id: i64, id: i64, input: ContactInput, confirm: Option<String>) -> Result<Saved<Contact, SimilarContact>, AppError> {
    let (db, ctx) = require(Perm::Parties).await?;
    service::save_contact(&db, &ctx, party_id, id, &input, crate::core::text::flag(confirm.as_deref())).await
}

#[server(endpoint = "parties/project")]
pub async fn save_project(party_id: i64, code: String, name: String, start_date: String, end_date: String, status: String) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Parties).await?;
    let p = Project::validate(&code, &name, &start_date, &end_date, &status)?;
    service::save_project(&db, &ctx, party_id, p).await
}

#[server(endpoint = "parties/changes")]
pub async fn party_changes(id: i64) -> Result<Vec<ChangeRow>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::by_id(&db.pool, ctx.company_id, id).await?;
    store::changes(&db.pool, ctx.company_id, id).await
}

#[server(endpoint = "parties/form-fields")]
pub async fn form_fields(kind: String) -> Result<Vec<FormField>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::form_fields(&db.pool, ctx.company_id, PartyKind::parse(&kind)?).await
}

/// Setup: the form of a kind, as `position[field]` numbers and `required[field]`
/// checkboxes.
#[server(endpoint = "parties/form-fields/save")]
pub async fn save_form_fields(kind: String, position: HashMap<String, String>, #[server(default)] required: HashMap<String, String>) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let kind = PartyKind::parse(&kind)?;
    let mut fields = Vec::new();
    for f in PartyField::ALL {
        let pos = position.get(f.code()).map(|p| p.trim()).unwrap_or("");
        let position = if pos.is_empty() {
            (PartyField::ALL.iter().position(|x| *x == f).unwrap_or(0) as i64 + 1) * 10
        } else {
            pos.parse::<i64>()
                .ok()
                .filter(|p| (0..=10_000).contains(p))
                .ok_or_else(|| AppError::invalid(format!("Position of {}: '{pos}' is not a number from 0 to 10000", f.code())))?
        };
        fields.push(FormField { field: f, position, required: crate::core::text::flag(required.get(f.code()).map(|s| s.as_str())) });
    }
    if let Some(unknown) = position.keys().chain(required.keys()).find(|k| PartyField::parse(k).is_err()) {
        return Err(AppError::invalid(format!("Unknown party field '{unknown}'")));
    }
    service::save_form(&db, ctx.company_id, kind, fields).await
}

/// A CSV import: `preview` checks every row and writes nothing; otherwise all rows
/// are imported or, on any error, none. Answers the count or the errors per line.
#[server(endpoint = "parties/import")]
pub async fn import_parties(csv: String, preview: bool) -> Result<ImportReport, AppError> {
    let (db, ctx) = require(Perm::Parties).await?;
    service::import_csv(&db, &ctx, &csv, lang(), preview).await
}

/// The company's active users, who can be responsible sellers.
#[server(endpoint = "parties/sellers")]
pub async fn sellers() -> Result<Vec<(i64, String)>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    Ok(crate::setup::store::list_users(&db.pool, ctx.company_id).await?.into_iter().filter(|u| u.active).map(|u| (u.user_id, u.name)).collect())
}

/// Marks a contact as active (still there) or inactive (left); logged on the party.
#[server(endpoint = "parties/contact/active")]
pub async fn set_contact_active(party_id: i64, id: i64, active: Option<String>) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Parties).await?;
    service::set_contact_active(&db, &ctx, party_id, id, crate::core::text::flag(active.as_deref())).await
}
