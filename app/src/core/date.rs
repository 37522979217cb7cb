//! Dates typed by users or read from files: one parser, one range.
use chrono::{Datelike, NaiveDate};

/// The years a business document may carry. Year 0 or 9999 is a typo, and stored it
/// breaks period sums, ageing and the accounting export.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// A date as stored and sent: `2026-11-23`.
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A typed date, or `default` when the field is left empty.
pub fn date_or(label: &str, input: &str, default: NaiveDate) -> Result<NaiveDate, String> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(default);
    }
    parse_iso(label, t)
}

/// An ISO date (YYYY-MM-DD) within [`YEARS`]; the message names the field.
pub fn parse_iso(label: &str, input: &str) -> Result<NaiveDate, String> {
    let t = input.trim();
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| format!("{label}: '{t}' is not a date (use YYYY-MM-DD)"))?;
    if !YEARS.contains(&d.year()) || t.len() != 10 {
        return Err(format!("{label}: '{t}' is not a date between {}-01-01 and {}-12-31", YEARS.start(), YEARS.end()));
    }
    Ok(d)
}

/// As [`parse_iso`], with empty input as None.
pub fn parse_optional(label: &str, input: &str) -> Result<Option<NaiveDate>, String> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse_iso(label, input).map(Some)
    }
}

/// A range of days split for monthly sums: the whole calendar months inside it, as
/// the first and last month (`YYYY-MM`; none when no month lies wholly inside), and the
/// days outside those months, as up to two ranges of days (the start of the range before
/// the first whole month, the end after the last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthSplit {
    pub months: Option<(String, String)>,
    pub days: Vec<(NaiveDate, NaiveDate)>,
}

/// Splits `from..=to` into whole months and the days around them (see [`MonthSplit`]).
pub fn month_split(from: NaiveDate, to: NaiveDate) -> MonthSplit {
    if from > to {
        return MonthSplit { months: None, days: Vec::new() };
    }
    let month_end = |d: NaiveDate| d.succ_opt().is_none_or(|next| next.month() != d.month());
    // the first day of the first whole month, and the last day of the last one
    let first = if from.day() == 1 { Some(from) } else { from.with_day(1).and_then(|d| d.checked_add_months(chrono::Months::new(1))) };
    let last = if month_end(to) { Some(to) } else { to.with_day(1).and_then(|d| d.pred_opt()) };
    match (first, last) {
        (Some(first), Some(last)) if first < last => {
            let mut days = Vec::new();
            if from < first {
                days.push((from, first.pred_opt().unwrap_or(first)));
            }
            if last < to {
                days.push((last.succ_opt().unwrap_or(last), to));
            }
            MonthSplit { months: Some((first.format("%Y-%m").to_string(), last.format("%Y-%m").to_string())), days }
        }
        _ => MonthSplit { months: None, days: vec![(from, to)] },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_outside_business_years_are_refused() {
        assert_eq!(parse_iso("Date", " 2026-11-23 ").unwrap(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert!(parse_iso("Date", "0000-01-01").unwrap_err().contains("between 1900-01-01"));
        assert!(parse_iso("Date", "9999-12-31").is_err());
        assert!(parse_iso("Date", "+12026-01-01").is_err());
        assert!(parse_iso("Date", "2026-02-30").unwrap_err().contains("not a date"));
        assert!(parse_iso("Date", "23.11.2026").is_err());
        assert_eq!(parse_optional("Date", "  ").unwrap(), None);
    }

    #[test]
    fn a_range_splits_into_whole_months_and_the_days_around_them() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let months = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        // a whole year: months only
        assert_eq!(month_split(d("2026-01-01"), d("2026-12-31")), MonthSplit { months: months("2026-01", "2026-12"), days: vec![] });
        // one whole month, February of a leap year included
        assert_eq!(month_split(d("2028-02-01"), d("2028-02-29")), MonthSplit { months: months("2028-02", "2028-02"), days: vec![] });
        assert_eq!(month_split(d("2026-02-01"), d("2026-02-28")).days, vec![]);
        // days at both ends
        assert_eq!(
            month_split(d("2026-01-15"), d("2026-04-10")),
            MonthSplit { months: months("2026-02", "2026-03"), days: vec![(d("2026-01-15"), d("2026-01-31")), (d("2026-04-01"), d("2026-04-10"))] }
        );
        // across a year end, days at the start only
        assert_eq!(
            month_split(d("2025-12-02"), d("2026-01-31")),
            MonthSplit { months: months("2026-01", "2026-01"), days: vec![(d("2025-12-02"), d("2025-12-31"))] }
        );
        // no whole month inside: days only
        assert_eq!(month_split(d("2026-01-10"), d("2026-01-20")), MonthSplit { months: None, days: vec![(d("2026-01-10"), d("2026-01-20"))] });
        assert_eq!(month_split(d("2026-01-10"), d("2026-02-20")), MonthSplit { months: None, days: vec![(d("2026-01-10"), d("2026-02-20"))] });
        assert_eq!(month_split(d("2026-03-05"), d("2026-03-05")).months, None);
        // an empty range, and the widest one the reports take
        assert_eq!(month_split(d("2026-02-01"), d("2026-01-31")), MonthSplit { months: None, days: vec![] });
        assert_eq!(month_split(d("1900-01-01"), d("9999-12-31")).months, months("1900-01", "9999-12"));
    }
}
