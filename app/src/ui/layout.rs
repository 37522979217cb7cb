//! The app shell: header with logo, company switcher, language and logout; the
//! navigation for every area; keyboard shortcuts for the frequent jumps.
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};

use super::{Sess, SessionRes};
use crate::auth::api::SessionState;
use crate::auth::Perm;
use crate::core::{Lang, T};

/// The inline handler that submits the language and company choosers on change (they
/// work before hydration); the page's CSP allows exactly this text by its hash.
pub const SUBMIT_ON_CHANGE_JS: &str = "this.form.submit()";

/// (path, label, shortcut key with Alt)
pub const NAV: [(&str, T, &str); 9] = [
    ("/", T::Home, "h"),
    ("/sales", T::Sales, "s"),
    ("/purchasing", T::Purchasing, "p"),
    ("/stock", T::Stock, "l"),
    ("/parties", T::Parties, "k"),
    ("/receivables", T::Receivables, "r"),
    ("/accounting", T::Accounting, "a"),
    ("/reports", T::Reports, "t"),
    ("/setup", T::Setup, "o"),
];

/// Where an Alt+key shortcut leads.
pub fn shortcut_target(key: &str) -> Option<&'static str> {
    NAV.iter().find(|(_, _, k)| k.eq_ignore_ascii_case(key)).map(|(p, _, _)| *p)
}

/// The frame of every page after login. The page inside is made once, on the server
/// and in the browser alike: the session is known before the shell renders (the
/// server reads it with the request, the browser has it in the page), so the
/// `<Outlet/>` is not inside a reactive closure. (Made inside one, as it was, each
/// page and its resources ran two or three times on the server and once in the
/// browser, which then hydrated against a dropped copy's data: the intermittent
/// hydration failure of the document pages.)
#[component]
pub fn Shell() -> impl IntoView {
    let session = expect_context::<SessionRes>().0;
    match known_session(session) {
        Some(state) => frame(state, session),
        // not known yet (a request the server did not preload): wait for it
        None => view! {
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || session.get().map(|state| frame(state, session))}
            </Suspense>
        }
        .into_any(),
    }
}

type SessionResult = Result<SessionState, crate::error::AppError>;

fn known_session(session: Resource<SessionResult>) -> Option<SessionResult> {
    #[cfg(feature = "ssr")]
    {
        let _ = session;
        crate::auth::api::preloaded_session().map(Ok)
    }
    // in the browser it came with the page (the resource's serialized value); read as
    // the resource's derived value, which is there before hydration starts
    #[cfg(not(feature = "ssr"))]
    {
        (*session).get_untracked()
    }
}

fn frame(state: SessionResult, session: Resource<SessionResult>) -> AnyView {
    match state {
        Ok(SessionState { info: Some(info), .. }) => {
            provide_context(Sess(info.clone()));
            let lang = info.lang;
            view! {
                <Header info session/>
                <main id="main"><Outlet/></main>
                <KeyboardShortcuts lang/>
            }
            .into_any()
        }
        Ok(_) => {
            // without a session the server answers with the redirect itself
            // (not a 200 page that redirects once its script runs)
            #[cfg(feature = "ssr")]
            if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                r.set_status(http::StatusCode::SEE_OTHER);
                r.insert_header(http::header::LOCATION, http::HeaderValue::from_static("/login"));
            }
            view! { <Redirect path="/login"/> }.into_any()
        }
        Err(e) => crate::ui::alert(&e.to_string()),
    }
}

#[component]
fn Header(info: crate::auth::SessionInfo, session: Resource<SessionResult>) -> impl IntoView {
    let lang = info.lang;
    // the company's name and logo follow the session when it is read again (after
    // the company profile is saved)
    let now = move || (*session).get().and_then(Result::ok).and_then(|s| s.info);
    let (first_name, first_logo) = (info.company_name.clone(), info.has_logo);
    let company_name = move || now().map(|i| i.company_name).unwrap_or_else(|| first_name.clone());
    let has_logo = move || now().map(|i| i.has_logo).unwrap_or(first_logo);
    let t = move |k: T| lang.t(k);
    let is_admin = info.role.allows(Perm::Setup);
    let current = info.company_id;
    let companies = info.companies.clone();
    let multi = companies.len() > 1;
    view! {
        <header class="app-header">
            <a class="brand" href="/">
                {move || has_logo().then(|| view! { <img class="logo" src="/company/logo" alt=""/> })}
                <span class="company-name" data-testid="company-name">{company_name}</span>
            </a>
            <nav class="main-nav" aria-label=t(T::Menu)>
                {NAV
                    .iter()
                    .filter(|(p, _, _)| *p != "/setup" || is_admin)
                    .map(|(p, label, key)| {
                        view! {
                            <A href=*p attr:title=format!("Alt+{}", key.to_uppercase())>{t(*label)}</A>
                        }
                    })
                    .collect_view()}
            </nav>
            <div class="user-menu">
                <form method="post" action="/auth/company" class="inline" class:hidden=!multi>
                    <label>
                        <span class="sr-only">{t(T::SwitchCompany)}</span>
                        <select name="company_id" onchange=SUBMIT_ON_CHANGE_JS aria-label=t(T::SwitchCompany)>
                            {companies
                                .into_iter()
                                .map(|c| view! { <option value=c.id.to_string() selected=c.id == current>{c.name}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <noscript><button type="submit">"→"</button></noscript>
                </form>
                <LanguageForm lang/>
                <span class="user-name">{info.user_name.clone()}</span>
                <form method="post" action="/auth/logout" class="inline">
                    <button type="submit" class="link">{t(T::LogOut)}</button>
                </form>
            </div>
        </header>
    }
}

/// Language choice: a plain form post, so it works before hydration and without JS.
#[component]
pub fn LanguageForm(lang: Lang) -> impl IntoView {
    view! {
        <form method="post" action="/auth/lang" class="inline lang-form">
            <label>
                <span class="sr-only">{lang.t(T::Language)}</span>
                <select name="lang" onchange=SUBMIT_ON_CHANGE_JS aria-label=lang.t(T::Language) data-testid="language">
                    {Lang::ALL
                        .into_iter()
                        .map(|l| view! { <option value=l.code() selected=l == lang>{l.native_name()}</option> })
                        .collect_view()}
                </select>
            </label>
            <noscript><button type="submit">"→"</button></noscript>
        </form>
    }
}

/// Where an Alt shortcut leads, by the key's physical code (`KeyS`): on a Mac,
/// Option+S types `ß`, so the character cannot be used.
pub fn shortcut_by_code(code: &str) -> Option<&'static str> {
    code.strip_prefix("Key").and_then(shortcut_target)
}

/// Alt+letter jumps between areas (see `NAV`); `?` (outside a field) shows the list of
/// shortcuts, Escape hides it. Keys are handled in the browser only; the list is part
/// of the page on both sides.
#[component]
fn KeyboardShortcuts(lang: Lang) -> impl IntoView {
    let open = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let navigate = leptos_router::hooks::use_navigate();
        super::unsaved::install();
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.alt_key() && !ev.ctrl_key() && !ev.meta_key() {
                if let Some(path) = shortcut_by_code(&ev.code()) {
                    ev.prevent_default();
                    open.set(false);
                    if super::unsaved::may_leave() {
                        navigate(path, Default::default());
                    }
                }
                return;
            }
            let in_field = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || e.has_attribute("contenteditable"));
            match ev.key().as_str() {
                "?" if !in_field && !ev.ctrl_key() && !ev.meta_key() => {
                    ev.prevent_default();
                    open.update(|o| *o = !*o);
                }
                "Escape" => open.set(false),
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());
    }
    view! {
        <div class="shortcuts-overlay" role="dialog" aria-modal="true" aria-label=lang.t(T::Shortcuts) data-testid="shortcuts" hidden=move || !open.get()
            on:click=move |_| open.set(false)>
            <div class="shortcuts-box">
                <h2>{lang.t(T::Shortcuts)}</h2>
                <table>
                    <tbody>
                        {NAV.iter().map(|(_, label, key)| view! { <tr><td><kbd>"Alt"</kbd>"+"<kbd>{key.to_uppercase()}</kbd></td><td>{lang.t(*label)}</td></tr> }).collect_view()}
                        <tr><td><kbd>"?"</kbd></td><td>{lang.t(T::ShortcutsToggle)}</td></tr>
                        <tr><td><kbd>"Esc"</kbd></td><td>{lang.t(T::ShortcutsClose)}</td></tr>
                    </tbody>
                </table>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_unique_and_lead_somewhere() {
        let mut keys: Vec<&str> = NAV.iter().map(|n| n.2).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), NAV.len());
        assert_eq!(shortcut_target("S"), Some("/sales"));
        assert_eq!(shortcut_target("x"), None);
        // by the physical key: Option+S on a Mac types ß, its code is still KeyS
        assert_eq!(shortcut_by_code("KeyS"), Some("/sales"));
        assert_eq!(shortcut_by_code("KeyO"), Some("/setup"));
        assert_eq!(shortcut_by_code("Digit1"), None);
        assert_eq!(shortcut_by_code("ß"), None);
    }
}
