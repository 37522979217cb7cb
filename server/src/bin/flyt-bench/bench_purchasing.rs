//! `flyt bench --purchasing`: the figure of issue 7 — the reorder list over 50 000
//! stock items (with balances, reservations, planned ins and draft purchase lines),
//! against a baseline read of the same items and balances in the same run.
use std::time::Instant;

use app::purchasing::model::ReorderFilter;

use crate::bench::pct;
use crate::bench_sales::{analyze, context};

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

const ITEMS: i64 = 50_000;

pub async fn run(label: &str, db: &app::db::Db) -> Result<(), String> {
    println!("-- purchasing on {label}");
    server::demo::load(db, server::demo::Scale::Small).await?;
    let (ctx, _, _) = context(db).await?;
    let c = ctx.company_id;
    let t = Instant::now();
    let (unit, vat): (String, String) = {
        use sqlx::Row;
        let r = sqlx::query("SELECT unit, vat_code FROM items WHERE company_id = $1 AND kind = 'stock' ORDER BY id LIMIT 1")
            .bind(c)
            .fetch_one(&db.pool)
            .await
            .map_err(e)?;
        (r.get("unit"), r.get("vat_code"))
    };
    let suppliers: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM parties WHERE company_id = $1 AND is_supplier = 1 ORDER BY id").bind(c).fetch_all(&db.pool).await.map_err(e)?;
    let wh: i64 = sqlx::query_scalar("SELECT id FROM warehouses WHERE company_id = $1 ORDER BY code LIMIT 1").bind(c).fetch_one(&db.pool).await.map_err(e)?;
    let mut tx = db.begin().await.map_err(e)?;
    // 50 000 stock items: safety 10, reorder 25, packs of 5, one of the suppliers each
    sqlx::query(&format!(
        "INSERT INTO items (company_id, item_no, description, unit, sales_price_minor, purchase_price_minor, vat_code, kind, safety_stock_milli, reorder_qty_milli, pack_size_milli, created_at, updated_at, default_supplier_id)
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ITEMS})
         SELECT $1, 'RB' || CAST(100000 + i AS TEXT), 'Reorder item ' || CAST(i AS TEXT), $2, 5000, 2500, $3, 'stock', 10000, 25000, 5000, 1, 1,
                CASE i % {} {} END
         FROM n",
        suppliers.len().clamp(1, 10),
        suppliers.iter().take(10).enumerate().map(|(k, id)| format!("WHEN {k} THEN {id}")).collect::<Vec<_>>().join(" ")
    ))
    .bind(c)
    .bind(&unit)
    .bind(&vat)
    .execute(&mut *tx)
    .await
    .map_err(e)?;
    tx.commit().await.map_err(e)?;
    analyze(db).await?;
    let mut tx = db.begin().await.map_err(e)?;
    // on hand 0..39 in the main warehouse; every third reserved by a sales order line,
    // every fifth with a planned in, every seventh on a draft purchase order
    let on = "company_id = $1 AND item_no LIKE 'RB%'";
    sqlx::query(&format!(
        "INSERT INTO stock_balances (company_id, item_id, warehouse_id, physical_milli) SELECT company_id, id, $2, (id % 40) * 1000 FROM items WHERE {on}"
    ))
    .bind(c)
    .bind(wh)
    .execute(&mut *tx)
    .await
    .map_err(e)?;
    sqlx::query(&format!(
        "INSERT INTO planned_moves (company_id, item_id, warehouse_id, open_milli, planned_date, origin_kind, origin_id, origin_line)
         SELECT company_id, id, $2, -3000, '2026-12-10', 'bench_sales', id, 1 FROM items WHERE {on} AND id % 3 = 0
         UNION ALL SELECT company_id, id, $2, 20000, '2026-12-15', 'purchase_order', id, 1 FROM items WHERE {on} AND id % 5 = 0"
    ))
    .bind(c)
    .bind(wh)
    .execute(&mut *tx)
    .await
    .map_err(e)?;
    let supplier = suppliers.first().copied().ok_or("the demo has no supplier")?;
    let po: i64 = sqlx::query_scalar(
        "INSERT INTO purchase_orders (company_id, po_no, supplier_id, order_date, warehouse_id, currency, status, created_at, created_by, updated_at)
         VALUES ($1, 'BENCH-DRAFT', $2, '2026-12-01', $3, 'NOK', 'draft', 1, $4, 1) RETURNING id",
    )
    .bind(c)
    .bind(supplier)
    .bind(wh)
    .bind(ctx.user_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(e)?;
    sqlx::query(&format!(
        "INSERT INTO purchase_order_lines (company_id, po_id, line_no, item_id, qty_milli, price_minor, net_minor, expected_date)
         SELECT company_id, $2, id, id, 25000, 2500, 62500, '2026-12-20' FROM items WHERE {on} AND id % 7 = 0"
    ))
    .bind(c)
    .bind(po)
    .execute(&mut *tx)
    .await
    .map_err(e)?;
    tx.commit().await.map_err(e)?;
    analyze(db).await?;
    println!("   generated {ITEMS} items with balances, planned moves and draft purchase lines in {:.1} s", t.elapsed().as_secs_f64());

    // baseline: read every stock item with its balance (one join, no aggregation)
    let mut base = Vec::new();
    for _ in 0..25 {
        let t = Instant::now();
        let n = sqlx::query(
            "SELECT i.item_no, i.safety_stock_milli, COALESCE(b.physical_milli, 0) FROM items i
             LEFT JOIN stock_balances b ON b.company_id = i.company_id AND b.item_id = i.id AND b.warehouse_id = $2
             WHERE i.company_id = $1 AND i.kind = 'stock' AND i.active = 1",
        )
        .bind(c)
        .bind(wh)
        .fetch_all(&db.pool)
        .await
        .map_err(e)?
        .len();
        base.push(t.elapsed());
        if (n as i64) < ITEMS {
            return Err(format!("only {n} items were read"));
        }
    }
    let (b50, b99) = pct(base[5..].to_vec());
    println!("   baseline: read {ITEMS}+ items with their balance: p50 {b50:.1} ms, p99 {b99:.1} ms");
    for (what, f) in [("reorder list (below safety)", ReorderFilter::default()), ("reorder list, all rows", ReorderFilter { all: true, ..Default::default() })]
    {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..25 {
            let t = Instant::now();
            rows = app::purchasing::service::reorder_list(db, c, &f).await.map_err(e)?.len();
            times.push(t.elapsed());
        }
        let (p50, p99) = pct(times[5..].to_vec());
        println!("   {what} over {ITEMS}+ items: {rows} rows, p50 {p50:.1} ms, p99 {p99:.1} ms ({:.1}× baseline; target ≤ 200 ms)", p50 / b50.max(0.001));
    }
    Ok(())
}
