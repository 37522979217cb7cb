//! SQL of the quotes report: the quotes of the period with what their status needs
//! and the net ordered from them, and the quoted lines that changed in their orders.
use rust_decimal::Decimal;
use sqlx::AnyPool;

use super::model::{LineChange, QuoteBy, QuoteFact, QuotesFilter};
use crate::db::codec::{self, get};
use crate::db::db_err;
use crate::error::AppResult;
use crate::reports::store::{after, names};
use crate::sales::model::{quote_status, Acceptance};

/// The conditions after the period (`$1` company, `$2`/`$3` the dates) and their values.
fn conditions(f: &QuotesFilter, customer_id: Option<i64>) -> (String, Vec<i64>) {
    let mut sql = String::new();
    let mut args = Vec::new();
    for (col, v) in [("q.seller_id", f.seller), ("q.customer_id", customer_id)] {
        if let Some(v) = v {
            args.push(v);
            sql.push_str(&format!(" AND {col} = ${}", 3 + args.len()));
        }
    }
    (sql, args)
}

/// Each quote of the period within the filters: its group, status as of `today`,
/// quoted net and the net of the (not cancelled) order lines made from it.
pub async fn quotes(pool: &AnyPool, company_id: i64, f: &QuotesFilter, customer_id: Option<i64>, today: chrono::NaiveDate) -> AppResult<Vec<QuoteFact>> {
    let (cond, args) = conditions(f, customer_id);
    let sql = format!(
        "SELECT q.id, q.quote_date, q.valid_until, q.lost_reason IS NOT NULL AS lost, q.sent_at IS NOT NULL AS sent, q.net_minor, COALESCE(q.seller_id, 0) AS seller_id,
            p.customer_no, p.name,
            (SELECT COUNT(*) FROM quote_lines l WHERE l.company_id = q.company_id AND l.quote_id = q.id AND l.ordered_milli > 0) AS ordered_lines,
            (SELECT COUNT(*) FROM quote_lines l WHERE l.company_id = q.company_id AND l.quote_id = q.id AND l.kind = 'item' AND l.ordered_milli < l.qty_milli) AS open_lines,
            (SELECT CAST(COALESCE(SUM(ol.net_minor), 0) AS BIGINT) FROM quote_lines l
                JOIN order_lines ol ON ol.company_id = l.company_id AND ol.quote_line_id = l.id
                JOIN orders o ON o.company_id = ol.company_id AND o.id = ol.order_id AND o.cancelled_at IS NULL
             WHERE l.company_id = q.company_id AND l.quote_id = q.id) AS ordered_net
         FROM quotes q JOIN parties p ON p.company_id = q.company_id AND p.id = q.customer_id
         WHERE q.company_id = $1 AND q.quote_date >= $2 AND q.quote_date < $3{cond} ORDER BY q.id"
    );
    let mut q = sqlx::query(&sql).bind(company_id).bind(format!("{}-01", f.from.code())).bind(after(f.to));
    for a in &args {
        q = q.bind(*a);
    }
    let rows = q.fetch_all(pool).await.map_err(db_err)?;
    let sellers: Vec<i64> = rows.iter().map(|r| get::<i64>(r, "seller_id")).collect::<AppResult<_>>()?;
    let seller_names = if f.by == QuoteBy::Seller {
        let sql = "SELECT u.id, CAST(u.id AS TEXT) AS k, u.name FROM users u JOIN memberships m ON m.user_id = u.id AND m.company_id = $1 WHERE u.id IN";
        names(pool, sql, company_id, &sellers).await?
    } else {
        Default::default()
    };
    rows.iter()
        .map(|r| {
            let valid = codec::date(r, "valid_until")?;
            let status = quote_status(
                codec::cond(r, "lost")?,
                codec::cond(r, "sent")?,
                valid,
                today,
                Acceptance::of_counts(get(r, "ordered_lines")?, get(r, "open_lines")?),
            );
            let (key, label) = match f.by {
                QuoteBy::Seller => {
                    let id: i64 = get(r, "seller_id")?;
                    seller_names.get(&id).cloned().unwrap_or_else(|| (if id == 0 { String::new() } else { id.to_string() }, String::new()))
                }
                QuoteBy::Customer => (get::<Option<String>>(r, "customer_no")?.unwrap_or_default(), get(r, "name")?),
                QuoteBy::Month => {
                    let m: String = get::<String>(r, "quote_date")?.chars().take(7).collect();
                    (m.clone(), m)
                }
            };
            Ok(QuoteFact { key, label, status, quoted: codec::money(r, "net_minor")?, ordered: codec::money(r, "ordered_net")? })
        })
        .collect()
}

/// The quoted lines whose order line differs in quantity, price or discount, oldest
/// quote first, at most `limit`.
pub async fn changes(pool: &AnyPool, company_id: i64, f: &QuotesFilter, customer_id: Option<i64>, limit: i64) -> AppResult<Vec<LineChange>> {
    let (cond, args) = conditions(f, customer_id);
    let sql = format!(
        "SELECT q.quote_no, o.order_no, COALESCE(i.item_no, '') AS item_no, l.description, l.qty_milli AS qq, ol.qty_milli AS oq, l.price_minor AS qp, ol.price_minor AS op,
            l.discount_bp AS qd, ol.discount_bp AS od, l.net_minor AS qn, ol.net_minor AS onet
         FROM quotes q JOIN quote_lines l ON l.company_id = q.company_id AND l.quote_id = q.id
         JOIN order_lines ol ON ol.company_id = l.company_id AND ol.quote_line_id = l.id
         JOIN orders o ON o.company_id = ol.company_id AND o.id = ol.order_id AND o.cancelled_at IS NULL
         LEFT JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         WHERE q.company_id = $1 AND q.quote_date >= $2 AND q.quote_date < $3{cond}
           AND (ol.qty_milli <> l.qty_milli OR ol.price_minor <> l.price_minor OR ol.discount_bp <> l.discount_bp)
         ORDER BY q.quote_date, q.quote_no, l.line_no, o.order_no LIMIT {limit}"
    );
    let mut q = sqlx::query(&sql).bind(company_id).bind(format!("{}-01", f.from.code())).bind(after(f.to));
    for a in &args {
        q = q.bind(*a);
    }
    let rows = q.fetch_all(pool).await.map_err(db_err)?;
    let pct = |r: &sqlx::any::AnyRow, col: &str| -> AppResult<Decimal> { Ok(Decimal::new(get::<i64>(r, col)?, 2)) };
    rows.iter()
        .map(|r| {
            Ok(LineChange {
                quote_no: get(r, "quote_no")?,
                order_no: get(r, "order_no")?,
                item_no: get(r, "item_no")?,
                description: get(r, "description")?,
                quoted_qty: codec::qty(r, "qq")?,
                ordered_qty: codec::qty(r, "oq")?,
                quoted_price: codec::money(r, "qp")?,
                ordered_price: codec::money(r, "op")?,
                quoted_discount: pct(r, "qd")?,
                ordered_discount: pct(r, "od")?,
                net_change: codec::money(r, "onet")? - codec::money(r, "qn")?,
            })
        })
        .collect()
}
