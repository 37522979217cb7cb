//! `Idempotency-Key` on the creating calls of API v1 (orders, invoices, payments,
//! customers, suppliers): a retried call never creates twice. The key is written in
//! the posting's own transaction (`app::db::idempotency`); the answer is stored after
//! and replayed for a retry with the same request. A key reused for another request is
//! refused; a key whose call created something but whose answer was lost (the server
//! stopped in between) or is still running answers 409, never a second creation.
use std::sync::{Arc, Mutex};

use app::auth::Perm;
use app::db::idempotency::{self as keys, Claim};
use app::db::Db;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use sha2::{Digest, Sha256};

use super::ErrorBody;

/// The calls a key applies to (POST only).
const CREATING: [&str; 5] = ["/orders", "/invoices", "/payments", "/customers", "/suppliers"];

/// The largest body a keyed call may have (its hash is taken of the whole body).
const MAX_BODY: usize = 16 * 1024 * 1024;

fn refuse(status: StatusCode, msg: String) -> Response {
    (status, Json(ErrorBody { error: msg })).into_response()
}

/// A key: 1 to 255 visible ASCII characters.
pub fn valid(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// The stored answer for a retry (or why there is none).
fn replay(key: &str, fingerprint: &str, stored: (String, i64, String)) -> Response {
    let (stored_fp, status, body) = stored;
    if stored_fp != fingerprint {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, format!("Idempotency-Key '{key}' was used for another request: use a new key for a new request"));
    }
    let Some(status) = u16::try_from(status).ok().and_then(|s| StatusCode::from_u16(s).ok()).filter(|s| s.as_u16() >= 200) else {
        return refuse(
            StatusCode::CONFLICT,
            format!(
                "The request with Idempotency-Key '{key}' was carried out, but its answer is not stored (yet): look the document up, or try again in a moment"
            ),
        );
    };
    let mut r = (status, [(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response();
    r.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    r
}

pub async fn keys(State(db): State<Db>, req: Request, next: Next) -> Response {
    let path = req.uri().path().trim_end_matches('/').to_string();
    let keyed = req.method() == Method::POST && CREATING.iter().any(|p| path.ends_with(p));
    let Some(key) = req.headers().get("idempotency-key").filter(|_| keyed).map(|v| v.to_str().map(|s| s.trim().to_string())) else {
        return next.run(req).await;
    };
    let key = match key {
        Ok(k) if valid(&k) => k,
        _ => return refuse(StatusCode::UNPROCESSABLE_ENTITY, "Idempotency-Key: give 1 to 255 visible characters (a UUID, say)".into()),
    };
    // who calls: without a session the call itself answers 401
    let Ok(ctx) = super::auth(&db, req.headers(), Perm::Read).await else { return next.run(req).await };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "The request body is too large".into());
    };
    let fingerprint: String =
        Sha256::digest([parts.method.as_str().as_bytes(), b" ", path.as_bytes(), b"\n", &bytes].concat()).iter().map(|b| format!("{b:02x}")).collect();
    match keys::lookup(&db.pool, ctx.company_id, &key).await {
        Ok(Some(stored)) => return replay(&key, &fingerprint, stored),
        Ok(None) => {}
        Err(e) => return super::ApiError(e).into_response(),
    }
    let claim = Arc::new(Mutex::new(Claim { company_id: ctx.company_id, key: key.clone(), fingerprint: fingerprint.clone(), written: false }));
    let resp = keys::KEY.scope(claim.clone(), next.run(Request::from_parts(parts, Body::from(bytes)))).await;
    let written = claim.lock().map(|c| c.written).unwrap_or(false);
    if !written {
        // lost a race with the same key: the winner's answer (or why there is none)
        if resp.status() == StatusCode::CONFLICT {
            if let Ok(Some(stored)) = keys::lookup(&db.pool, ctx.company_id, &key).await {
                return replay(&key, &fingerprint, stored);
            }
        }
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.unwrap_or_default();
    if let Err(e) = keys::answer(&db.pool, ctx.company_id, &key, parts.status.as_u16() as i64, &String::from_utf8_lossy(&bytes)).await {
        tracing::warn!("idempotency key {key}: answer not stored: {e}");
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_short_visible_ascii() {
        assert!(super::valid("3f2c1a9e-7b1d-4c7e-9a55-0d6f1c2b8e11"));
        assert!(!super::valid(""));
        assert!(!super::valid("a b"));
        assert!(!super::valid("ørret"));
        assert!(!super::valid(&"x".repeat(256)));
    }
}
