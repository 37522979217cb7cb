//! SQL of the setup registers. Every statement is scoped by company_id.
use sqlx::AnyPool;

use super::model::*;
use crate::auth::Role;
use crate::db::codec::{flag, get};
use crate::db::{db_err, now_ms, unique_or, Tx};
use crate::error::{AppError, AppResult};

const COMPANY_COLS: &str = "id, name, org_no, country, currency, vat_registered, address_line, postcode, city, email, phone, bank_account, allow_negative_stock, valuation_method, business_register";

fn company_row(r: &sqlx::any::AnyRow) -> AppResult<CompanyProfile> {
    Ok(CompanyProfile {
        id: get(r, "id")?,
        name: get(r, "name")?,
        org_no: get(r, "org_no")?,
        country: get(r, "country")?,
        currency: get(r, "currency")?,
        vat_registered: flag(r, "vat_registered")?,
        address_line: get(r, "address_line")?,
        postcode: get(r, "postcode")?,
        city: get(r, "city")?,
        email: get(r, "email")?,
        phone: get(r, "phone")?,
        bank_account: get(r, "bank_account")?,
        allow_negative_stock: flag(r, "allow_negative_stock")?,
        valuation_method: crate::db::codec::coded(r, "valuation_method", super::model::Valuation::parse)?,
        business_register: flag(r, "business_register")?,
    })
}

/// Today where the company is (its country's zone, see `core::clock`), for code that
/// has the company but not the caller's `AuthCtx` (which knows it already).
pub async fn today<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, company_id: i64) -> AppResult<chrono::NaiveDate> {
    let country: String = sqlx::query_scalar("SELECT country FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_optional(exec)
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::not_found("Company not found"))?;
    Ok(crate::core::clock::today(crate::core::clock::zone_of(&country)))
}

pub async fn company(pool: &AnyPool, company_id: i64) -> AppResult<CompanyProfile> {
    sqlx::query(&format!("SELECT {COMPANY_COLS} FROM companies WHERE id = $1"))
        .bind(company_id)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?
        .as_ref()
        .map(company_row)
        .ok_or_else(|| AppError::not_found("Company not found"))?
}

pub async fn insert_company(tx: &mut Tx, p: &CompanyProfile) -> AppResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO companies (name, org_no, country, currency, vat_registered, address_line, postcode, city, email, phone, bank_account, created_at, business_register)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(&p.name)
    .bind(&p.org_no)
    .bind(&p.country)
    .bind(&p.currency)
    .bind(p.vat_registered as i64)
    .bind(&p.address_line)
    .bind(&p.postcode)
    .bind(&p.city)
    .bind(&p.email)
    .bind(&p.phone)
    .bind(&p.bank_account)
    .bind(now_ms())
    .bind(p.business_register as i64)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)
}

pub async fn update_company(pool: &AnyPool, p: &CompanyProfile) -> AppResult<()> {
    sqlx::query(
        "UPDATE companies SET name = $2, org_no = $3, vat_registered = $4, address_line = $5, postcode = $6, city = $7,
         email = $8, phone = $9, bank_account = $10, allow_negative_stock = $11, valuation_method = $12, business_register = $13 WHERE id = $1",
    )
    .bind(p.id)
    .bind(&p.name)
    .bind(&p.org_no)
    .bind(p.vat_registered as i64)
    .bind(&p.address_line)
    .bind(&p.postcode)
    .bind(&p.city)
    .bind(&p.email)
    .bind(&p.phone)
    .bind(&p.bank_account)
    .bind(p.allow_negative_stock as i64)
    .bind(p.valuation_method.code())
    .bind(p.business_register as i64)
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(())
}

pub async fn has_logo(pool: &AnyPool, company_id: i64) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM company_logos WHERE company_id = $1").bind(company_id).fetch_one(pool).await.map_err(db_err)?;
    Ok(n > 0)
}

pub async fn logo(pool: &AnyPool, company_id: i64) -> AppResult<Option<(String, Vec<u8>)>> {
    let row = sqlx::query("SELECT content_type, bytes FROM company_logos WHERE company_id = $1").bind(company_id).fetch_optional(pool).await.map_err(db_err)?;
    row.map(|r| Ok((get(&r, "content_type")?, get(&r, "bytes")?))).transpose()
}

pub async fn save_logo(pool: &AnyPool, company_id: i64, content_type: &str, bytes: &[u8]) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO company_logos (company_id, content_type, bytes, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (company_id) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes, updated_at = excluded.updated_at",
    )
    .bind(company_id)
    .bind(content_type)
    .bind(bytes.to_vec())
    .bind(now_ms())
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(())
}

pub async fn list_series(pool: &AnyPool, company_id: i64) -> AppResult<Vec<NumberSeries>> {
    let rows =
        sqlx::query("SELECT doc_type, prefix, next_number FROM number_series WHERE company_id = $1").bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    let mut out: Vec<NumberSeries> = rows
        .iter()
        .map(|r| Ok(NumberSeries { doc_type: get(r, "doc_type")?, prefix: get(r, "prefix")?, next_number: get(r, "next_number")? }))
        .collect::<AppResult<_>>()?;
    out.sort_by_key(|s| DocType::ALL.iter().position(|d| d.code() == s.doc_type));
    Ok(out)
}

/// A new company's series: nothing issued yet.
pub async fn insert_series(exec: &mut Tx, company_id: i64, s: &NumberSeries) -> AppResult<()> {
    sqlx::query("INSERT INTO number_series (company_id, doc_type, prefix, next_number, used) VALUES ($1, $2, $3, $4, 0)")
        .bind(company_id)
        .bind(&s.doc_type)
        .bind(&s.prefix)
        .bind(s.next_number)
        .execute(&mut **exec)
        .await
        .map_err(db_err)?;
    Ok(())
}

pub async fn list_payment_terms(pool: &AnyPool, company_id: i64) -> AppResult<Vec<PaymentTerm>> {
    let rows = sqlx::query("SELECT code, name, days, active FROM payment_terms WHERE company_id = $1 ORDER BY days, code")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter().map(|r| Ok(PaymentTerm { code: get(r, "code")?, name: get(r, "name")?, days: get(r, "days")?, active: flag(r, "active")? })).collect()
}

pub async fn upsert_payment_term(tx: &mut Tx, company_id: i64, t: &PaymentTerm) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO payment_terms (company_id, code, name, days, active) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, days = excluded.days, active = excluded.active",
    )
    .bind(company_id)
    .bind(&t.code)
    .bind(&t.name)
    .bind(t.days)
    .bind(t.active as i64)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

pub async fn list_delivery_terms(pool: &AnyPool, company_id: i64) -> AppResult<Vec<DeliveryTerm>> {
    let rows = sqlx::query("SELECT code, name, active FROM delivery_terms WHERE company_id = $1 ORDER BY code")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter().map(|r| Ok(DeliveryTerm { code: get(r, "code")?, name: get(r, "name")?, active: flag(r, "active")? })).collect()
}

pub async fn upsert_delivery_term(tx: &mut Tx, company_id: i64, t: &DeliveryTerm) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO delivery_terms (company_id, code, name, active) VALUES ($1, $2, $3, $4)
         ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, active = excluded.active",
    )
    .bind(company_id)
    .bind(&t.code)
    .bind(&t.name)
    .bind(t.active as i64)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

pub async fn list_vat_codes<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, company_id: i64) -> AppResult<Vec<VatCode>> {
    let rows = sqlx::query("SELECT code, name, rate_bp, category, active FROM vat_codes WHERE company_id = $1 ORDER BY rate_bp DESC, code")
        .bind(company_id)
        .fetch_all(exec)
        .await
        .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(VatCode {
                code: get(r, "code")?,
                name: get(r, "name")?,
                rate: VatCode::rate_from_bp(get(r, "rate_bp")?),
                category: get(r, "category")?,
                active: flag(r, "active")?,
            })
        })
        .collect()
}

pub async fn upsert_vat_code(tx: &mut Tx, company_id: i64, v: &VatCode) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO vat_codes (company_id, code, name, rate_bp, category, active) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, rate_bp = excluded.rate_bp, category = excluded.category, active = excluded.active",
    )
    .bind(company_id)
    .bind(&v.code)
    .bind(&v.name)
    .bind(v.rate_bp()?)
    .bind(&v.category)
    .bind(v.active as i64)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

pub async fn list_units(pool: &AnyPool, company_id: i64) -> AppResult<Vec<Unit>> {
    let rows = sqlx::query("SELECT code, name FROM units WHERE company_id = $1 ORDER BY code").bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    rows.iter().map(|r| Ok(Unit { code: get(r, "code")?, name: get(r, "name")? })).collect()
}

pub async fn upsert_unit(tx: &mut Tx, company_id: i64, u: &Unit) -> AppResult<()> {
    sqlx::query("INSERT INTO units (company_id, code, name) VALUES ($1, $2, $3) ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name")
        .bind(company_id)
        .bind(&u.code)
        .bind(&u.name)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

pub async fn list_warehouses(pool: &AnyPool, company_id: i64) -> AppResult<Vec<Warehouse>> {
    let rows = sqlx::query("SELECT id, code, name, address, active FROM warehouses WHERE company_id = $1 ORDER BY code")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter()
        .map(|r| Ok(Warehouse { id: get(r, "id")?, code: get(r, "code")?, name: get(r, "name")?, address: get(r, "address")?, active: flag(r, "active")? }))
        .collect()
}

pub async fn upsert_warehouse(tx: &mut Tx, company_id: i64, w: &Warehouse) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO warehouses (company_id, code, name, address, active) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, address = excluded.address, active = excluded.active",
    )
    .bind(company_id)
    .bind(&w.code)
    .bind(&w.name)
    .bind(&w.address)
    .bind(w.active as i64)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The company's members.
pub async fn list_users(pool: &AnyPool, company_id: i64) -> AppResult<Vec<CompanyUser>> {
    users_where(
        pool,
        company_id,
        "SELECT u.id, u.name, u.email, m.role, m.active, 0 AS invited FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.company_id = $1 ORDER BY u.name, u.id",
    )
    .await
}

/// The pending invitations: e-mail and role only (the name of an invited account is
/// not the inviting company's to see).
pub async fn list_invited(pool: &AnyPool, company_id: i64) -> AppResult<Vec<CompanyUser>> {
    users_where(
        pool,
        company_id,
        "SELECT u.id, '' AS name, u.email, i.role, 0 AS active, 1 AS invited FROM invitations i JOIN users u ON u.id = i.user_id WHERE i.company_id = $1 ORDER BY u.email",
    )
    .await
}

async fn users_where(pool: &AnyPool, company_id: i64, sql: &str) -> AppResult<Vec<CompanyUser>> {
    let rows = sqlx::query(sql).bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    rows.into_iter()
        .map(|r| {
            let role: String = get(&r, "role")?;
            Ok(CompanyUser {
                user_id: get(&r, "id")?,
                name: get(&r, "name")?,
                email: get(&r, "email")?,
                role: Role::parse(&role).map_err(AppError::Internal)?,
                active: flag(&r, "active")?,
                invited: flag(&r, "invited")?,
            })
        })
        .collect()
}

/// Changes a member's role and active flag; answers false when the user is not a
/// member of this company.
pub async fn update_membership(tx: &mut Tx, company_id: i64, user_id: i64, role: Role, active: bool) -> AppResult<bool> {
    let n = sqlx::query("UPDATE memberships SET role = $3, active = $4 WHERE company_id = $1 AND user_id = $2")
        .bind(company_id)
        .bind(user_id)
        .bind(role.code())
        .bind(active as i64)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?
        .rows_affected();
    Ok(n == 1)
}

pub async fn active_admins(tx: &mut Tx, company_id: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE company_id = $1 AND role = 'admin' AND active = 1")
        .bind(company_id)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)
}

pub async fn end_sessions(tx: &mut Tx, company_id: i64, user_id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE company_id = $1 AND user_id = $2").bind(company_id).bind(user_id).execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

pub async fn list_tokens(pool: &AnyPool, company_id: i64) -> AppResult<Vec<ApiToken>> {
    let rows =
        sqlx::query("SELECT id, name, role, scopes, created_at, last_used_at, expires_at, revoked_at FROM api_tokens WHERE company_id = $1 ORDER BY created_at DESC, id DESC")
            .bind(company_id)
            .fetch_all(pool)
            .await
            .map_err(db_err)?;
    rows.into_iter()
        .map(|r| {
            let role: String = get(&r, "role")?;
            Ok(ApiToken {
                id: get(&r, "id")?,
                name: get(&r, "name")?,
                role: Role::parse(&role).map_err(AppError::Internal)?,
                scopes: crate::auth::model::parse_scopes(&get::<String>(&r, "scopes")?).map_err(AppError::Internal)?,
                created_at: get(&r, "created_at")?,
                last_used_at: get(&r, "last_used_at")?,
                expires_at: get(&r, "expires_at")?,
                revoked: get::<Option<i64>>(&r, "revoked_at")?.is_some(),
            })
        })
        .collect()
}

pub async fn insert_token(pool: &AnyPool, company_id: i64, name: &str, hash: &str, t: &super::model::NewToken, created_by: i64) -> AppResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO api_tokens (company_id, name, token_hash, role, scopes, expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(company_id)
    .bind(name)
    .bind(hash)
    .bind(t.role.code())
    .bind(crate::auth::model::scopes_text(&t.scopes))
    .bind(t.expires_at)
    .bind(created_by)
    .bind(now_ms())
        .fetch_one(pool)
        .await
        .map_err(unique_or(format!("A token named '{name}' already exists")))
}

pub async fn revoke_token(pool: &AnyPool, company_id: i64, id: i64) -> AppResult<bool> {
    let n = sqlx::query("UPDATE api_tokens SET revoked_at = $3 WHERE company_id = $1 AND id = $2 AND revoked_at IS NULL")
        .bind(company_id)
        .bind(id)
        .bind(now_ms())
        .execute(pool)
        .await
        .map_err(db_err)?
        .rows_affected();
    Ok(n == 1)
}

/// Changes a series from Setup by `check_series_change`'s rule, in the caller's
/// transaction: a new prefix retires the old one (with its last number) and starts
/// unused.
pub async fn change_series(tx: &mut Tx, company_id: i64, new: &NumberSeries) -> AppResult<()> {
    let r = sqlx::query("SELECT prefix, next_number, used FROM number_series WHERE company_id = $1 AND doc_type = $2")
        .bind(company_id)
        .bind(&new.doc_type)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::not_found("No such number series"))?;
    let current = NumberSeries { doc_type: new.doc_type.clone(), prefix: get(&r, "prefix")?, next_number: get(&r, "next_number")? };
    let used = flag(&r, "used")?;
    let retired: Vec<String> = sqlx::query_scalar("SELECT prefix FROM number_series_retired WHERE company_id = $1 AND doc_type = $2")
        .bind(company_id)
        .bind(&new.doc_type)
        .fetch_all(&mut **tx)
        .await
        .map_err(db_err)?;
    check_series_change(&current, used, &retired, new).map_err(AppError::Invalid)?;
    let new_prefix = new.prefix != current.prefix;
    if new_prefix && used {
        sqlx::query("INSERT INTO number_series_retired (company_id, doc_type, prefix, last_number, retired_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(company_id)
            .bind(&new.doc_type)
            .bind(&current.prefix)
            .bind(current.next_number - 1)
            .bind(now_ms())
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    // conditional on what was read, so a number taken meanwhile makes this a no-op
    let n = sqlx::query(
        "UPDATE number_series SET prefix = $3, next_number = $4, used = CASE WHEN $5 = 1 THEN 0 ELSE used END
         WHERE company_id = $1 AND doc_type = $2 AND prefix = $6 AND next_number = $7",
    )
    .bind(company_id)
    .bind(&new.doc_type)
    .bind(&new.prefix)
    .bind(new.next_number)
    .bind(new_prefix as i64)
    .bind(&current.prefix)
    .bind(current.next_number)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?
    .rows_affected();
    if n != 1 {
        return Err(AppError::Conflict("The series issued a number meanwhile; reload and try again".into()));
    }
    Ok(())
}

/// Takes the next number of a series inside the caller's transaction: the series row
/// stays locked until commit, so numbers are unique and, when the transaction commits,
/// without gaps (a rolled-back posting gives its number back).
pub async fn take_number(tx: &mut Tx, company_id: i64, doc_type: DocType) -> AppResult<String> {
    let r = sqlx::query(
        "UPDATE number_series SET next_number = next_number + 1, used = 1 WHERE company_id = $1 AND doc_type = $2 RETURNING prefix, next_number - 1 AS taken",
    )
    .bind(company_id)
    .bind(doc_type.code())
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_err)?
    .ok_or_else(|| AppError::Internal(format!("no number series for {}", doc_type.code())))?;
    let (prefix, n): (String, i64) = (get(&r, "prefix")?, get(&r, "taken")?);
    Ok(format!("{prefix}{n}"))
}

/// The company's first active warehouse (by code), when it has one.
pub async fn first_warehouse(conn: &mut sqlx::AnyConnection, company_id: i64) -> AppResult<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM warehouses WHERE company_id = $1 AND active = 1 ORDER BY code LIMIT 1")
        .bind(company_id)
        .fetch_optional(conn)
        .await
        .map_err(db_err)
}

/// The company's name and postal address: (name, address line, postcode, city).
pub async fn company_address(tx: &mut Tx, company_id: i64) -> AppResult<(String, String, String, String)> {
    sqlx::query_as("SELECT name, address_line, postcode, city FROM companies WHERE id = $1").bind(company_id).fetch_one(&mut **tx).await.map_err(db_err)
}

/// Whether the company keeps perpetual inventory (its accounts follow the stock's value).
pub async fn perpetual_inventory(pool: &AnyPool, company_id: i64) -> AppResult<bool> {
    let r = sqlx::query("SELECT perpetual_inventory FROM companies WHERE id = $1").bind(company_id).fetch_one(pool).await.map_err(db_err)?;
    crate::db::codec::flag(&r, "perpetual_inventory")
}
