//! Server functions of the auth area. Login, logout, language and company switching
//! are plain HTML form posts (server/src/web/auth.rs) so they work without JavaScript.
use leptos::prelude::*;

use serde::{Deserialize, Serialize};

use super::model::SessionInfo;
use crate::core::Lang;
use crate::error::AppError;

/// What the page needs to know about its visitor: the session when logged in, and
/// the language to show in any case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionState {
    pub info: Option<SessionInfo>,
    pub lang: Lang,
    /// The server runs with demo data (`FLYT_DEMO`): the login page shows the demo login.
    pub demo: bool,
}

/// The session of a page request, read by the server before the page renders (a
/// request extension set by the server's `preload_session` layer), so the shell can
/// render the page at once instead of inside a reactive closure.
#[derive(Clone, Debug)]
pub struct PreloadedSession(pub SessionState);

#[cfg(feature = "ssr")]
pub fn preloaded_session() -> Option<SessionState> {
    use_context::<http::request::Parts>()?.extensions.get::<PreloadedSession>().map(|p| p.0.clone())
}

#[server(endpoint = "session")]
pub async fn get_session() -> Result<SessionState, AppError> {
    // a page request has it already: read before the page renders (see `ui::Shell`)
    if let Some(s) = preloaded_session() {
        return Ok(s);
    }
    let db = use_context::<crate::db::Db>().ok_or_else(|| AppError::Internal("no database in context".into()))?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Unauthenticated)?;
    super::service::session_state(&db, &parts.headers).await
}
