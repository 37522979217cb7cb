//! Setup operations that span several statements; each runs in one transaction.
use super::model::*;
use super::store;
use crate::auth::{service as auth, store as auth_store, Role};
use crate::core::{text, Country};
use crate::db::{db_err, Db, Tx};
use crate::error::{AppError, AppResult};

/// Creates a company with the registers a new company needs: VAT codes for its
/// country, number series, payment and delivery terms, units and a main warehouse.
pub async fn create_company(tx: &mut Tx, country: Country, input: &CompanyInput) -> AppResult<i64> {
    let profile = input.validate(0, country).map_err(AppError::Invalid)?;
    let id = store::insert_company(tx, &profile).await?;
    for (code, name, bp, cat) in country.default_vat_codes() {
        let v = VatCode { code: (*code).into(), name: (*name).into(), rate: VatCode::rate_from_bp(*bp), category: (*cat).into(), active: true };
        store::upsert_vat_code(tx, id, &v).await?;
    }
    for d in DocType::ALL {
        store::upsert_series(tx, id, &NumberSeries { doc_type: d.code().into(), prefix: String::new(), next_number: d.first_number() }).await?;
    }
    let (net, cash, days) = match country {
        Country::SE => ("netto", "Kontant", "dagar"),
        Country::NO => ("netto", "Kontant", "dager"),
        _ => ("net", "Cash", "days"),
    };
    for d in [14_i64, 30] {
        let t = PaymentTerm { code: format!("NET{d}"), name: format!("{d} {days} {net}"), days: d, active: true };
        store::upsert_payment_term(tx, id, &t).await?;
    }
    store::upsert_payment_term(tx, id, &PaymentTerm { code: "CASH".into(), name: cash.into(), days: 0, active: true }).await?;
    for (code, name) in [("EXW", "Ex Works"), ("FCA", "Free Carrier"), ("DAP", "Delivered at Place")] {
        store::upsert_delivery_term(tx, id, &DeliveryTerm { code: code.into(), name: name.into(), active: true }).await?;
    }
    let units: &[(&str, &str)] = match country {
        Country::NO => &[("stk", "stykk"), ("t", "time"), ("kg", "kilogram"), ("m", "meter"), ("l", "liter")],
        Country::SE => &[("st", "styck"), ("h", "timme"), ("kg", "kilogram"), ("m", "meter"), ("l", "liter")],
        _ => &[("pcs", "pieces"), ("h", "hour"), ("kg", "kilogram"), ("m", "metre"), ("l", "litre")],
    };
    for (code, name) in units {
        store::upsert_unit(tx, id, &Unit { code: (*code).into(), name: (*name).into() }).await?;
    }
    let main = match country {
        Country::NO => "Hovedlager",
        Country::SE => "Huvudlager",
        _ => "Main warehouse",
    };
    store::upsert_warehouse(tx, id, &Warehouse { id: 0, code: "MAIN".into(), name: main.into(), address: profile.address_line.clone(), active: true }).await?;
    Ok(id)
}

/// Adds a user to a company: a new user (with an initial password) or an existing
/// user by e-mail, who then keeps the password they have.
pub async fn add_user(db: &Db, company_id: i64, email: &str, name: &str, role: Role, password: &str) -> AppResult<i64> {
    let email = text::email("E-mail", email)?;
    let name = text::required("Name", name, 100)?;
    let existing = auth_store::user_by_email(&db.pool, &email).await?;
    let new_hash = match existing {
        Some(_) => None,
        None => {
            auth::validate_new_password(password)?;
            Some(auth::hash_password(password.to_string()).await?)
        }
    };
    let mut tx = db.begin().await?;
    let user_id = match (existing, new_hash) {
        (Some(u), _) => u.id,
        (None, Some(hash)) => auth_store::insert_user(&mut tx, &email, &name, &hash, "en").await?,
        (None, None) => unreachable!("a new user always has a hash"),
    };
    auth_store::upsert_membership(&mut tx, company_id, user_id, role).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(user_id)
}

/// Changes a member's role or deactivates them. A company always keeps one active
/// administrator; a deactivated member's sessions end at once.
pub async fn update_member(db: &Db, company_id: i64, user_id: i64, role: Role, active: bool) -> AppResult<()> {
    let mut tx = db.begin().await?;
    if !store::update_membership(&mut tx, company_id, user_id, role, active).await? {
        return Err(AppError::not_found("No such user in this company"));
    }
    if store::active_admins(&mut tx, company_id).await? == 0 {
        return Err(AppError::invalid("The company must keep at least one active administrator"));
    }
    if !active {
        store::end_sessions(&mut tx, company_id, user_id).await?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(())
}

/// Creates a named API token; the secret is returned once and only its hash is kept.
pub async fn create_token(db: &Db, company_id: i64, created_by: i64, name: &str, role: Role) -> AppResult<String> {
    let name = text::required("Token name", name, 100)?;
    let token = auth::new_token("flyt_");
    store::insert_token(&db.pool, company_id, &name, &auth::hash_token(&token), role, created_by).await?;
    Ok(token)
}

/// One-transaction save of a register row, shared by the upsert server functions.
pub async fn in_tx<F>(db: &Db, f: F) -> AppResult<()>
where
    F: for<'a> FnOnce(&'a mut Tx) -> std::pin::Pin<Box<dyn std::future::Future<Output = AppResult<()>> + Send + 'a>>,
{
    let mut tx = db.begin().await?;
    f(&mut tx).await?;
    tx.commit().await.map_err(db_err)
}
