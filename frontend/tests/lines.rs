//! The line editor's amounts and totals, computed in the browser with the server's
//! code: what the user sees before saving is what the server stores.
#![cfg(target_arch = "wasm32")]
use std::str::FromStr;

use app::sales::lines::{line_net, totals, Line, LineKind};
use app::sales::model::BackorderLine;
use app::sales::pages::group_backorder;
use rust_decimal::Decimal;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn item(no: i64, qty: &str, price: &str, disc: &str, code: &str, rate: &str) -> Line {
    Line {
        line_no: no,
        kind: LineKind::Item,
        qty: d(qty),
        unit_price: d(price),
        discount_pct: d(disc),
        vat_code: code.into(),
        vat_rate: d(rate),
        net: line_net(d(qty), d(price), d(disc)),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
fn totals_in_the_browser_match_the_server() {
    let lines = vec![
        Line { line_no: 1, kind: LineKind::Heading, description: "Materialer".into(), ..Default::default() },
        item(2, "6", "149.90", "10", "S25", "25"),
        item(3, "3", "89", "0", "S15", "15"),
        item(4, "2.5", "900", "10", "S25", "25"),
    ];
    let t = totals(&lines);
    // the same figures the server test checks for the same quote
    assert_eq!((t.net, t.vat_total, t.gross), (d("3101.46"), d("748.67"), d("3850.13")));
    assert_eq!(t.subtotals[0].net, d("3101.46"));
}

#[wasm_bindgen_test]
fn backorder_groups_in_the_browser() {
    let b = |order: &str, item: &str, req: &str| BackorderLine {
        order_no: order.into(),
        customer_name: "K".into(),
        requisition_no: req.into(),
        line_no: 1,
        item_no: item.into(),
        description: String::new(),
        ordered: Decimal::ONE,
        delivered: Decimal::ZERO,
        remaining: Decimal::ONE,
        requested_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
    };
    let lines = vec![b("20001", "A", "R1"), b("20002", "A", ""), b("20002", "B", "R1")];
    assert_eq!(group_backorder(&lines, "item").iter().map(|(_, v)| v.len()).collect::<Vec<_>>(), vec![2, 1]);
    assert_eq!(group_backorder(&lines, "order").len(), 2);
    assert_eq!(group_backorder(&lines, "requisition").iter().map(|(k, v)| (k.as_str(), v.len())).collect::<Vec<_>>(), vec![("R1", 2), ("—", 1)]);
}
