//! Invoicing: invoices from delivered order lines or direct, credit notes, the
//! invoice PDF and EHF (PEPPOL BIS Billing 3.0). Posted documents are immutable.
pub mod api;
#[cfg(feature = "ssr")]
pub mod contracts;
pub mod cost;
#[cfg(feature = "ssr")]
pub mod ehf;
pub mod model;
#[cfg(feature = "ssr")]
pub mod origin;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod send;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
