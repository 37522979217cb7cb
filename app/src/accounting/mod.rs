//! Accounting: the chart of accounts, the account each kind of posting uses, and the
//! journal — a balanced, numbered, immutable voucher written in the same transaction
//! as every posting of the documents (invoices, credit notes, payments, write-offs).
pub mod api;
#[cfg(feature = "ssr")]
pub mod exports;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod saft;
#[cfg(feature = "ssr")]
pub mod service;
pub mod setup_pages;
#[cfg(feature = "ssr")]
pub mod store;
