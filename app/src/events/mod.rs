//! The event journal as integrations read it: pages of what happened in the company,
//! in the order it committed (written by the postings themselves, see
//! [`crate::db::Tx::emit`]), and the webhooks that hand it on as it grows.
pub mod api;
#[cfg(feature = "ssr")]
pub mod delivery;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
pub mod webhooks;
