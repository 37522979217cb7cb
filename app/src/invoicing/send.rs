//! Sending invoices and credit notes by the customer's channel: EHF when it has a
//! PEPPOL participant id (the file goes to the outbox the access point picks up: a
//! directory, or an http(s) endpoint it is POSTed to), else e-mail with the PDF
//! through the outbox, else print. Every sending is logged.
use super::model::{InvoiceKind, SendLog};
use super::service::{ehf, invoice, pdf};
use crate::auth::service::AuthCtx;
use crate::core::document::Channel;
use crate::db::{db_err, now_ms, Db};
use crate::error::{AppError, AppResult};

/// The channel an invoice goes by.
pub fn channel(peppol_id: &str, invoice_email: &str) -> Channel {
    if !peppol_id.trim().is_empty() {
        Channel::Ehf
    } else if !invoice_email.trim().is_empty() {
        Channel::Email
    } else {
        Channel::Print
    }
}

/// Writes the EHF file where the access point picks it up.
async fn deliver_ehf(outbox: &str, name: &str, xml: String) -> Result<String, String> {
    if outbox.starts_with("http://") || outbox.starts_with("https://") {
        let secs = std::time::Duration::from_secs;
        let req = crate::db::outbound::client(secs(5), secs(30), false)
            .post(outbox)
            .header("Content-Type", "application/xml")
            .header("X-Flyt-File-Name", name)
            .body(xml);
        let r = crate::db::outbound::send(req).await.map_err(|e| format!("the EHF endpoint {outbox} could not be reached: {e}"))?;
        if !r.status().is_success() {
            return Err(format!("the EHF endpoint {outbox} answered {}", r.status()));
        }
        return Ok(outbox.to_string());
    }
    crate::db::outbound::check_dir(outbox)?;
    let dir = std::path::Path::new(outbox);
    tokio::fs::create_dir_all(dir).await.map_err(|e| format!("the EHF outbox {outbox}: {e}"))?;
    // written under a temporary name and renamed, so the access point never reads half a file
    let tmp = dir.join(format!(".{name}.part"));
    let path = dir.join(name);
    tokio::fs::write(&tmp, xml).await.map_err(|e| format!("the EHF outbox {outbox}: {e}"))?;
    tokio::fs::rename(&tmp, &path).await.map_err(|e| format!("the EHF outbox {outbox}: {e}"))?;
    Ok(path.display().to_string())
}

/// Sends an invoice or credit note by its customer's channel and logs it.
pub async fn send(db: &Db, ctx: &AuthCtx, kind: InvoiceKind, no: &str) -> AppResult<SendLog> {
    let inv = invoice(db, ctx.company_id, kind, Some(no), None).await?;
    let via = channel(&inv.peppol_id, &inv.invoice_email);
    let target = match via {
        Channel::Ehf => {
            let mut c = db.pool.acquire().await.map_err(db_err)?;
            let settings = super::store::settings(&mut c, ctx.company_id).await?;
            drop(c);
            if settings.ehf_outbox.is_empty() {
                return Err(AppError::invalid(format!("{} receives EHF: set the EHF outbox in Setup → Invoicing first", inv.customer_name)));
            }
            let (name, xml) = ehf(db, ctx.company_id, kind, no).await?;
            let name = format!("{}-{name}", ctx.company_id);
            deliver_ehf(&settings.ehf_outbox, &name, xml).await.map_err(AppError::invalid)?
        }
        Channel::Email => {
            let (name, bytes) = pdf(db, ctx.company_id, kind, no).await?;
            let company = crate::setup::store::company(&db.pool, ctx.company_id).await?;
            let what = if kind == InvoiceKind::CreditNote { "Kreditnota" } else { "Faktura" };
            let body = match kind {
                InvoiceKind::Invoice => format!(
                    "{what} {} fra {}.\nForfall {}, KID {}, konto {}.\n\n{}",
                    inv.number, company.name, inv.due_date, inv.kid, company.bank_account, company.name
                ),
                InvoiceKind::CreditNote => format!("{what} {} fra {} (krediterer faktura {}).\n\n{}", inv.number, company.name, inv.credited_no, company.name),
            };
            let msg = crate::outbox::model::NewMessage {
                doc_kind: kind.doc_kind(),
                doc_id: inv.id,
                to: inv.invoice_email.clone(),
                subject: format!("{what} {} – {}", inv.number, company.name),
                body,
                attachment_name: name,
                attachment: bytes,
            };
            let mut tx = db.begin().await?;
            let id = crate::outbox::service::queue(&mut tx, ctx.company_id, ctx.user_id, &msg).await?;
            tx.commit().await.map_err(db_err)?;
            crate::outbox::service::deliver_later(db, ctx.company_id, Some(id));
            inv.invoice_email.clone()
        }
        Channel::Print => String::new(),
    };
    super::store::log_send(&db.pool, ctx.company_id, ctx.user_id, inv.id, via, &target).await?;
    Ok(SendLog { channel: via, target, sent_at: now_ms() })
}
