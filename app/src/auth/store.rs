//! SQL for users, memberships, sessions and login failures.
use sqlx::AnyPool;

use super::model::{CompanyChoice, Role};
use crate::db::codec::get;
use crate::db::{db_err, now_ms, Tx};
use crate::error::{AppError, AppResult};

pub struct UserRow {
    pub id: i64,
    pub password_hash: String,
}

pub async fn user_by_email(pool: &AnyPool, email: &str) -> AppResult<Option<UserRow>> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1").bind(email).fetch_optional(pool).await.map_err(db_err)?;
    row.map(|r| Ok(UserRow { id: get(&r, "id")?, password_hash: get(&r, "password_hash")? })).transpose()
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

/// Writes a login attempt under each subject before its password is checked, and
/// answers how many attempts each subject had since `since` (this one included).
/// Counting after writing is what makes throttling hold for parallel guesses: the
/// k-th attempt written sees at least k, whatever order they run in.
pub async fn begin_attempt(pool: &AnyPool, attempt: &str, subjects: &[&str], since: i64) -> AppResult<Vec<i64>> {
    let now = now_ms();
    let mut q = String::from("INSERT INTO login_failures (subject, at, attempt) VALUES ");
    for i in 0..subjects.len() {
        if i > 0 {
            q.push_str(", ");
        }
        q.push_str(&format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3));
    }
    let mut query = sqlx::query(&q);
    for s in subjects {
        query = query.bind(*s).bind(now).bind(attempt);
    }
    query.execute(pool).await.map_err(db_err)?;
    let mut counts = Vec::with_capacity(subjects.len());
    for s in subjects {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE subject = $1 AND at > $2")
            .bind(*s)
            .bind(since)
            .fetch_one(pool)
            .await
            .map_err(db_err)?;
        counts.push(n);
    }
    Ok(counts)
}

/// A successful login: its attempt and the earlier failures of `subject` are
/// forgotten, and so is everything older than the window.
pub async fn clear_failures(pool: &AnyPool, attempt: &str, subject: &str, older_than: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM login_failures WHERE attempt = $1 OR subject = $2 OR at < $3")
        .bind(attempt)
        .bind(subject)
        .bind(older_than)
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Deletes expired sessions and login attempts older than the throttling window;
/// answers how many sessions went.
pub async fn delete_expired(pool: &AnyPool) -> AppResult<u64> {
    let now = now_ms();
    let n = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(pool).await.map_err(db_err)?.rows_affected();
    sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(now - super::model::THROTTLE_WINDOW_MS).execute(pool).await.map_err(db_err)?;
    Ok(n)
}

/// Has the user logged in from this client address before?
pub async fn is_known_client(pool: &AnyPool, user_id: i64, client: &str) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_known_clients WHERE user_id = $1 AND client = $2")
        .bind(user_id)
        .bind(client)
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
    Ok(n > 0)
}

pub async fn remember_client(pool: &AnyPool, user_id: i64, client: &str) -> AppResult<()> {
    sqlx::query("INSERT INTO login_known_clients (user_id, client, at) VALUES ($1, $2, $3) ON CONFLICT (user_id, client) DO UPDATE SET at = excluded.at")
        .bind(user_id)
        .bind(client)
        .bind(now_ms())
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// The company the user worked in last, when they are still an active member of it.
pub async fn last_company(pool: &AnyPool, user_id: i64) -> AppResult<Option<i64>> {
    sqlx::query_scalar(
        "SELECT u.last_company_id FROM users u JOIN memberships m ON m.company_id = u.last_company_id AND m.user_id = u.id AND m.active = 1
         WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await
    .map_err(db_err)
}

pub async fn set_last_company(pool: &AnyPool, user_id: i64, company_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE users SET last_company_id = $1 WHERE id = $2").bind(company_id).bind(user_id).execute(pool).await.map_err(db_err)?;
    Ok(())
}

/// Is the user a member (active or not) of the company?
pub async fn is_member(pool: &AnyPool, company_id: i64, user_id: i64) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE company_id = $1 AND user_id = $2")
        .bind(company_id)
        .bind(user_id)
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
    Ok(n > 0)
}

/// Records (or renews) an invitation; no membership is made by it.
pub async fn upsert_invitation(tx: &mut Tx, company_id: i64, user_id: i64, role: Role, invited_by: i64, new_account: bool) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO invitations (company_id, user_id, role, invited_by, new_account, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (company_id, user_id) DO UPDATE SET role = excluded.role, invited_by = excluded.invited_by, created_at = excluded.created_at",
    )
    .bind(company_id)
    .bind(user_id)
    .bind(role.code())
    .bind(invited_by)
    .bind(new_account as i64)
    .bind(now_ms())
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The invitations waiting for the user: (company id, company name, role).
pub async fn invitations_of(pool: &AnyPool, user_id: i64) -> AppResult<Vec<CompanyChoice>> {
    company_choices(
        pool,
        user_id,
        "SELECT c.id, c.name, i.role FROM invitations i JOIN companies c ON c.id = i.company_id WHERE i.user_id = $1 ORDER BY c.name, c.id",
    )
    .await
}

/// Turns the user's invitation to a company into a membership (all of them when
/// `company_id` is None and `only_new_account`: an account made by invitations
/// accepts them at its first login). Answers how many were accepted.
pub async fn accept_invitations(tx: &mut Tx, user_id: i64, company_id: Option<i64>, only_new_account: bool) -> AppResult<u64> {
    let rows =
        sqlx::query("DELETE FROM invitations WHERE user_id = $1 AND ($2 = 0 OR company_id = $2) AND ($3 = 0 OR new_account = 1) RETURNING company_id, role")
            .bind(user_id)
            .bind(company_id.unwrap_or(0))
            .bind(only_new_account as i64)
            .fetch_all(&mut **tx)
            .await
            .map_err(db_err)?;
    for r in &rows {
        let role: String = get(r, "role")?;
        upsert_membership(tx, get(r, "company_id")?, user_id, Role::parse(&role).map_err(AppError::Internal)?).await?;
    }
    Ok(rows.len() as u64)
}

pub async fn decline_invitation(pool: &AnyPool, user_id: i64, company_id: i64) -> AppResult<bool> {
    let n = sqlx::query("DELETE FROM invitations WHERE user_id = $1 AND company_id = $2")
        .bind(user_id)
        .bind(company_id)
        .execute(pool)
        .await
        .map_err(db_err)?
        .rows_affected();
    Ok(n == 1)
}

/// The user's active memberships, first company first.
pub async fn companies_of(pool: &AnyPool, user_id: i64) -> AppResult<Vec<CompanyChoice>> {
    company_choices(
        pool,
        user_id,
        "SELECT c.id, c.name, m.role FROM memberships m JOIN companies c ON c.id = m.company_id
         WHERE m.user_id = $1 AND m.active = 1 ORDER BY c.name, c.id",
    )
    .await
}

/// Rows of (company id, name, role) for a user.
async fn company_choices(pool: &AnyPool, user_id: i64, sql: &str) -> AppResult<Vec<CompanyChoice>> {
    let rows = sqlx::query(sql).bind(user_id).fetch_all(pool).await.map_err(db_err)?;
    rows.into_iter()
        .map(|r| {
            let role: String = get(&r, "role")?;
            Ok(CompanyChoice { id: get(&r, "id")?, name: get(&r, "name")?, role: Role::parse(&role).map_err(AppError::Internal)? })
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
/// The session's user, company, role, the company's country and the user's language.
pub async fn session_by_hash(pool: &AnyPool, id_hash: &str) -> AppResult<Option<(i64, i64, String, String, String)>> {
    let row = sqlx::query(
        "SELECT s.user_id, s.company_id, m.role, c.country, u.lang FROM sessions s
         JOIN memberships m ON m.company_id = s.company_id AND m.user_id = s.user_id AND m.active = 1
         JOIN companies c ON c.id = s.company_id
         JOIN users u ON u.id = s.user_id
         WHERE s.id = $1 AND s.expires_at > $2",
    )
    .bind(id_hash)
    .bind(now_ms())
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    row.map(|r| Ok((get(&r, "user_id")?, get(&r, "company_id")?, get(&r, "role")?, get(&r, "country")?, get(&r, "lang")?))).transpose()
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
    if n == 1 {
        set_last_company(pool, user_id, company_id).await?;
    }
    Ok(n == 1)
}

/// An API token found by its hash, as `authenticate` needs it.
pub struct TokenRow {
    pub company_id: i64,
    pub created_by: i64,
    pub role: String,
    /// The creator's role now.
    pub creator_role: String,
    pub scopes: String,
    pub expires_at: Option<i64>,
    pub country: String,
}

/// An API token that is not revoked, whose creator is still an active member of its
/// company. Marks it used (at most once a minute, so reads through a token do not
/// each write; an expired one is not marked).
pub async fn token_by_hash(pool: &AnyPool, hash: &str) -> AppResult<Option<TokenRow>> {
    let row = sqlx::query(
        "SELECT t.company_id, t.created_by, t.role AS token_role, m.role AS user_role, t.id, COALESCE(t.last_used_at, 0) AS last_used_at, c.country,
                t.scopes, t.expires_at FROM api_tokens t
         JOIN memberships m ON m.company_id = t.company_id AND m.user_id = t.created_by AND m.active = 1
         JOIN companies c ON c.id = t.company_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
    )
    .bind(hash)
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    let Some(r) = row else { return Ok(None) };
    let now = now_ms();
    let t = TokenRow {
        company_id: get(&r, "company_id")?,
        created_by: get(&r, "created_by")?,
        role: get(&r, "token_role")?,
        creator_role: get(&r, "user_role")?,
        scopes: get(&r, "scopes")?,
        expires_at: get(&r, "expires_at")?,
        country: get(&r, "country")?,
    };
    if now - get::<i64>(&r, "last_used_at")? > 60_000 && t.expires_at.is_none_or(|at| at > now) {
        sqlx::query("UPDATE api_tokens SET last_used_at = $3 WHERE company_id = $1 AND id = $2")
            .bind(t.company_id)
            .bind(get::<i64>(&r, "id")?)
            .bind(now)
            .execute(pool)
            .await
            .map_err(db_err)?;
    }
    Ok(Some(t))
}

pub async fn user_profile(pool: &AnyPool, user_id: i64) -> AppResult<(String, String, String)> {
    let r = sqlx::query("SELECT name, email, lang FROM users WHERE id = $1").bind(user_id).fetch_one(pool).await.map_err(db_err)?;
    Ok((get(&r, "name")?, get(&r, "email")?, get(&r, "lang")?))
}

/// What a session shows of its company: (name, currency, country, has a logo).
pub async fn session_company(pool: &AnyPool, company_id: i64) -> AppResult<(String, String, String, bool)> {
    let r = sqlx::query("SELECT c.name, c.currency, c.country, CAST((SELECT COUNT(*) FROM company_logos l WHERE l.company_id = c.id) AS BIGINT) AS logos FROM companies c WHERE c.id = $1")
        .bind(company_id)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::not_found("Company not found"))?;
    Ok((get(&r, "name")?, get(&r, "currency")?, get(&r, "country")?, get::<i64>(&r, "logos")? > 0))
}

pub async fn set_lang(pool: &AnyPool, user_id: i64, lang: &str) -> AppResult<()> {
    sqlx::query("UPDATE users SET lang = $1 WHERE id = $2").bind(lang).bind(user_id).execute(pool).await.map_err(db_err)?;
    Ok(())
}

pub async fn set_password(tx: &mut Tx, user_id: i64, hash: &str) -> AppResult<()> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(hash).bind(user_id).execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}
