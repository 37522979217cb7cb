//! Reports: sales by customer, item, item group, seller, project, month or county, with
//! the same period a year earlier, a drill-down to the invoice lines, a bar chart (SVG)
//! and CSV / XLSX downloads (the sums come from the sales facts the invoicing keeps);
//! the receivables ageing with DSO (`ageing`); quotes versus orders (`quotes`); budgets
//! (`budget`); stock turnover (`turnover`); each printable as PDF (`print`).
pub mod ageing;
pub mod api;
pub mod budget;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod print;
pub mod quotes;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod turnover;
#[cfg(feature = "ssr")]
pub mod xlsx;
