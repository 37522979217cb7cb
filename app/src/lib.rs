#![recursion_limit = "256"]
//! Flyt: order-to-cash and purchasing. This crate is shared by the server (feature
//! `ssr`) and the browser (feature `hydrate`): domain types, rules, server functions
//! and the views.

pub mod accounting;
pub mod areas;
pub mod auth;
pub mod catalog;
pub mod core;
pub mod crm;
#[cfg(feature = "ssr")]
pub mod db;
pub mod error;
pub mod events;
#[cfg(feature = "ssr")]
pub mod fuzz_entry;
pub mod invoicing;
pub mod outbox;
pub mod parties;
#[cfg(feature = "ssr")]
pub mod print;
pub mod purchasing;
pub mod receivables;
pub mod reports;
pub mod routes;
pub mod sales;
pub mod setup;
pub mod stock;
pub mod ui;
pub mod webshop;

pub use routes::{shell, App};

/// Connects the areas that meet only through a registry, so that the lower area never
/// imports the higher: sales' orders as invoicing's source of lines, and each
/// area's printed documents for the outbox. The server calls this once at start-up.
#[cfg(feature = "ssr")]
pub fn wire() {
    invoicing::origin::register(&sales::invoicing::ORDERS);
    use outbox::{model::DocKind, service::register};
    register(DocKind::Quote, |db, company_id, id| Box::pin(async move { sales::service::pdf(&db, company_id, DocKind::Quote, None, Some(id)).await }));
    register(DocKind::Order, |db, company_id, id| Box::pin(async move { sales::service::pdf(&db, company_id, DocKind::Order, None, Some(id)).await }));
    register(DocKind::PurchaseOrder, |db, company_id, id| Box::pin(async move { purchasing::service::pdf(&db, company_id, None, Some(id)).await }));
}
