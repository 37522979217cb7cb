//! The company's clock. A business day starts at midnight where the company is, not in
//! UTC: an invoice posted at 00:30 in Oslo on 1 January is dated 1 January. Every
//! "today" — on the server and in the browser — and every time shown to a user comes
//! from here, through the company's zone.
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::country::Country;
use super::format;
use super::i18n::Lang;

impl Country {
    /// The time zone a company registered here keeps its books in.
    pub fn zone(self) -> Tz {
        match self {
            Country::NO => chrono_tz::Europe::Oslo,
            Country::SE => chrono_tz::Europe::Stockholm,
            Country::FI => chrono_tz::Europe::Helsinki,
            Country::HU => chrono_tz::Europe::Budapest,
        }
    }
}

/// The zone of a country code as stored on the company (Oslo for an unknown code: a
/// stored company always has one of the four).
pub fn zone_of(country: &str) -> Tz {
    Country::parse(country).map(Country::zone).unwrap_or(chrono_tz::Europe::Oslo)
}

/// Now, from the machine's clock (in the browser, from JavaScript's: `Utc::now`
/// panics in WebAssembly).
pub fn now() -> DateTime<Utc> {
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(t) = DateTime::from_timestamp_millis(js_sys::Date::now() as i64) {
            return t;
        }
    }
    Utc::now()
}

/// The calendar day at instant `at` in `zone`.
pub fn date_at(zone: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&zone).date_naive()
}

/// Today where the company is.
pub fn today(zone: Tz) -> NaiveDate {
    date_at(zone, now())
}

/// A stored instant (milliseconds since 1970) as the company's local date and time,
/// labelled with the zone's abbreviation: `06.12.2026 14:05 CET`, `2026-07-01 09:30 CEST`.
pub fn local_time(zone: Tz, ms: i64, lang: Lang) -> String {
    let Some(at) = DateTime::from_timestamp_millis(ms) else { return String::new() };
    let local = at.with_timezone(&zone);
    format!("{} {}", format::date(local.date_naive(), lang), local.format("%H:%M %Z"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn the_business_day_starts_at_local_midnight() {
        // 00:30 in Oslo on 1 January is 23:30 UTC on 31 December
        let at = utc(2026, 12, 31, 23, 30);
        assert_eq!(date_at(Country::NO.zone(), at), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(date_at(Country::SE.zone(), at), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(date_at(Country::HU.zone(), at), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        // Helsinki is an hour ahead: 22:30 UTC is already the new year there, not in Oslo
        let at = utc(2026, 12, 31, 22, 30);
        assert_eq!(date_at(Country::FI.zone(), at), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert_eq!(date_at(Country::NO.zone(), at), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        // summer time: 22:30 UTC on 30 June is 00:30 on 1 July in Oslo (UTC+2)
        assert_eq!(date_at(Country::NO.zone(), utc(2026, 6, 30, 22, 30)), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        assert_eq!(date_at(Country::NO.zone(), utc(2026, 6, 30, 21, 59)), NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
    }

    #[test]
    fn times_are_local_and_labelled() {
        let winter = utc(2026, 12, 6, 13, 5).timestamp_millis();
        assert_eq!(local_time(zone_of("NO"), winter, Lang::Nb), "06.12.2026 14:05 CET");
        assert_eq!(local_time(zone_of("SE"), winter, Lang::Sv), "2026-12-06 14:05 CET");
        assert_eq!(local_time(zone_of("FI"), winter, Lang::En), "6 Dec 2026 15:05 EET");
        let summer = utc(2026, 7, 1, 7, 30).timestamp_millis();
        assert_eq!(local_time(zone_of("NO"), summer, Lang::Nb), "01.07.2026 09:30 CEST");
        assert_eq!(zone_of("XX"), chrono_tz::Europe::Oslo);
    }
}
