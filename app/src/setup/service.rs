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
        store::insert_series(tx, id, &NumberSeries { doc_type: d.code().into(), prefix: String::new(), next_number: d.first_number() }).await?;
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
    // the Incoterms by their names in the company's language
    let incoterms: [(&str, &str); 3] = match country {
        Country::NO => [("EXW", "Fritt fabrikk"), ("FCA", "Fritt fraktfører"), ("DAP", "Levert på bestemmelsesstedet")],
        Country::SE => [("EXW", "Fritt fabrik"), ("FCA", "Fritt fraktföraren"), ("DAP", "Levererat på plats")],
        _ => [("EXW", "Ex Works"), ("FCA", "Free Carrier"), ("DAP", "Delivered at Place")],
    };
    for (code, name) in incoterms {
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
    crate::accounting::service::seed_chart(tx, id, country).await?;
    Ok(id)
}

/// Replaces the company profile by what is typed (its country stays): validated,
/// written, and answered as stored.
pub async fn update_company(db: &Db, company_id: i64, input: &CompanyInput) -> AppResult<CompanyProfile> {
    let current = store::company(&db.pool, company_id).await?;
    let country = Country::parse(&current.country).map_err(AppError::Internal)?;
    let profile = input.validate(company_id, country).map_err(AppError::Invalid)?;
    if profile.valuation_method != current.valuation_method && store::perpetual_inventory(&db.pool, company_id).await? {
        return Err(AppError::invalid(
            "Perpetual inventory keeps the accounts at the moving average value: turn it off under Setup → Accounting before changing the valuation method",
        ));
    }
    store::update_company(&db.pool, &profile).await?;
    Ok(profile)
}

/// Invites a user to a company by e-mail. Nobody is made a member by someone else:
/// an existing user sees the invitation after logging in and accepts or declines it;
/// for an e-mail without an account one is made with the given name and initial
/// password, and it joins at its first login. The answer is the same either way, so
/// it tells nobody whether an e-mail has an account (its name is never shown).
pub async fn add_user(db: &Db, company_id: i64, invited_by: i64, email: &str, name: &str, role: Role, password: &str) -> AppResult<()> {
    let email = text::email("E-mail", email)?;
    let name = text::required("Name", name, 100)?;
    auth::validate_new_password(password)?;
    let existing = auth_store::user_by_email(&db.pool, &email).await?;
    if let Some(u) = &existing {
        if auth_store::is_member(&db.pool, company_id, u.id).await? {
            return Err(AppError::invalid(format!("{email} is already a user of this company: change the role in the list")));
        }
    }
    // hashed either way, so both cases take the same time
    let hash = auth::hash_password(password.to_string()).await?;
    let mut tx = db.begin().await?;
    let (user_id, new_account) = match existing {
        Some(u) => (u.id, false),
        None => (auth_store::insert_user(&mut tx, &email, &name, &hash, "en").await?, true),
    };
    auth_store::upsert_invitation(&mut tx, company_id, user_id, role, invited_by, new_account).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(())
}

/// The caller accepts (or declines) an invitation to a company.
pub async fn answer_invitation(db: &Db, user_id: i64, company_id: i64, accept: bool) -> AppResult<()> {
    let found = if accept {
        let mut tx = db.begin().await?;
        let n = auth_store::accept_invitations(&mut tx, user_id, Some(company_id), false).await?;
        tx.commit().await.map_err(db_err)?;
        n == 1
    } else {
        auth_store::decline_invitation(&db.pool, user_id, company_id).await?
    };
    if found {
        Ok(())
    } else {
        Err(AppError::not_found("No such invitation"))
    }
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

/// Creates a named API token with its role, scopes and expiry; the secret is returned
/// once and only its hash is kept.
pub async fn create_token(db: &Db, company_id: i64, created_by: i64, name: &str, terms: &super::model::NewToken) -> AppResult<String> {
    let name = text::required("Token name", name, 100)?;
    let token = auth::new_token("flyt_");
    store::insert_token(&db.pool, company_id, &name, &auth::hash_token(&token), terms, created_by).await?;
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
