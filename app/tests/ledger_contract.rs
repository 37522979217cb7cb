//! Contract tests of the stock ledger interface, the same scenarios on SQLite and on
//! PostgreSQL: planned moves, and a property test of 10 000 random operations after
//! which every derived figure equals a recomputation (in Rust and from the ledger).
mod common;

use std::collections::BTreeMap;

use app::catalog::model::{Item, ItemKind};
use app::core::Country;
use app::db::Db;
use app::setup::model::CompanyInput;
use app::stock::model::{NewMove, Origin, OriginKind};
use app::stock::store::ledger;
use chrono::NaiveDate;
use rust_decimal::Decimal;

async fn fresh(backend: &str) -> Option<(Db, Option<tempfile::TempDir>)> {
    // one small transaction per operation: durability is not what this test measures
    std::env::set_var("FLYT_SQLITE_SYNCHRONOUS", "OFF");
    common::fresh(backend).await
}

/// A company with `n` items and two warehouses; answers (company, items, warehouses).
async fn company(db: &Db, n: usize) -> (i64, Vec<i64>, Vec<i64>) {
    let mut tx = db.begin().await.unwrap();
    let input = CompanyInput { name: "Test AS".into(), org_no: "988077917".into(), ..Default::default() };
    let c = app::setup::service::create_company(&mut tx, Country::NO, &input).await.unwrap();
    app::setup::store::upsert_warehouse(
        &mut tx,
        c,
        &app::setup::model::Warehouse { id: 0, code: "B".into(), name: "B".into(), address: String::new(), active: true },
    )
    .await
    .unwrap();
    let mut items = Vec::new();
    for i in 0..n {
        let item = Item {
            id: 0,
            item_no: format!("I{i}"),
            description: format!("Item {i}"),
            unit: "stk".into(),
            sales_price: Decimal::from(10),
            purchase_price: Decimal::from(5),
            vat_code: "S25".into(),
            barcode: None,
            kind: ItemKind::Stock,
            safety_stock: Decimal::ZERO,
            reorder_qty: Decimal::ZERO,
            pack_size: Decimal::ONE,
            active: true,
            notes: String::new(),
            default_supplier: None,
            item_group: String::new(),
        };
        items.push(app::catalog::store::insert(&mut tx, c, &item).await.unwrap());
    }
    tx.commit().await.unwrap();
    let whs = app::setup::store::list_warehouses(&db.pool, c).await.unwrap().into_iter().map(|w| w.id).collect();
    (c, items, whs)
}

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n as i64)
}

fn mv(item: i64, wh: i64, qty: i64, kind: OriginKind, id: i64) -> NewMove {
    NewMove {
        item_id: item,
        warehouse_id: wh,
        qty: Decimal::from(qty),
        date: day(0),
        unit_cost: Decimal::from(5),
        origin: Origin::new(kind, id, 1),
        reason: String::new(),
    }
}

#[tokio::test]
async fn planned_moves_reserve_and_are_consumed() {
    for backend in ["sqlite", "postgres"] {
        let Some((db, _dir)) = fresh(backend).await else { continue };
        let (c, items, whs) = company(&db, 1).await;
        let (item, wh) = (items[0], whs[0]);
        let mut tx = db.begin().await.unwrap();
        app::stock::posting::post_moves(&mut tx, c, 1, "", "", &[mv(item, wh, 10, OriginKind::GoodsReceipt, 1)]).await.unwrap();
        ledger::plan(&mut tx, c, item, wh, Decimal::from(-4), day(5), &Origin::new(OriginKind::Order, 7, 1)).await.unwrap();
        ledger::plan(&mut tx, c, item, wh, Decimal::from(6), day(9), &Origin::new(OriginKind::PurchaseOrder, 3, 1)).await.unwrap();
        tx.commit().await.unwrap();
        let f = &ledger::figures(&db.pool, c, item).await.unwrap()[0];
        assert_eq!((f.physical, f.reserved, f.incoming, f.free, f.projected), (10.into(), 4.into(), 6.into(), 6.into(), 12.into()), "{backend}");
        // deliver 3 of the 4 reserved: the move goes out, the reservation shrinks
        let mut tx = db.begin().await.unwrap();
        app::stock::posting::post_moves(&mut tx, c, 1, "", "", &[mv(item, wh, -3, OriginKind::Order, 7)]).await.unwrap();
        ledger::consume_planned(&mut tx, c, &Origin::new(OriginKind::Order, 7, 1), Decimal::from(3)).await.unwrap();
        tx.commit().await.unwrap();
        let f = &ledger::figures(&db.pool, c, item).await.unwrap()[0];
        assert_eq!((f.physical, f.reserved, f.free), (7.into(), 1.into(), 6.into()), "{backend}");
        // consuming more than is open never turns a reservation into an incoming
        let mut tx = db.begin().await.unwrap();
        ledger::consume_planned(&mut tx, c, &Origin::new(OriginKind::Order, 7, 1), Decimal::from(5)).await.unwrap();
        ledger::cancel_planned(&mut tx, c, &Origin::new(OriginKind::PurchaseOrder, 3, 1)).await.unwrap();
        tx.commit().await.unwrap();
        let f = &ledger::figures(&db.pool, c, item).await.unwrap()[0];
        assert_eq!((f.reserved, f.incoming, f.projected), (0.into(), 0.into(), 7.into()), "{backend}");
        // the ledger refuses edits
        let upd = sqlx::query("UPDATE stock_moves SET qty_milli = 1").execute(&db.pool).await;
        assert!(upd.is_err(), "{backend}: moves are append-only");
        let del = sqlx::query("DELETE FROM stock_moves").execute(&db.pool).await;
        assert!(del.is_err(), "{backend}: moves are append-only");
    }
}

/// A tiny deterministic generator so a failure can be replayed.
struct Gen(u64);
impl Gen {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[tokio::test]
async fn ten_thousand_random_operations_keep_every_figure_derived() {
    let ops: usize = std::env::var("FLYT_PROPERTY_OPS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    for backend in ["sqlite", "postgres"] {
        let Some((db, _dir)) = fresh(backend).await else { continue };
        let (c, items, whs) = company(&db, 8).await;
        let mut g = Gen(42);
        // the model: on hand and open planned quantity per key, recomputed in Rust
        let mut on_hand: BTreeMap<(i64, i64), i64> = BTreeMap::new();
        let mut planned: BTreeMap<(i64, i64, i64), i64> = BTreeMap::new(); // (origin id) → (item, wh, open)
        let mut refused = 0;
        for op in 0..ops {
            let item = items[g.below(items.len() as u64) as usize];
            let wh = whs[g.below(whs.len() as u64) as usize];
            let mut tx = db.begin().await.unwrap();
            let result = match g.below(7) {
                // receipt
                0 | 1 => {
                    let q = 1 + g.below(20) as i64;
                    app::stock::posting::post_moves(&mut tx, c, 1, "", "", &[mv(item, wh, q, OriginKind::GoodsReceipt, op as i64)])
                        .await
                        .map(|_| vec![((item, wh), q)])
                }
                // delivery or negative adjustment (refused below zero)
                2 | 3 => {
                    let q = 1 + g.below(15) as i64;
                    app::stock::posting::post_moves(&mut tx, c, 1, "", "", &[mv(item, wh, -q, OriginKind::Order, op as i64)])
                        .await
                        .map(|_| vec![((item, wh), -q)])
                }
                // transfer to the other warehouse
                4 => {
                    let other = if wh == whs[0] { whs[1] } else { whs[0] };
                    let q = 1 + g.below(10) as i64;
                    app::stock::posting::post_moves(
                        &mut tx,
                        c,
                        1,
                        "",
                        "",
                        &[mv(item, wh, -q, OriginKind::Transfer, op as i64), mv(item, other, q, OriginKind::Transfer, op as i64)],
                    )
                    .await
                    .map(|_| vec![((item, wh), -q), ((item, other), q)])
                }
                // reservation or planned receipt
                5 => {
                    let q = (1 + g.below(10) as i64) * if g.below(2) == 0 { -1 } else { 1 };
                    let id = op as i64;
                    let r = ledger::plan(&mut tx, c, item, wh, Decimal::from(q), day(g.below(60) as u32), &Origin::new(OriginKind::Order, id, 1)).await;
                    if r.is_ok() {
                        planned.insert((id, item, wh), q);
                    }
                    r.map(|_| vec![])
                }
                // consume or cancel an existing planned move
                _ => {
                    if let Some((&(id, pi, pw), &open)) = planned.iter().nth(g.below(planned.len().max(1) as u64) as usize) {
                        let origin = Origin::new(OriginKind::Order, id, 1);
                        if g.below(2) == 0 {
                            let q = 1 + g.below(open.unsigned_abs());
                            let r = ledger::consume_planned(&mut tx, c, &origin, Decimal::from(q)).await;
                            if r.is_ok() {
                                let left = if open < 0 { (open + q as i64).min(0) } else { (open - q as i64).max(0) };
                                if left == 0 {
                                    planned.remove(&(id, pi, pw));
                                } else {
                                    planned.insert((id, pi, pw), left);
                                }
                            }
                            r.map(|_| vec![])
                        } else {
                            let r = ledger::cancel_planned(&mut tx, c, &origin).await;
                            planned.remove(&(id, pi, pw));
                            r.map(|_| vec![])
                        }
                    } else {
                        Ok(vec![])
                    }
                }
            };
            match result {
                Ok(changes) => {
                    tx.commit().await.unwrap();
                    for (k, d) in changes {
                        *on_hand.entry(k).or_default() += d;
                    }
                }
                Err(app::error::AppError::Conflict(msg)) => {
                    assert!(msg.starts_with("Not enough stock"), "{msg}");
                    refused += 1;
                    drop(tx);
                }
                Err(e) => panic!("{backend} op {op}: {e}"),
            }
        }
        assert!(refused > 0, "the run exercised refusals");
        assert!(ledger::cache_mismatches(&db.pool, c).await.unwrap().is_empty(), "{backend}: cache = ledger");
        assert!(ledger::value_mismatches(&db.pool, c).await.unwrap().is_empty(), "{backend}: cached value = ledger");
        for &item in &items {
            for f in ledger::figures(&db.pool, c, item).await.unwrap() {
                let physical = *on_hand.get(&(item, f.warehouse_id)).unwrap_or(&0);
                let reserved: i64 = planned.iter().filter(|((_, i, w), q)| *i == item && *w == f.warehouse_id && **q < 0).map(|(_, q)| -q).sum();
                let incoming: i64 = planned.iter().filter(|((_, i, w), q)| *i == item && *w == f.warehouse_id && **q > 0).map(|(_, q)| q).sum();
                assert!(physical >= 0, "never below zero");
                assert_eq!(f.physical, Decimal::from(physical), "{backend} item {item}");
                assert_eq!(f.reserved, Decimal::from(reserved), "{backend} item {item}");
                assert_eq!(f.incoming, Decimal::from(incoming), "{backend} item {item}");
                assert_eq!(f.free, f.physical - f.reserved);
                assert_eq!(f.projected, f.physical + f.incoming - f.reserved);
            }
        }
        // the check itself finds drift: a cache row off by one, and a missing one
        let row = sqlx::query("SELECT item_id, warehouse_id, physical_milli FROM stock_balances WHERE company_id = $1 AND physical_milli > 0 ORDER BY item_id, warehouse_id LIMIT 2")
            .bind(c)
            .fetch_all(&db.pool)
            .await
            .unwrap();
        use sqlx::Row;
        let (a, b): ((i64, i64, i64), (i64, i64, i64)) = ((row[0].get(0), row[0].get(1), row[0].get(2)), (row[1].get(0), row[1].get(1), row[1].get(2)));
        sqlx::query("UPDATE stock_balances SET physical_milli = physical_milli + 1 WHERE company_id = $1 AND item_id = $2 AND warehouse_id = $3")
            .bind(c)
            .bind(a.0)
            .bind(a.1)
            .execute(&db.pool)
            .await
            .unwrap();
        sqlx::query("DELETE FROM stock_balances WHERE company_id = $1 AND item_id = $2 AND warehouse_id = $3")
            .bind(c)
            .bind(b.0)
            .bind(b.1)
            .execute(&db.pool)
            .await
            .unwrap();
        let mut found = ledger::cache_mismatches(&db.pool, c).await.unwrap();
        found.sort();
        let mut want = vec![(a.0, a.1, a.2 + 1, a.2), (b.0, b.1, 0, b.2)];
        want.sort();
        assert_eq!(found, want, "{backend}: drift is reported");
        println!("{backend}: {ops} operations, {refused} refused for lack of stock; all figures equal the recomputation");
    }
}

/// The valuation reads monthly closings materialised on first use; moves posted later,
/// backdated ones included, must keep every closing equal to the ledger, and the report
/// as of any date equal to one aggregate over the moves up to it.
#[tokio::test]
async fn valuation_from_monthly_closings_equals_the_ledger() {
    use app::stock::store::closing;
    use app::stock::valuation::average_value;
    use sqlx::Row;
    for backend in ["sqlite", "postgres"] {
        let Some((db, _dir)) = fresh(backend).await else { continue };
        let (c, items, whs) = company(&db, 5).await;
        sqlx::query("UPDATE companies SET allow_negative_stock = 1 WHERE id = $1").bind(c).execute(&db.pool).await.unwrap();
        let mut g = Gen(7);
        let base = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let date = |n: u64| base + chrono::Duration::days(n as i64);
        for op in 0..600 {
            let n = 1 + g.below(4);
            let moves: Vec<NewMove> = (0..n)
                .map(|_| {
                    let out = g.below(3) == 0;
                    NewMove {
                        item_id: items[g.below(items.len() as u64) as usize],
                        warehouse_id: whs[g.below(whs.len() as u64) as usize],
                        qty: Decimal::from(if out { -(1 + g.below(5) as i64) } else { 1 + g.below(20) as i64 }),
                        date: date(g.below(600)),
                        unit_cost: Decimal::new(4000 + g.below(2000) as i64, 3),
                        origin: Origin::new(OriginKind::Adjustment, op, 0),
                        reason: String::new(),
                    }
                })
                .collect();
            let mut tx = db.begin().await.unwrap();
            app::stock::posting::post_moves(&mut tx, c, 1, "", "", &moves).await.unwrap();
            tx.commit().await.unwrap();
            // now and then a report, which materialises the closing it starts from
            if g.below(25) == 0 {
                ledger::valuation(&db, c, date(g.below(650)), None).await.unwrap();
            }
        }
        let periods: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stock_periods WHERE company_id = $1").bind(c).fetch_one(&db.pool).await.unwrap();
        assert!(periods >= 5, "{backend}: the run materialised periods ({periods})");
        // the server's housekeeping makes the last ended month ahead of any report
        let last = closing::closing_for(chrono::Utc::now().date_naive());
        assert!(closing::keep_materialised(&db).await.unwrap() >= 1, "{backend}");
        let made: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stock_periods WHERE company_id = $1 AND period = $2")
            .bind(c)
            .bind(&last)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(made, 1, "{backend}: {last} materialised");
        assert_eq!(closing::keep_materialised(&db).await.unwrap(), 0, "{backend}: nothing left to make");
        assert_eq!(closing::mismatches(&db.pool, c).await.unwrap(), Vec::<String>::new(), "{backend}: closing = ledger");
        for k in 0..40 {
            let as_of = date(k * 17);
            let wh = if k % 3 == 0 { Some(whs[1]) } else { None };
            let report = ledger::valuation(&db, c, as_of, wh).await.unwrap();
            let rows = sqlx::query(
                "SELECT i.item_no, w.code, CAST(SUM(m.qty_milli) AS BIGINT), CAST(SUM(m.qty_milli * m.unit_cost_e4) AS BIGINT)
                 FROM stock_moves m JOIN items i ON i.id = m.item_id JOIN warehouses w ON w.id = m.warehouse_id
                 WHERE m.company_id = $1 AND m.move_date <= $2 AND ($3 = 0 OR m.warehouse_id = $3)
                 GROUP BY i.item_no, w.code",
            )
            .bind(c)
            .bind(as_of.format("%Y-%m-%d").to_string())
            .bind(wh.unwrap_or(0))
            .fetch_all(&db.pool)
            .await
            .unwrap();
            let mut want: Vec<(String, String, Decimal, Decimal)> = rows
                .into_iter()
                .filter(|r| r.get::<i64, _>(2) != 0)
                .map(|r| (r.get(0), r.get(1), Decimal::new(r.get(2), 3), average_value(r.get::<i64, _>(3) as i128)))
                .collect();
            want.sort();
            let mut got: Vec<_> = report.rows.into_iter().map(|r| (r.item_no, r.warehouse_code, r.qty, r.value)).collect();
            got.sort();
            assert_eq!(got, want, "{backend}: valuation as of {as_of}");
        }
        // the check finds drift in a closing
        let r =
            sqlx::query("SELECT period, item_id, warehouse_id FROM stock_closing WHERE company_id = $1 ORDER BY period DESC, item_id, warehouse_id LIMIT 1")
                .bind(c)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let (p, i, w): (String, i64, i64) = (r.get(0), r.get(1), r.get(2));
        sqlx::query("UPDATE stock_closing SET qty_milli = qty_milli + 1 WHERE company_id = $1 AND period = $2 AND item_id = $3 AND warehouse_id = $4")
            .bind(c)
            .bind(p)
            .bind(i)
            .bind(w)
            .execute(&db.pool)
            .await
            .unwrap();
        let found = closing::mismatches(&db.pool, c).await.unwrap();
        assert_eq!(found.len(), 1, "{backend}: drift is reported: {found:?}");
    }
}
