//! A commercial document as every area shows and prints it: a head (party, dates,
//! references, terms), its lines with their progress, and the totals. Quotes and
//! orders are this shape; invoices, purchase orders and letters print through it.
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::lines::{Line, Totals};

/// A document with everything resolved (a quote or order; printed: any document).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Doc {
    pub id: i64,
    pub number: String,
    pub status: String,
    pub customer_id: i64,
    pub customer_no: String,
    pub customer_name: String,
    pub contact_id: Option<i64>,
    pub contact_name: String,
    pub seller_id: Option<i64>,
    pub seller_name: String,
    pub your_ref: String,
    pub requisition_no: String,
    /// YYYY-MM-DD: the quote's or order's date.
    pub doc_date: String,
    /// Quotes: valid until. Orders: the requested delivery date.
    pub date: String,
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
    /// Orders: the requested delivery date (YYYY-MM-DD).
    pub requested_date: String,
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
}
