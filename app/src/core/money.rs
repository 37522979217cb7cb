//! Exact money: `Decimal` in the domain, `i64` minor units (øre/öre/cent) in the database.
use rust_decimal::{Decimal, RoundingStrategy};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("The amount {0} has more than 2 decimals")]
    TooPrecise(String),
    #[error("The amount {0} is too large")]
    TooLarge(String),
}

/// Largest amount Flyt accepts: 10^13 (ten trillion) in any currency, far below i64 minor units.
pub fn max_amount() -> Decimal {
    Decimal::from(10_000_000_000_000_i64)
}

/// Round to 2 decimals, half away from zero (commercial rounding, as EHF expects).
pub fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounded to 2 decimals and shown with 2 (`70` → `70.00`).
pub fn cents(d: Decimal) -> Decimal {
    let mut r = round2(d);
    r.rescale(2);
    r
}

/// Decimal → minor units. Refuses (never silently rounds) a value with more than 2 decimals.
pub fn to_minor(d: Decimal) -> Result<i64, MoneyError> {
    if d.abs() > max_amount() {
        return Err(MoneyError::TooLarge(d.to_string()));
    }
    if round2(d) != d {
        return Err(MoneyError::TooPrecise(d.to_string()));
    }
    let scaled = d * Decimal::from(100);
    i64::try_from(scaled.trunc()).map_err(|_| MoneyError::TooLarge(d.to_string()))
}

/// Minor units → Decimal with scale 2.
pub fn from_minor(minor: i64) -> Decimal {
    Decimal::new(minor, 2)
}

/// A percentage (discount, VAT rate) → hundredths of a per cent ("basis points" as
/// stored); refuses more than 2 decimals and anything beyond ±1 000 000 %.
pub fn to_bp(d: Decimal) -> Result<i64, MoneyError> {
    if d.abs() > Decimal::from(1_000_000) {
        return Err(MoneyError::TooLarge(d.to_string()));
    }
    if round2(d) != d {
        return Err(MoneyError::TooPrecise(d.to_string()));
    }
    i64::try_from((d * Decimal::ONE_HUNDRED).trunc()).map_err(|_| MoneyError::TooLarge(d.to_string()))
}

/// Hundredths of a per cent → the percentage, without trailing zeros (`2500` → `25`).
pub fn from_bp(bp: i64) -> Decimal {
    Decimal::new(bp, 2).normalize()
}

/// An ISO 4217 currency code.
pub fn currency_code(input: &str, default: &str) -> Result<String, String> {
    let t = input.trim().to_ascii_uppercase();
    if t.is_empty() {
        return Ok(default.to_string());
    }
    if t.len() != 3 || !t.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(format!("'{}' is not a currency code (three letters, e.g. NOK)", input.trim()));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn minor_units_round_trip_exactly() {
        for s in ["0", "0.01", "1234.5", "-99.99", "9999999999999.99"] {
            let m = to_minor(d(s)).unwrap();
            assert_eq!(from_minor(m), d(s).round_dp(2));
        }
        assert_eq!(to_minor(d("1234.50")).unwrap(), 123450);
        assert_eq!(from_minor(123450).to_string(), "1234.50");
    }

    #[test]
    fn refuses_fractions_of_a_cent_and_absurd_amounts() {
        assert_eq!(to_minor(d("0.005")), Err(MoneyError::TooPrecise("0.005".into())));
        assert!(matches!(to_minor(d("100000000000000")), Err(MoneyError::TooLarge(_))));
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round2(d("2.345")), d("2.35"));
        assert_eq!(round2(d("-2.345")), d("-2.35"));
        assert_eq!(round2(d("2.344")), d("2.34"));
        // 0.1 + 0.2 is exactly 0.3 here, unlike with floats
        assert_eq!(d("0.1") + d("0.2"), d("0.3"));
    }
}

/// Serde for numbers sent by clients: a decimal that cannot be held exactly (more than
/// 28 decimals, such as 30-decimal "0.000…1") is refused instead of being rounded —
/// rounded to 0 it would pass as a zero amount or quantity. Strings are read exactly;
/// JSON numbers are read as the shortest decimal of their f64.
pub mod exact {
    use rust_decimal::prelude::FromPrimitive;
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(i64),
        Float(f64),
        Text(String),
    }

    /// The decimal a client sent, exactly, or why not.
    pub fn parse(text: &str) -> Result<Decimal, String> {
        let t = text.trim();
        if t.len() > 60 {
            return Err(format!("'{}…' is too long for a number", t.chars().take(20).collect::<String>()));
        }
        Decimal::from_str_exact(t).map_err(|e| match e {
            rust_decimal::Error::Underflow => format!("'{t}' has more decimals than Flyt can hold exactly"),
            rust_decimal::Error::ExceedsMaximumPossibleValue | rust_decimal::Error::LessThanMinimumPossibleValue => format!("'{t}' is too large"),
            _ => format!("'{t}' is not a number (write it like 1234.50)"),
        })
    }

    fn convert<E: serde::de::Error>(raw: Raw) -> Result<Decimal, E> {
        match raw {
            Raw::Int(i) => Ok(Decimal::from(i)),
            Raw::Float(f) => {
                let d = Decimal::from_f64(f).ok_or_else(|| E::custom(format!("{f} is not a number Flyt can hold")))?;
                if d.is_zero() && f != 0.0 {
                    return Err(E::custom(format!("{f} has more decimals than Flyt can hold exactly")));
                }
                Ok(d)
            }
            Raw::Text(s) => parse(&s).map_err(E::custom),
        }
    }

    pub fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        convert(Raw::deserialize(d)?)
    }

    pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        match Option::<Raw>::deserialize(d)? {
            None => Ok(None),
            Some(Raw::Text(s)) if s.trim().is_empty() => Ok(None),
            Some(raw) => convert(raw).map(Some),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[derive(Debug, Deserialize)]
        struct T {
            #[serde(deserialize_with = "decimal")]
            a: Decimal,
            #[serde(default, deserialize_with = "option")]
            b: Option<Decimal>,
        }

        fn read(json: &str) -> Result<T, String> {
            serde_json::from_str(json).map_err(|e| e.to_string())
        }

        #[test]
        fn inexact_numbers_are_refused_not_rounded() {
            assert!(read(r#"{"a": "0.000000000000000000000000000001"}"#).unwrap_err().contains("more decimals"));
            assert!(read(r#"{"a": 1e-30}"#).unwrap_err().contains("more decimals"));
            assert_eq!(read(r#"{"a": "12.50"}"#).unwrap().a, Decimal::new(1250, 2));
            assert_eq!(read(r#"{"a": 0.1}"#).unwrap().a, Decimal::new(1, 1));
            assert_eq!(read(r#"{"a": 7}"#).unwrap().a, Decimal::from(7));
            assert!(read(r#"{"a": "1e2"}"#).is_err());
            assert!(read(r#"{"a": "abc"}"#).unwrap_err().contains("not a number"));
            // a long text of multi-byte letters (schemathesis found this one panicking)
            assert!(read(r#"{"a": "पन्ह पन्ह त्र र्च कृकृ ड्ड न्हृे إلا بسم الله"}"#).unwrap_err().contains("too long"));
            assert!(read(r#"{"a": "99999999999999999999999999999999"}"#).is_err());
            let t = read(r#"{"a": "1", "b": null}"#).unwrap();
            assert_eq!(t.b, None);
            assert_eq!(read(r#"{"a": "1", "b": ""}"#).unwrap().b, None);
            assert_eq!(read(r#"{"a": "1"}"#).unwrap().b, None);
            assert_eq!(read(r#"{"a": "1", "b": "2.5"}"#).unwrap().b, Some(Decimal::new(25, 1)));
        }
    }
}
