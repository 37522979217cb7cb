//! Company setup: profile, number series, terms, VAT codes, units, warehouses,
//! users and roles, API tokens.
pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
