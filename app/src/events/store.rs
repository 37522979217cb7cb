//! SQL of reading the event journal.
use sqlx::AnyPool;

use super::model::present;
use crate::core::event::{EventKind, EventOut};
use crate::db::codec::{coded, get};
use crate::db::db_err;
use crate::error::AppResult;

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
            Ok(EventOut {
                seq: get(r, "seq")?,
                kind,
                subject: get(r, "subject")?,
                occurred_at: chrono::DateTime::from_timestamp_millis(at).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)).unwrap_or_default(),
                data: present(kind, &get::<String>(r, "data")?),
            })
        })
        .collect()
}
