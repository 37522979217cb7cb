//! File downloads for the browser (authenticated by the session cookie): CSV exports.
use app::auth::{service, Perm};
use app::db::Db;
use app::error::AppError;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/parties/export.csv", get(parties_csv))
}

/// A download: the bytes with their content type and a file name.
pub fn download(content_type: &'static str, file_name: &str, body: impl Into<axum::body::Body>) -> Response {
    (
        [(header::CONTENT_TYPE, content_type.to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\""))],
        body.into(),
    )
        .into_response()
}

pub fn error(e: AppError) -> Response {
    (e.status(), e.to_string()).into_response()
}

async fn parties_csv(State(db): State<Db>, headers: HeaderMap) -> Response {
    let run = async {
        let ctx = service::authenticate(&db, &headers).await?;
        ctx.ensure(Perm::Read)?;
        let parties = app::parties::store::all(&db.pool, ctx.company_id).await?;
        Ok::<_, AppError>(app::parties::csv::export(&parties))
    };
    match run.await {
        Ok(csv) => download("text/csv; charset=utf-8", "parties.csv", csv),
        Err(AppError::Unauthenticated) => (StatusCode::UNAUTHORIZED, "Please log in").into_response(),
        Err(e) => error(e),
    }
}
