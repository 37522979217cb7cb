//! The design system: layout, navigation, form helpers.
pub mod form;
pub mod import;
pub mod layout;
pub mod list;
pub mod unsaved;

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

/// A server message in the page's language (see `core::messages`).
pub fn msg(text: &str) -> String {
    crate::core::messages::translate(text, lang())
}

/// Translates a UI text into the page's language.
pub fn tr(key: T) -> &'static str {
    lang().t(key)
}

/// Today where the company is (see `core::clock`), the same on the server and in the
/// browser, whatever zone the browser's machine is set to.
pub fn today() -> chrono::NaiveDate {
    crate::core::clock::today(zone())
}

/// The logged-in company's time zone (Oslo before login).
pub fn zone() -> chrono_tz::Tz {
    let country = use_context::<Sess>().map(|s| s.0.country);
    crate::core::clock::zone_of(country.as_deref().unwrap_or("NO"))
}
