//! SQL of reading the event journal.
use sqlx::AnyPool;

use super::model::present;
use super::webhooks::{DeliveryRow, Webhook};
use crate::core::event::{EventKind, EventOut};
use crate::db::codec::{coded, flag, get};
use crate::db::{db_err, now_ms, Tx};
use crate::error::{AppError, AppResult};

/// The company's events after `after`, of `kinds` (all when empty), in order.
pub async fn page(pool: &AnyPool, company_id: i64, after: i64, kinds: &[EventKind], limit: i64) -> AppResult<Vec<EventOut>> {
    let filter = if kinds.is_empty() {
        String::new()
    } else {
        // the kinds are codes of the enum, never the caller's text
        format!("AND kind IN ({})", kinds.iter().map(|k| format!("'{}'", k.code())).collect::<Vec<_>>().join(", "))
    };
    let rows =
        sqlx::query(&format!("SELECT seq, kind, subject, data, created_at FROM events WHERE company_id = $1 AND seq > $2 {filter} ORDER BY seq LIMIT $3"))
            .bind(company_id)
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await
            .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let kind = coded(r, "kind", EventKind::parse)?;
            let at: i64 = get(r, "created_at")?;
            Ok(EventOut { seq: get(r, "seq")?, kind, subject: get(r, "subject")?, occurred_at: rfc3339(at), data: present(kind, &get::<String>(r, "data")?) })
        })
        .collect()
}

const HOOK_COLS: &str = "id, url, types, active, cursor, failures, next_attempt_at, disabled_reason";

fn hook(r: &sqlx::any::AnyRow) -> AppResult<Webhook> {
    let types: String = get(r, "types")?;
    let next: i64 = get(r, "next_attempt_at")?;
    Ok(Webhook {
        id: get(r, "id")?,
        url: get(r, "url")?,
        types: types
            .split(',')
            .filter(|t| !t.is_empty())
            .map(|t| EventKind::parse(t).ok_or_else(|| AppError::Internal(format!("webhook type {t}"))))
            .collect::<AppResult<_>>()?,
        active: flag(r, "active")?,
        cursor: get(r, "cursor")?,
        failures: get(r, "failures")?,
        next_attempt_at: if next > 0 { rfc3339(next) } else { String::new() },
        disabled_reason: get(r, "disabled_reason")?,
    })
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)).unwrap_or_default()
}

/// The sealed column of a webhook's signing secret (see `db::secrets`).
const SECRET: &str = "webhooks.secret";

/// A new webhook, following the journal from now on (its cursor at the last event).
pub async fn insert_hook(tx: &mut Tx, company_id: i64, url: &str, types: &str, secret: &str) -> AppResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO webhooks (company_id, url, secret, types, cursor, created_at)
         VALUES ($1, $2, $3, $4, COALESCE((SELECT MAX(seq) FROM events WHERE company_id = $1), 0), $5) RETURNING id",
    )
    .bind(company_id)
    .bind(url)
    .bind(crate::db::secrets::seal(company_id, SECRET, secret)?)
    .bind(types)
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)
}

pub async fn hooks(pool: &AnyPool, company_id: i64) -> AppResult<Vec<Webhook>> {
    let rows =
        sqlx::query(&format!("SELECT {HOOK_COLS} FROM webhooks WHERE company_id = $1 ORDER BY id")).bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    rows.iter().map(hook).collect()
}

/// A webhook of the company with its secret.
pub async fn hook_by_id(pool: &AnyPool, company_id: i64, id: i64) -> AppResult<(Webhook, String)> {
    let r = sqlx::query(&format!("SELECT {HOOK_COLS}, secret FROM webhooks WHERE company_id = $1 AND id = $2"))
        .bind(company_id)
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::not_found(format!("No webhook {id} in this company")))?;
    Ok((hook(&r)?, crate::db::secrets::open(company_id, SECRET, &get::<String>(&r, "secret")?)?))
}

/// Changes a webhook's address, types and state; turning it on again clears its
/// failures, so it is tried at once.
pub async fn update_hook(tx: &mut Tx, company_id: i64, id: i64, url: &str, types: &str, active: bool) -> AppResult<()> {
    let n = sqlx::query(
        "UPDATE webhooks SET url = $3, types = $4,
                failures = CASE WHEN $5 = 1 AND active = 0 THEN 0 ELSE failures END,
                failing_since = CASE WHEN $5 = 1 AND active = 0 THEN 0 ELSE failing_since END,
                next_attempt_at = CASE WHEN $5 = 1 AND active = 0 THEN 0 ELSE next_attempt_at END,
                disabled_reason = CASE WHEN $5 = 1 THEN '' ELSE disabled_reason END,
                active = $5
         WHERE company_id = $1 AND id = $2",
    )
    .bind(company_id)
    .bind(id)
    .bind(url)
    .bind(types)
    .bind(active as i64)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?
    .rows_affected();
    found(n, id)
}

pub async fn delete_hook(tx: &mut Tx, company_id: i64, id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM webhook_deliveries WHERE company_id = $1 AND webhook_id = $2")
        .bind(company_id)
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    let n = sqlx::query("DELETE FROM webhooks WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?
        .rows_affected();
    found(n, id)
}

/// A write that touched no webhook was about one the company does not have.
fn found(rows: u64, id: i64) -> AppResult<()> {
    if rows == 0 {
        return Err(AppError::not_found(format!("No webhook {id} in this company")));
    }
    Ok(())
}

/// A webhook a worker has claimed: until `token` (the claim's end) no other worker
/// takes it, and what the worker writes back counts only while the claim is its own.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub id: i64,
    pub company_id: i64,
    pub url: String,
    pub secret: String,
    pub types: Vec<EventKind>,
    pub cursor: i64,
    pub failures: i64,
    pub failing_since: i64,
    pub token: i64,
}

/// The condition of a webhook `w` with something to send at `now` (a parameter).
fn due(now: &str) -> String {
    format!(
        "w.active = 1 AND w.next_attempt_at <= {now} AND w.claimed_until < {now}
         AND EXISTS (SELECT 1 FROM events e WHERE e.company_id = w.company_id AND e.seq > w.cursor)"
    )
}

/// Whether any webhook has something to send now: a read, so that an idle server's
/// worker does not open a write transaction on every round.
pub async fn any_due(pool: &AnyPool, now: i64) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM (SELECT 1 FROM webhooks w WHERE {} LIMIT 1) d", due("$1")))
        .bind(now)
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
    Ok(n > 0)
}

/// Claims up to `limit` active webhooks that have events after their cursor and no
/// wait pending, for `lease_ms`. One statement: on PostgreSQL a webhook two servers
/// reach at once is updated by one of them; the other finds it claimed and skips it.
pub async fn claim(tx: &mut Tx, now: i64, lease_ms: i64, limit: i64) -> AppResult<Vec<Claimed>> {
    let token = now + lease_ms;
    let rows = sqlx::query(&format!(
        "UPDATE webhooks SET claimed_until = $1
         WHERE id IN (SELECT w.id FROM webhooks w WHERE {} ORDER BY w.id LIMIT $3)
           AND active = 1 AND claimed_until < $2
         RETURNING id, company_id, url, secret, types, cursor, failures, failing_since",
        due("$2")
    ))
    .bind(token)
    .bind(now)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let types: String = get(r, "types")?;
            let company_id = get(r, "company_id")?;
            Ok(Claimed {
                id: get(r, "id")?,
                company_id,
                url: get(r, "url")?,
                secret: crate::db::secrets::open(company_id, SECRET, &get::<String>(r, "secret")?)?,
                types: types.split(',').filter_map(EventKind::parse).collect(),
                cursor: get(r, "cursor")?,
                failures: get(r, "failures")?,
                failing_since: get(r, "failing_since")?,
                token,
            })
        })
        .collect()
}

/// An attempt as it is logged.
#[derive(Clone, Debug)]
pub struct Attempt {
    pub seq: i64,
    pub kind: EventKind,
    pub status_code: i64,
    pub error: String,
    pub duration_ms: i64,
    pub manual: bool,
    pub at: i64,
}

/// Where a claimed webhook stands after a batch of attempts.
#[derive(Clone, Debug)]
pub struct Standing {
    pub cursor: i64,
    pub failures: i64,
    pub failing_since: i64,
    pub next_attempt_at: i64,
    pub disabled_reason: Option<String>,
    /// Keep the claim (more batches follow) or let it go.
    pub keep_until: i64,
}

/// Writes a claimed webhook's standing and its attempts' log, while the claim is
/// still this worker's (answers false when it is not: nothing is written).
pub async fn settle(tx: &mut Tx, c: &Claimed, s: &Standing, log: &[Attempt]) -> AppResult<bool> {
    let n = sqlx::query(
        "UPDATE webhooks SET cursor = $3, failures = $4, failing_since = $5, next_attempt_at = $6,
                active = CASE WHEN $7 = '' THEN active ELSE 0 END, disabled_reason = CASE WHEN $7 = '' THEN disabled_reason ELSE $7 END,
                claimed_until = $8
         WHERE id = $1 AND claimed_until = $2",
    )
    .bind(c.id)
    .bind(c.token)
    .bind(s.cursor)
    .bind(s.failures)
    .bind(s.failing_since)
    .bind(s.next_attempt_at)
    .bind(s.disabled_reason.clone().unwrap_or_default())
    .bind(s.keep_until)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?
    .rows_affected();
    if n == 0 {
        return Ok(false);
    }
    log_attempts(tx, c.company_id, c.id, log).await?;
    Ok(true)
}

/// Adds attempts to a webhook's delivery log (one statement per few hundred).
pub async fn log_attempts(tx: &mut Tx, company_id: i64, webhook_id: i64, log: &[Attempt]) -> AppResult<()> {
    for chunk in log.chunks(400) {
        let values = crate::db::values_rows(chunk.len(), 2, 7);
        let sql = format!("INSERT INTO webhook_deliveries (company_id, webhook_id, seq, kind, status_code, error, duration_ms, manual, at) VALUES {values}");
        let mut q = sqlx::query(&sql).bind(company_id).bind(webhook_id);
        for a in chunk {
            q = q.bind(a.seq).bind(a.kind.code()).bind(a.status_code).bind(a.error.clone()).bind(a.duration_ms).bind(a.manual as i64).bind(a.at);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// The newest attempts of a webhook, newest first.
pub async fn attempts(pool: &AnyPool, company_id: i64, webhook_id: i64, limit: i64) -> AppResult<Vec<DeliveryRow>> {
    let rows = sqlx::query(
        "SELECT seq, kind, status_code, error, duration_ms, manual, at FROM webhook_deliveries
         WHERE company_id = $1 AND webhook_id = $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(company_id)
    .bind(webhook_id)
    .bind(limit)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(DeliveryRow {
                seq: get(r, "seq")?,
                kind: coded(r, "kind", EventKind::parse)?,
                status_code: get(r, "status_code")?,
                error: get(r, "error")?,
                duration_ms: get(r, "duration_ms")?,
                manual: flag(r, "manual")?,
                at: rfc3339(get(r, "at")?),
            })
        })
        .collect()
}
