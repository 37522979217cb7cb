//! The webshop connector: a shop's orders come in as confirmed Flyt orders, and Flyt's
//! stock, prices and shipments go out to the shop (Setup → Webshop). One shop per
//! company; the `Shop` trait is what another shop type implements.
pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod shop;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod vendure;
