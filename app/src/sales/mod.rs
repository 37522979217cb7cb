//! Sales: quotes → orders → deliveries. Lines and totals are pure and shared with
//! the browser's line editor; statuses are computed from the lines.
pub mod api;
#[cfg(feature = "ssr")]
pub mod invoicing;
pub mod line_editor;
pub use crate::core::lines;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
