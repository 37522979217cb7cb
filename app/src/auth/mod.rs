//! Users, memberships, roles and sessions.
pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{Perm, Role, SessionInfo};
