//! The design system: layout, navigation, form helpers.
pub mod doc;
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

/// The logged-in session, provided by the shell to every page inside it.
#[derive(Clone)]
pub struct Sess(pub SessionInfo);

/// The language of the current page.
pub fn lang() -> Lang {
    use_context::<Sess>().map(|s| s.0.lang).or_else(use_context::<Lang>).unwrap_or_default()
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

/// The one way an error shows in a page: a server message in the page's language,
/// announced to screen readers (`role="alert"`).
pub fn alert(text: &str) -> AnyView {
    view! { <p class="error" role="alert">{msg(text)}</p> }.into_any()
}

/// The same, inline beside the control it is about.
pub fn alert_inline(text: &str) -> AnyView {
    view! { <span class="error" role="alert">{msg(text)}</span> }.into_any()
}

/// Shows the error in a signal while there is one.
#[component]
pub fn ErrorText(#[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    move || error.get().map(|e| alert(&e))
}
