//! Queues messages in the caller's transaction and delivers them over SMTP.
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::model::{DocKind, NewMessage, OutboxMessage, SmtpSettings};
use super::store;
use crate::db::{BoxFuture, Db, Tx};
use crate::error::{AppError, AppResult};

/// Writes a message to the outbox inside the caller's transaction; deliver it with
/// [`deliver`] after the commit. A message with an attachment name and no bytes gets
/// its document's PDF made when it is first delivered or downloaded.
pub async fn queue(tx: &mut Tx, company_id: i64, user_id: i64, m: &NewMessage) -> AppResult<i64> {
    // without a mail server nothing would ever leave: say so instead of pretending
    if !smtp_ready(tx, company_id).await? {
        return Err(AppError::invalid("E-mail is not set up: enter the mail server in Setup → E-mail, or download the PDF and send it yourself"));
    }
    let to = crate::core::text::email("Recipient", &m.to).map_err(AppError::invalid)?;
    let subject = crate::core::text::required("Subject", &m.subject, 300).map_err(AppError::invalid)?;
    let body = crate::core::text::optional("Message", &m.body, 20_000).map_err(AppError::invalid)?;
    store::insert(tx, company_id, user_id, &NewMessage { to, subject, body, ..m.clone() }).await
}

/// Has the company a mail server set up?
pub async fn smtp_ready(tx: &mut Tx, company_id: i64) -> AppResult<bool> {
    Ok(store::smtp_host(tx, company_id).await?.is_some_and(|h| !h.trim().is_empty()))
}

/// Where a party's order documents (order confirmations, purchase orders) are e-mailed:
/// its active contact marked for orders, else its invoice e-mail. Answers (address, the
/// party's document language, the company's name), or nothing when it has no valid address.
pub async fn order_recipient(tx: &mut Tx, company_id: i64, party_id: i64) -> AppResult<Option<Recipient>> {
    let Some((to, doc_lang, company, smtp_host)) = store::recipient_of(tx, company_id, party_id).await? else { return Ok(None) };
    Ok(recipient(party_id, to, doc_lang, company, smtp_host))
}

/// (address, the party's document language, the company's name).
pub type Recipient = (String, String, String);

pub use super::store::RECIPIENT_COLS;

/// The recipient from [`RECIPIENT_COLS`]: nothing without a valid address, and
/// nothing while the company has no mail server (an automatic confirmation is then
/// not queued for nobody to send; the document can be printed or sent later).
pub fn recipient(party_id: i64, to: Option<String>, doc_lang: String, company: String, smtp_host: Option<String>) -> Option<Recipient> {
    if smtp_host.is_none_or(|h| h.trim().is_empty()) {
        return None;
    }
    match to.filter(|e| !e.is_empty()) {
        Some(to) if crate::core::text::email("Recipient", &to).is_ok() => Some((to, doc_lang, company)),
        Some(to) => {
            tracing::warn!("party {party_id}: the e-mail '{to}' is not valid; nothing queued");
            None
        }
        None => None,
    }
}

/// Sends a queued message when the company has SMTP set up; answers whether it was
/// sent. A failure is recorded on the message (and can be retried) — it never
/// undoes what the message is about. Without SMTP the message waits and its PDF is
/// made when it is sent or opened, not now: a busy order desk without e-mail set up
/// would otherwise render and store a PDF per confirmed order for nobody.
pub async fn deliver(db: &Db, company_id: i64, id: i64) -> AppResult<bool> {
    let smtp = store::smtp(&db.pool, company_id).await?;
    if smtp.host.is_empty() {
        return Ok(false);
    }
    let (m, attachment) = with_attachment(db, company_id, id).await?;
    let result = send(&smtp, &m.to_addr, &m.subject, &m.body, &m.attachment_name, attachment).await;
    store::mark(&db.pool, company_id, id, result.is_ok(), result.as_ref().err().map(String::as_str).unwrap_or(""), retry_base_ms()).await?;
    Ok(result.is_ok())
}

/// A minute, or `FLYT_OUTBOX_RETRY_BASE_MS` (tests shorten it).
pub fn retry_base_ms() -> i64 {
    std::env::var("FLYT_OUTBOX_RETRY_BASE_MS").ok().and_then(|v| v.parse().ok()).filter(|v| *v > 0).unwrap_or(60_000)
}

/// Sends the messages whose retry is due; answers how many went out.
pub async fn retry_due(db: &Db) -> AppResult<usize> {
    let mut sent = 0;
    for (company_id, id) in store::claim_due(&db.pool, 50).await? {
        match deliver(db, company_id, id).await {
            Ok(true) => sent += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!("outbox message {id}: {e}"),
        }
    }
    Ok(sent)
}

/// Delivers a queued message in the background after its transaction committed
/// (a failure is recorded on the message, never undoing what it is about).
pub fn deliver_later(db: &Db, company_id: i64, id: Option<i64>) {
    if let Some(id) = id {
        let db = db.clone();
        tokio::spawn(async move {
            if let Err(e) = deliver(&db, company_id, id).await {
                tracing::warn!("outbox message {id}: {e}");
            }
        });
    }
}

/// Makes a document's PDF (file name, bytes) from its id: registered by the area that
/// owns the document (`crate::wire`), so the outbox imports none of them.
pub type Renderer = fn(Db, i64, i64) -> BoxFuture<'static, AppResult<(String, Vec<u8>)>>;

static RENDERERS: std::sync::RwLock<Vec<(DocKind, Renderer)>> = std::sync::RwLock::new(Vec::new());

/// Registers how a kind of document is printed (a later registration replaces it).
pub fn register(kind: DocKind, render: Renderer) {
    let mut r = RENDERERS.write().unwrap_or_else(|e| e.into_inner());
    r.retain(|(k, _)| *k != kind);
    r.push((kind, render));
}

fn renderer(kind: DocKind) -> AppResult<Renderer> {
    let r = RENDERERS.read().unwrap_or_else(|e| e.into_inner());
    r.iter().find(|(k, _)| *k == kind).map(|(_, f)| *f).ok_or_else(|| AppError::Internal(format!("no PDF is registered for '{}' documents", kind.code())))
}

/// A message with its attachment, making (and keeping) the document's PDF when it
/// was queued without it.
pub async fn with_attachment(db: &Db, company_id: i64, id: i64) -> AppResult<(OutboxMessage, Vec<u8>)> {
    let (m, bytes) = store::get(&db.pool, company_id, id).await?;
    match bytes {
        Some(b) => Ok((m, b)),
        None if m.attachment_name.is_empty() => Ok((m, Vec::new())),
        None => {
            let kind = m.doc_kind;
            let render = renderer(kind)?;
            let (_, pdf) = render(db.clone(), company_id, m.doc_id).await?;
            store::set_attachment(&db.pool, company_id, id, &pdf).await?;
            Ok((m, pdf))
        }
    }
}

async fn send(smtp: &SmtpSettings, to: &str, subject: &str, body: &str, attachment_name: &str, attachment: Vec<u8>) -> Result<(), String> {
    let from = if smtp.from.is_empty() { return Err("Set a sender address (or the company's e-mail) in Setup → E-mail".into()) } else { &smtp.from };
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body.to_string());
    let builder = Message::builder()
        .from(from.parse().map_err(|e| format!("sender {from}: {e}"))?)
        .to(to.parse().map_err(|e| format!("recipient {to}: {e}"))?)
        .subject(subject);
    let message = if attachment_name.is_empty() {
        builder.singlepart(text)
    } else {
        let pdf = ContentType::parse("application/pdf").map_err(|e| e.to_string())?;
        builder.multipart(MultiPart::mixed().singlepart(text).singlepart(Attachment::new(attachment_name.to_string()).body(attachment, pdf)))
    }
    .map_err(|e| format!("the message could not be built: {e}"))?;
    // connected to an address the operator's policy allows (checked as resolved, so a
    // name cannot point elsewhere later); TLS still verifies the host's own name
    let port = smtp.port as u16;
    let addr = crate::db::outbound::resolve(&smtp.host, port).await.map_err(|e| format!("SMTP {}:{port}: {e}", smtp.host))?[0];
    let tls = |wrapper: bool| -> Result<Tls, String> {
        let p = TlsParameters::new(smtp.host.clone()).map_err(|e| e.to_string())?;
        Ok(if wrapper { Tls::Wrapper(p) } else { Tls::Required(p) })
    };
    let builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(addr.ip().to_string());
    let mut transport = match smtp.security.as_str() {
        "none" => builder,
        "tls" => builder.tls(tls(true)?),
        _ => builder.tls(tls(false)?),
    }
    .port(port)
    .timeout(Some(Duration::from_secs(20)));
    if !smtp.user.is_empty() {
        transport = transport.credentials(Credentials::new(smtp.user.clone(), smtp.password.clone()));
    }
    transport.build().send(message).await.map(|_| ()).map_err(|e| format!("SMTP {}:{}: {e}", smtp.host, smtp.port))
}
