//! Where an invoice's lines come from. Invoicing knows nothing of orders: the area
//! that owns the source documents (sales, with its delivered order lines) registers a
//! [`Source`] at start-up (`crate::wire`). The source is the mapper: it checks the
//! chosen documents and answers their lines, each carrying its origin (document number
//! and line id); invoicing posts them, and tells the source what an invoice took or a
//! credit note gave back — always inside the posting's own transaction.
use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::{AnyConnection, AnyPool};

use super::model::{BasisLine, PickLine};
use crate::core::document::DocLine;
use crate::core::lines::LineInput;
use crate::db::{BoxFuture, Tx};
use crate::error::{AppError, AppResult};
use crate::parties::model::Party;

/// A source document as invoicing sees it: what the invoice head takes from it, and
/// the lines chosen with the quantity to invoice.
#[derive(Clone, Debug, Default)]
pub struct SourceDoc {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub payment_terms: String,
    pub your_ref: String,
    pub requisition_no: String,
    pub seller_name: String,
    pub seller_id: Option<i64>,
    pub project_code: String,
    pub delivery_address: String,
    pub currency: String,
    pub lines: Vec<(DocLine, Decimal)>,
}

pub trait Source: Send + Sync {
    /// A direct invoice's typed lines priced for this customer (item, price list,
    /// VAT code): the customer and the lines.
    fn price_lines<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        company_id: i64,
        customer_no: &'a str,
        lines: &'a [LineInput],
        date: NaiveDate,
    ) -> BoxFuture<'a, AppResult<(Party, Vec<DocLine>)>>;
    /// The lines and quantities an invoice takes from whole documents and chosen
    /// lines, checked: one customer, never more than delivered and not invoiced.
    fn pick<'a>(&'a self, tx: &'a mut Tx, company_id: i64, whole: &'a [String], pick: &'a [PickLine]) -> BoxFuture<'a, AppResult<Vec<SourceDoc>>>;
    /// The first and last delivery date of these source lines (None: none delivered).
    fn span<'a>(&'a self, tx: &'a mut Tx, company_id: i64, line_ids: &'a [i64]) -> BoxFuture<'a, AppResult<Option<(NaiveDate, NaiveDate)>>>;
    /// The ids of the source documents with these numbers.
    fn ids<'a>(&'a self, tx: &'a mut Tx, company_id: i64, numbers: &'a [String]) -> BoxFuture<'a, AppResult<Vec<i64>>>;
    /// Adds what was invoiced (negative: credited) to each source line, within its
    /// bounds (`names` say which line a refusal is about), and restates the documents.
    fn invoiced<'a>(
        &'a self,
        tx: &'a mut Tx,
        company_id: i64,
        progress: &'a [(i64, i64)],
        names: &'a HashMap<i64, String>,
        doc_ids: &'a [i64],
    ) -> BoxFuture<'a, AppResult<()>>;
    /// What waits to be invoiced, oldest first; one customer's when given.
    fn basis<'a>(&'a self, pool: &'a AnyPool, company_id: i64, customer_id: Option<i64>) -> BoxFuture<'a, AppResult<Vec<BasisLine>>>;
}

static SOURCE: OnceLock<&'static dyn Source> = OnceLock::new();

/// Registers the source of invoice lines (once; later calls are ignored).
pub fn register(source: &'static dyn Source) {
    let _ = SOURCE.set(source);
}

/// The registered source; an internal error (never a silent skip) when none is.
pub fn source() -> AppResult<&'static dyn Source> {
    SOURCE.get().copied().ok_or_else(|| AppError::Internal("no source of invoice lines is registered (app::wire was not called)".into()))
}
