//! The company's clock: a business day starts at midnight where the company is. The
//! server runs under libfaketime (Debian's `faketime`, installed by test.sh) at
//! 23:30 UTC on 31 December — already 00:30 on 1 January in Oslo — and what it posts
//! "today" is dated 1 January; the change log shows local, labelled times. Skipped
//! where libfaketime is absent, unless CI is set.
mod common;

use common::*;
use serde_json::json;

const LIBFAKETIME: &str = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

#[tokio::test]
async fn today_is_the_company_s_day_on_both_databases() {
    if !std::path::Path::new(LIBFAKETIME).exists() {
        assert!(std::env::var_os("CI").is_none(), "CI is set but libfaketime is missing (apt-get install faketime)");
        eprintln!("skipping: {LIBFAKETIME} is missing");
        return;
    }
    for backend in BACKENDS {
        let Some((url, dir)) = fresh_db(backend).await else { continue };
        // the clock starts at this instant and runs on; timers keep the real monotonic clock
        let envs = [("LD_PRELOAD", LIBFAKETIME), ("FAKETIME", "@2026-12-31 23:30:00"), ("TZ", "UTC"), ("FAKETIME_DONT_FAKE_MONOTONIC", "1")];
        let s = start_on_with(&url, dir, &envs).await;
        let (c, _) = company_in(&s, "NO", "Midnatt AS", "984099509").await;
        let item = json!({"item_no": "KLOKKE", "description": "Veggklokke", "unit": "stk", "sales_price": "100", "vat_code": "S25", "active": "true", "kind": "service"});
        let (st, e) = post(&c, &s, "/api/v1/items", item).await;
        assert_eq!(st, 201, "{backend}: {e}");
        let (st, cust) = post(&c, &s, "/api/v1/customers", json!({"name": "Nyttår AS", "payment_terms": "NET14"})).await;
        assert_eq!(st, 201, "{backend}: {cust}");
        let no = cust["customer_no"].as_str().unwrap();
        // an invoice without a date is dated today in Oslo, not in UTC
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": no, "lines": [{"item_no": "KLOKKE", "qty": "1"}]})).await;
        assert_eq!(st, 201, "{backend}: {inv}");
        assert_eq!(inv["invoice_date"], "2027-01-01", "{backend}: {inv}");
        assert_eq!(inv["due_date"], "2027-01-15", "{backend}: {inv}");
        // so is an order's date, and a payment's
        let (st, o) = post(&c, &s, "/api/v1/orders", json!({"customer_no": no, "lines": [{"item_no": "KLOKKE", "qty": "1"}]})).await;
        assert_eq!(st, 201, "{backend}: {o}");
        assert_eq!(o["doc_date"], "2027-01-01", "{backend}: {o}");
        // the customer's change log shows the time in Oslo, labelled (CET in winter)
        let r = c.patch(format!("{}/api/v1/customers/{no}", s.base)).json(&json!({"phone": "+47 22 33 44 55"})).send().await.unwrap();
        assert_eq!(r.status(), 200, "{backend}: {}", r.text().await.unwrap());
        let id = cust["id"].as_i64().unwrap();
        let page = c.get(format!("{}/parties/{id}?tab=changes", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("+47 22 33 44 55"), "{backend}: the change is logged");
        assert!(page.contains("01.01.2027 00:3") || page.contains("1 Jan 2027 00:3"), "{backend}: the change is shown at Oslo time");
        assert!(page.contains("CET"), "{backend}: the time is labelled with its zone");
    }
}
