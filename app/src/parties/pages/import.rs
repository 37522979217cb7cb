//! CSV import of parties: choose a file (or paste), preview the errors per line,
//! then import all rows or none.
use leptos::prelude::*;

use crate::core::T;
use crate::parties::api::import_parties;
use crate::ui::import::CsvImport;
use crate::ui::lang;

#[component]
pub fn PartyImportPage() -> impl IntoView {
    let l = lang();
    view! {
        <h1>{l.t(T::ImportParties)}</h1>
        <p class="hint" data-format="csv">{l.t(T::ImportPartiesHint)}</p>
        <p class="hint"><code>{crate::parties::csv::COLUMNS.join(";")}</code></p>
        <CsvImport run=|csv, preview| Box::pin(import_parties(csv, preview))/>
    }
}
