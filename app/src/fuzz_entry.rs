//! The parsers of outside input, as the fuzz targets (`app/fuzz`) and the corpus
//! replay test (`app/tests/fuzz_corpus.rs`) call them: any bytes in, never a panic,
//! never unbounded recursion.

/// The fuzzed parsers by name: (name, entry).
pub const TARGETS: [(&str, fn(&[u8])); 5] = [("ubl", ubl), ("bankfile", bankfile), ("csv", csv), ("shop", shop), ("crm", crm)];

/// An EHF / UBL invoice or credit note (supplier invoice import).
pub fn ubl(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::purchasing::ubl::parse(text);
    }
}

/// A bank file: Nets OCR giro or camt.053.
pub fn bankfile(data: &[u8]) {
    let _ = crate::receivables::bankfile::parse(data);
}

/// A CSV import file, read as items, as parties, as budgets and as opening balances.
pub fn csv(data: &[u8]) {
    let text = crate::core::csv::text(data);
    let _ = crate::accounting::model::opening_balances(&text);
    if let Ok(table) = crate::core::csv::parse(&text) {
        let _ = crate::stock::import::rows(&table);
        let _ = crate::parties::csv::rows(&table);
        let _ = crate::reports::budget::model::rows(&table);
    }
}

/// A webshop's answer (Vendure's orders, read as JSON with serde_json's depth limit)
/// and a change list's query (`updated_after`, `cursor`, `limit`).
pub fn shop(data: &[u8]) {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) {
        for o in v.pointer("/data/orders/items").and_then(|i| i.as_array()).into_iter().flatten() {
            let _ = crate::webshop::vendure::parse_order(o);
        }
        let _ = crate::webshop::vendure::parse_order(&v);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let mid = (0..=text.len() / 2).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let (a, b) = text.split_at(mid);
        let _ = crate::core::sync::query(a, "", b);
        let _ = crate::core::sync::query("", text, "");
    }
}

/// A CRM's answer (Tryton's parties with their sub-records, and its datetimes, read as
/// JSON with serde_json's depth limit) and the stored field rules.
pub fn crm(data: &[u8]) {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = crate::crm::tryton::values_from_answer(&v);
        let _ = crate::crm::tryton::millis(&v);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::crm::model::Rules::parse(text);
    }
}
