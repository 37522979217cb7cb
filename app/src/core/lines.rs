//! Document lines and their totals: the one calculation used by quotes, orders and
//! invoices and credit notes, on the server and in the browser's line editor alike. Exact:
//! line amounts are rounded to cents once, VAT once per rate.
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::core::money::{cents, round2, to_minor};
use crate::core::quantity::to_milli;
use crate::core::text;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// An item (or a non-stock item or service) with quantity and price.
    #[default]
    Item,
    /// Free text: describes an item or the terms; no amount.
    Text,
    /// A section heading; the section's item lines get a subtotal.
    Heading,
}

impl LineKind {
    pub fn code(self) -> &'static str {
        match self {
            LineKind::Item => "item",
            LineKind::Text => "text",
            LineKind::Heading => "heading",
        }
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "item" | "" => Ok(LineKind::Item),
            "text" => Ok(LineKind::Text),
            "heading" => Ok(LineKind::Heading),
            other => Err(format!("Unknown line kind '{other}' (item, text or heading)")),
        }
    }
}

/// A line as the user or an API client sends it. For item lines an empty price
/// means "price it" (price-resolution function) and an empty VAT code means the
/// item's own.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LineInput {
    /// When editing: the id of the existing line this replaces (empty: a new line).
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(default)]
    pub kind: LineKind,
    #[serde(default)]
    pub item_no: String,
    /// Defaults to the item's description.
    #[serde(default)]
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    #[serde(default, deserialize_with = "crate::core::money::exact::decimal")]
    pub qty: Decimal,
    /// Empty: the resolved price.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    #[serde(default, deserialize_with = "crate::core::money::exact::option")]
    pub unit_price: Option<Decimal>,
    /// Empty: the customer's discount.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    #[serde(default, deserialize_with = "crate::core::money::exact::option")]
    pub discount_pct: Option<Decimal>,
    /// Empty: the item's VAT code (an exempt code for a VAT-exempt customer).
    #[serde(default)]
    pub vat_code: String,
    /// Orders: the requested delivery date (YYYY-MM-DD); empty = the order's.
    #[serde(default)]
    pub requested_date: String,
}

/// A line with everything resolved: what is stored and shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Line {
    pub line_no: i64,
    pub kind: LineKind,
    pub item_no: String,
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
    pub unit: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub unit_price: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub discount_pct: Decimal,
    pub vat_code: String,
    /// VAT rate in percent (25, 15, 12, 0 …).
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub vat_rate: Decimal,
    /// quantity × price − discount, rounded to cents.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
}

/// The amount of an item line: quantity × unit price less the discount, rounded
/// half away from zero to cents once.
pub fn line_net(qty: Decimal, unit_price: Decimal, discount_pct: Decimal) -> Decimal {
    cents(qty * unit_price * (Decimal::ONE_HUNDRED - discount_pct) / Decimal::ONE_HUNDRED)
}

/// Checks an item line's numbers: quantity above 0 with at most 3 decimals, a price
/// of at most 2 decimals and not negative, a discount from 0 to 100 %.
pub fn check_numbers(line_no: usize, qty: Decimal, unit_price: Decimal, discount_pct: Decimal) -> Result<(), String> {
    let at = |m: String| format!("Line {line_no}: {m}");
    if qty <= Decimal::ZERO {
        return Err(at(format!("quantity must be above 0 (got {qty})")));
    }
    to_milli("quantity", qty).map_err(at)?;
    if unit_price < Decimal::ZERO {
        return Err(at(format!("the price cannot be negative (got {unit_price}); credit with a credit note")));
    }
    to_minor(unit_price).map_err(|e| at(format!("price: {e}")))?;
    if discount_pct < Decimal::ZERO || discount_pct > Decimal::ONE_HUNDRED {
        return Err(at(format!("discount must be between 0 and 100 % (got {discount_pct})")));
    }
    if discount_pct.round_dp(2) != discount_pct {
        return Err(at(format!("discount {discount_pct} has more than 2 decimals")));
    }
    // the amount itself must fit
    to_minor(round2(qty * unit_price)).map_err(|e| at(format!("amount: {e}")))?;
    Ok(())
}

/// The description of a text or heading line, or the override of an item line.
pub fn check_text(line_no: usize, kind: LineKind, description: &str) -> Result<String, String> {
    let d = text::optional("Description", description, 2000).map_err(|e| format!("Line {line_no}: {e}"))?;
    if kind != LineKind::Item && d.is_empty() {
        return Err(format!("Line {line_no}: a {} line needs a text", kind.code()));
    }
    Ok(d)
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VatSum {
    pub vat_code: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub rate: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub base: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub vat: Decimal,
}

/// A heading's subtotal: the item lines from it to the next heading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Subtotal {
    pub line_no: i64,
    pub heading: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Totals {
    pub vat: Vec<VatSum>,
    pub subtotals: Vec<Subtotal>,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub vat_total: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub gross: Decimal,
}

/// Totals per VAT code and in total, and a subtotal per section. VAT is computed
/// once per code on the sum of its lines (as EHF does), so the parts add up exactly.
pub fn totals(lines: &[Line]) -> Totals {
    let mut vat: Vec<VatSum> = Vec::new();
    let mut subtotals: Vec<Subtotal> = Vec::new();
    for l in lines {
        match l.kind {
            LineKind::Heading => subtotals.push(Subtotal { line_no: l.line_no, heading: l.description.clone(), net: cents(Decimal::ZERO) }),
            LineKind::Text => {}
            LineKind::Item => {
                if let Some(s) = subtotals.last_mut() {
                    s.net += l.net;
                }
                match vat.iter_mut().find(|v| v.vat_code == l.vat_code && v.rate == l.vat_rate) {
                    Some(v) => v.base += l.net,
                    None => vat.push(VatSum { vat_code: l.vat_code.clone(), rate: l.vat_rate, base: l.net, vat: Decimal::ZERO }),
                }
            }
        }
    }
    for v in &mut vat {
        v.vat = cents(v.base * v.rate / Decimal::ONE_HUNDRED);
        v.base = cents(v.base);
    }
    vat.sort_by(|a, b| b.rate.cmp(&a.rate).then(a.vat_code.cmp(&b.vat_code)));
    let net = cents(vat.iter().map(|v| v.base).sum());
    let vat_total = cents(vat.iter().map(|v| v.vat).sum());
    Totals { vat, subtotals, net, vat_total, gross: cents(net + vat_total) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn item(no: i64, qty: &str, price: &str, disc: &str, code: &str, rate: &str) -> Line {
        let (qty, price, disc) = (d(qty), d(price), d(disc));
        Line {
            line_no: no,
            kind: LineKind::Item,
            qty,
            unit_price: price,
            discount_pct: disc,
            vat_code: code.into(),
            vat_rate: d(rate),
            net: line_net(qty, price, disc),
            ..Default::default()
        }
    }

    #[test]
    fn a_line_is_rounded_once_half_away_from_zero() {
        assert_eq!(line_net(d("3"), d("19.99"), d("0")), d("59.97"));
        // 3 × 33.33 = 99.99, less 12.5 % = 87.49125 → 87.49
        assert_eq!(line_net(d("3"), d("33.33"), d("12.5")), d("87.49"));
        // 0.125 × 1.00 = 0.125 → 0.13
        assert_eq!(line_net(d("0.125"), d("1"), d("0")), d("0.13"));
        assert_eq!(line_net(d("2"), d("100"), d("100")), d("0.00"));
    }

    #[test]
    fn totals_per_vat_rate_add_up_and_sections_get_subtotals() {
        let lines = vec![
            Line { line_no: 1, kind: LineKind::Heading, description: "Materialer".into(), ..Default::default() },
            item(2, "3", "33.33", "0", "S25", "25"),
            item(3, "1", "0.05", "0", "S25", "25"),
            Line { line_no: 4, kind: LineKind::Text, description: "Levert på byggeplass".into(), ..Default::default() },
            Line { line_no: 5, kind: LineKind::Heading, description: "Mat".into(), ..Default::default() },
            item(6, "2", "49.90", "10", "S15", "15"),
            item(7, "1", "500", "0", "Z", "0"),
        ];
        let t = totals(&lines);
        assert_eq!(t.subtotals.iter().map(|s| s.net).collect::<Vec<_>>(), vec![d("100.04"), d("589.82")]);
        let vat: Vec<(&str, Decimal, Decimal)> = t.vat.iter().map(|v| (v.vat_code.as_str(), v.base, v.vat)).collect();
        // 100.04 × 25 % = 25.01; 89.82 × 15 % = 13.473 → 13.47
        assert_eq!(vat, vec![("S25", d("100.04"), d("25.01")), ("S15", d("89.82"), d("13.47")), ("Z", d("500"), d("0"))]);
        assert_eq!((t.net, t.vat_total, t.gross), (d("689.86"), d("38.48"), d("728.34")));
        assert_eq!(t.net, t.vat.iter().map(|v| v.base).sum::<Decimal>());
    }

    #[test]
    fn bad_numbers_are_refused_with_the_line_number() {
        assert!(check_numbers(1, d("1"), d("10"), d("0")).is_ok());
        assert_eq!(check_numbers(2, d("0"), d("10"), d("0")).unwrap_err(), "Line 2: quantity must be above 0 (got 0)");
        assert!(check_numbers(3, d("-4"), d("10"), d("0")).unwrap_err().contains("above 0"));
        assert!(check_numbers(4, d("1"), d("-1"), d("0")).unwrap_err().contains("cannot be negative"));
        assert!(check_numbers(5, d("1"), d("1.001"), d("0")).unwrap_err().contains("more than 2 decimals"));
        assert!(check_numbers(6, d("1"), d("1"), d("101")).unwrap_err().contains("between 0 and 100"));
        assert!(check_numbers(7, d("1000000000000"), d("1"), d("0")).unwrap_err().contains("too large"));
        assert!(check_numbers(8, d("1000000000"), d("99999999"), d("0")).unwrap_err().contains("too large"));
        assert!(check_text(9, LineKind::Heading, " ").unwrap_err().contains("needs a text"));
    }
}
