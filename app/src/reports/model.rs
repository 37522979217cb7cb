//! Reports, the pure part: the sales report's filters as typed in the address, its
//! rows with the same period a year earlier beside them, the change in per cent, the
//! CSV text, and the bar chart as SVG (the same markup in the browser and the print).
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

crate::core::code::coded! {
    /// What the sales report sums by.
    pub enum Dimension {
        Customer = "customer" => Customer,
        Item = "item" => ReportItem,
        ItemGroup = "item_group" => ItemGroup,
        Seller = "seller" => Seller,
        Project = "project" => Project,
        Month = "month" => Month,
        Region = "region" => Region,
    }
}

/// The filters as typed (the page's address, the export's query): all text, each
/// wrong one its own message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct SalesQuery {
    /// First month, `YYYY-MM` (default: January of the last month's year).
    #[serde(default)]
    pub from: String,
    /// Last month, `YYYY-MM` (default: the current month).
    #[serde(default)]
    pub to: String,
    /// customer, item, item_group, seller, project, month or region (the county of the
    /// customer's postcode; default customer).
    #[serde(default)]
    pub by: String,
    /// A customer number.
    #[serde(default)]
    pub customer: String,
    /// An item number.
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub item_group: String,
    /// A seller's user id.
    #[serde(default)]
    pub seller: String,
    /// A project code.
    #[serde(default)]
    pub project: String,
    /// A warehouse code: the lines that left it (stock items; a credit note line where
    /// the credited line left).
    #[serde(default)]
    pub warehouse: String,
}

/// A month as `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn parse(what: &str, s: &str) -> Result<Month, String> {
        let bad = || format!("{what}: '{}' is not a month: write it as 2026-03", s.trim());
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let (year, month) = (y.parse::<i32>().map_err(|_| bad())?, m.parse::<u32>().map_err(|_| bad())?);
        if y.len() != 4 || !(1..=12).contains(&month) || !(1900..=9999).contains(&year) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
    pub fn of(d: chrono::NaiveDate) -> Month {
        use chrono::Datelike;
        Month { year: d.year(), month: d.month() }
    }
    /// The same month a year earlier.
    pub fn year_before(self) -> Month {
        Month { year: self.year - 1, month: self.month }
    }
    pub fn code(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// The checked filters: the period, and the filters still as the user named them
/// (numbers and codes; the store resolves them within the company).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SalesFilter {
    pub from: Month,
    pub to: Month,
    pub by: Dimension,
    pub customer: Option<String>,
    pub item: Option<String>,
    pub item_group: Option<String>,
    pub seller: Option<i64>,
    pub project: Option<String>,
    pub warehouse: Option<String>,
}

impl SalesFilter {
    /// The same filters a year earlier.
    pub fn year_before(&self) -> SalesFilter {
        SalesFilter { from: self.from.year_before(), to: self.to.year_before(), ..self.clone() }
    }
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

impl SalesQuery {
    /// Checks the filters; `today` gives the default period (this year to date).
    pub fn check(&self, today: chrono::NaiveDate) -> Result<SalesFilter, String> {
        let now = Month::of(today);
        let to = if self.to.trim().is_empty() { now } else { Month::parse("To", &self.to)? };
        let from = if self.from.trim().is_empty() { Month { year: to.year, month: 1 } } else { Month::parse("From", &self.from)? };
        if from > to {
            return Err(format!("From {} is after To {}", from.code(), to.code()));
        }
        if (to.year - from.year) * 12 + to.month as i32 - from.month as i32 >= 120 {
            return Err("A report covers at most ten years".into());
        }
        let by = match self.by.trim() {
            "" => Dimension::Customer,
            b => Dimension::parse(b).ok_or_else(|| format!("By: '{b}' is not one of customer, item, item_group, seller, project, month, region"))?,
        };
        let seller = match self.seller.trim() {
            "" => None,
            s => Some(s.parse::<i64>().map_err(|_| format!("Seller: '{s}' is not a seller"))?),
        };
        for (what, v) in
            [("Customer", &self.customer), ("Item", &self.item), ("Item group", &self.item_group), ("Project", &self.project), ("Warehouse", &self.warehouse)]
        {
            if v.len() > 100 {
                return Err(format!("{what}: at most 100 characters"));
            }
        }
        Ok(SalesFilter {
            from,
            to,
            by,
            customer: opt(&self.customer),
            item: opt(&self.item),
            item_group: opt(&self.item_group),
            seller,
            project: opt(&self.project),
            warehouse: opt(&self.warehouse),
        })
    }
}

/// One group's sums as the store reads them (minor units, thousandths).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sums {
    pub key: String,
    pub label: String,
    pub net_minor: i64,
    pub qty_milli: i64,
    pub lines: i64,
    /// The invoiced lines' cost (`invoicing::cost`).
    pub cost_minor: i64,
}

/// Customers' sums grouped by the county (or region) of their postcode; the key is
/// the region's code (`NO-03`, `SE-AB`, `NO-?` for a postcode that is none, else the
/// country), the label its name.
pub fn by_region(customers: Vec<(String, String, Sums)>) -> Vec<Sums> {
    let mut out: Vec<Sums> = Vec::new();
    for (country, postcode, s) in customers {
        let (key, label) = crate::core::regions::key_of(&country, &postcode);
        match out.iter_mut().find(|r| r.key == key) {
            Some(r) => {
                r.net_minor += s.net_minor;
                r.qty_milli += s.qty_milli;
                r.lines += s.lines;
                r.cost_minor += s.cost_minor;
            }
            None => out.push(Sums { key, label, ..s }),
        }
    }
    out
}

/// A row of the sales report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SalesRow {
    /// What the row is (a customer number, an item number, a group, a seller id, a
    /// project code or a month): pass it as the drill-down's `key`.
    pub key: String,
    pub label: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
    pub lines: i64,
    /// The same period a year earlier.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub prev_net: Decimal,
    /// The change against a year earlier in per cent (none when there was nothing then).
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub change_pct: Option<Decimal>,
    /// The invoiced lines' cost: the stock moves', else the purchase price (see the
    /// profitability report).
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub cost: Decimal,
    /// Net − cost.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub margin: Decimal,
    /// The margin in per cent of the net (none on no net).
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub margin_pct: Option<Decimal>,
    /// The margin of the same period a year earlier.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub prev_margin: Decimal,
}

/// The sales report: rows, largest first, and totals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SalesReport {
    pub by: String,
    pub from: String,
    pub to: String,
    pub rows: Vec<SalesRow>,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub total: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub prev_total: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub change_pct: Option<Decimal>,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub total_cost: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub total_margin: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub margin_pct: Option<Decimal>,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub prev_margin: Decimal,
}

/// The change from `prev` to `now` in per cent, one decimal.
pub fn change(now: Decimal, prev: Decimal) -> Option<Decimal> {
    (!prev.is_zero()).then(|| ((now - prev) * Decimal::ONE_HUNDRED / prev.abs()).round_dp(1))
}

/// The report from this period's sums and last year's: every group of either, largest
/// first (then by key).
pub fn report(f: &SalesFilter, now: Vec<Sums>, mut prev: Vec<Sums>) -> SalesReport {
    let money = |m: i64| Decimal::new(m, 2);
    if f.by == Dimension::Month {
        // a month of last year sits beside the same month of this year
        for p in prev.iter_mut() {
            p.key = shift(&p.key, 1);
            p.label = shift(&p.label, 1);
        }
    }
    let prev_of = |key: &str| prev.iter().find(|p| p.key == key).map(|p| (p.net_minor, p.cost_minor)).unwrap_or((0, 0));
    let row = |key: &str, label: &str, s: Option<&Sums>| {
        let (net, cost) = s.map(|s| (money(s.net_minor), money(s.cost_minor))).unwrap_or_default();
        let (prev_net, prev_cost) = prev_of(key);
        let prev_net = money(prev_net);
        SalesRow {
            key: key.to_string(),
            label: label.to_string(),
            net,
            qty: s.map(|s| Decimal::new(s.qty_milli, 3).normalize()).unwrap_or_default(),
            lines: s.map(|s| s.lines).unwrap_or(0),
            prev_net,
            change_pct: change(net, prev_net),
            cost,
            margin: net - cost,
            margin_pct: crate::invoicing::cost::margin_pct(net, cost),
            prev_margin: prev_net - money(prev_cost),
        }
    };
    let mut rows: Vec<SalesRow> = now.iter().map(|s| row(&s.key, &s.label, Some(s))).collect();
    for p in prev.iter().filter(|p| !now.iter().any(|s| s.key == p.key)) {
        rows.push(row(&p.key, &p.label, None));
    }
    if f.by == Dimension::Month {
        rows.sort_by(|a, b| a.key.cmp(&b.key));
    } else {
        rows.sort_by(|a, b| b.net.cmp(&a.net).then_with(|| a.key.cmp(&b.key)));
    }
    let total: Decimal = rows.iter().map(|r| r.net).sum();
    let prev_total: Decimal = rows.iter().map(|r| r.prev_net).sum();
    let total_cost: Decimal = rows.iter().map(|r| r.cost).sum();
    let prev_margin: Decimal = rows.iter().map(|r| r.prev_margin).sum();
    SalesReport {
        by: f.by.code().into(),
        from: f.from.code(),
        to: f.to.code(),
        rows,
        total,
        prev_total,
        change_pct: change(total, prev_total),
        total_cost,
        total_margin: total - total_cost,
        margin_pct: crate::invoicing::cost::margin_pct(total, total_cost),
        prev_margin,
    }
}

/// A `YYYY-MM` moved by whole years (other text as it is).
fn shift(key: &str, years: i32) -> String {
    Month::parse("", key).map(|m| Month { year: m.year + years, month: m.month }.code()).unwrap_or_else(|_| key.to_string())
}

/// A drill-down line: the invoice line behind a report row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DrillLine {
    pub invoice_no: String,
    pub kind: crate::invoicing::model::InvoiceKind,
    pub invoice_date: String,
    pub customer: String,
    pub item_no: String,
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
    /// Net, negative on a credit note.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
    /// The line's cost, negative on a credit note.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub cost: Decimal,
    /// Which rule gave the cost (none: not costed).
    pub cost_from: Option<crate::invoicing::cost::CostSource>,
}

/// Quotes a CSV field when it needs it; a leading `=`, `+`, `-` or `@` is written with
/// a `'` first so a spreadsheet never runs it as a formula.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<Decimal>().is_err() { format!("'{s}") } else { s.to_string() };
    if s.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A cell of a report table (for CSV and XLSX alike).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// An amount (two decimals in the workbook).
    Money(Decimal),
    /// A quantity, a count, a number of days.
    Number(Decimal),
    /// A per cent, or nothing.
    Pct(Option<Decimal>),
    Empty,
}

/// A report as a table: headings, rows and a total row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The sheet's name.
    pub title: String,
    pub heads: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub total: Vec<Cell>,
}

impl Table {
    /// The table as CSV (`;`-separated, decimal point, UTF-8): headings, rows, total.
    pub fn csv(&self) -> String {
        let line = |cells: &mut dyn Iterator<Item = String>| cells.collect::<Vec<_>>().join(";") + "\n";
        let cell = |c: &Cell| match c {
            Cell::Text(t) => csv_field(t),
            Cell::Money(d) | Cell::Number(d) => d.to_string(),
            Cell::Pct(p) => p.map(|p| p.to_string()).unwrap_or_default(),
            Cell::Empty => String::new(),
        };
        let mut out = line(&mut self.heads.iter().map(|h| csv_field(h)));
        for row in &self.rows {
            out.push_str(&line(&mut row.iter().map(cell)));
        }
        out.push_str(&line(&mut self.total.iter().map(cell)));
        out
    }
}

/// A table of the report's rows: each row's key and name, then its `cells`; the total
/// row with `totals` after its name.
fn rows_table(r: &SalesReport, heads: &[String], total: &str, cells: impl Fn(&SalesRow) -> Vec<Cell>, totals: Vec<Cell>) -> Table {
    Table {
        title: format!("{} {}–{}", heads[0], r.from, r.to),
        rows: r.rows.iter().map(|row| [Cell::Text(row.key.clone()), Cell::Text(row.label.clone())].into_iter().chain(cells(row)).collect()).collect(),
        total: [Cell::Empty, Cell::Text(total.into())].into_iter().chain(totals).collect(),
        heads: heads.to_vec(),
    }
}

/// The sales report as a table under the headings given (dimension, name, net,
/// quantity, last year, change): a row per group and the total.
pub fn sales_table(r: &SalesReport, heads: [String; 6], total: &str) -> Table {
    rows_table(
        r,
        &heads,
        total,
        |row| vec![Cell::Money(row.net), Cell::Number(row.qty), Cell::Money(row.prev_net), Cell::Pct(row.change_pct)],
        vec![Cell::Money(r.total), Cell::Empty, Cell::Money(r.prev_total), Cell::Pct(r.change_pct)],
    )
}

/// The profitability report as a table under the headings given (dimension, name, net,
/// cost, margin, margin %, margin last year): a row per group and the total.
pub fn profit_table(r: &SalesReport, heads: [String; 7], total: &str) -> Table {
    rows_table(
        r,
        &heads,
        total,
        |row| vec![Cell::Money(row.net), Cell::Money(row.cost), Cell::Money(row.margin), Cell::Pct(row.margin_pct), Cell::Money(row.prev_margin)],
        vec![Cell::Money(r.total), Cell::Money(r.total_cost), Cell::Money(r.total_margin), Cell::Pct(r.margin_pct), Cell::Money(r.prev_margin)],
    )
}

/// The profitability report's rows as bars: the margin, last year's beside it.
pub fn margin_bars(rows: &[SalesRow]) -> Vec<BarValue> {
    rows.iter().map(|r| (r.label.clone(), r.margin, r.prev_margin)).collect()
}

/// A horizontal bar chart laid out: the value axis' ticks and a bar pair per row.
/// The page draws it as SVG elements; `svg()` writes the same as text (escaped).
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    /// Where the bars start (the labels are right-aligned before it).
    pub label_w: f64,
    pub axis_y: f64,
    /// (x, value as text)
    pub ticks: Vec<(f64, String)>,
    pub bars: Vec<Bar>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub y: f64,
    pub label: String,
    /// This period's bar width, last year's (a thin bar under it).
    pub now_w: f64,
    pub prev_w: f64,
    pub value: String,
}

/// A bar of the chart: its label, its value and the value it is compared with.
pub type BarValue = (String, Decimal, Decimal);

/// The sales report's rows as bars: this period, last year beside it.
pub fn sales_bars(rows: &[SalesRow]) -> Vec<BarValue> {
    rows.iter().map(|r| (r.label.clone(), r.net, r.prev_net)).collect()
}

/// The bars of the first `top` values (the value, and the compared one as a thin bar
/// under it) against a value axis from 0 to a round maximum in five ticks, each bar
/// with its label and value; amounts are written by `fmt`.
pub fn chart(values: &[BarValue], top: usize, fmt: &dyn Fn(Decimal) -> String) -> Chart {
    let rows: Vec<&BarValue> = values.iter().take(top).collect();
    let (width, label_w, row_h, axis_y) = (720.0_f64, 220.0_f64, 26.0_f64, 28.0_f64);
    let height = axis_y + row_h * rows.len().max(1) as f64 + 8.0;
    let max = rows.iter().map(|r| r.1.max(r.2)).max().unwrap_or(Decimal::ZERO).max(Decimal::ZERO);
    let top_value = nice(max);
    let plot_w = width - label_w - 90.0;
    let x = |v: Decimal| -> f64 {
        if top_value.is_zero() {
            return 0.0;
        }
        let share = (v.max(Decimal::ZERO) / top_value).round_dp(4);
        share.to_string().parse::<f64>().unwrap_or(0.0) * plot_w
    };
    let ticks = (0..=4).map(|i| top_value * Decimal::from(i) / Decimal::from(4)).map(|v| (label_w + x(v), fmt(v))).collect();
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, r)| Bar { y: axis_y + row_h * i as f64 + 4.0, label: r.0.chars().take(34).collect(), now_w: x(r.1), prev_w: x(r.2), value: fmt(r.1) })
        .collect();
    Chart { width, height, label_w, axis_y, ticks, bars }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

impl Chart {
    /// The chart as an SVG document (for the print and the downloads); every text escaped.
    pub fn svg(&self) -> String {
        let (w, h, lw, ay) = (self.width, self.height, self.label_w, self.axis_y);
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"11\">"
        );
        for (x, v) in &self.ticks {
            svg.push_str(&format!(
                "<line x1=\"{x:.1}\" y1=\"{ay}\" x2=\"{x:.1}\" y2=\"{h:.1}\" stroke=\"#ddd\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
                ay - 8.0,
                esc(v)
            ));
        }
        for b in &self.bars {
            svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{lw}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" fill=\"#2f6fb0\"/>\
                 <rect x=\"{lw}\" y=\"{:.1}\" width=\"{:.1}\" height=\"5\" fill=\"#b7c7d8\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                lw - 6.0,
                b.y + 10.0,
                esc(&b.label),
                b.y,
                b.now_w,
                b.y + 13.0,
                b.prev_w,
                lw + b.now_w + 4.0,
                b.y + 10.0,
                esc(&b.value)
            ));
        }
        svg.push_str("</svg>");
        svg
    }
}

/// A round value at or above `v` for the axis: 1, 2 or 5 times a power of ten.
pub fn nice(v: Decimal) -> Decimal {
    if v <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let mut step = Decimal::ONE;
    while step * Decimal::TEN <= v {
        step *= Decimal::TEN;
    }
    [Decimal::ONE, Decimal::TWO, Decimal::from(5), Decimal::TEN].into_iter().map(|m| m * step).find(|c| *c >= v).unwrap_or(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn sums(key: &str, net: i64) -> Sums {
        Sums { key: key.into(), label: format!("L{key}"), net_minor: net, qty_milli: 1000, lines: 1, cost_minor: net / 4 }
    }

    #[test]
    fn filters_default_to_the_year_to_date_and_bad_ones_are_named() {
        let f = SalesQuery::default().check(day("2026-12-07")).unwrap();
        assert_eq!((f.from.code(), f.to.code(), f.by), ("2026-01".into(), "2026-12".into(), Dimension::Customer));
        assert_eq!(f.year_before().from.code(), "2025-01");
        let q = SalesQuery { from: "2026-13".into(), ..Default::default() };
        assert!(q.check(day("2026-12-07")).unwrap_err().contains("2026-13"));
        let q = SalesQuery { from: "2026-05".into(), to: "2026-04".into(), ..Default::default() };
        assert!(q.check(day("2026-12-07")).unwrap_err().contains("after"));
        let q = SalesQuery { by: "colour".into(), ..Default::default() };
        assert!(q.check(day("2026-12-07")).unwrap_err().contains("colour"));
        let q = SalesQuery { seller: "x".into(), ..Default::default() };
        assert!(q.check(day("2026-12-07")).is_err());
    }

    #[test]
    fn rows_come_largest_first_with_last_year_beside_them() {
        let f = SalesQuery::default().check(day("2026-12-07")).unwrap();
        let r = report(&f, vec![sums("A", 10_000), sums("B", 30_000)], vec![sums("A", 20_000), sums("C", 5_000)]);
        let keys: Vec<&str> = r.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["B", "A", "C"]);
        assert_eq!(r.rows[1].change_pct, Some(Decimal::new(-500, 1)));
        assert_eq!(r.rows[0].change_pct, None);
        assert_eq!((r.total, r.prev_total), (Decimal::new(40_000, 2), Decimal::new(25_000, 2)));
        assert_eq!(r.change_pct, Some(Decimal::new(600, 1)));
    }

    #[test]
    fn margins_are_net_less_cost_with_last_years_beside_them() {
        let f = SalesQuery::default().check(day("2026-12-07")).unwrap();
        let mut b = sums("B", 30_000);
        b.cost_minor = 33_000; // sold below cost
        let r = report(&f, vec![sums("A", 10_000), b], vec![sums("A", 20_000), sums("C", 8_000)]);
        let got: Vec<(&str, Decimal, Decimal, Option<Decimal>, Decimal)> =
            r.rows.iter().map(|r| (r.key.as_str(), r.cost, r.margin, r.margin_pct, r.prev_margin)).collect();
        assert_eq!(
            got,
            [
                ("B", Decimal::new(33_000, 2), Decimal::new(-3_000, 2), Some(Decimal::new(-100, 1)), Decimal::ZERO),
                ("A", Decimal::new(2_500, 2), Decimal::new(7_500, 2), Some(Decimal::new(750, 1)), Decimal::new(15_000, 2)),
                ("C", Decimal::ZERO, Decimal::ZERO, None, Decimal::new(6_000, 2)),
            ]
        );
        assert_eq!(
            (r.total_cost, r.total_margin, r.margin_pct, r.prev_margin),
            (Decimal::new(35_500, 2), Decimal::new(4_500, 2), Some(Decimal::new(113, 1)), Decimal::new(21_000, 2))
        );
        let heads = ["Key", "Name", "Net", "Cost", "Margin", "Margin %", "Last year"].map(String::from);
        assert!(profit_table(&r, heads, "Total").csv().ends_with(";Total;400.00;355.00;45.00;11.3;210.00\n"));
    }

    #[test]
    fn by_month_last_years_month_meets_this_years() {
        let q = SalesQuery { by: "month".into(), from: "2026-01".into(), to: "2026-03".into(), ..Default::default() };
        let f = q.check(day("2026-12-07")).unwrap();
        let r = report(&f, vec![sums("2026-02", 200)], vec![sums("2025-02", 100), sums("2025-03", 50)]);
        assert_eq!(
            r.rows.iter().map(|r| (r.key.as_str(), r.net, r.prev_net)).collect::<Vec<_>>(),
            [("2026-02", Decimal::new(200, 2), Decimal::new(100, 2)), ("2026-03", Decimal::ZERO, Decimal::new(50, 2))]
        );
    }

    #[test]
    fn customers_are_summed_by_the_county_of_their_postcode() {
        let c = |country: &str, pc: &str, net: i64| (country.to_string(), pc.to_string(), sums("x", net));
        let r = by_region(vec![c("NO", "0150", 100), c("NO", "0560", 50), c("NO", "5003", 7), c("SE", "114 55", 3), c("DK", "2100", 1), c("NO", "", 2)]);
        let got: Vec<(&str, &str, i64, i64)> = r.iter().map(|s| (s.key.as_str(), s.label.as_str(), s.net_minor, s.lines)).collect();
        assert_eq!(got, [("NO-03", "Oslo", 150, 2), ("NO-46", "Vestland", 7, 1), ("SE-AB", "Stockholms län", 3, 1), ("DK", "DK", 1, 1), ("NO-?", "", 2, 1)]);
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-12.50"), "-12.50");
        assert_eq!(csv_field("a;b"), "\"a;b\"");
        let f = SalesQuery::default().check(day("2026-12-07")).unwrap();
        let r = report(&f, vec![sums("A", 12_345)], vec![]);
        let heads = ["Key", "Name", "Net", "Qty", "Last year", "Change %"].map(String::from);
        assert_eq!(sales_table(&r, heads, "Total").csv(), "Key;Name;Net;Qty;Last year;Change %\nA;LA;123.45;1;0.00;\n;Total;123.45;;0.00;\n");
    }

    #[test]
    fn the_chart_has_an_axis_labels_values_and_escapes_text() {
        let f = SalesQuery::default().check(day("2026-12-07")).unwrap();
        let mut now = vec![sums("A", 150_000)];
        now[0].label = "<script>Ærlig & Co</script>".into();
        let r = report(&f, now, vec![]);
        let svg = chart(&sales_bars(&r.rows), 10, &|d| d.round_dp(0).to_string()).svg();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("&lt;script&gt;Ærlig &amp; Co&lt;/script&gt;") && !svg.contains("<script>"));
        // the axis runs to 2000 (the round value above 1500) in five ticks
        for tick in [">0<", ">500<", ">1000<", ">1500<", ">2000<"] {
            assert!(svg.contains(tick), "{tick} in {svg}");
        }
        assert_eq!(nice(Decimal::new(1500, 0)), Decimal::new(2000, 0));
        assert_eq!(nice(Decimal::new(1, 0)), Decimal::ONE);
        assert_eq!(nice(Decimal::new(101, 0)), Decimal::new(200, 0));
    }
}
