//! Benchmark of the webshop connector against a real Vendure shop (end2end/vendure,
//! installed by test.sh): the import of 1 000 shop orders, and how long after a
//! delivery in Flyt the shop's stock shows it (the worker at its production tick).
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use app::db::Db;
use futures::StreamExt;
use serde_json::{json, Value};

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

/// A Vendure shop on a free port with a fresh database, stopped when dropped.
pub struct Shop {
    pub port: u16,
    child: Child,
    _dir: tempfile::TempDir,
    http: reqwest::Client,
    token: String,
}

impl Drop for Shop {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Shop {
    pub async fn start() -> Result<Shop, String> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end/vendure");
        if !dir.join("node_modules/@vendure/core").exists() {
            return Err(format!("Vendure is not installed: run npm ci in {}", dir.display()));
        }
        let tmp = tempfile::tempdir().map_err(e)?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").map_err(e)?.local_addr().map_err(e)?.port();
        let mut child = Command::new("node")
            .arg("server.js")
            .current_dir(&dir)
            .env("VENDURE_PORT", port.to_string())
            .env("VENDURE_DB", tmp.path().join("shop.sqlite"))
            .env("VENDURE_DISABLE_TELEMETRY", "true")
            .stdout(Stdio::piped())
            .spawn()
            .map_err(e)?;
        let out = child.stdout.take().ok_or("no stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                if line.starts_with("VENDURE-READY") {
                    let _ = tx.send(());
                }
            }
        });
        rx.recv_timeout(Duration::from_secs(180)).map_err(|_| "Vendure did not start".to_string())?;
        let mut shop = Shop { port, child, _dir: tmp, http: reqwest::Client::new(), token: String::new() };
        let r = shop
            .http
            .post(shop.url("admin-api"))
            .json(&json!({"query": "mutation { login(username: \"superadmin\", password: \"superadmin\") { ... on CurrentUser { id } } }"}))
            .send()
            .await
            .map_err(e)?;
        shop.token = r.headers().get("vendure-auth-token").and_then(|v| v.to_str().ok()).ok_or("no admin token")?.to_string();
        Ok(shop)
    }

    pub fn url(&self, api: &str) -> String {
        format!("http://127.0.0.1:{}/{api}", self.port)
    }

    pub async fn admin(&self, query: &str, variables: Value) -> Result<Value, String> {
        let r =
            self.http.post(self.url("admin-api")).bearer_auth(&self.token).json(&json!({"query": query, "variables": variables})).send().await.map_err(e)?;
        let body: Value = r.json().await.map_err(e)?;
        match body.get("errors") {
            Some(errs) => Err(errs.to_string()),
            None => Ok(body["data"].clone()),
        }
    }

    /// (variant id, stock on hand) of a SKU.
    pub async fn variant(&self, sku: &str) -> Result<(String, i64), String> {
        let d =
            self.admin("query($s: String!) { productVariants(options: {filter: {sku: {eq: $s}}}) { items { id stockOnHand } } }", json!({"s": sku})).await?;
        let v = &d["productVariants"]["items"][0];
        Ok((v["id"].as_str().ok_or("no such SKU")?.to_string(), v["stockOnHand"].as_i64().unwrap_or(0)))
    }

    /// Places a paid order through the Shop API.
    pub async fn place(&self, email: &str, lines: &[(String, i64)]) -> Result<(), String> {
        let client = reqwest::Client::new();
        let mut token = String::new();
        let steps: Vec<(String, Value)> = lines
            .iter()
            .map(|(variant, qty)| ("mutation($v: ID!, $q: Int!) { addItemToOrder(productVariantId: $v, quantity: $q) { ... on Order { id } ... on ErrorResult { message } } }".to_string(), json!({"v": variant, "q": qty})))
            .chain([
                ("mutation($e: String!) { setCustomerForOrder(input: {emailAddress: $e, firstName: \"Bench\", lastName: \"Kunde\"}) { ... on Order { id } } }".into(), json!({"e": email})),
                ("mutation { setOrderShippingAddress(input: {fullName: \"Bench Kunde\", streetLine1: \"Gata 1\", city: \"Oslo\", postalCode: \"0150\", countryCode: \"NO\"}) { ... on Order { id } } }".into(), json!({})),
                ("mutation { setOrderShippingMethod(shippingMethodId: [1]) { ... on Order { id } } }".into(), json!({})),
                ("mutation { transitionOrderToState(state: \"ArrangingPayment\") { ... on Order { id } } }".into(), json!({})),
                ("mutation { addPaymentToOrder(input: {method: \"card\", metadata: {}}) { ... on Order { state } ... on ErrorResult { message } } }".into(), json!({})),
            ])
            .collect();
        for (query, variables) in steps {
            let mut req = client.post(self.url("shop-api")).json(&json!({"query": query, "variables": variables}));
            if !token.is_empty() {
                req = req.bearer_auth(&token);
            }
            let r = req.send().await.map_err(e)?;
            if let Some(t) = r.headers().get("vendure-auth-token").and_then(|v| v.to_str().ok()) {
                token = t.to_string();
            }
            let body: Value = r.json().await.map_err(e)?;
            if body.get("errors").is_some() || body.to_string().contains("\"message\"") {
                return Err(format!("placing an order: {body}"));
            }
        }
        Ok(())
    }
}

const ORDERS: usize = 1000;
const DELIVERIES: usize = 30;

/// 1 000 orders placed in the shop (100 customers, 1–3 products each), one import timed;
/// then 30 deliveries in Flyt, each timed until the shop's stock shows it.
pub async fn run(label: &str, db: &Db) -> Result<(), String> {
    println!("-- webshop on {label} (a real Vendure shop)");
    server::demo::load(db, server::demo::Scale::Small).await?;
    let ctx = crate::bench_sales::context(db).await?.0;
    let shop = Shop::start().await?;
    let skus = ["KOPP", "TERMOS", "SKJE"];
    let mut variants = Vec::new();
    for sku in skus {
        let (id, _) = shop.variant(sku).await?;
        shop.admin("mutation($id: ID!) { updateProductVariants(input: [{id: $id, stockOnHand: 1000000}]) { id } }", json!({"id": id})).await?;
        variants.push(id);
        let item = app::catalog::model::ItemInput {
            item_no: sku.into(),
            description: sku.into(),
            unit: "stk".into(),
            sales_price: "100".into(),
            vat_code: "S25".into(),
            kind: "stock".into(),
            active: Some("on".into()),
            ..Default::default()
        };
        app::catalog::service::create(db, &ctx, &item).await.map_err(e)?;
        let adjust = app::stock::model::AdjustmentInput {
            item_no: sku.into(),
            warehouse: "MAIN".into(),
            qty: "1000000".into(),
            reason: "found".into(),
            date: String::new(),
        };
        app::stock::service::adjust(db, &ctx, &adjust).await.map_err(e)?;
    }
    for (no, vat) in [("FRAKT", "Z0"), ("RABATT", "S25"), ("AVRUNDING", "Z0")] {
        let item = app::catalog::model::ItemInput {
            item_no: no.into(),
            description: no.into(),
            unit: "stk".into(),
            vat_code: vat.into(),
            kind: "service".into(),
            active: Some("on".into()),
            ..Default::default()
        };
        app::catalog::service::create(db, &ctx, &item).await.map_err(e)?;
    }
    let input = app::webshop::model::WebshopInput {
        kind: "vendure".into(),
        url: format!("http://127.0.0.1:{}", shop.port),
        username: "superadmin".into(),
        secret: "superadmin".into(),
        warehouse: "MAIN".into(),
        shipping_item: "FRAKT".into(),
        discount_item: "RABATT".into(),
        rounding_item: "AVRUNDING".into(),
        active: Some("on".into()),
        ..Default::default()
    };
    app::webshop::service::save(db, &ctx, &input).await.map_err(e)?;

    let t = Instant::now();
    let placed: Vec<Result<(), String>> = futures::stream::iter(0..ORDERS)
        .map(|n| {
            let lines: Vec<(String, i64)> = (0..=(n % 3)).map(|k| (variants[(n + k) % 3].clone(), 1 + (n % 2) as i64)).collect();
            let shop = &shop;
            async move { shop.place(&format!("kunde{}@bench.example", n % 100), &lines).await }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    placed.into_iter().collect::<Result<Vec<()>, String>>()?;
    println!("   (placing {ORDERS} orders through the shop's API took {:.1} s)", t.elapsed().as_secs_f64());

    let http = app::webshop::shop::client();
    let row = app::webshop::store::shop(&db.pool, ctx.company_id).await.map_err(e)?.ok_or("no shop")?;
    let connection = app::webshop::shop::Connection { kind: row.kind, url: row.url.clone(), username: row.username.clone(), secret: row.secret.clone() };
    let vendure = app::webshop::shop::connect(&connection, &http);
    let t = Instant::now();
    let summary = app::webshop::service::import(db, &row, vendure.as_ref(), false).await.map_err(e)?;
    let secs = t.elapsed().as_secs_f64();
    if summary.imported as usize != ORDERS {
        return Err(format!("imported {} of {ORDERS}: {summary:?}", summary.imported));
    }
    println!("   import of {ORDERS} shop orders (read from the shop, customers matched or made, orders confirmed): {secs:.2} s (target ≤ 10 s)");

    // the worker at its production tick; each delivery timed until the shop shows it
    let worker_db = db.clone();
    let worker = tokio::spawn(async move {
        let client = app::webshop::shop::client();
        loop {
            let _ = app::webshop::service::run_due(&worker_db, &client).await;
            tokio::time::sleep(Duration::from_millis(app::webshop::service::tick_ms() as u64)).await;
        }
    });
    // let the first push (every item's stock) settle
    tokio::time::sleep(Duration::from_secs(3)).await;
    let orders: Vec<String> = sqlx::query_scalar("SELECT o.order_no FROM orders o WHERE o.company_id = $1 AND o.external_ref <> '' ORDER BY o.id LIMIT 30")
        .bind(ctx.company_id)
        .fetch_all(&db.pool)
        .await
        .map_err(e)?;
    let mut waits = Vec::new();
    for no in orders.iter().take(DELIVERIES) {
        let doc = app::sales::service::order(db, ctx.company_id, Some(no), None).await.map_err(e)?;
        let first = &doc.lines[0];
        let (_, before) = shop.variant(&first.line.item_no).await?;
        let line = app::sales::model::DeliverLine { order_no: no.clone(), line_no: first.line.line_no, qty: first.line.qty };
        let t = Instant::now();
        app::sales::service::deliver(db, &ctx, "MAIN", "", &[line]).await.map_err(e)?;
        loop {
            if shop.variant(&first.line.item_no).await?.1 < before {
                break;
            }
            if t.elapsed() > Duration::from_secs(60) {
                worker.abort();
                return Err(format!("the shop's stock of {} did not change within a minute of delivering {no}", first.line.item_no));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        waits.push(t.elapsed().as_secs_f64());
    }
    worker.abort();
    waits.sort_by(|a, b| a.total_cmp(b));
    let at = |p: f64| waits[((waits.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "   shop stock updated after a delivery ({} deliveries, worker tick {} ms): p50 {:.2} s, p99 {:.2} s, max {:.2} s (target p99 ≤ 5 s)",
        waits.len(),
        app::webshop::service::tick_ms(),
        at(0.5),
        at(0.99),
        waits[waits.len() - 1]
    );
    Ok(())
}
