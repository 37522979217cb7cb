//! Change lists for integrations: the rows of a register changed after a time, in
//! (updated_at, id) order, a page at a time behind an opaque cursor. A client keeps the
//! last page's `next_cursor` and asks again from there; it gets each change once more
//! at most (a row changed again moves to the end of the list).
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The most rows a page holds, and how many it holds unless asked.
pub const MAX_LIMIT: i64 = 1000;
pub const DEFAULT_LIMIT: i64 = 100;

/// Where a page starts: after the row changed at `at` (ms since 1970, UTC) with id `id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyncFrom {
    pub at: i64,
    pub id: i64,
}

impl SyncFrom {
    pub const START: SyncFrom = SyncFrom { at: i64::MIN, id: i64::MIN };

    /// The cursor as handed out: `<at>.<id>` in URL-safe base64, opaque to clients.
    pub fn cursor(self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{}.{}", self.at, self.id))
    }

    fn parse_cursor(text: &str) -> Option<SyncFrom> {
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
        let raw = String::from_utf8(raw).ok()?;
        let (at, id) = raw.split_once('.')?;
        Some(SyncFrom { at: at.parse().ok()?, id: id.parse().ok()? })
    }
}

/// A row of a change list and when it last changed (RFC 3339, UTC).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Changed<T> {
    pub updated_at: String,
    pub row: T,
}

/// A page of a change list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SyncPage<T> {
    pub rows: Vec<Changed<T>>,
    /// Pass as `cursor` for the next page, or keep it to ask for later changes.
    pub next_cursor: String,
    /// More rows were changed than this page holds: ask again at once.
    pub more: bool,
}

/// Reads `?updated_after=&cursor=&limit=`. `updated_after` is an RFC 3339 time or a
/// date (midnight UTC); a cursor, when given, wins. The limit is 1 to 1000 (default 100).
pub fn query(updated_after: &str, cursor: &str, limit: &str) -> Result<(SyncFrom, i64), String> {
    let limit = match limit.trim() {
        "" => DEFAULT_LIMIT,
        l => l
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| format!("limit must be a whole number from 1 to {MAX_LIMIT}, not '{l}'"))?,
    };
    if !cursor.trim().is_empty() {
        let from =
            SyncFrom::parse_cursor(cursor).ok_or_else(|| "The cursor is not one this API gave out: pass next_cursor of the last page as it was".to_string())?;
        return Ok((from, limit));
    }
    let after = updated_after.trim();
    if after.is_empty() {
        return Ok((SyncFrom::START, limit));
    }
    let at = chrono::DateTime::parse_from_rfc3339(after)
        .map(|t| t.timestamp_millis())
        .or_else(|_| chrono::NaiveDate::parse_from_str(after, "%Y-%m-%d").map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis()))
        .map_err(|_| format!("updated_after must be a time like 2026-12-01T08:00:00Z or a date like 2026-12-01, not '{after}'"))?;
    // after that moment: every id of the same millisecond is before the start
    Ok((SyncFrom { at, id: i64::MAX }, limit))
}

/// A page from rows read in (updated_at, id) order with one more than `limit` asked
/// for: each row with its change time (ms) and id.
pub fn page<T>(mut rows: Vec<(T, i64, i64)>, from: SyncFrom, limit: i64) -> SyncPage<T> {
    let more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    let next = rows.last().map(|(_, at, id)| SyncFrom { at: *at, id: *id }).unwrap_or(from);
    SyncPage { rows: rows.into_iter().map(|(row, at, _)| Changed { updated_at: rfc3339(at), row }).collect(), next_cursor: next.cursor(), more }
}

/// A time in ms since 1970 as RFC 3339 in UTC, to the millisecond.
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_it_was_given() {
        let from = SyncFrom { at: 1_796_000_000_123, id: 42 };
        assert_eq!(query("", &from.cursor(), "").unwrap(), (from, DEFAULT_LIMIT));
        assert_eq!(query("2026-01-01", &from.cursor(), "5").unwrap(), (from, 5), "a cursor wins over updated_after");
    }

    #[test]
    fn updated_after_takes_times_and_dates() {
        let (from, _) = query("2026-12-01T08:00:00Z", "", "").unwrap();
        assert_eq!(from, SyncFrom { at: 1_796_112_000_000, id: i64::MAX });
        let (from, _) = query("2026-12-01T09:00:00+01:00", "", "").unwrap();
        assert_eq!(from.at, 1_796_112_000_000);
        let (from, _) = query("2026-12-01", "", "").unwrap();
        assert_eq!(from.at, 1_796_083_200_000);
        assert_eq!(query("", "", "").unwrap().0, SyncFrom::START);
    }

    #[test]
    fn bad_input_says_what_to_send() {
        assert!(query("yesterday", "", "").unwrap_err().contains("updated_after"));
        assert!(query("", "not-a-cursor", "").unwrap_err().contains("cursor"));
        assert!(query("", &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("1.x"), "").is_err());
        for bad in ["0", "1001", "-1", "ten"] {
            assert!(query("", "", bad).unwrap_err().contains("limit"), "{bad}");
        }
    }

    #[test]
    fn a_page_says_whether_more_follow_and_where_to_go_on() {
        let rows: Vec<(&str, i64, i64)> = vec![("a", 10, 1), ("b", 10, 2), ("c", 11, 1)];
        let p = page(rows.clone(), SyncFrom::START, 2);
        assert!(p.more);
        assert_eq!(p.rows.iter().map(|r| r.row).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(query("", &p.next_cursor, "").unwrap().0, SyncFrom { at: 10, id: 2 });
        let p = page(rows, SyncFrom::START, 3);
        assert!(!p.more);
        assert_eq!(p.rows[2].updated_at, "1970-01-01T00:00:00.011Z");
        // an empty page keeps the cursor it was asked with
        let from = SyncFrom { at: 5, id: 7 };
        let p = page(Vec::<((), i64, i64)>::new(), from, 10);
        assert_eq!((p.rows.len(), p.more, p.next_cursor), (0, false, from.cursor()));
    }
}
