//! Budget versus actual, the pure part: budgets per month by seller, customer or item
//! group as typed on screen (a year's twelve months for one key) or read from CSV
//! (`by;key;month;amount`), and the report — each key's budget for the period beside
//! the invoiced net, the variance in amount and per cent.
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::core::csv::Table;
use crate::reports::model::{Cell, Month, Table as ReportTable};

crate::core::code::coded! {
    /// What a budget is set for.
    pub enum BudgetBy {
        Seller = "seller" => Seller,
        Customer = "customer" => Customer,
        ItemGroup = "item_group" => ItemGroup,
    }
}

/// A budget amount for a key and month (the key as the report names it: a seller's
/// user id, a customer number, an item group's code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetEntry {
    pub by: BudgetBy,
    pub key: String,
    pub month: Month,
    pub amount: Decimal,
}

/// A budget amount as typed: `1 200,50`, `1200.50`, `-300`; at most two decimals.
pub fn amount(s: &str) -> Result<Decimal, String> {
    let t: String = s.trim().chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if t.is_empty() {
        return Ok(Decimal::ZERO);
    }
    let t = if t.contains(',') && !t.contains('.') { t.replace(',', ".") } else { t.replace(',', "") };
    let d = crate::core::money::exact::parse(&t).map_err(|_| format!("'{}' is not an amount (write it like 12500 or 12 500,50)", s.trim()))?;
    if d.scale() > 2 && d != d.round_dp(2) {
        return Err(format!("'{}' has more than two decimals", s.trim()));
    }
    if d.abs() > crate::core::money::max_amount() {
        return Err(format!("'{}' is too large", s.trim()));
    }
    Ok(d.round_dp(2))
}

fn by(s: &str) -> Result<BudgetBy, String> {
    BudgetBy::parse(s.trim()).ok_or_else(|| format!("'{}' is not one of seller, customer, item_group", s.trim()))
}

fn key(s: &str) -> Result<String, String> {
    let k = s.trim();
    match k.chars().count() {
        0 => Err("Choose what the budget is for (a seller, a customer number or an item group)".into()),
        1..=100 => Ok(k.to_string()),
        _ => Err("The key is longer than 100 characters".into()),
    }
}

/// One key's budget for a year as typed on screen: twelve monthly amounts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BudgetInput {
    /// seller, customer or item_group.
    pub by: String,
    /// A seller's user id, a customer number or an item group.
    pub key: String,
    pub year: String,
    /// January to December; empty is 0.
    #[serde(default)]
    pub m1: String,
    #[serde(default)]
    pub m2: String,
    #[serde(default)]
    pub m3: String,
    #[serde(default)]
    pub m4: String,
    #[serde(default)]
    pub m5: String,
    #[serde(default)]
    pub m6: String,
    #[serde(default)]
    pub m7: String,
    #[serde(default)]
    pub m8: String,
    #[serde(default)]
    pub m9: String,
    #[serde(default)]
    pub m10: String,
    #[serde(default)]
    pub m11: String,
    #[serde(default)]
    pub m12: String,
}

impl BudgetInput {
    pub fn check(&self) -> Result<Vec<BudgetEntry>, String> {
        let by = by(&self.by)?;
        let key = key(&self.key)?;
        let year = Month::parse("Year", &format!("{}-01", self.year.trim())).map_err(|_| format!("Year: '{}' is not a year", self.year.trim()))?.year;
        let months = [&self.m1, &self.m2, &self.m3, &self.m4, &self.m5, &self.m6, &self.m7, &self.m8, &self.m9, &self.m10, &self.m11, &self.m12];
        (1..=12u32)
            .map(|m| {
                let typed = months[m as usize - 1].as_str();
                let amount = amount(typed).map_err(|e| format!("Month {m}: {e}"))?;
                Ok(BudgetEntry { by, key: key.clone(), month: Month { year, month: m }, amount })
            })
            .collect()
    }
}

/// The budget rows of a CSV file (columns `by`, `key`, `month`, `amount`), each read
/// or its message, with its line.
pub fn rows(table: &Table) -> Result<Vec<(usize, Result<BudgetEntry, String>)>, String> {
    table.require(&["by", "key", "month", "amount"])?;
    Ok(table
        .rows
        .iter()
        .map(|(line, r)| {
            let g = |c: &str| table.get(r, c);
            let entry =
                (|| Ok(BudgetEntry { by: by(g("by"))?, key: key(g("key"))?, month: Month::parse("Month", g("month"))?, amount: amount(g("amount"))? }))();
            (*line, entry)
        })
        .collect())
}

/// The filters as typed (the page's address).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct BudgetQuery {
    /// First month, `YYYY-MM` (default: January of `to`'s year).
    #[serde(default)]
    pub from: String,
    /// Last month, `YYYY-MM` (default: the current month).
    #[serde(default)]
    pub to: String,
    /// seller, customer or item_group (default customer).
    #[serde(default)]
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetFilter {
    pub from: Month,
    pub to: Month,
    pub by: BudgetBy,
}

impl BudgetQuery {
    pub fn check(&self, today: chrono::NaiveDate) -> Result<BudgetFilter, String> {
        let period = crate::reports::model::SalesQuery { from: self.from.clone(), to: self.to.clone(), ..Default::default() }.check(today)?;
        let by = if self.by.trim().is_empty() { BudgetBy::Customer } else { by(&self.by).map_err(|e| format!("By: {e}"))? };
        Ok(BudgetFilter { from: period.from, to: period.to, by })
    }
}

/// A key's budget and actual.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BudgetRow {
    pub key: String,
    pub label: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub budget: Decimal,
    /// Invoiced net (credit notes subtracted).
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub actual: Decimal,
    /// Actual less budget.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub variance: Decimal,
    /// The variance against the budget, per cent (none without a budget).
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub variance_pct: Option<Decimal>,
}

fn row(key: String, label: String, budget: Decimal, actual: Decimal) -> BudgetRow {
    let variance = actual - budget;
    let variance_pct = (!budget.is_zero()).then(|| (variance * Decimal::ONE_HUNDRED / budget.abs()).round_dp(1));
    BudgetRow { key, label, budget, actual, variance, variance_pct }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BudgetReport {
    pub by: String,
    pub from: String,
    pub to: String,
    /// Largest budget first (then actual, then key).
    pub rows: Vec<BudgetRow>,
    pub total: BudgetRow,
}

/// The report from the period's budgets and actual sums, each (key, label, amount);
/// a key with either is a row.
pub fn report(f: &BudgetFilter, budgets: Vec<(String, String, Decimal)>, actual: Vec<(String, String, Decimal)>) -> BudgetReport {
    let mut keys: Vec<(String, String)> = Vec::new();
    for (k, l, _) in actual.iter().chain(&budgets) {
        match keys.iter_mut().find(|(key, _)| key == k) {
            Some((_, label)) if label.is_empty() => *label = l.clone(),
            Some(_) => {}
            None => keys.push((k.clone(), l.clone())),
        }
    }
    let sum = |v: &[(String, String, Decimal)], k: &str| v.iter().filter(|x| x.0 == k).map(|x| x.2).sum::<Decimal>();
    let mut rows: Vec<BudgetRow> = keys.into_iter().map(|(k, l)| row(k.clone(), l, sum(&budgets, &k), sum(&actual, &k))).collect();
    rows.retain(|r| !(r.budget.is_zero() && r.actual.is_zero()));
    rows.sort_by(|a, b| b.budget.cmp(&a.budget).then_with(|| b.actual.cmp(&a.actual)).then_with(|| a.key.cmp(&b.key)));
    let total = row(String::new(), String::new(), rows.iter().map(|r| r.budget).sum(), rows.iter().map(|r| r.actual).sum());
    BudgetReport { by: f.by.code().into(), from: f.from.code(), to: f.to.code(), rows, total }
}

/// The report as a table under the headings given (key, name, budget, actual,
/// variance, variance %).
pub fn table(r: &BudgetReport, heads: Vec<String>, total: &str) -> ReportTable {
    let cells = |x: &BudgetRow, key: Cell, name: Cell| {
        vec![key, name, Cell::Money(x.budget), Cell::Money(x.actual), Cell::Money(x.variance), Cell::Pct(x.variance_pct)]
    };
    ReportTable {
        title: format!("{} {}–{}", heads[0], r.from, r.to),
        rows: r.rows.iter().map(|x| cells(x, Cell::Text(x.key.clone()), Cell::Text(x.label.clone()))).collect(),
        total: cells(&r.total, Cell::Empty, Cell::Text(total.into())),
        heads,
    }
}

/// The chart's bars: each key's actual against its budget (`none` names the empty key).
pub fn bars(r: &BudgetReport, none: &str) -> Vec<crate::reports::model::BarValue> {
    let name = |x: &BudgetRow| match (x.key.is_empty(), x.label.is_empty()) {
        (true, _) => none.to_string(),
        (false, true) => x.key.clone(),
        (false, false) => format!("{} {}", x.key, x.label),
    };
    r.rows.iter().map(|x| (name(x), x.actual, x.budget)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_typed_and_bad_ones_named() {
        assert_eq!(amount("12 500,50"), Ok(Decimal::new(1_250_050, 2)));
        assert_eq!(amount("12500.5"), Ok(Decimal::new(125_005, 1)));
        assert_eq!(amount("1,250.00"), Ok(Decimal::new(125_000, 2)));
        assert_eq!(amount(""), Ok(Decimal::ZERO));
        assert_eq!(amount("-300"), Ok(Decimal::from(-300)));
        assert!(amount("12,345,6").is_err());
        assert!(amount("1.234").unwrap_err().contains("two decimals"));
        assert!(amount("tolv").unwrap_err().contains("tolv"));
        assert!(amount("1e30").is_err());
    }

    #[test]
    fn a_year_typed_on_screen_is_twelve_months() {
        let input =
            BudgetInput { by: "customer".into(), key: " 10001 ".into(), year: "2026".into(), m1: "100".into(), m3: "250,50".into(), ..Default::default() };
        let e = input.check().unwrap();
        assert_eq!(e.len(), 12);
        assert_eq!((e[0].key.as_str(), e[0].month.code(), e[0].amount), ("10001", "2026-01".to_string(), Decimal::from(100)));
        assert_eq!((e[1].amount, e[2].amount, e[11].month.code()), (Decimal::ZERO, Decimal::new(25050, 2), "2026-12".to_string()));
        let bad = BudgetInput { m1: "x".into(), ..input.clone() };
        assert!(bad.check().unwrap_err().starts_with("Month 1:"));
        assert!(BudgetInput { by: "colour".into(), ..input.clone() }.check().unwrap_err().contains("colour"));
        assert!(BudgetInput { key: " ".into(), ..input.clone() }.check().is_err());
        assert!(BudgetInput { year: "26".into(), ..input }.check().is_err());
    }

    #[test]
    fn csv_rows_are_read_each_with_its_line() {
        let t = crate::core::csv::parse("by;key;month;amount\ncustomer;10001;2026-01;1 000,00\nseller;2;2026-13;5\n").unwrap();
        let r = rows(&t).unwrap();
        assert_eq!(r[0].0, 2);
        assert_eq!(r[0].1.as_ref().unwrap().amount, Decimal::from(1000));
        assert_eq!(r[1].0, 3);
        assert!(r[1].1.as_ref().unwrap_err().contains("2026-13"));
        assert!(rows(&crate::core::csv::parse("key;amount\nx;1\n").unwrap()).unwrap_err().contains("by"));
    }

    #[test]
    fn the_variance_is_actual_less_budget() {
        let f = BudgetQuery::default().check(chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()).unwrap();
        let e = |k: &str, l: &str, v: i64| (k.to_string(), l.to_string(), Decimal::from(v));
        let r = report(&f, vec![e("A", "", 1000), e("A", "", 500), e("B", "", 200)], vec![e("A", "Alfa", 1800), e("C", "Ceta", 50)]);
        let got: Vec<(&str, &str, Decimal, Decimal, Option<Decimal>)> =
            r.rows.iter().map(|x| (x.key.as_str(), x.label.as_str(), x.budget, x.variance, x.variance_pct)).collect();
        assert_eq!(
            got,
            [
                ("A", "Alfa", Decimal::from(1500), Decimal::from(300), Some(Decimal::from(20))),
                ("B", "", Decimal::from(200), Decimal::from(-200), Some(Decimal::from(-100))),
                ("C", "Ceta", Decimal::ZERO, Decimal::from(50), None),
            ]
        );
        assert_eq!((r.total.budget, r.total.actual, r.total.variance), (Decimal::from(1700), Decimal::from(1850), Decimal::from(150)));
        let t = table(&r, (0..6).map(|i| format!("h{i}")).collect(), "Total");
        assert_eq!(t.csv().lines().last().unwrap(), ";Total;1700;1850;150;8.8");
    }
}
