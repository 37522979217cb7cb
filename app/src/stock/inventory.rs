//! Perpetual inventory: the stock's book value as the valuation report counts it, and
//! the vouchers that keep the inventory account equal to it. Pure.
//!
//! Each posting moves the book value of the (item, warehouse) pairs it touches; the
//! voucher posts the change of their *rounded* values, so the account never drifts an
//! øre from the report however many moves round the other way.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::accounting::model::{Draft, Role, SourceKind};
use crate::stock::model::OriginKind;

/// What one item held in one warehouse before and after a posting: quantity in
/// thousandths, value in thousandths × ten-thousandths of the currency (as the
/// ledger sums `qty_milli × unit_cost_e4`). `date` is the posting's move date for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueChange {
    pub date: NaiveDate,
    pub qty_before: i64,
    pub value_before: i64,
    pub qty_after: i64,
    pub value_after: i64,
}

/// The book value of what an item holds in a warehouse, as the valuation report
/// (moving average) counts it: the ledger's value in whole cents, nothing when
/// nothing is on hand.
pub fn book_value(qty_milli: i64, value_e7: i64) -> Decimal {
    if qty_milli == 0 {
        crate::core::money::cents(Decimal::ZERO)
    } else {
        crate::stock::valuation::average_value(value_e7 as i128)
    }
}

/// The kind of voucher the moves of a document post.
pub fn source_kind(origin: OriginKind) -> SourceKind {
    match origin {
        OriginKind::Order | OriginKind::Invoice => SourceKind::Delivery,
        OriginKind::PurchaseOrder | OriginKind::GoodsReceipt => SourceKind::GoodsReceipt,
        OriginKind::Adjustment | OriginKind::Transfer | OriginKind::Import => SourceKind::StockAdjustment,
        OriginKind::StockCount => SourceKind::StockCount,
    }
}

/// The vouchers of one posting: per move date, the change of the book value on the
/// inventory account against the change in stock (an increase debits inventory, a
/// decrease credits it). None when the book value did not change.
pub fn vouchers(kind: SourceKind, source_id: i64, source_no: &str, text: &str, changes: &[ValueChange]) -> Vec<Draft> {
    let mut per_date: BTreeMap<NaiveDate, Decimal> = BTreeMap::new();
    for c in changes {
        *per_date.entry(c.date).or_default() += book_value(c.qty_after, c.value_after) - book_value(c.qty_before, c.value_before);
    }
    per_date
        .into_iter()
        .filter(|(_, amount)| !amount.is_zero())
        .map(|(date, amount)| {
            let mut d = Draft::new(kind, source_id, source_no, date, text.to_string());
            d.debit(Role::Inventory, "", amount, None);
            d.credit(Role::InventoryChange, "", amount, None);
            d
        })
        .collect()
}

/// The voucher that brings the inventory account to the stock's book value when
/// perpetual inventory is turned on (`book` the sum of [`book_value`] over every item
/// and warehouse, `account` the inventory account's balance). None when they agree.
pub fn alignment(book: Decimal, account: Decimal, date: NaiveDate, text: &str) -> Option<Draft> {
    let diff = book - account;
    if diff.is_zero() {
        return None;
    }
    let mut d = Draft::new(SourceKind::StockAdjustment, 0, "", date, text.to_string());
    d.debit(Role::Inventory, "", diff, None);
    d.credit(Role::InventoryChange, "", diff, None);
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }
    fn change(date: NaiveDate, before: (i64, i64), after: (i64, i64)) -> ValueChange {
        ValueChange { date, qty_before: before.0, value_before: before.1, qty_after: after.0, value_after: after.1 }
    }

    #[test]
    fn book_value_rounds_to_cents_and_is_nothing_without_stock() {
        // 3 units at 3.3333 = 9.9999 → 10.00
        assert_eq!(book_value(3000, 3000 * 33333), Decimal::new(1000, 2));
        // nothing on hand: a value left by rounding is not counted
        assert_eq!(book_value(0, 12345), Decimal::ZERO);
        assert_eq!(book_value(-1000, -1000 * 50000), Decimal::new(-500, 2));
    }

    #[test]
    fn a_receipt_debits_inventory_and_a_delivery_credits_it() {
        let inn = vouchers(SourceKind::GoodsReceipt, 7, "2001", "Varemottak", &[change(day(1), (0, 0), (10_000, 10_000 * 125_000))]);
        assert_eq!(inn.len(), 1);
        let d = inn[0].clone().balanced().unwrap();
        assert_eq!(d.kind.series(), "V");
        assert_eq!((d.lines[0].role, d.lines[0].debit), (Role::Inventory, Decimal::new(12500, 2)));
        assert_eq!((d.lines[1].role, d.lines[1].credit), (Role::InventoryChange, Decimal::new(12500, 2)));
        let out = vouchers(SourceKind::Delivery, 8, "1001", "", &[change(day(2), (10_000, 10_000 * 125_000), (7_000, 7_000 * 125_000))]);
        assert_eq!((out[0].lines[0].role, out[0].lines[0].credit), (Role::Inventory, Decimal::new(3750, 2)));
    }

    #[test]
    fn the_change_of_rounded_values_never_drifts() {
        // three deliveries of one unit at 3.3333 from 3 on hand: the per-move values
        // would round to 3.33 each (9.99 in all) against a book value of 10.00
        let cost = 33_333i64;
        let mut account = book_value(3000, 3000 * cost);
        let mut q = 3000;
        for _ in 0..3 {
            let v = vouchers(SourceKind::Delivery, 1, "1", "", &[change(day(3), (q, q * cost), (q - 1000, (q - 1000) * cost))]);
            account += v.iter().flat_map(|d| d.lines.iter()).filter(|l| l.role == Role::Inventory).map(|l| l.debit - l.credit).sum::<Decimal>();
            q -= 1000;
        }
        assert_eq!(account, Decimal::ZERO);
    }

    #[test]
    fn no_voucher_when_the_value_stays_and_one_per_date() {
        assert!(vouchers(SourceKind::StockAdjustment, 1, "A", "", &[change(day(1), (1000, 5), (1000, 5))]).is_empty());
        let two = vouchers(SourceKind::StockCount, 1, "", "", &[change(day(1), (0, 0), (1000, 10_000_000)), change(day(2), (0, 0), (1000, 20_000_000))]);
        assert_eq!(two.iter().map(|d| d.date).collect::<Vec<_>>(), vec![day(1), day(2)]);
    }

    #[test]
    fn alignment_posts_the_difference() {
        assert!(alignment(Decimal::new(100, 0), Decimal::new(100, 0), day(1), "").is_none());
        let d = alignment(Decimal::new(100, 0), Decimal::new(130, 0), day(1), "").unwrap().balanced().unwrap();
        assert_eq!((d.lines[0].role, d.lines[0].credit), (Role::Inventory, Decimal::new(30, 0)));
    }

    #[test]
    fn every_origin_has_a_stock_voucher_kind() {
        for o in OriginKind::ALL {
            assert_eq!(source_kind(*o).series(), "V");
        }
    }
}
