//! Benchmark of the webhooks: the fan-out of the event journal to local receivers.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use app::db::Db;

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

/// 10 webhooks on one local receiver (an axum server answering 200), 1 000 events
/// written as postings would (in transactions of 50), then the workers' rounds until
/// every webhook has all of them: 10 000 deliveries, timed.
pub async fn run(label: &str, db: &Db) -> Result<(), String> {
    println!("-- webhooks on {label}");
    server::demo::load(db, server::demo::Scale::Small).await?;
    let ctx = crate::bench_sales::context(db).await?.0;
    let received = Arc::new(AtomicUsize::new(0));
    let r = received.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |_body: String| {
            let r = r.clone();
            async move {
                r.fetch_add(1, Ordering::Relaxed);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(e)?;
    let url = format!("http://{}/hook", listener.local_addr().map_err(e)?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    const HOOKS: usize = 10;
    const EVENTS: usize = 1000;
    for _ in 0..HOOKS {
        app::events::delivery::create(db, &ctx, &app::events::webhooks::WebhookInput { url: url.clone(), types: String::new() }).await.map_err(e)?;
    }
    for chunk in 0..EVENTS / 50 {
        let mut tx = db.begin().await.map_err(e)?;
        for i in 0..50 {
            let n = chunk * 50 + i;
            tx.emit(app::core::event::Event::new(ctx.company_id, app::core::event::EventKind::OrderCreated, &n.to_string(), serde_json::json!({"number": n})));
        }
        tx.commit().await.map_err(e)?;
    }
    let client = app::events::delivery::client();
    let t = Instant::now();
    while received.load(Ordering::Relaxed) < HOOKS * EVENTS {
        if app::events::delivery::deliver_due(db, &client).await.map_err(e)? == 0 && t.elapsed().as_secs() > 120 {
            return Err(format!("webhooks: {} of {} delivered", received.load(Ordering::Relaxed), HOOKS * EVENTS));
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "   webhook fan-out: {} deliveries (10 webhooks × 1 000 events) in {secs:.2} s = {:.0} deliveries/s (target ≥ 500/s)",
        HOOKS * EVENTS,
        (HOOKS * EVENTS) as f64 / secs
    );
    Ok(())
}
