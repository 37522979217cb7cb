//! The writing end of the event journal: the events a posting named go in with its
//! commit, all in one statement, numbered per company in commit order (see the
//! migration `0026_events.sql`). On SQLite postings commit one after another through
//! the write gate, so the next number is the company's last one plus one; on
//! PostgreSQL the company's counter row is updated in the same statement and stays
//! locked to the commit, so a posting that commits later never gets a lower number.
use sqlx::AnyConnection;

use super::Backend;
use crate::core::event::Event;

/// Quotes a column for a JSON string written by SQL (item numbers and warehouse
/// codes hold no quotes or backslashes by their own rules; this keeps it so).
fn json_text(col: &str) -> String {
    format!("'\"' || REPLACE(REPLACE({col}, '\\', '\\\\'), '\"', '\\\"') || '\"'")
}

/// Writes the events (of one company) in one statement.
pub(crate) async fn write(conn: &mut AnyConnection, backend: Backend, company_id: i64, events: &[Event]) -> Result<(), sqlx::Error> {
    let n = events.len() as i64;
    let now = super::now_ms();
    let values: Vec<String> = (0..events.len())
        .map(|k| {
            let p = |o: usize| 4 + 6 * k + o;
            format!("(CAST(${} AS BIGINT), ${}, ${}, ${}, CAST(${} AS BIGINT), CAST(${} AS BIGINT))", p(0), p(1), p(2), p(3), p(4), p(5))
        })
        .collect();
    // a stock change's data: the item, the warehouse and their figures now, in thousandths
    let stock = format!(
        "'{{\"item_no\":' || {} || ',\"warehouse\":' || {} || ',\"on_hand_milli\":' || CAST(COALESCE((SELECT b.physical_milli FROM stock_balances b
             WHERE b.company_id = $1 AND b.item_id = v.column5 AND b.warehouse_id = v.column6), 0) AS TEXT)
         || ',\"reserved_milli\":' || CAST(COALESCE((SELECT SUM(-p.open_milli) FROM planned_moves p
             WHERE p.company_id = $1 AND p.item_id = v.column5 AND p.warehouse_id = v.column6 AND p.open_milli < 0), 0) AS TEXT) || '}}'",
        json_text("(SELECT i.item_no FROM items i WHERE i.company_id = $1 AND i.id = v.column5)"),
        json_text("(SELECT w.code FROM warehouses w WHERE w.company_id = $1 AND w.id = v.column6)"),
    );
    let subject =
        "CASE WHEN v.column5 IS NULL THEN v.column3 ELSE COALESCE((SELECT i.item_no FROM items i WHERE i.company_id = $1 AND i.id = v.column5), '') END";
    let columns = format!("v.column2, {subject}, CASE WHEN v.column5 IS NULL THEN v.column4 ELSE {stock} END, CAST($2 AS BIGINT)");
    let sql = match backend {
        Backend::Sqlite => format!(
            "INSERT INTO events (company_id, seq, kind, subject, data, created_at)
             SELECT CAST($1 AS BIGINT), (SELECT COALESCE(MAX(seq), 0) FROM events WHERE company_id = $1) + v.column1, {columns}
             FROM (VALUES {}) AS v WHERE $3 > 0",  // $3, the count, is PostgreSQL's
            values.join(", ")
        ),
        Backend::Postgres => format!(
            "WITH c AS (INSERT INTO event_counters (company_id, last) VALUES ($1, $3) ON CONFLICT (company_id) DO UPDATE SET last = event_counters.last + $3 RETURNING last)
             INSERT INTO events (company_id, seq, kind, subject, data, created_at)
             SELECT CAST($1 AS BIGINT), c.last - $3 + v.column1, {columns}
             FROM c, (VALUES {}) AS v",
            values.join(", ")
        ),
    };
    let mut q = sqlx::query(&sql).bind(company_id).bind(now).bind(n);
    for (i, e) in events.iter().enumerate() {
        let (item, warehouse) = match e.stock {
            Some((i, w)) => (Some(i), Some(w)),
            None => (None, None),
        };
        q = q.bind(i as i64 + 1).bind(e.kind.code()).bind(e.subject.clone()).bind(e.data.clone()).bind(item).bind(warehouse);
    }
    q.execute(conn).await?;
    Ok(())
}
