//! The webshop connector against a real Vendure shop (`end2end/vendure`, installed
//! from npm by test.sh: never a mock), on SQLite and PostgreSQL: an order placed
//! through the shop's API arrives after one import with its lines, shipping and
//! total; importing twice gives one order; delivering in Flyt marks it shipped and
//! lowers the shop's stock; cancelling in the shop cancels in Flyt; an unknown SKU
//! waits in the problems list until the item exists; the shop down loses nothing.
//! Skipped where the shop is not installed, unless CI is set.
mod common;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::*;
use serde_json::{json, Value};

struct Vendure {
    port: u16,
    child: Child,
    db: PathBuf,
    _dir: tempfile::TempDir,
    admin_token: String,
}

impl Drop for Vendure {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn vendure_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end/vendure");
    if dir.join("node_modules/@vendure/core").exists() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "CI is set but Vendure is not installed (npm ci in end2end/vendure, done by test.sh)");
    eprintln!("skipping: Vendure is not installed in {}", dir.display());
    None
}

fn spawn_vendure(dir: &std::path::Path, port: u16, db: &std::path::Path) -> Child {
    let mut child = Command::new("node")
        .arg("server.js")
        .current_dir(dir)
        .env("VENDURE_PORT", port.to_string())
        .env("VENDURE_DB", db)
        .env("VENDURE_DISABLE_TELEMETRY", "true")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start node");
    let out = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            if line.starts_with("VENDURE-READY") {
                let _ = tx.send(());
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(180)).expect("Vendure did not start");
    child
}

impl Vendure {
    async fn start() -> Option<Vendure> {
        let dir = vendure_dir()?;
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("shop.sqlite");
        let port = free_port();
        let child = spawn_vendure(&dir, port, &db);
        let mut v = Vendure { port, child, db, _dir: tmp, admin_token: String::new() };
        let r = reqwest::Client::new()
            .post(v.url("admin-api"))
            .json(&json!({"query": "mutation { login(username: \"superadmin\", password: \"superadmin\") { ... on CurrentUser { id } } }"}))
            .send()
            .await
            .unwrap();
        v.admin_token = r.headers()["vendure-auth-token"].to_str().unwrap().to_string();
        Some(v)
    }

    /// Down (as a crash), then up again on the same database and port.
    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
    fn restart(&mut self) {
        let dir = vendure_dir().unwrap();
        self.child = spawn_vendure(&dir, self.port, &self.db);
    }

    fn url(&self, api: &str) -> String {
        format!("http://127.0.0.1:{}/{api}", self.port)
    }

    async fn admin(&self, query: &str, variables: Value) -> Value {
        let r = reqwest::Client::new()
            .post(self.url("admin-api"))
            .bearer_auth(&self.admin_token)
            .json(&json!({"query": query, "variables": variables}))
            .send()
            .await
            .unwrap();
        let body: Value = r.json().await.unwrap();
        assert!(body.get("errors").is_none(), "{body}");
        body["data"].clone()
    }

    async fn variant(&self, sku: &str) -> (String, i64, i64) {
        let d = self
            .admin("query($s: String!) { productVariants(options: {filter: {sku: {eq: $s}}}) { items { id stockOnHand stockAllocated } } }", json!({"s": sku}))
            .await;
        let v = &d["productVariants"]["items"][0];
        (v["id"].as_str().unwrap().to_string(), v["stockOnHand"].as_i64().unwrap(), v["stockAllocated"].as_i64().unwrap())
    }

    /// Places a paid order through the Shop API as a customer would, shipped to Kari's
    /// home; answers (id, code, total with VAT).
    async fn place(&self, email: &str, lines: &[(&str, i64)]) -> (String, String, i64) {
        self.place_to(email, lines, ("Storgata 1", "0155", "Oslo")).await
    }

    /// As `place`, shipped to (street, postcode, city) in Norway.
    async fn place_to(&self, email: &str, lines: &[(&str, i64)], (street, postcode, city): (&str, &str, &str)) -> (String, String, i64) {
        let shop = reqwest::Client::new();
        let mut token = String::new();
        let mut call = async |query: &str, variables: Value| -> Value {
            let mut req = shop.post(self.url("shop-api")).json(&json!({"query": query, "variables": variables}));
            if !token.is_empty() {
                req = req.bearer_auth(&token);
            }
            let r = req.send().await.unwrap();
            if let Some(t) = r.headers().get("vendure-auth-token") {
                token = t.to_str().unwrap().to_string();
            }
            let body: Value = r.json().await.unwrap();
            assert!(body.get("errors").is_none(), "{body}");
            body["data"].clone()
        };
        for (sku, qty) in lines {
            let (id, _, _) = self.variant(sku).await;
            let d = call(
                "mutation($v: ID!, $q: Int!) { addItemToOrder(productVariantId: $v, quantity: $q) { ... on Order { id } ... on ErrorResult { errorCode message } } }",
                json!({"v": id, "q": qty}),
            )
            .await;
            assert!(d["addItemToOrder"]["id"].is_string(), "{d}");
        }
        call(
            "mutation($e: String!) { setCustomerForOrder(input: {emailAddress: $e, firstName: \"Kari\", lastName: \"Nordmann\", phoneNumber: \"+47 912 34 567\"}) { ... on Order { id } ... on ErrorResult { message } } }",
            json!({"e": email}),
        )
        .await;
        call(
            "mutation($s: String!, $p: String!, $c: String!) { setOrderShippingAddress(input: {fullName: \"Kari Nordmann\", streetLine1: $s, city: $c, postalCode: $p, countryCode: \"NO\"}) { ... on Order { id } } }",
            json!({"s": street, "p": postcode, "c": city}),
        )
        .await;
        call("mutation { setOrderShippingMethod(shippingMethodId: [1]) { ... on Order { id } ... on ErrorResult { message } } }", json!({})).await;
        call(
            "mutation { transitionOrderToState(state: \"ArrangingPayment\") { ... on Order { id } ... on OrderStateTransitionError { message } } }",
            json!({}),
        )
        .await;
        let d = call("mutation { addPaymentToOrder(input: {method: \"card\", metadata: {}}) { ... on Order { id code state totalWithTax } ... on ErrorResult { message } } }", json!({})).await;
        let o = &d["addPaymentToOrder"];
        assert_eq!(o["state"], "PaymentSettled", "{d}");
        (o["id"].as_str().unwrap().to_string(), o["code"].as_str().unwrap().to_string(), o["totalWithTax"].as_i64().unwrap())
    }

    async fn order_state(&self, id: &str) -> String {
        self.admin("query($id: ID!) { order(id: $id) { state } }", json!({"id": id})).await["order"]["state"].as_str().unwrap().to_string()
    }
}

/// Waits up to `secs` for `check` to hold; panics with `what` if it never does.
async fn import(c: &reqwest::Client, s: &Server) -> Value {
    let (ok, summary) = server_fn(c, s, "webshop/import", &[]).await;
    assert!(ok, "{summary}");
    summary
}

async fn shop_rows(c: &reqwest::Client, s: &Server) -> Vec<Value> {
    let (ok, rows) = server_fn(c, s, "webshop/orders", &[]).await;
    assert!(ok, "{rows}");
    rows.as_array().unwrap().clone()
}

async fn order(c: &reqwest::Client, s: &Server, code: &str) -> Value {
    let row = shop_rows(c, s).await.into_iter().find(|r| r["code"] == code).unwrap_or_else(|| panic!("no shop order {code}"));
    let no = row["order_no"].as_str().unwrap_or_else(|| panic!("{row}")).to_string();
    get_json(c, s, &format!("/api/v1/orders/{no}")).await.1
}

async fn setup(c: &reqwest::Client, s: &Server, shop: &Vendure) {
    for (no, kind, qty) in
        [("KOPP", "stock", 20), ("TERMOS", "stock", 10), ("SKJE", "stock", 100), ("FRAKT", "service", 0), ("RABATT", "service", 0), ("AVRUNDING", "service", 0)]
    {
        let vat = if no == "FRAKT" || no == "AVRUNDING" { "Z0" } else { "S25" };
        let item = json!({"item_no": no, "description": no, "unit": "stk", "sales_price": "100", "vat_code": vat, "active": "true", "kind": kind});
        let (st, e) = post(c, s, "/api/v1/items", item).await;
        assert_eq!(st, 201, "{e}");
        if qty > 0 {
            let (st, e) = post(c, s, "/api/v1/stock/adjustments", json!({"item_no": no, "warehouse": "MAIN", "qty": qty.to_string(), "reason": "found"})).await;
            assert_eq!(st, 204, "{e}");
        }
    }
    let url = format!("http://127.0.0.1:{}", shop.port);
    let form = [
        ("input[kind]", "vendure"),
        ("input[url]", url.as_str()),
        ("input[username]", "superadmin"),
        ("input[secret]", "superadmin"),
        ("input[warehouse]", "MAIN"),
        ("input[shipping_item]", "FRAKT"),
        ("input[discount_item]", "RABATT"),
        ("input[rounding_item]", "AVRUNDING"),
        ("input[poll_minutes]", "60"),
        ("input[active]", "on"),
    ];
    let (ok, e) = server_fn(c, s, "webshop/save", &form).await;
    assert!(ok, "{e}");
}

#[tokio::test]
async fn a_vendure_shop_is_kept_in_step() {
    for backend in BACKENDS {
        let Some(mut shop) = Vendure::start().await else { return };
        let Some((url, dir)) = fresh_db(backend).await else { continue };
        let s = start_on_with(&url, dir, &[("FLYT_WEBSHOP_TICK_MS", "200"), ("FLYT_WEBSHOP_RETRY_BASE_MS", "200")]).await;
        let c = empty_company(&s).await;
        setup(&c, &s, &shop).await;

        // the first push sends Flyt's stock: what the shop may sell is Flyt's free quantity
        eventually(15, "the shop's stock of TERMOS becomes Flyt's 10", || async { shop.variant("TERMOS").await.1 == 10 }).await;
        // and the worker's first import (of nothing yet) is done: the next ones are by hand
        eventually(15, "the first import ran", || async { server_fn(&c, &s, "webshop/get", &[]).await.1["last_poll_at"].is_i64() }).await;

        // an order placed in the shop arrives after one import, confirmed, with its lines and total
        let (shop_id, code, total) = shop.place("kari@example.no", &[("KOPP", 2), ("SKJE", 3)]).await;
        let summary = import(&c, &s).await;
        assert_eq!(summary["imported"], 1, "{backend}: {summary}");
        let o = order(&c, &s, &code).await;
        assert_eq!(o["status"], "open", "{backend}: confirmed, so it reserves: {o}");
        let qty = |l: &Value| l["qty"].as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap().normalize().to_string();
        let lines: Vec<(String, String)> = o["lines"].as_array().unwrap().iter().map(|l| (l["item_no"].as_str().unwrap().into(), qty(l))).collect();
        assert_eq!(&lines[..3], &[("KOPP".into(), "2".into()), ("SKJE".into(), "3".into()), ("FRAKT".into(), "1".into())], "{backend}: {o}");
        let gross: rust_decimal::Decimal = o["totals"]["gross"].as_str().unwrap().parse().unwrap();
        assert_eq!(gross * rust_decimal::Decimal::ONE_HUNDRED, rust_decimal::Decimal::from(total), "{backend}: the shop's total: {o}");
        assert_eq!(o["requisition_no"], code.as_str());
        let customer = o["customer_no"].as_str().unwrap().to_string();

        // the same poll again: still one order
        let again = import(&c, &s).await;
        assert_eq!((again["imported"].as_i64(), again["read"].as_i64().unwrap() >= 1), (Some(0), true), "{backend}: {again}");
        let (_, page) = get_json(&c, &s, "/api/v1/events?types=order_created").await;
        assert_eq!(page["events"].as_array().unwrap().len(), 1, "{backend}: one order");

        assert!(o["delivery_address"].as_str().unwrap().contains("Storgata 1"), "{backend}: the new customer's own address: {o}");

        // the same customer's next order is theirs, matched by the shop's customer id, and
        // shipped to their cabin: a delivery address of theirs from now on (not the default)
        let cabin = ("Hyttevegen 7", "3580", "Geilo");
        let (cancel_id, cancel_code, _) = shop.place_to("kari@example.no", &[("TERMOS", 1)], cabin).await;
        assert_eq!(import(&c, &s).await["imported"], 1);
        let o2 = order(&c, &s, &cancel_code).await;
        assert_eq!(o2["customer_no"], customer.as_str(), "{backend}: one customer for one shop customer");
        assert!(o2["delivery_address"].as_str().unwrap().contains("Hyttevegen 7\n3580 Geilo"), "{backend}: shipped to the cabin: {o2}");
        let party_id = get_json(&c, &s, &format!("/api/v1/customers/{customer}")).await.1["id"].to_string();
        let detail = async || server_fn(&c, &s, "parties/get", &[("id", party_id.as_str())]).await.1;
        let places = |d: &Value| d["addresses"].as_array().unwrap().iter().map(|a| (a["address_line"].clone(), a["is_default"].clone())).collect::<Vec<_>>();
        let d = detail().await;
        assert_eq!(places(&d), [(json!("Hyttevegen 7"), json!(false))], "{backend}: {d}");
        assert_eq!(d["party"]["address_line"], "Storgata 1", "{backend}: their own address unchanged");

        // delivering in Flyt marks the shop order shipped and lowers the shop's stock
        let kopp_before = shop.variant("KOPP").await.1;
        let (st, d) = post(
            &c,
            &s,
            &format!("/api/v1/orders/{}/deliveries", o["number"].as_str().unwrap()),
            json!({"lines": [{"line_no": 1, "qty": "2"}, {"line_no": 2, "qty": "3"}]}),
        )
        .await;
        assert_eq!(st, 201, "{d}");
        eventually(15, "the shop order is shipped", || async { shop.order_state(&shop_id).await == "Shipped" }).await;
        eventually(15, "the shop's stock of KOPP falls by 2", || async { shop.variant("KOPP").await.1 == kopp_before - 2 }).await;
        let (_, on_hand, allocated) = shop.variant("KOPP").await;
        let status = server_fn(&c, &s, "webshop/get", &[]).await.1;
        assert_eq!((on_hand - allocated, allocated), (18, 0), "{backend}: the shop sells what Flyt has free ({status})");

        // a price changed in Flyt is the shop's price (without VAT, in øre)
        let r = c.patch(format!("{}/api/v1/items/KOPP", s.base)).json(&json!({"sales_price": "129,50"})).send().await.unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        eventually(15, "the shop's price of KOPP becomes 129.50", || async {
            shop.admin("query { productVariants(options: {filter: {sku: {eq: \"KOPP\"}}}) { items { price } } }", json!({})).await["productVariants"]["items"]
                [0]["price"]
                == 12950
        })
        .await;

        // cancelled in the shop: cancelled in Flyt, the reservation freed
        let d = shop.admin("mutation($id: ID!) { cancelOrder(input: {orderId: $id, reason: \"kunden angret\"}) { ... on Order { state } ... on ErrorResult { message } } }", json!({"id": cancel_id})).await;
        assert_eq!(d["cancelOrder"]["state"], "Cancelled", "{d}");
        assert_eq!(import(&c, &s).await["cancelled"], 1, "{backend}");
        assert_eq!(order(&c, &s, &cancel_code).await["status"], "cancelled", "{backend}");

        // an unknown SKU waits with the reason, nothing half-created; after the fix it is imported
        let (_, unknown_code, _) = shop.place("ola@example.no", &[("UKJENT", 1)]).await;
        let summary = import(&c, &s).await;
        assert_eq!((summary["problems"].as_i64(), summary["imported"].as_i64()), (Some(1), Some(0)), "{backend}: {summary}");
        let row = shop_rows(&c, &s).await.into_iter().find(|r| r["code"] == unknown_code.as_str()).unwrap();
        assert_eq!(row["state"], "problem");
        assert!(row["problem"].as_str().unwrap().contains("UKJENT"), "{row}");
        let (_, custs) = get_json(&c, &s, "/api/v1/customer-changes").await;
        assert_eq!(custs["rows"].as_array().unwrap().len(), 1, "{backend}: no customer made for an order that waits");
        let item =
            json!({"item_no": "UKJENT", "description": "Nå kjent", "unit": "stk", "sales_price": "10", "vat_code": "S25", "active": "true", "kind": "service"});
        assert_eq!(post(&c, &s, "/api/v1/items", item).await.0, 201);
        assert_eq!(import(&c, &s).await["imported"], 1, "{backend}: retried after the fix");
        assert_eq!(order(&c, &s, &unknown_code).await["lines"][0]["item_no"], "UKJENT");

        // the shop down: the import says so and nothing is lost; up again, the order comes
        let (_, late_code, _) = shop.place("kari@example.no", &[("SKJE", 1)]).await;
        shop.stop();
        let (ok, e) = server_fn(&c, &s, "webshop/import", &[]).await;
        assert!(!ok && e.to_string().contains("did not answer"), "{backend}: {e}");
        // a stock change meanwhile waits, shown on the page, and arrives after the shop is back
        let (st, _) = post(&c, &s, "/api/v1/stock/adjustments", json!({"item_no": "TERMOS", "warehouse": "MAIN", "qty": "5", "reason": "found"})).await;
        assert_eq!(st, 204);
        eventually(15, "the failing push is shown", || async {
            server_fn(&c, &s, "webshop/get", &[]).await.1["push_error"].as_str().is_some_and(|e| !e.is_empty())
        })
        .await;
        shop.restart();
        assert_eq!(import(&c, &s).await["imported"], 1, "{backend}");
        let late = order(&c, &s, &late_code).await;
        assert!(late["delivery_address"].as_str().unwrap().contains("Storgata 1"), "{backend}: home again, not the cabin: {late}");
        // to the cabin again: the address they have, not a second one
        let (_, again_code, _) = shop.place_to("kari@example.no", &[("SKJE", 1)], ("hyttevegen  7", "3580", "GEILO")).await;
        assert_eq!(import(&c, &s).await["imported"], 1, "{backend}");
        assert!(order(&c, &s, &again_code).await["delivery_address"].as_str().unwrap().contains("Hyttevegen 7"), "{backend}");
        let d = detail().await;
        assert_eq!(places(&d).len(), 1, "{backend}: {d}");
        eventually(30, "the waiting stock change reaches the shop", || async { shop.variant("TERMOS").await.1 == 15 }).await;
    }
}
