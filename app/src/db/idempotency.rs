//! Idempotency keys: an API call that creates (an order, an invoice, a payment, a
//! customer) sent with `Idempotency-Key` runs with the key claimed for its task; the
//! first transaction it commits writes the key in the same transaction, so the key
//! exists exactly when something was created. A retry finds it and gets the stored
//! answer; two calls racing with one key cannot both commit (the key is the primary key).
use std::sync::{Arc, Mutex};

use sqlx::{AnyConnection, AnyPool};

use super::codec::get;
use crate::error::AppResult;

tokio::task_local! {
    /// The key the running API call claimed, if any.
    pub static KEY: Arc<Mutex<Claim>>;
}

/// A call's key: its company, the key, what the request was (method, path and body
/// hashed), and whether a transaction of the call has written it yet.
#[derive(Clone, Debug, Default)]
pub struct Claim {
    pub company_id: i64,
    pub key: String,
    pub fingerprint: String,
    pub written: bool,
}

/// Writes the running call's key in the transaction about to commit (once per call).
pub(crate) async fn write(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    let Ok(claim) = KEY.try_with(|k| k.clone()) else { return Ok(()) };
    let c = match claim.lock() {
        Ok(c) if !c.written => c.clone(),
        _ => return Ok(()),
    };
    sqlx::query("INSERT INTO idempotency_keys (company_id, key, fingerprint, created_at) VALUES ($1, $2, $3, $4)")
        .bind(c.company_id)
        .bind(&c.key)
        .bind(&c.fingerprint)
        .bind(super::now_ms())
        .execute(conn)
        .await?;
    if let Ok(mut c) = claim.lock() {
        c.written = true;
    }
    Ok(())
}

/// A stored key: the request's fingerprint and the answer (status 0: none stored yet).
pub async fn lookup(pool: &AnyPool, company_id: i64, key: &str) -> AppResult<Option<(String, i64, String)>> {
    let r = sqlx::query("SELECT fingerprint, status, body FROM idempotency_keys WHERE company_id = $1 AND key = $2")
        .bind(company_id)
        .bind(key)
        .fetch_optional(pool)
        .await
        .map_err(super::db_err)?;
    r.map(|r| Ok((get(&r, "fingerprint")?, get(&r, "status")?, get(&r, "body")?))).transpose()
}

/// Stores the answer of the call that wrote the key.
pub async fn answer(pool: &AnyPool, company_id: i64, key: &str, status: i64, body: &str) -> AppResult<()> {
    sqlx::query("UPDATE idempotency_keys SET status = $3, body = $4 WHERE company_id = $1 AND key = $2")
        .bind(company_id)
        .bind(key)
        .bind(status)
        .bind(body)
        .execute(pool)
        .await
        .map_err(super::db_err)?;
    Ok(())
}
