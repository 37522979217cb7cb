//! The item register: item numbers, prices, VAT, barcodes, stock parameters.
pub mod api;
pub mod model;
pub mod pages;
pub mod prices;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
