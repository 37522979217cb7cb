#![recursion_limit = "256"]
//! Flyt: order-to-cash and purchasing. This crate is shared by the server (feature
//! `ssr`) and the browser (feature `hydrate`): domain types, rules, server functions
//! and the views.

pub mod areas;
pub mod auth;
pub mod catalog;
pub mod core;
#[cfg(feature = "ssr")]
pub mod db;
pub mod error;
#[cfg(feature = "ssr")]
pub mod fuzz_entry;
pub mod invoicing;
pub mod outbox;
pub mod parties;
#[cfg(feature = "ssr")]
pub mod print;
pub mod purchasing;
pub mod receivables;
pub mod routes;
pub mod sales;
pub mod setup;
pub mod stock;
pub mod ui;

pub use routes::{shell, App};
