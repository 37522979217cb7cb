//! Webhooks over the JSON API against a real HTTP receiver, on SQLite and PostgreSQL:
//! every event is delivered in order and signed; failures are retried with back-off
//! and logged with the answer; a webhook failing past the give-up time is disabled with
//! the reason and turned on again by hand; an event committed just before a crash is
//! delivered after the restart; two app servers on one PostgreSQL send each event once.
mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use hmac::Mac;
use serde_json::{json, Value};

/// What the receiver got: (signature header, delivery id, body).
type Got = Arc<Mutex<Vec<(String, String, String)>>>;

/// A local HTTP receiver: answers 500 to the first `fail` requests (all when `fail` is
/// negative), 200 after; answers its URL and what it got.
async fn receiver(fail: i64) -> (String, Got, Arc<Mutex<i64>>) {
    let got: Got = Arc::default();
    let failing = Arc::new(Mutex::new(fail));
    let (g, f) = (got.clone(), failing.clone());
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let (g, f) = (g.clone(), f.clone());
            async move {
                let mut left = f.lock().unwrap();
                if *left != 0 {
                    *left -= 1;
                    return axum::http::StatusCode::INTERNAL_SERVER_ERROR;
                }
                let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                g.lock().unwrap().push((h("flyt-signature"), h("flyt-delivery"), body));
                axum::http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got, failing)
}

/// Waits until `ok` holds of what the receiver got (20 s at most).
async fn until(got: &Got, what: &str, ok: impl Fn(&[(String, String, String)]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ok(&got.lock().unwrap()) {
        assert!(Instant::now() < deadline, "{what}: the receiver got {:?}", got.lock().unwrap());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn verify(secret: &str, signature: &str, body: &str) -> bool {
    let Some((t, v1)) = signature.strip_prefix("t=").and_then(|s| s.split_once(",v1=")) else { return false };
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    hex == v1
}

fn seqs(got: &[(String, String, String)]) -> Vec<i64> {
    got.iter().map(|g| serde_json::from_str::<Value>(&g.2).unwrap()["seq"].as_i64().unwrap()).collect()
}

async fn stock_up(c: &reqwest::Client, s: &Server, no: &str) {
    let item = json!({"item_no": no, "description": "Vare", "unit": "stk", "sales_price": "10", "vat_code": "S25", "active": "true"});
    assert_eq!(post(c, s, "/api/v1/items", item).await.0, 201);
    let adj = json!({"item_no": no, "warehouse": "MAIN", "qty": "5", "reason": "found"});
    assert_eq!(post(c, s, "/api/v1/stock/adjustments", adj).await.0, 204);
}

const FAST: &[(&str, &str)] = &[("FLYT_WEBHOOK_TICK_MS", "100"), ("FLYT_WEBHOOK_RETRY_BASE_MS", "200")];

#[tokio::test]
async fn webhooks_get_every_event_signed_in_order_and_failures_are_retried() {
    for backend in BACKENDS {
        let Some((url, dir)) = fresh_db(backend).await else { continue };
        let s = start_on_with(&url, dir, FAST).await;
        let c = empty_company(&s).await;
        let (all_url, all, _) = receiver(2).await;
        let (stock_url, stock, _) = receiver(0).await;
        let (st, hook) = post(&c, &s, "/api/v1/webhooks", json!({"url": all_url})).await;
        assert_eq!(st, 201, "{hook}");
        let secret = hook["secret"].as_str().unwrap().to_string();
        let (st, only) = post(&c, &s, "/api/v1/webhooks", json!({"url": stock_url, "types": "stock_changed"})).await;
        assert_eq!(st, 201, "{only}");
        let (st, e) = post(&c, &s, "/api/v1/webhooks", json!({"url": "ftp://x"})).await;
        assert_eq!(st, 422, "{e}");
        for no in ["A", "B", "C"] {
            stock_up(&c, &s, no).await;
        }
        // item_created and stock_changed of each: 6 events, the first two answers 500
        until(&all, "all six", |g| g.len() >= 6).await;
        let got = all.lock().unwrap().clone();
        assert_eq!(seqs(&got), vec![1, 2, 3, 4, 5, 6], "{backend}: in order, each once");
        for (sig, delivery, body) in &got {
            assert!(verify(&secret, sig, body), "{backend}: signed with the secret: {sig}");
            let ev: Value = serde_json::from_str(body).unwrap();
            assert!(delivery.ends_with(&format!("-{}", ev["seq"])), "{delivery}");
        }
        until(&stock, "stock only", |g| g.len() >= 3).await;
        let types: Vec<String> =
            stock.lock().unwrap().iter().map(|g| serde_json::from_str::<Value>(&g.2).unwrap()["type"].as_str().unwrap().to_string()).collect();
        assert_eq!(types, vec!["stock_changed"; 3]);
        // the log: two failures (500) then the deliveries, newest first
        let id = hook["id"].as_i64().unwrap();
        let (_, log) = get_json(&c, &s, &format!("/api/v1/webhooks/{id}/deliveries")).await;
        let codes: Vec<i64> = log.as_array().unwrap().iter().rev().map(|a| a["status_code"].as_i64().unwrap()).collect();
        assert_eq!(codes, vec![500, 500, 200, 200, 200, 200, 200, 200], "{backend}: {log}");
        let (_, hooks) = get_json(&c, &s, "/api/v1/webhooks").await;
        assert_eq!((hooks[0]["failures"].as_i64(), hooks[0]["cursor"].as_i64()), (Some(0), Some(6)), "{hooks}");
        // sent again by hand
        let (st, again) = post(&c, &s, &format!("/api/v1/webhooks/{id}/deliveries"), json!({"seq": 2})).await;
        assert_eq!((st, again["status_code"].as_i64(), again["manual"].as_bool()), (200, Some(200), Some(true)), "{again}");
        assert_eq!(seqs(&all.lock().unwrap()).last(), Some(&2));
        // another company neither sees nor changes them
        let other = empty_company(&s).await;
        let (st, _) = get_json(&other, &s, &format!("/api/v1/webhooks/{id}/deliveries")).await;
        assert_eq!(st, 404);
        let r = other.delete(format!("{}/api/v1/webhooks/{id}", s.base)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 404);
    }
}

#[tokio::test]
async fn a_webhook_failing_past_the_give_up_time_is_disabled_and_turned_on_again() {
    for backend in BACKENDS {
        let Some((url, dir)) = fresh_db(backend).await else { continue };
        let s = start_on_with(&url, dir, &[("FLYT_WEBHOOK_TICK_MS", "50"), ("FLYT_WEBHOOK_RETRY_BASE_MS", "50"), ("FLYT_WEBHOOK_GIVE_UP_MS", "600")]).await;
        let c = empty_company(&s).await;
        let (hook_url, got, failing) = receiver(-1).await;
        let (_, hook) = post(&c, &s, "/api/v1/webhooks", json!({"url": hook_url})).await;
        let id = hook["id"].as_i64().unwrap();
        stock_up(&c, &s, "A").await;
        let deadline = Instant::now() + Duration::from_secs(20);
        let disabled = loop {
            let (_, hooks) = get_json(&c, &s, "/api/v1/webhooks").await;
            if hooks[0]["active"] == false {
                break hooks[0].clone();
            }
            assert!(Instant::now() < deadline, "{backend}: never disabled: {hooks}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let reason = disabled["disabled_reason"].as_str().unwrap();
        assert!(reason.contains("Disabled after") && reason.contains("answered 500"), "{reason}");
        assert!(got.lock().unwrap().is_empty());
        // the receiver is fixed; turning the webhook on sends what waited
        *failing.lock().unwrap() = 0;
        let r = c.patch(format!("{}/api/v1/webhooks/{id}", s.base)).json(&json!({"active": true})).send().await.unwrap();
        let on: Value = r.json().await.unwrap();
        assert_eq!((on["active"].as_bool(), on["disabled_reason"].as_str(), on["failures"].as_i64()), (Some(true), Some(""), Some(0)), "{on}");
        until(&got, "after turning it on", |g| g.len() >= 2).await;
        assert_eq!(seqs(&got.lock().unwrap()), vec![1, 2]);
    }
}

#[tokio::test]
async fn an_event_committed_before_a_crash_is_delivered_after_the_restart() {
    for backend in BACKENDS {
        let Some((url, dir)) = fresh_db(backend).await else { continue };
        // a server that does not get round to sending before it is killed
        let s = start_on_with(&url, dir, &[("FLYT_WEBHOOK_TICK_MS", "3600000")]).await;
        let c = empty_company(&s).await;
        let (hook_url, got, _) = receiver(0).await;
        assert_eq!(post(&c, &s, "/api/v1/webhooks", json!({"url": hook_url})).await.0, 201);
        stock_up(&c, &s, "A").await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(got.lock().unwrap().is_empty());
        let _s = s.crash_and_restart_with(FAST).await;
        until(&got, "after the restart", |g| g.len() >= 2).await;
        assert_eq!(seqs(&got.lock().unwrap()), vec![1, 2], "{backend}");
    }
}

#[tokio::test]
async fn two_app_servers_on_one_postgres_send_each_event_once() {
    let Some((url, _dir)) = fresh_db("postgres").await else { return };
    let a = start_on_with(&url, None, FAST).await;
    let b = start_on_with(&url, None, FAST).await;
    let c = empty_company(&a).await;
    let (hook_url, got, _) = receiver(0).await;
    assert_eq!(post(&c, &a, "/api/v1/webhooks", json!({"url": hook_url})).await.0, 201);
    for i in 0..15 {
        stock_up(&c, if i % 2 == 0 { &a } else { &b }, &format!("V-{i}")).await;
    }
    until(&got, "thirty events", |g| g.len() >= 30).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(seqs(&got.lock().unwrap()), (1..=30).collect::<Vec<_>>(), "each once, in order, from either server");
}
