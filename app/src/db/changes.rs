//! The read behind every change list (`core::sync`): a register's rows after a
//! (time, id) cursor in that order, one more than a page to tell whether more follow.
use sqlx::any::AnyRow;
use sqlx::AnyPool;

use super::db_err;
use crate::core::sync::SyncFrom;
use crate::error::AppResult;

/// Reads `select` (a SELECT … FROM … ending in a WHERE that binds the company as $1)
/// after `from`, ordered by the columns `at` (ms) and `id`, at most `limit + 1` rows,
/// each mapped by `map` and paired with its change time and id.
pub async fn after<T>(
    pool: &AnyPool,
    select: &str,
    (at, id): (&str, &str),
    company_id: i64,
    from: SyncFrom,
    limit: i64,
    map: impl Fn(&AnyRow) -> AppResult<T>,
) -> AppResult<Vec<(T, i64, i64)>> {
    // the first condition lets the (company, time, id) index start at the cursor
    let sql = format!("{select} AND {at} >= $2 AND ({at} > $2 OR {id} > $3) ORDER BY {at}, {id} LIMIT $4",);
    let rows = sqlx::query(&sql).bind(company_id).bind(from.at).bind(from.id).bind(limit + 1).fetch_all(pool).await.map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let at_ms: i64 = super::codec::get(r, "changed_at")?;
            let row_id: i64 = super::codec::get(r, "changed_id")?;
            Ok((map(r)?, at_ms, row_id))
        })
        .collect()
}
