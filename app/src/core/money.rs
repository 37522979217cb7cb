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
