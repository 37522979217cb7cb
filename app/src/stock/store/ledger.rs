//! The ledger's generic interface, used inside the caller's transaction by every
//! area that moves stock: post moves, register / consume / cancel planned moves,
//! and read the derived figures. Set-based: one statement per table per posting.
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use sqlx::AnyPool;

use crate::core::quantity::{cost_from_e4, cost_to_e4, from_milli, to_milli};
use crate::db::codec::{get, qty};
use crate::db::{db_err, now_ms, Tx};
use crate::error::{AppError, AppResult};
use crate::stock::model::{insufficient, Figures, MoveRow, NewMove, Origin, OriginKind};

/// Rows per multi-row INSERT (SQLite allows 32 766 bound parameters).
const CHUNK: usize = 1000;

/// What [`append_moves`] did: whether the company keeps perpetual inventory, and
/// what each item and warehouse it touched held before and after.
pub struct Appended {
    pub perpetual: bool,
    pub changes: Vec<crate::stock::inventory::ValueChange>,
}

/// Appends moves to the ledger and updates the on-hand cache (quantity and value) in
/// the same transaction. When the company forbids negative stock, a posting that
/// would take an item below zero in a warehouse is refused with the item, the
/// warehouse and what is on hand — and the caller's transaction must then be dropped.
/// Outgoing moves are recorded at the item's moving average cost. Called only by
/// `stock::posting::post_moves`, which posts the stock's voucher beside it.
pub async fn append_moves(tx: &mut Tx, company_id: i64, user_id: i64, moves: &[NewMove]) -> AppResult<Appended> {
    if moves.is_empty() {
        return Ok(Appended { perpetual: false, changes: Vec::new() });
    }
    // a posting holds the company's stock lock (shared) from before it reads the
    // settings: turning perpetual inventory on takes it exclusively
    super::closing::lock(tx, company_id, false).await?;
    for m in moves {
        tx.emit(crate::core::event::Event::stock(company_id, m.item_id, m.warehouse_id));
    }
    // net change per item and warehouse: (quantity, value, the last move's date)
    let mut deltas: BTreeMap<(i64, i64), (i64, i64, chrono::NaiveDate)> = BTreeMap::new();
    let mut rows = Vec::with_capacity(moves.len());
    // outgoing moves are valued at the items' average costs, read in one statement
    let out_items: Vec<i64> =
        moves.iter().filter(|m| m.qty < Decimal::ZERO).map(|m| m.item_id).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let averages = average_costs(tx, company_id, &out_items).await?;
    for m in moves {
        let qty = to_milli("Quantity", m.qty)?;
        if qty == 0 {
            return Err(AppError::invalid("A stock move cannot have quantity 0"));
        }
        let cost = if qty < 0 { averages.get(&m.item_id).copied().unwrap_or(0) } else { cost_to_e4(m.unit_cost)? };
        let value = qty.checked_mul(cost).ok_or_else(|| AppError::invalid("A stock move's value is too large"))?;
        let d = deltas.entry((m.item_id, m.warehouse_id)).or_insert((0, 0, m.date));
        d.0 += qty;
        d.1 = d.1.checked_add(value).ok_or_else(|| AppError::invalid("A stock value is too large"))?;
        d.2 = d.2.max(m.date);
        rows.push((m, qty, cost));
    }

    let settings = sqlx::query("SELECT allow_negative_stock, perpetual_inventory FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)?;
    let (allow_negative, perpetual) = (crate::db::codec::flag(&settings, "allow_negative_stock")?, crate::db::codec::flag(&settings, "perpetual_inventory")?);

    let mut changes = Vec::new();
    let entries: Vec<((i64, i64), (i64, i64, chrono::NaiveDate))> = deltas.into_iter().filter(|(_, d)| d.0 != 0 || d.1 != 0).collect();
    for chunk in entries.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("($1, ${}, ${}, ${}, ${})", 2 + 4 * i, 3 + 4 * i, 4 + 4 * i, 5 + 4 * i)).collect();
        let sql = format!(
            "INSERT INTO stock_balances (company_id, item_id, warehouse_id, physical_milli, value_e7) VALUES {}
             ON CONFLICT (company_id, item_id, warehouse_id)
             DO UPDATE SET physical_milli = stock_balances.physical_milli + excluded.physical_milli, value_e7 = stock_balances.value_e7 + excluded.value_e7
             RETURNING item_id, warehouse_id, physical_milli, value_e7",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for ((item, wh), (qty, value, _)) in chunk {
            q = q.bind(*item).bind(*wh).bind(*qty).bind(*value);
        }
        let result = q.fetch_all(&mut **tx).await.map_err(db_err)?;
        let by_key: std::collections::HashMap<(i64, i64), &(i64, i64, chrono::NaiveDate)> = chunk.iter().map(|(k, d)| (*k, d)).collect();
        for r in &result {
            let (item, wh, now, value): (i64, i64, i64, i64) = (get(r, "item_id")?, get(r, "warehouse_id")?, get(r, "physical_milli")?, get(r, "value_e7")?);
            let &&(dq, dv, date) = by_key.get(&(item, wh)).ok_or_else(|| AppError::Internal("stock balance of an item not posted".into()))?;
            if !allow_negative && now < 0 && dq < 0 {
                let (item_no, wh_code) = names(tx, company_id, item, wh).await?;
                return Err(AppError::Conflict(insufficient(&item_no, &wh_code, from_milli(now - dq), from_milli(-dq))));
            }
            changes.push(crate::stock::inventory::ValueChange { date, qty_before: now - dq, value_before: value - dv, qty_after: now, value_after: value });
        }
    }

    let posted_at = now_ms();
    for chunk in rows.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = 4 + 9 * i;
                format!("($1, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, $2, $3)", b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8)
            })
            .collect();
        let sql = format!(
            "INSERT INTO stock_moves (company_id, item_id, warehouse_id, qty_milli, move_date, unit_cost_e4, origin_kind, origin_id, origin_line, reason, posted_at, posted_by) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(posted_at).bind(user_id);
        for (m, qty, cost) in chunk {
            q = q
                .bind(m.item_id)
                .bind(m.warehouse_id)
                .bind(*qty)
                .bind(m.date.format("%Y-%m-%d").to_string())
                .bind(*cost)
                .bind(m.origin.kind.code())
                .bind(m.origin.id)
                .bind(m.origin.line as i64)
                .bind(m.reason.clone());
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    let closing: Vec<_> = rows
        .iter()
        .map(|(m, qty, cost)| super::closing::ClosingMove {
            item_id: m.item_id,
            warehouse_id: m.warehouse_id,
            date: m.date,
            qty: *qty,
            cost: *cost,
            to_customer: matches!(m.origin.kind, crate::stock::model::OriginKind::Order | crate::stock::model::OriginKind::Invoice),
        })
        .collect();
    super::closing::add_moves(tx, company_id, &closing).await?;
    Ok(Appended { perpetual, changes })
}

async fn names(tx: &mut Tx, company_id: i64, item_id: i64, warehouse_id: i64) -> AppResult<(String, String)> {
    let r = sqlx::query(
        "SELECT i.item_no, w.code FROM items i JOIN warehouses w ON w.company_id = i.company_id AND w.id = $3
         WHERE i.company_id = $1 AND i.id = $2",
    )
    .bind(company_id)
    .bind(item_id)
    .bind(warehouse_id)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok((get(&r, "item_no")?, get(&r, "code")?))
}

/// Moving weighted average cost of items over all warehouses: the ledger's value
/// divided by its quantity (outgoing moves are themselves valued at the average,
/// so this is the running average). 0 when nothing is on hand.
pub async fn average_costs(tx: &mut Tx, company_id: i64, item_ids: &[i64]) -> AppResult<BTreeMap<i64, i64>> {
    let mut out = BTreeMap::new();
    for chunk in item_ids.chunks(CHUNK) {
        let ph: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT item_id, CAST(COALESCE(SUM(qty_milli), 0) AS BIGINT) AS qty_milli, CAST(COALESCE(SUM(qty_milli * unit_cost_e4), 0) AS BIGINT) AS value_e4
             FROM stock_moves WHERE company_id = $1 AND item_id IN ({}) GROUP BY item_id",
            ph.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for id in chunk {
            q = q.bind(*id);
        }
        for r in &q.fetch_all(&mut **tx).await.map_err(db_err)? {
            let (item, qty, value): (i64, i64, i64) = (get(r, "item_id")?, get(r, "qty_milli")?, get(r, "value_e4")?);
            out.insert(item, if qty > 0 { value / qty } else { 0 });
        }
    }
    Ok(out)
}

/// Registers or replaces the planned move of a document line (signed open quantity:
/// negative out, positive in). A zero quantity removes it.
pub async fn plan(tx: &mut Tx, company_id: i64, item_id: i64, warehouse_id: i64, open: Decimal, date: chrono::NaiveDate, origin: &Origin) -> AppResult<()> {
    plan_many(tx, company_id, &[Planned { item_id, warehouse_id, open, date, origin: origin.clone() }]).await
}

/// One planned move to register (see [`plan`]).
#[derive(Clone, Debug)]
pub struct Planned {
    pub item_id: i64,
    pub warehouse_id: i64,
    pub open: Decimal,
    pub date: chrono::NaiveDate,
    pub origin: Origin,
}

/// [`plan`] for many lines at once: one upsert for the open ones and one delete for
/// those at zero, whatever the number of lines.
pub async fn plan_many(tx: &mut Tx, company_id: i64, moves: &[Planned]) -> AppResult<()> {
    for m in moves {
        tx.emit(crate::core::event::Event::stock(company_id, m.item_id, m.warehouse_id));
    }
    let mut open = Vec::new();
    let mut gone = Vec::new();
    for m in moves {
        let q = to_milli("Quantity", m.open)?;
        if q == 0 {
            gone.push(m);
        } else {
            open.push((m, q));
        }
    }
    for chunk in open.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = 2 + 7 * i;
                format!("($1, ${}, ${}, ${}, ${}, ${}, ${}, ${})", b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6)
            })
            .collect();
        let sql = format!(
            "INSERT INTO planned_moves (company_id, item_id, warehouse_id, open_milli, planned_date, origin_kind, origin_id, origin_line) VALUES {}
             ON CONFLICT (company_id, origin_kind, origin_id, origin_line)
             DO UPDATE SET item_id = excluded.item_id, warehouse_id = excluded.warehouse_id, open_milli = excluded.open_milli, planned_date = excluded.planned_date",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for (m, qty) in chunk {
            q = q
                .bind(m.item_id)
                .bind(m.warehouse_id)
                .bind(*qty)
                .bind(m.date.format("%Y-%m-%d").to_string())
                .bind(m.origin.kind.code())
                .bind(m.origin.id)
                .bind(m.origin.line as i64);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    for chunk in gone.chunks(CHUNK) {
        let ph: Vec<String> = (0..chunk.len()).map(|i| format!("(${}, ${}, ${})", 2 + 3 * i, 3 + 3 * i, 4 + 3 * i)).collect();
        let sql = format!("DELETE FROM planned_moves WHERE company_id = $1 AND (origin_kind, origin_id, origin_line) IN (VALUES {})", ph.join(", "));
        let mut q = sqlx::query(&sql).bind(company_id);
        for m in chunk {
            q = q.bind(m.origin.kind.code()).bind(m.origin.id).bind(m.origin.line as i64);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// Consumes `qty` (unsigned) of a planned move as the real move is posted; the open
/// quantity moves toward zero and the planned move disappears when it gets there.
pub async fn consume_planned(tx: &mut Tx, company_id: i64, origin: &Origin, qty: Decimal) -> AppResult<()> {
    consume_planned_many(tx, company_id, &[(origin.clone(), qty)]).await
}

/// [`consume_planned`] for many lines: two statements whatever their number.
pub async fn consume_planned_many(tx: &mut Tx, company_id: i64, consumed: &[(Origin, Decimal)]) -> AppResult<()> {
    for chunk in consumed.chunks(CHUNK) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = 2 + 4 * i;
                format!("(CAST(${} AS TEXT), CAST(${} AS BIGINT), CAST(${} AS BIGINT), CAST(${} AS BIGINT))", b, b + 1, b + 2, b + 3)
            })
            .collect();
        let sql = format!(
            "UPDATE planned_moves AS p SET open_milli = CASE
                 WHEN p.open_milli < 0 THEN (CASE WHEN p.open_milli + v.column4 > 0 THEN 0 ELSE p.open_milli + v.column4 END)
                 ELSE (CASE WHEN p.open_milli - v.column4 < 0 THEN 0 ELSE p.open_milli - v.column4 END) END
             FROM (VALUES {}) AS v
             WHERE p.company_id = $1 AND p.origin_kind = v.column1 AND p.origin_id = v.column2 AND p.origin_line = v.column3",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for (o, qty) in chunk {
            q = q.bind(o.kind.code()).bind(o.id).bind(o.line as i64).bind(to_milli("Quantity", qty.abs())?);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
        let ph: Vec<String> = (0..chunk.len()).map(|i| format!("(${}, ${}, ${})", 2 + 3 * i, 3 + 3 * i, 4 + 3 * i)).collect();
        let sql = format!(
            "DELETE FROM planned_moves WHERE company_id = $1 AND open_milli = 0 AND (origin_kind, origin_id, origin_line) IN (VALUES {})",
            ph.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for (o, _) in chunk {
            q = q.bind(o.kind.code()).bind(o.id).bind(o.line as i64);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

pub async fn cancel_planned(tx: &mut Tx, company_id: i64, origin: &Origin) -> AppResult<()> {
    sqlx::query("DELETE FROM planned_moves WHERE company_id = $1 AND origin_kind = $2 AND origin_id = $3 AND origin_line = $4")
        .bind(company_id)
        .bind(origin.kind.code())
        .bind(origin.id)
        .bind(origin.line as i64)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Figures of an item in every active warehouse.
pub async fn figures(pool: &AnyPool, company_id: i64, item_id: i64) -> AppResult<Vec<Figures>> {
    let rows = sqlx::query(
        "SELECT w.id, w.code, COALESCE(b.physical_milli, 0) AS physical_milli, COALESCE(p.reserved, 0) AS reserved_milli,
                COALESCE(p.incoming, 0) AS incoming_milli, ib.bin
         FROM warehouses w
         LEFT JOIN stock_balances b ON b.company_id = w.company_id AND b.warehouse_id = w.id AND b.item_id = $2
         LEFT JOIN (
             SELECT warehouse_id,
                    CAST(SUM(CASE WHEN open_milli < 0 THEN -open_milli ELSE 0 END) AS BIGINT) AS reserved,
                    CAST(SUM(CASE WHEN open_milli > 0 THEN open_milli ELSE 0 END) AS BIGINT) AS incoming
             FROM planned_moves WHERE company_id = $1 AND item_id = $2 GROUP BY warehouse_id
         ) p ON p.warehouse_id = w.id
         LEFT JOIN item_bins ib ON ib.company_id = w.company_id AND ib.warehouse_id = w.id AND ib.item_id = $2
         WHERE w.company_id = $1 AND (w.active = 1 OR b.physical_milli <> 0)
         ORDER BY w.code",
    )
    .bind(company_id)
    .bind(item_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(Figures::derive(get(r, "id")?, get(r, "code")?, qty(r, "physical_milli")?, qty(r, "reserved_milli")?, qty(r, "incoming_milli")?, get(r, "bin")?))
        })
        .collect()
}

/// The latest moves of an item, newest first. (Ordered by an expression so that no
/// planner walks the company's date index to avoid a sort of the item's few moves.)
/// On hand and free (on hand − reserved) of each item over all warehouses, for lists
/// (one statement for a page of items).
pub async fn totals(pool: &AnyPool, company_id: i64, item_ids: &[i64]) -> AppResult<std::collections::HashMap<i64, (Decimal, Decimal)>> {
    let mut out = std::collections::HashMap::new();
    for ids in item_ids.chunks(500) {
        let list = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let rows = sqlx::query(&format!(
            "SELECT i.id,
                    COALESCE((SELECT CAST(SUM(b.physical_milli) AS BIGINT) FROM stock_balances b WHERE b.company_id = $1 AND b.item_id = i.id), 0) AS on_hand_milli,
                    COALESCE((SELECT CAST(SUM(-p.open_milli) AS BIGINT) FROM planned_moves p WHERE p.company_id = $1 AND p.item_id = i.id AND p.open_milli < 0), 0) AS reserved_milli
             FROM items i WHERE i.company_id = $1 AND i.id IN ({list})"
        ))
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
        for r in &rows {
            let on_hand = qty(r, "on_hand_milli")?;
            out.insert(get::<i64>(r, "id")?, (on_hand, on_hand - qty(r, "reserved_milli")?));
        }
    }
    Ok(out)
}

pub async fn moves(pool: &AnyPool, company_id: i64, item_id: i64, limit: i64) -> AppResult<Vec<MoveRow>> {
    let rows = sqlx::query(
        "SELECT m.id, w.code, m.qty_milli, m.move_date, m.unit_cost_e4, m.origin_kind, m.origin_id, m.reason
         FROM stock_moves m JOIN warehouses w ON w.company_id = m.company_id AND w.id = m.warehouse_id
         WHERE m.company_id = $1 AND m.item_id = $2 ORDER BY m.move_date || '' DESC, m.id DESC LIMIT $3",
    )
    .bind(company_id)
    .bind(item_id)
    .bind(limit)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(MoveRow {
                id: get(r, "id")?,
                warehouse_code: get(r, "code")?,
                qty: qty(r, "qty_milli")?,
                date: crate::db::codec::date(r, "move_date")?,
                unit_cost: cost_from_e4(get(r, "unit_cost_e4")?),
                origin_kind: crate::db::codec::coded(r, "origin_kind", OriginKind::parse)?,
                origin_id: get(r, "origin_id")?,
                reason: get(r, "reason")?,
            })
        })
        .collect()
}

/// Recomputes on-hand from the ledger and lists every (item, warehouse) where the
/// cache differs: (item, warehouse, cached, ledger) quantities in thousandths; empty
/// when cache = ledger. Used by `flyt check` and the tests.
pub async fn cache_mismatches(pool: &AnyPool, company_id: i64) -> AppResult<Vec<(i64, i64, i64, i64)>> {
    compare(
        pool,
        company_id,
        "SELECT item_id, warehouse_id, physical_milli AS n FROM stock_balances WHERE company_id = $1",
        "SELECT item_id, warehouse_id, CAST(SUM(qty_milli) AS BIGINT) AS n FROM stock_moves WHERE company_id = $1 GROUP BY item_id, warehouse_id",
    )
    .await
}

/// [`cache_mismatches`] for the cached value (thousandths × ten-thousandths), which
/// perpetual inventory posts from.
pub async fn value_mismatches(pool: &AnyPool, company_id: i64) -> AppResult<Vec<(i64, i64, i64, i64)>> {
    compare(
        pool,
        company_id,
        "SELECT item_id, warehouse_id, value_e7 AS n FROM stock_balances WHERE company_id = $1",
        "SELECT item_id, warehouse_id, CAST(SUM(qty_milli * unit_cost_e4) AS BIGINT) AS n FROM stock_moves WHERE company_id = $1 GROUP BY item_id, warehouse_id",
    )
    .await
}

/// Two grouped reads compared here: a FULL OUTER JOIN of the two took minutes on
/// SQLite at a million moves, the grouped scan of the covering index seconds.
async fn compare(pool: &AnyPool, company_id: i64, cached: &str, ledger: &str) -> AppResult<Vec<(i64, i64, i64, i64)>> {
    let cached = grouped(pool, company_id, cached).await?;
    let ledger = grouped(pool, company_id, ledger).await?;
    let keys: std::collections::BTreeSet<&(i64, i64)> = cached.keys().chain(ledger.keys()).collect();
    Ok(keys
        .into_iter()
        .filter_map(|k| {
            let (c, l) = (cached.get(k).copied().unwrap_or(0), ledger.get(k).copied().unwrap_or(0));
            (c != l).then_some((k.0, k.1, c, l))
        })
        .collect())
}

async fn grouped(pool: &AnyPool, company_id: i64, sql: &str) -> AppResult<BTreeMap<(i64, i64), i64>> {
    let rows = sqlx::query(sql).bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    rows.iter().map(|r| Ok(((get::<i64>(r, "item_id")?, get::<i64>(r, "warehouse_id")?), get::<i64>(r, "n")?))).collect()
}

/// The data of the item profile: every posted move and every open planned move.
pub async fn profile_data(pool: &AnyPool, company_id: i64, item: &crate::catalog::model::Item) -> AppResult<crate::stock::profile::ProfileData> {
    use crate::stock::profile::{ProfileData, ProfileEntry};
    let entry = |r: &sqlx::any::AnyRow| -> AppResult<ProfileEntry> {
        Ok(ProfileEntry {
            date: crate::db::codec::date(r, "day")?,
            warehouse_id: get(r, "warehouse_id")?,
            qty: qty(r, "qty_milli")?,
            origin_kind: crate::db::codec::coded(r, "origin_kind", OriginKind::parse)?,
            origin_id: get(r, "origin_id")?,
        })
    };
    let history = sqlx::query(
        "SELECT move_date AS day, warehouse_id, qty_milli, origin_kind, origin_id FROM stock_moves
         WHERE company_id = $1 AND item_id = $2 ORDER BY move_date || '', id",
    )
    .bind(company_id)
    .bind(item.id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let planned = sqlx::query(
        "SELECT planned_date AS day, warehouse_id, open_milli AS qty_milli, origin_kind, origin_id FROM planned_moves
         WHERE company_id = $1 AND item_id = $2 ORDER BY planned_date, id",
    )
    .bind(company_id)
    .bind(item.id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let warehouses = sqlx::query("SELECT id, code FROM warehouses WHERE company_id = $1 ORDER BY code")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?
        .iter()
        .map(|r| Ok((get(r, "id")?, get(r, "code")?)))
        .collect::<AppResult<_>>()?;
    Ok(ProfileData {
        item_no: item.item_no.clone(),
        description: item.description.clone(),
        safety_stock: item.safety_stock,
        warehouses,
        today: crate::setup::store::today(pool, company_id).await?,
        history: history.iter().map(entry).collect::<AppResult<_>>()?,
        planned: planned.iter().map(entry).collect::<AppResult<_>>()?,
    })
}

/// The valuation report as of a date (inclusive), optionally for one warehouse.
/// Reads the monthly closing the date starts from (materialising it the first time)
/// and the moves of the part month after it.
pub async fn valuation(
    db: &crate::db::Db,
    company_id: i64,
    as_of: chrono::NaiveDate,
    warehouse_id: Option<i64>,
) -> AppResult<crate::stock::valuation::ValuationReport> {
    use crate::stock::valuation::{average_value, fifo_value, ValuationReport, ValuationRow};
    let pool = &db.pool;
    let period = super::closing::closing_for(as_of);
    super::closing::ensure(db, company_id, &period).await?;
    let period_end = super::closing::period_end(&period).unwrap_or_default();
    use crate::setup::model::Valuation;
    let code: String = sqlx::query_scalar("SELECT valuation_method FROM companies WHERE id = $1").bind(company_id).fetch_one(pool).await.map_err(db_err)?;
    let method = Valuation::parse(&code).ok_or_else(|| crate::error::AppError::Internal(format!("companies.valuation_method: unknown code '{code}'")))?;
    let date = as_of.format("%Y-%m-%d").to_string();
    let wh = warehouse_id.unwrap_or(0);
    // the closing's rows and the part month's sums, read at once on two connections and
    // merged here; ~100 000 rows, each side packed into one text (see `db::packed`: row
    // by row they cost more than the queries). Summing the two in SQL (UNION ALL + GROUP
    // BY) sorts every closing row again; that measured slower than the merge.
    const COLUMNS: [&str; 7] = ["item_id", "warehouse_id", "item_no", "description", "code", "qty", "value"];
    let closing_sql = crate::db::packed::sql(
        db.backend,
        &COLUMNS,
        "SELECT c.item_id, c.warehouse_id, i.item_no, i.description, w.code, c.qty_milli AS qty, c.value_e7 AS value
         FROM stock_closing c
         JOIN items i ON i.company_id = c.company_id AND i.id = c.item_id
         JOIN warehouses w ON w.company_id = c.company_id AND w.id = c.warehouse_id
         WHERE c.company_id = $1 AND c.period = $2 AND ($3 = 0 OR c.warehouse_id = $3)",
    );
    // the part month through the date index: SQLite's planner would rather walk the
    // per-item index (already in GROUP BY order) over all the company's moves
    let by_date = match db.backend {
        crate::db::Backend::Sqlite => "INDEXED BY stock_moves_by_date",
        crate::db::Backend::Postgres => "",
    };
    let part_sql = crate::db::packed::sql(
        db.backend,
        &COLUMNS,
        &format!(
            "SELECT m.item_id, m.warehouse_id, i.item_no, i.description, w.code, m.qty, m.value
             FROM (SELECT item_id, warehouse_id, CAST(SUM(qty_milli) AS BIGINT) AS qty, CAST(SUM(qty_milli * unit_cost_e4) AS BIGINT) AS value
                   FROM stock_moves {by_date}
                   WHERE company_id = $1 AND move_date > $2 AND move_date <= $3 AND ($4 = 0 OR warehouse_id = $4)
                   GROUP BY item_id, warehouse_id) m
             JOIN items i ON i.company_id = $1 AND i.id = m.item_id
             JOIN warehouses w ON w.company_id = $1 AND w.id = m.warehouse_id"
        ),
    );
    let closing = async { sqlx::query_scalar::<_, String>(&closing_sql).bind(company_id).bind(&period).bind(wh).fetch_one(pool).await };
    let part = async {
        if period_end >= date {
            return Ok(String::new());
        }
        sqlx::query_scalar::<_, String>(&part_sql).bind(company_id).bind(&period_end).bind(&date).bind(wh).fetch_one(pool).await
    };
    let (closing, part) = tokio::try_join!(closing, part).map_err(db_err)?;
    // (item, warehouse) → (item no, description, warehouse code, quantity, value)
    let mut sums: Vec<((i64, i64), &str, &str, &str, i64, i128)> = Vec::new();
    let mut at: std::collections::HashMap<(i64, i64), usize> = std::collections::HashMap::new();
    for (text, what) in [(&closing, "valuation closing"), (&part, "valuation part month")] {
        for r in crate::db::packed::rows(text, 7, what) {
            let r = r?;
            let key = (r.int(0)?, r.int(1)?);
            let (qty, value) = (r.int(5)?, r.int(6)? as i128);
            match at.get(&key) {
                Some(&k) => {
                    sums[k].4 += qty;
                    sums[k].5 += value;
                }
                None => {
                    at.insert(key, sums.len());
                    sums.push((key, r.text(2), r.text(3), r.text(4), qty, value));
                }
            }
        }
    }
    let mut receipts: std::collections::HashMap<(i64, i64), Vec<(Decimal, Decimal)>> = std::collections::HashMap::new();
    if method == Valuation::Fifo {
        let rows = sqlx::query(
            "SELECT item_id, warehouse_id, qty_milli, unit_cost_e4 FROM stock_moves
             WHERE company_id = $1 AND move_date <= $2 AND qty_milli > 0 AND ($3 = 0 OR warehouse_id = $3)
             ORDER BY move_date DESC, id DESC",
        )
        .bind(company_id)
        .bind(&date)
        .bind(wh)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
        for r in &rows {
            receipts.entry((get(r, "item_id")?, get(r, "warehouse_id")?)).or_default().push((qty(r, "qty_milli")?, cost_from_e4(get(r, "unit_cost_e4")?)));
        }
    }
    let mut out = Vec::with_capacity(sums.len());
    let mut total = crate::core::money::cents(Decimal::ZERO);
    for (key, item_no, description, warehouse_code, qty, value) in sums.into_iter().filter(|s| s.4 != 0) {
        let qty = from_milli(qty);
        let value = if method == Valuation::Fifo { fifo_value(qty, receipts.get(&key).map(Vec::as_slice).unwrap_or(&[])) } else { average_value(value) };
        total += value;
        out.push(ValuationRow { item_no: item_no.to_string(), description: description.to_string(), warehouse_code: warehouse_code.to_string(), qty, value });
    }
    // sorted here: PostgreSQL's collation-aware sort of 100 000 item numbers cost
    // a third of the report; byte order is the same on both databases
    out.sort_unstable_by(|a, b| (&a.item_no, &a.warehouse_code).cmp(&(&b.item_no, &b.warehouse_code)));
    Ok(ValuationReport { as_of, method, rows: out, total })
}

/// Active stock items whose physical quantity over all warehouses is below their safety stock.
pub async fn below_safety(pool: &AnyPool, company_id: i64) -> AppResult<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM items i WHERE i.company_id = $1 AND i.active = 1 AND i.kind = 'stock' AND i.safety_stock_milli > 0
         AND COALESCE((SELECT SUM(b.physical_milli) FROM stock_balances b WHERE b.company_id = i.company_id AND b.item_id = i.id), 0) < i.safety_stock_milli",
    )
    .bind(company_id)
    .fetch_one(pool)
    .await
    .map_err(db_err)
}

/// Whether the company keeps perpetual inventory, read inside a transaction.
pub async fn perpetual_in(tx: &mut Tx, company_id: i64) -> AppResult<bool> {
    let r = sqlx::query("SELECT perpetual_inventory FROM companies WHERE id = $1").bind(company_id).fetch_one(&mut **tx).await.map_err(db_err)?;
    crate::db::codec::flag(&r, "perpetual_inventory")
}

pub async fn set_perpetual(tx: &mut Tx, company_id: i64, on: bool) -> AppResult<()> {
    sqlx::query("UPDATE companies SET perpetual_inventory = $2 WHERE id = $1").bind(company_id).bind(on as i32).execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

/// How the company values its stock.
pub async fn valuation_method(tx: &mut Tx, company_id: i64) -> AppResult<crate::setup::model::Valuation> {
    let r = sqlx::query("SELECT valuation_method FROM companies WHERE id = $1").bind(company_id).fetch_one(&mut **tx).await.map_err(db_err)?;
    crate::db::codec::coded(&r, "valuation_method", crate::setup::model::Valuation::parse)
}

/// What every item holds in every warehouse: (quantity in thousandths, value in
/// thousandths × ten-thousandths), the pairs that hold anything.
pub async fn balances(tx: &mut Tx, company_id: i64) -> AppResult<Vec<(i64, i64)>> {
    let rows = sqlx::query("SELECT physical_milli, value_e7 FROM stock_balances WHERE company_id = $1 AND (physical_milli <> 0 OR value_e7 <> 0)")
        .bind(company_id)
        .fetch_all(&mut **tx)
        .await
        .map_err(db_err)?;
    rows.iter().map(|r| Ok((get(r, "physical_milli")?, get(r, "value_e7")?))).collect()
}

/// Free quantity (on hand − reserved) of every active stock item in a warehouse, by
/// item number: what a webshop may sell.
pub async fn free_by_item(pool: &AnyPool, company_id: i64, warehouse_id: i64) -> AppResult<Vec<(String, Decimal)>> {
    let rows = sqlx::query(
        "SELECT i.item_no,
                COALESCE((SELECT b.physical_milli FROM stock_balances b WHERE b.company_id = i.company_id AND b.item_id = i.id AND b.warehouse_id = $2), 0)
                - COALESCE((SELECT CAST(SUM(-p.open_milli) AS BIGINT) FROM planned_moves p
                            WHERE p.company_id = i.company_id AND p.item_id = i.id AND p.warehouse_id = $2 AND p.open_milli < 0), 0) AS free_milli
         FROM items i WHERE i.company_id = $1 AND i.kind = 'stock' AND i.active = 1 ORDER BY i.item_no",
    )
    .bind(company_id)
    .bind(warehouse_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(|r| Ok((get(r, "item_no")?, qty(r, "free_milli")?))).collect()
}
