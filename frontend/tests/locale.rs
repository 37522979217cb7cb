//! Locale formatting in a real browser (headless Chromium via wasm-bindgen-test):
//! the WASM build must format money and dates exactly as the server does.
#![cfg(target_arch = "wasm32")]
use std::str::FromStr;

use app::core::format;
use app::core::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn money_is_formatted_per_locale_in_the_browser() {
    let d = Decimal::from_str("1234.5").unwrap();
    assert_eq!(format::money(d, "NOK", Lang::Nb), "1\u{a0}234,50\u{a0}kr");
    assert_eq!(format::money(d, "SEK", Lang::Sv), "1\u{a0}234,50\u{a0}kr");
    assert_eq!(format::money(d, "NOK", Lang::En), "NOK\u{a0}1,234.50");
    assert_eq!(format::amount(Decimal::from_str("-9876543.215").unwrap(), Lang::Nb), "-9\u{a0}876\u{a0}543,22");
    // exact decimal arithmetic in WASM: no float drift
    assert_eq!(Decimal::from_str("0.1").unwrap() + Decimal::from_str("0.2").unwrap(), Decimal::from_str("0.3").unwrap());
}

#[wasm_bindgen_test]
fn dates_are_formatted_per_locale_in_the_browser() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert_eq!(format::date(day, Lang::Nb), "23.11.2026");
    assert_eq!(format::date(day, Lang::Sv), "2026-11-23");
    assert_eq!(format::date(day, Lang::En), "23 Nov 2026");
}

#[wasm_bindgen_test]
fn typed_amounts_are_read_per_locale_in_the_browser() {
    assert_eq!(format::parse_amount("1 234,50", Lang::Nb).unwrap(), Decimal::from_str("1234.50").unwrap());
    assert!(format::parse_amount("abc", Lang::Sv).is_err());
}
