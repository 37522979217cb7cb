//! `flyt-bench --reports`: the figure of issue 21 — the sales report over 100 000
//! invoices with 1 000 000 lines (two years; 1 000 customers buying from baskets of 40
//! of 2 000 items in 50 groups), each dimension for a year beside the year before, and
//! two filtered reports, by county, the receivables ageing with DSO (one invoice in 20
//! open), budget against actual (a budget per customer and month) and the quotes
//! report, then the stock and purchase reports (`bench_stock_reports`); p50/p99 of 20
//! runs, against the same year by customer summed straight from the invoice lines in
//! the same run (the baseline).
use std::time::Instant;

use app::parties::model::PartyInput;
use app::reports::model::SalesQuery;

use crate::bench::pct;
use crate::bench_sales::{analyze, context};

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

const CUSTOMERS: usize = 1_000;
const ITEMS: usize = 2_000;
const INVOICES: usize = 100_000;
const LINES: usize = 10;

pub async fn run(label: &str, db: &app::db::Db, with_stock: bool) -> Result<(), String> {
    println!("-- reports on {label}");
    server::demo::load(db, server::demo::Scale::Small).await?;
    let (ctx, _, _) = context(db).await?;
    let t = Instant::now();
    let mut tx = db.begin().await.map_err(e)?;
    let mut customers = Vec::with_capacity(CUSTOMERS);
    for i in 0..CUSTOMERS {
        let input = PartyInput { name: format!("Rapportkunde {i:04} AS"), is_customer: Some("on".into()), active: Some("on".into()), ..Default::default() };
        let party =
            app::parties::model::PartyInput::validate(&input, &app::parties::service::defaults(db, ctx.company_id).await.map_err(e)?, ctx.lang).map_err(e)?;
        customers.push(app::parties::service::insert_in(&mut tx, &ctx, party).await.map_err(e)?);
    }
    tx.commit().await.map_err(e)?;
    let mut items = Vec::with_capacity(ITEMS);
    for i in 0..ITEMS {
        let input = app::catalog::model::ItemInput {
            item_no: format!("R{i:05}"),
            description: format!("Rapportvare {i}"),
            unit: "stk".into(),
            sales_price: "100".into(),
            vat_code: "S25".into(),
            kind: "service".into(),
            item_group: format!("G{:02}", i % 50),
            active: Some("on".into()),
            ..Default::default()
        };
        items.push(app::catalog::service::create(db, &ctx, &input).await.map_err(e)?);
    }
    println!("   {CUSTOMERS} customers and {ITEMS} items in {:.1} s", t.elapsed().as_secs_f64());

    // 100 000 invoices of 10 lines over 2025 and 2026, straight into the tables, then
    // the facts made from them as the postings would have made them
    let t = Instant::now();
    let first_id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM invoices").fetch_one(&db.pool).await.map_err(e)?;
    let mut tx = db.begin().await.map_err(e)?;
    for start in (0..INVOICES).step_by(200) {
        let (mut heads, mut lines) = (Vec::with_capacity(200), Vec::with_capacity(200 * LINES));
        for i in start..start + 200 {
            let id = first_id + i as i64;
            let c = &customers[i % CUSTOMERS];
            let date = format!("{}-{:02}-{:02}", 2025 + (i / 7) % 2, 1 + (i / 3) % 12, 1 + i % 28);
            let mut net_total = 0;
            for l in 0..LINES {
                // a customer buys from a basket of 40 items
                let item = &items[(i % CUSTOMERS * 37 + (i / CUSTOMERS + l * 7) % 40) % ITEMS];
                let (qty, price) = (1 + (i + l) as i64 % 5, 1_000 + ((i * 31 + l * 17) % 50_000) as i64);
                let net = qty * price;
                net_total += net;
                lines.push(format!(
                    "($1, {id}, {}, 'item', {}, '{}', 'x', {}, 'stk', {price}, 'S25', 2500, 'S', {net}, '{}')",
                    l + 1,
                    item.id,
                    item.item_no,
                    qty * 1000,
                    item.item_group
                ));
            }
            let seller = if i % 3 == 0 { ctx.user_id.to_string() } else { "NULL".into() };
            heads.push(format!(
                "({id}, $1, 'invoice', 'R{i:06}', {}, '{}', 'x', 'NO', '{date}', '{date}', 'NOK', {net_total}, {vat}, {gross}, 1, $2, {open}, {seller})",
                c.id,
                c.customer_no.clone().unwrap_or_default(),
                vat = net_total / 4,
                gross = net_total + net_total / 4,
                // one invoice in 20 still open (5 000 open items for the ageing), due the day it was made
                open = if i % 20 == 0 { net_total + net_total / 4 } else { 0 }
            ));
        }
        let sql = format!(
            "INSERT INTO invoices (id, company_id, kind, invoice_no, customer_id, customer_no, customer_name, country, invoice_date, due_date, currency, net_minor, vat_minor, gross_minor, posted_at, posted_by, open_minor, seller_id) VALUES {}",
            heads.join(", ")
        );
        sqlx::query(&sql).bind(ctx.company_id).bind(ctx.user_id).execute(&mut *tx).await.map_err(e)?;
        let sql = format!(
            "INSERT INTO invoice_lines (company_id, invoice_id, line_no, kind, item_id, item_no, description, qty_milli, unit, price_minor, vat_code, vat_rate_bp, vat_category, net_minor, item_group) VALUES {}",
            lines.join(", ")
        );
        sqlx::query(&sql).bind(ctx.company_id).execute(&mut *tx).await.map_err(e)?;
        // PostgreSQL plans the foreign-key checks of the lines by the tables' statistics:
        // taken when they were empty, each check scans all invoices so far and the load
        // slows quadratically (a real company's tables are analysed as they grow)
        if db.backend == app::db::Backend::Postgres && start % 10_000 == 0 {
            sqlx::query("ANALYZE invoices, invoice_lines, items, parties").execute(&mut *tx).await.map_err(e)?;
        }
    }
    // the paid invoices' payments, 20 days after the invoice (the ageing as of a day reads them)
    let paid = if db.backend == app::db::Backend::Sqlite { "date(invoice_date, '+20 days')" } else { "to_char(CAST(invoice_date AS DATE) + 20, 'YYYY-MM-DD')" };
    sqlx::query(&format!(
        "INSERT INTO allocations (company_id, invoice_id, kind, amount_minor, entry_date, created_at, invoice_date)
         SELECT company_id, id, 'payment', gross_minor, {paid}, 0, invoice_date FROM invoices WHERE company_id = $1 AND kind = 'invoice' AND open_minor = 0 AND invoice_no LIKE 'R%'"
    ))
    .bind(ctx.company_id)
    .execute(&mut *tx)
    .await
    .map_err(e)?;
    // each line costs 60 % of its net (what posting would have fixed from the moves)
    sqlx::query(
        "INSERT INTO invoice_line_costs (company_id, line_id, cost_minor, source) SELECT company_id, id, net_minor * 6 / 10, 'purchase_price' FROM invoice_lines l
         WHERE company_id = $1 AND NOT EXISTS (SELECT 1 FROM invoice_line_costs c WHERE c.company_id = l.company_id AND c.line_id = l.id)",
    )
    .bind(ctx.company_id)
    .execute(&mut *tx)
    .await
    .map_err(e)?;
    app::invoicing::store::facts::rebuild(&mut tx, ctx.company_id).await.map_err(e)?;
    tx.commit().await.map_err(e)?;
    analyze(db).await?;
    let count = |table: &'static str| async move {
        sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table} WHERE company_id = $1")).bind(ctx.company_id).fetch_one(&db.pool).await.map_err(e)
    };
    println!(
        "   generated {INVOICES} invoices with {} lines in {:.1} s: {} sales facts, {} rollup rows",
        count("invoice_lines").await?,
        t.elapsed().as_secs_f64(),
        count("sales_facts").await?,
        count("sales_rollups").await?
    );

    // the baseline: the year by customer summed straight from the invoice lines
    let mut base = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let n: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT i.customer_id, CAST(SUM(l.net_minor) AS BIGINT) FROM invoice_lines l JOIN invoices i ON i.company_id = l.company_id AND i.id = l.invoice_id
             WHERE l.company_id = $1 AND l.kind = 'item' AND i.invoice_date >= '2026-01-01' AND i.invoice_date < '2027-01-01' GROUP BY i.customer_id",
        )
        .bind(ctx.company_id)
        .fetch_all(&db.pool)
        .await
        .map_err(e)?;
        std::hint::black_box(n);
        base.push(t.elapsed());
    }
    let (base_p50, _) = pct(base);
    println!("   baseline: a year by customer summed from the invoice lines: p50 {base_p50:.1} ms");
    let year = |by: &str, extra: &[(&str, &str)]| {
        let mut q = SalesQuery { from: "2026-01".into(), to: "2026-12".into(), by: by.into(), ..Default::default() };
        for (k, v) in extra {
            match *k {
                "customer" => q.customer = v.to_string(),
                "item_group" => q.item_group = v.to_string(),
                _ => {}
            }
        }
        q
    };
    let some_customer = customers[17].customer_no.clone().unwrap_or_default();
    let cases = [
        ("by customer", year("customer", &[])),
        ("by item", year("item", &[])),
        ("by item group", year("item_group", &[])),
        ("by seller", year("seller", &[])),
        ("by month", year("month", &[])),
        ("one customer's items", year("item", &[("customer", &some_customer)])),
        ("one group by customer", year("customer", &[("item_group", "G07")])),
    ];
    for (what, q) in cases {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..20 {
            let t = Instant::now();
            rows = app::reports::service::sales(db, &ctx, &q).await.map_err(e)?.rows.len();
            times.push(t.elapsed());
        }
        let (p50, p99) = pct(times);
        println!(
            "   sales report {what}, 2026 beside 2025 ({rows} rows): p50 {p50:.1} ms, p99 {p99:.1} ms, {:.0}× faster than the baseline (target p50 ≤ 200 ms)",
            base_p50 / p50
        );
    }

    // a budget for every customer and month of 2026, then the other reports
    let entries: Vec<app::reports::budget::model::BudgetEntry> = customers
        .iter()
        .flat_map(|c| {
            (1..=12).map(move |m| app::reports::budget::model::BudgetEntry {
                by: app::reports::budget::model::BudgetBy::Customer,
                key: c.customer_no.clone().unwrap_or_default(),
                month: app::reports::model::Month { year: 2026, month: m },
                amount: rust_decimal::Decimal::from(20_000 + m * 100),
            })
        })
        .collect();
    let mut tx = db.begin().await.map_err(e)?;
    app::reports::budget::store::save(&mut tx, ctx.company_id, &entries).await.map_err(e)?;
    tx.commit().await.map_err(e)?;
    macro_rules! time {
        ($what:expr, $run:expr) => {{
            let mut times = Vec::new();
            let mut rows = 0;
            for _ in 0..20 {
                let t = Instant::now();
                rows = $run;
                times.push(t.elapsed());
            }
            let (p50, p99) = pct(times);
            println!("   {} ({rows} rows): p50 {p50:.1} ms, p99 {p99:.1} ms, {:.0}× faster than the baseline (target p50 ≤ 200 ms)", $what, base_p50 / p50);
        }};
    }
    let county = year("region", &[]);
    time!("sales report by county, 2026 beside 2025", app::reports::service::sales(db, &ctx, &county).await.map_err(e)?.rows.len());
    let ageing = app::reports::ageing::model::AgeingQuery::default();
    time!("receivables ageing with DSO (5 000 open invoices)", app::reports::ageing::service::ageing(db, &ctx, &ageing).await.map_err(e)?.rows.len());
    let earlier = app::reports::ageing::model::AgeingQuery { as_of: "2026-06-30".into(), ..Default::default() };
    time!(
        "receivables ageing as of 2026-06-30 (payments dated after it reopen their invoices)",
        app::reports::ageing::service::ageing(db, &ctx, &earlier).await.map_err(e)?.rows.len()
    );
    let budget = app::reports::budget::model::BudgetQuery { from: "2026-01".into(), to: "2026-12".into(), by: "customer".into() };
    time!("budget against actual by customer, 2026", app::reports::budget::service::budget(db, &ctx, &budget).await.map_err(e)?.rows.len());
    let quotes = app::reports::quotes::model::QuotesQuery { from: "2026-01".into(), to: "2026-12".into(), ..Default::default() };
    time!("quotes and orders by seller, 2026 (the demo's quotes)", app::reports::quotes::service::quotes(db, &ctx, &quotes).await.map_err(e)?.total.quotes);
    if !with_stock {
        return Ok(());
    }
    crate::bench_stock_reports::run(db, &ctx, &items, base_p50).await
}
