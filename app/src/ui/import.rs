//! The CSV import widget: a file is read in the browser (UTF-8 with or without a
//! byte-order mark, or Windows-1252 as Excel saves CSV), previewed (every bad line named, nothing written) and imported all
//! or nothing. Pasting CSV into the text area works too. A large file is first
//! checked part by part, with progress, by the same server function in preview
//! mode; the import itself then sends the whole file as one transaction.
use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::core::csv::{self, ImportReport};
use crate::core::T;
use crate::error::AppError;

/// An import's server function: (CSV text, preview) → report.
pub type ImportFn = fn(String, bool) -> Pin<Box<dyn Future<Output = Result<ImportReport, AppError>>>>;

/// Data rows per part when checking a large file.
const PART_ROWS: usize = 2000;

/// Checks the parts of a file one after the other, reporting (rows checked,
/// rows) after each; answers every bad line of the whole file.
async fn check_parts(run: ImportFn, parts: Vec<csv::Chunk>, progress: impl Fn(usize, usize)) -> Result<ImportReport, AppError> {
    let total: usize = parts.iter().map(|p| p.lines.len()).sum();
    let mut done = 0;
    let mut errors = Vec::new();
    for part in parts {
        progress(done, total);
        let r = run(part.text.clone(), true).await?;
        errors.extend(r.errors.into_iter().map(|(line, e)| (part.file_line(line), e)));
        done += part.lines.len();
    }
    progress(done, total);
    Ok(ImportReport { rows: total as i64, imported: 0, errors })
}

#[component]
pub fn CsvImport(run: ImportFn) -> impl IntoView {
    let l = super::lang();
    let text = RwSignal::new(String::new());
    let file_error = RwSignal::new(None::<String>);
    let result = RwSignal::new(None::<Result<ImportReport, AppError>>);
    let pending = RwSignal::new(false);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let submit = move |preview: bool| {
        move |_| {
            pending.set(true);
            result.set(None);
            leptos::task::spawn_local(async move {
                let csv = text.get_untracked();
                let parts = csv::chunks(&csv, PART_ROWS).unwrap_or_default();
                let mut outcome = None;
                if parts.len() > 1 {
                    let checked = check_parts(run, parts, |done, total| progress.set(Some((done, total)))).await;
                    progress.set(None);
                    if preview || !matches!(&checked, Ok(r) if r.errors.is_empty()) {
                        outcome = Some(checked);
                    }
                }
                let outcome = match outcome {
                    Some(o) => o,
                    None => run(csv, preview).await,
                };
                result.set(Some(outcome));
                pending.set(false);
            });
        }
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
            {move || file_error.get().map(|e| crate::ui::alert(&e))}
            <p>
                <button type="button" on:click=submit(true) disabled=move || pending.get() data-testid="csv-preview">{l.t(T::Preview)}</button>" "
                <button type="button" class="primary" on:click=submit(false) disabled=move || pending.get() data-testid="csv-import">{l.t(T::Import)}</button>
            </p>
            {move || match (pending.get(), progress.get()) {
                (true, Some((done, total))) => Some(view! {
                    <p class="hint" role="status" data-testid="import-progress">
                        <progress max=total.to_string() value=done.to_string()></progress>
                        {format!(" {} {done} / {total}", l.t(T::RowsChecked))}
                    </p>
                }.into_any()),
                (true, None) => Some(view! { <p class="hint" role="status">{l.t(T::Working)}</p> }.into_any()),
                _ => None,
            }}
            {move || result.get().map(|r| match r {
                Err(e) => crate::ui::alert(&e.to_string()),
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
                <tbody>{report.errors.into_iter().take(500).map(|(line, e)| view! { <tr><td class="num">{line}</td><td>{crate::ui::msg(&e)}</td></tr> }).collect_view()}</tbody>
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
            Ok(buf) => {
                text.set(crate::core::csv::text(&js_sys::Uint8Array::new(&buf).to_vec()));
                error.set(None);
            }
            Err(_) => error.set(Some("The file could not be read".into())),
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn read_file(_ev: leptos::ev::Event, _text: RwSignal<String>, _error: RwSignal<Option<String>>) {}
