//! Setup server functions: authenticate, authorise (admin for changes), validate,
//! delegate. Lists are readable by every role (other areas need VAT codes, units…).
use leptos::prelude::*;

use super::model::*;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {
    super::{service, store},
    crate::auth::Role,
    crate::auth::{service::require, Perm},
};

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn checked(v: &Option<String>) -> bool {
    crate::core::text::flag(v.as_deref())
}

#[server(endpoint = "setup/company")]
pub async fn get_company() -> Result<CompanyProfile, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::company(&db.pool, ctx.company_id).await
}

#[server(endpoint = "setup/company/save")]
pub async fn save_company(input: CompanyInput) -> Result<CompanyProfile, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    service::update_company(&db, ctx.company_id, &input).await
}

#[server(endpoint = "setup/series")]
pub async fn list_series() -> Result<Vec<NumberSeries>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::list_series(&db.pool, ctx.company_id).await
}

#[server(endpoint = "setup/series/save")]
pub async fn save_series(doc_type: String, prefix: String, next_number: i64) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let s = validate_series(&doc_type, &prefix, next_number)?;
    service::in_tx(&db, |tx| Box::pin(async move { store::change_series(tx, ctx.company_id, &s).await })).await
}

#[server(endpoint = "setup/payment-terms")]
pub async fn list_payment_terms() -> Result<Vec<PaymentTerm>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::list_payment_terms(&db.pool, ctx.company_id).await
}

#[server(endpoint = "setup/payment-terms/save")]
pub async fn save_payment_term(code: String, name: String, days: i64, active: Option<String>) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let t = PaymentTerm::validate(&code, &name, days, checked(&active))?;
    service::in_tx(&db, |tx| Box::pin(async move { store::upsert_payment_term(tx, ctx.company_id, &t).await })).await
}

#[server(endpoint = "setup/delivery-terms")]
pub async fn list_delivery_terms() -> Result<Vec<DeliveryTerm>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::list_delivery_terms(&db.pool, ctx.company_id).await
}

#[server(endpoint = "setup/delivery-terms/save")]
pub async fn save_delivery_term(code: String, name: String, active: Option<String>) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let t = DeliveryTerm::validate(&code, &name, checked(&active))?;
    service::in_tx(&db, |tx| Box::pin(async move { store::upsert_delivery_term(tx, ctx.company_id, &t).await })).await
}

#[server(endpoint = "setup/vat-codes")]
pub async fn list_vat_codes() -> Result<Vec<VatCode>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::list_vat_codes(&db.pool, ctx.company_id).await
}

#[server(endpoint = "setup/vat-codes/save")]
pub async fn save_vat_code(code: String, name: String, rate: String, category: String, active: Option<String>) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let rate = crate::core::format::parse_amount(&rate, ctx.lang)?;
    let v = VatCode::validate(&code, &name, rate, &category, checked(&active))?;
    service::in_tx(&db, |tx| Box::pin(async move { store::upsert_vat_code(tx, ctx.company_id, &v).await })).await
}

#[server(endpoint = "setup/units")]
pub async fn list_units() -> Result<Vec<Unit>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::list_units(&db.pool, ctx.company_id).await
}

#[server(endpoint = "setup/units/save")]
pub async fn save_unit(code: String, name: String) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let u = Unit::validate(&code, &name)?;
    service::in_tx(&db, |tx| Box::pin(async move { store::upsert_unit(tx, ctx.company_id, &u).await })).await
}

#[server(endpoint = "setup/warehouses")]
pub async fn list_warehouses() -> Result<Vec<Warehouse>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::list_warehouses(&db.pool, ctx.company_id).await
}

#[server(endpoint = "setup/warehouses/save")]
pub async fn save_warehouse(code: String, name: String, address: String, active: Option<String>) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let w = Warehouse::validate(&code, &name, &address, checked(&active))?;
    service::in_tx(&db, |tx| Box::pin(async move { store::upsert_warehouse(tx, ctx.company_id, &w).await })).await
}

#[server(endpoint = "setup/users")]
pub async fn list_users() -> Result<Vec<CompanyUser>, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let mut users = store::list_users(&db.pool, ctx.company_id).await?;
    users.extend(store::list_invited(&db.pool, ctx.company_id).await?);
    Ok(users)
}

#[server(endpoint = "setup/users/add")]
pub async fn add_user(email: String, name: String, role: String, password: String) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let role = Role::parse(&role)?;
    service::add_user(&db, ctx.company_id, ctx.user_id, &email, &name, role, &password).await
}

/// The invitations waiting for the logged-in user (any role may see its own).
#[server(endpoint = "invitations")]
pub async fn my_invitations() -> Result<Vec<crate::auth::model::CompanyChoice>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    crate::auth::store::invitations_of(&db.pool, ctx.user_id).await
}

#[server(endpoint = "invitations/answer")]
pub async fn answer_invitation(company_id: i64, accept: bool) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::answer_invitation(&db, ctx.user_id, company_id, accept).await
}

#[server(endpoint = "setup/users/update")]
pub async fn update_user(user_id: i64, role: String, active: Option<String>) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let role = Role::parse(&role)?;
    service::update_member(&db, ctx.company_id, user_id, role, checked(&active)).await
}

#[server(endpoint = "setup/tokens")]
pub async fn list_tokens() -> Result<Vec<ApiToken>, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    store::list_tokens(&db.pool, ctx.company_id).await
}

/// Creates an API token; `scopes` holds the ticked scopes, `expires` its last day (empty: until revoked).
#[server(endpoint = "setup/tokens/create")]
pub async fn create_token(
    name: String,
    role: String,
    #[server(default)] scopes: std::collections::HashMap<String, String>,
    #[server(default)] expires: String,
) -> Result<String, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let codes: Vec<&str> = scopes.keys().map(String::as_str).collect();
    let terms = super::model::token_terms(&role, &codes.join(","), &expires, ctx.today(), ctx.zone)?;
    service::create_token(&db, ctx.company_id, ctx.user_id, &name, &terms).await
}

#[server(endpoint = "setup/tokens/revoke")]
pub async fn revoke_token(id: i64) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    if store::revoke_token(&db.pool, ctx.company_id, id).await? {
        Ok(())
    } else {
        Err(AppError::not_found("No such active token in this company"))
    }
}
