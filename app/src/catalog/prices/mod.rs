//! Price lists: named, with a currency; item prices with quantity breaks and
//! validity dates. `model::resolve` is the one function that prices a line.
pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
