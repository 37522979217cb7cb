//! The event journal as integrations read it: pages of what happened in the company,
//! in the order it committed (written by the postings themselves, see
//! [`crate::db::Tx::emit`]).
pub mod model;
#[cfg(feature = "ssr")]
pub mod store;
