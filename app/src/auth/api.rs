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

#[server(endpoint = "session")]
pub async fn get_session() -> Result<SessionState, AppError> {
    match super::service::require(super::Perm::Read).await {
        Ok((db, ctx)) => {
            let info = super::service::session_info(&db, &ctx).await?;
            Ok(SessionState { lang: info.lang, info: Some(info), demo: demo() })
        }
        Err(AppError::Unauthenticated) => {
            let parts = use_context::<http::request::Parts>();
            let lang = parts.map(|p| super::service::request_lang(&p.headers)).unwrap_or_default();
            Ok(SessionState { info: None, lang, demo: demo() })
        }
        Err(e) => Err(e),
    }
}

#[cfg(feature = "ssr")]
fn demo() -> bool {
    std::env::var("FLYT_DEMO").is_ok_and(|v| !v.is_empty() && v != "0")
}
