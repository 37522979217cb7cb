//! Authentication: password login, sessions in the database, bearer tokens, and the
//! `require` check every server function and API route starts with.
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use http::HeaderMap;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::model::{login_allowed, LoginError, Perm, Role, SessionInfo, THROTTLE_WINDOW_MS};
use super::store;
use crate::core::Lang;
use crate::db::{now_ms, Db};
use crate::error::{AppError, AppResult};

pub const SESSION_COOKIE: &str = "flyt_session";
pub const LANG_COOKIE: &str = "flyt_lang";
const SESSION_DAYS: i64 = 14;

/// The authenticated caller of one request.
#[derive(Clone, Debug)]
pub struct AuthCtx {
    pub user_id: i64,
    pub company_id: i64,
    pub role: Role,
    /// Hash of the session token, when authenticated by cookie.
    pub session: Option<String>,
    /// The company's time zone: its "today" and the times it is shown.
    pub zone: chrono_tz::Tz,
    /// An API token's scopes: the permissions it may use (within its role). None for
    /// a session, which may use all its role gives.
    pub scopes: Option<Vec<Perm>>,
    /// How the caller writes numbers: the user's language ("1,5" is one and a half in
    /// nb and sv, "1,500" fifteen hundred in en). API tokens and files use the Nordic
    /// rule, in which a comma or a point is the decimal mark, never a thousands separator.
    pub lang: Lang,
}

impl AuthCtx {
    /// An administrator of a company in the given country (command line tools, demo data).
    pub fn admin(user_id: i64, company_id: i64, country: &str) -> Self {
        AuthCtx { user_id, company_id, role: Role::Admin, session: None, scopes: None, zone: crate::core::clock::zone_of(country), lang: Lang::Nb }
    }
    /// Today where the company is.
    pub fn today(&self) -> chrono::NaiveDate {
        crate::core::clock::today(self.zone)
    }
    pub fn ensure(&self, perm: Perm) -> AppResult<()> {
        if !self.role.allows(perm) {
            return Err(AppError::forbidden());
        }
        match &self.scopes {
            Some(scopes) if !scopes.contains(&perm) => {
                Err(AppError::Forbidden(format!("This API token's scopes do not include '{}': make a token with it in Setup → API tokens", perm.code())))
            }
            _ => Ok(()),
        }
    }
}

pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// 256 random bits, URL-safe.
pub fn new_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

pub async fn hash_password(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::Internal(e.to_string()))
}

async fn verify_password(hash: String, password: String) -> bool {
    tokio::task::spawn_blocking(move || PasswordHash::new(&hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false))
        .await
        .unwrap_or(false)
}

/// A hash of a random password, checked when the e-mail is unknown, so a wrong
/// e-mail takes as long as a wrong password.
async fn dummy_hash() -> String {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY.get_or_init(|| async { hash_password(new_token("")).await.unwrap_or_default() }).await.clone()
}

pub fn validate_new_password(password: &str) -> AppResult<()> {
    let n = password.chars().count();
    if n < 8 {
        return Err(AppError::invalid("The password must have at least 8 characters"));
    }
    if n > 256 {
        return Err(AppError::invalid("The password is too long (at most 256 characters)"));
    }
    Ok(())
}

/// Checks e-mail and password with throttling; on success creates a session and
/// returns its token (to be set as the cookie).
pub async fn login(db: &Db, email: &str, password: &str, client: &str) -> Result<String, LoginError> {
    let email = email.trim().to_lowercase();
    if email.len() > 254 || password.len() > 1024 {
        return Err(LoginError::Wrong);
    }
    let pair_subject = format!("pair:{email}|{client}");
    let client_subject = format!("client:{client}");
    let email_subject = format!("email:{email}");
    let since = now_ms() - THROTTLE_WINDOW_MS;
    // a failure of the database is not a wrong password: it is logged and told as such
    let internal = |e: AppError| {
        tracing::warn!("login could not be checked: {e}");
        LoginError::Unavailable
    };
    // the attempt is counted before its password is checked (see begin_attempt)
    let attempt = new_token("");
    let counts = store::begin_attempt(&db.pool, &attempt, &[&pair_subject, &client_subject, &email_subject], since).await.map_err(internal)?;
    let user = store::user_by_email(&db.pool, &email).await.map_err(internal)?;
    let known = match &user {
        Some(u) => store::is_known_client(&db.pool, u.id, client).await.map_err(internal)?,
        None => false,
    };
    if !login_allowed(counts[0], counts[1], counts[2], known) {
        return Err(LoginError::Throttled);
    }
    let hash = match &user {
        Some(u) => u.password_hash.clone(),
        None => dummy_hash().await,
    };
    let ok = verify_password(hash, password.to_string()).await;
    let Some(user) = user.filter(|_| ok) else {
        return Err(LoginError::Wrong);
    };
    let _ = store::clear_failures(&db.pool, &attempt, &pair_subject, since).await;
    let _ = store::remember_client(&db.pool, user.id, client).await;
    // an account made by an invitation joins its companies at its first login
    let mut tx = db.begin().await.map_err(internal)?;
    store::accept_invitations(&mut tx, user.id, None, true).await.map_err(internal)?;
    tx.commit().await.map_err(|e| internal(crate::db::db_err(e)))?;
    let companies = store::companies_of(&db.pool, user.id).await.map_err(internal)?;
    let last = store::last_company(&db.pool, user.id).await.map_err(internal)?;
    let Some(company_id) = last.or_else(|| companies.first().map(|c| c.id)) else { return Err(LoginError::NoCompany) };
    let token = new_token("");
    let expires = now_ms() + SESSION_DAYS * 24 * 3600 * 1000;
    store::insert_session(&db.pool, &hash_token(&token), user.id, company_id, expires).await.map_err(internal)?;
    Ok(token)
}

pub async fn logout(db: &Db, headers: &HeaderMap) -> AppResult<()> {
    if let Some(token) = cookie(headers, SESSION_COOKIE) {
        store::delete_session(&db.pool, &hash_token(&token)).await?;
    }
    Ok(())
}

/// Reads one cookie from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Was the request made over https (directly or through a proxy that says so)?
pub fn is_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
        || std::env::var("FLYT_PUBLIC_URL").map(|u| u.starts_with("https://")).unwrap_or(false)
}

/// `Set-Cookie` for the session: HttpOnly, SameSite=Lax, Secure over https.
pub fn session_cookie(token: &str, headers: &HeaderMap) -> String {
    let secure = if is_https(headers) { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", SESSION_DAYS * 24 * 3600)
}

pub fn clear_session_cookie(headers: &HeaderMap) -> String {
    let secure = if is_https(headers) { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

pub fn lang_cookie(lang: Lang) -> String {
    format!("{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000", lang.code())
}

/// Authenticates a request by `Authorization: Bearer` token or session cookie.
pub async fn authenticate(db: &Db, headers: &HeaderMap) -> AppResult<AuthCtx> {
    if let Some(auth) = headers.get(http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let token = auth.strip_prefix("Bearer ").ok_or(AppError::Unauthenticated)?.trim();
        let t = store::token_by_hash(&db.pool, &hash_token(token)).await?.ok_or(AppError::Unauthenticated)?;
        let zone = crate::core::clock::zone_of(&t.country);
        if let Some(expired) = t.expires_at.filter(|at| *at <= now_ms()) {
            let day = chrono::DateTime::from_timestamp_millis(expired).map(|d| crate::core::clock::date_at(zone, d).to_string()).unwrap_or_default();
            return Err(AppError::Expired(format!("This API token expired on {day}: make a new one in Setup → API tokens")));
        }
        // a token never does more than its creator may do today, nor beyond its scopes
        let role = Role::parse(&t.role).map_err(AppError::Internal)?.capped_by(Role::parse(&t.creator_role).map_err(AppError::Internal)?);
        let scopes = super::model::parse_scopes(&t.scopes).map_err(AppError::Internal)?;
        return Ok(AuthCtx { user_id: t.created_by, company_id: t.company_id, role, session: None, scopes: Some(scopes), zone, lang: Lang::Nb });
    }
    let token = cookie(headers, SESSION_COOKIE).ok_or(AppError::Unauthenticated)?;
    let hash = hash_token(&token);
    let (user_id, company_id, role, country, lang) = store::session_by_hash(&db.pool, &hash).await?.ok_or(AppError::Unauthenticated)?;
    let lang = Lang::parse(&lang).unwrap_or_default();
    Ok(AuthCtx {
        user_id,
        company_id,
        role: Role::parse(&role).map_err(AppError::Internal)?,
        session: Some(hash),
        scopes: None,
        zone: crate::core::clock::zone_of(&country),
        lang,
    })
}

/// The language for a request: the user's choice, else the language cookie, else
/// the browser's `Accept-Language`, else English.
pub fn request_lang(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(|c| Lang::parse(&c))
        .or_else(|| headers.get(http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language))
        .unwrap_or_default()
}

pub async fn session_info(db: &Db, ctx: &AuthCtx) -> AppResult<SessionInfo> {
    let (user_name, email, lang) = store::user_profile(&db.pool, ctx.user_id).await?;
    let companies = store::companies_of(&db.pool, ctx.user_id).await?;
    let (company_name, currency, country, has_logo) = store::session_company(&db.pool, ctx.company_id).await?;
    Ok(SessionInfo {
        user_id: ctx.user_id,
        user_name,
        email,
        lang: Lang::parse(&lang).unwrap_or_default(),
        company_id: ctx.company_id,
        company_name,
        currency,
        country,
        has_logo,
        role: ctx.role,
        companies,
    })
}

/// For server functions: the pool from context, the caller from the request, and
/// the permission check. Every server function starts here.
/// What a page needs to know of its visitor: the session when logged in (and allowed
/// to read), else the language the browser asks for.
pub async fn session_state(db: &Db, headers: &HeaderMap) -> AppResult<super::api::SessionState> {
    let demo = std::env::var("FLYT_DEMO").is_ok_and(|v| !v.is_empty() && v != "0");
    match authenticate(db, headers).await.and_then(|ctx| ctx.ensure(Perm::Read).map(|_| ctx)) {
        Ok(ctx) => {
            let info = session_info(db, &ctx).await?;
            Ok(super::api::SessionState { lang: info.lang, info: Some(info), demo })
        }
        Err(AppError::Unauthenticated) => Ok(super::api::SessionState { info: None, lang: request_lang(headers), demo }),
        Err(e) => Err(e),
    }
}

pub async fn require(perm: Perm) -> AppResult<(Db, AuthCtx)> {
    let db = leptos::prelude::use_context::<Db>().ok_or_else(|| AppError::Internal("no database in context".into()))?;
    let parts = leptos::prelude::use_context::<http::request::Parts>().ok_or(AppError::Unauthenticated)?;
    let ctx = authenticate(&db, &parts.headers).await?;
    ctx.ensure(perm)?;
    Ok((db, ctx))
}
