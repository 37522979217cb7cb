//! Exact quantities: `Decimal` in the domain with at most 3 decimals, `i64`
//! thousandths ("milli") in the database. Unit costs have 4 decimals ("e4").
use rust_decimal::Decimal;

/// The largest quantity Flyt accepts on one line or move: one billion units.
pub fn max_qty() -> Decimal {
    Decimal::from(1_000_000_000_i64)
}

fn scaled(label: &str, d: Decimal, dp: u32, max: Decimal) -> Result<i64, String> {
    if d.abs() > max {
        return Err(format!("{label} {d} is too large (at most {max})"));
    }
    if d.round_dp(dp) != d {
        return Err(format!("{label} {d} has more than {dp} decimals"));
    }
    let factor = Decimal::from(10_i64.pow(dp));
    i64::try_from((d * factor).trunc()).map_err(|_| format!("{label} {d} is too large"))
}

/// A quantity → thousandths; refuses more than 3 decimals or absurd sizes.
pub fn to_milli(label: &str, d: Decimal) -> Result<i64, String> {
    scaled(label, d, 3, max_qty())
}

pub fn from_milli(m: i64) -> Decimal {
    Decimal::new(m, 3).normalize()
}

/// A unit cost → ten-thousandths of the currency unit.
pub fn cost_to_e4(d: Decimal) -> Result<i64, String> {
    scaled("Unit cost", d, 4, Decimal::from(1_000_000_000_i64))
}

pub fn cost_from_e4(e4: i64) -> Decimal {
    Decimal::new(e4, 4).normalize()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn quantities_round_trip_and_bad_ones_are_refused() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(to_milli("Quantity", d("12.5")).unwrap(), 12500);
        assert_eq!(from_milli(12500), d("12.5"));
        assert_eq!(from_milli(-1), d("-0.001"));
        assert!(to_milli("Quantity", d("0.0001")).unwrap_err().contains("more than 3 decimals"));
        assert!(to_milli("Quantity", d("1000000001")).unwrap_err().contains("too large"));
        assert_eq!(cost_to_e4(d("12.3456")).unwrap(), 123456);
        assert_eq!(cost_from_e4(123456), d("12.3456"));
    }
}
