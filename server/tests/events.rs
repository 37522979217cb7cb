//! The event journal over the JSON API, on SQLite and PostgreSQL: every posting's
//! events are there once it commits, in commit order, gapless per company; a posting
//! that fails leaves none; stock changes carry on hand, reserved and free; readers page
//! by cursor and type; concurrent postings never let a reader skip an event; another
//! company's events are never seen.
mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::{json, Value};

async fn events(c: &reqwest::Client, s: &Server, query: &str) -> Value {
    let (st, page) = get_json(c, s, &format!("/api/v1/events?{query}")).await;
    assert_eq!(st, 200, "{query}: {page}");
    page
}

fn kinds(page: &Value) -> Vec<String> {
    page["events"].as_array().unwrap().iter().map(|e| format!("{} {}", e["type"].as_str().unwrap(), e["subject"].as_str().unwrap())).collect()
}

#[tokio::test]
async fn postings_write_their_events_in_commit_order_and_readers_page_through_them() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let item = json!({"item_no": "SKRU-1", "description": "Skruer", "unit": "stk", "sales_price": "149,90", "vat_code": "S25", "active": "true"});
        assert_eq!(post(&c, &s, "/api/v1/items", item).await.0, 201);
        let (st, e) = post(&c, &s, "/api/v1/stock/adjustments", json!({"item_no": "SKRU-1", "warehouse": "MAIN", "qty": "10", "reason": "found"})).await;
        assert_eq!(st, 204, "{e}");
        let (_, cust) = post(&c, &s, "/api/v1/customers", json!({"name": "Fjordbygg Sør AS"})).await;
        let customer = cust["customer_no"].as_str().unwrap();
        let (st, o) = post(&c, &s, "/api/v1/orders", json!({"customer_no": customer, "confirm": true, "lines": [{"item_no": "SKRU-1", "qty": "3"}]})).await;
        assert_eq!(st, 201, "{o}");
        let ono = o["number"].as_str().unwrap();
        // refused: more than ordered; nothing of it is in the journal
        let (st, _) = post(&c, &s, &format!("/api/v1/orders/{ono}/deliveries"), json!({"lines": [{"line_no": 1, "qty": "4"}]})).await;
        assert_eq!(st, 422);
        let (st, d) = post(&c, &s, &format!("/api/v1/orders/{ono}/deliveries"), json!({"lines": [{"line_no": 1, "qty": "3"}]})).await;
        assert!(st == 200 || st == 201, "{d}");
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"orders": [ono]})).await;
        assert_eq!(st, 201, "{inv}");
        let ino = inv["number"].as_str().unwrap();
        let (st, p) = post(&c, &s, "/api/v1/payments", json!({"invoice_no": ino, "amount": "100"})).await;
        assert_eq!(st, 201, "{p}");

        let all = events(&c, &s, "").await;
        let list = all["events"].as_array().unwrap();
        let seqs: Vec<i64> = list.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
        assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>(), "{backend}: gapless from 1: {all}");
        assert_eq!(all["next"], seqs.len() as i64);
        let delivery = list.iter().find(|e| e["type"] == "delivery_posted").unwrap()["subject"].as_str().unwrap().to_string();
        assert_eq!(
            kinds(&all),
            [
                "item_created SKRU-1".to_string(),
                "stock_changed SKRU-1".into(),
                format!("customer_created {customer}"),
                format!("order_created {ono}"),
                format!("order_confirmed {ono}"),
                "stock_changed SKRU-1".into(),
                "stock_changed SKRU-1".into(),
                format!("delivery_posted {delivery}"),
                format!("invoice_posted {ino}"),
                format!("payment_registered {}", p["payment_id"]),
            ],
            "{backend}"
        );
        let stock: Vec<(String, String, String)> = list
            .iter()
            .filter(|e| e["type"] == "stock_changed")
            .map(|e| {
                (e["data"]["on_hand"].as_str().unwrap().into(), e["data"]["reserved"].as_str().unwrap().into(), e["data"]["free"].as_str().unwrap().into())
            })
            .collect();
        let t = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        assert_eq!(stock, vec![t("10", "0", "10"), t("10", "3", "7"), t("7", "0", "7")], "{backend}: figures as each posting left them");
        assert_eq!(list[1]["data"]["warehouse"], "MAIN");
        let invoice = &list[8]["data"];
        assert_eq!((invoice["gross"].as_str(), invoice["orders"].as_str()), (Some(inv["totals"]["gross"].as_str().unwrap()), Some(ono)), "{invoice}");
        assert!(list[0]["occurred_at"].as_str().unwrap().ends_with('Z'));

        // paging: by cursor, type and size
        let page = events(&c, &s, "after=3&limit=2").await;
        assert_eq!((kinds(&page).len(), page["next"].as_i64()), (2, Some(5)));
        let stock_only = events(&c, &s, "types=stock_changed").await;
        assert_eq!(stock_only["events"].as_array().unwrap().iter().map(|e| e["seq"].as_i64().unwrap()).collect::<Vec<_>>(), vec![2, 6, 7]);
        let end = events(&c, &s, &format!("after={}", seqs.len())).await;
        assert_eq!((end["events"].as_array().unwrap().len(), end["next"].as_i64()), (0, Some(seqs.len() as i64)), "an empty page keeps the cursor");
        for (q, msg) in [("after=x", "not a cursor"), ("types=order.created", "Unknown event type"), ("limit=5000", "1 to 1000")] {
            let (st, e) = get_json(&c, &s, &format!("/api/v1/events?{q}")).await;
            assert!(st == 422 && e.to_string().contains(msg), "{q}: {st} {e}");
        }
        // another company reads its own journal only, numbered from 1
        let other = empty_company(&s).await;
        assert_eq!(post(&other, &s, "/api/v1/customers", json!({"name": "Annen AS"})).await.0, 201);
        let theirs = events(&other, &s, "").await;
        assert_eq!(theirs["events"].as_array().unwrap().iter().map(|e| e["seq"].as_i64().unwrap()).collect::<Vec<_>>(), vec![1], "{theirs}");
    }
}

/// Postings committing at the same time while a reader follows the journal: the
/// reader, paging by cursor, ends with every event exactly once, and the numbers are
/// gapless — a posting that committed later never took a number below one read.
#[tokio::test]
async fn a_reader_following_concurrent_postings_misses_nothing() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        const N: usize = 40;
        let writers: Vec<_> = (0..N)
            .map(|i| {
                let (c, s) = (c.clone(), &s);
                async move {
                    let item =
                        json!({"item_no": format!("V-{i}"), "description": "Vare", "unit": "stk", "sales_price": "10", "vat_code": "S25", "active": "true"});
                    assert_eq!(post(&c, s, "/api/v1/items", item).await.0, 201);
                    let adj = json!({"item_no": format!("V-{i}"), "warehouse": "MAIN", "qty": "5", "reason": "found"});
                    assert_eq!(post(&c, s, "/api/v1/stock/adjustments", adj).await.0, 204);
                }
            })
            .collect();
        let reader = async {
            let (mut seen, mut after) = (Vec::new(), 0i64);
            while seen.len() < 2 * N {
                let page = events(&c, &s, &format!("after={after}&limit=7")).await;
                for e in page["events"].as_array().unwrap() {
                    seen.push(e["seq"].as_i64().unwrap());
                }
                after = page["next"].as_i64().unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            seen
        };
        let (_, seen) = tokio::join!(futures::future::join_all(writers), reader);
        assert_eq!(seen, (1..=2 * N as i64).collect::<Vec<_>>(), "{backend}: every event once, in order");
        let subjects: BTreeSet<String> =
            events(&c, &s, "types=stock_changed").await["events"].as_array().unwrap().iter().map(|e| e["subject"].as_str().unwrap().to_string()).collect();
        assert_eq!(subjects.len(), N);
    }
}
