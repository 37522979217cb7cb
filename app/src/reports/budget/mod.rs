//! Budget versus actual: sales budgets per month by seller, customer or item group,
//! entered on screen or imported from CSV, against the invoiced net.
pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
