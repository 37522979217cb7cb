//! `Idempotency-Key` over the JSON API, on SQLite and PostgreSQL: a retried creating
//! call answers the first call's answer and creates nothing more; the key reused for
//! another request is refused; a call refused without creating leaves no key; ten
//! identical calls at once create one payment; another company's keys are its own.
mod common;

use common::*;
use serde_json::{json, Value};

async fn keyed(c: &reqwest::Client, s: &Server, path: &str, key: &str, body: &Value) -> (u16, Value, bool) {
    let r = c.post(format!("{}{path}", s.base)).header("Idempotency-Key", key).json(body).send().await.unwrap();
    let replayed = r.headers().get("idempotent-replayed").is_some();
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null), replayed)
}

async fn count(c: &reqwest::Client, s: &Server, kind: &str) -> usize {
    let (_, page) = get_json(c, s, &format!("/api/v1/events?types={kind}&limit=1000")).await;
    page["events"].as_array().unwrap().len()
}

#[tokio::test]
async fn a_retried_call_never_creates_twice() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let item =
            json!({"item_no": "KAFFE", "description": "Kaffe", "unit": "stk", "sales_price": "89", "vat_code": "S15", "kind": "service", "active": "true"});
        assert_eq!(post(&c, &s, "/api/v1/items", item).await.0, 201);
        let cust = json!({"name": "Havnelageret AS"});
        let (st, first, replayed) = keyed(&c, &s, "/api/v1/customers", "cust-1", &cust).await;
        assert_eq!((st, replayed), (201, false), "{first}");
        let (st, again, replayed) = keyed(&c, &s, "/api/v1/customers", "cust-1", &cust).await;
        assert_eq!((st, replayed, &again), (201, true, &first), "{backend}: the first answer again");
        assert_eq!(count(&c, &s, "customer_created").await, 1);
        let (st, e, _) = keyed(&c, &s, "/api/v1/customers", "cust-1", &json!({"name": "Noe annet AS"})).await;
        assert!(st == 422 && e["error"].as_str().unwrap().contains("was used for another request"), "{st} {e}");
        let customer = first["customer_no"].as_str().unwrap();

        // refused without creating: no key kept, the corrected call with it goes through
        let bad = json!({"customer_no": customer, "lines": [{"item_no": "NOPE", "qty": "1"}]});
        assert_eq!(keyed(&c, &s, "/api/v1/orders", "order-1", &bad).await.0, 422);
        let order = json!({"customer_no": customer, "confirm": true, "lines": [{"item_no": "KAFFE", "qty": "2"}]});
        let (st, o, _) = keyed(&c, &s, "/api/v1/orders", "order-1", &order).await;
        assert_eq!(st, 201, "{o}");
        let (_, o2, replayed) = keyed(&c, &s, "/api/v1/orders", "order-1", &order).await;
        assert!(replayed && o2["number"] == o["number"]);
        assert_eq!(count(&c, &s, "order_created").await, 1);

        // ten identical payments at once: one is registered, every answer is it or a 409
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "lines": [{"item_no": "KAFFE", "qty": "1"}]})).await;
        assert_eq!(st, 201, "{inv}");
        let pay = json!({"invoice_no": inv["number"], "amount": "10"});
        let calls = (0..10).map(|_| keyed(&c, &s, "/api/v1/payments", "pay-1", &pay));
        let answers = futures::future::join_all(calls).await;
        let ids: Vec<Value> = answers.iter().filter(|a| a.0 == 201).map(|a| a.1["payment_id"].clone()).collect();
        assert!(!ids.is_empty() && ids.iter().all(|i| *i == ids[0]), "{backend}: {answers:?}");
        assert!(answers.iter().all(|a| a.0 == 201 || a.0 == 409), "{answers:?}");
        assert_eq!(count(&c, &s, "payment_registered").await, 1, "{backend}: one payment");

        // a key is the company's own; a bad key is refused
        let other = empty_company(&s).await;
        assert_eq!(keyed(&other, &s, "/api/v1/customers", "cust-1", &cust).await.0, 201);
        let (st, e, _) = keyed(&c, &s, "/api/v1/customers", "nøkkel med mellomrom", &cust).await;
        assert!(st == 422 && e["error"].as_str().unwrap().contains("Idempotency-Key"), "{e}");
    }
}
