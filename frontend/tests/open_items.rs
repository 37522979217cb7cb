//! The open-items list, filtered and sorted in the browser with the same code the
//! host tests: overdue first by due date, per customer, totals per currency.
#![cfg(target_arch = "wasm32")]
use app::receivables::model::{days_overdue, select, total_open, OpenFilter, OpenItem};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn item(kind: &str, no: &str, cust: &str, name: &str, due: &str, open: i64, currency: &str) -> OpenItem {
    OpenItem {
        kind: app::receivables::model::EntryKind::parse(kind).unwrap(),
        number: no.into(),
        customer_no: cust.into(),
        customer_name: name.into(),
        due_date: NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap(),
        currency: currency.into(),
        open: Decimal::from(open),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
fn open_items_are_filtered_and_sorted_in_the_browser() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let items = vec![
        item("invoice", "12", "10001", "Havnelageret AS", "2026-12-10", 500, "NOK"),
        item("invoice", "9", "10002", "Fjordbygg Sør AS", "2026-11-02", 120, "NOK"),
        item("payment", "4", "10001", "Havnelageret AS", "2026-11-20", -50, "NOK"),
        item("invoice", "10", "10003", "Kund AB", "2026-11-15", 80, "SEK"),
    ];
    let order: Vec<&str> = select(&items, OpenFilter::All, "", today).iter().map(|i| i.number.as_str()).collect();
    assert_eq!(order, vec!["9", "10", "4", "12"]);
    let overdue = select(&items, OpenFilter::Overdue, "", today);
    assert_eq!(overdue.iter().map(|i| days_overdue(i, today)).collect::<Vec<_>>(), vec![29, 16]);
    let havn = select(&items, OpenFilter::All, "havne", today);
    assert_eq!(total_open(&havn), vec![("NOK".to_string(), Decimal::from(450))]);
    assert_eq!(select(&items, OpenFilter::NotDue, "10001", today).len(), 1);
}
