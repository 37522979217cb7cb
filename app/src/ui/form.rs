use leptos::prelude::*;

use crate::core::T;
use crate::error::AppError;

/// The outcome of a server action under its form: the error in red, or "Saved".
#[component]
pub fn ActionStatus<O: Clone + Send + Sync + 'static>(
    #[prop(into)] value: Signal<Option<Result<O, AppError>>>,
    /// What success says; "Saved" unless given.
    #[prop(optional)]
    ok: Option<T>,
) -> impl IntoView {
    let saved = super::tr(ok.unwrap_or(T::Saved));
    move || match value.get() {
        Some(Err(e)) => crate::ui::alert(&e.to_string()),
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
        Err(e) => {
            // the page answers with the error's status (404 for an unknown id, 403, …),
            // not 200 around an error text
            #[cfg(feature = "ssr")]
            if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                r.set_status(e.status());
            }
            crate::ui::alert(&e.to_string())
        }
    }
}

/// Yes/No for a flag in a table.
pub fn yes_no(b: bool) -> &'static str {
    super::tr(if b { T::Yes } else { T::No })
}

/// The "Active" checkbox of register forms, checked by default.
#[component]
pub fn ActiveBox(#[prop(default = true)] checked: bool) -> impl IntoView {
    view! {
        <label class="field check">
            <input type="checkbox" name="active" value="on" checked=checked/>
            <span>{super::tr(T::Active)}</span>
        </label>
    }
}

/// A table of rows loaded by a resource: column headers (label, numeric?) and a
/// renderer per row. Reloads when the resource does (e.g. after a save).
#[component]
pub fn DataTable<R, F, V>(rows: Resource<Result<Vec<R>, AppError>>, headers: &'static [(T, bool)], row: F) -> impl IntoView
where
    R: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(R) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let l = super::lang();
    view! {
        <Transition fallback=|| ()>
            {move || {
                let row = row.clone();
                Suspend::new(async move {
                    loaded(rows.await, move |rows| view! {
                        <table class="data">
                            <thead>
                                <tr>{headers.iter().map(|(h, num)| view! { <th class:num=*num>{l.t(*h)}</th> }).collect_view()}</tr>
                            </thead>
                            <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    })
                })
            }}
        </Transition>
    }
}

/// The text of a `<textarea>` as a view child. Leptos writes the children of
/// `<textarea>` (like `<script>` and `<style>`) into the server's HTML without escaping
/// them, so a stored `</textarea><img onerror=…>` would become markup. On the server the
/// text is escaped here; in the browser it is set as a text node, which needs none.
pub fn textarea_text(value: &str) -> String {
    if cfg!(feature = "ssr") {
        value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "ssr")]
    fn textarea_text_cannot_close_the_element() {
        let t = textarea_text("</textarea><img src=x onerror=alert(1)> & co");
        assert!(!t.contains('<') && !t.contains('>'));
        assert_eq!(t, "&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt; &amp; co");
    }
}
