//! SQL of the outbox and the SMTP settings.
use sqlx::any::AnyRow;
use sqlx::AnyPool;

use super::model::{DocKind, NewMessage, OutboxMessage, SmtpSettings};
use crate::db::codec;
use crate::db::{db_err, now_ms, Tx};
use crate::error::{AppError, AppResult};

const COLS: &str = "id, doc_kind, doc_id, to_addr, subject, body, attachment_name, status, error, created_at, sent_at";

fn row(r: &AnyRow) -> AppResult<OutboxMessage> {
    Ok(OutboxMessage {
        id: codec::get(r, "id")?,
        doc_kind: codec::coded(r, "doc_kind", DocKind::parse)?,
        doc_id: codec::get(r, "doc_id")?,
        to_addr: codec::get(r, "to_addr")?,
        subject: codec::get(r, "subject")?,
        body: codec::get(r, "body")?,
        attachment_name: codec::get(r, "attachment_name")?,
        status: codec::coded(r, "status", super::model::MailStatus::parse)?,
        error: codec::get(r, "error")?,
        created_at: codec::get(r, "created_at")?,
        sent_at: codec::get(r, "sent_at")?,
    })
}

pub async fn insert(tx: &mut Tx, company_id: i64, user_id: i64, m: &NewMessage) -> AppResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO outbox (company_id, doc_kind, doc_id, to_addr, subject, body, attachment_name, attachment, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(company_id)
    .bind(m.doc_kind.code())
    .bind(m.doc_id)
    .bind(&m.to)
    .bind(&m.subject)
    .bind(&m.body)
    .bind(&m.attachment_name)
    .bind((!m.attachment.is_empty()).then(|| m.attachment.clone()))
    .bind(now_ms())
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)
}

/// The newest messages, optionally of one document.
pub async fn list(pool: &AnyPool, company_id: i64, doc: Option<(DocKind, i64)>, limit: i64) -> AppResult<Vec<OutboxMessage>> {
    let (kind, id) = doc.map_or(("", 0), |(k, id)| (k.code(), id));
    let rows =
        sqlx::query(&format!("SELECT {COLS} FROM outbox WHERE company_id = $1 AND ($2 = '' OR (doc_kind = $2 AND doc_id = $3)) ORDER BY id DESC LIMIT $4"))
            .bind(company_id)
            .bind(kind)
            .bind(id)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(db_err)?;
    rows.iter().map(row).collect()
}

/// A message and its attachment; `None` while a PDF queued in a transaction is
/// still to be made.
pub async fn get(pool: &AnyPool, company_id: i64, id: i64) -> AppResult<(OutboxMessage, Option<Vec<u8>>)> {
    let r = sqlx::query(&format!("SELECT {COLS}, attachment FROM outbox WHERE company_id = $1 AND id = $2"))
        .bind(company_id)
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::not_found("No such message in this company's outbox"))?;
    Ok((row(&r)?, codec::get(&r, "attachment")?))
}

/// Keeps the PDF made for a message queued without it.
pub async fn set_attachment(pool: &AnyPool, company_id: i64, id: i64, bytes: &[u8]) -> AppResult<()> {
    sqlx::query("UPDATE outbox SET attachment = $3 WHERE company_id = $1 AND id = $2 AND attachment IS NULL")
        .bind(company_id)
        .bind(id)
        .bind(bytes.to_vec())
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Records a delivery: sent, or failed once more — then queued for a retry after the
/// back-off (`retry_after_ms`), or failed for good after the last try.
pub async fn mark(pool: &AnyPool, company_id: i64, id: i64, sent: bool, error: &str, retry_base_ms: i64) -> AppResult<()> {
    let attempts: i64 = sqlx::query_scalar("UPDATE outbox SET attempts = attempts + 1 WHERE company_id = $1 AND id = $2 RETURNING attempts")
        .bind(company_id)
        .bind(id)
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
    let now = now_ms();
    let (status, next) = match (sent, super::model::retry_after_ms(attempts, retry_base_ms)) {
        (true, _) => ("sent", None),
        (false, Some(pause)) => ("queued", Some(now + pause)),
        (false, None) => ("failed", None),
    };
    sqlx::query("UPDATE outbox SET status = $3, error = $4, sent_at = CASE WHEN $3 = 'sent' THEN $5 ELSE sent_at END, next_attempt_at = $6 WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(id)
        .bind(status)
        .bind(if sent { "" } else { error })
        .bind(now)
        .bind(next)
        .execute(pool)
        .await
        .map_err(db_err)?;
    if sent {
        // a quote is sent when its mail has left
        sqlx::query("UPDATE quotes SET sent_at = COALESCE(sent_at, $3), updated_at = $3 WHERE company_id = $1 AND id = (SELECT doc_id FROM outbox WHERE company_id = $1 AND id = $2 AND doc_kind = 'quote')")
            .bind(company_id)
            .bind(id)
            .bind(now)
            .execute(pool)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// Messages whose retry is due: (company, id). Each is claimed (its next try moved
/// ten minutes on) so that another server does not send it at the same time.
pub async fn claim_due(pool: &AnyPool, limit: i64) -> AppResult<Vec<(i64, i64)>> {
    let now = now_ms();
    let rows = sqlx::query("SELECT company_id, id, next_attempt_at FROM outbox WHERE status = 'queued' AND next_attempt_at IS NOT NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2")
        .bind(now)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    let mut out = Vec::new();
    for r in rows {
        let (company_id, id, at): (i64, i64, i64) = (codec::get(&r, "company_id")?, codec::get(&r, "id")?, codec::get(&r, "next_attempt_at")?);
        let n = sqlx::query("UPDATE outbox SET next_attempt_at = $4 WHERE company_id = $1 AND id = $2 AND next_attempt_at = $3")
            .bind(company_id)
            .bind(id)
            .bind(at)
            .bind(now + 600_000)
            .execute(pool)
            .await
            .map_err(db_err)?
            .rows_affected();
        if n == 1 {
            out.push((company_id, id));
        }
    }
    Ok(out)
}

/// The sealed column of the SMTP password (see `db::secrets`).
const SMTP_PASSWORD: &str = "companies.smtp_password";

pub async fn smtp(pool: &AnyPool, company_id: i64) -> AppResult<SmtpSettings> {
    let r = sqlx::query("SELECT smtp_host, smtp_port, smtp_security, smtp_user, smtp_password, mail_from, email FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
    let from: String = codec::get(&r, "mail_from")?;
    Ok(SmtpSettings {
        host: codec::get(&r, "smtp_host")?,
        port: codec::get(&r, "smtp_port")?,
        security: codec::get(&r, "smtp_security")?,
        user: codec::get(&r, "smtp_user")?,
        password: crate::db::secrets::open(company_id, SMTP_PASSWORD, &codec::get::<String>(&r, "smtp_password")?)?,
        from: if from.is_empty() { codec::get(&r, "email")? } else { from },
    })
}

/// Saves the settings; an empty password keeps the stored one.
pub async fn save_smtp(pool: &AnyPool, company_id: i64, s: &SmtpSettings) -> AppResult<()> {
    sqlx::query(
        "UPDATE companies SET smtp_host = $2, smtp_port = $3, smtp_security = $4, smtp_user = $5,
             smtp_password = CASE WHEN $6 = '' THEN smtp_password ELSE $6 END, mail_from = $7 WHERE id = $1",
    )
    .bind(company_id)
    .bind(&s.host)
    .bind(s.port)
    .bind(&s.security)
    .bind(&s.user)
    .bind(crate::db::secrets::seal(company_id, SMTP_PASSWORD, &s.password)?)
    .bind(&s.from)
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The columns of [`order_recipient`] over a party `p`, for queries that read it
/// along with other things: the address (or NULL), the document language, the
/// company's name, its mail server. Turn them into a recipient with [`recipient`].
pub const RECIPIENT_COLS: &str = "COALESCE((SELECT c.email FROM contacts c WHERE c.company_id = p.company_id AND c.party_id = p.id AND c.for_orders = 1 AND c.active = 1 AND c.email <> '' LIMIT 1), p.invoice_email) AS rcpt_email,
    p.doc_lang AS rcpt_lang, (SELECT name FROM companies WHERE id = p.company_id) AS rcpt_company, (SELECT smtp_host FROM companies WHERE id = p.company_id) AS rcpt_smtp";

/// The recipient columns ([`RECIPIENT_COLS`]) of a row: address, document language,
/// company name, mail server.
#[allow(clippy::type_complexity)]
pub fn recipient_cols(r: &AnyRow) -> AppResult<(Option<String>, String, String, Option<String>)> {
    Ok((codec::get(r, "rcpt_email")?, codec::get(r, "rcpt_lang")?, codec::get(r, "rcpt_company")?, codec::get(r, "rcpt_smtp")?))
}

/// A party's recipient columns ([`RECIPIENT_COLS`]); None when there is no such party.
#[allow(clippy::type_complexity)]
pub async fn recipient_of(tx: &mut Tx, company_id: i64, party_id: i64) -> AppResult<Option<(Option<String>, String, String, Option<String>)>> {
    let r = sqlx::query(&format!("SELECT {RECIPIENT_COLS} FROM parties p WHERE p.company_id = $1 AND p.id = $2"))
        .bind(company_id)
        .bind(party_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    r.as_ref().map(recipient_cols).transpose()
}

/// The company's mail server host, when set.
pub async fn smtp_host(tx: &mut Tx, company_id: i64) -> AppResult<Option<String>> {
    let host: Option<Option<String>> =
        sqlx::query_scalar("SELECT smtp_host FROM companies WHERE id = $1").bind(company_id).fetch_optional(&mut **tx).await.map_err(db_err)?;
    Ok(host.flatten())
}
