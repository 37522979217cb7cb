//! `flyt bench`: prints figures, never asserts on time. The raw SQLite commit rate
//! is measured in the same run as the baseline later figures are compared with.
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// p50 and p99 of timings, in milliseconds.
pub fn pct(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    (ms(percentile(&v, 0.5)), ms(percentile(&v, 0.99)))
}

/// Serves Flyt on `db` in this process on a free port; answers the base URL.
pub async fn serve_in_process(db: app::db::Db) -> Result<String, String> {
    let mut options = server::web::leptos_options()?;
    options.site_addr = "127.0.0.1:0".parse().expect("addr");
    let app = server::web::router(db, options);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await;
    });
    Ok(format!("http://{addr}"))
}

/// Commits per second of a one-row insert transaction on a fresh SQLite file.
pub async fn sqlite_commit_rate(dir: &std::path::Path, sync: SqliteSynchronous, n: usize) -> Result<f64, String> {
    let name = format!("raw-{sync:?}.db");
    let opts = SqliteConnectOptions::new().filename(dir.join(name)).create_if_missing(true).journal_mode(SqliteJournalMode::Wal).synchronous(sync);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(opts).await.map_err(|e| e.to_string())?;
    sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, company_id INTEGER NOT NULL, v TEXT NOT NULL)").execute(&pool).await.map_err(|e| e.to_string())?;
    let start = Instant::now();
    for i in 0..n {
        let mut tx = pool.begin().await.map_err(|e| e.to_string())?;
        sqlx::query("INSERT INTO t (company_id, v) VALUES ($1, $2)").bind(1_i64).bind(format!("row {i}")).execute(&mut *tx).await.map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
    }
    Ok(n as f64 / start.elapsed().as_secs_f64())
}

fn compressed_sizes(bytes: &[u8]) -> (usize, usize) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("in memory");
    let gz = gz.finish().expect("in memory").len();
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(bytes).expect("in memory");
    }
    (gz, br.len())
}

pub async fn run(site_root: Option<PathBuf>, requests: usize) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    println!("== Flyt bench (figures only; nothing here asserts on time)");

    let full = sqlite_commit_rate(dir.path(), SqliteSynchronous::Full, 300).await?;
    let normal = sqlite_commit_rate(dir.path(), SqliteSynchronous::Normal, 3000).await?;
    println!("baseline: raw SQLite commits, one small insert per transaction (WAL)");
    println!("  synchronous=FULL   {full:>10.0} tx/s   (Flyt's default: posted documents survive a power cut)");
    println!("  synchronous=NORMAL {normal:>10.0} tx/s");

    // An authenticated server-function round trip over HTTP, against a real server
    // on a fresh SQLite database with the demo data.
    let db_url = format!("sqlite://{}", dir.path().join("flyt.db").display());
    let db = app::db::Db::connect(&db_url).await?;
    db.migrate().await?;
    server::demo::load(&db, server::demo::Scale::Small).await?;
    let base = serve_in_process(db).await?;
    let client = reqwest::Client::builder().cookie_store(true).build().map_err(|e| e.to_string())?;
    let login = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"email": server::demo::DEMO_EMAIL, "password": server::demo::DEMO_PASSWORD}))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !login.status().is_success() {
        return Err(format!("bench login failed: {}", login.status()));
    }
    for (label, path) in
        [("server fn get_session (POST /api/session)", "/api/session"), ("server fn list_vat_codes (POST /api/setup/vat-codes)", "/api/setup/vat-codes")]
    {
        let mut times = Vec::with_capacity(requests);
        for i in 0..requests + 20 {
            let t = Instant::now();
            let resp = client
                .post(format!("{base}{path}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("")
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let status = resp.status();
            let _ = resp.bytes().await;
            if !status.is_success() {
                return Err(format!("{path} answered {status}"));
            }
            if i >= 20 {
                times.push(t.elapsed());
            }
        }
        times.sort();
        println!("{label}: n={requests} p50={:.2} ms p99={:.2} ms", ms(percentile(&times, 0.5)), ms(percentile(&times, 0.99)));
    }

    let root = site_root.or_else(|| std::env::var_os("LEPTOS_SITE_ROOT").map(PathBuf::from)).unwrap_or_else(|| PathBuf::from("target/site"));
    // the WASM under its plain or hashed name (flyt.wasm, flyt.<hash>.wasm)
    let wasm = std::fs::read_dir(root.join("pkg"))
        .ok()
        .and_then(|d| {
            d.flatten()
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|e| e == "wasm") && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("flyt")))
        })
        .unwrap_or_else(|| root.join("pkg/flyt.wasm"));
    match std::fs::read(&wasm) {
        Ok(bytes) => {
            let (gz, br) = compressed_sizes(&bytes);
            println!("WASM {}: raw {} KB, gzip {} KB, brotli {} KB (target ≤ 400 KB brotli)", wasm.display(), bytes.len() / 1024, gz / 1024, br / 1024);
            let served = std::fs::metadata(format!("{}.br", wasm.display()))
                .map(|m| format!("{} KB", m.len() / 1024))
                .unwrap_or_else(|_| "not yet precompressed".into());
            println!("WASM as served to a browser that takes brotli: {served}");
        }
        Err(_) => println!("WASM: {} not found (build with `./run.sh` or `cargo leptos build --release --split` first)", wasm.display()),
    }
    let chunks = std::fs::read_dir(root.join("pkg")).map(|d| d.flatten().filter(|e| e.path().extension().is_some_and(|x| x == "wasm")).count()).unwrap_or(0);
    println!("WASM files in the build (the main module and the areas' chunks): {chunks}");
    first_page_downloads(&base).await;
    Ok(())
}

/// What a browser downloads for the first page and for the phone lookup: runs
/// `end2end/bench/first-page.mjs` (Debian's Chromium, empty cache) against `base`.
async fn first_page_downloads(base: &str) {
    let script = ["end2end/bench/first-page.mjs", concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/bench/first-page.mjs")]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    let Some(script) = script else {
        println!("first page: end2end/bench/first-page.mjs not found (run from the repository)");
        return;
    };
    println!("downloads per journey (Chromium, empty cache; target ≤ 400 KB of WASM as sent):");
    // the npm packages of end2end/ (playwright-core) resolve from the script's folder
    match tokio::process::Command::new("node").arg(&script).arg(base).output().await {
        Ok(out) if out.status.success() => print!("{}", String::from_utf8_lossy(&out.stdout)),
        Ok(out) => println!("  journey failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
        Err(e) => println!("  node not found ({e}): `./test.sh` installs it"),
    }
}

/// Runs `f` on a fresh SQLite file and, when `pg` names a server, on a fresh
/// PostgreSQL database there (dropped afterwards).
pub async fn on_fresh_databases<F>(pg: Option<String>, f: F) -> Result<(), String>
where
    F: for<'a> Fn(&'static str, &'a app::db::Db) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + 'a>>,
{
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = app::db::Db::connect(&format!("sqlite://{}", dir.path().join("bench.db").display())).await?;
    db.migrate().await?;
    f("SQLite", &db).await?;
    if let Some(url) = pg {
        let admin = app::db::Db::connect(&url).await?;
        let name = format!("flyt_bench_{}_{}", std::process::id(), rand::random::<u32>());
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.map_err(|e| e.to_string())?;
        let base = url.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(url.clone());
        let db = app::db::Db::connect(&format!("{base}/{name}")).await?;
        db.migrate().await?;
        let result = f("PostgreSQL", &db).await;
        db.pool.close().await;
        // FLYT_BENCH_KEEP_DB=1 keeps it, to look at the plans (EXPLAIN) afterwards
        if std::env::var_os("FLYT_BENCH_KEEP_DB").is_some() {
            println!("   kept the PostgreSQL database {name}");
        } else {
            let _ = sqlx::query(&format!("DROP DATABASE {name}")).execute(&admin.pool).await;
        }
        result?;
    }
    Ok(())
}

/// The stock benchmark (issue 3) at scale.
pub async fn stock(items: usize, moves: usize, pg: Option<String>) -> Result<(), String> {
    on_fresh_databases(pg, move |label, db| Box::pin(crate::bench_stock::run(label, db, items, moves))).await
}

/// The similar-name search benchmark (issue 4) at scale.
pub async fn parties(n: usize, pg: Option<String>) -> Result<(), String> {
    on_fresh_databases(pg, move |label, db| Box::pin(crate::bench_parties::run(label, db, n))).await
}

/// The sales benchmark (issue 5): postings and the order list on both databases,
/// then order entry over HTTP on SQLite.
pub async fn sales(pg: Option<String>) -> Result<(), String> {
    on_fresh_databases(pg, move |label, db| Box::pin(crate::bench_sales::run(label, db))).await?;
    crate::bench_sales::http().await
}

/// The purchasing benchmark (issue 7) on both databases.
pub async fn purchasing(pg: Option<String>) -> Result<(), String> {
    on_fresh_databases(pg, move |label, db| Box::pin(crate::bench_purchasing::run(label, db))).await
}

/// The invoicing benchmark (issue 6) on both databases.
pub async fn accounting(pg: Option<String>) -> Result<(), String> {
    on_fresh_databases(pg, move |label, db| Box::pin(crate::bench_accounting::run(label, db))).await
}

pub async fn reports(pg: Option<String>, with_stock: bool) -> Result<(), String> {
    on_fresh_databases(pg, move |label, db| Box::pin(crate::bench_reports::run(label, db, with_stock))).await
}

pub async fn webshop(pg: Option<String>) -> Result<(), String> {
    on_fresh_databases(pg, move |label, db| Box::pin(crate::bench_webshop::run(label, db))).await
}

pub async fn events(pg: Option<String>) -> Result<(), String> {
    on_fresh_databases(pg, move |label, db| Box::pin(crate::bench_events::run(label, db))).await
}

pub async fn invoicing(pg: Option<String>) -> Result<(), String> {
    on_fresh_databases(pg, move |label, db| Box::pin(crate::bench_invoicing::run(label, db))).await
}
