//! Outbound webhooks: what a company sets up (URL, event types, secret) and the rules
//! of their delivery — the back-off between attempts and when a failing webhook is
//! disabled. Pure: the shapes and the rules, shared with the browser.
use serde::{Deserialize, Serialize};

use crate::core::event::EventKind;

/// A webhook as shown: where it sends, what, and how it fares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    /// The event types it takes (empty: all).
    pub types: Vec<EventKind>,
    pub active: bool,
    /// The seq of the last event handed on (or skipped as not its type).
    pub cursor: i64,
    /// Failed attempts in a row (0 when the last one went through).
    pub failures: i64,
    /// When the next attempt is due after a failure (RFC 3339; empty when none waits).
    pub next_attempt_at: String,
    /// Why it was disabled (empty while it is active or was disabled by hand).
    pub disabled_reason: String,
}

/// A webhook as typed or sent: `types` separated by commas (empty: all).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WebhookInput {
    pub url: String,
    #[serde(default)]
    pub types: String,
}

/// A new webhook as answered once: with its secret, which is not shown again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewWebhook {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// Signs every delivery (HMAC-SHA256, see the `Flyt-Signature` header).
    pub secret: String,
}

/// One attempt to deliver an event, as the delivery log shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeliveryRow {
    pub seq: i64,
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// The receiver's HTTP status (0: no answer — refused, timed out).
    pub status_code: i64,
    pub error: String,
    pub duration_ms: i64,
    /// Sent again by hand.
    pub manual: bool,
    /// RFC 3339, UTC.
    pub at: String,
}

impl WebhookInput {
    /// Checks the form: an http(s) URL of at most 500 characters, known event types.
    pub fn validate(&self) -> Result<(String, Vec<EventKind>), String> {
        let url = crate::core::text::web_address("URL", &self.url)?;
        let (_, types, _) = super::model::query("", &self.types, "")?;
        Ok((url, types))
    }
}

/// Types as stored: codes separated by commas (empty: all).
pub fn types_text(types: &[EventKind]) -> String {
    types.iter().map(|k| k.code()).collect::<Vec<_>>().join(",")
}

/// How long to wait after the `failures`-th failure in a row: `base` doubling each
/// time, at most four hours.
pub fn backoff_ms(base: i64, failures: i64) -> i64 {
    const MAX: i64 = 4 * 3600 * 1000;
    let shift = (failures.max(1) - 1).min(30) as u32;
    base.saturating_mul(1i64 << shift).min(MAX)
}

/// A webhook that has failed since `failing_since` is disabled when an attempt fails
/// after `give_up` (a day) of failures.
pub fn gives_up(failing_since: i64, now: i64, give_up: i64) -> bool {
    failing_since > 0 && now - failing_since >= give_up
}

/// What the delivery of an event carries: the event itself, as `GET /api/v1/events`
/// answers it.
pub fn body(e: &crate::core::event::EventOut) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhook_needs_a_web_address_and_known_types() {
        let ok = WebhookInput { url: " https://shop.example/hooks/flyt ".into(), types: "stock_changed, order_created".into() };
        assert_eq!(ok.validate(), Ok(("https://shop.example/hooks/flyt".into(), vec![EventKind::StockChanged, EventKind::OrderCreated])));
        for bad in ["ftp://x", "https://", "shop.example", "https:///x", "http://a b"] {
            assert!(WebhookInput { url: bad.into(), types: String::new() }.validate().unwrap_err().contains("not a web address"), "{bad}");
        }
        assert!(WebhookInput { url: "https://x.example".into(), types: "order.created".into() }.validate().unwrap_err().contains("Unknown event type"));
        assert_eq!(types_text(&[EventKind::StockChanged, EventKind::OrderCreated]), "stock_changed,order_created");
    }

    #[test]
    fn retries_back_off_to_four_hours_and_give_up_after_a_day() {
        let base = 30_000;
        let waits: Vec<i64> = (1..=12).map(|n| backoff_ms(base, n) / 1000).collect();
        assert_eq!(waits, vec![30, 60, 120, 240, 480, 960, 1920, 3840, 7680, 14400, 14400, 14400]);
        assert_eq!(backoff_ms(base, 200), 14_400_000, "no overflow");
        let day = 24 * 3600 * 1000;
        // the retries cover the day: the sum of the waits passes 24 h after 14 failures
        let total: i64 = (1..=14).map(|n| backoff_ms(base, n)).sum();
        assert!(total >= day && total - backoff_ms(base, 14) < day, "{total}");
        assert!(!gives_up(0, day * 5, day), "not failing");
        assert!(!gives_up(1_000, 1_000 + day - 1, day));
        assert!(gives_up(1_000, 1_000 + day, day));
    }
}
