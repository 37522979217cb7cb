//! `flyt-bench --reports`, second part: the stock turnover and purchase reports at the
//! same scale — every one of the 1 000 000 invoice lines issued from stock (a move
//! each, costed at 60 % of its price), a receipt per item and month, and 100 000
//! supplier invoices of 10 lines (1 000 000 lines) from 200 suppliers over the same two
//! years.
use std::time::Instant;

use app::auth::service::AuthCtx;
use app::catalog::model::Item;

use crate::bench::pct;

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

const SUPPLIERS: usize = 200;
const SUPPLIER_INVOICES: usize = 100_000;
const LINES: usize = 10;

/// Loads the moves and supplier invoices beside the sales of `bench_reports`, then
/// times the two reports; `base_p50` is that run's baseline (ms).
pub async fn run(db: &app::db::Db, ctx: &AuthCtx, items: &[Item], base_p50: f64) -> Result<(), String> {
    let t = Instant::now();
    let warehouse: i64 =
        sqlx::query_scalar("SELECT MIN(id) FROM warehouses WHERE company_id = $1").bind(ctx.company_id).fetch_one(&db.pool).await.map_err(e)?;
    let mut tx = db.begin().await.map_err(e)?;
    // a receipt of 1 000 of each item on the first of each month (the cost 60 % of 100)
    for chunk in items.chunks(500) {
        let values: Vec<String> = chunk
            .iter()
            .flat_map(|item| {
                (0..24).map(move |m| format!("($1, {}, $2, 1000000, '{}-{:02}-01', 600000, 'goods_receipt', 0, 0, 0, $3)", item.id, 2025 + m / 12, 1 + m % 12))
            })
            .collect();
        let sql = format!(
            "INSERT INTO stock_moves (company_id, item_id, warehouse_id, qty_milli, move_date, unit_cost_e4, origin_kind, origin_id, origin_line, posted_at, posted_by) VALUES {}",
            values.join(", ")
        );
        sqlx::query(&sql).bind(ctx.company_id).bind(warehouse).bind(ctx.user_id).execute(&mut *tx).await.map_err(e)?;
    }
    // every invoice line an issue on its invoice's day
    sqlx::query(
        "INSERT INTO stock_moves (company_id, item_id, warehouse_id, qty_milli, move_date, unit_cost_e4, origin_kind, origin_id, origin_line, posted_at, posted_by)
         SELECT l.company_id, l.item_id, $2, -l.qty_milli, i.invoice_date, l.price_minor * 60, 'invoice', i.id, l.line_no, 0, $3
         FROM invoice_lines l JOIN invoices i ON i.company_id = l.company_id AND i.id = l.invoice_id
         WHERE l.company_id = $1 AND i.invoice_no LIKE 'R%'",
    )
    .bind(ctx.company_id)
    .bind(warehouse)
    .bind(ctx.user_id)
    .execute(&mut *tx)
    .await
    .map_err(e)?;
    tx.commit().await.map_err(e)?;

    let mut tx = db.begin().await.map_err(e)?;
    let mut suppliers = Vec::with_capacity(SUPPLIERS);
    let defaults = app::parties::service::defaults(db, ctx.company_id).await.map_err(e)?;
    for i in 0..SUPPLIERS {
        let input = app::parties::model::PartyInput {
            name: format!("Rapportleverandør {i:03} AS"),
            is_supplier: Some("on".into()),
            active: Some("on".into()),
            ..Default::default()
        };
        let party = app::parties::model::PartyInput::validate(&input, &defaults, ctx.lang).map_err(e)?;
        suppliers.push(app::parties::service::insert_in(&mut tx, ctx, party).await.map_err(e)?.id);
    }
    let first_id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM supplier_invoices").fetch_one(&mut *tx).await.map_err(e)?;
    let mut line_batches = Vec::with_capacity(SUPPLIER_INVOICES / 200);
    for start in (0..SUPPLIER_INVOICES).step_by(200) {
        let (mut heads, mut lines) = (Vec::with_capacity(200), Vec::with_capacity(200 * LINES));
        for i in start..start + 200 {
            let id = first_id + i as i64;
            let date = format!("{}-{:02}-{:02}", 2025 + (i / 7) % 2, 1 + (i / 3) % 12, 1 + i % 28);
            let mut net_total = 0;
            for l in 0..LINES {
                let item = &items[(i * 13 + l * 101) % items.len()];
                let (qty, price) = (1 + (i + l) as i64 % 20, 500 + ((i * 29 + l * 13) % 30_000) as i64);
                net_total += qty * price;
                lines.push(format!("($1, {id}, {}, {}, {}, {price}, {}, 2500, '4300')", l + 1, item.id, qty * 1000, qty * price));
            }
            let vat = net_total / 4;
            heads.push(format!(
                "({id}, $1, {}, 'invoice', 'L{i:06}', '{date}', '{date}', 'NOK', {net_total}, {vat}, {}, {}, 'manual', 'paid', 0, $2)",
                suppliers[i % SUPPLIERS],
                net_total + vat,
                net_total + vat
            ));
        }
        let sql = format!(
            "INSERT INTO supplier_invoices (id, company_id, supplier_id, kind, invoice_no, invoice_date, due_date, currency, net_minor, vat_minor, gross_minor, payable_minor, source, status, created_at, created_by) VALUES {}",
            heads.join(", ")
        );
        sqlx::query(&sql).bind(ctx.company_id).bind(ctx.user_id).execute(&mut *tx).await.map_err(e)?;
        line_batches.push(lines.join(", "));
    }
    tx.commit().await.map_err(e)?;
    // the heads' statistics first: PostgreSQL plans the lines' foreign-key check on
    // them, and on an empty table's it reads every head of the transaction per line
    crate::bench_sales::analyze(db).await?;
    let mut tx = db.begin().await.map_err(e)?;
    for lines in line_batches {
        let sql = format!("INSERT INTO supplier_invoice_lines (company_id, invoice_id, line_no, item_id, qty_milli, price_minor, net_minor, vat_rate_bp, account) VALUES {lines}");
        sqlx::query(&sql).bind(ctx.company_id).execute(&mut *tx).await.map_err(e)?;
    }
    // loaded straight into the tables: the rollups registration keeps are made once
    app::purchasing::store::rollups::rebuild(&mut tx, ctx.company_id).await.map_err(e)?;
    tx.commit().await.map_err(e)?;
    crate::bench_sales::analyze(db).await?;
    println!(
        "   {} stock moves and {SUPPLIER_INVOICES} supplier invoices with {} lines ({} purchase rollup rows) in {:.1} s",
        count(db, ctx, "stock_moves").await?,
        count(db, ctx, "supplier_invoice_lines").await?,
        count(db, ctx, "purchase_rollups").await?,
        t.elapsed().as_secs_f64()
    );

    // the first turnover report makes the month closings it reads (once in a company's life)
    let q = app::reports::turnover::model::TurnoverQuery { from: "2026-01".into(), to: "2026-06".into(), warehouse: String::new() };
    let t = Instant::now();
    app::reports::turnover::service::turnover(db, ctx, &q).await.map_err(e)?;
    println!("   stock turnover, first run (makes the month closings): {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..20 {
        let t = Instant::now();
        rows = app::reports::turnover::service::turnover(db, ctx, &q).await.map_err(e)?.rows.len();
        times.push(t.elapsed());
    }
    print(&format!("stock turnover and slow movers, 2026-01 to 2026-06 ({rows} rows)"), times, base_p50);
    // the purchase report against its own baseline: the year's lines summed by item
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        sqlx::query(
            "SELECT COALESCE(l.item_id, 0), CAST(SUM(l.qty_milli) AS BIGINT), CAST(SUM(l.net_minor) AS BIGINT), CAST(COUNT(DISTINCT s.id) AS BIGINT)
             FROM supplier_invoice_lines l JOIN supplier_invoices s ON s.company_id = l.company_id AND s.id = l.invoice_id
             WHERE l.company_id = $1 AND s.status <> 'rejected' AND s.invoice_date >= '2026-01-01' AND s.invoice_date <= '2026-12-31'
             GROUP BY COALESCE(l.item_id, 0)",
        )
        .bind(ctx.company_id)
        .fetch_all(&db.pool)
        .await
        .map_err(e)?;
        times.push(t.elapsed());
    }
    let (lines_p50, lines_p99) = pct(times);
    println!("   purchase baseline, 2026 by item from the lines: p50 {lines_p50:.1} ms, p99 {lines_p99:.1} ms");
    for (by_item, what, from, to) in
        [(false, "by supplier", "2026-01-01", "2026-12-31"), (true, "by item", "2026-01-01", "2026-12-31"), (true, "by item", "2026-01-15", "2026-12-10")]
    {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..20 {
            let t = Instant::now();
            rows = app::purchasing::payables::report(&db.pool, ctx.company_id, by_item, from, to).await.map_err(e)?.len();
            times.push(t.elapsed());
        }
        let p50 = print(&format!("purchase report {what}, {from} to {to} ({rows} rows)"), times, base_p50);
        println!("     {:.0}× faster than the purchase baseline", lines_p50 / p50);
    }
    Ok(())
}

async fn count(db: &app::db::Db, ctx: &AuthCtx, table: &str) -> Result<i64, String> {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE company_id = $1")).bind(ctx.company_id).fetch_one(&db.pool).await.map_err(e)
}

/// Prints a report's p50 and p99 against the sales baseline; answers the p50 (ms).
fn print(what: &str, times: Vec<std::time::Duration>, base_p50: f64) -> f64 {
    let (p50, p99) = pct(times);
    println!("   {what}: p50 {p50:.1} ms, p99 {p99:.1} ms, {:.0}× faster than the baseline (target p50 ≤ 200 ms)", base_p50 / p50);
    p50
}
