//! The open-items list's order and its ageing view: what is open, by how long it is
//! overdue (not due, 1–30, 31–60, 61–90, over 90 days), per currency.
use std::cmp::Ordering;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::model::{days_overdue, OpenItem};

/// The columns the open items can be sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OpenSort {
    /// Oldest due date first: the longest overdue lead.
    #[default]
    Due,
    Number,
    Date,
    Customer,
    /// Most left to pay first.
    Open,
}

impl OpenSort {
    pub fn parse(s: &str) -> OpenSort {
        match s {
            "number" => OpenSort::Number,
            "date" => OpenSort::Date,
            "customer" => OpenSort::Customer,
            "open" => OpenSort::Open,
            _ => OpenSort::Due,
        }
    }
}

/// Document numbers compared as numbers where they are (`9` before `10`), with any
/// prefix compared as text first (`F-9` before `F-10`).
pub fn by_number(a: &str, b: &str) -> Ordering {
    let split = |s: &str| {
        let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (head, tail) = s.split_at(s.len() - digits);
        (head.to_string(), tail.trim_start_matches('0').to_string())
    };
    let (ha, ta) = split(a);
    let (hb, tb) = split(b);
    ha.cmp(&hb).then(ta.len().cmp(&tb.len())).then(ta.cmp(&tb)).then(a.cmp(b))
}

pub fn sort(items: &mut [&OpenItem], by: OpenSort) {
    items.sort_by(|a, b| match by {
        OpenSort::Due => a.due_date.cmp(&b.due_date).then_with(|| by_number(&a.number, &b.number)),
        OpenSort::Number => by_number(&a.number, &b.number),
        OpenSort::Date => a.date.cmp(&b.date).then_with(|| by_number(&a.number, &b.number)),
        OpenSort::Customer => a.customer_name.to_lowercase().cmp(&b.customer_name.to_lowercase()).then_with(|| by_number(&a.number, &b.number)),
        OpenSort::Open => b.open.cmp(&a.open).then_with(|| by_number(&a.number, &b.number)),
    });
}

/// The ageing buckets' upper bounds in days overdue (the last is open-ended).
pub const BUCKETS: [(i64, i64); 5] = [(0, 0), (1, 30), (31, 60), (61, 90), (91, i64::MAX)];

/// The buckets' headings in a language: not due, days overdue 1–30 … 90+.
pub fn bucket_heads(l: crate::core::Lang) -> Vec<String> {
    use crate::core::T;
    let mut h = vec![l.t(T::NotDue).to_string()];
    h.extend(BUCKETS[1..].iter().map(|(lo, hi)| {
        if *hi == i64::MAX {
            format!("{} {}+", l.t(T::DaysOverdue), lo - 1)
        } else {
            format!("{} {lo}–{hi}", l.t(T::DaysOverdue))
        }
    }));
    h
}

/// What is open per currency in each bucket of [`BUCKETS`]; credit and unapplied
/// payments (negative) count as not due.
pub fn ageing(items: &[&OpenItem], today: NaiveDate) -> Vec<(String, [Decimal; 5])> {
    let mut out: Vec<(String, [Decimal; 5])> = Vec::new();
    for i in items {
        let days = days_overdue(i, today);
        let b = BUCKETS.iter().position(|(lo, hi)| days >= *lo && days <= *hi).unwrap_or(0);
        let row = match out.iter().position(|(c, _)| *c == i.currency) {
            Some(p) => p,
            None => {
                out.push((i.currency.clone(), [Decimal::ZERO; 5]));
                out.len() - 1
            }
        };
        out[row].1[b] += i.open;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receivables::model::EntryKind;

    fn item(number: &str, due: &str, open: i64) -> OpenItem {
        OpenItem {
            kind: EntryKind::Invoice,
            number: number.into(),
            customer_no: "1".into(),
            customer_name: "A".into(),
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            due_date: NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap(),
            currency: "NOK".into(),
            amount: Decimal::from(open),
            open: Decimal::from(open),
            disputed: false,
            reminder_level: 0,
        }
    }

    #[test]
    fn numbers_sort_as_numbers() {
        let mut v = vec!["10", "9", "100", "F-10", "F-9", "010"];
        v.sort_by(|a, b| by_number(a, b));
        assert_eq!(v, ["9", "010", "10", "100", "F-9", "F-10"]);
        let (a, b, c) = (item("10002", "2026-02-01", 5), item("9999", "2026-03-01", 7), item("10001", "2026-01-01", 1));
        let mut s = vec![&a, &b, &c];
        sort(&mut s, OpenSort::Number);
        assert_eq!(s.iter().map(|i| i.number.as_str()).collect::<Vec<_>>(), ["9999", "10001", "10002"]);
        sort(&mut s, OpenSort::Due);
        assert_eq!(s.iter().map(|i| i.number.as_str()).collect::<Vec<_>>(), ["10001", "10002", "9999"]);
        sort(&mut s, OpenSort::Open);
        assert_eq!(s[0].number, "9999");
    }

    #[test]
    fn ageing_puts_each_item_in_one_bucket() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let v = [
            item("1", "2027-01-10", 100),
            item("2", "2026-12-31", 1),
            item("3", "2026-12-01", 30),
            item("4", "2026-11-01", 60),
            item("5", "2026-10-01", 91),
            item("6", "2025-01-01", 1000),
        ];
        let mut credit = item("7", "2026-11-15", -40);
        credit.kind = EntryKind::CreditNote;
        let refs: Vec<&OpenItem> = v.iter().chain([&credit]).collect();
        let a = ageing(&refs, today);
        assert_eq!(a.len(), 1);
        // not due: 100 + 1 − 40; 30 days; 60 days; 91 days and a year: over 90
        assert_eq!(a[0].1, [Decimal::from(61), Decimal::from(30), Decimal::from(60), Decimal::ZERO, Decimal::from(1091)]);
        let total: Decimal = a[0].1.iter().sum();
        assert_eq!(total, refs.iter().map(|i| i.open).sum::<Decimal>());
    }
}
