//! The design system: layout, navigation, form helpers.
pub mod form;
pub mod import;
pub mod layout;
pub mod list;

use leptos::prelude::*;

use crate::auth::api::SessionState;
use crate::auth::SessionInfo;
use crate::core::{Lang, T};
use crate::error::AppError;

/// The session resource, loaded once per page and refetched after changes that
/// show in the header (company name, logo).
#[derive(Clone, Copy)]
pub struct SessionRes(pub Resource<Result<SessionState, AppError>>);

/// The session of a page request, read by the server before the page renders (a
/// request extension set by the server's `preload_session` layer), so the shell can
/// render the page at once instead of inside a reactive closure.
#[derive(Clone, Debug)]
pub struct PreloadedSession(pub SessionState);

#[cfg(feature = "ssr")]
pub fn preloaded_session() -> Option<SessionState> {
    use_context::<http::request::Parts>()?.extensions.get::<PreloadedSession>().map(|p| p.0.clone())
}

/// The logged-in session, provided by the shell to every page inside it.
#[derive(Clone)]
pub struct Sess(pub SessionInfo);

/// The language of the current page.
pub fn lang() -> Lang {
    use_context::<Sess>().map(|s| s.0.lang).or_else(|| use_context::<Lang>()).unwrap_or_default()
}

/// Translates a UI text into the page's language.
pub fn tr(key: T) -> &'static str {
    lang().t(key)
}

/// Today in the browser's time zone (the server's clock when rendered on the server;
/// `chrono::Utc::now` panics in WebAssembly).
pub fn today() -> chrono::NaiveDate {
    #[cfg(feature = "hydrate")]
    {
        let d = js_sys::Date::new_0();
        if let Some(day) = chrono::NaiveDate::from_ymd_opt(
            d.get_full_year() as i32,
            d.get_month() + 1,
            d.get_date(),
        ) {
            return day;
        }
    }
    chrono::Utc::now().date_naive()
}
