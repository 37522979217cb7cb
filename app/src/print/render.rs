//! A document printed in the company's name: the company profile and logo read,
//! then drawn by [`super::layout`]. Every area prints through here.
use crate::core::document::Doc;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::setup::model::CompanyProfile;

use super::layout::{doc_lang, render, Layout};

/// A document's file name: `quote-Q1001.pdf`.
pub fn pdf_name(kind: &str, number: &str) -> String {
    format!("{kind}-{number}.pdf")
}

/// A document as PDF in the language `lang` (a document-language code): (file name, bytes).
pub async fn render_doc(db: &Db, company_id: i64, doc: &Doc, lay: &Layout, lang: &str, name: &str) -> AppResult<(String, Vec<u8>)> {
    print_with(db, company_id, name, |company, logo| render(company, logo, doc, lay, doc_lang(lang))).await
}

/// A PDF in the company's name: `draw` gets the company profile and its logo.
pub async fn print_with(
    db: &Db,
    company_id: i64,
    name: &str,
    draw: impl FnOnce(&CompanyProfile, Option<&[u8]>) -> Result<Vec<u8>, String>,
) -> AppResult<(String, Vec<u8>)> {
    let company = crate::setup::store::company(&db.pool, company_id).await?;
    let logo = crate::setup::store::logo(&db.pool, company_id).await?;
    let bytes = draw(&company, logo.as_ref().map(|(_, b)| b.as_slice())).map_err(AppError::Internal)?;
    Ok((name.to_string(), bytes))
}
