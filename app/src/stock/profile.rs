//! The item profile: one timeline of past moves and future planned moves with the
//! running and projected balance, and the chart of it. Pure: the server sends the
//! data once; the browser (WASM) filters by warehouse and period with this code.
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProfileEntry {
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub warehouse_id: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
    pub origin_kind: super::model::OriginKind,
    pub origin_id: i64,
}

/// Everything the profile needs, sent once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProfileData {
    pub item_no: String,
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub safety_stock: Decimal,
    /// Pairs of warehouse id and code: `[[1, "MAIN"], …]`.
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Vec<serde_json::Value>>))]
    pub warehouses: Vec<(i64, String)>,
    /// The server's date, so periods mean the same in the browser.
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub today: NaiveDate,
    /// Posted moves, oldest first.
    pub history: Vec<ProfileEntry>,
    /// Open planned moves, by date.
    pub planned: Vec<ProfileEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineRow {
    pub date: NaiveDate,
    pub warehouse_id: i64,
    pub qty: Decimal,
    /// Balance after this row: on hand for history, projected for planned rows.
    pub balance: Decimal,
    pub planned: bool,
    /// A planned out that comes before enough stock.
    pub late: bool,
    pub origin_kind: super::model::OriginKind,
    pub origin_id: i64,
}

/// Period choices of the profile: (code, days back from today; None = all).
pub const PERIODS: [(&str, Option<i64>); 4] = [("all", None), ("30", Some(30)), ("90", Some(90)), ("365", Some(365))];

/// The first day of a period choice.
pub fn period_start(today: NaiveDate, code: &str) -> Option<NaiveDate> {
    PERIODS.iter().find(|(c, _)| *c == code).and_then(|(_, days)| days.map(|d| today - chrono::Duration::days(d)))
}

/// The timeline for a warehouse (all when `None`) and a period. The balance
/// starts from everything before `from`.
pub fn timeline(data: &ProfileData, warehouse: Option<i64>, from: Option<NaiveDate>, to: Option<NaiveDate>) -> (Decimal, Vec<TimelineRow>) {
    let wh_ok = |e: &ProfileEntry| warehouse.is_none_or(|w| e.warehouse_id == w);
    let in_period = |d: NaiveDate| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t);
    let opening: Decimal = data.history.iter().filter(|e| wh_ok(e) && from.is_some_and(|f| e.date < f)).map(|e| e.qty).sum();
    let mut balance = opening;
    let mut rows = Vec::new();
    for e in data.history.iter().filter(|e| wh_ok(e) && in_period(e.date)) {
        balance += e.qty;
        rows.push(TimelineRow {
            date: e.date,
            warehouse_id: e.warehouse_id,
            qty: e.qty,
            balance,
            planned: false,
            late: false,
            origin_kind: e.origin_kind,
            origin_id: e.origin_id,
        });
    }
    // projection continues from today's balance (all history up to now), whatever the period
    let mut projected: Decimal = data.history.iter().filter(|e| wh_ok(e)).map(|e| e.qty).sum();
    let mut planned: Vec<&ProfileEntry> = data.planned.iter().filter(|e| wh_ok(e)).collect();
    planned.sort_by_key(|e| (e.date, e.qty.is_sign_negative()));
    for e in planned {
        projected += e.qty;
        if in_period(e.date) {
            rows.push(TimelineRow {
                date: e.date,
                warehouse_id: e.warehouse_id,
                qty: e.qty,
                balance: projected,
                planned: true,
                late: e.qty.is_sign_negative() && projected.is_sign_negative() && !projected.is_zero(),
                origin_kind: e.origin_kind,
                origin_id: e.origin_id,
            });
        }
    }
    (opening, rows)
}

/// The drawn profile: an SVG step line of the balance, the y of the safety-stock
/// line, the value range (the y axis), the date range (the x axis, always reaching
/// today) and the x of today's line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    pub path: String,
    pub safety_y: String,
    pub min: f64,
    pub max: f64,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub today_x: Option<f64>,
}

/// The profile in a `w`×`h` box (see [`Chart`]).
pub fn chart(opening: Decimal, rows: &[TimelineRow], safety: Decimal, today: NaiveDate, w: f64, h: f64) -> Chart {
    use rust_decimal::prelude::ToPrimitive;
    if rows.is_empty() {
        return Chart { safety_y: format!("{h:.1}"), ..Default::default() };
    }
    let first = rows[0].date.min(today);
    let last = rows[rows.len() - 1].date.max(today);
    let span = ((last - first).num_days().max(1)) as f64;
    let vals = std::iter::once(opening).chain(rows.iter().map(|r| r.balance)).chain(std::iter::once(safety));
    let (mut min, mut max) = (f64::MAX, f64::MIN);
    for v in vals {
        let f = v.to_f64().unwrap_or(0.0);
        min = min.min(f);
        max = max.max(f);
    }
    min = min.min(0.0);
    if (max - min).abs() < f64::EPSILON {
        max = min + 1.0;
    }
    // chart coordinates are display-only; the figures themselves stay exact
    let y = |v: Decimal| h - (v.to_f64().unwrap_or(0.0) - min) / (max - min) * h;
    let x = |d: NaiveDate| (d - first).num_days() as f64 / span * w;
    let mut path = format!("M0,{:.1}", y(opening));
    let mut prev_y = y(opening);
    for r in rows {
        let xr = x(r.date);
        path.push_str(&format!(" L{xr:.1},{prev_y:.1} L{xr:.1},{:.1}", y(r.balance)));
        prev_y = y(r.balance);
    }
    path.push_str(&format!(" L{w:.1},{prev_y:.1}"));
    Chart { path, safety_y: format!("{:.1}", y(safety)), min, max, first: Some(first), last: Some(last), today_x: Some(x(today)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::stock::model::OriginKind as K;

    fn e(day: u32, qty: i64, kind: K) -> ProfileEntry {
        ProfileEntry {
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            warehouse_id: if kind == K::Transfer { 2 } else { 1 },
            qty: Decimal::from(qty),
            origin_kind: kind,
            origin_id: 0,
        }
    }

    fn data() -> ProfileData {
        ProfileData {
            item_no: "A".into(),
            description: "a".into(),
            safety_stock: Decimal::from(3),
            warehouses: vec![(1, "MAIN".into()), (2, "OSLO".into())],
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            history: vec![e(1, 10, K::Adjustment), e(5, -4, K::Order), e(6, 2, K::Transfer)],
            planned: vec![e(25, -8, K::Order), e(20, 5, K::PurchaseOrder)],
        }
    }

    #[test]
    fn running_and_projected_balance() {
        let (opening, rows) = timeline(&data(), Some(1), None, None);
        assert_eq!(opening, Decimal::ZERO);
        let balances: Vec<i64> = rows.iter().map(|r| r.balance.try_into().unwrap()).collect();
        assert_eq!(balances, vec![10, 6, 11, 3]);
        assert!(rows[2].planned && rows[3].planned);
        assert!(!rows.iter().any(|r| r.late));
    }

    #[test]
    fn a_planned_out_before_enough_stock_is_late() {
        let mut d = data();
        d.planned = vec![e(20, -8, K::Order), e(25, 5, K::PurchaseOrder)];
        let (_, rows) = timeline(&d, Some(1), None, None);
        assert!(rows.iter().find(|r| r.origin_kind == K::Order && r.planned).unwrap().late);
    }

    #[test]
    fn filters_by_warehouse_and_period() {
        let d = data();
        let (_, all) = timeline(&d, None, None, None);
        assert_eq!(all.len(), 5);
        let from = NaiveDate::from_ymd_opt(2026, 11, 4);
        let to = NaiveDate::from_ymd_opt(2026, 11, 30);
        let (opening, rows) = timeline(&d, Some(1), from, to);
        assert_eq!(opening, Decimal::from(10), "the balance before the period");
        assert_eq!(rows[0].balance, Decimal::from(6));
        let (_, oslo) = timeline(&d, Some(2), None, None);
        assert_eq!(oslo.len(), 1);
    }

    #[test]
    fn chart_path_and_safety_line() {
        let d = data();
        let (opening, rows) = timeline(&d, Some(1), None, None);
        let c = chart(opening, &rows, d.safety_stock, d.today, 600.0, 200.0);
        assert!(c.path.starts_with("M0,200.0"));
        assert_eq!((c.min, c.max), (0.0, 11.0));
        assert_eq!(c.safety_y, format!("{:.1}", 200.0 - 3.0 / 11.0 * 200.0));
        // the x axis runs from the first move to the last (planned) one, today within
        let (first, last) = (c.first.unwrap(), c.last.unwrap());
        assert!(first <= d.today && d.today <= last);
        let expect = (d.today - first).num_days() as f64 / (last - first).num_days().max(1) as f64 * 600.0;
        assert!((c.today_x.unwrap() - expect).abs() < 1e-9);
        // a history that ended long ago still reaches today: today is the right edge
        let old: Vec<TimelineRow> = rows.iter().filter(|r| !r.planned).cloned().collect();
        let later = d.today + chrono::Duration::days(400);
        let c = chart(opening, &old, d.safety_stock, later, 600.0, 200.0);
        assert_eq!((c.last, c.today_x), (Some(later), Some(600.0)));
        let empty = chart(Decimal::ZERO, &[], Decimal::ZERO, d.today, 1.0, 1.0);
        assert_eq!((empty.path.as_str(), empty.safety_y.as_str(), empty.today_x), ("", "1.0", None), "no moves: no line, safety at the bottom");
    }
}
