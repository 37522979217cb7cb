use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::core::{format, money, quantity, text, Lang};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PriceList {
    pub id: i64,
    pub name: String,
    pub currency: String,
    pub active: bool,
}

/// One price of an item in a list: from `min_qty` units, between the dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ListPrice {
    pub id: i64,
    pub item_id: i64,
    pub item_no: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub min_qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub price: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub valid_from: Option<NaiveDate>,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub valid_to: Option<NaiveDate>,
}

/// Where a line's price came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    PriceList,
    Item,
}

/// The price of `qty` units of an item on `date`: the customer's price list first
/// (the highest quantity break not above `qty` among the prices valid that day; on a
/// tie the one valid from the latest date), else the item's own sales price.
/// `list` holds the customer's list prices of this item (empty without a list).
pub fn resolve(item_price: Decimal, list: &[ListPrice], qty: Decimal, date: NaiveDate) -> (Decimal, PriceSource) {
    list.iter()
        .filter(|p| p.min_qty <= qty.abs())
        .filter(|p| p.valid_from.is_none_or(|f| f <= date) && p.valid_to.is_none_or(|t| date <= t))
        .max_by(|a, b| a.min_qty.cmp(&b.min_qty).then(a.valid_from.cmp(&b.valid_from)).then(b.id.cmp(&a.id)))
        .map(|p| (p.price, PriceSource::PriceList))
        .unwrap_or((item_price, PriceSource::Item))
}

/// A priced line: the unit price and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LinePrice {
    pub item_no: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub price: Decimal,
    pub source: PriceSource,
    /// The customer's price list, when the customer has one.
    pub price_list_id: Option<i64>,
}

impl PriceList {
    pub fn validate(name: &str, currency: &str, active: bool) -> Result<PriceList, String> {
        Ok(PriceList {
            id: 0,
            name: text::required("Price list name", name, 100)?,
            currency: crate::core::money::currency_code(currency, "").and_then(|c| {
                if c.is_empty() {
                    Err("Currency is required (e.g. NOK)".to_string())
                } else {
                    Ok(c)
                }
            })?,
            active,
        })
    }
}

fn date(label: &str, s: &str) -> Result<Option<NaiveDate>, String> {
    crate::core::date::parse_optional(label, s)
}

/// A list price as typed: quantity break, price and optional dates.
pub fn parse_price(min_qty: &str, price: &str, from: &str, to: &str, lang: Lang) -> Result<(Decimal, Decimal, Option<NaiveDate>, Option<NaiveDate>), String> {
    let min_qty = if min_qty.trim().is_empty() {
        Decimal::ZERO
    } else {
        let q = format::parse_amount(min_qty, lang).map_err(|_| format!("From quantity: '{}' is not a quantity", min_qty.trim()))?;
        if q.is_sign_negative() {
            return Err("From quantity cannot be negative".into());
        }
        quantity::to_milli("From quantity", q)?;
        q.normalize()
    };
    let p = format::parse_amount(price, lang).map_err(|e| format!("Price: {e}"))?;
    if p.is_sign_negative() {
        return Err("Price cannot be negative".into());
    }
    money::to_minor(p).map_err(|e| format!("Price: {e}"))?;
    let (f, t) = (date("Valid from", from)?, date("Valid to", to)?);
    if let (Some(f), Some(t)) = (f, t) {
        if t < f {
            return Err("Valid to is before valid from".into());
        }
    }
    Ok((min_qty, p, f, t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn lp(id: i64, min: &str, price: &str, from: Option<&str>, to: Option<&str>) -> ListPrice {
        ListPrice { id, item_id: 1, item_no: "A".into(), min_qty: d(min), price: d(price), valid_from: from.map(day), valid_to: to.map(day) }
    }

    #[test]
    fn list_price_then_quantity_break_then_item_price() {
        let list = vec![lp(1, "0", "90", None, None), lp(2, "10", "80", None, None), lp(3, "100", "70", None, None)];
        let on = day("2026-11-23");
        assert_eq!(resolve(d("100"), &[], d("5"), on), (d("100"), PriceSource::Item), "no list: the item price");
        assert_eq!(resolve(d("100"), &list, d("5"), on), (d("90"), PriceSource::PriceList));
        assert_eq!(resolve(d("100"), &list, d("10"), on).0, d("80"), "the break applies from its quantity");
        assert_eq!(resolve(d("100"), &list, d("99.999"), on).0, d("80"));
        assert_eq!(resolve(d("100"), &list, d("250"), on).0, d("70"));
    }

    #[test]
    fn validity_dates() {
        let list = vec![lp(1, "5", "80", Some("2026-01-01"), Some("2026-06-30")), lp(2, "0", "95", None, None), lp(3, "0", "85", Some("2026-11-01"), None)];
        assert_eq!(resolve(d("100"), &list, d("5"), day("2026-03-01")).0, d("80"));
        assert_eq!(resolve(d("100"), &list, d("5"), day("2026-07-01")).0, d("95"), "the break has expired");
        assert_eq!(resolve(d("100"), &list, d("1"), day("2026-11-23")).0, d("85"), "the newer price of the same break wins");
        assert_eq!(resolve(d("100"), &list[..1], d("5"), day("2025-12-31")), (d("100"), PriceSource::Item), "not yet valid");
    }

    #[test]
    fn typed_prices() {
        assert_eq!(parse_price("10", "1 299,50", "", "", Lang::Nb).unwrap().1, d("1299.50"));
        assert!(parse_price("-1", "5", "", "", Lang::Nb).is_err());
        assert!(parse_price("", "5,001", "", "", Lang::Nb).unwrap_err().contains("2 decimals"));
        assert!(parse_price("", "5", "2026-02-01", "2026-01-01", Lang::Nb).unwrap_err().contains("before"));
        assert!(PriceList::validate("Forhandler", "nok", true).unwrap().currency == "NOK");
        assert!(PriceList::validate("", "NOK", true).is_err());
    }
}
