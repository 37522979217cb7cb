//! Stock: an append-only ledger of moves, planned moves registered by documents,
//! and the figures derived from them. The ledger knows only a generic origin of a
//! move (document kind, id, line), never what a sales order is.
pub mod api;
#[cfg(feature = "ssr")]
pub mod count;
pub mod import;
pub mod inventory;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod posting;
pub mod profile;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod valuation;
