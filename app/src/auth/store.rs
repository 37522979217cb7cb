//! SQL for users, memberships, sessions and login failures.
use sqlx::{AnyPool, Row};

use super::model::{CompanyChoice, Role};
use crate::db::{db_err, now_ms, Tx};
use crate::error::{AppError, AppResult};

pub struct UserRow {
    pub id: i64,
    pub password_hash: String,
}

pub async fn user_by_email(pool: &AnyPool, email: &str) -> AppResult<Option<UserRow>> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    Ok(row.map(|r| UserRow { id: r.get(0), password_hash: r.get(1) }))
}

pub async fn insert_user(tx: &mut Tx, email: &str, name: &str, password_hash: &str, lang: &str) -> AppResult<i64> {
    sqlx::query_scalar("INSERT INTO users (email, name, password_hash, lang, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(email)
        .bind(name)
        .bind(password_hash)
        .bind(lang)
        .bind(now_ms())
        .fetch_one(&mut **tx)
        .await
        .map_err(crate::db::unique_or(format!("A user with e-mail {email} already exists")))
}

pub async fn upsert_membership(tx: &mut Tx, company_id: i64, user_id: i64, role: Role) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO memberships (company_id, user_id, role, active) VALUES ($1, $2, $3, 1)
         ON CONFLICT (company_id, user_id) DO UPDATE SET role = excluded.role, active = 1",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(role.code())
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

pub async fn recent_failures(pool: &AnyPool, subject: &str, since: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE subject = $1 AND at > $2")
        .bind(subject)
        .bind(since)
        .fetch_one(pool)
        .await
        .map_err(db_err)
}

pub async fn record_failure(pool: &AnyPool, subjects: &[&str]) -> AppResult<()> {
    for s in subjects {
        sqlx::query("INSERT INTO login_failures (subject, at) VALUES ($1, $2)")
            .bind(*s)
            .bind(now_ms())
            .execute(pool)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

pub async fn clear_failures(pool: &AnyPool, subject: &str, older_than: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE subject = $1 OR at < $2")
        .bind(subject)
        .bind(older_than)
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// The user's active memberships, first company first.
pub async fn companies_of(pool: &AnyPool, user_id: i64) -> AppResult<Vec<CompanyChoice>> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, m.role FROM memberships m JOIN companies c ON c.id = m.company_id
         WHERE m.user_id = $1 AND m.active = 1 ORDER BY c.name, c.id",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.into_iter()
        .map(|r| {
            let role: String = r.get(2);
            Ok(CompanyChoice { id: r.get(0), name: r.get(1), role: Role::parse(&role).map_err(AppError::Internal)? })
        })
        .collect()
}

pub async fn insert_session(pool: &AnyPool, id_hash: &str, user_id: i64, company_id: i64, expires_at: i64) -> AppResult<()> {
    sqlx::query("INSERT INTO sessions (id, user_id, company_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id_hash)
        .bind(user_id)
        .bind(company_id)
        .bind(now_ms())
        .bind(expires_at)
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

pub async fn delete_session(pool: &AnyPool, id_hash: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id_hash).execute(pool).await.map_err(db_err)?;
    Ok(())
}

/// A live session joined with its membership: (user_id, company_id, role).
/// A deactivated membership ends the session at once.
pub async fn session_by_hash(pool: &AnyPool, id_hash: &str) -> AppResult<Option<(i64, i64, String)>> {
    let row = sqlx::query(
        "SELECT s.user_id, s.company_id, m.role FROM sessions s
         JOIN memberships m ON m.company_id = s.company_id AND m.user_id = s.user_id AND m.active = 1
         WHERE s.id = $1 AND s.expires_at > $2",
    )
    .bind(id_hash)
    .bind(now_ms())
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    Ok(row.map(|r| (r.get(0), r.get(1), r.get(2))))
}

/// Moves a session to another company, only where the user is an active member.
pub async fn switch_session_company(pool: &AnyPool, id_hash: &str, user_id: i64, company_id: i64) -> AppResult<bool> {
    let n = sqlx::query(
        "UPDATE sessions SET company_id = $1 WHERE id = $2 AND user_id = $3
         AND EXISTS (SELECT 1 FROM memberships m WHERE m.company_id = $1 AND m.user_id = $3 AND m.active = 1)",
    )
    .bind(company_id)
    .bind(id_hash)
    .bind(user_id)
    .execute(pool)
    .await
    .map_err(db_err)?
    .rows_affected();
    Ok(n == 1)
}

/// An API token that is not revoked: (token company, creator, role). Marks it used.
pub async fn token_by_hash(pool: &AnyPool, hash: &str) -> AppResult<Option<(i64, i64, String)>> {
    let row = sqlx::query(
        "UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL
         RETURNING company_id, created_by, role",
    )
    .bind(hash)
    .bind(now_ms())
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    Ok(row.map(|r| (r.get(0), r.get(1), r.get(2))))
}

pub async fn user_profile(pool: &AnyPool, user_id: i64) -> AppResult<(String, String, String)> {
    let r = sqlx::query("SELECT name, email, lang FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
    Ok((r.get(0), r.get(1), r.get(2)))
}

pub async fn set_lang(pool: &AnyPool, user_id: i64, lang: &str) -> AppResult<()> {
    sqlx::query("UPDATE users SET lang = $1 WHERE id = $2").bind(lang).bind(user_id).execute(pool).await.map_err(db_err)?;
    Ok(())
}

pub async fn set_password(tx: &mut Tx, user_id: i64, hash: &str) -> AppResult<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(user_id).execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}
