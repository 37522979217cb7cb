//! CRM sync (Setup → CRM): customers kept in step with a CRM field by field, each
//! field's direction set by the company (out, in, both — the later change wins and the
//! other is logged as a conflict — or off). Tryton is the CRM implemented.
pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod tryton;
