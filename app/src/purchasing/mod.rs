//! Purchasing and payables: the reorder list (counting what is already on order),
//! purchase orders and goods receipt through the stock ledger, and supplier invoices
//! — by hand or EHF — matched to the order and approved level by level.
pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod payables;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod ubl;

/// Who may do what here, beyond reading: purchasing (or warehouse staff receiving
/// goods; accounting registering and paying supplier invoices).
#[cfg(feature = "ssr")]
pub fn ensure_any(ctx: &crate::auth::service::AuthCtx, perms: &[crate::auth::Perm]) -> crate::error::AppResult<()> {
    if perms.iter().any(|p| ctx.role.allows(*p)) {
        Ok(())
    } else {
        Err(crate::error::AppError::forbidden())
    }
}
