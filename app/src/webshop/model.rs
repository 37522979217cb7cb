//! The webshop connector's rules, free of IO: a shop order in the shop's terms, how it
//! becomes a Flyt order (item lines, discounts, shipping, a rounding line for what the
//! shop's own rounding leaves), the poll cursor, and the connection's settings.
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::core::lines::{line_net, totals, Line, LineInput, LineKind};
use crate::core::money::from_minor;
use crate::sales::model::DocInput;

crate::core::code::coded! {
    /// The shops Flyt can keep in step (a `Shop` implementation each).
    pub enum ShopKind {
        Vendure = "vendure" => ShopVendure,
    }
}

crate::core::code::coded! {
    /// What became of a shop order in Flyt.
    pub enum ImportState {
        Imported = "imported" => ShopImported,
        Problem = "problem" => ShopProblem,
        Cancelled = "cancelled" => ShopCancelled,
        CreditNeeded = "credit_needed" => ShopCreditNeeded,
        Shipped = "shipped" => ShopShipped,
    }
}

/// Where a shop order is in the shop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShopState {
    /// Still a cart, or being paid: not an order yet.
    Open,
    /// Placed (paid or authorised): to be imported.
    Placed,
    Cancelled,
}

/// A customer as the shop knows them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopCustomer {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
}

/// The address an order is shipped to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopAddress {
    pub name: String,
    pub company: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub country: String,
    pub phone: String,
}

/// An order line in the shop's terms: amounts in minor units, without VAT.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopLine {
    pub id: String,
    pub sku: String,
    pub name: String,
    pub qty: i64,
    pub unit_price: i64,
    /// qty × unit price, before discounts.
    pub line_price: i64,
    /// After the line's share of every discount.
    pub discounted_price: i64,
    pub tax_rate: Decimal,
}

/// A shipping line: the price after shipping discounts, without VAT, and its rate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopShipping {
    pub name: String,
    pub price: i64,
    pub tax_rate: Decimal,
}

/// A shop order as read, everything Flyt needs to import it again later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopOrder {
    pub id: String,
    pub code: String,
    /// When the shop last changed it (ms since 1970).
    pub updated_at: i64,
    pub state: ShopState,
    pub currency: String,
    pub customer: ShopCustomer,
    pub address: ShopAddress,
    pub lines: Vec<ShopLine>,
    pub shipping: Vec<ShopShipping>,
    /// The promotions' names (coupons, campaigns).
    pub discounts: Vec<String>,
    /// What the customer pays, with VAT, in minor units.
    pub total_with_tax: i64,
}

impl ShopOrder {
    /// The order's reference in Flyt: one Flyt order per shop order.
    pub fn external_ref(&self, kind: ShopKind) -> String {
        format!("{}:{}", kind.code(), self.id)
    }
    /// The customer's name as a register takes it: the company, else the person, else the e-mail.
    pub fn customer_name(&self) -> String {
        let person = format!("{} {}", self.customer.first_name.trim(), self.customer.last_name.trim()).trim().to_string();
        let name = [self.address.company.trim(), person.as_str(), self.address.name.trim(), self.customer.email.trim()].into_iter().find(|s| !s.is_empty());
        name.unwrap_or_default().to_string()
    }
}

/// A VAT code of the company as the mapping needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VatRate {
    pub code: String,
    pub rate: Decimal,
    pub category: String,
}

/// The service items shop orders use for what is not a product.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItems {
    pub shipping: String,
    pub discount: String,
    pub rounding: String,
}

/// The largest rounding difference taken without question: more than this means the
/// mapping is wrong (a VAT code, prices with VAT), and the order waits.
pub const MAX_ROUNDING_MINOR: i64 = 100;

/// The company's VAT code for a rate: standard rated for a rate above 0, zero rated
/// (then exempt, then outside scope) for 0.
pub fn vat_code_for(rate: Decimal, codes: &[VatRate]) -> Result<String, String> {
    let preference: &[&str] = if rate.is_zero() { &["Z", "E", "O", "AE", "K", "G"] } else { &["S", "H", "AA"] };
    let mut matching: Vec<&VatRate> = codes.iter().filter(|v| v.rate == rate).collect();
    matching.sort_by_key(|v| (preference.iter().position(|p| *p == v.category).unwrap_or(usize::MAX), v.code.clone()));
    matching.first().map(|v| v.code.clone()).ok_or_else(|| format!("No VAT code with {} %: add one in Setup → VAT codes", rate.normalize()))
}

/// The Flyt order for a shop order: its products at the shop's prices, a discount line
/// per VAT rate for what the shop's promotions took, its shipping, and a rounding line
/// (no VAT) for what the shop's own VAT rounding leaves, so the total is the shop's.
pub fn order_input(o: &ShopOrder, customer_no: &str, warehouse: &str, items: &LineItems, codes: &[VatRate], kind: ShopKind) -> Result<DocInput, String> {
    if o.lines.is_empty() {
        return Err("The shop order has no lines".into());
    }
    let mut lines: Vec<LineInput> = Vec::new();
    let mut discounts: BTreeMap<Decimal, i64> = BTreeMap::new();
    for (n, l) in o.lines.iter().enumerate() {
        if l.sku.trim().is_empty() {
            return Err(format!("Line {}: the product '{}' has no SKU in the shop", n + 1, l.name));
        }
        if l.qty <= 0 {
            return Err(format!("Line {}: quantity {} for {}", n + 1, l.qty, l.sku));
        }
        lines.push(item_line(l.sku.trim(), "", Decimal::from(l.qty), from_minor(l.unit_price), vat_code_for(l.tax_rate, codes)?));
        *discounts.entry(l.tax_rate).or_default() += l.line_price - l.discounted_price;
    }
    let promo = if o.discounts.is_empty() { String::new() } else { format!(": {}", o.discounts.join(", ")) };
    for (rate, amount) in discounts.into_iter().rev().filter(|(_, a)| *a != 0) {
        let text = format!("{}{promo}", if amount > 0 { "Rabatt" } else { "Tillegg" });
        lines.push(item_line(&items.discount, &text, Decimal::ONE, -from_minor(amount), vat_code_for(rate, codes)?));
    }
    for s in &o.shipping {
        lines.push(item_line(&items.shipping, &s.name, Decimal::ONE, from_minor(s.price), vat_code_for(s.tax_rate, codes)?));
    }
    let ours = flyt_total(&lines, codes)?;
    let difference = o.total_with_tax - ours;
    if difference.abs() > MAX_ROUNDING_MINOR {
        return Err(format!(
            "The shop's total {} differs from Flyt's {} by more than {}: check the VAT codes and that the shop's prices are read without VAT",
            from_minor(o.total_with_tax),
            from_minor(ours),
            from_minor(MAX_ROUNDING_MINOR)
        ));
    }
    if difference != 0 {
        lines.push(item_line(&items.rounding, "Øreavrunding", Decimal::ONE, from_minor(difference), vat_code_for(Decimal::ZERO, codes)?));
    }
    Ok(DocInput {
        customer_no: customer_no.to_string(),
        requisition_no: o.code.clone(),
        your_ref: o.customer_name().chars().take(100).collect(),
        currency: o.currency.clone(),
        warehouse: warehouse.to_string(),
        external_ref: o.external_ref(kind),
        lines,
        ..Default::default()
    })
}

fn item_line(item_no: &str, description: &str, qty: Decimal, unit_price: Decimal, vat_code: String) -> LineInput {
    LineInput {
        kind: LineKind::Item,
        item_no: item_no.to_string(),
        description: description.to_string(),
        qty,
        unit_price: Some(unit_price),
        discount_pct: Some(Decimal::ZERO),
        vat_code,
        ..Default::default()
    }
}

/// What Flyt will make the lines total, with VAT, in minor units (the order's own rule).
fn flyt_total(lines: &[LineInput], codes: &[VatRate]) -> Result<i64, String> {
    let resolved: Vec<Line> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let rate = codes.iter().find(|v| v.code == l.vat_code).map(|v| v.rate).ok_or_else(|| format!("Unknown VAT code '{}'", l.vat_code))?;
            let price = l.unit_price.unwrap_or_default();
            Ok(Line {
                line_no: i as i64 + 1,
                kind: LineKind::Item,
                qty: l.qty,
                unit_price: price,
                vat_code: l.vat_code.clone(),
                vat_rate: rate,
                net: line_net(l.qty, price, Decimal::ZERO),
                ..Default::default()
            })
        })
        .collect::<Result<_, String>>()?;
    crate::core::money::to_minor(totals(&resolved).gross).map_err(|e| e.to_string())
}

/// Where the poll has come to: the last (updatedAt, id) read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PollCursor {
    pub at: i64,
    pub id: String,
}

/// How far back each poll reads again: orders the shop changed in the same second as
/// the cursor, or committed late, are read again (and found imported).
pub const OVERLAP_MS: i64 = 60_000;

impl PollCursor {
    /// The time the next poll asks the shop for changes after.
    pub fn poll_from(&self) -> i64 {
        (self.at - OVERLAP_MS).max(0)
    }
    /// The cursor after reading `orders`: the greatest (updatedAt, id), ids compared as
    /// numbers where they are numbers.
    pub fn after(&self, orders: &[ShopOrder]) -> PollCursor {
        let key = |at: i64, id: &str| (at, id.parse::<u64>().ok(), id.to_string());
        let mut best = self.clone();
        for o in orders {
            if key(o.updated_at, &o.id) > key(best.at, &best.id) {
                best = PollCursor { at: o.updated_at, id: o.id.clone() };
            }
        }
        best
    }
}

/// The connection as typed in Setup → Integrations → Webshop.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebshopInput {
    pub kind: String,
    pub url: String,
    pub username: String,
    /// Empty when changing: keep the stored one.
    #[serde(default)]
    pub secret: String,
    pub warehouse: String,
    #[serde(default)]
    pub price_list: String,
    #[serde(default)]
    pub customer_group: String,
    pub shipping_item: String,
    pub discount_item: String,
    pub rounding_item: String,
    /// Minutes between polls (default 5).
    #[serde(default)]
    pub poll_minutes: String,
    #[serde(default)]
    pub active: Option<String>,
}

/// The connection as shown (never its secret).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webshop {
    pub kind: String,
    pub url: String,
    pub username: String,
    pub warehouse: String,
    pub price_list: String,
    pub price_list_id: Option<i64>,
    pub customer_group: String,
    pub shipping_item: String,
    pub discount_item: String,
    pub rounding_item: String,
    pub poll_seconds: i64,
    pub active: bool,
    pub last_poll_at: Option<i64>,
    pub next_poll_at: i64,
    pub last_error: String,
    /// Events not yet pushed to the shop, and why the last push failed.
    pub pending_pushes: i64,
    pub push_error: String,
    pub push_failures: i64,
    pub resync: bool,
}

/// The checked settings of a connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedShop {
    pub kind: ShopKind,
    pub url: String,
    pub username: String,
    pub poll_seconds: i64,
    pub active: bool,
    pub customer_group: String,
}

/// Checks what is typed: a shop kind, an http(s) address, a user, 1 to 1440 minutes.
pub fn check_input(i: &WebshopInput) -> Result<CheckedShop, String> {
    let kind = ShopKind::parse(i.kind.trim()).ok_or_else(|| format!("Unknown shop type '{}': use vendure", i.kind.trim()))?;
    let url = crate::core::text::web_address("Shop address", i.url.trim().trim_end_matches('/'))?;
    let username = i.username.trim().to_string();
    if username.is_empty() || username.len() > 200 {
        return Err("Give the shop user Flyt logs in as".into());
    }
    let poll_seconds = match i.poll_minutes.trim() {
        "" => 300,
        m => {
            m.parse::<i64>().ok().filter(|m| (1..=1440).contains(m)).map(|m| m * 60).ok_or_else(|| format!("Poll interval: '{m}' is not 1 to 1440 minutes"))?
        }
    };
    for (label, v) in
        [("Shipping item", &i.shipping_item), ("Discount item", &i.discount_item), ("Rounding item", &i.rounding_item), ("Warehouse", &i.warehouse)]
    {
        if v.trim().is_empty() {
            return Err(format!("{label}: choose one"));
        }
    }
    let customer_group = i.customer_group.trim().to_uppercase();
    if !customer_group.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) || customer_group.len() > 20 {
        return Err(format!("Customer group '{customer_group}': letters, digits and -_. only, at most 20"));
    }
    Ok(CheckedShop { kind, url, username, poll_seconds, active: i.active.as_deref().is_some_and(|v| !v.is_empty() && v != "false"), customer_group })
}

/// A shop order that waits or was imported, for the integration page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopOrderRow {
    pub shop_order_id: String,
    pub code: String,
    pub state: ImportState,
    pub order_no: Option<String>,
    pub problem: String,
    pub updated_at: i64,
}

/// What one import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub read: i64,
    pub imported: i64,
    pub problems: i64,
    pub cancelled: i64,
    pub credit_needed: i64,
    /// Test mode: what would be imported, one line per order.
    pub preview: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn codes() -> Vec<VatRate> {
        vec![
            VatRate { code: "S25".into(), rate: d("25"), category: "S".into() },
            VatRate { code: "S15".into(), rate: d("15"), category: "S".into() },
            VatRate { code: "E".into(), rate: d("0"), category: "E".into() },
            VatRate { code: "Z".into(), rate: d("0"), category: "Z".into() },
        ]
    }

    fn items() -> LineItems {
        LineItems { shipping: "FRAKT".into(), discount: "RABATT".into(), rounding: "AVRUND".into() }
    }

    fn order(lines: Vec<ShopLine>, shipping: i64, total_with_tax: i64) -> ShopOrder {
        ShopOrder {
            id: "17".into(),
            code: "ABC123".into(),
            updated_at: 1_000,
            state: ShopState::Placed,
            currency: "NOK".into(),
            customer: ShopCustomer {
                id: "4".into(),
                email: "kari@example.no".into(),
                first_name: "Kari".into(),
                last_name: "Nordmann".into(),
                phone: String::new(),
            },
            address: ShopAddress::default(),
            lines,
            shipping: vec![ShopShipping { name: "Posten".into(), price: shipping, tax_rate: d("0") }],
            discounts: vec!["SOMMER10".into()],
            total_with_tax,
        }
    }

    fn line(sku: &str, qty: i64, unit: i64, discounted: i64) -> ShopLine {
        ShopLine {
            id: sku.into(),
            sku: sku.into(),
            name: sku.into(),
            qty,
            unit_price: unit,
            line_price: qty * unit,
            discounted_price: discounted,
            tax_rate: d("25"),
        }
    }

    #[test]
    fn vat_codes_are_found_by_rate() {
        assert_eq!(vat_code_for(d("25"), &codes()).unwrap(), "S25");
        assert_eq!(vat_code_for(d("0"), &codes()).unwrap(), "Z", "zero rated before exempt");
        assert!(vat_code_for(d("12"), &codes()).unwrap_err().contains("No VAT code with 12 %"));
    }

    #[test]
    fn the_shop_s_order_becomes_lines_with_its_total() {
        // 2 × 100.00, 19.90 and 19.90 at 25 %, shipping 99.00 at 0 %: the shop rounds VAT
        // per line (24.875 → 24.88 twice), Flyt per VAT code (59.95): 1 øre apart
        let o = order(vec![line("KOPP", 2, 10000, 20000), line("SKJE", 1, 1990, 1990), line("GAFFEL", 1, 1990, 1990)], 9900, 25000 + 2488 + 2488 + 9900);
        let input = order_input(&o, "10001", "MAIN", &items(), &codes(), ShopKind::Vendure).unwrap();
        let summary: Vec<(String, String, Option<Decimal>, String)> =
            input.lines.iter().map(|l| (l.item_no.clone(), l.qty.to_string(), l.unit_price, l.vat_code.clone())).collect();
        assert_eq!(
            summary,
            vec![
                ("KOPP".into(), "2".into(), Some(d("100.00")), "S25".into()),
                ("SKJE".into(), "1".into(), Some(d("19.90")), "S25".into()),
                ("GAFFEL".into(), "1".into(), Some(d("19.90")), "S25".into()),
                ("FRAKT".into(), "1".into(), Some(d("99.00")), "Z".into()),
                ("AVRUND".into(), "1".into(), Some(d("0.01")), "Z".into()),
            ]
        );
        assert_eq!(flyt_total(&input.lines, &codes()).unwrap(), o.total_with_tax, "the total is the shop's");
        assert_eq!((input.requisition_no.as_str(), input.external_ref.as_str(), input.your_ref.as_str()), ("ABC123", "vendure:17", "Kari Nordmann"));
        assert!(input.lines.iter().all(|l| l.discount_pct == Some(Decimal::ZERO)), "never the customer's own discount");
    }

    #[test]
    fn discounts_become_a_line_per_vat_rate() {
        // 10 % off 2 × 100.00 at 25 % and 1 × 50.00 at 15 %
        let mut food = line("BRØD", 1, 5000, 4500);
        food.tax_rate = d("15");
        let o = order(vec![line("KOPP", 2, 10000, 18000), food], 0, 18000 * 125 / 100 + 4500 * 115 / 100);
        let input = order_input(&o, "10001", "MAIN", &items(), &codes(), ShopKind::Vendure).unwrap();
        let discounts: Vec<(Option<Decimal>, String, String)> =
            input.lines.iter().filter(|l| l.item_no == "RABATT").map(|l| (l.unit_price, l.vat_code.clone(), l.description.clone())).collect();
        assert_eq!(discounts, vec![(Some(d("-20.00")), "S25".into(), "Rabatt: SOMMER10".into()), (Some(d("-5.00")), "S15".into(), "Rabatt: SOMMER10".into())]);
        assert_eq!(flyt_total(&input.lines, &codes()).unwrap(), o.total_with_tax);
        assert!(input.lines.iter().all(|l| l.item_no != "AVRUND"), "no difference, no rounding line");
    }

    #[test]
    fn what_cannot_be_mapped_waits_with_a_reason() {
        let o = order(vec![line("KOPP", 1, 10000, 10000)], 0, 99_999);
        assert!(order_input(&o, "1", "MAIN", &items(), &codes(), ShopKind::Vendure).unwrap_err().contains("differs from Flyt's"));
        let mut o = order(vec![line("", 1, 10000, 10000)], 0, 12500);
        assert!(order_input(&o, "1", "MAIN", &items(), &codes(), ShopKind::Vendure).unwrap_err().contains("no SKU"));
        o.lines[0].sku = "KOPP".into();
        o.lines[0].tax_rate = d("12");
        assert!(order_input(&o, "1", "MAIN", &items(), &codes(), ShopKind::Vendure).unwrap_err().contains("No VAT code with 12 %"));
        o.lines.clear();
        assert!(order_input(&o, "1", "MAIN", &items(), &codes(), ShopKind::Vendure).is_err());
    }

    #[test]
    fn the_cursor_moves_to_the_last_change_and_reads_back_an_overlap() {
        let mk = |id: &str, at: i64| ShopOrder { id: id.into(), updated_at: at, ..order(vec![], 0, 0) };
        let c = PollCursor::default().after(&[mk("9", 5_000), mk("10", 5_000), mk("2", 4_000)]);
        assert_eq!(c, PollCursor { at: 5_000, id: "10".into() }, "ids as numbers: 10 after 9");
        assert_eq!(c.after(&[mk("3", 4_000)]), c, "an older order read again does not move it back");
        assert_eq!(PollCursor { at: 100_000, id: "1".into() }.poll_from(), 100_000 - OVERLAP_MS);
        assert_eq!(PollCursor::default().poll_from(), 0);
    }

    #[test]
    fn settings_are_checked() {
        let ok = WebshopInput {
            kind: "vendure".into(),
            url: "https://shop.example.no/".into(),
            username: "flyt".into(),
            warehouse: "MAIN".into(),
            shipping_item: "FRAKT".into(),
            discount_item: "RABATT".into(),
            rounding_item: "AVRUND".into(),
            active: Some("on".into()),
            ..Default::default()
        };
        let c = check_input(&ok).unwrap();
        assert_eq!((c.url.as_str(), c.poll_seconds, c.active), ("https://shop.example.no", 300, true));
        assert!(check_input(&WebshopInput { kind: "magento".into(), ..ok.clone() }).unwrap_err().contains("Unknown shop type"));
        assert!(check_input(&WebshopInput { url: "ftp://x".into(), ..ok.clone() }).is_err());
        assert!(check_input(&WebshopInput { url: "not a url".into(), ..ok.clone() }).is_err());
        assert!(check_input(&WebshopInput { poll_minutes: "0".into(), ..ok.clone() }).unwrap_err().contains("Poll interval"));
        assert!(check_input(&WebshopInput { shipping_item: " ".into(), ..ok.clone() }).unwrap_err().contains("Shipping item"));
        assert!(check_input(&WebshopInput { customer_group: "web shop".into(), ..ok }).is_err());
    }
}
