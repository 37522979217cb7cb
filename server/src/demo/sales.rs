//! Demo sales: a year of quotes, orders and deliveries per demo company, made
//! through the sales service (so every figure is a real posting), then dated over
//! the past year.
use app::auth::service::AuthCtx;
use app::db::Db;
use app::sales::lines::{LineInput, LineKind};
use app::sales::model::{ChosenLine, DeliverLine, DocInput};
use app::sales::service;
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

use super::{Gen, Scale};

fn day(today: NaiveDate, back: u64) -> String {
    (today - Duration::days(back as i64)).format("%Y-%m-%d").to_string()
}

/// Quotes (some lost, most copied in part or whole to orders), direct orders, and
/// deliveries of most orders (some partial), for every company the demo user administers.
pub async fn load(db: &Db, g: &mut Gen, user_id: i64, scale: Scale) -> Result<(), String> {
    let e = |e: app::error::AppError| e.to_string();
    let companies: Vec<i64> = sqlx::query_scalar("SELECT company_id FROM memberships WHERE user_id = $1 ORDER BY company_id")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await
        .map_err(|e| e.to_string())?;
    let (quotes, orders) = match scale {
        Scale::Small => (12, 16),
        Scale::Large => (400, 1200),
    };
    for company_id in companies {
        let country = app::setup::store::company(&db.pool, company_id).await.map_err(e)?.country;
        let ctx = AuthCtx::admin(user_id, company_id, &country);
        let today = ctx.today();
        let customers: Vec<String> = sqlx::query_scalar("SELECT customer_no FROM parties WHERE company_id = $1 AND is_customer = 1 AND active = 1 ORDER BY id")
            .bind(company_id)
            .fetch_all(&db.pool)
            .await
            .map_err(|e| e.to_string())?;
        let items: Vec<String> = sqlx::query_scalar("SELECT item_no FROM items WHERE company_id = $1 AND active = 1 ORDER BY id")
            .bind(company_id)
            .fetch_all(&db.pool)
            .await
            .map_err(|e| e.to_string())?;
        if customers.is_empty() || items.is_empty() {
            continue;
        }
        let doc = |g: &mut Gen, n: usize| DocInput {
            customer_no: customers[g.below(customers.len() as u64) as usize].clone(),
            your_ref: ["", "Innkjøp", "Prosjekt nord", "Lager"][g.below(4) as usize].into(),
            lines: (0..n)
                .map(|_| LineInput {
                    item_no: items[g.below(items.len() as u64) as usize].clone(),
                    qty: Decimal::from(1 + g.below(4) as i64),
                    ..Default::default()
                })
                .chain(std::iter::once(LineInput { kind: LineKind::Text, description: "Levering etter avtale.".into(), ..Default::default() }))
                .collect(),
            ..Default::default()
        };
        let mut made: Vec<(String, u64)> = Vec::new();
        for _ in 0..quotes {
            let back = g.below(360);
            let n = 1 + g.below(4) as usize;
            let input = doc(g, n);
            let q = service::create_quote(db, &ctx, &input).await.map_err(e)?;
            sqlx::query("UPDATE quotes SET quote_date = $3, valid_until = $4 WHERE company_id = $1 AND id = $2")
                .bind(company_id)
                .bind(q.id)
                .bind(day(today, back))
                .bind(day(today, back.saturating_sub(30)))
                .execute(&db.pool)
                .await
                .map_err(|e| e.to_string())?;
            match g.below(10) {
                0 | 1 => {
                    service::mark_quote(db, &ctx, &q.number, false, Some("Valgte en annen leverandør")).await.map_err(e)?;
                }
                2 => {}
                _ => {
                    let chosen: Vec<ChosenLine> = q
                        .lines
                        .iter()
                        .filter(|l| l.line.kind == LineKind::Item)
                        .take(1 + g.below(3) as usize)
                        .map(|l| ChosenLine { line_no: l.line.line_no, qty: None })
                        .collect();
                    let o = service::quote_to_order(db, &ctx, &q.number, &chosen, true).await.map_err(e)?;
                    made.push((o.number, back.saturating_sub(g.below(5))));
                }
            }
        }
        for _ in 0..orders {
            let n = 1 + g.below(5) as usize;
            let input = doc(g, n);
            let o = service::create_order(db, &ctx, &input, g.below(8) != 0).await.map_err(e)?;
            made.push((o.number, g.below(360)));
        }
        for (no, back) in made {
            sqlx::query("UPDATE orders SET order_date = $3, delivery_date = $4 WHERE company_id = $1 AND order_no = $2")
                .bind(company_id)
                .bind(&no)
                .bind(day(today, back))
                .bind(day(today, back.saturating_sub(7)))
                .execute(&db.pool)
                .await
                .map_err(|e| e.to_string())?;
            if back < 10 || g.below(5) == 0 {
                continue; // recent orders, and some others, wait for delivery
            }
            let o = service::order(db, company_id, Some(&no), None).await.map_err(e)?;
            if o.status != app::sales::model::DocStatus::Open {
                continue;
            }
            let partial = g.below(4) == 0;
            let lines: Vec<DeliverLine> = o
                .lines
                .iter()
                .filter(|l| l.line.kind == LineKind::Item)
                .map(|l| DeliverLine {
                    order_no: no.clone(),
                    line_no: l.line.line_no,
                    qty: if partial { (l.line.qty - Decimal::ONE).max(Decimal::ZERO) } else { l.line.qty },
                })
                .collect();
            // a delivery the stock cannot cover waits (negative stock is forbidden)
            match service::deliver(db, &ctx, "", &day(today, back.saturating_sub(2)), &lines).await {
                Ok(_) | Err(app::error::AppError::Conflict(_)) | Err(app::error::AppError::Invalid(_)) => {}
                Err(other) => return Err(other.to_string()),
            }
        }
    }
    Ok(())
}
