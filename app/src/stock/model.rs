use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Stock figures of one item in one warehouse.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Figures {
    pub warehouse_id: i64,
    pub warehouse_code: String,
    /// On hand.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub physical: Decimal,
    /// Open planned outs.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub reserved: Decimal,
    /// Open planned ins.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub incoming: Decimal,
    /// physical − reserved
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub free: Decimal,
    /// physical + incoming − reserved
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub projected: Decimal,
    pub bin: Option<String>,
}

impl Figures {
    /// Derives free and projected from on hand and the open planned moves.
    pub fn derive(warehouse_id: i64, warehouse_code: String, physical: Decimal, reserved: Decimal, incoming: Decimal, bin: Option<String>) -> Self {
        Figures { warehouse_id, warehouse_code, physical, reserved, incoming, free: physical - reserved, projected: physical + incoming - reserved, bin }
    }
}

/// Why stock was adjusted by hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Damaged,
    Lost,
    Found,
    Correction,
    OpeningBalance,
    Sample,
}

impl Reason {
    pub const ALL: [Reason; 6] = [Reason::Damaged, Reason::Lost, Reason::Found, Reason::Correction, Reason::OpeningBalance, Reason::Sample];
    pub fn code(self) -> &'static str {
        match self {
            Reason::Damaged => "damaged",
            Reason::Lost => "lost",
            Reason::Found => "found",
            Reason::Correction => "correction",
            Reason::OpeningBalance => "opening_balance",
            Reason::Sample => "sample",
        }
    }
    pub fn label(self) -> crate::core::T {
        use crate::core::T;
        match self {
            Reason::Damaged => T::ReasonDamaged,
            Reason::Lost => T::ReasonLost,
            Reason::Found => T::ReasonFound,
            Reason::Correction => T::ReasonCorrection,
            Reason::OpeningBalance => T::ReasonOpening,
            Reason::Sample => T::ReasonSample,
        }
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == s.trim())
            .ok_or_else(|| format!("Unknown reason '{s}': use damaged, lost, found, correction, opening_balance or sample"))
    }
}

/// A move to post: the ledger's generic interface, used by every area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMove {
    pub item_id: i64,
    pub warehouse_id: i64,
    /// Signed: positive in, negative out.
    pub qty: Decimal,
    pub date: NaiveDate,
    /// Cost per unit; for outgoing moves the ledger records the valuation cost.
    pub unit_cost: Decimal,
    pub origin: Origin,
    pub reason: String,
}

crate::core::code::coded! {
    /// The kind of document or event a stock move or planned move comes from.
    pub enum OriginKind {
        Order = "order" => Order,
        Invoice = "invoice" => Invoice,
        PurchaseOrder = "purchase_order" => PurchaseOrder,
        GoodsReceipt = "goods_receipt" => GoodsReceipt,
        Adjustment = "adjustment" => KindAdjustment,
        Transfer = "transfer" => KindTransfer,
        Import = "import" => KindImport,
        StockCount = "stock_count" => KindCount,
    }
}

/// Where a move or planned move comes from: a document kind, its id and line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub kind: OriginKind,
    pub id: i64,
    pub line: i32,
}

impl Origin {
    pub fn new(kind: OriginKind, id: i64, line: i32) -> Self {
        Origin { kind, id, line }
    }
}

/// A move as listed (history of an item).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MoveRow {
    pub id: i64,
    pub warehouse_code: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub unit_cost: Decimal,
    pub origin_kind: OriginKind,
    pub origin_id: i64,
    pub reason: String,
}

/// Stock adjustment as typed or sent to the API.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AdjustmentInput {
    pub item_no: String,
    pub warehouse: String,
    /// Signed quantity: `-2` takes two out.
    pub qty: String,
    pub reason: String,
    /// ISO date; today when empty.
    #[serde(default)]
    pub date: String,
}

/// A transfer between two warehouses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TransferInput {
    pub item_no: String,
    pub from_warehouse: String,
    pub to_warehouse: String,
    pub qty: String,
    #[serde(default)]
    pub date: String,
}

/// Reads a typed quantity: a number with at most 3 decimals, not zero.
pub fn parse_qty(input: &str, allow_negative: bool, lang: crate::core::Lang) -> Result<Decimal, String> {
    let d = crate::core::format::parse_amount(input, lang).map_err(|_| format!("'{}' is not a quantity", input.trim()))?;
    crate::core::quantity::to_milli("Quantity", d)?;
    if d.is_zero() {
        return Err("The quantity cannot be 0".into());
    }
    if d.is_sign_negative() && !allow_negative {
        return Err("The quantity must be above 0".into());
    }
    Ok(d.normalize())
}

pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(today);
    }
    crate::core::date::parse_iso("Date", t)
}

/// The message when a posting would take on-hand below zero.
pub fn insufficient(item_no: &str, warehouse: &str, available: Decimal, wanted: Decimal) -> String {
    format!("Not enough stock of {item_no} in {warehouse}: {available} on hand, {wanted} requested")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn figures_are_derived() {
        let d = |s| Decimal::from_str(s).unwrap();
        let f = Figures::derive(1, "MAIN".into(), d("10"), d("3"), d("5"), None);
        assert_eq!(f.free, d("7"));
        assert_eq!(f.projected, d("12"));
    }

    #[test]
    fn quantities_and_dates_from_users() {
        assert_eq!(parse_qty("2,5", false, crate::core::Lang::Nb).unwrap().to_string(), "2.5");
        assert_eq!(parse_qty("2,5", false, crate::core::Lang::Sv).unwrap().to_string(), "2.5");
        // one rule, the user's: "1,500" is fifteen hundred to an English user
        assert_eq!(parse_qty("1,500", false, crate::core::Lang::En).unwrap().to_string(), "1500");
        assert_eq!(parse_qty("1,500", false, crate::core::Lang::Nb).unwrap().to_string(), "1.5");
        assert!(parse_qty("-1", false, crate::core::Lang::Nb).is_err());
        assert_eq!(parse_qty("-1", true, crate::core::Lang::Nb).unwrap().to_string(), "-1");
        assert!(parse_qty("0", true, crate::core::Lang::Nb).unwrap_err().contains("cannot be 0"));
        assert!(parse_qty("ten", true, crate::core::Lang::Nb).unwrap_err().contains("not a quantity"));
        assert!(parse_qty("99999999999", true, crate::core::Lang::Nb).unwrap_err().contains("too large"));
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(parse_date("", today).unwrap(), today);
        assert!(parse_date("23.11.2026", today).is_err());
        assert_eq!(Reason::parse("damaged"), Ok(Reason::Damaged));
        assert!(Reason::parse("theft?").is_err());
    }
}

/// A stock count (stocktaking) as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CountSummary {
    pub id: i64,
    pub warehouse_code: String,
    pub filter: String,
    pub status: CountStatus,
    pub started_at: i64,
    pub lines: i64,
    pub counted: i64,
}

impl CountSummary {
    /// Still being counted: counts can be entered and the count posted.
    pub fn is_open(&self) -> bool {
        self.status == CountStatus::Open
    }
}

/// Where a stock count stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CountStatus {
    /// Being counted.
    Open,
    /// Its differences are posted as moves.
    Posted,
}

impl CountStatus {
    pub fn code(self) -> &'static str {
        match self {
            CountStatus::Open => "open",
            CountStatus::Posted => "posted",
        }
    }
    /// The status with this code; None for anything else.
    pub fn parse(code: &str) -> Option<CountStatus> {
        [CountStatus::Open, CountStatus::Posted].into_iter().find(|s| s.code() == code)
    }
    pub fn label(self) -> crate::core::T {
        match self {
            CountStatus::Open => crate::core::T::StOpen,
            CountStatus::Posted => crate::core::T::StPosted,
        }
    }
}

/// What the phone lookup found for what was typed or scanned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lookup {
    NotFound,
    Found(Box<crate::catalog::model::Item>, Vec<Figures>),
    /// Several items match the name: (item no, description) to choose from.
    Several(Vec<(String, String)>),
}

/// One item on a count sheet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CountLine {
    pub item_no: String,
    pub description: String,
    pub unit: String,
    pub bin: Option<String>,
    /// On hand when the count started (frozen).
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub expected: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub counted: Option<Decimal>,
}

impl CountLine {
    /// counted − expected, once counted.
    pub fn difference(&self) -> Option<Decimal> {
        self.counted.map(|c| c - self.expected)
    }

    /// A count that is more likely a typo than a find: over ten times the book
    /// quantity, or under a tenth of it (from 10 on the books). Flagged on the sheet
    /// and named when the differences are posted.
    pub fn implausible(&self) -> bool {
        let Some(c) = self.counted else { return false };
        let ten = Decimal::from(10);
        (self.expected > Decimal::ZERO && c > self.expected * ten) || (self.expected >= ten && c < self.expected / ten)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CountSheet {
    pub summary: CountSummary,
    pub lines: Vec<CountLine>,
}

/// A counted quantity as typed: zero or more, at most 3 decimals.
pub fn parse_counted(input: &str, lang: crate::core::Lang) -> Result<Decimal, String> {
    let d = crate::core::format::parse_amount(input, lang).map_err(|_| format!("'{}' is not a quantity", input.trim()))?;
    if d.is_sign_negative() {
        return Err("A counted quantity cannot be negative".into());
    }
    crate::core::quantity::to_milli("Quantity", d)?;
    Ok(d.normalize())
}

#[cfg(test)]
mod count_tests {
    use super::*;

    #[test]
    fn differences_and_counted_quantities() {
        let line = CountLine {
            item_no: "A".into(),
            description: String::new(),
            unit: "stk".into(),
            bin: None,
            expected: Decimal::from(5),
            counted: Some(Decimal::from(3)),
        };
        assert_eq!(line.difference(), Some(Decimal::from(-2)));
        assert_eq!(CountLine { counted: None, ..line }.difference(), None);
        assert_eq!(parse_counted("0", crate::core::Lang::Nb).unwrap(), Decimal::ZERO);
        assert!(parse_counted("-1", crate::core::Lang::Nb).is_err());
        assert!(parse_counted("x", crate::core::Lang::Nb).is_err());
    }

    #[test]
    fn implausible_counts_are_flagged() {
        let line = |expected: i64, counted: Option<&str>| CountLine {
            expected: Decimal::from(expected),
            counted: counted.map(|c| c.parse().unwrap()),
            ..Default::default()
        };
        assert!(!line(10, None).implausible());
        assert!(!line(10, Some("8")).implausible());
        assert!(!line(10, Some("100")).implausible(), "ten times is still possible");
        assert!(line(10, Some("100.001")).implausible());
        assert!(line(50, Some("4")).implausible(), "under a tenth");
        assert!(!line(5, Some("0")).implausible(), "few on the books: zero is plausible");
        assert!(!line(0, Some("3")).implausible(), "a find where the books have none");
    }
}

/// Whether the company keeps perpetual inventory (API v1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PerpetualSetting {
    pub on: bool,
}
