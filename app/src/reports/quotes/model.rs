//! Quotes versus orders, the pure part: each quote's outcome (won once lines went to
//! an order, lost when marked lost or expired unanswered, else open), counted and
//! valued per seller, customer or month of the quote date, the conversion rate of the
//! decided quotes by count and by value, and the quoted lines that changed on their
//! way to the order (quantity, price or discount).
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::reports::model::{change, Cell, Month, Table};
use crate::sales::model::QuoteStatus;

crate::core::code::coded! {
    /// What the quotes report groups by.
    pub enum QuoteBy {
        Seller = "seller" => Seller,
        Customer = "customer" => Customer,
        Month = "month" => Month,
    }
}

/// The filters as typed (the page's address).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct QuotesQuery {
    /// First month of the quote date, `YYYY-MM` (default: January of `to`'s year).
    #[serde(default)]
    pub from: String,
    /// Last month, `YYYY-MM` (default: the current month).
    #[serde(default)]
    pub to: String,
    /// seller, customer or month (default seller).
    #[serde(default)]
    pub by: String,
    /// A seller's user id.
    #[serde(default)]
    pub seller: String,
    /// A customer number.
    #[serde(default)]
    pub customer: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotesFilter {
    pub from: Month,
    pub to: Month,
    pub by: QuoteBy,
    pub seller: Option<i64>,
    pub customer: Option<String>,
}

impl QuotesQuery {
    pub fn check(&self, today: chrono::NaiveDate) -> Result<QuotesFilter, String> {
        // the period as the sales report reads it
        let period = crate::reports::model::SalesQuery { from: self.from.clone(), to: self.to.clone(), ..Default::default() }.check(today)?;
        let by = match self.by.trim() {
            "" => QuoteBy::Seller,
            b => QuoteBy::parse(b).ok_or_else(|| format!("By: '{b}' is not one of seller, customer, month"))?,
        };
        let seller = match self.seller.trim() {
            "" => None,
            s => Some(s.parse::<i64>().map_err(|_| format!("Seller: '{s}' is not a seller"))?),
        };
        if self.customer.len() > 100 {
            return Err("Customer: at most 100 characters".into());
        }
        let customer = Some(self.customer.trim().to_string()).filter(|c| !c.is_empty());
        Ok(QuotesFilter { from: period.from, to: period.to, by, seller, customer })
    }
}

/// How a quote ended (so far).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Won,
    Lost,
    Open,
}

/// Won once anything of it was ordered; lost when marked lost or past its validity
/// unanswered; else open.
pub fn outcome(s: QuoteStatus) -> Outcome {
    match s {
        QuoteStatus::Accepted | QuoteStatus::PartlyAccepted => Outcome::Won,
        QuoteStatus::Lost | QuoteStatus::Expired => Outcome::Lost,
        QuoteStatus::Draft | QuoteStatus::Sent => Outcome::Open,
    }
}

/// A quote as the report needs it: its group, status, quoted net and the net of the
/// order lines made from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteFact {
    pub key: String,
    pub label: String,
    pub status: QuoteStatus,
    pub quoted: Decimal,
    pub ordered: Decimal,
}

/// A group's quotes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuoteRow {
    pub key: String,
    pub label: String,
    pub quotes: i64,
    pub won: i64,
    pub lost: i64,
    pub open: i64,
    /// Won of the decided (won + lost), per cent; none before any is decided.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub conversion_pct: Option<Decimal>,
    /// The quoted net of all the group's quotes.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub quoted: Decimal,
    /// The quoted net of the won quotes against that of the decided ones, per cent.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub value_pct: Option<Decimal>,
    /// The net of the order lines made from the quotes.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub ordered: Decimal,
    #[serde(skip)]
    won_quoted: Decimal,
    #[serde(skip)]
    decided_quoted: Decimal,
}

impl QuoteRow {
    fn add(&mut self, q: &QuoteFact) {
        self.quotes += 1;
        self.quoted += q.quoted;
        self.ordered += q.ordered;
        match outcome(q.status) {
            Outcome::Won => {
                self.won += 1;
                self.won_quoted += q.quoted;
                self.decided_quoted += q.quoted;
            }
            Outcome::Lost => {
                self.lost += 1;
                self.decided_quoted += q.quoted;
            }
            Outcome::Open => self.open += 1,
        }
        let pct = |part: Decimal, whole: Decimal| (!whole.is_zero()).then(|| (part * Decimal::ONE_HUNDRED / whole).round_dp(1));
        self.conversion_pct = pct(Decimal::from(self.won), Decimal::from(self.won + self.lost));
        self.value_pct = pct(self.won_quoted, self.decided_quoted);
    }
}

/// A quoted line against the order line made from it, where quantity, price or
/// discount differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LineChange {
    pub quote_no: String,
    pub order_no: String,
    pub item_no: String,
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub quoted_qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub ordered_qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub quoted_price: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub ordered_price: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub quoted_discount: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub ordered_discount: Decimal,
    /// The order line's net less the quoted line's.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net_change: Decimal,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QuotesReport {
    pub by: String,
    pub from: String,
    pub to: String,
    /// Most quoted first (by month: in month order).
    pub rows: Vec<QuoteRow>,
    pub total: QuoteRow,
    /// At most 500, oldest quote first.
    pub changes: Vec<LineChange>,
}

pub fn report(f: &QuotesFilter, quotes: &[QuoteFact], changes: Vec<LineChange>) -> QuotesReport {
    let mut rows: Vec<QuoteRow> = Vec::new();
    let mut total = QuoteRow::default();
    for q in quotes {
        total.add(q);
        match rows.iter_mut().find(|r| r.key == q.key) {
            Some(r) => r.add(q),
            None => {
                let mut r = QuoteRow { key: q.key.clone(), label: q.label.clone(), ..Default::default() };
                r.add(q);
                rows.push(r);
            }
        }
    }
    if f.by == QuoteBy::Month {
        rows.sort_by(|a, b| a.key.cmp(&b.key));
    } else {
        rows.sort_by(|a, b| b.quoted.cmp(&a.quoted).then_with(|| a.key.cmp(&b.key)));
    }
    QuotesReport { by: f.by.code().into(), from: f.from.code(), to: f.to.code(), rows, total, changes }
}

/// The report as a table under the headings given (group, name, quotes, won, lost,
/// open, conversion %, quoted, conversion by value %, ordered).
pub fn table(r: &QuotesReport, heads: Vec<String>, total: &str) -> Table {
    let n = |v: i64| Cell::Number(Decimal::from(v));
    let cells = |x: &QuoteRow, key: Cell, name: Cell| {
        vec![
            key,
            name,
            n(x.quotes),
            n(x.won),
            n(x.lost),
            n(x.open),
            Cell::Pct(x.conversion_pct),
            Cell::Money(x.quoted),
            Cell::Pct(x.value_pct),
            Cell::Money(x.ordered),
        ]
    };
    Table {
        title: format!("{} {}–{}", heads[0], r.from, r.to),
        rows: r.rows.iter().map(|x| cells(x, Cell::Text(x.key.clone()), Cell::Text(x.label.clone()))).collect(),
        total: cells(&r.total, Cell::Empty, Cell::Text(total.into())),
        heads,
    }
}

/// The change of a line change's ordered against quoted price, per cent.
pub fn price_change_pct(c: &LineChange) -> Option<Decimal> {
    change(c.ordered_price, c.quoted_price)
}

/// The chart's bars: each row's ordered net against its quoted net.
pub fn bars(r: &QuotesReport) -> Vec<crate::reports::model::BarValue> {
    r.rows.iter().map(|x| (if x.label.is_empty() { x.key.clone() } else { x.label.clone() }, x.ordered, x.quoted)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn fact(key: &str, status: QuoteStatus, quoted: i64, ordered: i64) -> QuoteFact {
        QuoteFact { key: key.into(), label: format!("L{key}"), status, quoted: Decimal::from(quoted), ordered: Decimal::from(ordered) }
    }

    #[test]
    fn outcomes_count_and_convert() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let f = QuotesQuery::default().check(today).unwrap();
        assert_eq!((f.by, f.from.code()), (QuoteBy::Seller, "2026-01".to_string()));
        let quotes = [
            fact("1", QuoteStatus::Accepted, 1000, 900),
            fact("1", QuoteStatus::PartlyAccepted, 500, 200),
            fact("1", QuoteStatus::Lost, 2000, 0),
            fact("1", QuoteStatus::Expired, 500, 0),
            fact("1", QuoteStatus::Sent, 700, 0),
            fact("2", QuoteStatus::Draft, 100, 0),
        ];
        let r = report(&f, &quotes, vec![]);
        let a = &r.rows[0];
        assert_eq!((a.key.as_str(), a.quotes, a.won, a.lost, a.open), ("1", 5, 2, 2, 1));
        // 2 of 4 decided; 1500 of 4000 decided value
        assert_eq!((a.conversion_pct, a.value_pct), (Some(Decimal::new(500, 1)), Some(Decimal::new(375, 1))));
        assert_eq!((a.quoted, a.ordered), (Decimal::from(4700), Decimal::from(1100)));
        // nothing decided yet: no rate
        assert_eq!((r.rows[1].conversion_pct, r.rows[1].open), (None, 1));
        assert_eq!((r.total.quotes, r.total.quoted), (6, Decimal::from(4800)));
        let t = table(&r, (0..10).map(|i| format!("h{i}")).collect(), "Total");
        assert_eq!(t.csv().lines().last().unwrap(), ";Total;6;2;2;2;50;4800;37.5;1100");
        assert!(QuotesQuery { by: "colour".into(), ..Default::default() }.check(today).unwrap_err().contains("colour"));
        assert!(QuotesQuery { from: "2026-13".into(), ..Default::default() }.check(today).is_err());
    }
}
