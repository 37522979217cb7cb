//! Purchasing and payables: the reorder suggestion, purchase order statuses,
//! receipt rules, the approval chain and the match of supplier invoices against
//! what was ordered and received. Pure: shared by the server and the browser.
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::core::money::cents;
use crate::core::T;

/// What to order of an item in a warehouse: nothing while the projected stock is at
/// or above the safety stock; else the larger of the reorder quantity and what
/// brings it back to safety, rounded up to whole packs.
pub fn suggestion(projected: Decimal, safety: Decimal, reorder_qty: Decimal, pack: Decimal) -> Decimal {
    if projected >= safety {
        return Decimal::ZERO;
    }
    let wanted = reorder_qty.max(safety - projected);
    if pack <= Decimal::ZERO {
        return wanted;
    }
    (wanted / pack).ceil() * pack
}

/// A row of the reorder list: one item in one warehouse.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReorderRow {
    pub item_no: String,
    pub description: String,
    pub unit: String,
    pub warehouse: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub physical: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub reserved: Decimal,
    /// Open purchase lines (confirmed and draft) and other planned ins.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub incoming: Decimal,
    /// physical + incoming − reserved
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub projected: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub safety_stock: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub reorder_qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub pack_size: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub suggested: Decimal,
    /// The preferred supplier's number; empty when the item has none.
    pub supplier_no: String,
    pub supplier_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub purchase_price: Decimal,
}

/// The filters of the reorder list. Empty strings: all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct ReorderFilter {
    /// A supplier number.
    #[serde(default)]
    pub supplier: String,
    /// A warehouse code.
    #[serde(default)]
    pub warehouse: String,
    /// Only rows below safety stock (with a suggestion). Default true.
    #[serde(default)]
    pub all: bool,
}

/// A reorder row chosen for a draft purchase order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReorderPick {
    pub item_no: String,
    pub warehouse: String,
    /// Empty: the suggested quantity.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub qty: Option<Decimal>,
    /// Empty: the item's preferred supplier.
    #[serde(default)]
    pub supplier_no: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PoStatus {
    /// Not yet sent: nothing planned in the stock ledger.
    #[default]
    Draft,
    Ordered,
    PartlyReceived,
    Received,
    /// Closed by hand: what was not received is no longer expected.
    Closed,
}

impl PoStatus {
    pub const ALL: [PoStatus; 5] = [PoStatus::Draft, PoStatus::Ordered, PoStatus::PartlyReceived, PoStatus::Received, PoStatus::Closed];
    pub fn code(self) -> &'static str {
        match self {
            PoStatus::Draft => "draft",
            PoStatus::Ordered => "ordered",
            PoStatus::PartlyReceived => "partly_received",
            PoStatus::Received => "received",
            PoStatus::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    /// A list filter: empty for every status, else a status code.
    pub fn filter(s: &str) -> Result<Option<Self>, String> {
        crate::core::code::filter(s, "purchase order status", &Self::ALL, Self::code)
    }
    /// Still expecting goods (a receipt can be posted).
    pub fn open(self) -> bool {
        matches!(self, PoStatus::Ordered | PoStatus::PartlyReceived)
    }
    /// Still a draft: its lines can be changed and it can be sent.
    pub fn is_draft(self) -> bool {
        self == PoStatus::Draft
    }
    pub fn label(self) -> T {
        match self {
            PoStatus::Draft => T::StDraft,
            PoStatus::Ordered => T::StOrdered,
            PoStatus::PartlyReceived => T::StPartlyReceived,
            PoStatus::Received => T::StReceived,
            PoStatus::Closed => T::StClosed,
        }
    }
}

/// A purchase order's status from its lines (ordered, received).
pub fn po_status(confirmed: bool, closed: bool, lines: &[(Decimal, Decimal)]) -> PoStatus {
    if closed {
        return PoStatus::Closed;
    }
    if !confirmed {
        return PoStatus::Draft;
    }
    if !lines.is_empty() && lines.iter().all(|(q, r)| r >= q) {
        PoStatus::Received
    } else if lines.iter().any(|(_, r)| *r > Decimal::ZERO) {
        PoStatus::PartlyReceived
    } else {
        PoStatus::Ordered
    }
}

/// Checks a quantity to receive on a line: above zero, and beyond what is still
/// outstanding only when the user confirmed it.
pub fn check_receipt(line_no: i64, qty: Decimal, ordered: Decimal, received: Decimal, confirm_over: bool) -> Result<(), String> {
    if qty <= Decimal::ZERO {
        return Err(format!("Line {line_no}: the quantity received must be above 0 (got {qty})"));
    }
    let outstanding = (ordered - received).max(Decimal::ZERO);
    if qty > outstanding && !confirm_over {
        return Err(format!(
            "Line {line_no}: {} is more than is outstanding ({} of {} ordered); confirm to receive more than ordered",
            qty.normalize(),
            outstanding.normalize(),
            ordered.normalize()
        ));
    }
    Ok(())
}

/// A purchase order line as typed or sent by the API.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PoLineInput {
    pub item_no: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    #[serde(deserialize_with = "crate::core::money::exact::decimal")]
    pub qty: Decimal,
    /// Empty: the item's purchase price.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    #[serde(default, deserialize_with = "crate::core::money::exact::option")]
    pub unit_price: Option<Decimal>,
    /// YYYY-MM-DD; empty: the order's date.
    #[serde(default)]
    pub expected_date: String,
    /// Empty: the one used on this supplier's last order of the item.
    #[serde(default)]
    pub supplier_item_no: String,
    /// Empty: the item's description.
    #[serde(default)]
    pub description: String,
}

/// A purchase order as typed or sent by the API.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PoInput {
    pub supplier_no: String,
    #[serde(default)]
    pub our_ref: String,
    /// Warehouse code to receive into; empty: the first.
    #[serde(default)]
    pub warehouse: String,
    /// Empty: the company's address.
    #[serde(default)]
    pub delivery_address: String,
    /// Order date (YYYY-MM-DD); empty: today.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub note: String,
    /// Send it: register the planned ins and e-mail the PDF to the supplier.
    #[serde(default)]
    pub confirm: bool,
    pub lines: Vec<PoLineInput>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PoLine {
    pub line_no: i64,
    pub item_no: String,
    pub description: String,
    pub supplier_item_no: String,
    pub unit: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub unit_price: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub expected_date: NaiveDate,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub received: Decimal,
    /// Ordered − received, never below 0.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub outstanding: Decimal,
}

/// A posted goods receipt.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub id: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub warehouse: String,
    /// (line number, quantity)
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<(i64, String)>))]
    pub lines: Vec<(i64, Decimal)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PurchaseOrder {
    pub id: i64,
    pub po_no: String,
    pub status: PoStatus,
    pub supplier_no: String,
    pub supplier_name: String,
    /// Where the order is e-mailed: the supplier's invoice address.
    pub supplier_email: String,
    pub our_ref: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub order_date: NaiveDate,
    pub warehouse: String,
    pub delivery_address: String,
    pub currency: String,
    pub note: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
    pub lines: Vec<PoLine>,
    pub receipts: Vec<Receipt>,
}

/// A row of the purchase order list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PoRow {
    pub po_no: String,
    pub status: PoStatus,
    pub supplier_no: String,
    pub supplier_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub order_date: NaiveDate,
    pub warehouse: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
    pub currency: String,
}

/// A line of a goods receipt.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReceiveLine {
    pub line_no: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReceiptInput {
    /// Warehouse code; empty: the order's.
    #[serde(default)]
    pub warehouse: String,
    /// YYYY-MM-DD; empty: today.
    #[serde(default)]
    pub date: String,
    pub lines: Vec<ReceiveLine>,
    /// Set the items' purchase price to the order's price.
    #[serde(default)]
    pub update_purchase_price: bool,
    /// The user confirmed receiving more than ordered.
    #[serde(default)]
    pub confirm_over: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SiStatus {
    /// Waiting for approval.
    #[default]
    Pending,
    Approved,
    Rejected,
    Paid,
}

impl SiStatus {
    pub fn code(self) -> &'static str {
        match self {
            SiStatus::Pending => "pending",
            SiStatus::Approved => "approved",
            SiStatus::Rejected => "rejected",
            SiStatus::Paid => "paid",
        }
    }
    /// The status with this code; None for anything else (never a default).
    pub fn parse(code: &str) -> Option<SiStatus> {
        [SiStatus::Pending, SiStatus::Approved, SiStatus::Rejected, SiStatus::Paid].into_iter().find(|s| s.code() == code)
    }
    /// Waits for an approver's decision.
    pub fn awaits_approval(self) -> bool {
        self == SiStatus::Pending
    }
    /// Approved and not yet paid: it can be marked paid.
    pub fn payable(self) -> bool {
        self == SiStatus::Approved
    }
    pub fn label(self) -> T {
        match self {
            SiStatus::Pending => T::StPending,
            SiStatus::Approved => T::StApproved,
            SiStatus::Rejected => T::StRejected,
            SiStatus::Paid => T::StPaid,
        }
    }
}

/// An approver's decision on a supplier invoice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    #[default]
    Approved,
    Rejected,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
        }
    }
    /// The decision with this code; None for anything else.
    pub fn parse(code: &str) -> Option<Decision> {
        [Decision::Approved, Decision::Rejected].into_iter().find(|d| d.code() == code)
    }
    pub fn label(self) -> T {
        match self {
            Decision::Approved => T::StApproved,
            Decision::Rejected => T::StRejected,
        }
    }
}

/// A level of the approval chain: invoices of at least `min_gross` need it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApprovalLevel {
    pub level: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub min_gross: Decimal,
    /// (user id, name)
    pub approvers: Vec<(i64, String)>,
}

/// The highest level an invoice of `gross` needs (0: none). Levels are climbed in
/// order: an invoice that needs level 2 needs level 1 first.
pub fn required_level(levels: &[(i64, Decimal)], gross: Decimal) -> i64 {
    levels.iter().filter(|(_, min)| gross.abs() >= *min).map(|(l, _)| *l).max().unwrap_or(0)
}

/// Who may decide the next level: an approver of it who has not approved an
/// earlier level of the same invoice.
pub fn check_approver(next_level: i64, approvers_of_next: &[i64], earlier_approvers: &[i64], user_id: i64) -> Result<(), String> {
    if !approvers_of_next.contains(&user_id) {
        return Err(format!("You are not an approver of level {next_level}"));
    }
    if earlier_approvers.contains(&user_id) {
        return Err(format!("You approved an earlier level of this invoice; level {next_level} needs another approver"));
    }
    Ok(())
}

/// A supplier invoice line as typed or sent by the API.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SiLineInput {
    /// Our item number; or the supplier's in `supplier_item_no`; or neither for a cost line.
    #[serde(default)]
    pub item_no: String,
    #[serde(default)]
    pub supplier_item_no: String,
    #[serde(default)]
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    #[serde(deserialize_with = "crate::core::money::exact::decimal")]
    pub qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    #[serde(deserialize_with = "crate::core::money::exact::decimal")]
    pub unit_price: Decimal,
    /// The line amount; empty: quantity × price. When given it is what counts.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    #[serde(default, deserialize_with = "crate::core::money::exact::option")]
    pub net: Option<Decimal>,
    /// VAT rate in percent.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    #[serde(deserialize_with = "crate::core::money::exact::decimal")]
    pub vat_rate: Decimal,
    /// Empty: the item's default, else the supplier's, else the company's.
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub dimension: String,
    /// The purchase order line this invoices (its line number).
    #[serde(default)]
    pub po_line_no: Option<i64>,
}

/// A supplier invoice as typed, sent by the API, or read from EHF.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SiInput {
    /// The supplier's number; or leave empty and give `org_no`.
    #[serde(default)]
    pub supplier_no: String,
    /// The supplier's organisation number (or VAT number).
    #[serde(default)]
    pub org_no: String,
    /// Credit note instead of invoice.
    #[serde(default)]
    pub credit_note: bool,
    pub invoice_no: String,
    pub invoice_date: String,
    /// Empty: the supplier's payment terms from the invoice date.
    #[serde(default)]
    pub due_date: String,
    /// Empty: the supplier's currency.
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub kid: String,
    /// Our purchase order number the invoice refers to.
    #[serde(default)]
    pub po_no: String,
    pub lines: Vec<SiLineInput>,
    /// The invoice's own totals: when given they must equal what the lines add up to.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    #[serde(default, deserialize_with = "crate::core::money::exact::option")]
    pub net: Option<Decimal>,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    #[serde(default, deserialize_with = "crate::core::money::exact::option")]
    pub vat: Option<Decimal>,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    #[serde(default, deserialize_with = "crate::core::money::exact::option")]
    pub gross: Option<Decimal>,
    /// Already paid (prepaid amount); the rest is payable.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    #[serde(default, deserialize_with = "crate::core::money::exact::option")]
    pub prepaid: Option<Decimal>,
}

/// Totals of a supplier invoice: net, VAT (per rate on the sum of its lines) and gross,
/// by the one VAT computation every document uses (`core::lines::totals`).
pub fn si_totals(lines: &[(Decimal, Decimal)]) -> (Decimal, Decimal, Decimal) {
    use crate::core::lines::{totals, Line, LineKind};
    let lines: Vec<Line> = lines.iter().map(|(net, rate)| Line { kind: LineKind::Item, net: *net, vat_rate: *rate, ..Default::default() }).collect();
    let t = totals(&lines);
    (t.net, t.vat_total, t.gross)
}

/// Checks declared totals against the computed ones: a clear message naming what does not add up.
pub fn check_totals(computed: (Decimal, Decimal, Decimal), declared: (Option<Decimal>, Option<Decimal>, Option<Decimal>)) -> Result<(), String> {
    let names = ["net amount", "VAT", "total"];
    let c = [computed.0, computed.1, computed.2];
    let d = [declared.0, declared.1, declared.2];
    for i in 0..3 {
        if let Some(v) = d[i] {
            if cents(v) != c[i] {
                return Err(format!("The invoice's {} is {} but its lines add up to {}", names[i], cents(v), c[i]));
            }
        }
    }
    Ok(())
}

/// What differs between a supplier invoice and its purchase order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviationKind {
    /// More invoiced than received.
    Qty,
    /// The price is outside the tolerance.
    Price,
    /// The line is not on the purchase order.
    NotOrdered,
    /// The invoice's order reference names no purchase order.
    UnknownPo,
}

/// A difference between a supplier invoice and its purchase order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Deviation {
    pub line_no: i64,
    pub kind: DeviationKind,
    pub message: String,
}

crate::core::code::coded! {
    /// Who a default purchase account belongs to.
    pub enum AccountOwner {
        Supplier = "supplier" => Supplier,
        Item = "item" => Items,
    }
}

/// An invoice line as matched: quantity, unit price, and the order line it found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchLine {
    pub line_no: i64,
    pub is_item: bool,
    pub qty: Decimal,
    pub unit_price: Decimal,
    /// (ordered, received, ordered price) of the matched purchase order line.
    pub ordered: Option<(Decimal, Decimal, Decimal)>,
}

/// The deviations of an invoice from its purchase order: lines not on the order,
/// quantities above what was received, prices outside the tolerance (in hundredths
/// of a per cent of the ordered price).
pub fn deviations(lines: &[MatchLine], tolerance_bp: i64) -> Vec<Deviation> {
    let mut out = Vec::new();
    for l in lines.iter().filter(|l| l.is_item) {
        let Some((ordered, received, price)) = l.ordered else {
            out.push(Deviation { line_no: l.line_no, kind: DeviationKind::NotOrdered, message: format!("Line {}: not on the purchase order", l.line_no) });
            continue;
        };
        if l.qty > received {
            out.push(Deviation {
                line_no: l.line_no,
                kind: DeviationKind::Qty,
                message: format!("Line {}: {} invoiced, {} received ({} ordered)", l.line_no, l.qty.normalize(), received.normalize(), ordered.normalize()),
            });
        }
        let allowed = price * Decimal::from(tolerance_bp) / Decimal::from(10_000);
        if (l.unit_price - price).abs() > allowed {
            out.push(Deviation {
                line_no: l.line_no,
                kind: DeviationKind::Price,
                message: format!("Line {}: price {} against {} ordered", l.line_no, l.unit_price, price),
            });
        }
    }
    out
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SiLine {
    pub line_no: i64,
    pub item_no: String,
    pub supplier_item_no: String,
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub unit_price: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub vat_rate: Decimal,
    pub account: String,
    pub dimension: String,
    pub po_line_no: Option<i64>,
}

/// What an approved supplier invoice posts, as its rows hold it (signed: a credit note
/// is negative).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiPosting {
    pub id: i64,
    pub supplier_id: i64,
    pub supplier_name: String,
    pub invoice_no: String,
    pub invoice_date: NaiveDate,
    /// (account, net) per line.
    pub lines: Vec<(String, Decimal)>,
    pub vat: Decimal,
    pub gross: Decimal,
    pub payable: Decimal,
}

impl SiPosting {
    /// The voucher of the invoice: each line's net on its cost account, the input VAT,
    /// and the gross owed on payables (a credit note the other way round).
    pub fn voucher(&self) -> crate::accounting::model::Draft {
        use crate::accounting::model::{Draft, Role, SourceKind};
        let mut d =
            Draft::new(SourceKind::SupplierInvoice, self.id, &self.invoice_no, self.invoice_date, format!("{} {}", self.invoice_no, self.supplier_name));
        let mut per_account: Vec<(&str, Decimal)> = Vec::new();
        for (account, net) in &self.lines {
            match per_account.iter_mut().find(|(a, _)| a == account) {
                Some((_, sum)) => *sum += *net,
                None => per_account.push((account, *net)),
            }
        }
        for (account, net) in per_account {
            d.debit_account(Role::Cost, account, net);
        }
        d.debit(Role::VatIn, "", self.vat, None);
        d.credit(Role::Payables, "", self.gross, Some(self.supplier_id));
        d
    }
    /// The voucher of paying it on `date`: what was due off payables, out of the bank.
    pub fn payment_voucher(&self, date: NaiveDate) -> crate::accounting::model::Draft {
        use crate::accounting::model::{Draft, Role, SourceKind};
        let mut d = Draft::new(SourceKind::SupplierPayment, self.id, &self.invoice_no, date, format!("{} {}", self.invoice_no, self.supplier_name));
        d.debit(Role::Payables, "", self.payable, Some(self.supplier_id));
        d.credit(Role::Bank, "", self.payable, None);
        d
    }
}

/// A decision on a supplier invoice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Approval {
    pub level: i64,
    pub user_name: String,
    /// approved or rejected
    pub decision: Decision,
    pub comment: String,
    /// Unix milliseconds.
    pub at: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SupplierInvoice {
    /// Number, supplier, dates, amount due and where it stands in the approval chain.
    #[serde(flatten)]
    pub head: PayableRow,
    pub kid: String,
    pub po_no: String,
    /// Signed: negative on a credit note.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub vat: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub gross: Decimal,
    pub source: SiSource,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = Date))]
    pub paid_date: Option<NaiveDate>,
    pub lines: Vec<SiLine>,
    pub approvals: Vec<Approval>,
    pub deviations: Vec<Deviation>,
}

/// How a supplier invoice came in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SiSource {
    /// Typed in (or sent to the API as fields).
    #[default]
    Manual,
    /// Read from an EHF / PEPPOL BIS file.
    Ehf,
}

impl SiSource {
    pub fn code(self) -> &'static str {
        match self {
            SiSource::Manual => "manual",
            SiSource::Ehf => "ehf",
        }
    }
    /// The source with this code; None for anything else.
    pub fn parse(code: &str) -> Option<SiSource> {
        [SiSource::Manual, SiSource::Ehf].into_iter().find(|s| s.code() == code)
    }
}

/// approve or reject, with a comment (a rejection needs one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApprovalInput {
    /// approve or reject
    pub decision: String,
    #[serde(default)]
    pub comment: String,
}

/// A row of the payables list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PayableRow {
    pub id: i64,
    pub supplier_no: String,
    pub supplier_name: String,
    pub kind: crate::invoicing::model::InvoiceKind,
    pub invoice_no: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub invoice_date: NaiveDate,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub due_date: NaiveDate,
    pub currency: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub payable: Decimal,
    /// pending, approved, rejected or paid
    pub status: SiStatus,
    pub approved_level: i64,
    pub required_level: i64,
}

/// A row of the purchase report: a supplier or an item and what was invoiced in the period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PurchaseReportRow {
    pub key: String,
    pub name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
    pub invoices: i64,
}

/// Default account and dimension of a supplier or an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AccountDefault {
    pub kind: AccountOwner,
    /// The supplier's or the item's number.
    pub number: String,
    pub name: String,
    pub account: String,
    pub dimension: String,
}

/// The account of a line: the item's default, else the supplier's, else the company's.
pub fn line_account<'a>(typed: &'a str, item: Option<&'a (String, String)>, supplier: Option<&'a (String, String)>, company: &'a str) -> (String, String) {
    if !typed.trim().is_empty() {
        return (typed.trim().to_string(), String::new());
    }
    item.or(supplier).map(|(a, d)| (a.clone(), d.clone())).unwrap_or_else(|| (company.to_string(), String::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn suggestion_orders_up_to_safety_in_whole_packs() {
        // at or above safety: nothing
        assert_eq!(suggestion(d("10"), d("10"), d("20"), d("1")), d("0"));
        // below: the reorder quantity when it covers the gap
        assert_eq!(suggestion(d("8"), d("10"), d("20"), d("1")), d("20"));
        // the gap when larger than the reorder quantity (projected negative)
        assert_eq!(suggestion(d("-30"), d("10"), d("20"), d("1")), d("40"));
        // rounded up to the pack: 23 → 25 with packs of 5
        assert_eq!(suggestion(d("-13"), d("10"), d("20"), d("5")), d("25"));
        assert_eq!(suggestion(d("9.5"), d("10"), d("0"), d("0.25")), d("0.5"));
        assert_eq!(suggestion(d("0"), d("3"), d("0"), d("0")), d("3"));
    }

    #[test]
    fn po_status_follows_the_lines() {
        let l = |q: i64, r: i64| (Decimal::from(q), Decimal::from(r));
        assert_eq!(po_status(false, false, &[l(5, 0)]), PoStatus::Draft);
        assert_eq!(po_status(true, false, &[l(5, 0), l(2, 0)]), PoStatus::Ordered);
        assert_eq!(po_status(true, false, &[l(5, 2), l(2, 0)]), PoStatus::PartlyReceived);
        assert_eq!(po_status(true, false, &[l(5, 5), l(2, 3)]), PoStatus::Received);
        assert_eq!(po_status(true, true, &[l(5, 2)]), PoStatus::Closed);
        assert!(PoStatus::PartlyReceived.open() && !PoStatus::Received.open() && !PoStatus::Draft.open());
    }

    #[test]
    fn receiving_more_than_ordered_needs_confirmation() {
        assert!(check_receipt(1, d("3"), d("5"), d("2"), false).is_ok());
        let e = check_receipt(2, d("4"), d("5"), d("2"), false).unwrap_err();
        assert_eq!(e, "Line 2: 4 is more than is outstanding (3 of 5 ordered); confirm to receive more than ordered");
        assert!(check_receipt(2, d("4"), d("5"), d("2"), true).is_ok());
        assert!(check_receipt(3, d("0"), d("5"), d("0"), true).unwrap_err().contains("above 0"));
    }

    #[test]
    fn approval_levels_are_climbed_by_amount_and_by_different_people() {
        let levels = [(1, d("0")), (2, d("10000")), (3, d("100000"))];
        assert_eq!(required_level(&levels, d("500")), 1);
        assert_eq!(required_level(&levels, d("10000")), 2);
        assert_eq!(required_level(&levels, d("-20000")), 2);
        assert_eq!(required_level(&levels, d("250000")), 3);
        assert_eq!(required_level(&[], d("250000")), 0);
        assert!(check_approver(2, &[7, 8], &[5], 7).is_ok());
        assert!(check_approver(2, &[7, 8], &[5], 9).unwrap_err().contains("not an approver of level 2"));
        assert!(check_approver(2, &[5, 8], &[5], 5).unwrap_err().contains("needs another approver"));
    }

    #[test]
    fn totals_add_up_per_rate_and_declared_totals_are_checked() {
        let t = si_totals(&[(d("100.04"), d("25")), (d("89.82"), d("15")), (d("500"), d("0"))]);
        assert_eq!(t, (d("689.86"), d("38.48"), d("728.34")));
        assert!(check_totals(t, (Some(d("689.86")), None, Some(d("728.34")))).is_ok());
        assert_eq!(check_totals(t, (None, None, Some(d("728.35")))).unwrap_err(), "The invoice's total is 728.35 but its lines add up to 728.34");
    }

    #[test]
    fn deviations_show_quantity_price_and_unordered_lines() {
        let line = |no, qty: &str, price: &str, ordered: Option<(&str, &str, &str)>| MatchLine {
            line_no: no,
            is_item: true,
            qty: d(qty),
            unit_price: d(price),
            ordered: ordered.map(|(o, r, p)| (d(o), d(r), d(p))),
        };
        let lines = vec![
            line(1, "10", "101.99", Some(("10", "10", "100"))), // within 2 %
            line(2, "10", "103", Some(("10", "6", "100"))),     // qty and price
            line(3, "1", "50", None),
            MatchLine { line_no: 4, is_item: false, qty: d("1"), unit_price: d("80"), ordered: None }, // freight
        ];
        let dev = deviations(&lines, 200);
        let kinds: Vec<(i64, DeviationKind)> = dev.iter().map(|x| (x.line_no, x.kind)).collect();
        assert_eq!(kinds, vec![(2, DeviationKind::Qty), (2, DeviationKind::Price), (3, DeviationKind::NotOrdered)]);
        assert_eq!(dev[0].message, "Line 2: 10 invoiced, 6 received (10 ordered)");
    }

    #[test]
    fn accounts_come_from_the_item_then_the_supplier_then_the_company() {
        let item = ("4300".to_string(), "P1".to_string());
        let sup = ("6540".to_string(), "".to_string());
        assert_eq!(line_account("", Some(&item), Some(&sup), "4000"), ("4300".into(), "P1".into()));
        assert_eq!(line_account("", None, Some(&sup), "4000"), ("6540".into(), "".into()));
        assert_eq!(line_account("", None, None, "4000"), ("4000".into(), "".into()));
        assert_eq!(line_account("7100", Some(&item), None, "4000").0, "7100");
    }

    #[test]
    fn a_supplier_invoice_posts_costs_per_account_input_vat_and_payables() {
        use crate::accounting::model::{Role, SourceKind};
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let p = SiPosting {
            id: 7,
            supplier_id: 3,
            supplier_name: "Skruesentralen AS".into(),
            invoice_no: "F-88".into(),
            invoice_date: day,
            lines: vec![("4000".into(), d("100")), ("4300".into(), d("40")), ("4000".into(), d("60"))],
            vat: d("50"),
            gross: d("250"),
            payable: d("250"),
        };
        let v = p.voucher().balanced().unwrap();
        assert_eq!((v.kind, v.kind.series(), v.source_id), (SourceKind::SupplierInvoice, "L", 7));
        let lines: Vec<(Role, &str, Decimal, Decimal, Option<i64>)> =
            v.lines.iter().map(|l| (l.role, l.account.as_str(), l.debit, l.credit, l.party_id)).collect();
        assert_eq!(
            lines,
            vec![
                (Role::Cost, "4000", d("160"), d("0"), None),
                (Role::Cost, "4300", d("40"), d("0"), None),
                (Role::VatIn, "", d("50"), d("0"), None),
                (Role::Payables, "", d("0"), d("250"), Some(3)),
            ]
        );
        // a credit note (negative amounts) posts the other way round
        let cn = SiPosting { lines: vec![("4000".into(), d("-80"))], vat: d("-20"), gross: d("-100"), payable: d("-100"), ..p.clone() };
        let v = cn.voucher().balanced().unwrap();
        assert_eq!(v.lines.iter().map(|l| (l.debit, l.credit)).collect::<Vec<_>>(), vec![(d("0"), d("80")), (d("0"), d("20")), (d("100"), d("0"))]);
        // paying: what is due off payables, out of the bank
        let pay = p.payment_voucher(day).balanced().unwrap();
        assert_eq!((pay.kind.series(), pay.lines.len(), pay.debits()), ("U", 2, d("250")));
        assert_eq!((pay.lines[0].role, pay.lines[0].party_id, pay.lines[1].role), (Role::Payables, Some(3), Role::Bank));
    }
}
