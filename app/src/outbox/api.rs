//! Outbox server functions: the messages, the SMTP settings, sending again.
use leptos::prelude::*;

use super::model::{DocKind, OutboxMessage, SmtpSettings};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, super::store, crate::auth::service::require, crate::auth::Perm};

/// The newest messages; with a document, that document's (its sent log).
#[server(endpoint = "outbox/list")]
pub async fn list_outbox(doc: Option<(DocKind, i64)>) -> Result<Vec<OutboxMessage>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::list(&db.pool, ctx.company_id, doc, 200).await
}

/// The SMTP settings, without the password.
#[server(endpoint = "outbox/smtp")]
pub async fn get_smtp() -> Result<SmtpSettings, AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let mut s = store::smtp(&db.pool, ctx.company_id).await?;
    s.password = String::new();
    Ok(s)
}

#[server(endpoint = "outbox/smtp/save")]
pub async fn save_smtp(host: String, port: String, security: String, user: String, password: String, from: String) -> Result<(), AppError> {
    let (db, ctx) = require(Perm::Setup).await?;
    let s = SmtpSettings::validate(&host, &port, &security, &user, &password, &from)?;
    crate::db::outbound::check_host(&s.host, s.port as u16).await.map_err(|e| AppError::invalid(format!("SMTP server: {e}")))?;
    store::save_smtp(&db.pool, ctx.company_id, &s).await
}

/// Tries a queued or failed message again; answers whether it went.
#[server(endpoint = "outbox/send")]
pub async fn send_again(id: i64) -> Result<bool, AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    store::get(&db.pool, ctx.company_id, id).await?;
    service::deliver(&db, ctx.company_id, id).await
}
