//! Plain HTML form posts for login, logout, language and company; the company logo.
//! They answer with redirects, so they work with and without JavaScript.
use std::net::SocketAddr;

use app::auth::{service, store as auth_store, Perm};
use app::core::Lang;
use app::db::Db;
use app::error::AppError;
use app::setup::{model::logo_content_type, store as setup_store};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Multipart, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/lang", post(set_lang))
        .route("/auth/company", post(switch_company))
        .route("/company/logo", get(logo))
        .route("/setup/logo", post(upload_logo).layer(DefaultBodyLimit::max(16 * 1024 * 1024)))
}

/// Percent-encodes a query parameter value.
pub fn encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

pub fn see_other(location: &str, cookies: &[String]) -> Response {
    let mut resp = Redirect::to(location).into_response();
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(c) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// The client address used for login throttling.
pub fn client_id(addr: Option<SocketAddr>, headers: &HeaderMap) -> String {
    let forwarded = std::env::var("FLYT_TRUST_PROXY").is_ok_and(|v| v == "1");
    if forwarded {
        if let Some(f) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
            return f.split(',').next().unwrap_or("").trim().to_string();
        }
    }
    addr.map(|a| a.ip().to_string()).unwrap_or_default()
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn login(State(db): State<Db>, ConnectInfo(addr): ConnectInfo<SocketAddr>, headers: HeaderMap, Form(f): Form<LoginForm>) -> Response {
    match service::login(&db, &f.email, &f.password, &client_id(Some(addr), &headers)).await {
        Ok(token) => see_other("/", &[service::session_cookie(&token, &headers)]),
        Err(e) => see_other(&format!("/login?error={}&email={}", e.code(), encode(f.email.trim())), &[]),
    }
}

async fn logout(State(db): State<Db>, headers: HeaderMap) -> Response {
    let _ = service::logout(&db, &headers).await;
    see_other("/login", &[service::clear_session_cookie(&headers)])
}

#[derive(Deserialize)]
struct LangForm {
    lang: String,
}

/// Same-site path to go back to after a form post.
fn back(headers: &HeaderMap, fallback: &str) -> String {
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest.to_string()))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| fallback.to_string())
}

async fn set_lang(State(db): State<Db>, headers: HeaderMap, Form(f): Form<LangForm>) -> Response {
    let Some(lang) = Lang::parse(&f.lang) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, "Unknown language: use en, nb or sv").into_response();
    };
    if let Ok(ctx) = service::authenticate(&db, &headers).await {
        if let Err(e) = auth_store::set_lang(&db.pool, ctx.user_id, lang.code()).await {
            return (e.status(), e.to_string()).into_response();
        }
    }
    see_other(&back(&headers, "/"), &[service::lang_cookie(lang)])
}

#[derive(Deserialize)]
struct CompanyForm {
    company_id: i64,
}

async fn switch_company(State(db): State<Db>, headers: HeaderMap, Form(f): Form<CompanyForm>) -> Response {
    let ctx = match service::authenticate(&db, &headers).await {
        Ok(c) => c,
        Err(_) => return see_other("/login", &[]),
    };
    let Some(session) = ctx.session else {
        return (StatusCode::BAD_REQUEST, "Switch company with a browser session").into_response();
    };
    match auth_store::switch_session_company(&db.pool, &session, ctx.user_id, f.company_id).await {
        Ok(true) => see_other("/", &[]),
        Ok(false) => (StatusCode::FORBIDDEN, "You are not a member of that company").into_response(),
        Err(e) => (e.status(), e.to_string()).into_response(),
    }
}

async fn logo(State(db): State<Db>, headers: HeaderMap) -> Response {
    let ctx = match service::authenticate(&db, &headers).await {
        Ok(c) => c,
        Err(e) => return (e.status(), e.to_string()).into_response(),
    };
    match setup_store::logo(&db.pool, ctx.company_id).await {
        Ok(Some((ct, bytes))) => ([(header::CONTENT_TYPE, ct), (header::CACHE_CONTROL, "private, no-cache".into())], bytes).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "No logo").into_response(),
        Err(e) => (e.status(), e.to_string()).into_response(),
    }
}

async fn upload_logo(State(db): State<Db>, headers: HeaderMap, multipart: Multipart) -> Response {
    match save_logo(&db, &headers, multipart).await {
        Ok(()) => see_other("/setup", &[]),
        Err(AppError::Unauthenticated) => see_other("/login", &[]),
        Err(e @ AppError::Forbidden(_)) => (e.status(), e.to_string()).into_response(),
        Err(e) => see_other(&format!("/setup?logo_error={}", encode(&e.to_string())), &[]),
    }
}

async fn save_logo(db: &Db, headers: &HeaderMap, mut multipart: Multipart) -> Result<(), AppError> {
    let ctx = service::authenticate(db, headers).await?;
    ctx.ensure(Perm::Setup)?;
    while let Some(field) = multipart.next_field().await.map_err(|e| AppError::invalid(format!("The upload could not be read: {e}")))? {
        if field.name() == Some("logo") {
            let bytes = field.bytes().await.map_err(|e| AppError::invalid(format!("The upload could not be read: {e}")))?;
            let ct = logo_content_type(&bytes)?;
            return setup_store::save_logo(&db.pool, ctx.company_id, ct, &bytes).await;
        }
    }
    Err(AppError::invalid("Choose an image file to upload"))
}
