//! Reports: sales by customer, item, item group, seller, project or month, with the
//! same period a year earlier, a drill-down to the invoice lines, a bar chart (SVG)
//! and CSV / XLSX downloads. The sums come from the sales facts the invoicing keeps.
pub mod ageing;
pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod xlsx;
