//! Stock turnover and slow movers, the pure part: per item, the stock value at the
//! start and end of the period (the valuation's own figures), what was issued to
//! customers in it (deliveries and invoices, returns subtracted) at the cost the moves
//! carry, the turnover (cost of goods sold against the average stock value), days of
//! stock, and the last issue — items with stock and no issue in the period first.
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::reports::model::{Cell, Month, Table};

/// The filters as typed (the page's address).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct TurnoverQuery {
    /// First month, `YYYY-MM` (default: January of `to`'s year).
    #[serde(default)]
    pub from: String,
    /// Last month, `YYYY-MM` (default: the current month).
    #[serde(default)]
    pub to: String,
    /// A warehouse code: that warehouse alone.
    #[serde(default)]
    pub warehouse: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TurnoverFilter {
    pub from: Month,
    pub to: Month,
    pub warehouse: Option<String>,
}

impl TurnoverFilter {
    /// The day before the period (the opening value's date) and its last day.
    pub fn dates(&self) -> (NaiveDate, NaiveDate) {
        let first = NaiveDate::from_ymd_opt(self.from.year, self.from.month, 1).unwrap_or_default();
        let next = if self.to.month == 12 { (self.to.year + 1, 1) } else { (self.to.year, self.to.month + 1) };
        let after = NaiveDate::from_ymd_opt(next.0, next.1, 1).unwrap_or_default();
        (first.pred_opt().unwrap_or(first), after.pred_opt().unwrap_or(after))
    }
    /// The period's days.
    pub fn days(&self) -> i64 {
        let (before, last) = self.dates();
        (last - before).num_days()
    }
}

impl TurnoverQuery {
    pub fn check(&self, today: NaiveDate) -> Result<TurnoverFilter, String> {
        let period = crate::reports::model::SalesQuery { from: self.from.clone(), to: self.to.clone(), ..Default::default() }.check(today)?;
        if self.warehouse.len() > 50 {
            return Err("Warehouse: at most 50 characters".into());
        }
        Ok(TurnoverFilter { from: period.from, to: period.to, warehouse: Some(self.warehouse.trim().to_string()).filter(|w| !w.is_empty()) })
    }
}

/// An item's stock at a date: (item no, description, quantity, value).
pub type Stock = (String, String, Decimal, Decimal);

/// An item's issues to customers in the period: quantity, their cost, and the last
/// issue up to the period's end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issues {
    pub item_no: String,
    pub description: String,
    pub qty: Decimal,
    pub cost: Decimal,
    pub last: Option<NaiveDate>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TurnoverRow {
    pub item_no: String,
    pub description: String,
    /// On hand at the period's end.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub on_hand: Decimal,
    /// Stock value at the period's end.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub value: Decimal,
    /// Stock value the day before the period.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub opening_value: Decimal,
    /// Issued to customers in the period (returns subtracted).
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub issued: Decimal,
    /// The cost of what was issued.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub cogs: Decimal,
    /// Cost of goods sold against the average stock value, times in the period.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub turnover: Option<Decimal>,
    /// The average stock value in days of the period's issues.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub days_of_stock: Option<Decimal>,
    /// The last issue to a customer up to the period's end.
    pub last_issue: Option<String>,
    /// Stock on hand and nothing issued in the period.
    pub slow: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TurnoverReport {
    pub from: String,
    pub to: String,
    pub warehouse: String,
    pub days: i64,
    /// Slow movers first (largest value first), then the lowest turnover.
    pub rows: Vec<TurnoverRow>,
    pub total: TurnoverRow,
}

fn row(item_no: String, description: String, open: Decimal, close: (Decimal, Decimal), issued: (Decimal, Decimal), days: i64) -> TurnoverRow {
    let average = (open + close.1) / Decimal::TWO;
    let turnover = (average > Decimal::ZERO).then(|| (issued.1 / average).round_dp(2));
    let days_of_stock = (issued.1 > Decimal::ZERO).then(|| (average * Decimal::from(days) / issued.1).round_dp(0));
    TurnoverRow {
        item_no,
        description,
        on_hand: close.0,
        value: close.1,
        opening_value: open,
        issued: issued.0,
        cogs: issued.1,
        turnover,
        days_of_stock,
        last_issue: None,
        slow: close.0 > Decimal::ZERO && issued.0 <= Decimal::ZERO,
    }
}

pub fn report(f: &TurnoverFilter, opening: Vec<Stock>, closing: Vec<Stock>, issues: Vec<Issues>) -> TurnoverReport {
    let days = f.days();
    // each item once, in the order first met; sums by item number (2 000 items or more:
    // no scans of the lists per item)
    let mut items: Vec<(String, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (no, desc) in
        closing.iter().map(|s| (&s.0, &s.1)).chain(opening.iter().map(|s| (&s.0, &s.1))).chain(issues.iter().map(|i| (&i.item_no, &i.description)))
    {
        if seen.insert(no.as_str()) {
            items.push((no.clone(), desc.clone()));
        }
    }
    fn sums(v: &[Stock]) -> std::collections::HashMap<&str, (Decimal, Decimal)> {
        let mut m: std::collections::HashMap<&str, (Decimal, Decimal)> = std::collections::HashMap::new();
        for s in v {
            let e = m.entry(s.0.as_str()).or_default();
            *e = (e.0 + s.2, e.1 + s.3);
        }
        m
    }
    let (opening_of, closing_of) = (sums(&opening), sums(&closing));
    let issues_of: std::collections::HashMap<&str, &Issues> = issues.iter().rev().map(|i| (i.item_no.as_str(), i)).collect();
    let mut rows: Vec<TurnoverRow> = items
        .into_iter()
        .map(|(no, desc)| {
            let i = issues_of.get(no.as_str());
            let opening_value = opening_of.get(no.as_str()).copied().unwrap_or_default().1;
            let mut r = row(
                no.clone(),
                desc,
                opening_value,
                closing_of.get(no.as_str()).copied().unwrap_or_default(),
                i.map(|i| (i.qty, i.cost)).unwrap_or_default(),
                days,
            );
            r.last_issue = i.and_then(|i| i.last).map(|d| d.to_string());
            r
        })
        .filter(|r| !(r.on_hand.is_zero() && r.value.is_zero() && r.opening_value.is_zero() && r.issued.is_zero() && r.cogs.is_zero()))
        .collect();
    rows.sort_by(|a, b| {
        b.slow
            .cmp(&a.slow)
            .then_with(|| if a.slow { b.value.cmp(&a.value) } else { a.turnover.unwrap_or(Decimal::MAX).cmp(&b.turnover.unwrap_or(Decimal::MAX)) })
            .then_with(|| a.item_no.cmp(&b.item_no))
    });
    let total_of = |f: fn(&TurnoverRow) -> Decimal| rows.iter().map(f).sum::<Decimal>();
    let mut total = row(
        String::new(),
        String::new(),
        total_of(|r| r.opening_value),
        (total_of(|r| r.on_hand), total_of(|r| r.value)),
        (total_of(|r| r.issued), total_of(|r| r.cogs)),
        days,
    );
    total.slow = false;
    TurnoverReport { from: f.from.code(), to: f.to.code(), warehouse: f.warehouse.clone().unwrap_or_default(), days, rows, total }
}

/// The report as a table under the headings given (item, description, on hand,
/// value, opening value, issued, cost of goods sold, turnover, days of stock, last issue).
pub fn table(r: &TurnoverReport, heads: Vec<String>, total: &str) -> Table {
    let opt = |d: Option<Decimal>| d.map(Cell::Number).unwrap_or(Cell::Empty);
    let cells = |x: &TurnoverRow, no: Cell, name: Cell| {
        vec![
            no,
            name,
            Cell::Number(x.on_hand),
            Cell::Money(x.value),
            Cell::Money(x.opening_value),
            Cell::Number(x.issued),
            Cell::Money(x.cogs),
            opt(x.turnover),
            opt(x.days_of_stock),
            x.last_issue.clone().map(Cell::Text).unwrap_or(Cell::Empty),
        ]
    };
    Table {
        title: format!("{}–{}", r.from, r.to),
        rows: r.rows.iter().map(|x| cells(x, Cell::Text(x.item_no.clone()), Cell::Text(x.description.clone()))).collect(),
        total: cells(&r.total, Cell::Empty, Cell::Text(total.into())),
        heads,
    }
}

/// The chart's bars: the items by cost of goods sold, against their average stock value.
pub fn bars(r: &TurnoverReport) -> Vec<crate::reports::model::BarValue> {
    let mut by_cogs: Vec<&TurnoverRow> = r.rows.iter().collect();
    by_cogs.sort_by_key(|x| std::cmp::Reverse(x.cogs));
    by_cogs.iter().map(|x| (format!("{} {}", x.item_no, x.description), x.cogs, (x.opening_value + x.value) / Decimal::TWO)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn turnover_days_of_stock_and_slow_movers() {
        let q = TurnoverQuery { from: "2026-01".into(), to: "2026-03".into(), ..Default::default() };
        let f = q.check(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()).unwrap();
        // 1 Jan – 31 Mar: 90 days; opened the day before
        assert_eq!((f.days(), f.dates().0.to_string()), (90, "2025-12-31".to_string()));
        let s = |no: &str, qty: i64, value: i64| (no.to_string(), format!("{no} desc"), d(qty), d(value));
        let issue = |no: &str, qty: i64, cost: i64| Issues {
            item_no: no.into(),
            description: format!("{no} desc"),
            qty: d(qty),
            cost: d(cost),
            last: NaiveDate::from_ymd_opt(2026, 3, 2),
        };
        let r = report(
            &f,
            vec![s("A", 10, 1000), s("B", 5, 500), s("C", 1, 100)],
            vec![s("A", 6, 600), s("B", 5, 500), s("C", 0, 0), s("D", 0, 0)],
            vec![issue("A", 4, 400), issue("C", 1, 100)],
        );
        let keys: Vec<&str> = r.rows.iter().map(|r| r.item_no.as_str()).collect();
        // B has stock and no issue: a slow mover, first; then the lowest turnover; D had nothing
        assert_eq!(keys, ["B", "A", "C"]);
        let a = &r.rows[1];
        // average (1000 + 600) / 2 = 800: 400 / 800 = 0.5 times; 800 × 90 / 400 = 180 days
        assert_eq!((a.turnover, a.days_of_stock, a.slow), (Some(Decimal::new(5, 1)), Some(d(180)), false));
        assert_eq!((r.rows[0].slow, r.rows[0].turnover, r.rows[0].days_of_stock), (true, Some(d(0)), None));
        assert_eq!(r.rows[2].turnover, Some(d(2)));
        assert_eq!((r.total.value, r.total.opening_value, r.total.cogs), (d(1100), d(1600), d(500)));
        assert_eq!(r.rows[1].last_issue.as_deref(), Some("2026-03-02"));
        let t = table(&r, (0..10).map(|i| format!("h{i}")).collect(), "Total");
        assert!(t.csv().lines().nth(1).unwrap().starts_with("B;B desc;5;500;500;0;0;0;;"), "{}", t.csv());
    }
}
