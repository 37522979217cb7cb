//! A commercial document as every area shows and prints it: a head (party, dates,
//! references, terms), its lines with their progress, and the totals. Quotes and
//! orders are this shape; invoices, purchase orders and letters print through it.
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::lines::{Line, Totals};

crate::core::code::coded! {
    /// A quote's or an order's status as shown and sent: the codes of both lists
    /// (`sales::model::QuoteStatus`, `OrderStatus`), which say what can be done.
    #[derive(Default)]
    pub enum DocStatus {
        #[default]
        Draft = "draft" => StDraft,
        Sent = "sent" => StSent,
        PartlyAccepted = "partly_accepted" => StPartlyAccepted,
        Accepted = "accepted" => StAccepted,
        Lost = "lost" => StLost,
        Expired = "expired" => StExpired,
        Open = "open" => StOpen,
        PartlyDelivered = "partly_delivered" => StPartlyDelivered,
        Delivered = "delivered" => StDelivered,
        PartlyInvoiced = "partly_invoiced" => StPartlyInvoiced,
        Invoiced = "invoiced" => StInvoiced,
        Closed = "closed" => StClosed,
        Cancelled = "cancelled" => StCancelled,
    }
}

crate::core::code::coded! {
    /// How a document reaches the customer.
    #[derive(Default)]
    pub enum Channel {
        Ehf = "ehf" => Ehf,
        Email = "email" => Email,
        #[default]
        Print = "print" => ChannelPrint,
    }
}

/// A document with everything resolved (a quote or order; printed: any document).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Doc {
    pub id: i64,
    pub number: String,
    pub status: DocStatus,
    pub customer_id: i64,
    pub customer_no: String,
    pub customer_name: String,
    pub contact_id: Option<i64>,
    pub contact_name: String,
    pub seller_id: Option<i64>,
    pub seller_name: String,
    pub your_ref: String,
    pub requisition_no: String,
    /// The quote's or order's date.
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub doc_date: NaiveDate,
    /// Quotes: valid until. Orders: the requested delivery date.
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub payment_terms: String,
    pub delivery_terms: String,
    pub currency: String,
    pub project_code: String,
    pub delivery_address: String,
    /// The quote this order came from.
    pub quote_no: String,
    pub lost_reason: String,
    pub lines: Vec<DocLine>,
    pub totals: Totals,
}

/// A line of a quote or an order, with its progress.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DocLine {
    pub id: i64,
    #[serde(flatten)]
    pub line: Line,
    /// Orders: the requested delivery date (quotes: none).
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = Date))]
    pub requested_date: Option<NaiveDate>,
    /// Quotes: copied to orders. Orders: delivered.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub done: Decimal,
    /// Orders: invoiced.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub invoiced: Decimal,
    /// The quote line an order line came from.
    pub quote_line_id: Option<i64>,
    #[serde(skip)]
    pub item_id: Option<i64>,
    /// A stock item: reserved and moved (services and non-stock items are not).
    #[serde(skip)]
    pub stock: bool,
    /// The item's group, which may pick the sales account (invoices keep it as posted).
    #[serde(skip)]
    pub item_group: String,
}
