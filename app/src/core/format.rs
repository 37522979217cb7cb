//! Locale formatting of numbers, money and dates. Runs on the server (SSR) and in
//! the browser (WASM) with the same result, so hydration never disagrees.
use chrono::{Datelike, NaiveDate};
use std::str::FromStr;

use rust_decimal::Decimal;

use super::i18n::Lang;

pub const NBSP: char = '\u{a0}';

fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::En => (',', '.'),
        Lang::Nb | Lang::Sv => (NBSP, ','),
    }
}

/// `1234.5` → `1 234,50` (nb, sv; non-breaking space) or `1,234.50` (en).
pub fn amount(d: Decimal, lang: Lang) -> String {
    number(d, 2, lang)
}

/// A number with a fixed count of decimals, grouped by thousands.
pub fn number(d: Decimal, decimals: u32, lang: Lang) -> String {
    let (group, dec) = separators(lang);
    let rounded = super::money::round2(d).round_dp(decimals);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.*}", decimals as usize, rounded.abs());
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3 + 4);
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac_part {
        out.push(dec);
        out.push_str(&f);
    }
    out
}

/// A quantity without trailing zeros (up to 3 decimals), in the language: `2,5`, `1 200`.
pub fn qty(d: Decimal, lang: Lang) -> String {
    let s = number(d, 3, lang);
    if s.contains([',', '.']) {
        s.trim_end_matches('0').trim_end_matches([',', '.']).to_string()
    } else {
        s
    }
}

/// Money with its currency as people write it: `1 234,50 kr` (nb/sv for NOK, SEK, DKK),
/// `1 234,50 EUR`, or `NOK 1,234.50` (en).
pub fn money(d: Decimal, currency: &str, lang: Lang) -> String {
    let n = amount(d, lang);
    match lang {
        Lang::En => format!("{currency}{NBSP}{n}"),
        Lang::Nb | Lang::Sv => match currency {
            "NOK" | "SEK" | "DKK" => format!("{n}{NBSP}kr"),
            other => format!("{n}{NBSP}{other}"),
        },
    }
}

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `23.11.2026` (nb), `2026-11-23` (sv), `23 Nov 2026` (en).
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Nb => format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year()),
        Lang::Sv => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        Lang::En => format!("{} {} {:04}", d.day(), MONTHS_EN[d.month0() as usize], d.year()),
    }
}

/// A date or nothing (an empty cell).
pub fn opt_date(d: Option<NaiveDate>, lang: Lang) -> String {
    d.map(|d| date(d, lang)).unwrap_or_default()
}

/// A text with every ISO date in it (`2026-11-23`) written the language's way
/// (`23.11.2026` in nb): document fields, periods and notes print one way.
pub fn dates_in(text: &str, lang: Lang) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let end_ok = i + 10 == b.len() || b.get(i + 10).is_some_and(|c| !c.is_ascii_alphanumeric());
        if let (true, true, Some(part)) = (boundary, end_ok, text.get(i..i + 10)) {
            let shape = part.bytes().enumerate().all(|(k, c)| if k == 4 || k == 7 { c == b'-' } else { c.is_ascii_digit() });
            if let (true, Ok(d)) = (shape, NaiveDate::parse_from_str(part, "%Y-%m-%d")) {
                out.push_str(&date(d, lang));
                i += 10;
                continue;
            }
        }
        let ch = text[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Reads an amount typed by a user: spaces (also non-breaking) are ignored; `,` is the
/// decimal separator in nb/sv and a thousands separator in en; `.` is always decimal
/// when it is the last separator.
pub fn parse_amount(input: &str, lang: Lang) -> Result<Decimal, String> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace() && *c != NBSP && *c != '\u{202f}').collect();
    if compact.is_empty() {
        return Err("Enter an amount".into());
    }
    if compact.len() > 40 {
        return Err("The amount is too long".into());
    }
    let normalised = match lang {
        // a comma only ever groups thousands: "1,234.50"; "1,5" would silently be 15
        Lang::En => {
            let int = compact.split('.').next().unwrap_or("");
            let groups: Vec<&str> = int.split(',').collect();
            if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3) {
                return Err(format!("'{}' is not an amount (a comma groups thousands: 1,234.50)", input.trim()));
            }
            compact.replace(',', "")
        }
        Lang::Nb | Lang::Sv => {
            let last_comma = compact.rfind(',');
            let last_dot = compact.rfind('.');
            match (last_comma, last_dot) {
                (Some(c), Some(d)) if d > c => compact.replace(',', ""),
                (Some(_), Some(_)) => compact.replace('.', "").replace(',', "."),
                (Some(_), None) => compact.replace(',', "."),
                _ => compact,
            }
        }
    };
    // more decimals than a Decimal holds would be rounded away (0.000…1 to 0): refused
    let mantissa = normalised.split(['e', 'E']).next().unwrap_or("");
    if mantissa.split_once('.').is_some_and(|(_, f)| f.len() > 28) {
        return Err(format!("'{}' has more decimals than Flyt can hold exactly", input.trim()));
    }
    Decimal::from_str(&normalised).map_err(|_| format!("'{}' is not an amount", input.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn dates_in_text_follow_the_language() {
        assert_eq!(dates_in("2026-11-23", Lang::Nb), "23.11.2026");
        assert_eq!(dates_in("2026-11-23", Lang::Sv), "2026-11-23");
        assert_eq!(dates_in("Service 2026-01-01 – 2026-03-31", Lang::Nb), "Service 01.01.2026 – 31.03.2026");
        assert_eq!(dates_in("PO-2026-11-230 ref x2026-11-23", Lang::Nb), "PO-2026-11-230 ref x2026-11-23");
        assert_eq!(dates_in("2026-13-40 · Blåbær 2026-02-28.", Lang::Nb), "2026-13-40 · Blåbær 28.02.2026.");
        assert_eq!(dates_in("", Lang::Nb), "");
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn too_many_decimals_are_refused_not_rounded() {
        assert!(parse_amount("0,000000000000000000000000000001", Lang::Nb).unwrap_err().contains("more decimals"));
        assert_eq!(parse_amount("0,0000000000000000000000000001", Lang::Nb).unwrap(), d("0.0000000000000000000000000001"));
    }

    #[test]
    fn amounts_per_locale() {
        assert_eq!(amount(d("1234.5"), Lang::Nb), "1\u{a0}234,50");
        assert_eq!(amount(d("1234.5"), Lang::Sv), "1\u{a0}234,50");
        assert_eq!(amount(d("1234.5"), Lang::En), "1,234.50");
        assert_eq!(amount(d("-1234567.891"), Lang::Nb), "-1\u{a0}234\u{a0}567,89");
        assert_eq!(amount(d("0"), Lang::Nb), "0,00");
        assert_eq!(amount(d("999"), Lang::Nb), "999,00");
        assert_eq!(amount(d("-0.001"), Lang::En), "0.00");
    }

    #[test]
    fn money_per_locale() {
        assert_eq!(money(d("1234.5"), "NOK", Lang::Nb), "1\u{a0}234,50\u{a0}kr");
        assert_eq!(money(d("1234.5"), "SEK", Lang::Sv), "1\u{a0}234,50\u{a0}kr");
        assert_eq!(money(d("10"), "EUR", Lang::Nb), "10,00\u{a0}EUR");
        assert_eq!(money(d("1234.5"), "NOK", Lang::En), "NOK\u{a0}1,234.50");
    }

    #[test]
    fn dates_per_locale() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(date(day, Lang::Nb), "23.11.2026");
        assert_eq!(date(day, Lang::Sv), "2026-11-23");
        assert_eq!(date(day, Lang::En), "23 Nov 2026");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_amount("1 234,50", Lang::Nb).unwrap(), d("1234.50"));
        assert_eq!(parse_amount("1\u{a0}234,5", Lang::Sv).unwrap(), d("1234.5"));
        assert_eq!(parse_amount("1.234,50", Lang::Nb).unwrap(), d("1234.50"));
        assert_eq!(parse_amount("1234.50", Lang::Nb).unwrap(), d("1234.50"));
        assert_eq!(parse_amount("1,234.50", Lang::En).unwrap(), d("1234.50"));
        // one rule, the user's: a comma in English groups thousands, never a decimal
        assert_eq!(parse_amount("1,500", Lang::En).unwrap(), d("1500"));
        assert_eq!(parse_amount("1,5", Lang::Nb).unwrap(), d("1.5"));
        assert_eq!(parse_amount("1,5", Lang::Sv).unwrap(), d("1.5"));
        assert!(parse_amount("349,00", Lang::En).unwrap_err().contains("groups thousands"));
        assert!(parse_amount("1,5", Lang::En).is_err());
        assert!(parse_amount("12abc", Lang::Nb).unwrap_err().contains("not an amount"));
        assert!(parse_amount("  ", Lang::Nb).is_err());
    }
}
