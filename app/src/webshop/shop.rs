//! What Flyt asks of a webshop, whatever the shop: its orders changed after a time,
//! stock and prices set per SKU, an order marked shipped. Vendure implements it
//! (`super::vendure`); WooCommerce, Shopify or ShopRenter would be another file each.
use super::model::{ShopKind, ShopOrder};
use crate::db::BoxFuture;

/// Why a call to the shop failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShopError {
    /// Down, slow, busy (429) or failing (5xx): try again later, nothing is lost.
    Unavailable(String),
    /// The shop refused (login, a bad request): a person must look.
    Refused(String),
}

impl std::fmt::Display for ShopError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShopError::Unavailable(m) => write!(f, "The shop did not answer: {m}"),
            ShopError::Refused(m) => write!(f, "The shop refused: {m}"),
        }
    }
}

pub type ShopResult<T> = Result<T, ShopError>;

/// A line shipped: the shop's order line and how many.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShippedLine {
    pub line_id: String,
    pub qty: i64,
}

/// A webshop Flyt keeps in step.
pub trait Shop: Send + Sync {
    /// The orders the shop changed at or after `after_ms`, oldest change first.
    fn orders_since(&self, after_ms: i64) -> BoxFuture<'_, ShopResult<Vec<ShopOrder>>>;
    /// Sets what the shop may sell of each SKU (Flyt's free quantity); SKUs the shop
    /// does not have are skipped. Answers how many products were set.
    fn set_stock<'a>(&'a self, stock: &'a [(String, i64)]) -> BoxFuture<'a, ShopResult<usize>>;
    /// Sets each SKU's price (minor units, without VAT).
    fn set_prices<'a>(&'a self, prices: &'a [(String, i64)]) -> BoxFuture<'a, ShopResult<usize>>;
    /// Marks an order's lines shipped, with Flyt's delivery number as the reference.
    fn mark_shipped<'a>(&'a self, order_id: &'a str, lines: &'a [ShippedLine], reference: &'a str) -> BoxFuture<'a, ShopResult<()>>;
}

/// Where a shop is and how to log in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    pub kind: ShopKind,
    pub url: String,
    pub username: String,
    pub secret: String,
}

/// The shop behind a connection.
pub fn connect(c: &Connection, http: &reqwest::Client) -> Box<dyn Shop> {
    match c.kind {
        ShopKind::Vendure => Box::new(super::vendure::Vendure::new(c, http.clone())),
    }
}

/// The HTTP client shops are called with: short timeouts (a slow shop is retried, not
/// waited for).
pub fn client() -> reqwest::Client {
    crate::db::outbound::client(std::time::Duration::from_secs(5), std::time::Duration::from_secs(30), true)
}
