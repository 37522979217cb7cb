//! The login page: a plain HTML form posted to `/auth/login`, so it works before
//! hydration and with JavaScript turned off.
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use crate::auth::model::LoginError;
use crate::core::T;
use crate::ui::layout::LanguageForm;
use crate::ui::SessionRes;

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = expect_context::<SessionRes>().0;
    let query = use_query_map();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let state = match session.await {
                    Ok(s) => s,
                    Err(e) => return crate::ui::alert(&e.to_string()),
                };
                if state.info.is_some() {
                    return view! { <Redirect path="/"/> }.into_any();
                }
                let lang = state.lang;
                provide_context(lang);
                let q = query.get_untracked();
                let error = q.get("error").and_then(|e| LoginError::parse(&e)).map(|e| e.message(lang));
                let email = q.get("email").unwrap_or_default();
                view! {
                    <main id="main" class="login">
                        <h1>"Flyt"</h1>
                        <h2>{lang.t(T::LoginTitle)}</h2>
                        {error.map(crate::ui::alert)}
                        <form method="post" action="/auth/login" class="stack">
                            <label class="field">
                                <span>{lang.t(T::Email)}</span>
                                <input type="email" name="email" autocomplete="username" required value=email/>
                            </label>
                            <label class="field">
                                <span>{lang.t(T::Password)}</span>
                                <input type="password" name="password" autocomplete="current-password" required/>
                            </label>
                            <button type="submit" class="primary">{lang.t(T::LogIn)}</button>
                        </form>
                        {state.demo.then(|| view! { <p class="hint">{lang.t(T::DemoHint)}</p> })}
                        <LanguageForm lang/>
                    </main>
                }
                .into_any()
            })}
        </Suspense>
    }
}
