//! What happened in a company, as integrations hear of it: the event journal's kinds
//! and an event as a posting names it. A posting names its events on its transaction
//! ([`crate::db::Tx::emit`]); they are written with its commit, or not at all.
use serde::{Deserialize, Serialize};

crate::core::code::coded! {
    /// The kinds of event, as `GET /api/v1/events?types=` and webhooks name them.
    pub enum EventKind {
        OrderCreated = "order_created" => EvOrderCreated,
        OrderConfirmed = "order_confirmed" => EvOrderConfirmed,
        OrderCancelled = "order_cancelled" => EvOrderCancelled,
        DeliveryPosted = "delivery_posted" => EvDeliveryPosted,
        InvoicePosted = "invoice_posted" => EvInvoicePosted,
        CreditNotePosted = "credit_note_posted" => EvCreditNotePosted,
        PaymentRegistered = "payment_registered" => EvPaymentRegistered,
        StockChanged = "stock_changed" => EvStockChanged,
        PriceChanged = "price_changed" => EvPriceChanged,
        CustomerCreated = "customer_created" => EvCustomerCreated,
        CustomerChanged = "customer_changed" => EvCustomerChanged,
        SupplierCreated = "supplier_created" => EvSupplierCreated,
        SupplierChanged = "supplier_changed" => EvSupplierChanged,
        ItemCreated = "item_created" => EvItemCreated,
        ItemChanged = "item_changed" => EvItemChanged,
        SupplierInvoiceApproved = "supplier_invoice_approved" => EvSupplierInvoiceApproved,
    }
}

/// An event a posting names: its kind, what it is about (a document's or register's
/// number) and its data (a JSON object). A stock change names the item and warehouse
/// instead: its figures (on hand, reserved, free) are read as the posting commits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub company_id: i64,
    pub kind: EventKind,
    pub subject: String,
    pub data: String,
    pub stock: Option<(i64, i64)>,
}

impl Event {
    pub fn new(company_id: i64, kind: EventKind, subject: &str, data: serde_json::Value) -> Event {
        Event { company_id, kind, subject: subject.to_string(), data: data.to_string(), stock: None }
    }
    /// The stock of an item in a warehouse changed (moved, reserved or freed).
    pub fn stock(company_id: i64, item_id: i64, warehouse_id: i64) -> Event {
        Event { company_id, kind: EventKind::StockChanged, subject: String::new(), data: String::new(), stock: Some((item_id, warehouse_id)) }
    }
}

/// The events of one transaction as they are written: each stock change once (its
/// figures are read at the end anyway), at the place of its last mention.
pub fn coalesce(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for e in events {
        if e.stock.is_some() {
            out.retain(|o| o.stock != e.stock || o.company_id != e.company_id);
        }
        out.push(e);
    }
    out
}

/// An event as it is read: its place in the company's journal, kind, subject, when
/// it was written and its data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventOut {
    /// The event's place in the journal: pass it as `after` to read on from here.
    pub seq: i64,
    #[serde(rename = "type")]
    pub kind: EventKind,
    pub subject: String,
    /// RFC 3339, UTC.
    pub occurred_at: String,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub data: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transactions_stock_changes_are_written_once_each() {
        let order = Event::new(1, EventKind::OrderConfirmed, "20001", serde_json::json!({}));
        let events = coalesce(vec![Event::stock(1, 7, 1), order.clone(), Event::stock(1, 8, 1), Event::stock(1, 7, 1), Event::stock(1, 7, 2)]);
        assert_eq!(
            events.iter().map(|e| (e.kind, e.stock)).collect::<Vec<_>>(),
            vec![
                (EventKind::OrderConfirmed, None),
                (EventKind::StockChanged, Some((8, 1))),
                (EventKind::StockChanged, Some((7, 1))),
                (EventKind::StockChanged, Some((7, 2))),
            ]
        );
    }
}
