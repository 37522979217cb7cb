//! Change lists over the JSON API, on SQLite and PostgreSQL: every register pages
//! through what changed in (time, id) order behind a cursor; a row changed again comes
//! again after the cursor; `updated_after` starts after a time; a bad cursor or limit
//! says what to send; another company's rows never appear.
mod common;

use common::*;
use serde_json::{json, Value};

/// Every row of a change list from `start` on, page by page of `limit`; the rows and
/// the last cursor.
async fn read_all(c: &reqwest::Client, s: &Server, path: &str, start: &str, limit: usize) -> (Vec<Value>, String) {
    let mut rows = Vec::new();
    let mut cursor = start.to_string();
    for _ in 0..100 {
        let (st, page) = get_json(c, s, &format!("{path}?limit={limit}&cursor={cursor}")).await;
        assert_eq!(st, 200, "{path}: {page}");
        let got = page["rows"].as_array().unwrap();
        assert!(got.len() <= limit, "{path}: a page holds at most its limit");
        rows.extend(got.iter().cloned());
        cursor = page["next_cursor"].as_str().unwrap().to_string();
        if !page["more"].as_bool().unwrap() {
            return (rows, cursor);
        }
    }
    panic!("{path}: the pages never end");
}

fn numbers(rows: &[Value], field: &str) -> Vec<String> {
    rows.iter().map(|r| r["row"][field].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn every_register_pages_through_its_changes() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        for no in ["A-1", "A-2", "A-3"] {
            let item = json!({"item_no": no, "description": no, "unit": "stk", "sales_price": "100", "vat_code": "S25", "active": "true"});
            assert_eq!(post(&c, &s, "/api/v1/items", item).await.0, 201);
            let adjust = json!({"item_no": no, "warehouse": "MAIN", "qty": "50", "reason": "found"});
            assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", adjust).await.0, 204);
        }
        let mut customers = Vec::new();
        for name in ["Havblikk Fiskeri AS", "Sørlandets Trelast AS"] {
            let (st, cust) = post(&c, &s, "/api/v1/customers", json!({"name": name})).await;
            assert_eq!(st, 201, "{cust}");
            customers.push(cust["customer_no"].as_str().unwrap().to_string());
        }
        let (st, sup) = post(&c, &s, "/api/v1/suppliers", json!({"name": "Leverandør AS"})).await;
        assert_eq!(st, 201, "{sup}");
        let mut orders = Vec::new();
        for (i, cust) in customers.iter().chain(customers.iter()).enumerate() {
            let body = json!({"customer_no": cust, "confirm": true, "lines": [{"item_no": format!("A-{}", i % 3 + 1), "qty": "2"}]});
            let (st, o) = post(&c, &s, "/api/v1/orders", body).await;
            assert_eq!(st, 201, "{o}");
            orders.push(o["number"].as_str().unwrap().to_string());
        }
        let (st, q) = post(&c, &s, "/api/v1/quotes", json!({"customer_no": customers[0], "lines": [{"item_no": "A-1", "qty": "1"}]})).await;
        assert_eq!(st, 201, "{q}");
        let (st, po) = post(&c, &s, "/api/v1/purchase-orders", json!({"supplier_no": sup["supplier_no"], "lines": [{"item_no": "A-2", "qty": "5"}]})).await;
        assert_eq!(st, 201, "{po}");
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": customers[1], "lines": [{"item_no": "A-3", "qty": "1"}]})).await;
        assert_eq!(st, 201, "{inv}");

        // each list holds what was made, oldest change first, whatever the page size
        let (all, orders_cursor) = read_all(&c, &s, "/api/v1/orders", "", 3).await;
        assert_eq!(numbers(&all, "number"), orders, "{backend}");
        assert!(all.iter().all(|r| r["updated_at"].as_str().unwrap().ends_with('Z')), "{all:?}");
        let (one, _) = read_all(&c, &s, "/api/v1/orders", "", 1).await;
        assert_eq!(numbers(&one, "number"), orders, "{backend}: a page of one");
        assert_eq!(numbers(&read_all(&c, &s, "/api/v1/item-changes", "", 2).await.0, "item_no"), ["A-1", "A-2", "A-3"]);
        let custs = read_all(&c, &s, "/api/v1/customer-changes", "", 100).await.0;
        assert_eq!(custs.iter().map(|r| r["row"]["customer_no"].as_str().unwrap().to_string()).collect::<Vec<_>>(), customers);
        assert_eq!(read_all(&c, &s, "/api/v1/supplier-changes", "", 100).await.0.len(), 1, "{backend}: suppliers only");
        assert_eq!(numbers(&read_all(&c, &s, "/api/v1/quotes", "", 100).await.0, "number"), [q["number"].as_str().unwrap()]);
        assert_eq!(numbers(&read_all(&c, &s, "/api/v1/purchase-orders", "", 100).await.0, "po_no"), [po["po_no"].as_str().unwrap()]);
        let (invoices, invoices_cursor) = read_all(&c, &s, "/api/v1/invoices", "", 100).await;
        assert_eq!(numbers(&invoices, "number"), [inv["number"].as_str().unwrap()]);
        let (deliveries, deliveries_cursor) = read_all(&c, &s, "/api/v1/deliveries", "", 100).await;
        assert!(deliveries.is_empty());

        // nothing new: the kept cursor gives an empty page and keeps itself
        let (_, page) = get_json(&c, &s, &format!("/api/v1/orders?cursor={orders_cursor}")).await;
        assert_eq!((page["rows"].as_array().unwrap().len(), page["next_cursor"].as_str().unwrap()), (0, orders_cursor.as_str()));

        // a delivery changes its order and appears with its lines; a payment changes the invoice
        let (st, d) = post(&c, &s, &format!("/api/v1/orders/{}/deliveries", orders[1]), json!({"lines": [{"line_no": 1, "qty": "2"}]})).await;
        assert_eq!(st, 201, "{d}");
        let (st, p) = post(&c, &s, "/api/v1/payments", json!({"invoice_no": inv["number"], "amount": "50"})).await;
        assert_eq!(st, 201, "{p}");
        let (after, _) = read_all(&c, &s, "/api/v1/orders", &orders_cursor, 100).await;
        assert_eq!(numbers(&after, "number"), [orders[1].clone()], "{backend}: only the delivered order");
        assert_eq!(after[0]["row"]["status"], "delivered", "{after:?}");
        let (after, _) = read_all(&c, &s, "/api/v1/deliveries", &deliveries_cursor, 100).await;
        assert_eq!(after.len(), 1);
        let line = &after[0]["row"]["lines"][0];
        assert_eq!(
            (line["order_no"].as_str().unwrap(), line["order_line_no"].as_i64(), line["item_no"].as_str()),
            (orders[1].as_str(), Some(1), Some("A-2")),
            "{after:?}"
        );
        let (after, _) = read_all(&c, &s, "/api/v1/invoices", &invoices_cursor, 100).await;
        assert_eq!(after.len(), 1);
        assert_eq!(after[0]["row"]["open"], "75.00", "{backend}: 125 less 50, {after:?}");

        // updated_after: what changed after a time; a cursor wins over it
        let t = after[0]["updated_at"].as_str().unwrap();
        let (_, page) = get_json(&c, &s, &format!("/api/v1/invoices?updated_after={}", t.replace('+', "%2B"))).await;
        assert_eq!(page["rows"].as_array().unwrap().len(), 0, "{backend}: strictly after");
        let (_, page) = get_json(&c, &s, "/api/v1/orders?updated_after=2000-01-01").await;
        assert_eq!(page["rows"].as_array().unwrap().len(), 4);

        // bad input says what to send
        for (q, what) in [("cursor=xyz", "cursor"), ("limit=0", "limit"), ("limit=5000", "limit"), ("updated_after=i+går", "updated_after")] {
            let (st, e) = get_json(&c, &s, &format!("/api/v1/orders?{q}")).await;
            assert_eq!(st, 422, "{q}: {e}");
            assert!(e["error"].as_str().unwrap().contains(what), "{q}: {e}");
        }

        // another company sees none of it, whichever cursor it sends
        let other = empty_company(&s).await;
        for path in ["/api/v1/orders", "/api/v1/invoices", "/api/v1/deliveries", "/api/v1/item-changes", "/api/v1/customer-changes"] {
            let (_, page) = get_json(&other, &s, &format!("{path}?updated_after=2000-01-01")).await;
            assert_eq!(page["rows"].as_array().unwrap().len(), 0, "{backend}: {path}");
        }
        let (_, page) = get_json(&other, &s, "/api/v1/orders").await;
        let cursor = page["next_cursor"].as_str().unwrap().to_string();
        assert_eq!(read_all(&other, &s, "/api/v1/orders", &cursor, 10).await.0.len(), 0);
    }
}
