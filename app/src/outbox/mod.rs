//! E-mail: the company's SMTP settings and the outbox every message goes through.
//! Messages are written in the transaction of what they are about and delivered
//! after commit when SMTP is set up; otherwise they wait in the outbox, visible in
//! the app, and nothing is lost.
pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
