//! Customers, suppliers and contacts: one party register with duplicate detection,
//! validated numbers, admin-defined mandatory fields and a change log.
pub mod api;
pub mod csv;
#[cfg(feature = "ssr")]
pub mod lists;
pub mod model;
#[cfg(feature = "ssr")]
pub mod name_index;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod similar;
#[cfg(feature = "ssr")]
pub mod store;
