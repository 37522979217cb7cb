//! Receivables: open items, payments (and, next, bank files and reminders).
pub mod ageing;
pub mod api;
#[cfg(feature = "ssr")]
pub mod bankfile;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod statement;
#[cfg(feature = "ssr")]
pub mod store;
