//! `flyt-bench --accounting`: the figures of issue 19 — the statements the voucher adds
//! to posting a 50-line invoice, and the SAF-T and SIE exports of a year with 100 000
//! invoices and their payments (time, size, and the process's memory while streaming).
use std::time::Instant;

use app::accounting::exports::{self, Format};
use app::invoicing::model::InvoiceInput;
use app::sales::lines::LineInput;
use rust_decimal::Decimal;

use crate::bench_sales::{analyze, context, counted};

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

/// The resident memory of this process in MB (Linux).
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

pub async fn run(label: &str, db: &app::db::Db) -> Result<(), String> {
    println!("-- accounting on {label}");
    server::demo::load(db, server::demo::Scale::Small).await?;
    let (ctx, customer, items) = context(db).await?;

    // the voucher's share of posting a 50-line invoice: the posting counted whole, and
    // the same invoice's voucher posted alone (in a transaction rolled back)
    let input = InvoiceInput {
        customer_no: customer.clone(),
        lines: (0..50).map(|i| LineInput { item_no: items[i % items.len()].clone(), qty: Decimal::from(1 + i as i64 % 3), ..Default::default() }).collect(),
        ..Default::default()
    };
    for _ in 0..20 {
        app::invoicing::service::post(db, &ctx, &input).await.map_err(e)?;
    }
    let (inv, whole) = counted(app::invoicing::service::post(db, &ctx, &input)).await;
    let inv = inv.map_err(e)?;
    let mut tx = db.begin().await.map_err(e)?;
    let (r, voucher) = counted(app::accounting::service::post(&mut tx, ctx.company_id, ctx.user_id, vec![inv.voucher(inv.id)])).await;
    r.map_err(e)?;
    drop(tx);
    println!("   post a 50-line invoice: {whole} SQL statements with its voucher, {} without; the voucher adds {voucher} (target ≤ 2)", whole - voucher);

    // perpetual inventory: the same invoice (its stock items leave the warehouse) with
    // the stock's voucher beside the invoice's
    app::stock::posting::set_perpetual(db, &ctx, true).await.map_err(e)?;
    let (r, perpetual) = counted(app::invoicing::service::post(db, &ctx, &input)).await;
    r.map_err(e)?;
    app::stock::posting::set_perpetual(db, &ctx, false).await.map_err(e)?;
    println!("   the same with perpetual inventory: {perpetual} SQL statements; the stock's voucher adds {} (target ≤ 2)", perpetual - whole);

    // the event journal's share of a posting: a commit with the invoice's event and a
    // stock change per line, against the same commit with none
    let tx = db.begin().await.map_err(e)?;
    let (r, bare) = counted(tx.commit()).await;
    r.map_err(e)?;
    let mut tx = db.begin().await.map_err(e)?;
    tx.emit(inv.event(ctx.company_id));
    let item_ids: Vec<i64> = inv.lines.iter().filter_map(|l| l.doc.item_id).collect();
    let warehouse: i64 =
        sqlx::query_scalar("SELECT id FROM warehouses WHERE company_id = $1 ORDER BY id LIMIT 1").bind(ctx.company_id).fetch_one(&db.pool).await.map_err(e)?;
    for item in &item_ids {
        tx.emit(app::core::event::Event::stock(ctx.company_id, *item, warehouse));
    }
    let (r, with) = counted(tx.commit()).await;
    r.map_err(e)?;
    println!("   the events of a posting (the invoice's and {} stock changes): {} statement(s) added to its commit (target ≤ 1)", item_ids.len(), with - bare);

    // a year of 100 000 invoices (receivables, sales and VAT) and their payments (bank,
    // receivables) on the demo customers, written straight into the journal
    let customers: Vec<i64> = sqlx::query_scalar("SELECT id FROM parties WHERE company_id = $1 AND is_customer = 1 ORDER BY id")
        .bind(ctx.company_id)
        .fetch_all(&db.pool)
        .await
        .map_err(e)?;
    let t = Instant::now();
    let mut tx = db.begin().await.map_err(e)?;
    const N: i64 = 100_000;
    for start in (0..N).step_by(200) {
        let mut rows = Vec::with_capacity(1000);
        for i in start..start + 200 {
            let date = format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            let party = customers[i as usize % customers.len()];
            let (net, vat) = (10_000 + (i % 500) * 100, (10_000 + (i % 500) * 100) / 4);
            let inv = |line: i64, account: &str, d: i64, c: i64, code: &str, p: &str| {
                format!("($1, 'F', 2025, {n}, {line}, '{date}', '{account}', {d}, {c}, '{code}', {p}, 'Faktura {n}', 'invoice', {n}, '{n}', 1, $2)", n = i + 1)
            };
            rows.push(inv(1, "1500", net + vat, 0, "", &party.to_string()));
            rows.push(inv(2, "3000", 0, net, "S25", "NULL"));
            rows.push(inv(3, "2700", 0, vat, "S25", "NULL"));
            let pay = |line: i64, account: &str, d: i64, c: i64, p: &str| {
                format!("($1, 'I', 2025, {n}, {line}, '{date}', '{account}', {d}, {c}, '', {p}, 'Innbetaling {n}', 'payment', {n}, '{n}', 1, $2)", n = i + 1)
            };
            rows.push(pay(1, "1920", net + vat, 0, "NULL"));
            rows.push(pay(2, "1500", 0, net + vat, &party.to_string()));
        }
        let sql = format!(
            "INSERT INTO gl_entries (company_id, series, year, number, line_no, entry_date, account, debit_minor, credit_minor, vat_code, party_id, text, source_kind, source_id, source_no, posted_at, posted_by) VALUES {}",
            rows.join(", ")
        );
        sqlx::query(&sql).bind(ctx.company_id).bind(ctx.user_id).execute(&mut *tx).await.map_err(e)?;
    }
    tx.commit().await.map_err(e)?;
    analyze(db).await?;
    println!("   generated 100 000 invoices and 100 000 payments (500 000 journal lines) in {:.1} s", t.elapsed().as_secs_f64());

    let (from, to) = (chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap());
    for format in [Format::SafT, Format::Sie] {
        let before = rss_mb();
        let t = Instant::now();
        let export = exports::prepare(db, &ctx, format, from, to).await.map_err(e)?;
        let mut blocks = exports::start(db, export);
        let (mut bytes, mut peak) = (0usize, before);
        while let Some(b) = blocks.recv().await {
            bytes += b?.len();
            peak = peak.max(rss_mb());
        }
        let name = if format == Format::SafT { "SAF-T 1.30" } else { "SIE 4I" };
        println!(
            "   {name} of the year (200 000 vouchers): {:.2} s, {:.0} MB written; memory {:.0} MB before, at most {:.0} MB while streaming (target ≤ 10 s, bounded)",
            t.elapsed().as_secs_f64(),
            bytes as f64 / 1e6,
            before,
            peak
        );
    }
    Ok(())
}
