//! Dates typed by users or read from files: one parser, one range.
use chrono::{Datelike, NaiveDate};

/// The years a business document may carry. Year 0 or 9999 is a typo, and stored it
/// breaks period sums, ageing and the accounting export.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// A typed date, or `default` when the field is left empty.
/// A date as stored and sent: `2026-11-23`.
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

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
}
