//! The HTTP side: Leptos pages and server functions, the plain form posts of auth,
//! the logo, the JSON API v1, and the cross-site request check in front of them all.
use std::net::SocketAddr;

use app::db::Db;
use app::{shell, App};
use axum::body::Body;
use axum::extract::{FromRef, Request};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};

pub mod assets;
pub mod auth;
pub mod exports;
pub mod lists;
mod report_files;
pub use auth::client_id;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos_options.clone()
    }
}

impl FromRef<AppState> for Db {
    fn from_ref(s: &AppState) -> Self {
        s.db.clone()
    }
}

pub fn leptos_options() -> Result<LeptosOptions, String> {
    let conf = get_configuration(None).map_err(|e| format!("leptos configuration: {e}"))?;
    let mut options = conf.leptos_options;
    // cargo-leptos sets LEPTOS_OUTPUT_NAME; a binary started on its own falls back
    // to the name the workspace metadata gives the site.
    if options.output_name.is_empty() {
        options.output_name = "flyt".into();
    }
    // a release build by cargo-leptos with hash-files leaves hash.txt beside the binary:
    // the pages then name the hashed files, which may be cached for a year
    if !options.hash_files && hash_file_beside_exe(&options.hash_file).is_some() {
        options.hash_files = true;
    }
    Ok(options)
}

fn hash_file_beside_exe(name: &str) -> Option<std::path::PathBuf> {
    let p = std::env::current_exe().ok()?.parent()?.join(name);
    p.exists().then_some(p)
}

pub fn router(db: Db, leptos_options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let state = AppState { leptos_options: leptos_options.clone(), db: db.clone() };
    let ctx_db = db.clone();
    let app = Router::new()
        .merge(auth::routes())
        .merge(exports::routes())
        .merge(lists::routes())
        .nest("/api/v1", crate::api::routes(db.clone()))
        .merge(assets::pkg_service(&leptos_options.site_root, &leptos_options.site_pkg_dir, leptos_options.hash_files))
        .leptos_routes_with_context(&state, routes, move || provide_context(ctx_db.clone()), {
            let o = leptos_options.clone();
            move || shell(o.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(db.clone(), preload_session))
        .layer(middleware::from_fn(server_fn_error_status))
        .layer(middleware::from_fn(same_origin_only))
        .with_state(state);
    harden(app)
}

/// The outermost layers of every answer: security headers, and a panic in a request
/// answered as that request's 500.
fn harden(app: Router) -> Router {
    app.layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_answer)).layer(middleware::from_fn(security_headers))
}

/// A panic in one request answers 500 to that request; the process and every other
/// request go on (the message is logged, never sent to the client).
fn panic_answer(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = err.downcast_ref::<String>().map(String::as_str).or_else(|| err.downcast_ref::<&str>().copied()).unwrap_or("?");
    tracing::error!("a request panicked: {what}");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong on the server; nothing was saved by this request. Try again, and tell your administrator if it happens again.",
    )
        .into_response()
}

/// Headers for every answer: no sniffing of types, no framing by other sites, no
/// referrer to other sites, and a Content-Security-Policy. HTML pages get theirs
/// (with the page's script nonce) from `app::routes::shell`; everything else (JSON,
/// files, redirects, errors) gets one that allows nothing to run.
async fn security_headers(req: Request<Body>, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(http::header::X_CONTENT_TYPE_OPTIONS, http::HeaderValue::from_static("nosniff"));
    h.insert(http::header::X_FRAME_OPTIONS, http::HeaderValue::from_static("DENY"));
    h.insert(http::header::REFERRER_POLICY, http::HeaderValue::from_static("same-origin"));
    let html = h.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if html && !h.contains_key(http::header::CACHE_CONTROL) {
        // pages carry the user's data and name the current build's files
        h.insert(http::header::CACHE_CONTROL, http::HeaderValue::from_static("private, no-cache"));
    }
    if !h.contains_key(http::header::CONTENT_SECURITY_POLICY) {
        h.insert(
            http::header::CONTENT_SECURITY_POLICY,
            http::HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
        );
    }
    resp
}

pub async fn serve(db: Db) -> Result<(), String> {
    app::db::outbound::init()?;
    let options = leptos_options()?;
    let addr = options.site_addr;
    let app = router(db, options);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Flyt is listening on http://{local}");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}

/// Refuses state-changing requests that a browser made on behalf of another site:
/// `Sec-Fetch-Site` must not be cross-site, and `Origin`, when sent, must be this
/// host. Bearer-token requests are not sent by browsers on their own and pass.
/// A page request carries its session into the render (`app::auth::api::PreloadedSession`):
/// the shell then renders the page once, not inside a closure that waits for the
/// session (which made every page twice on the server and broke hydration).
async fn preload_session(axum::extract::State(db): axum::extract::State<Db>, mut req: Request<Body>, next: Next) -> Response {
    if is_page_request(&req) {
        if let Ok(state) = app::auth::service::session_state(&db, req.headers()).await {
            req.extensions_mut().insert(app::auth::api::PreloadedSession(state));
        }
    }
    next.run(req).await
}

/// A GET for an HTML page: not the API or a server function, not a file, not a PDF.
fn is_page_request(req: &Request<Body>) -> bool {
    let path = req.uri().path();
    let last = path.rsplit('/').next().unwrap_or("");
    req.method() == Method::GET && !path.starts_with("/api/") && !path.starts_with("/pkg/") && !last.contains('.') && last != "pdf"
}

async fn same_origin_only(req: Request<Body>, next: Next) -> Response {
    if is_unsafe(req.method()) && !req.headers().contains_key(http::header::AUTHORIZATION) && is_cross_site(req.headers()) {
        return (StatusCode::FORBIDDEN, "Cross-site request refused").into_response();
    }
    next.run(req).await
}

/// Server functions answer every error with 500; this gives an `AppError` its own
/// status (422 for bad input, 403, 404, …) so clients and logs can tell bad input
/// from a server fault. Only error bodies are buffered.
async fn server_fn_error_status(req: Request<Body>, next: Next) -> Response {
    let is_server_fn = req.uri().path().starts_with("/api/") && !req.uri().path().starts_with("/api/v1/");
    let resp = next.run(req).await;
    if !is_server_fn || resp.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "error body too large").into_response();
    };
    if let Ok(e) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = e.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn is_unsafe(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub fn is_cross_site(h: &HeaderMap) -> bool {
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site == "cross-site" || site == "same-site" {
            return true;
        }
    }
    let Some(origin) = h.get(http::header::ORIGIN).and_then(|v| v.to_str().ok()) else { return false };
    let host = h.get(http::header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let scheme = if app::auth::service::is_https(h) { "https" } else { "http" };
    // scheme and host both: http://host is another origin than https://host
    origin != format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[tokio::test]
    async fn a_panicking_request_answers_500_and_the_server_goes_on() {
        use tower::ServiceExt;
        let app = harden(
            Router::new()
                .route(
                    "/boom",
                    axum::routing::get(|| async {
                        let v: Vec<u8> = Vec::new();
                        let i = v.len() + 3;
                        (StatusCode::OK, format!("{}", v[i]))
                    }),
                )
                .route("/ok", axum::routing::get(|| async { "ok" })),
        );
        let r = app.clone().oneshot(Request::get("/boom").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(r.headers()[http::header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let body = axum::body::to_bytes(r.into_body(), 10_000).await.unwrap();
        assert!(!String::from_utf8_lossy(&body).contains("index out of bounds"), "the panic message stays in the log");
        let r = app.oneshot(Request::get("/ok").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }

    #[test]
    fn cross_site_detection() {
        assert!(!is_cross_site(&headers(&[("host", "127.0.0.1:3000")])));
        assert!(!is_cross_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")])));
        assert!(is_cross_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://evil.example")])));
        assert!(is_cross_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "null")])));
        assert!(is_cross_site(&headers(&[("host", "a"), ("sec-fetch-site", "cross-site")])));
        assert!(!is_cross_site(&headers(&[("host", "a"), ("sec-fetch-site", "same-origin")])));
        // the scheme counts: a page served over http is not the origin https://host
        assert!(is_cross_site(&headers(&[("host", "127.0.0.1:3000"), ("origin", "https://127.0.0.1:3000")])));
        assert!(!is_cross_site(&headers(&[("host", "h"), ("origin", "https://h"), ("x-forwarded-proto", "https")])));
        assert!(is_cross_site(&headers(&[("host", "h"), ("origin", "http://h"), ("x-forwarded-proto", "https")])));
    }
}
