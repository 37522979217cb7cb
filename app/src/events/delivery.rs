//! Handing the journal on to webhooks: each webhook follows the journal with its own
//! cursor, its events are sent in order, signed with its secret (HMAC-SHA256), at
//! least once. A worker claims a webhook before it sends (several app servers on one
//! PostgreSQL never send a webhook's events at once), moves the cursor only past what
//! the receiver took with a 2xx answer (an app server killed mid-send sends again after
//! its restart), backs off after a failure and disables a webhook that has failed for a
//! day, with the reason. Every attempt is logged with the receiver's answer.
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::store::{self, Attempt, Claimed, Standing};
use super::webhooks::{backoff_ms, body, gives_up, types_text, DeliveryRow, NewWebhook, Webhook, WebhookInput};
use crate::auth::service::AuthCtx;
use crate::core::event::EventOut;
use crate::db::{db_err, now_ms, Db};
use crate::error::{AppError, AppResult};

/// The delivery's timing: `FLYT_WEBHOOK_RETRY_BASE_MS` (30 s: the first wait after a
/// failure) and `FLYT_WEBHOOK_GIVE_UP_MS` (a day of failures) — tests shorten them.
fn env_ms(name: &str, default: i64) -> i64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).filter(|v| *v > 0).unwrap_or(default)
}

pub fn retry_base_ms() -> i64 {
    env_ms("FLYT_WEBHOOK_RETRY_BASE_MS", 30_000)
}

fn give_up_ms() -> i64 {
    env_ms("FLYT_WEBHOOK_GIVE_UP_MS", 24 * 3600 * 1000)
}

/// How often a server looks for webhooks with events to send (`FLYT_WEBHOOK_TICK_MS`).
pub fn tick_ms() -> i64 {
    env_ms("FLYT_WEBHOOK_TICK_MS", 500)
}

/// A claim lasts this long; a worker that dies leaves it to expire.
const LEASE_MS: i64 = 60_000;
/// Events read (and at most sent) per round trip to the journal.
const BATCH: i64 = 200;
/// A receiver gets this long to answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The `Flyt-Signature` header of a delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
/// "<t>.<body>" with the webhook's secret>`.
pub fn signature(secret: &str, t: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("{t}.{body}").as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("t={t},v1={hex}")
}

/// The HTTP client of the deliveries (no redirects: a receiver answers where it is).
pub fn client() -> reqwest::Client {
    crate::db::outbound::client(Duration::from_secs(3), TIMEOUT, false)
}

/// Sends one event; answers the attempt as it is logged.
async fn send(client: &reqwest::Client, url: &str, secret: &str, company_id: i64, e: &EventOut, manual: bool) -> Attempt {
    let payload = body(e);
    let started = Instant::now();
    let at = now_ms();
    let req = client
        .post(url)
        .header("Content-Type", "application/json")
        .header("Flyt-Signature", signature(secret, at / 1000, &payload))
        .header("Flyt-Event", e.kind.code())
        .header("Flyt-Delivery", format!("{company_id}-{}", e.seq))
        .body(payload);
    let (status_code, error) = match crate::db::outbound::send(req).await {
        Ok(r) if r.status().is_success() => (r.status().as_u16() as i64, String::new()),
        Ok(r) => (r.status().as_u16() as i64, format!("answered {}", r.status())),
        Err(crate::db::outbound::Failure::Timeout) => (0, format!("no answer within {} s", TIMEOUT.as_secs())),
        Err(e) => (0, e.to_string()),
    };
    Attempt { seq: e.seq, kind: e.kind, status_code, error, duration_ms: started.elapsed().as_millis() as i64, manual, at }
}

/// Sends what is due: claims the webhooks with events waiting and runs them side by
/// side. Answers how many events went out.
pub async fn deliver_due(db: &Db, client: &reqwest::Client) -> AppResult<usize> {
    if !store::any_due(&db.pool, now_ms()).await? {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let claimed = store::claim(&mut tx, now_ms(), LEASE_MS, 50).await?;
    tx.commit().await.map_err(db_err)?;
    let runs = claimed.into_iter().map(|c| run(db, client, c));
    let mut sent = 0;
    for r in futures::future::join_all(runs).await {
        match r {
            Ok(n) => sent += n,
            Err(e) => tracing::warn!("webhook delivery: {e}"),
        }
    }
    Ok(sent)
}

/// Sends a claimed webhook's events in order, a batch at a time, until none are left
/// or one fails.
async fn run(db: &Db, client: &reqwest::Client, mut c: Claimed) -> AppResult<usize> {
    let mut sent = 0;
    loop {
        let events = store::page(&db.pool, c.company_id, c.cursor, &[], BATCH).await?;
        let Some(last) = events.last().map(|e| e.seq) else { return Ok(sent) };
        let mut log = Vec::new();
        let mut failed = None;
        let mut cursor = c.cursor;
        for e in events.iter().filter(|e| c.types.is_empty() || c.types.contains(&e.kind)) {
            let a = send(client, &c.url, &c.secret, c.company_id, e, false).await;
            let ok = a.error.is_empty();
            log.push(a);
            if !ok {
                failed = Some(e.seq);
                break;
            }
            cursor = e.seq;
            sent += 1;
        }
        let now = now_ms();
        let more = failed.is_none() && events.len() as i64 == BATCH;
        let s = match failed {
            // everything read went (or was not its type): the cursor passes the batch
            None => {
                Standing { cursor: last, failures: 0, failing_since: 0, next_attempt_at: 0, disabled_reason: None, keep_until: if more { c.token } else { 0 } }
            }
            Some(seq) => {
                let failures = c.failures + 1;
                let since = if c.failing_since > 0 { c.failing_since } else { now };
                let reason = gives_up(since, now, give_up_ms()).then(|| {
                    format!(
                        "Disabled after {failures} failed attempts since {}: event {seq} {}",
                        rfc(since),
                        log.last().map(|a| a.error.as_str()).unwrap_or("")
                    )
                });
                Standing {
                    cursor,
                    failures,
                    failing_since: since,
                    next_attempt_at: now + backoff_ms(retry_base_ms(), failures),
                    disabled_reason: reason,
                    keep_until: 0,
                }
            }
        };
        let mut tx = db.begin().await?;
        let ours = store::settle(&mut tx, &c, &s, &log).await?;
        tx.commit().await.map_err(db_err)?;
        if !ours || !more {
            return Ok(sent);
        }
        c.cursor = s.cursor;
    }
}

fn rfc(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default()
}

/// Adds a webhook: it takes the events from now on. Answers it with its secret.
pub async fn create(db: &Db, ctx: &AuthCtx, input: &WebhookInput) -> AppResult<NewWebhook> {
    let (url, types) = input.validate().map_err(AppError::Invalid)?;
    crate::db::outbound::check_url(&url).await.map_err(AppError::Invalid)?;
    let secret: String = {
        use rand::RngCore;
        let mut b = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut b);
        format!("whsec_{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>())
    };
    let mut tx = db.begin().await?;
    let id = store::insert_hook(&mut tx, ctx.company_id, &url, &types_text(&types), &secret).await?;
    tx.commit().await.map_err(db_err)?;
    let (webhook, secret) = store::hook_by_id(&db.pool, ctx.company_id, id).await?;
    Ok(NewWebhook { webhook, secret })
}

/// Changes a webhook's address and types, and turns it on or off (on again: tried at once).
pub async fn update(db: &Db, ctx: &AuthCtx, id: i64, input: &WebhookInput, active: bool) -> AppResult<Webhook> {
    let (url, types) = input.validate().map_err(AppError::Invalid)?;
    let mut tx = db.begin().await?;
    store::update_hook(&mut tx, ctx.company_id, id, &url, &types_text(&types), active).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(store::hook_by_id(&db.pool, ctx.company_id, id).await?.0)
}

pub async fn delete(db: &Db, ctx: &AuthCtx, id: i64) -> AppResult<()> {
    let mut tx = db.begin().await?;
    store::delete_hook(&mut tx, ctx.company_id, id).await?;
    tx.commit().await.map_err(db_err)
}

/// Sends one event of the journal to a webhook again, now (whatever its state), and
/// logs the attempt; answers it.
pub async fn redeliver(db: &Db, ctx: &AuthCtx, id: i64, seq: i64) -> AppResult<DeliveryRow> {
    let (_, secret) = store::hook_by_id(&db.pool, ctx.company_id, id).await?;
    let url = store::hook_by_id(&db.pool, ctx.company_id, id).await?.0.url;
    let e = store::page(&db.pool, ctx.company_id, seq - 1, &[], 1)
        .await?
        .into_iter()
        .find(|e| e.seq == seq)
        .ok_or_else(|| AppError::not_found(format!("No event {seq} in this company")))?;
    let a = send(&client(), &url, &secret, ctx.company_id, &e, true).await;
    let mut tx = db.begin().await?;
    store::log_attempts(&mut tx, ctx.company_id, id, std::slice::from_ref(&a)).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(DeliveryRow { seq: a.seq, kind: a.kind, status_code: a.status_code, error: a.error, duration_ms: a.duration_ms, manual: true, at: rfc(a.at) })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_signature_is_hmac_sha256_of_time_and_body() {
        // the value as Python's hmac module computes it for key "key" and "1700000000.{}"
        assert_eq!(super::signature("key", 1700000000, "{}"), "t=1700000000,v1=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae");
        assert_ne!(super::signature("other", 1700000000, "{}"), super::signature("key", 1700000000, "{}"));
    }
}
