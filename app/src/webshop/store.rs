//! SQL of the webshop connector: the connection, the shop orders seen, the shop's
//! customers, and the workers' claim on a shop.
use sqlx::AnyPool;

use super::model::{ImportState, PollCursor, ShopKind, ShopOrderRow, Webshop};
use crate::db::codec::{coded, flag, get};
use crate::db::{db_err, now_ms};
use crate::error::{AppError, AppResult};

/// The stored connection with its ids and secret, as the workers use it.
#[derive(Clone, Debug)]
pub struct ShopRow {
    pub company_id: i64,
    pub kind: ShopKind,
    pub url: String,
    pub username: String,
    pub secret: String,
    pub warehouse_id: i64,
    pub warehouse: String,
    pub price_list_id: Option<i64>,
    pub customer_group: String,
    pub items: super::model::LineItems,
    pub poll_seconds: i64,
    pub active: bool,
    pub cursor: PollCursor,
    pub events_seq: i64,
    pub push_failures: i64,
    pub resync: bool,
    pub created_by: i64,
    pub next_poll_at: i64,
}

/// The event kinds a shop is sent: stock, prices, deliveries.
pub const PUSHED: &str = "'stock_changed','price_changed','delivery_posted'";

const COLS: &str = "s.company_id, s.kind, s.url, s.username, s.secret, s.warehouse_id, w.code AS warehouse, s.price_list_id, s.customer_group,
    s.shipping_item, s.discount_item, s.rounding_item, s.poll_seconds, s.active, s.cursor_at, s.cursor_id, s.events_seq, s.push_failures, s.resync, s.created_by,
    s.last_poll_at, s.next_poll_at, s.last_error, s.push_error, COALESCE(l.name, '') AS price_list";

const FROM: &str = "FROM webshops s JOIN warehouses w ON w.company_id = s.company_id AND w.id = s.warehouse_id
    LEFT JOIN price_lists l ON l.company_id = s.company_id AND l.id = s.price_list_id";

/// The sealed column of the shop user's password (see `db::secrets`).
const SECRET: &str = "webshops.secret";

fn row(r: &sqlx::any::AnyRow) -> AppResult<ShopRow> {
    let company_id = get(r, "company_id")?;
    Ok(ShopRow {
        company_id,
        kind: coded(r, "kind", ShopKind::parse)?,
        url: get(r, "url")?,
        username: get(r, "username")?,
        secret: crate::db::secrets::open(company_id, SECRET, &get::<String>(r, "secret")?)?,
        warehouse_id: get(r, "warehouse_id")?,
        warehouse: get(r, "warehouse")?,
        price_list_id: get(r, "price_list_id")?,
        customer_group: get(r, "customer_group")?,
        items: super::model::LineItems { shipping: get(r, "shipping_item")?, discount: get(r, "discount_item")?, rounding: get(r, "rounding_item")? },
        poll_seconds: get(r, "poll_seconds")?,
        active: flag(r, "active")?,
        cursor: PollCursor { at: get(r, "cursor_at")?, id: get(r, "cursor_id")? },
        events_seq: get(r, "events_seq")?,
        push_failures: get(r, "push_failures")?,
        resync: flag(r, "resync")?,
        created_by: get(r, "created_by")?,
        next_poll_at: get(r, "next_poll_at")?,
    })
}

pub async fn shop(pool: &AnyPool, company_id: i64) -> AppResult<Option<ShopRow>> {
    let r = sqlx::query(&format!("SELECT {COLS} {FROM} WHERE s.company_id = $1")).bind(company_id).fetch_optional(pool).await.map_err(db_err)?;
    r.as_ref().map(row).transpose()
}

/// The connection as the page shows it, with the events still to push.
pub async fn shown(pool: &AnyPool, company_id: i64) -> AppResult<Option<Webshop>> {
    let sql = format!(
        "SELECT {COLS}, (SELECT COUNT(*) FROM events e WHERE e.company_id = s.company_id AND e.seq > s.events_seq AND e.kind IN ({PUSHED})) AS pending
         {FROM} WHERE s.company_id = $1"
    );
    let Some(r) = sqlx::query(&sql).bind(company_id).fetch_optional(pool).await.map_err(db_err)? else { return Ok(None) };
    let s = row(&r)?;
    Ok(Some(Webshop {
        kind: s.kind.code().to_string(),
        url: s.url,
        username: s.username,
        warehouse: s.warehouse,
        price_list: get(&r, "price_list")?,
        price_list_id: s.price_list_id,
        customer_group: s.customer_group,
        shipping_item: s.items.shipping,
        discount_item: s.items.discount,
        rounding_item: s.items.rounding,
        poll_seconds: s.poll_seconds,
        active: s.active,
        last_poll_at: get(&r, "last_poll_at")?,
        next_poll_at: s.next_poll_at,
        last_error: get(&r, "last_error")?,
        pending_pushes: get(&r, "pending")?,
        push_error: get(&r, "push_error")?,
        push_failures: s.push_failures,
        resync: s.resync,
    }))
}

/// What a save writes.
pub struct Saved<'a> {
    pub checked: &'a super::model::CheckedShop,
    pub secret: Option<&'a str>,
    pub warehouse_id: i64,
    pub price_list_id: Option<i64>,
    pub items: &'a super::model::LineItems,
}

/// Creates or changes the company's connection (one statement). A new connection
/// pushes from the events of now on (and everything once, by the resync); one moved to
/// another shop, user, warehouse or price list is sent everything again, and another
/// shop is read from the beginning.
pub async fn save(pool: &AnyPool, company_id: i64, user_id: i64, s: &Saved<'_>) -> AppResult<()> {
    if s.secret.is_none() && shop(pool, company_id).await?.is_none() {
        return Err(AppError::invalid("Give the shop user's password"));
    }
    let c = s.checked;
    let secret = s.secret.map(|x| crate::db::secrets::seal(company_id, SECRET, x)).transpose()?;
    sqlx::query(
        "INSERT INTO webshops (company_id, kind, url, username, secret, warehouse_id, price_list_id, customer_group, shipping_item, discount_item, rounding_item,
            poll_seconds, active, created_by, created_at, updated_at, events_seq)
         VALUES ($1, $2, $3, $4, COALESCE($5, (SELECT o.secret FROM webshops o WHERE o.company_id = $1)), $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15,
            (SELECT COALESCE(MAX(seq), 0) FROM events WHERE company_id = $1))
         ON CONFLICT (company_id) DO UPDATE SET kind = $2, url = $3, username = $4, secret = COALESCE($5, webshops.secret), warehouse_id = $6,
            price_list_id = $7, customer_group = $8, shipping_item = $9, discount_item = $10, rounding_item = $11, poll_seconds = $12, active = $13,
            updated_at = $15, next_poll_at = 0, next_push_at = 0, push_failures = 0, push_error = '', last_error = '',
            resync = CASE WHEN webshops.url <> $3 OR webshops.username <> $4 OR webshops.warehouse_id <> $6
                               OR COALESCE(webshops.price_list_id, 0) <> COALESCE($7, 0) THEN 1 ELSE webshops.resync END,
            cursor_at = CASE WHEN webshops.url <> $3 THEN 0 ELSE webshops.cursor_at END,
            cursor_id = CASE WHEN webshops.url <> $3 THEN '' ELSE webshops.cursor_id END",
    )
    .bind(company_id)
    .bind(c.kind.code())
    .bind(&c.url)
    .bind(&c.username)
    .bind(secret)
    .bind(s.warehouse_id)
    .bind(s.price_list_id)
    .bind(&c.customer_group)
    .bind(&s.items.shipping)
    .bind(&s.items.discount)
    .bind(&s.items.rounding)
    .bind(c.poll_seconds)
    .bind(c.active as i64)
    .bind(user_id)
    .bind(now_ms())
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Active shops with a poll or a push due now, not claimed by another server.
pub async fn due(pool: &AnyPool, now: i64) -> AppResult<Vec<i64>> {
    let sql = format!(
        "SELECT s.company_id FROM webshops s WHERE s.active = 1 AND s.claimed_until < $1 AND (s.next_poll_at <= $1
            OR (s.next_push_at <= $1 AND (s.resync = 1 OR EXISTS (SELECT 1 FROM events e WHERE e.company_id = s.company_id AND e.seq > s.events_seq AND e.kind IN ({PUSHED})))))
         ORDER BY s.company_id LIMIT 100"
    );
    sqlx::query_scalar(&sql).bind(now).fetch_all(pool).await.map_err(db_err)
}

/// Claims a shop for `for_ms` (one server works on it at a time); false if another has it.
pub async fn claim(pool: &AnyPool, company_id: i64, now: i64, for_ms: i64) -> AppResult<bool> {
    let n = sqlx::query("UPDATE webshops SET claimed_until = $3 WHERE company_id = $1 AND claimed_until < $2")
        .bind(company_id)
        .bind(now)
        .bind(now + for_ms)
        .execute(pool)
        .await
        .map_err(db_err)?
        .rows_affected();
    Ok(n == 1)
}

pub async fn release(pool: &AnyPool, company_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE webshops SET claimed_until = 0 WHERE company_id = $1").bind(company_id).execute(pool).await.map_err(db_err)?;
    Ok(())
}

/// Where a poll came to, when the next is due and what went wrong (empty: nothing).
pub async fn polled(pool: &AnyPool, company_id: i64, cursor: &PollCursor, next_poll_at: i64, error: &str) -> AppResult<()> {
    sqlx::query("UPDATE webshops SET cursor_at = $2, cursor_id = $3, next_poll_at = $4, last_poll_at = $5, last_error = $6 WHERE company_id = $1")
        .bind(company_id)
        .bind(cursor.at)
        .bind(&cursor.id)
        .bind(next_poll_at)
        .bind(now_ms())
        .bind(error)
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// A push went through up to event `seq` (the resync, if asked, is done).
pub async fn pushed(pool: &AnyPool, company_id: i64, seq: i64, resynced: bool) -> AppResult<()> {
    sqlx::query(
        "UPDATE webshops SET events_seq = $2, push_failures = 0, push_error = '', next_push_at = 0, resync = CASE WHEN $3 = 1 THEN 0 ELSE resync END
         WHERE company_id = $1",
    )
    .bind(company_id)
    .bind(seq)
    .bind(resynced as i64)
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// A push failed: tried again at `next_push_at`, the reason shown.
pub async fn push_failed(pool: &AnyPool, company_id: i64, next_push_at: i64, error: &str) -> AppResult<()> {
    sqlx::query("UPDATE webshops SET push_failures = push_failures + 1, next_push_at = $2, push_error = $3 WHERE company_id = $1")
        .bind(company_id)
        .bind(next_push_at)
        .bind(error)
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// "Resync all" and "Import now": everything is pushed, and the poll runs, at once.
pub async fn nudge(pool: &AnyPool, company_id: i64, resync: bool) -> AppResult<bool> {
    let n = sqlx::query("UPDATE webshops SET next_poll_at = 0, next_push_at = 0, resync = CASE WHEN $2 = 1 THEN 1 ELSE resync END WHERE company_id = $1")
        .bind(company_id)
        .bind(resync as i64)
        .execute(pool)
        .await
        .map_err(db_err)?
        .rows_affected();
    Ok(n == 1)
}

/// What Flyt did with a shop order: (state, Flyt order id, the order as read).
pub async fn shop_order(pool: &AnyPool, company_id: i64, shop_order_id: &str) -> AppResult<Option<(ImportState, Option<i64>, String)>> {
    let r = sqlx::query("SELECT state, order_id, payload FROM shop_orders WHERE company_id = $1 AND shop_order_id = $2")
        .bind(company_id)
        .bind(shop_order_id)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    r.map(|r| Ok((coded(&r, "state", ImportState::parse)?, get(&r, "order_id")?, get(&r, "payload")?))).transpose()
}

/// Records what became of a shop order.
pub async fn record(pool: &AnyPool, company_id: i64, o: &super::model::ShopOrder, state: ImportState, order_id: Option<i64>, problem: &str) -> AppResult<()> {
    let payload = serde_json::to_string(o).map_err(|e| AppError::Internal(e.to_string()))?;
    let now = now_ms();
    sqlx::query(
        "INSERT INTO shop_orders (company_id, shop_order_id, code, state, order_id, problem, payload, shop_updated_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
         ON CONFLICT (company_id, shop_order_id) DO UPDATE SET code = $3, state = $4, order_id = COALESCE($5, shop_orders.order_id), problem = $6,
            payload = $7, shop_updated_at = $8, updated_at = $9",
    )
    .bind(company_id)
    .bind(&o.id)
    .bind(&o.code)
    .bind(state.code())
    .bind(order_id)
    .bind(problem)
    .bind(payload)
    .bind(o.updated_at)
    .bind(now)
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Marks shop orders shipped.
pub async fn shipped(pool: &AnyPool, company_id: i64, shop_order_id: &str) -> AppResult<()> {
    sqlx::query("UPDATE shop_orders SET state = 'shipped', updated_at = $3 WHERE company_id = $1 AND shop_order_id = $2 AND state = 'imported'")
        .bind(company_id)
        .bind(shop_order_id)
        .bind(now_ms())
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// The shop orders waiting with a problem: each as read, to try again.
pub async fn problems(pool: &AnyPool, company_id: i64) -> AppResult<Vec<String>> {
    sqlx::query_scalar("SELECT payload FROM shop_orders WHERE company_id = $1 AND state = 'problem' ORDER BY shop_updated_at LIMIT 500")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)
}

/// The shop orders for the page: problems and credit notes to make first, then the latest.
pub async fn rows(pool: &AnyPool, company_id: i64, limit: i64) -> AppResult<Vec<ShopOrderRow>> {
    let rows = sqlx::query(
        "SELECT s.shop_order_id, s.code, s.state, o.order_no, s.problem, s.updated_at FROM shop_orders s
         LEFT JOIN orders o ON o.company_id = s.company_id AND o.id = s.order_id
         WHERE s.company_id = $1
         ORDER BY CASE WHEN s.state IN ('problem', 'credit_needed') THEN 0 ELSE 1 END, s.updated_at DESC LIMIT $2",
    )
    .bind(company_id)
    .bind(limit)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(ShopOrderRow {
                shop_order_id: get(r, "shop_order_id")?,
                code: get(r, "code")?,
                state: coded(r, "state", ImportState::parse)?,
                order_no: get(r, "order_no")?,
                problem: get(r, "problem")?,
                updated_at: get(r, "updated_at")?,
            })
        })
        .collect()
}

/// The customer a shop customer was matched to or created as (its number).
pub async fn customer_of(pool: &AnyPool, company_id: i64, shop_customer_id: &str) -> AppResult<Option<String>> {
    sqlx::query_scalar(
        "SELECT p.customer_no FROM shop_customers s JOIN parties p ON p.company_id = s.company_id AND p.id = s.party_id
         WHERE s.company_id = $1 AND s.shop_customer_id = $2 AND p.active = 1 AND p.customer_no IS NOT NULL",
    )
    .bind(company_id)
    .bind(shop_customer_id)
    .fetch_optional(pool)
    .await
    .map_err(db_err)
}

pub async fn link_customer(pool: &AnyPool, company_id: i64, shop_customer_id: &str, party_id: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO shop_customers (company_id, shop_customer_id, party_id) VALUES ($1, $2, $3)
         ON CONFLICT (company_id, shop_customer_id) DO UPDATE SET party_id = $3",
    )
    .bind(company_id)
    .bind(shop_customer_id)
    .bind(party_id)
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(())
}
