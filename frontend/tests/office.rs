//! Browser logic of an office day, in a real browser (headless Chromium via
//! wasm-bindgen-test): the company's clock from JavaScript's time, server messages
//! translated in the WASM, Alt shortcuts by key code, the open items' order and
//! ageing, and the customer picker's labels.
#![cfg(target_arch = "wasm32")]
use app::core::clock::{date_at, local_time, now, today, zone_of};
use app::core::messages::translate;
use app::core::{Country, Lang};
use app::receivables::ageing::{ageing, by_number};
use app::receivables::model::OpenItem;
use app::ui::layout::shortcut_by_code;
use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_company_clock_runs_in_the_browser() {
    // chrono's own clock panics in WebAssembly; ours reads JavaScript's
    let t = now();
    assert!(t.timestamp() > 1_700_000_000, "{t}");
    let oslo = today(Country::NO.zone());
    assert_eq!(oslo, date_at(Country::NO.zone(), t));
    let at = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
    assert_eq!(date_at(Country::NO.zone(), at), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
    assert_eq!(local_time(zone_of("SE"), at.timestamp_millis(), Lang::Sv), "2027-01-01 00:30 CET");
}

#[wasm_bindgen_test]
fn server_messages_arrive_in_the_users_language() {
    assert_eq!(translate("Order 10004 is draft: confirm it before delivering", Lang::Nb), "Ordre 10004 er utkast: bekreft den før levering");
    assert_eq!(translate("Line 2: Quantity is required", Lang::Sv), "Rad 2: Antal måste anges");
}

#[wasm_bindgen_test]
fn alt_shortcuts_go_by_the_key_code() {
    assert_eq!(shortcut_by_code("KeyS"), Some("/sales"));
    assert_eq!(shortcut_by_code("KeyR"), Some("/receivables"));
    assert_eq!(shortcut_by_code("Semicolon"), None);
}

#[wasm_bindgen_test]
fn open_items_sort_and_age_in_the_browser() {
    let mut v = vec!["10", "9", "100"];
    v.sort_by(|a, b| by_number(a, b));
    assert_eq!(v, ["9", "10", "100"]);
    let item = |due: &str, open: i64| OpenItem {
        kind: app::receivables::model::EntryKind::Invoice,
        number: "1".into(),
        customer_no: "1".into(),
        customer_name: "A".into(),
        date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        due_date: NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap(),
        currency: "NOK".into(),
        amount: Decimal::from(open),
        open: Decimal::from(open),
        disputed: false,
        reminder_level: 0,
    };
    let (a, b) = (item("2026-12-20", 5), item("2026-08-01", 7));
    let aged = ageing(&[&a, &b], NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
    assert_eq!(aged[0].1, [Decimal::ZERO, Decimal::from(5), Decimal::ZERO, Decimal::ZERO, Decimal::from(7)]);
}
