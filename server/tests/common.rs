//! Black-box harness: starts the real `flyt` binary on a free port against a fresh
//! database (SQLite file or a new PostgreSQL database) with the demo data.
#![allow(dead_code)]
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Client;
use serde_json::Value;

pub const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub struct Server {
    pub base: String,
    pub url: String,
    child: Child,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Kills the server with SIGKILL, as a crash would, and starts it again on the
    /// same database.
    pub async fn crash_and_restart(self) -> Server {
        self.crash_and_restart_with(&[]).await
    }

    /// Stops the server; answers its database's directory (SQLite), kept while it lives.
    pub fn stop(mut self) -> Option<tempfile::TempDir> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self._dir.take()
    }

    /// As [`Server::crash_and_restart`], with more environment for the new process.
    pub async fn crash_and_restart_with(mut self, envs: &[(&str, &str)]) -> Server {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let dir = self._dir.take();
        let url = self.url.clone();
        drop(self);
        start_on_with(&url, dir, envs).await
    }
}

/// The secret key the servers of this test process are started with.
pub fn secret_key() -> &'static str {
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    KEY.get_or_init(|| (0..32).map(|_| format!("{:02x}", rand::random::<u8>())).collect())
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Drops the databases of test processes that have ended (`flyt_test_<pid>_…`,
/// `flyt_ledger_<pid>_…`), once per test process, so runs do not pile databases up on
/// the shared server. A test's own databases live as long as its process.
async fn drop_stale(admin: &sqlx::PgPool) {
    static DONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if DONE.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    let names: Vec<String> = sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'flyt_test_%' OR datname LIKE 'flyt_ledger_%'")
        .fetch_all(admin)
        .await
        .unwrap_or_default();
    for name in names {
        let pid = name.split('_').nth(2).and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| p != std::process::id() && !std::path::Path::new(&format!("/proc/{p}")).exists()) {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).execute(admin).await;
        }
    }
}

/// A fresh database URL for `backend` ("sqlite" or "postgres"). `None` when
/// PostgreSQL is not reachable and CI is not set (a user's machine without it).
pub async fn fresh_db(backend: &str) -> Option<(String, Option<tempfile::TempDir>)> {
    match backend {
        "sqlite" => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", dir.path().join("flyt.db").display());
            Some((url, Some(dir)))
        }
        _ => {
            let name = format!("flyt_test_{}_{}", std::process::id(), rand::random::<u32>());
            let admin = match sqlx::postgres::PgPool::connect(PG_ADMIN_URL).await {
                Ok(p) => p,
                Err(e) => {
                    assert!(std::env::var_os("CI").is_none(), "CI is set but PostgreSQL is not reachable: {e}");
                    eprintln!("skipping PostgreSQL: {e}");
                    return None;
                }
            };
            drop_stale(&admin).await;
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
            Some((format!("postgres://postgres@127.0.0.1:5432/{name}"), None))
        }
    }
}

pub async fn start_on(url: &str, dir: Option<tempfile::TempDir>) -> Server {
    start_on_with(url, dir, &[]).await
}

/// As [`start_on`], with more environment for the server process.
pub async fn start_on_with(url: &str, dir: Option<tempfile::TempDir>, envs: &[(&str, &str)]) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_flyt"))
        .args(["serve", "--demo"])
        // the CRM, shop, webhook receivers and SMTP server of the tests run on this
        // machine; a test of the address policy sets its own value
        .env("FLYT_ALLOW_PRIVATE_HOSTS", "127.0.0.1,localhost")
        .env("FLYT_EHF_DIRS", std::env::temp_dir())
        // the stored secrets' key: one per test process (a restarted server keeps it)
        .env("FLYT_SECRET_KEY", secret_key())
        .envs(envs.iter().copied())
        .env("DATABASE_URL", url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_OUTPUT_NAME", "flyt")
        .env("RUST_LOG", "warn")
        // tests act from several client addresses by X-Forwarded-For (login throttling),
        // and see the outbox retry within a second
        .env("FLYT_TRUST_PROXY", "1")
        .env("FLYT_OUTBOX_RETRY_BASE_MS", "300")
        // FLYT_TEST_LOG=1 shows the server's log (its errors) while debugging a test
        .stdout(if std::env::var_os("FLYT_TEST_LOG").is_some() { Stdio::inherit() } else { Stdio::null() })
        .spawn()
        .expect("start flyt");
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    let probe = Client::new();
    loop {
        if let Ok(r) = probe.get(format!("{base}/api/v1/openapi.json")).send().await {
            if r.status().is_success() {
                break;
            }
        }
        assert!(Instant::now() < deadline, "flyt did not start on {base}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Server { base, url: url.to_string(), child, _dir: dir }
}

pub async fn start(backend: &str) -> Option<Server> {
    let (url, dir) = fresh_db(backend).await?;
    Some(start_on(&url, dir).await)
}

pub fn client() -> Client {
    // no idle pooling: a test that makes the server drop a connection (a body over the
    // limit) must not leave a dead pooled connection behind for the next request
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).pool_max_idle_per_host(0).build().unwrap()
}

pub async fn login(s: &Server, email: &str, password: &str) -> Client {
    let c = client();
    let r = c.post(format!("{}/api/v1/session", s.base)).json(&serde_json::json!({"email": email, "password": password})).send().await.unwrap();
    assert_eq!(r.status(), 200, "login {email}: {}", r.text().await.unwrap());
    c
}

/// Calls a server function with a form body; answers (ok, JSON body).
pub async fn server_fn(c: &Client, s: &Server, path: &str, form: &[(&str, &str)]) -> (bool, Value) {
    let r = c.post(format!("{}/api/{path}", s.base)).form(form).send().await.unwrap();
    let ok = r.status().is_success();
    let text = r.text().await.unwrap();
    (ok, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// POSTs JSON; answers (status, JSON body).
pub async fn post(c: &Client, s: &Server, path: &str, body: Value) -> (u16, Value) {
    let r = c.post(format!("{}{path}", s.base)).json(&body).send().await.unwrap();
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null))
}

pub async fn get_json(c: &Client, s: &Server, path: &str) -> (u16, Value) {
    let r = c.get(format!("{}{path}", s.base)).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

pub const BACKENDS: [&str; 2] = ["sqlite", "postgres"];

/// A client logged in as the administrator of a new, empty company on `s` (made by
/// `flyt create-admin`), for tests that count what is in a register.
pub async fn empty_company(s: &Server) -> Client {
    empty_company_as(s).await.0
}

/// As `empty_company`, with the administrator's e-mail (password `langt-passord`)
/// for a second session.
pub async fn empty_company_as(s: &Server) -> (Client, String) {
    company_in(s, "NO", "Tomt Lager AS", "991825827").await
}

/// As `empty_company_as`, for a company of a country with its name and org number.
pub async fn company_in(s: &Server, country: &str, name: &str, org_no: &str) -> (Client, String) {
    let email = format!("admin{}@tom.test", rand::random::<u32>());
    let out = Command::new(env!("CARGO_BIN_EXE_flyt"))
        .args([
            "create-admin",
            "--email",
            &email,
            "--name",
            "Tom Admin",
            "--password",
            "langt-passord",
            "--company",
            name,
            "--org-no",
            org_no,
            "--country",
            country,
        ])
        .env("DATABASE_URL", &s.url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(out.status.success(), "create-admin: {}", String::from_utf8_lossy(&out.stderr));
    (login(s, &email, "langt-passord").await, email)
}

/// A real SMTP server (Python's aiosmtpd) writing what it receives to a Maildir.
pub struct Smtp {
    pub port: u16,
    pub dir: tempfile::TempDir,
    child: std::process::Child,
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub fn smtp() -> Option<Smtp> {
    smtp_on(free_port())
}

/// A real SMTP server on the given port.
pub fn smtp_on(port: u16) -> Option<Smtp> {
    let dir = tempfile::tempdir().unwrap();
    let ok = std::process::Command::new("python3").args(["-c", "import aiosmtpd"]).status().map(|s| s.success()).unwrap_or(false);
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "CI is set but the test SMTP server is missing (pip install aiosmtpd)");
        return None;
    }
    let maildir = dir.path().join("mail");
    let mut child = std::process::Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox", maildir.to_str().unwrap()])
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some(Smtp { port, dir, child });
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the test SMTP server did not start");
}

/// The messages the SMTP server received: (to, subject, attachment name, attachment bytes).
pub fn received(s: &Smtp) -> Vec<(String, String, String, Vec<u8>)> {
    let script = r#"
import mailbox, sys, json, base64, email.header
out = []
for m in mailbox.Maildir(sys.argv[1], create=False):
    att = [(p.get_filename(), base64.b64encode(p.get_payload(decode=True)).decode()) for p in m.walk() if p.get_filename()]
    out.append([m['To'], str(email.header.make_header(email.header.decode_header(m['Subject']))), att[0][0] if att else '', att[0][1] if att else ''])
print(json.dumps(out))
"#;
    let o = std::process::Command::new("python3").args(["-c", script, s.dir.path().join("mail").to_str().unwrap()]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Vec<(String, String, String, String)> = serde_json::from_slice(&o.stdout).unwrap();
    use base64::Engine;
    v.into_iter().map(|(a, b, c, d)| (a, b, c, base64::engine::general_purpose::STANDARD.decode(d).unwrap())).collect()
}

/// The text of a PDF, by `pdftotext` (poppler-utils). `None` when the tool is missing
/// outside CI.
pub fn pdf_text(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("doc.pdf");
    std::fs::write(&f, bytes).unwrap();
    match std::process::Command::new("pdftotext").args(["-layout", f.to_str().unwrap(), "-"]).output() {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).to_string()),
        Ok(o) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => {
            assert!(std::env::var_os("CI").is_none(), "CI is set but pdftotext is missing (apt package poppler-utils): {e}");
            None
        }
    }
}

/// Waits up to `secs` for `check` to hold (a worker's doing), failing with `what`.
pub async fn eventually<F, Fut>(secs: u64, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !check().await {
        assert!(Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
