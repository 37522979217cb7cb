//! Stock's SQL: the ledger of moves and its caches, the monthly closings, the
//! stocktaking counts and the registers the item import checks against.
pub mod closing;
pub mod count;
pub mod import;
pub mod ledger;
