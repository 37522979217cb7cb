//! Quotes versus orders: won, lost and open, the conversion rate, and what changed
//! between the quoted and the ordered lines.
pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
