//! `flyt bench --invoicing`: the figures of issue 6 — posting a 50-line invoice
//! (time and SQL statements), an invoicing run over 10 000 delivered orders, the
//! open items over 100 000 invoices, and a bank file of 10 000 payments matched.
use std::time::Instant;

use app::invoicing::model::{InvoiceInput, InvoiceRunInput};
use app::sales::lines::LineInput;
use rust_decimal::Decimal;

use crate::bench::pct;
use crate::bench_sales::{analyze, context, counted};

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

pub async fn run(label: &str, db: &app::db::Db) -> Result<(), String> {
    println!("-- invoicing on {label}");
    server::demo::load(db, server::demo::Scale::Small).await?;
    let (ctx, customer, items) = context(db).await?;
    sqlx::query("UPDATE companies SET bank_account = '1234.56.78903' WHERE id = $1").bind(ctx.company_id).execute(&db.pool).await.map_err(e)?;

    // posting a 50-line direct invoice (stock moves out included)
    let input = InvoiceInput {
        customer_no: customer.clone(),
        lines: (0..50).map(|i| LineInput { item_no: items[i % items.len()].clone(), qty: Decimal::from(1 + i as i64 % 3), ..Default::default() }).collect(),
        ..Default::default()
    };
    let mut times = Vec::new();
    for _ in 0..120 {
        let t = Instant::now();
        app::invoicing::service::post(db, &ctx, &input).await.map_err(e)?;
        times.push(t.elapsed());
    }
    let (p50, p99) = pct(times[20..].to_vec());
    let (r, statements) = counted(app::invoicing::service::post(db, &ctx, &input)).await;
    r.map_err(e)?;
    println!("   post a 50-line invoice (number, KID, lines, stock moves, read back): p50 {p50:.2} ms, p99 {p99:.2} ms; {statements} SQL statements (target ≤ 10 ms)");

    // 10 000 confirmed, delivered one-line orders, written directly (the postings
    // that make them are measured by the sales benchmark)
    let service: i64 = sqlx::query_scalar("SELECT id FROM items WHERE company_id = $1 AND kind = 'service' ORDER BY id LIMIT 1")
        .bind(ctx.company_id)
        .fetch_one(&db.pool)
        .await
        .map_err(e)?;
    let customer_id: i64 = sqlx::query_scalar("SELECT id FROM parties WHERE company_id = $1 AND customer_no = $2")
        .bind(ctx.company_id)
        .bind(&customer)
        .fetch_one(&db.pool)
        .await
        .map_err(e)?;
    let wh: i64 =
        sqlx::query_scalar("SELECT id FROM warehouses WHERE company_id = $1 ORDER BY id LIMIT 1").bind(ctx.company_id).fetch_one(&db.pool).await.map_err(e)?;
    let t = Instant::now();
    let mut tx = db.begin().await.map_err(e)?;
    for start in (0..10_000).step_by(500) {
        let heads: Vec<String> = (start..start + 500)
            .map(|i| format!("($1, 'R{i:06}', $2, '2026-11-01', '2026-11-01', 'NOK', {wh}, 'delivered', 100000, 25000, 1, $3, 1, 1)"))
            .collect();
        let sql = format!(
            "INSERT INTO orders (company_id, order_no, customer_id, order_date, delivery_date, currency, warehouse_id, status, net_minor, vat_minor, created_at, created_by, updated_at, confirmed_at) VALUES {}",
            heads.join(", ")
        );
        sqlx::query(&sql).bind(ctx.company_id).bind(customer_id).bind(ctx.user_id).execute(&mut *tx).await.map_err(e)?;
    }
    sqlx::query(
        "INSERT INTO order_lines (company_id, order_id, line_no, kind, item_id, description, qty_milli, unit, price_minor, vat_code, vat_rate_bp, net_minor, requested_date, delivered_milli)
         SELECT company_id, id, 1, 'item', $2, 'Service', 1000, 't', 100000, 'S25', 2500, 100000, '2026-11-01', 1000 FROM orders WHERE company_id = $1 AND order_no LIKE 'R%'",
    )
    .bind(ctx.company_id)
    .bind(service)
    .execute(&mut *tx)
    .await
    .map_err(e)?;
    tx.commit().await.map_err(e)?;
    analyze(db).await?;
    println!("   generated 10 000 delivered orders in {:.1} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let groups = app::invoicing::service::run(db, &ctx, &InvoiceRunInput::default()).await.map_err(e)?;
    let secs = t.elapsed().as_secs_f64();
    let failed = groups.iter().filter(|g| !g.error.is_empty()).count();
    println!(
        "   invoicing run over 10 000 delivered orders: {} invoices in {secs:.2} s ({:.0}/s), {failed} refused (target ≤ 10 s)",
        groups.len(),
        groups.len() as f64 / secs
    );

    // a bank file paying 10 000 of them by KID
    let kids: Vec<(String, i64)> =
        sqlx::query("SELECT kid, open_minor FROM invoices WHERE company_id = $1 AND kind = 'invoice' AND open_minor > 0 AND kid <> '' ORDER BY id LIMIT 10000")
            .bind(ctx.company_id)
            .fetch_all(&db.pool)
            .await
            .map_err(e)?
            .into_iter()
            .map(|r| {
                use sqlx::Row;
                (r.get("kid"), r.get("open_minor"))
            })
            .collect();
    let payments: Vec<(i64, &str)> = kids.iter().map(|(k, open)| (*open, k.as_str())).collect();
    let file = app::receivables::bankfile::write_ocr(&payments, "011226");
    let t = Instant::now();
    let r = app::receivables::service::import_bank_file(db, &ctx, "bench.ocr", file.as_bytes()).await.map_err(e)?;
    println!(
        "   bank file of {} payments (OCR giro, {} KB): {} matched, {} not, in {:.2} s (target ≤ 2 s)",
        r.lines,
        file.len() / 1024,
        r.matched_count,
        r.unmatched_count,
        t.elapsed().as_secs_f64()
    );

    // a 60 MB file of 370 000 payments (none of them ours: every line is written as a
    // bank line to match by hand), while another user posts small transactions: how
    // long does the import keep them waiting?
    let big: Vec<(i64, String)> = (0..370_000u32).map(|i| (10_000 + (i % 50_000) as i64, format!("{:0>15}", 900_000_000_000_000u64 + i as u64))).collect();
    let big_refs: Vec<(i64, &str)> = big.iter().map(|(a, k)| (*a, k.as_str())).collect();
    let file = app::receivables::bankfile::write_ocr(&big_refs, "021226");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let other = {
        let (db, stop) = (db.clone(), stop.clone());
        let company_id = ctx.company_id;
        tokio::spawn(async move {
            let mut waits = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let t = Instant::now();
                let mut tx = db.begin().await.map_err(|e| e.to_string())?;
                sqlx::query("UPDATE companies SET created_at = created_at WHERE id = $1")
                    .bind(company_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| e.to_string())?;
                tx.commit().await.map_err(|e| e.to_string())?;
                waits.push(t.elapsed());
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Ok::<_, String>(waits)
        })
    };
    let t = Instant::now();
    let r = app::receivables::service::import_bank_file(db, &ctx, "big.ocr", file.as_bytes()).await.map_err(e)?;
    let secs = t.elapsed().as_secs_f64();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut waits = other.await.map_err(|e| e.to_string())??;
    waits.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "   bank file of {} payments ({} MB) in chunks of {}: {:.1} s; another user's {} small postings meanwhile waited p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (was: the whole import, 23 s)",
        r.lines,
        file.len() / (1024 * 1024),
        app::receivables::service::BANK_CHUNK,
        secs,
        waits.len(),
        ms(waits[waits.len() / 2]),
        ms(waits[waits.len() * 99 / 100]),
        ms(*waits.last().unwrap_or(&std::time::Duration::ZERO))
    );

    // open items over 100 000 invoices: 90 000 more, one in ten left open
    let t = Instant::now();
    let mut tx = db.begin().await.map_err(e)?;
    for start in (0..90_000).step_by(500) {
        let rows: Vec<String> = (start..start + 500)
            .map(|i| {
                let open = if i % 10 == 0 { 12_500 } else { 0 };
                format!(
                    "($1, 'invoice', 'G{i:06}', $2, 'X', 'Kunde', 'NO', '2026-{:02}-01', '2026-{:02}-15', 'NOK', 10000, 2500, 12500, 1, $3, {open})",
                    1 + i % 11,
                    1 + i % 11
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO invoices (company_id, kind, invoice_no, customer_id, customer_no, customer_name, country, invoice_date, due_date, currency, net_minor, vat_minor, gross_minor, posted_at, posted_by, open_minor) VALUES {}",
            rows.join(", ")
        );
        sqlx::query(&sql).bind(ctx.company_id).bind(customer_id).bind(ctx.user_id).execute(&mut *tx).await.map_err(e)?;
    }
    tx.commit().await.map_err(e)?;
    analyze(db).await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoices WHERE company_id = $1").bind(ctx.company_id).fetch_one(&db.pool).await.map_err(e)?;
    println!("   generated 90 000 invoices in {:.1} s ({total} in all)", t.elapsed().as_secs_f64());
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..30 {
        let t = Instant::now();
        n = app::receivables::store::open_items(db, ctx.company_id).await.map_err(e)?.len();
        times.push(t.elapsed());
    }
    let (p50, p99) = pct(times[5..].to_vec());
    println!("   open items over {total} invoices ({n} open): p50 {p50:.2} ms, p99 {p99:.2} ms (target ≤ 50 ms)");
    Ok(())
}
