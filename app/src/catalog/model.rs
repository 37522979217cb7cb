use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::core::{quantity, text};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ItemKind {
    /// Kept in stock: moves change its balance.
    Stock,
    /// Bought and sold but not counted in stock.
    NonStock,
    Service,
}

impl ItemKind {
    pub const ALL: [ItemKind; 3] = [ItemKind::Stock, ItemKind::NonStock, ItemKind::Service];
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::Stock => "stock",
            ItemKind::NonStock => "non_stock",
            ItemKind::Service => "service",
        }
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim()).ok_or_else(|| format!("Unknown item type '{s}': use stock, non_stock or service"))
    }
}

/// An item as stored and shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Item {
    pub id: i64,
    pub item_no: String,
    pub description: String,
    pub unit: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub sales_price: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub purchase_price: Decimal,
    pub vat_code: String,
    pub barcode: Option<String>,
    pub kind: ItemKind,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub safety_stock: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub reorder_qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub pack_size: Decimal,
    pub active: bool,
    pub notes: String,
    /// Supplier number of the supplier the item is normally bought from.
    #[serde(default)]
    pub default_supplier: Option<String>,
    /// The item group (empty for none): the account map may name a sales account
    /// for it (`sales@GROUP`).
    #[serde(default)]
    pub item_group: String,
}

/// An item as typed in the form or sent to the API. Numbers are text so that a
/// user's `1 234,50` is read per locale and a wrong value gets a clear message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemInput {
    pub item_no: String,
    pub description: String,
    pub unit: String,
    #[serde(default)]
    pub sales_price: String,
    #[serde(default)]
    pub purchase_price: String,
    pub vat_code: String,
    #[serde(default)]
    pub barcode: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub safety_stock: String,
    #[serde(default)]
    pub reorder_qty: String,
    #[serde(default)]
    pub pack_size: String,
    /// Checkbox: present when active. The API may send "true"/"false".
    #[serde(default)]
    pub active: Option<String>,
    #[serde(default)]
    pub notes: String,
    /// Supplier number; empty for none.
    #[serde(default)]
    pub default_supplier: String,
    #[serde(default)]
    pub item_group: String,
}

fn amount(label: &str, s: &str, lang: crate::core::Lang) -> Result<Decimal, String> {
    if s.trim().is_empty() {
        return Ok(Decimal::ZERO);
    }
    let d = crate::core::format::parse_amount(s, lang).map_err(|e| format!("{label}: {e}"))?;
    if d.is_sign_negative() {
        return Err(format!("{label} cannot be negative"));
    }
    crate::core::money::to_minor(d).map_err(|e| format!("{label}: {e}"))?;
    Ok(d)
}

fn qty(label: &str, s: &str, default: Decimal, lang: crate::core::Lang) -> Result<Decimal, String> {
    if s.trim().is_empty() {
        return Ok(default);
    }
    let d = crate::core::format::parse_amount(s, lang).map_err(|_| format!("{label}: '{}' is not a quantity", s.trim()))?;
    if d.is_sign_negative() {
        return Err(format!("{label} cannot be negative"));
    }
    quantity::to_milli(label, d)?;
    Ok(d.normalize())
}

/// An item number: 1–30 characters, letters, digits and `-_.` (it is part of URLs).
pub fn item_no(input: &str) -> Result<String, String> {
    let s = text::required("Item number", input, 30)?;
    if !s.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(format!("Item number '{s}' may hold only letters, digits and - _ ."));
    }
    Ok(s)
}

/// A barcode: EAN-8, UPC-A (12), EAN-13 or GTIN-14 with a valid check digit.
pub fn barcode(input: &str) -> Result<Option<String>, String> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Ok(None);
    }
    if !matches!(s.len(), 8 | 12 | 13 | 14) || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("Barcode '{s}' must be 8, 12, 13 or 14 digits (EAN/UPC/GTIN)"));
    }
    let digits: Vec<u32> = s.chars().map(|c| c.to_digit(10).unwrap_or(0)).collect();
    let (body, check) = digits.split_at(digits.len() - 1);
    let sum: u32 = body.iter().rev().enumerate().map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d }).sum();
    if (10 - sum % 10) % 10 != check[0] {
        return Err(format!("Barcode '{s}' has a wrong check digit"));
    }
    Ok(Some(s))
}

impl Item {
    /// The item as form input, for edits and for PATCH (fields sent replace these).
    pub fn to_input(&self) -> ItemInput {
        ItemInput {
            item_no: self.item_no.clone(),
            description: self.description.clone(),
            unit: self.unit.clone(),
            sales_price: self.sales_price.to_string(),
            purchase_price: self.purchase_price.to_string(),
            vat_code: self.vat_code.clone(),
            barcode: self.barcode.clone().unwrap_or_default(),
            kind: self.kind.code().into(),
            safety_stock: self.safety_stock.to_string(),
            reorder_qty: self.reorder_qty.to_string(),
            pack_size: self.pack_size.to_string(),
            active: Some(self.active.to_string()),
            notes: self.notes.clone(),
            default_supplier: self.default_supplier.clone().unwrap_or_default(),
            item_group: self.item_group.clone(),
        }
    }
}

impl ItemInput {
    /// The item as typed; numbers are read the way `lang` writes them.
    pub fn validate(&self, lang: crate::core::Lang) -> Result<Item, String> {
        let active = text::flag(self.active.as_deref());
        let pack_size = qty("Pack size", &self.pack_size, Decimal::ONE, lang)?;
        if pack_size.is_zero() {
            return Err("Pack size must be above 0".into());
        }
        Ok(Item {
            id: 0,
            item_no: item_no(&self.item_no)?,
            description: text::required("Description", &self.description, 200)?,
            unit: text::required("Unit", &self.unit, 20)?,
            sales_price: amount("Sales price", &self.sales_price, lang)?,
            purchase_price: amount("Purchase price", &self.purchase_price, lang)?,
            vat_code: text::required("VAT code", &self.vat_code, 20)?,
            barcode: barcode(&self.barcode)?,
            kind: if self.kind.trim().is_empty() { ItemKind::Stock } else { ItemKind::parse(&self.kind)? },
            safety_stock: qty("Safety stock", &self.safety_stock, Decimal::ZERO, lang)?,
            reorder_qty: qty("Reorder quantity", &self.reorder_qty, Decimal::ZERO, lang)?,
            pack_size,
            active,
            notes: text::optional("Notes", &self.notes, 2000)?,
            default_supplier: Some(self.default_supplier.trim().to_string()).filter(|s| !s.is_empty()),
            item_group: text::group_code("Item group", &self.item_group)?,
        })
    }
}

/// One page of a list, with the total count for the pager.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemPage {
    pub items: Vec<Item>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Sort orders of the item list.
pub fn sort_sql(sort: &str) -> &'static str {
    match sort {
        "description" => "description, item_no",
        "-item_no" => "item_no DESC",
        "sales_price" => "sales_price_minor, item_no",
        "-sales_price" => "sales_price_minor DESC, item_no",
        _ => "item_no",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ItemInput {
        ItemInput {
            item_no: "A-100".into(),
            description: "Tursekk 40 l".into(),
            unit: "stk".into(),
            sales_price: "1 299,00".into(),
            purchase_price: "650".into(),
            vat_code: "S25".into(),
            barcode: "7038010009457".into(),
            active: Some("on".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_item() {
        let i = input().validate(crate::core::Lang::Nb).unwrap();
        assert_eq!(i.sales_price.to_string(), "1299.00");
        assert_eq!(i.kind, ItemKind::Stock);
        assert_eq!(i.pack_size, Decimal::ONE);
        assert!(i.active);
    }

    #[test]
    fn bad_items_are_refused_with_a_reason() {
        let bad = |f: fn(&mut ItemInput)| {
            let mut i = input();
            f(&mut i);
            i.validate(crate::core::Lang::Nb).unwrap_err()
        };
        assert!(bad(|i| i.item_no = "A 100".into()).contains("Item number"));
        assert!(bad(|i| i.sales_price = "abc".into()).contains("Sales price"));
        assert!(bad(|i| i.sales_price = "-5".into()).contains("cannot be negative"));
        assert!(bad(|i| i.sales_price = "0,001".into()).contains("more than 2 decimals"));
        assert!(bad(|i| i.barcode = "7038010009458".into()).contains("check digit"));
        assert!(bad(|i| i.safety_stock = "1e9999".into()).contains("Safety stock"));
        assert!(bad(|i| i.pack_size = "0".into()).contains("above 0"));
        assert!(bad(|i| i.kind = "gadget".into()).contains("Unknown item type"));
        assert!(bad(|i| i.description = "x".repeat(10_000_000)).contains("too long"));
    }

    #[test]
    fn barcodes() {
        assert_eq!(barcode("4006381333931").unwrap().as_deref(), Some("4006381333931"));
        assert_eq!(barcode("96385074").unwrap().as_deref(), Some("96385074"));
        assert_eq!(barcode("").unwrap(), None);
        assert!(barcode("123").is_err());
    }
}
