//! Quotes, orders and deliveries: the documents, their statuses (computed from the
//! lines, never set by hand) and the quantity rules from quote to last delivery.
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::lines::LineInput;
pub use crate::core::document::{Doc, DocLine, DocStatus};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    Draft,
    Sent,
    PartlyAccepted,
    Accepted,
    Lost,
    Expired,
}

impl QuoteStatus {
    pub fn code(self) -> &'static str {
        match self {
            QuoteStatus::Draft => "draft",
            QuoteStatus::Sent => "sent",
            QuoteStatus::PartlyAccepted => "partly_accepted",
            QuoteStatus::Accepted => "accepted",
            QuoteStatus::Lost => "lost",
            QuoteStatus::Expired => "expired",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [QuoteStatus::Draft, QuoteStatus::Sent, QuoteStatus::PartlyAccepted, QuoteStatus::Accepted, QuoteStatus::Lost, QuoteStatus::Expired]
            .into_iter()
            .find(|x| x.code() == s)
    }
    /// Still open for the customer: can be sent, copied to an order, marked lost.
    pub fn is_open(self) -> bool {
        !matches!(self, QuoteStatus::Lost | QuoteStatus::Accepted)
    }
    /// Its lines can be changed (nothing of it went to an order yet).
    pub fn can_edit(self) -> bool {
        self.is_open() && self != QuoteStatus::PartlyAccepted
    }
    /// Can be e-mailed to the customer.
    pub fn can_send(self) -> bool {
        self != QuoteStatus::Lost
    }
}

impl QuoteStatus {
    /// The quote status a document shows; None for an order's.
    pub fn of(s: DocStatus) -> Option<QuoteStatus> {
        QuoteStatus::parse(s.code())
    }
}

impl From<QuoteStatus> for DocStatus {
    fn from(s: QuoteStatus) -> DocStatus {
        DocStatus::parse(s.code()).unwrap_or_default()
    }
}

impl OrderStatus {
    /// The order status a document shows; None for a quote's.
    pub fn of(s: DocStatus) -> Option<OrderStatus> {
        OrderStatus::parse(s.code())
    }
}

impl From<OrderStatus> for DocStatus {
    fn from(s: OrderStatus) -> DocStatus {
        DocStatus::parse(s.code()).unwrap_or_default()
    }
}

/// How much of a quote went to orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acceptance {
    None,
    Partial,
    Full,
}

impl Acceptance {
    /// From the number of lines with something ordered and of item lines not fully ordered.
    pub fn of_counts(ordered_lines: i64, open_lines: i64) -> Acceptance {
        match (ordered_lines, open_lines) {
            (0, _) => Acceptance::None,
            (_, 0) => Acceptance::Full,
            _ => Acceptance::Partial,
        }
    }
    /// From (quoted quantity, quantity copied to orders) per item line.
    pub fn of(lines: &[(Decimal, Decimal)]) -> Acceptance {
        if !lines.iter().any(|(_, o)| *o > Decimal::ZERO) {
            Acceptance::None
        } else if lines.iter().all(|(q, o)| o >= q) {
            Acceptance::Full
        } else {
            Acceptance::Partial
        }
    }
}

/// A quote's status: lost when marked lost; accepted (fully or partly) once lines
/// went to an order; otherwise expired after its last valid day, else sent or draft.
pub fn quote_status(lost: bool, sent: bool, valid_until: NaiveDate, today: NaiveDate, acceptance: Acceptance) -> QuoteStatus {
    match acceptance {
        _ if lost => QuoteStatus::Lost,
        Acceptance::Full => QuoteStatus::Accepted,
        Acceptance::Partial => QuoteStatus::PartlyAccepted,
        Acceptance::None if today > valid_until => QuoteStatus::Expired,
        Acceptance::None if sent => QuoteStatus::Sent,
        Acceptance::None => QuoteStatus::Draft,
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Not yet confirmed: nothing reserved.
    #[default]
    Draft,
    Open,
    PartlyDelivered,
    Delivered,
    PartlyInvoiced,
    Invoiced,
    /// Cancelled with something delivered: the rest released, the delivered part invoiced.
    Closed,
    /// Cancelled before anything was delivered.
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::Draft,
        OrderStatus::Open,
        OrderStatus::PartlyDelivered,
        OrderStatus::Delivered,
        OrderStatus::PartlyInvoiced,
        OrderStatus::Invoiced,
        OrderStatus::Closed,
        OrderStatus::Cancelled,
    ];
    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::Draft => "draft",
            OrderStatus::Open => "open",
            OrderStatus::PartlyDelivered => "partly_delivered",
            OrderStatus::Delivered => "delivered",
            OrderStatus::PartlyInvoiced => "partly_invoiced",
            OrderStatus::Invoiced => "invoiced",
            OrderStatus::Closed => "closed",
            OrderStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    /// A list filter: empty for every status, else a status code.
    pub fn filter(s: &str) -> Result<Option<Self>, String> {
        crate::core::code::filter(s, "order status", &Self::ALL, Self::code)
    }
    /// Its head and lines can be changed.
    pub fn can_edit(self) -> bool {
        !matches!(self, OrderStatus::Invoiced | OrderStatus::Closed | OrderStatus::Cancelled)
    }
    /// Waits for confirmation.
    pub fn can_confirm(self) -> bool {
        self == OrderStatus::Draft
    }
    /// Can be cancelled (what is not delivered is released).
    pub fn can_cancel(self) -> bool {
        self.can_edit() && self != OrderStatus::Delivered
    }
    /// Has something left to deliver.
    pub fn can_deliver(self) -> bool {
        matches!(self, OrderStatus::Open | OrderStatus::PartlyDelivered)
    }
    /// Has something delivered and not yet invoiced, possibly.
    pub fn can_invoice(self) -> bool {
        matches!(self, OrderStatus::PartlyDelivered | OrderStatus::Delivered | OrderStatus::PartlyInvoiced | OrderStatus::Closed)
    }
}

/// Progress of one item line of an order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub qty: Decimal,
    pub delivered: Decimal,
    pub invoiced: Decimal,
}

/// An order's status from its lines. A cancelled order counts only what was
/// delivered before the cancellation.
pub fn order_status(confirmed: bool, cancelled: bool, lines: &[Progress]) -> OrderStatus {
    let wanted = |p: &Progress| if cancelled { p.delivered } else { p.qty };
    let any_delivered = lines.iter().any(|p| p.delivered > Decimal::ZERO);
    if cancelled && !any_delivered {
        return OrderStatus::Cancelled;
    }
    if !confirmed && !cancelled {
        return OrderStatus::Draft;
    }
    let all_invoiced = lines.iter().all(|p| p.invoiced >= wanted(p));
    if any_delivered && all_invoiced {
        return if cancelled { OrderStatus::Closed } else { OrderStatus::Invoiced };
    }
    if lines.iter().any(|p| p.invoiced > Decimal::ZERO) {
        return OrderStatus::PartlyInvoiced;
    }
    if any_delivered && lines.iter().all(|p| p.delivered >= wanted(p)) {
        return OrderStatus::Delivered;
    }
    if any_delivered {
        OrderStatus::PartlyDelivered
    } else {
        OrderStatus::Open
    }
}

/// What a delivery proposes for a line: what is outstanding, limited by the free
/// stock in the chosen warehouse for stock items (never below zero).
pub fn proposed_delivery(outstanding: Decimal, free: Option<Decimal>) -> Decimal {
    let outstanding = outstanding.max(Decimal::ZERO);
    match free {
        Some(f) => outstanding.min(f.max(Decimal::ZERO)),
        None => outstanding,
    }
}

/// Checks the quantity to deliver on a line against what is still outstanding.
pub fn check_delivery(line_no: i64, qty: Decimal, ordered: Decimal, delivered: Decimal) -> Result<(), String> {
    if qty < Decimal::ZERO {
        return Err(format!("Line {line_no}: the quantity to deliver cannot be negative ({qty}); return goods with a credit note"));
    }
    let outstanding = ordered - delivered;
    if qty > outstanding {
        return Err(format!("Line {line_no}: {qty} is more than is outstanding ({} of {ordered} ordered, {delivered} delivered)", outstanding.normalize()));
    }
    Ok(())
}

/// Checks a changed order quantity against what is already delivered.
pub fn check_new_qty(line_no: i64, qty: Decimal, delivered: Decimal) -> Result<(), String> {
    if qty < delivered {
        return Err(format!("Line {line_no}: the quantity cannot go below what is delivered ({})", delivered.normalize()));
    }
    Ok(())
}

/// A row of the quote or order list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub doc_date: NaiveDate,
    /// Quotes: valid until. Orders: delivery date.
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub status: DocStatus,
    pub customer_no: String,
    pub customer_name: String,
    pub your_ref: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub gross: Decimal,
    pub currency: String,
}

/// The head of a quote or an order as typed or sent by the API.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DocInput {
    /// The customer's number.
    pub customer_no: String,
    #[serde(default)]
    pub contact_id: Option<i64>,
    /// Our reference: the seller's user id; empty = the customer's seller.
    #[serde(default)]
    pub seller_id: Option<i64>,
    #[serde(default)]
    pub your_ref: String,
    /// Orders: the customer's requisition number.
    #[serde(default)]
    pub requisition_no: String,
    /// Quotes: valid until (YYYY-MM-DD; empty = 30 days). Orders: the delivery date.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub payment_terms: String,
    #[serde(default)]
    pub delivery_terms: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub project_code: String,
    #[serde(default)]
    pub delivery_address_id: Option<i64>,
    /// Orders: the warehouse to reserve and deliver from (code; empty = the first).
    #[serde(default)]
    pub warehouse: String,
    /// Orders: the order's id in the system it came from (a webshop). One order per
    /// reference: an import sent twice creates it once (409 the second time).
    #[serde(default)]
    pub external_ref: String,
    #[serde(default)]
    pub lines: Vec<LineInput>,
}

/// A value the document head can take, and how it is shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl ToString, label: impl Into<String>) -> Choice {
        Choice { value: value.to_string(), label: label.into() }
    }
}

/// What the editor offers in a document's head: the customer's contacts, delivery
/// addresses and projects, and the company's sellers, terms and warehouses; each
/// list's empty choice means "the customer's default". `customer_name` is empty
/// when no such customer exists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocChoices {
    pub customer_name: String,
    pub currency: String,
    pub contacts: Vec<Choice>,
    pub addresses: Vec<Choice>,
    pub projects: Vec<Choice>,
    pub sellers: Vec<Choice>,
    pub payment_terms: Vec<Choice>,
    pub delivery_terms: Vec<Choice>,
    pub warehouses: Vec<Choice>,
}

/// A quote line the customer ordered, and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChosenLine {
    pub line_no: i64,
    /// Empty: what is not yet ordered of the line.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    #[serde(default)]
    pub qty: Option<Decimal>,
}

/// A line of a delivery to post: which order line and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeliverLine {
    pub order_no: String,
    pub line_no: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
}

/// A posted delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Delivery {
    pub delivery_no: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub warehouse: String,
    pub orders: Vec<String>,
}

/// A posted delivery as a change list shows it: head and what left the warehouse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeliveryRow {
    pub delivery_no: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub customer_no: String,
    pub customer_name: String,
    pub warehouse: String,
    pub delivery_address: String,
    pub lines: Vec<DeliveredLine>,
}

/// A line of a posted delivery: which order line, which item, how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeliveredLine {
    pub order_no: String,
    pub order_line_no: i64,
    pub item_no: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
}

/// What an order has delivered and what remains, per line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BackorderLine {
    pub order_no: String,
    pub customer_name: String,
    pub requisition_no: String,
    pub line_no: i64,
    pub item_no: String,
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub ordered: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub delivered: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub remaining: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub requested_date: NaiveDate,
}

/// A line of the delivery form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedLine {
    pub line_no: i64,
    pub item_no: String,
    pub description: String,
    pub outstanding: Decimal,
    /// Free stock in the order's warehouse (this order's reservation included); none
    /// for services and non-stock items.
    pub free: Option<Decimal>,
    pub proposed: Decimal,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_answer_what_can_be_done_and_unknown_codes_are_none() {
        use OrderStatus as O;
        assert!(O::Draft.can_confirm() && !O::Open.can_confirm());
        assert!(O::Open.can_deliver() && O::PartlyDelivered.can_deliver() && !O::Delivered.can_deliver() && !O::Draft.can_deliver());
        assert!(O::Delivered.can_edit() && !O::Delivered.can_cancel());
        for s in [O::Invoiced, O::Closed, O::Cancelled] {
            assert!(!s.can_edit() && !s.can_cancel(), "{s:?}");
        }
        assert!(O::Closed.can_invoice() && !O::Cancelled.can_invoice() && !O::Draft.can_invoice());
        assert_eq!(O::parse("partly_invoiced"), Some(O::PartlyInvoiced));
        assert_eq!(O::parse("shipped"), None);
        use QuoteStatus as Q;
        assert!(Q::Sent.can_edit() && !Q::PartlyAccepted.can_edit() && Q::PartlyAccepted.is_open());
        assert!(!Q::Lost.is_open() && !Q::Lost.can_send() && Q::Accepted.can_send() && !Q::Accepted.is_open());
        assert_eq!(Q::parse("expired"), Some(Q::Expired));
        assert_eq!(Q::parse(""), None);
    }

    #[test]
    fn every_quote_and_order_status_is_a_document_status_and_back() {
        let quotes = [QuoteStatus::Draft, QuoteStatus::Sent, QuoteStatus::PartlyAccepted, QuoteStatus::Accepted, QuoteStatus::Lost, QuoteStatus::Expired];
        for q in quotes {
            let d = DocStatus::from(q);
            assert_eq!((d.code(), QuoteStatus::of(d)), (q.code(), Some(q)));
        }
        for o in OrderStatus::ALL {
            let d = DocStatus::from(o);
            assert_eq!((d.code(), OrderStatus::of(d)), (o.code(), Some(o)));
        }
        assert_eq!(OrderStatus::of(DocStatus::Sent), None);
        assert_eq!(QuoteStatus::of(DocStatus::Open), None);
        assert_eq!(DocStatus::ALL.len(), 13, "the union of 6 quote and 8 order statuses (draft in both)");
    }

    fn p(q: i64, d: i64, i: i64) -> Progress {
        Progress { qty: q.into(), delivered: d.into(), invoiced: i.into() }
    }

    #[test]
    fn order_status_follows_the_lines() {
        assert_eq!(order_status(false, false, &[p(5, 0, 0)]), OrderStatus::Draft);
        assert_eq!(order_status(true, false, &[p(5, 0, 0), p(2, 0, 0)]), OrderStatus::Open);
        assert_eq!(order_status(true, false, &[p(5, 2, 0), p(2, 0, 0)]), OrderStatus::PartlyDelivered);
        assert_eq!(order_status(true, false, &[p(5, 5, 0), p(2, 2, 0)]), OrderStatus::Delivered);
        assert_eq!(order_status(true, false, &[p(5, 5, 5), p(2, 2, 0)]), OrderStatus::PartlyInvoiced);
        assert_eq!(order_status(true, false, &[p(5, 5, 5), p(2, 2, 2)]), OrderStatus::Invoiced);
        // cancelled: nothing delivered → cancelled; the delivered part invoiced → closed
        assert_eq!(order_status(true, true, &[p(5, 0, 0)]), OrderStatus::Cancelled);
        assert_eq!(order_status(true, true, &[p(5, 3, 0)]), OrderStatus::Delivered);
        assert_eq!(order_status(true, true, &[p(5, 3, 3)]), OrderStatus::Closed);
    }

    #[test]
    fn quote_status_follows_orders_and_dates() {
        let (until, today) = (NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 4, 1).unwrap());
        let later = NaiveDate::from_ymd_opt(2026, 5, 2).unwrap();
        let q = |a: i64, b: i64| (Decimal::from(a), Decimal::from(b));
        let st = |lost, sent, day, lines: &[(Decimal, Decimal)]| quote_status(lost, sent, until, day, Acceptance::of(lines));
        assert_eq!(st(false, false, today, &[q(3, 0)]), QuoteStatus::Draft);
        assert_eq!(st(false, true, today, &[q(3, 0)]), QuoteStatus::Sent);
        assert_eq!(st(false, true, later, &[q(3, 0)]), QuoteStatus::Expired);
        assert_eq!(st(false, true, later, &[q(3, 1), q(2, 0)]), QuoteStatus::PartlyAccepted);
        assert_eq!(st(false, true, today, &[q(3, 3), q(2, 2)]), QuoteStatus::Accepted);
        assert_eq!(st(true, true, today, &[q(3, 3)]), QuoteStatus::Lost);
    }

    #[test]
    fn deliveries_propose_what_is_outstanding_and_free() {
        assert_eq!(proposed_delivery(10.into(), Some(4.into())), Decimal::from(4));
        assert_eq!(proposed_delivery(3.into(), Some(4.into())), Decimal::from(3));
        assert_eq!(proposed_delivery(3.into(), Some((-2).into())), Decimal::ZERO);
        assert_eq!(proposed_delivery(3.into(), None), Decimal::from(3));
        assert!(check_delivery(1, 3.into(), 5.into(), 2.into()).is_ok());
        assert_eq!(check_delivery(2, 4.into(), 5.into(), 2.into()).unwrap_err(), "Line 2: 4 is more than is outstanding (3 of 5 ordered, 2 delivered)");
        assert!(check_delivery(3, (-1).into(), 5.into(), 0.into()).unwrap_err().contains("cannot be negative"));
        assert!(check_new_qty(4, 1.into(), 2.into()).unwrap_err().contains("below what is delivered (2)"));
    }
}
