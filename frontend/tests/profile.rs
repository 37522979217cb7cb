//! The item profile's projection, computed in the browser with the server's code.
#![cfg(target_arch = "wasm32")]
use app::stock::profile::{chart, period_start, timeline, ProfileData, ProfileEntry};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn entry(day: u32, wh: i64, qty: i64) -> ProfileEntry {
    ProfileEntry {
        date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
        warehouse_id: wh,
        qty: Decimal::from(qty),
        origin_kind: app::stock::model::OriginKind::Order,
        origin_id: 0,
    }
}

#[wasm_bindgen_test]
fn timeline_filters_and_projects_in_the_browser() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let d = ProfileData {
        item_no: "A".into(),
        description: "a".into(),
        safety_stock: Decimal::from(2),
        warehouses: vec![(1, "MAIN".into()), (2, "OSLO".into())],
        today,
        history: vec![entry(1, 1, 10), entry(2, 2, 4), entry(20, 1, -3)],
        planned: vec![entry(28, 1, -9)],
    };
    let (_, all) = timeline(&d, None, None, None);
    assert_eq!(all.last().unwrap().balance, Decimal::from(2));
    let (_, main) = timeline(&d, Some(1), None, None);
    assert!(main.last().unwrap().late, "9 out of MAIN with 7 on hand is late");
    let (opening, recent) = timeline(&d, Some(1), period_start(today, "30"), None);
    assert_eq!(opening, Decimal::ZERO);
    assert_eq!(recent.len(), 3);
    let c = chart(opening, &recent, d.safety_stock, today, 600.0, 160.0);
    assert!(c.path.starts_with("M0,"));
    // the x axis reaches today, where the today line is drawn
    assert!(c.today_x.is_some_and(|x| (0.0..=600.0).contains(&x)), "{c:?}");
}
