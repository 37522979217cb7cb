use leptos::prelude::*;

use crate::core::T;
use crate::error::AppError;

/// The outcome of a server action under its form: the error in red, or "Saved".
#[component]
pub fn ActionStatus<O: Clone + Send + Sync + 'static>(#[prop(into)] value: Signal<Option<Result<O, AppError>>>) -> impl IntoView {
    let saved = super::tr(T::Saved);
    move || match value.get() {
        Some(Err(e)) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
        Some(Ok(_)) => view! { <p class="ok" role="status">{saved}</p> }.into_any(),
        None => ().into_any(),
    }
}

/// A labelled text input.
#[component]
pub fn Field(
    label: T,
    name: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{super::tr(label)}</span>
            <input type=kind name=name value=value required=required/>
        </label>
    }
}

/// Renders a list loaded by a resource, or its error.
pub fn loaded<T, V, F>(res: Result<T, AppError>, f: F) -> AnyView
where
    F: FnOnce(T) -> V,
    V: IntoView + 'static,
{
    match res {
        Ok(v) => f(v).into_any(),
        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
    }
}
