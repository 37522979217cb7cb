//! The receivables ageing report, the pure part: today's open items per customer in
//! the ageing buckets (not due, 1–30, 31–60, 61–90, over 90 days overdue), the share
//! overdue, and days sales outstanding — what is open against what was invoiced in the
//! last `days` days (incl. VAT, credit notes subtracted), times `days`.
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::receivables::ageing::ageing;
use crate::receivables::model::OpenItem;
use crate::reports::model::{Cell, Table};

/// The filters as typed (the page's address, the export's query).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct AgeingQuery {
    /// The currency (default: the company's).
    #[serde(default)]
    pub currency: String,
    /// A customer number: that customer alone.
    #[serde(default)]
    pub customer: String,
    /// The days DSO looks back over, 7 to 365 (default 90).
    #[serde(default)]
    pub days: String,
    /// The day the ageing is counted at, `YYYY-MM-DD` (default today): what was open
    /// then, by the payments, credit notes and reminder fees dated up to it.
    #[serde(default)]
    pub as_of: String,
}

/// The checked filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgeingFilter {
    pub currency: Option<String>,
    pub customer: Option<String>,
    pub days: i64,
    /// None: today.
    pub as_of: Option<NaiveDate>,
}

impl AgeingQuery {
    /// Checks the filters; a day after `today` is not known yet.
    pub fn check(&self, today: NaiveDate) -> Result<AgeingFilter, String> {
        let days = match self.days.trim() {
            "" => 90,
            d => d.parse::<i64>().ok().filter(|d| (7..=365).contains(d)).ok_or_else(|| format!("Days for DSO: '{d}' is not a number of days from 7 to 365"))?,
        };
        let currency = self.currency.trim().to_ascii_uppercase();
        if !currency.is_empty() && (currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase())) {
            return Err(format!("Currency: '{}' is not a currency code such as NOK", self.currency.trim()));
        }
        if self.customer.len() > 100 {
            return Err("Customer: at most 100 characters".into());
        }
        let as_of = match self.as_of.trim() {
            "" => None,
            d => {
                let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| format!("As of: '{d}' is not a date: write it as 2026-03-31"))?;
                if day > today {
                    return Err(format!("As of: {day} is still to come; the ageing is known up to today"));
                }
                (day < today).then_some(day)
            }
        };
        Ok(AgeingFilter {
            currency: Some(currency).filter(|c| !c.is_empty()),
            customer: Some(self.customer.trim().to_string()).filter(|c| !c.is_empty()),
            days,
            as_of,
        })
    }
}

/// A customer's open amount in each bucket, with what was invoiced in the DSO period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AgeingRow {
    pub customer_no: String,
    pub name: String,
    /// Not due, 1–30, 31–60, 61–90, over 90 days overdue.
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>))]
    pub buckets: [Decimal; 5],
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub open: Decimal,
    /// The overdue share of what is open, in per cent (none when nothing is owed).
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub overdue_pct: Option<Decimal>,
    /// Invoiced in the DSO period, incl. VAT, credit notes subtracted.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub invoiced: Decimal,
    /// Days sales outstanding, whole days (none without sales in the period).
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub dso: Option<Decimal>,
}

/// The ageing report: a row per customer (most overdue first) and the totals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AgeingReport {
    pub currency: String,
    /// The day the ageing is counted at (today).
    pub as_of: String,
    pub days: i64,
    pub rows: Vec<AgeingRow>,
    pub total: AgeingRow,
    /// The currencies with open items or sales (for the filter).
    pub currencies: Vec<String>,
    /// With a customer chosen: their open items in the currency, longest overdue first.
    pub items: Vec<OpenItem>,
}

/// Days sales outstanding: `open / invoiced × days`, whole days.
pub fn dso(open: Decimal, invoiced: Decimal, days: i64) -> Option<Decimal> {
    (invoiced > Decimal::ZERO).then(|| (open * Decimal::from(days) / invoiced).round_dp(0))
}

fn overdue_pct(buckets: &[Decimal; 5], open: Decimal) -> Option<Decimal> {
    let overdue: Decimal = buckets[1..].iter().sum();
    (open > Decimal::ZERO).then(|| (overdue * Decimal::ONE_HUNDRED / open).round_dp(1))
}

fn row(customer_no: String, name: String, buckets: [Decimal; 5], invoiced: Decimal, days: i64) -> AgeingRow {
    let open = buckets.iter().sum();
    AgeingRow { customer_no, name, overdue_pct: overdue_pct(&buckets, open), dso: dso(open, invoiced, days), buckets, open, invoiced }
}

/// The report for one currency from the open items (any currency; the others are
/// left out) and each customer's sales in the period: (customer no, name, invoiced).
/// A customer with sales and nothing open is a row too (its DSO is 0).
pub fn report(f: &AgeingFilter, currency: &str, today: NaiveDate, items: &[OpenItem], sales: Vec<(String, String, Decimal)>) -> AgeingReport {
    let mine: Vec<&OpenItem> = items.iter().filter(|i| i.currency == currency).collect();
    let mut customers: Vec<(String, String)> = Vec::new();
    for i in &mine {
        if !customers.iter().any(|c| c.0 == i.customer_no) {
            customers.push((i.customer_no.clone(), i.customer_name.clone()));
        }
    }
    for (no, name, _) in &sales {
        if !customers.iter().any(|c| c.0 == *no) {
            customers.push((no.clone(), name.clone()));
        }
    }
    let mut rows: Vec<AgeingRow> = customers
        .into_iter()
        .map(|(no, name)| {
            let theirs: Vec<&OpenItem> = mine.iter().copied().filter(|i| i.customer_no == no).collect();
            let buckets = ageing(&theirs, today).into_iter().next().map(|(_, b)| b).unwrap_or([Decimal::ZERO; 5]);
            let invoiced = sales.iter().filter(|s| s.0 == no).map(|s| s.2).sum();
            row(no, name, buckets, invoiced, f.days)
        })
        .collect();
    let overdue = |r: &AgeingRow| -> Decimal { r.buckets[1..].iter().sum() };
    rows.sort_by(|a, b| overdue(b).cmp(&overdue(a)).then_with(|| b.open.cmp(&a.open)).then_with(|| a.customer_no.cmp(&b.customer_no)));
    let mut buckets = [Decimal::ZERO; 5];
    for r in &rows {
        for (t, v) in buckets.iter_mut().zip(r.buckets) {
            *t += v;
        }
    }
    let invoiced = rows.iter().map(|r| r.invoiced).sum();
    let total = row(String::new(), String::new(), buckets, invoiced, f.days);
    let mut currencies: Vec<String> = items.iter().map(|i| i.currency.clone()).chain([currency.to_string()]).collect();
    currencies.sort();
    currencies.dedup();
    let items = if f.customer.is_some() { mine.into_iter().cloned().collect() } else { Vec::new() };
    AgeingReport { currency: currency.into(), as_of: today.to_string(), days: f.days, rows, total, currencies, items }
}

/// The report as a table under the headings given (customer, name, the five buckets,
/// open, overdue %, invoiced, DSO).
pub fn table(r: &AgeingReport, heads: Vec<String>, total: &str) -> Table {
    let cells = |x: &AgeingRow, no: Cell, name: Cell| -> Vec<Cell> {
        let mut v = vec![no, name];
        v.extend(x.buckets.iter().map(|b| Cell::Money(*b)));
        v.extend([Cell::Money(x.open), Cell::Pct(x.overdue_pct), Cell::Money(x.invoiced), x.dso.map(Cell::Number).unwrap_or(Cell::Empty)]);
        v
    };
    Table {
        title: format!("{} {}", r.currency, r.as_of),
        heads,
        rows: r.rows.iter().map(|x| cells(x, Cell::Text(x.customer_no.clone()), Cell::Text(x.name.clone()))).collect(),
        total: cells(&r.total, Cell::Empty, Cell::Text(total.into())),
    }
}

/// The chart's bars: the company's total in each bucket (`heads` their names).
pub fn bars(r: &AgeingReport, heads: &[String]) -> Vec<crate::reports::model::BarValue> {
    heads.iter().cloned().zip(r.total.buckets).map(|(h, v)| (h, v, Decimal::ZERO)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receivables::model::EntryKind;

    fn item(customer: &str, due: &str, open: i64, currency: &str) -> OpenItem {
        OpenItem {
            kind: EntryKind::Invoice,
            number: format!("{customer}{due}"),
            customer_no: customer.into(),
            customer_name: format!("Name {customer}"),
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            due_date: NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap(),
            currency: currency.into(),
            amount: Decimal::from(open),
            open: Decimal::from(open),
            disputed: false,
            reminder_level: 0,
        }
    }

    #[test]
    fn filters_are_checked() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(AgeingQuery::default().check(today).unwrap(), AgeingFilter { currency: None, customer: None, days: 90, as_of: None });
        let q = AgeingQuery { currency: "sek".into(), days: "30".into(), customer: " 10 ".into(), ..Default::default() };
        assert_eq!(q.check(today).unwrap(), AgeingFilter { currency: Some("SEK".into()), customer: Some("10".into()), days: 30, as_of: None });
        assert!(AgeingQuery { days: "3".into(), ..Default::default() }.check(today).unwrap_err().contains("'3'"));
        assert!(AgeingQuery { currency: "kroner".into(), ..Default::default() }.check(today).unwrap_err().contains("kroner"));
        let at = |d: &str| AgeingQuery { as_of: d.into(), ..Default::default() }.check(today);
        assert_eq!(at("2026-03-31").unwrap().as_of, NaiveDate::from_ymd_opt(2026, 3, 31));
        assert_eq!(at("2026-12-07").unwrap().as_of, None, "today is today's state");
        assert!(at("2026-12-08").unwrap_err().contains("to come"));
        assert!(at("31.03.2026").unwrap_err().contains("31.03.2026"));
    }

    #[test]
    fn customers_are_aged_with_their_dso_and_the_total_adds_up() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let items = [
            item("1", "2027-01-15", 1000, "NOK"),
            item("1", "2026-12-10", 500, "NOK"),
            item("2", "2026-08-01", 300, "NOK"),
            item("2", "2026-12-01", 200, "EUR"),
        ];
        let f = AgeingQuery::default().check(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()).unwrap();
        let sales = vec![("1".into(), "Name 1".into(), Decimal::from(3000)), ("3".into(), "Name 3".into(), Decimal::from(100))];
        let r = report(&f, "NOK", today, &items, sales);
        let keys: Vec<&str> = r.rows.iter().map(|r| r.customer_no.as_str()).collect();
        // most overdue first; a customer with sales and nothing open is there too
        assert_eq!(keys, ["1", "2", "3"]);
        let (a, b, c) = (&r.rows[0], &r.rows[1], &r.rows[2]);
        assert_eq!(a.buckets, [Decimal::from(1000), Decimal::from(500), Decimal::ZERO, Decimal::ZERO, Decimal::ZERO]);
        // 1500 open against 3000 invoiced in 90 days: 45 days
        assert_eq!((a.open, a.dso, a.overdue_pct), (Decimal::from(1500), Some(Decimal::from(45)), Some(Decimal::new(333, 1))));
        assert_eq!((b.buckets[4], b.dso, b.overdue_pct), (Decimal::from(300), None, Some(Decimal::ONE_HUNDRED)));
        assert_eq!((c.open, c.dso), (Decimal::ZERO, Some(Decimal::ZERO)));
        assert_eq!(r.total.open, Decimal::from(1800));
        assert_eq!(r.total.invoiced, Decimal::from(3100));
        assert_eq!(r.total.dso, Some(Decimal::from(52)));
        assert_eq!(r.currencies, ["EUR", "NOK"]);
        let t = table(&r, (0..11).map(|i| format!("h{i}")).collect(), "Total");
        assert_eq!(t.csv().lines().last().unwrap(), ";Total;1000;500;0;0;300;1800;44.4;3100;52");
    }
}
