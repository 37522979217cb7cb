//! Purchasing screens.
