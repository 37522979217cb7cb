//! Reading the journal: the page asked for, and an event's data as it is handed on.
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::core::event::{EventKind, EventOut};

/// A page of events and the cursor to read on from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventPage {
    pub events: Vec<EventOut>,
    /// Pass as `after` for the next page (the last event's seq; unchanged when the page is empty).
    pub next: i64,
}

/// The most events a page holds.
pub const MAX_PAGE: i64 = 1000;

/// Reads `?after=&types=&limit=`: a cursor (0 or empty: from the start), event types
/// separated by commas (empty: all), a page size of 1 to 1000 (default 100).
pub fn query(after: &str, types: &str, limit: &str) -> Result<(i64, Vec<EventKind>, i64), String> {
    let after = match after.trim() {
        "" => 0,
        a => a.parse::<i64>().ok().filter(|a| *a >= 0).ok_or_else(|| format!("after: '{a}' is not a cursor (the seq of the last event read)"))?,
    };
    let mut kinds = Vec::new();
    for t in types.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let k = EventKind::parse(t)
            .ok_or_else(|| format!("Unknown event type '{t}': use {}", EventKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>().join(", ")))?;
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    let limit = match limit.trim() {
        "" => 100,
        l => l.parse::<i64>().ok().filter(|l| (1..=MAX_PAGE).contains(l)).ok_or_else(|| format!("limit: '{l}' is not a number from 1 to {MAX_PAGE}"))?,
    };
    Ok((after, kinds, limit))
}

/// An event's data as stored, as it is handed on: a stock change's figures (stored in
/// thousandths, as the SQL that read them wrote them) become decimal quantities, with
/// the free quantity (on hand − reserved) beside them.
pub fn present(kind: EventKind, stored: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(stored).unwrap_or(serde_json::Value::Null);
    if kind != EventKind::StockChanged {
        return v;
    }
    if let Some(o) = v.as_object_mut() {
        let milli = |o: &serde_json::Map<String, serde_json::Value>, k: &str| Decimal::new(o.get(k).and_then(|x| x.as_i64()).unwrap_or(0), 3).normalize();
        let (on_hand, reserved) = (milli(o, "on_hand_milli"), milli(o, "reserved_milli"));
        o.remove("on_hand_milli");
        o.remove("reserved_milli");
        o.insert("on_hand".into(), on_hand.to_string().into());
        o.insert("reserved".into(), reserved.to_string().into());
        o.insert("free".into(), (on_hand - reserved).normalize().to_string().into());
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_reads_cursor_types_and_size_and_refuses_the_rest() {
        assert_eq!(query("", "", ""), Ok((0, vec![], 100)));
        assert_eq!(query("42", "stock_changed, order_created,stock_changed", "500"), Ok((42, vec![EventKind::StockChanged, EventKind::OrderCreated], 500)));
        assert!(query("-1", "", "").unwrap_err().contains("not a cursor"));
        assert!(query("x", "", "").unwrap_err().contains("not a cursor"));
        assert!(query("", "order.created", "").unwrap_err().contains("Unknown event type 'order.created': use order_created"));
        assert!(query("", "", "0").unwrap_err().contains("1 to 1000"));
        assert!(query("", "", "1001").unwrap_err().contains("1 to 1000"));
    }

    #[test]
    fn stock_figures_are_handed_on_as_decimals_with_the_free_quantity() {
        let v = present(EventKind::StockChanged, r#"{"item_no":"A-1","warehouse":"HOVED","on_hand_milli":12500,"reserved_milli":2000}"#);
        assert_eq!(v, serde_json::json!({"item_no": "A-1", "warehouse": "HOVED", "on_hand": "12.5", "reserved": "2", "free": "10.5"}));
        let oversold = present(EventKind::StockChanged, r#"{"item_no":"A-1","warehouse":"HOVED","on_hand_milli":1000,"reserved_milli":3000}"#);
        assert_eq!(oversold["free"], "-2");
        assert_eq!(present(EventKind::OrderCreated, r#"{"number":"20001"}"#), serde_json::json!({"number": "20001"}));
    }
}
