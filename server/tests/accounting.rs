//! The journal over the JSON API, on SQLite and PostgreSQL: every invoice, credit
//! note, payment and write-off writes a balanced voucher in its own transaction,
//! numbered gapless per series and year; the receivables account equals the open
//! items; sales and VAT per code equal the invoices' totals; a locked period takes
//! nothing; vouchers cannot be changed; another company sees none of them.
mod common;

use std::collections::BTreeMap;
use std::str::FromStr;

use common::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or("0")).unwrap()
}

/// A NO company with an item at 25 % and one at 15 % VAT, and a customer.
async fn setup(s: &Server) -> (reqwest::Client, String) {
    let c = empty_company(s).await;
    for (no, price, vat) in [("TAU-10", "249", "S25"), ("KAKE", "35,50", "S15")] {
        let item = json!({"item_no": no, "description": no, "unit": "stk", "sales_price": price, "purchase_price": "20", "vat_code": vat, "kind": "service", "active": "true"});
        assert_eq!(post(&c, s, "/api/v1/items", item).await.0, 201);
    }
    let (st, cust) = post(&c, s, "/api/v1/customers", json!({"name": "Havnelageret AS", "org_no": "988077917", "payment_terms": "NET14"})).await;
    assert_eq!(st, 201, "{cust}");
    (c, cust["customer_no"].as_str().unwrap().to_string())
}

/// The seed of a random sequence: `FLYT_SEED` replays one, else a new one, printed.
fn seed() -> u64 {
    let seed = std::env::var("FLYT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(rand::random);
    eprintln!("FLYT_SEED={seed}");
    seed
}

/// A new supplier; answers its number.
async fn supplier(c: &reqwest::Client, s: &Server, name: &str) -> String {
    let (st, sup) = post(c, s, "/api/v1/suppliers", json!({"name": name, "org_no": "912345688"})).await;
    assert_eq!(st, 201, "{sup}");
    sup["supplier_no"].as_str().unwrap().to_string()
}

/// Per account: the closing balance of the trial balance (debit positive).
fn closing(trial: &Value) -> BTreeMap<String, Decimal> {
    trial.as_array().unwrap().iter().map(|r| (r["account"].as_str().unwrap().to_string(), dec(&r["closing"]))).collect()
}

#[tokio::test]
async fn every_posting_writes_a_balanced_voucher_that_matches_the_documents() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s).await;
        let invoice = |lines: Value, date: &str| json!({"customer_no": customer, "invoice_date": date, "lines": lines});
        // 2 × 249 at 25 % and 3 × 35.50 at 15 %: net 604.50, VAT 124.50 + 15.98
        let (st, a) =
            post(&c, &s, "/api/v1/invoices", invoice(json!([{"item_no": "TAU-10", "qty": "2"}, {"item_no": "KAKE", "qty": "3"}]), "2026-11-02")).await;
        assert_eq!(st, 201, "{a}");
        let (st, b) = post(&c, &s, "/api/v1/invoices", invoice(json!([{"item_no": "TAU-10", "qty": "4"}]), "2026-11-03")).await;
        assert_eq!(st, 201, "{b}");
        let (a_no, b_no) = (a["number"].as_str().unwrap(), b["number"].as_str().unwrap());
        // a credit note of one TAU-10 on the first, a part payment of the second, a
        // payment of the rest of the first but 0.40 (written off by the default rule? no:
        // the limit is 0, so it stays open), and money on account
        let (st, cn) =
            post(&c, &s, &format!("/api/v1/invoices/{a_no}/credit-notes"), json!({"lines": [{"line_no": 1, "qty": "1"}], "date": "2026-11-04"})).await;
        assert_eq!(st, 201, "{cn}");
        for (body, what) in [
            (json!({"invoice_no": b_no, "amount": "1000", "date": "2026-11-10"}), "part of b"),
            (json!({"invoice_no": a_no, "amount": "418.82", "date": "2026-11-11"}), "most of a"),
            (json!({"customer_no": customer, "amount": "50", "date": "2026-11-12"}), "on account"),
        ] {
            let (st, r) = post(&c, &s, "/api/v1/payments", body).await;
            assert_eq!(st, 201, "{what}: {r}");
        }

        let (st, vouchers) = get_json(&c, &s, "/api/v1/vouchers?from=2026-01-01&to=2026-12-31").await;
        assert_eq!(st, 200, "{vouchers}");
        let vs = vouchers.as_array().unwrap();
        assert_eq!(vs.len(), 6, "two invoices, a credit note, three payments: {vouchers}");
        for v in vs {
            let lines = v["lines"].as_array().unwrap();
            let (d, k): (Decimal, Decimal) = (lines.iter().map(|l| dec(&l["debit"])).sum(), lines.iter().map(|l| dec(&l["credit"])).sum());
            assert_eq!(d, k, "voucher {v} balances");
            assert!(lines.iter().all(|l| dec(&l["debit"]).is_zero() != dec(&l["credit"]).is_zero()), "each line on one side: {v}");
        }
        // gapless per series and year: F 1..3, I 1..3
        let ids: Vec<(String, i64)> = vs.iter().map(|v| (v["series"].as_str().unwrap().to_string(), v["number"].as_i64().unwrap())).collect();
        for series in ["F", "I"] {
            let mut n: Vec<i64> = ids.iter().filter(|(s, _)| s == series).map(|(_, n)| *n).collect();
            n.sort();
            assert_eq!(n, vec![1, 2, 3], "{series}: {ids:?}");
        }
        let first = vs.iter().find(|v| v["source_no"] == a_no && v["source_kind"] == "invoice").unwrap();
        let lines: Vec<(String, Decimal, Decimal, String)> = first["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (l["account"].as_str().unwrap().into(), dec(&l["debit"]), dec(&l["credit"]), l["vat_code"].as_str().unwrap().into()))
            .collect();
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(
            lines,
            vec![
                ("1500".into(), d("744.98"), d("0"), "".into()),
                ("3000".into(), d("0"), d("498.00"), "S25".into()),
                ("2700".into(), d("0"), d("124.50"), "S25".into()),
                ("3000".into(), d("0"), d("106.50"), "S15".into()),
                ("2700".into(), d("0"), d("15.98"), "S15".into()),
            ],
            "{first}"
        );
        assert_eq!(first["lines"][0]["party_no"], customer.as_str());
        assert_eq!((first["date"].as_str(), first["series"].as_str(), first["year"].as_i64()), (Some("2026-11-02"), Some("F"), Some(2026)));

        // the receivables account equals the open items; sales and VAT what was invoiced less credited
        let (_, trial) = get_json(&c, &s, "/api/v1/trial-balance?from=2026-01-01&to=2026-12-31").await;
        let bal = closing(&trial);
        let (_, open) = get_json(&c, &s, "/api/v1/open-items").await;
        let open_sum: Decimal = open.as_array().unwrap().iter().map(|i| dec(&i["open"])).sum();
        assert_eq!(bal["1500"], open_sum, "receivables = open items: {trial} {open}");
        assert_eq!(bal["1920"], d("1468.82"), "the bank got every payment");
        let (_, b_inv) = get_json(&c, &s, &format!("/api/v1/invoices/{b_no}")).await;
        let net_invoiced = d("604.50") + dec(&b_inv["totals"]["net"]) - d("249");
        assert_eq!(bal["3000"], -net_invoiced, "sales");
        let total: Decimal = bal.values().sum();
        assert_eq!(total, Decimal::ZERO, "the trial balance balances: {trial}");

        // a voucher cannot be changed, not even by SQL
        let db = app::db::Db::connect(&s.url).await.unwrap();
        for sql in ["UPDATE gl_entries SET debit_minor = 1", "DELETE FROM gl_entries"] {
            let e = sqlx::query(sql).execute(&db.pool).await.expect_err(sql).to_string();
            assert!(e.contains("immutable"), "{backend} {sql}: {e}");
        }

        // another company sees none of it
        let other = empty_company(&s).await;
        let (_, theirs) = get_json(&other, &s, "/api/v1/vouchers?from=2026-01-01&to=2026-12-31").await;
        assert_eq!(theirs, json!([]));
    }
}

#[tokio::test]
async fn a_locked_period_takes_no_posting_and_nothing_is_half_written() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s).await;
        let (ok, e) = server_fn(&c, &s, "accounting/lock/save", &[("date", "2026-10-31")]).await;
        assert!(ok, "{e}");
        let (st, e) =
            post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "invoice_date": "2026-10-15", "lines": [{"item_no": "TAU-10", "qty": "1"}]}))
                .await;
        assert_eq!(st, 422, "{e}");
        assert!(e["error"].as_str().unwrap().contains("locked"), "{e}");
        // nothing of it stayed: no invoice, no number taken, no voucher
        let (st, inv) =
            post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "invoice_date": "2026-11-01", "lines": [{"item_no": "TAU-10", "qty": "1"}]}))
                .await;
        assert_eq!(st, 201, "{inv}");
        let (_, vouchers) = get_json(&c, &s, "/api/v1/vouchers?from=2026-01-01&to=2026-12-31").await;
        assert_eq!(vouchers.as_array().unwrap().iter().map(|v| (v["series"].as_str(), v["number"].as_i64())).collect::<Vec<_>>(), vec![(Some("F"), Some(1))]);
        let (_, open) = get_json(&c, &s, "/api/v1/open-items").await;
        assert_eq!(open.as_array().unwrap().len(), 1, "{open}");
        // a period not yet ended cannot be locked; a bad date is named
        let (ok, e) = server_fn(&c, &s, "accounting/lock/save", &[("date", "2099-01-01")]).await;
        assert!(!ok && e.to_string().contains("ended"), "{e}");
        let (ok, e) = server_fn(&c, &s, "accounting/lock/save", &[("date", "31.10.2026")]).await;
        assert!(!ok && e.to_string().contains("31.10.2026"), "{e}");
        let (st, e) = get_json(&c, &s, "/api/v1/vouchers?from=2026-12-31&to=2026-01-01").await;
        assert_eq!(st, 422, "{e}");
    }
}

/// The journal's invariants under random operations (a seeded sequence, printed so a
/// failure can be replayed with `FLYT_SEED`): invoices, credit notes, payments on an
/// invoice or on account, supplier invoices and their payments, in any order, some of
/// them refused. After them every voucher balances, the receivables account equals the
/// open items, the payables account the open supplier invoices, and the trial balance
/// sums to zero — on both databases.
#[tokio::test]
async fn the_journal_matches_the_documents_after_random_operations() {
    use rand::{Rng, SeedableRng};
    let seed = seed();
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let (c, customer) = setup(&s).await;
        let supplier = supplier(&c, &s, "Tilfeldig Leverandør AS").await;
        let (mut invoices, mut supplier_invoices): (Vec<String>, Vec<i64>) = (Vec::new(), Vec::new());
        let mut done = BTreeMap::<&str, usize>::new();
        for step in 0..40 {
            let date = format!("2026-11-{:02}", 1 + step % 28);
            let (what, ok) = match rng.gen_range(0..6) {
                0 | 1 => {
                    let lines: Vec<Value> = (0..rng.gen_range(1..4))
                        .map(|i| json!({"item_no": if i % 2 == 0 { "TAU-10" } else { "KAKE" }, "qty": rng.gen_range(1..6).to_string()}))
                        .collect();
                    let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "invoice_date": date, "lines": lines})).await;
                    if st == 201 {
                        invoices.push(inv["number"].as_str().unwrap().to_string());
                    }
                    ("invoice", st == 201)
                }
                2 if !invoices.is_empty() => {
                    let no = invoices[rng.gen_range(0..invoices.len())].clone();
                    let (st, _) =
                        post(&c, &s, &format!("/api/v1/invoices/{no}/credit-notes"), json!({"lines": [{"line_no": 1, "qty": "1"}], "date": date})).await;
                    ("credit note", st == 201)
                }
                3 => {
                    let amount = format!("{}.{:02}", rng.gen_range(1..400), rng.gen_range(0..100));
                    let body = match invoices.is_empty() || rng.gen_bool(0.2) {
                        true => json!({"customer_no": customer, "amount": amount, "date": date}),
                        false => json!({"invoice_no": invoices[rng.gen_range(0..invoices.len())], "amount": amount, "date": date}),
                    };
                    let (st, _) = post(&c, &s, "/api/v1/payments", body).await;
                    ("payment", st == 201)
                }
                4 => {
                    let n = supplier_invoices.len();
                    let price = format!("{}.{:02}", rng.gen_range(1..900), rng.gen_range(0..100));
                    let body = json!({"supplier_no": supplier, "invoice_no": format!("R-{n}"), "invoice_date": date,
                                      "lines": [{"description": "Varer", "qty": rng.gen_range(1..4).to_string(), "unit_price": price, "vat_rate": "25"}]});
                    let (st, si) = post(&c, &s, "/api/v1/supplier-invoices", body).await;
                    if st == 201 {
                        supplier_invoices.push(si["id"].as_i64().unwrap());
                    }
                    ("supplier invoice", st == 201)
                }
                _ if !supplier_invoices.is_empty() => {
                    let id = supplier_invoices[rng.gen_range(0..supplier_invoices.len())];
                    let r = c.post(format!("{}/api/v1/supplier-invoices/{id}/payment", s.base)).json(&json!({"date": date})).send().await.unwrap();
                    ("supplier payment", r.status() == 200)
                }
                _ => continue,
            };
            if ok {
                *done.entry(what).or_default() += 1;
            }
        }
        eprintln!("{backend}: {done:?}");

        let (_, vouchers) = get_json(&c, &s, "/api/v1/vouchers?from=2026-01-01&to=2026-12-31").await;
        for v in vouchers.as_array().unwrap() {
            let lines = v["lines"].as_array().unwrap();
            let sum: Decimal = lines.iter().map(|l| dec(&l["debit"]) - dec(&l["credit"])).sum();
            assert_eq!(sum, Decimal::ZERO, "seed {seed}, {backend}: voucher {v} balances");
        }
        let (_, trial) = get_json(&c, &s, "/api/v1/trial-balance?from=2026-01-01&to=2026-12-31").await;
        let bal = closing(&trial);
        assert_eq!(bal.values().sum::<Decimal>(), Decimal::ZERO, "seed {seed}, {backend}: the trial balance sums to zero");
        let (_, open) = get_json(&c, &s, "/api/v1/open-items").await;
        let open_sum: Decimal = open.as_array().unwrap().iter().map(|i| dec(&i["open"])).sum();
        assert_eq!(bal.get("1500").copied().unwrap_or_default(), open_sum, "seed {seed}, {backend}: receivables = open items");
        let (_, payables) = get_json(&c, &s, "/api/v1/supplier-invoices").await;
        let open_payables: Decimal = payables.as_array().unwrap().iter().map(|p| dec(&p["payable"])).sum();
        assert_eq!(-bal.get("2400").copied().unwrap_or_default(), open_payables, "seed {seed}, {backend}: payables = open supplier invoices");
    }
}

/// The inventory account's balance over the year (debit positive), from the journal.
async fn inventory_account(c: &reqwest::Client, s: &Server) -> Decimal {
    let (st, vouchers) = get_json(c, s, "/api/v1/vouchers").await;
    assert_eq!(st, 200, "{vouchers}");
    vouchers
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| v["lines"].as_array().unwrap().iter())
        .filter(|l| l["account"] == "1460")
        .map(|l| dec(&l["debit"]) - dec(&l["credit"]))
        .sum()
}

async fn stock_value(c: &reqwest::Client, s: &Server) -> Decimal {
    let (st, v) = get_json(c, s, "/api/v1/stock/valuation").await;
    assert_eq!(st, 200, "{v}");
    dec(&v["total"])
}

/// Perpetual inventory under random operations (seeded, `FLYT_SEED` replays): turning
/// it on brings the inventory account to the stock's value; after receipts at changing
/// prices (so averages with more decimals than cents), deliveries, direct invoices and
/// adjustments either way — some refused for lack of stock — every voucher balances
/// and the inventory account equals the valuation report to the øre. A change of the
/// valuation method is refused while it is on, a move into a locked period writes
/// nothing, and turning it off stops the postings.
#[tokio::test]
async fn perpetual_inventory_keeps_the_inventory_account_equal_to_the_valuation() {
    use rand::{Rng, SeedableRng};
    let seed = seed();
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let (c, customer) = setup(&s).await;
        let supplier = supplier(&c, &s, "Lagerleverandøren AS").await;
        let items = ["LAGER-A", "LAGER-B"];
        for (no, cost) in items.iter().zip(["7", "3,35"]) {
            let item =
                json!({"item_no": no, "description": no, "unit": "stk", "sales_price": "99", "purchase_price": cost, "vat_code": "S25", "active": "true"});
            assert_eq!(post(&c, &s, "/api/v1/items", item).await.0, 201);
        }
        let adjust =
            |item: &str, qty: i64| json!({"item_no": item, "warehouse": "MAIN", "qty": qty.to_string(), "reason": if qty > 0 { "found" } else { "damaged" }});
        // stock before perpetual inventory: no voucher for it
        assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", adjust("LAGER-A", 10)).await.0, 204);
        assert_eq!(inventory_account(&c, &s).await, Decimal::ZERO);
        let r = c.put(format!("{}/api/v1/stock/perpetual-inventory", s.base)).json(&json!({"on": true})).send().await.unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        assert_eq!(inventory_account(&c, &s).await, Decimal::from(70), "{backend}: turning it on posts the stock's value");
        let (_, setting) = get_json(&c, &s, "/api/v1/stock/perpetual-inventory").await;
        assert_eq!(setting["on"], true);

        let mut done = BTreeMap::<&str, usize>::new();
        for _ in 0..30 {
            let item = items[rng.gen_range(0..items.len())];
            let (what, ok) = match rng.gen_range(0..5) {
                0 => {
                    let price = format!("{}.{:02}", rng.gen_range(2..15), rng.gen_range(0..100));
                    let qty = rng.gen_range(1..7).to_string();
                    let (st, po) = post(
                        &c,
                        &s,
                        "/api/v1/purchase-orders",
                        json!({"supplier_no": supplier, "lines": [{"item_no": item, "qty": qty, "unit_price": price}]}),
                    )
                    .await;
                    assert_eq!(st, 201, "{po}");
                    let no = po["number"].as_str().or(po["po_no"].as_str()).unwrap().to_string();
                    assert_eq!(post(&c, &s, &format!("/api/v1/purchase-orders/{no}/send"), json!({})).await.0, 200);
                    let (st, r) = post(&c, &s, &format!("/api/v1/purchase-orders/{no}/receipts"), json!({"lines": [{"line_no": 1, "qty": qty}]})).await;
                    assert_eq!(st, 201, "{r}");
                    ("receipt", true)
                }
                1 => {
                    let qty = rng.gen_range(1..4).to_string();
                    let (st, o) =
                        post(&c, &s, "/api/v1/orders", json!({"customer_no": customer, "confirm": true, "lines": [{"item_no": item, "qty": qty}]})).await;
                    assert_eq!(st, 201, "{o}");
                    let no = o["number"].as_str().unwrap();
                    let (st, _) = post(&c, &s, &format!("/api/v1/orders/{no}/deliveries"), json!({"lines": [{"line_no": 1, "qty": qty}]})).await;
                    ("delivery", st == 201)
                }
                2 => {
                    let (st, _) = post(
                        &c,
                        &s,
                        "/api/v1/invoices",
                        json!({"customer_no": customer, "lines": [{"item_no": item, "qty": rng.gen_range(1..3).to_string()}]}),
                    )
                    .await;
                    ("direct invoice", st == 201)
                }
                3 => ("adjustment in", post(&c, &s, "/api/v1/stock/adjustments", adjust(item, rng.gen_range(1..5))).await.0 == 204),
                _ => ("adjustment out", post(&c, &s, "/api/v1/stock/adjustments", adjust(item, -rng.gen_range(1..4))).await.0 == 204),
            };
            if ok {
                *done.entry(what).or_default() += 1;
            }
            assert_eq!(
                inventory_account(&c, &s).await,
                stock_value(&c, &s).await,
                "seed {seed}, {backend}: after {what} the inventory account = the valuation"
            );
        }
        eprintln!("{backend}: {done:?}");
        let (_, vouchers) = get_json(&c, &s, "/api/v1/vouchers").await;
        let stock_vouchers: Vec<&Value> = vouchers.as_array().unwrap().iter().filter(|v| v["series"] == "V").collect();
        assert!(stock_vouchers.len() > 3, "{backend}: {vouchers}");
        for v in vouchers.as_array().unwrap() {
            let sum: Decimal = v["lines"].as_array().unwrap().iter().map(|l| dec(&l["debit"]) - dec(&l["credit"])).sum();
            assert_eq!(sum, Decimal::ZERO, "seed {seed}, {backend}: voucher {v} balances");
        }
        // the other side is the change in stock (4390), a cost account
        assert!(stock_vouchers.iter().all(|v| v["lines"].as_array().unwrap().iter().all(|l| l["account"] == "1460" || l["account"] == "4390")), "{backend}");

        // the valuation method cannot change under it
        let r = c.patch(format!("{}/api/v1/company", s.base)).json(&json!({"valuation_method": "fifo"})).send().await.unwrap();
        assert_eq!(r.status(), 422, "{backend}");
        assert!(r.text().await.unwrap().contains("Perpetual inventory"));

        // a move into a locked period writes nothing: neither the move nor a voucher
        let yesterday = (chrono::Local::now().date_naive() - chrono::Duration::days(1)).to_string();
        let (ok, e) = server_fn(&c, &s, "accounting/lock/save", &[("date", &yesterday)]).await;
        assert!(ok, "{e}");
        let before = (stock_value(&c, &s).await, inventory_account(&c, &s).await);
        let mut late = adjust("LAGER-A", 5);
        late["date"] = json!(yesterday);
        let (st, e) = post(&c, &s, "/api/v1/stock/adjustments", late).await;
        assert_eq!(st, 422, "{backend}: {e}");
        assert!(e["error"].as_str().unwrap().contains("locked"), "{e}");
        assert_eq!((stock_value(&c, &s).await, inventory_account(&c, &s).await), before, "{backend}: nothing half-written");

        // off: moves post no voucher any more
        let r = c.put(format!("{}/api/v1/stock/perpetual-inventory", s.base)).json(&json!({"on": false})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", adjust("LAGER-A", 5)).await.0, 204);
        assert_eq!(inventory_account(&c, &s).await, before.1, "{backend}");
        // FIFO and perpetual inventory do not go together
        let r = c.patch(format!("{}/api/v1/company", s.base)).json(&json!({"valuation_method": "fifo"})).send().await.unwrap();
        assert_eq!(r.status(), 200, "{backend}");
        let r = c.put(format!("{}/api/v1/stock/perpetual-inventory", s.base)).json(&json!({"on": true})).send().await.unwrap();
        assert_eq!(r.status(), 422, "{backend}");
    }
}

/// An opening balance (a voucher no document corrects) is corrected by reversing it:
/// one voucher of series K with the sides swapped, once; a document's voucher, a date
/// before the voucher, a locked period, an unknown id and another company's voucher are
/// refused with the reason.
#[tokio::test]
async fn an_opening_balance_is_corrected_by_a_reversing_voucher_once() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s).await;
        let (ok, e) = server_fn(&c, &s, "accounting/opening/import", &[("date", "2026-01-01"), ("csv", "account;amount\n1920;500,00\n2050;-500,00\n")]).await;
        assert!(ok, "{e}");
        let (st, inv) =
            post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "invoice_date": "2026-02-02", "lines": [{"item_no": "TAU-10", "qty": "1"}]}))
                .await;
        assert_eq!(st, 201, "{inv}");
        let reverse = |id: &str, date: &str| {
            let (path, body) = (format!("/api/v1/vouchers/{id}/reversal"), json!({"date": date}));
            let (c, s) = (&c, &s);
            async move { post(c, s, &path, body).await }
        };

        let (st, e) = reverse("IB-2026-1", "2025-12-31").await;
        assert_eq!(st, 422, "{backend}: before the voucher: {e}");
        let (st, e) = reverse("F-2026-1", "2026-02-03").await;
        assert_eq!(st, 422, "{backend}: {e}");
        assert!(e["error"].as_str().unwrap().contains("through the document"), "{e}");
        let (st, e) = reverse("nonsense", "").await;
        assert_eq!(st, 422, "{backend}: {e}");
        assert_eq!(reverse("IB-2026-9", "").await.0, 404, "{backend}");

        let (st, k) = reverse("IB-2026-1", "2026-03-01").await;
        assert_eq!(st, 201, "{backend}: {k}");
        assert_eq!((k["series"].as_str(), k["number"].as_i64(), k["source_no"].as_str()), (Some("K"), Some(1), Some("IB-2026-1")), "{k}");
        let lines: BTreeMap<String, (Decimal, Decimal)> =
            k["lines"].as_array().unwrap().iter().map(|l| (l["account"].as_str().unwrap().to_string(), (dec(&l["debit"]), dec(&l["credit"])))).collect();
        assert_eq!(lines.get("1920"), Some(&(Decimal::ZERO, Decimal::from(500))), "{k}");
        assert_eq!(lines.get("2050"), Some(&(Decimal::from(500), Decimal::ZERO)), "{k}");
        let (_, trial) = get_json(&c, &s, "/api/v1/trial-balance?from=2026-01-01&to=2026-12-31").await;
        let bal = closing(&trial);
        assert_eq!((bal.get("1920").copied().unwrap_or_default(), bal.get("2050").copied().unwrap_or_default()), (Decimal::ZERO, Decimal::ZERO), "{trial}");

        // once only
        let (st, e) = reverse("IB-2026-1", "2026-03-02").await;
        assert_eq!(st, 409, "{backend}: {e}");
        assert!(e["error"].as_str().unwrap().contains("K-2026-1"), "{e}");
        // not into a locked period: nothing is written
        let (ok, e) = server_fn(&c, &s, "accounting/opening/import", &[("date", "2026-01-02"), ("csv", "account;amount\n1920;10\n2050;-10\n")]).await;
        assert!(ok, "{e}");
        let (ok, e) = server_fn(&c, &s, "accounting/lock/save", &[("date", "2026-06-30")]).await;
        assert!(ok, "{e}");
        let (st, e) = reverse("IB-2026-2", "2026-06-30").await;
        assert_eq!(st, 422, "{backend}: {e}");
        assert!(e["error"].as_str().unwrap().contains("locked"), "{e}");
        let (_, vouchers) = get_json(&c, &s, "/api/v1/vouchers?from=2026-01-01&to=2026-12-31").await;
        assert_eq!(vouchers.as_array().unwrap().iter().filter(|v| v["series"] == "K").count(), 1, "{backend}");
        let (st, k2) = reverse("IB-2026-2", "2026-07-01").await;
        assert_eq!((st, k2["number"].as_i64()), (201, Some(2)), "{backend}: gapless after the refusal: {k2}");

        // another company's voucher is not found
        let other = empty_company(&s).await;
        assert_eq!(post(&other, &s, "/api/v1/vouchers/IB-2026-2/reversal", json!({})).await.0, 404, "{backend}");
    }
}

/// A reminder's fee is owed: it is added to what is open on the invoice, posts a voucher
/// of series R (receivables on the customer against the reminder fee account), shows on
/// the customer's statement, and a payment of the invoice and the fee settles both —
/// receivables equal the open items throughout.
#[tokio::test]
async fn a_reminder_fee_is_owed_posted_and_paid() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s).await;
        let form =
            [("kid_method", "mod10"), ("kid_length", "10"), ("reminder_fee", "35"), ("reminder_days", "14"), ("writeoff_limit", "0"), ("ehf_outbox", "")];
        let (ok, e) = server_fn(&c, &s, "invoicing/settings/save", &form).await;
        assert!(ok, "{e}");
        // 2 × 35.50 at 15 %: 81.65, due 2026-09-15
        let (st, inv) =
            post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "invoice_date": "2026-09-01", "lines": [{"item_no": "KAKE", "qty": "2"}]})).await;
        assert_eq!(st, 201, "{inv}");
        let no = inv["number"].as_str().unwrap().to_string();
        let (st, r) = post(&c, &s, "/api/v1/reminder-runs", json!({"date": "2026-09-29", "preview": true})).await;
        assert_eq!((st, dec(&r[0]["fee"])), (200, Decimal::from(35)), "{r}");
        let receivables = |open: Decimal| {
            let (c, s) = (&c, &s);
            async move {
                let (_, trial) = get_json(c, s, "/api/v1/trial-balance?from=2026-01-01&to=2026-12-31").await;
                let (_, items) = get_json(c, s, "/api/v1/open-items").await;
                let items: Decimal = items.as_array().unwrap().iter().map(|i| dec(&i["open"])).sum();
                assert_eq!((closing(&trial).get("1500").copied().unwrap_or_default(), items), (open, open), "receivables = open items");
            }
        };
        receivables(Decimal::new(8165, 2)).await; // a preview charges nothing
        let (st, r) = post(&c, &s, "/api/v1/reminder-runs", json!({"date": "2026-09-29"})).await;
        assert_eq!((st, r.as_array().unwrap().len()), (200, 1), "{r}");
        receivables(Decimal::new(11665, 2)).await;
        let (_, vouchers) = get_json(&c, &s, "/api/v1/vouchers?from=2026-09-29&to=2026-09-29").await;
        let v = &vouchers[0];
        assert_eq!((v["series"].as_str(), v["source_no"].as_str(), v["source_kind"].as_str()), (Some("R"), Some(no.as_str()), Some("reminder_fee")), "{v}");
        let lines: Vec<(String, Decimal, Decimal, String)> = v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (l["account"].as_str().unwrap().into(), dec(&l["debit"]), dec(&l["credit"]), l["party_no"].as_str().unwrap().into()))
            .collect();
        assert_eq!(
            lines,
            vec![("1500".into(), Decimal::from(35), Decimal::ZERO, customer.clone()), ("3900".into(), Decimal::ZERO, Decimal::from(35), String::new())]
        );
        // the statement shows it
        let (ok, st) = server_fn(&c, &s, "receivables/statement", &[("customer_no", &customer), ("period", "all")]).await;
        assert!(ok, "{st}");
        assert!(st["lines"].as_array().unwrap().iter().any(|l| l["kind"] == "reminder_fee" && dec(&l["amount"]) == Decimal::from(35)), "{st}");
        assert_eq!(dec(&st["closing"]), Decimal::new(11665, 2), "{st}");
        // paying the invoice and the fee settles both
        let (st, p) = post(&c, &s, "/api/v1/payments", json!({"invoice_no": no, "amount": "116.65", "date": "2026-10-02"})).await;
        assert_eq!(st, 201, "{p}");
        receivables(Decimal::ZERO).await;
    }
}

/// Account mapping per group: an item group's sales go to the account the map names
/// for the group and VAT code, else for the group; a customer's posting group picks
/// the receivables account of its invoice, credit note and payment; a credit note
/// credits the sales account its invoice used though the item has changed group since;
/// a customer keeps its posting group while it has open items.
#[tokio::test]
async fn groups_pick_the_sales_and_receivables_accounts() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, _) = setup(&s).await;
        for (no, price, vat) in [("EXP-1", "100", "S25"), ("EXP-2", "50", "S15")] {
            let item = json!({"item_no": no, "description": no, "unit": "stk", "sales_price": price, "vat_code": vat, "kind": "service", "active": "true", "item_group": " eksport "});
            let (st, i) = post(&c, &s, "/api/v1/items", item).await;
            assert_eq!((st, i["item_group"].as_str()), (201, Some("EKSPORT")), "{i}");
        }
        let (st, e) = post(&c, &s, "/api/v1/items", json!({"item_no": "BAD", "description": "x", "unit": "stk", "vat_code": "S25", "item_group": "a b"})).await;
        assert_eq!(st, 422, "{e}");
        assert!(e.to_string().contains("Item group 'A B' may hold only letters"), "{e}");
        let (ok, e) = server_fn(
            &c,
            &s,
            "accounting/accounts/save",
            &[
                ("number", "1510"),
                ("name", "Kundefordringer konsern"),
                ("grouping_category", "balanseverdiForOmloepsmiddel"),
                ("grouping_code", "1500"),
                ("active", "on"),
            ],
        )
        .await;
        assert!(ok, "{e}");
        for (key, group, account) in [("sales:S25", "eksport", "3200"), ("sales", "Eksport", "3100"), ("receivables", "konsern", "1510")] {
            let (ok, e) = server_fn(&c, &s, "accounting/map/save", &[("key", key), ("group", group), ("account", account)]).await;
            assert!(ok, "{key}@{group}: {e}");
        }
        let (ok, e) = server_fn(&c, &s, "accounting/map/save", &[("key", "bank"), ("group", "konsern"), ("account", "1510")]).await;
        assert!(!ok && e.to_string().contains("every group"), "{e}");
        let (st, cust) = post(&c, &s, "/api/v1/customers", json!({"name": "Datterselskapet AS", "posting_group": "konsern"})).await;
        assert_eq!((st, cust["posting_group"].as_str()), (201, Some("KONSERN")), "{cust}");
        let customer = cust["customer_no"].as_str().unwrap();

        let lines = json!([{"item_no": "TAU-10", "qty": "1"}, {"item_no": "EXP-1", "qty": "2"}, {"item_no": "EXP-2", "qty": "1"}]);
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "invoice_date": "2026-11-02", "lines": lines})).await;
        assert_eq!(st, 201, "{inv}");
        let no = inv["number"].as_str().unwrap();
        let voucher = |kind: &'static str| {
            let (c, s) = (&c, &s);
            async move {
                let (_, vs) = get_json(c, s, "/api/v1/vouchers?from=2026-01-01&to=2026-12-31").await;
                let v = vs.as_array().unwrap().iter().find(|v| v["source_kind"] == kind).cloned().unwrap_or_else(|| panic!("{kind}: {vs}"));
                v["lines"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| (l["account"].as_str().unwrap().to_string(), dec(&l["debit"]) - dec(&l["credit"]), l["vat_code"].as_str().unwrap().to_string()))
                    .collect::<Vec<_>>()
            }
        };
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let row = |a: &str, amount: &str, code: &str| (a.to_string(), d(amount), code.to_string());
        // S25: 249 without a group, 200 of EKSPORT (its own S25 entry); S15: 50 of EKSPORT (the group's entry)
        assert_eq!(
            voucher("invoice").await,
            vec![
                row("1510", "618.75", ""),
                row("3000", "-249.00", "S25"),
                row("3200", "-200.00", "S25"),
                row("2700", "-112.25", "S25"),
                row("3100", "-50.00", "S15"),
                row("2700", "-7.50", "S15"),
            ]
        );
        let r = c.patch(format!("{}/api/v1/customers/{customer}", s.base)).json(&json!({"posting_group": ""})).send().await.unwrap();
        let (st, e) = (r.status().as_u16(), r.text().await.unwrap());
        assert!(st == 422 && e.contains("open on account 1510"), "{st} {e}");
        let r = c.patch(format!("{}/api/v1/items/EXP-1", s.base)).json(&json!({"item_group": ""})).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let (st, cn) = post(&c, &s, &format!("/api/v1/invoices/{no}/credit-notes"), json!({"lines": [{"line_no": 2, "qty": "1"}], "date": "2026-11-03"})).await;
        assert_eq!(st, 201, "{cn}");
        assert_eq!(voucher("credit_note").await, vec![row("1510", "-125.00", ""), row("3200", "100.00", "S25"), row("2700", "25.00", "S25")]);
        let (st, p) = post(&c, &s, "/api/v1/payments", json!({"invoice_no": no, "amount": "493.75", "date": "2026-11-04"})).await;
        assert_eq!(st, 201, "{p}");
        assert_eq!(voucher("payment").await, vec![row("1920", "493.75", ""), row("1510", "-493.75", "")]);
        let (_, trial) = get_json(&c, &s, "/api/v1/trial-balance?from=2026-01-01&to=2026-12-31").await;
        assert_eq!(closing(&trial).get("1510").copied(), Some(Decimal::ZERO), "{trial}");
        // settled: the group may change now
        let r = c.patch(format!("{}/api/v1/customers/{customer}", s.base)).json(&json!({"posting_group": ""})).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "{}", r.text().await.unwrap());
    }
}
