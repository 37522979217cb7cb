//! The CSV import widget: a file is read in the browser (refused there when it is
//! not UTF-8), previewed (every bad line named, nothing written) and imported all
//! or nothing. Pasting CSV into the text area works too.
use leptos::prelude::*;

use crate::core::csv::ImportReport;
use crate::core::T;
use crate::error::AppError;

#[component]
pub fn CsvImport(
    /// Called with the CSV text and `preview`.
    on_submit: impl Fn(String, bool) + Clone + Send + Sync + 'static,
    #[prop(into)] result: Signal<Option<Result<ImportReport, AppError>>>,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    let l = super::lang();
    let text = RwSignal::new(String::new());
    let file_error = RwSignal::new(None::<String>);
    let submit = move |preview: bool| {
        let on_submit = on_submit.clone();
        move |_| on_submit(text.get_untracked(), preview)
    };
    view! {
        <div class="import stack">
            <label class="field">
                <span>{l.t(T::CsvFile)}</span>
                <input type="file" accept=".csv,text/csv" data-testid="csv-file" on:change=move |ev| read_file(ev, text, file_error)/>
            </label>
            <label class="field">
                <span>{l.t(T::CsvText)}</span>
                <textarea rows="8" data-testid="csv-text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </label>
            {move || file_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <p>
                <button type="button" on:click=submit(true) disabled=move || pending.get() data-testid="csv-preview">{l.t(T::Preview)}</button>" "
                <button type="button" class="primary" on:click=submit(false) disabled=move || pending.get() data-testid="csv-import">{l.t(T::Import)}</button>
            </p>
            {move || pending.get().then(|| view! { <p class="hint" role="status">{l.t(T::Working)}</p> })}
            {move || result.get().map(|r| match r {
                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                Ok(r) => view! { <Report report=r/> }.into_any(),
            })}
        </div>
    }
}

#[component]
pub fn Report(report: ImportReport) -> impl IntoView {
    let l = super::lang();
    let summary = if report.imported > 0 {
        format!("{} {}", report.imported, l.t(T::RowsImported))
    } else if report.errors.is_empty() {
        format!("{} {}", report.rows, l.t(T::RowsReady))
    } else {
        format!("{} {} · {}", report.errors.len(), l.t(T::RowsWithErrors), l.t(T::NothingImported))
    };
    let ok = report.errors.is_empty();
    view! {
        <p class=if ok { "ok" } else { "error" } role="status" data-testid="import-summary">{summary}</p>
        {(!ok).then(|| view! {
            <table class="data" data-testid="import-errors">
                <thead><tr><th class="num">{l.t(T::Line)}</th><th>{l.t(T::Problem)}</th></tr></thead>
                <tbody>{report.errors.into_iter().take(500).map(|(line, e)| view! { <tr><td class="num">{line}</td><td>{e}</td></tr> }).collect_view()}</tbody>
            </table>
        })}
    }
}

#[cfg(feature = "hydrate")]
fn read_file(ev: leptos::ev::Event, text: RwSignal<String>, error: RwSignal<Option<String>>) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buf) => match crate::core::csv::utf8(&js_sys::Uint8Array::new(&buf).to_vec()) {
                Ok(t) => {
                    text.set(t.to_string());
                    error.set(None);
                }
                Err(e) => {
                    text.set(String::new());
                    error.set(Some(e));
                }
            },
            Err(_) => error.set(Some("The file could not be read".into())),
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn read_file(_ev: leptos::ev::Event, _text: RwSignal<String>, _error: RwSignal<Option<String>>) {}
