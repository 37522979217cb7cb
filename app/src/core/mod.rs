//! Pure building blocks shared by browser and server: no IO here.
pub mod checkdigit;
pub mod clock;
pub mod code;
pub mod country;
pub mod csv;
pub mod date;
pub mod document;
pub mod event;
pub mod format;
pub mod i18n;
pub mod lines;
pub mod messages;
pub mod money;
pub mod quantity;
pub mod regions;
#[cfg(feature = "ssr")]
pub mod sync;
pub mod text;
#[cfg(feature = "ssr")]
pub mod xml;

pub use country::Country;
pub use i18n::{Lang, T};
pub use money::{from_minor, to_minor, MoneyError};
