//! Stock valuation as of any date. Designed so a backdated move never triggers a
//! re-run: the report is one aggregate over the moves up to the date (moving
//! average: each move carries its value), or, for FIFO, the newest receipts that
//! still cover what is on hand. Nothing stored has to be recomputed.
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ValuationRow {
    pub item_no: String,
    pub description: String,
    pub warehouse_code: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub value: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ValuationReport {
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub as_of: chrono::NaiveDate,
    pub method: crate::setup::model::Valuation,
    pub rows: Vec<ValuationRow>,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub total: Decimal,
}

/// FIFO value of `on_hand` units: the oldest units left first, so what remains is
/// covered by the newest receipts. `receipts` newest first: (quantity, unit cost).
/// When receipts do not cover the quantity (negative history), the rest is valued
/// at the oldest known cost.
pub fn fifo_value(on_hand: Decimal, receipts: &[(Decimal, Decimal)]) -> Decimal {
    if on_hand <= Decimal::ZERO {
        return crate::core::money::cents(Decimal::ZERO);
    }
    let mut left = on_hand;
    let mut value = Decimal::ZERO;
    let mut last_cost = Decimal::ZERO;
    for (qty, cost) in receipts {
        let take = left.min(*qty);
        value += take * cost;
        left -= take;
        last_cost = *cost;
        if left.is_zero() {
            break;
        }
    }
    crate::core::money::cents(value + left * last_cost)
}

/// Moving-average value from the ledger's sums (quantity in thousandths, value in
/// thousandths × ten-thousandths of the currency).
pub fn average_value(value_milli_e4: i128) -> Decimal {
    let v = Decimal::from_i128_with_scale(value_milli_e4, 7);
    crate::core::money::cents(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn fifo_values_the_newest_receipts() {
        // received 10 @ 5, then 10 @ 7; 12 on hand → 10 @ 7 + 2 @ 5
        assert_eq!(fifo_value(d(12), &[(d(10), d(7)), (d(10), d(5))]), d(80));
        assert_eq!(fifo_value(d(4), &[(d(10), d(7)), (d(10), d(5))]), d(28));
        assert_eq!(fifo_value(d(0), &[(d(10), d(7))]), d(0));
        // more on hand than receipts explain: the rest at the oldest cost
        assert_eq!(fifo_value(d(15), &[(d(10), d(7))]), d(105));
    }

    #[test]
    fn average_value_from_ledger_sums() {
        // 12 units (12 000 milli) at 6.6667 (66 667 e4) → 80.0004 → 80.00
        assert_eq!(average_value(12_000 * 66_667), Decimal::new(8000, 2));
    }
}
