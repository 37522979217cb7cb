//! The cost of an invoiced item line (pure): what the profitability report sets against
//! the line's net. Fixed when the invoice is posted, in whole minor units, by the first
//! rule that has something to go on:
//! 1. the stock moves the line itself made (a direct invoice of a stock item): their
//!    quantity at the unit cost the ledger gave them;
//! 2. the line's order line's delivered moves: the line's quantity at their average
//!    unit cost (a line invoiced after its delivery);
//! 3. the item's purchase price (a service, a non-stock item, a line invoiced before
//!    its delivery);
//! 4. a credit note line: the credited line's cost in proportion to the quantity;
//! 5. a line without an item: nothing.
//!
//! Integer arithmetic rounding half away from zero, the same as the migration that costed
//! what was invoiced before (`0035_line_costs.sql`).
crate::core::code::coded! {
    /// Which rule gave a line its cost.
    pub enum CostSource {
        Stock = "stock" => CostStock,
        Delivery = "delivery" => CostDelivery,
        PurchasePrice = "purchase_price" => CostPurchasePrice,
        Credited = "credited" => CostCredited,
        NoItem = "no_item" => CostNoItem,
    }
}

/// `n / d` rounded half away from zero (`d` > 0).
pub fn div_round(n: i128, d: i128) -> i128 {
    if n >= 0 {
        (n + d / 2) / d
    } else {
        -((d / 2 - n) / d)
    }
}

/// What is known of a line when its invoice is posted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CostBasis {
    /// The line's quantity in thousandths (positive on a credit note too).
    pub qty_milli: i64,
    /// The line's own moves: Σ(−quantity in thousandths × unit cost in ten-thousandths).
    pub own_moves: Option<i128>,
    /// The order line's delivered moves: (Σ −quantity, Σ −quantity × unit cost).
    pub delivered: Option<(i128, i128)>,
    /// The item's purchase price in minor units (no item: none).
    pub purchase_price_minor: Option<i64>,
    /// A credit note line: the credited line's (quantity, cost).
    pub credited: Option<(i64, i64)>,
}

/// The line's cost in minor units and the rule that gave it.
pub fn line_cost(b: &CostBasis) -> (i64, CostSource) {
    let fit = |v: i128| i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX });
    if let Some((qty, cost)) = b.credited {
        let c = if qty == 0 { 0 } else { div_round(i128::from(cost) * i128::from(b.qty_milli), i128::from(qty)) };
        return (fit(c), CostSource::Credited);
    }
    if let Some(v) = b.own_moves {
        return (fit(div_round(v, 100_000)), CostSource::Stock);
    }
    if let Some((q, v)) = b.delivered.filter(|(q, _)| *q > 0) {
        let unit_e4 = div_round(v, q);
        return (fit(div_round(unit_e4 * i128::from(b.qty_milli), 100_000)), CostSource::Delivery);
    }
    match b.purchase_price_minor {
        Some(p) => (fit(div_round(i128::from(p) * i128::from(b.qty_milli), 1000)), CostSource::PurchasePrice),
        None => (0, CostSource::NoItem),
    }
}

/// A margin in per cent of the net, one decimal rounded half away from zero (none on no
/// net).
pub fn margin_pct(net: rust_decimal::Decimal, cost: rust_decimal::Decimal) -> Option<rust_decimal::Decimal> {
    (!net.is_zero()).then(|| {
        ((net - cost) * rust_decimal::Decimal::ONE_HUNDRED / net.abs()).round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(div_round(15, 10), 2);
        assert_eq!(div_round(14, 10), 1);
        assert_eq!(div_round(-15, 10), -2);
        assert_eq!(div_round(-14, 10), -1);
        assert_eq!(div_round(0, 7), 0);
    }

    #[test]
    fn own_moves_come_first() {
        // 3 units at 12.3456 a unit: 37.0368 → 37.04
        let b = CostBasis { qty_milli: 3000, own_moves: Some(3000 * 123_456), delivered: Some((1000, 1)), purchase_price_minor: Some(999), credited: None };
        assert_eq!(line_cost(&b), (3704, CostSource::Stock));
    }

    #[test]
    fn delivered_moves_at_their_average() {
        // delivered 2 at 10 and 2 at 20: 15 a unit; 3 invoiced → 45.00
        let b = CostBasis { qty_milli: 3000, delivered: Some((4000, 2000 * 100_000 + 2000 * 200_000)), purchase_price_minor: Some(1), ..Default::default() };
        assert_eq!(line_cost(&b), (4500, CostSource::Delivery));
        // nothing delivered (returned in full): the purchase price
        let b = CostBasis { qty_milli: 2500, delivered: Some((0, 0)), purchase_price_minor: Some(1000), ..Default::default() };
        assert_eq!(line_cost(&b), (2500, CostSource::PurchasePrice));
    }

    #[test]
    fn purchase_price_then_nothing() {
        let b = CostBasis { qty_milli: 1500, purchase_price_minor: Some(333), ..Default::default() };
        assert_eq!(line_cost(&b), (500, CostSource::PurchasePrice)); // 4.995 → 5.00
        assert_eq!(line_cost(&CostBasis { qty_milli: 1000, ..Default::default() }), (0, CostSource::NoItem));
    }

    #[test]
    fn a_credit_takes_its_share_of_the_credited_cost() {
        let b = CostBasis { qty_milli: 1000, credited: Some((3000, 1000)), own_moves: Some(5), ..Default::default() };
        assert_eq!(line_cost(&b), (333, CostSource::Credited));
        let b = CostBasis { qty_milli: 3000, credited: Some((3000, 1000)), ..Default::default() };
        assert_eq!(line_cost(&b), (1000, CostSource::Credited));
    }

    #[test]
    fn margin_in_per_cent() {
        assert_eq!(margin_pct(dec("200"), dec("150")), Some(dec("25.0")));
        assert_eq!(margin_pct(dec("-200"), dec("-150")), Some(dec("-25.0")));
        assert_eq!(margin_pct(dec("0"), dec("10")), None);
    }
}
