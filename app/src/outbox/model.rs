//! Outbox messages and SMTP settings.
use serde::{Deserialize, Serialize};

use crate::core::text;

crate::core::code::coded! {
    /// The kinds of documents the outbox sends (stored as their code); each is
    /// printed by the renderer its area registers (`outbox::service::register`).
    pub enum DocKind {
        Quote = "quote" => Quote,
        Order = "order" => Order,
        PurchaseOrder = "purchase_order" => PurchaseOrder,
        Invoice = "invoice" => Invoice,
        CreditNote = "credit_note" => CreditNote,
        Reminder = "reminder" => ReminderTitle,
    }
}

/// A message in the outbox (its attachment is downloaded apart).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub doc_kind: DocKind,
    pub doc_id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub attachment_name: String,
    pub status: MailStatus,
    pub error: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

impl OutboxMessage {
    /// Not yet delivered (queued or failed): can be sent again.
    pub fn can_resend(&self) -> bool {
        self.status != MailStatus::Sent
    }
}

/// Where a message in the outbox stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    /// Waiting to be sent (first or next try).
    Queued,
    Sent,
    /// Its tries are used up.
    Failed,
}

impl MailStatus {
    pub fn code(self) -> &'static str {
        match self {
            MailStatus::Queued => "queued",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
        }
    }
    /// The status with this code; None for anything else.
    pub fn parse(code: &str) -> Option<MailStatus> {
        [MailStatus::Queued, MailStatus::Sent, MailStatus::Failed].into_iter().find(|s| s.code() == code)
    }
    pub fn label(self) -> crate::core::T {
        match self {
            MailStatus::Queued => crate::core::T::StQueued,
            MailStatus::Sent => crate::core::T::SentLog,
            MailStatus::Failed => crate::core::T::StFailed,
        }
    }
}

/// Deliveries tried before a message is marked failed.
pub const MAX_ATTEMPTS: i64 = 6;

/// The pause before the next try after `attempts` failed ones (`base_ms` is a minute
/// in production): 1, 5, 15, 60 and 240 minutes; None when the message has had its
/// tries and is failed.
pub fn retry_after_ms(attempts: i64, base_ms: i64) -> Option<i64> {
    const STEPS: [i64; 5] = [1, 5, 15, 60, 240];
    (1..MAX_ATTEMPTS).contains(&attempts).then(|| STEPS[(attempts - 1) as usize] * base_ms)
}

/// How the company's mail leaves: empty host = keep messages in the outbox.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpSettings {
    pub host: String,
    pub port: i64,
    /// "starttls", "tls" (implicit) or "none" (a local relay only)
    pub security: String,
    pub user: String,
    /// Never sent to the browser: empty when read, and empty on save keeps the old one.
    pub password: String,
    /// The sender address; empty = the company's e-mail.
    pub from: String,
}

impl SmtpSettings {
    pub fn validate(host: &str, port: &str, security: &str, user: &str, password: &str, from: &str) -> Result<SmtpSettings, String> {
        let host = text::optional("SMTP host", host, 253)?;
        if host.contains(char::is_whitespace) || host.contains('/') {
            return Err(format!("'{host}' is not a host name"));
        }
        let port: i64 = if port.trim().is_empty() { 587 } else { port.trim().parse().map_err(|_| format!("'{}' is not a port number", port.trim()))? };
        if !(1..=65535).contains(&port) {
            return Err(format!("Port {port} is out of range (1–65535)"));
        }
        let security = match security.trim() {
            "" | "starttls" => "starttls",
            "tls" => "tls",
            "none" => "none",
            other => return Err(format!("Unknown SMTP security '{other}' (starttls, tls or none)")),
        }
        .to_string();
        let from = if from.trim().is_empty() { String::new() } else { text::email("Sender address", from)? };
        Ok(SmtpSettings {
            host,
            port,
            security,
            user: text::optional("SMTP user", user, 200)?,
            password: text::optional("SMTP password", password, 200)?,
            from,
        })
    }
}

/// A message to queue: to whom, what, and the PDF it carries.
#[derive(Clone, Debug)]
pub struct NewMessage {
    pub doc_kind: DocKind,
    pub doc_id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachment_name: String,
    pub attachment: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_then_stop() {
        let m = 60_000;
        let pauses: Vec<Option<i64>> = (1..=6).map(|a| retry_after_ms(a, m)).collect();
        assert_eq!(pauses, vec![Some(m), Some(5 * m), Some(15 * m), Some(60 * m), Some(240 * m), None]);
        assert_eq!(retry_after_ms(0, m), None);
    }

    #[test]
    fn smtp_settings_are_checked() {
        let s = SmtpSettings::validate("smtp.example.no", "", "", "flyt", "hemmelig", "post@example.no").unwrap();
        assert_eq!((s.port, s.security.as_str()), (587, "starttls"));
        assert!(SmtpSettings::validate("smtp example", "25", "none", "", "", "").unwrap_err().contains("not a host name"));
        assert!(SmtpSettings::validate("localhost", "70000", "none", "", "", "").unwrap_err().contains("out of range"));
        assert!(SmtpSettings::validate("localhost", "25", "ssl3", "", "", "").unwrap_err().contains("Unknown SMTP security"));
        assert!(SmtpSettings::validate("localhost", "25", "none", "", "", "ikke-epost").is_err());
    }
}
