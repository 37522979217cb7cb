//! CSV import of items with opening stock: choose a file (or paste), preview the
//! errors per line, then import all rows or none.
use leptos::prelude::*;

use crate::core::T;
use crate::stock::api::import_items;
use crate::ui::import::CsvImport;
use crate::ui::lang;

#[component]
pub fn ItemImportPage() -> impl IntoView {
    let l = lang();
    view! {
        <h1>{l.t(T::ImportItems)}</h1>
        <p class="hint" data-format="csv">{l.t(T::ImportItemsHint)}</p>
        <p class="hint"><code>{crate::stock::import::COLUMNS.join(";")}</code></p>
        <CsvImport run=|csv, preview| Box::pin(import_items(csv, preview))/>
    }
}
