//! The CRM sync against a real Tryton 8.2 (party, company, sale_opportunity and project
//! modules, installed from PyPI by test.sh into `~/.cache/flyt-tryton`: never a mock),
//! on SQLite and PostgreSQL: a party created in the CRM appears in Flyt; a duplicate of
//! a Flyt customer in the CRM is linked, not copied; a second run changes nothing; a
//! phone changed in Flyt reaches the CRM; both sides edited → the rule decides and the
//! conflict is logged; a one-way field is set back; a record Flyt cannot take waits;
//! an uncertain match waits for "link" / "create new"; the CRM down → retried by the
//! worker, nothing lost; another company sees none of it; contact persons, payment
//! terms and projects both ways, record by record; a record deactivated or deleted in
//! the CRM. Skipped where Tryton is not installed, unless CI is set.
mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use base64::Engine;
use common::*;
use serde_json::{json, Value};

fn tryton_bin() -> Option<PathBuf> {
    let dir = std::env::var_os("FLYT_TRYTON_VENV")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/flyt-tryton")))?
        .join("bin");
    if dir.join("trytond").exists() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "CI is set but Tryton is not installed in {} (test.sh installs it)", dir.display());
    eprintln!("skipping: Tryton is not installed in {}", dir.display());
    None
}

/// A CRM database with the modules installed, made once per test run (~20 s) and
/// copied for each Tryton started.
fn template(bin: &Path) -> &'static Path {
    static T: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &T.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let conf = write_conf(dir.path(), free_port());
        std::fs::write(dir.path().join("crm.sqlite"), b"").unwrap();
        std::fs::write(dir.path().join("pass"), "admin-passord\n").unwrap();
        let out = Command::new(bin.join("trytond-admin"))
            .args(["-c", conf.to_str().unwrap(), "-d", "crm", "--all", "--email", "admin@crm.test", "-u", "party", "company", "sale_opportunity", "project"])
            .arg("--activate-dependencies")
            .env("TRYTONPASSFILE", dir.path().join("pass"))
            .output()
            .expect("run trytond-admin");
        assert!(out.status.success(), "trytond-admin: {}", String::from_utf8_lossy(&out.stderr));
        let db = dir.path().join("crm.sqlite");
        (dir, db)
    })
    .1
}

fn write_conf(dir: &Path, port: u16) -> PathBuf {
    let conf = dir.join("trytond.conf");
    std::fs::write(&conf, format!("[database]\nuri = sqlite://\npath = {}\n[web]\nlisten = 127.0.0.1:{port}\n", dir.display())).unwrap();
    conf
}

struct Tryton {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    child: Child,
    auth: String,
}

impl Drop for Tryton {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Tryton {
    async fn start() -> Option<Tryton> {
        let bin = tryton_bin()?;
        let db = template(&bin);
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(db, dir.path().join("crm.sqlite")).unwrap();
        let port = free_port();
        let child = spawn(&bin, dir.path(), port).await;
        let mut t = Tryton { bin, dir, port, child, auth: String::new() };
        let r = t.rpc(None, "common.db.login", json!(["admin", {"password": "admin-passord"}])).await;
        let (uid, session) = (r[0].as_i64().unwrap(), r[1].as_str().unwrap().to_string());
        t.auth = base64::engine::general_purpose::STANDARD.encode(format!("admin:{uid}:{session}"));
        Some(t)
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    async fn restart(&mut self) {
        self.child = spawn(&self.bin, self.dir.path(), self.port).await;
    }

    async fn rpc(&self, auth: Option<&str>, method: &str, params: Value) -> Value {
        let mut req = reqwest::Client::new().post(format!("{}/crm/rpc/", self.url())).json(&json!({"id": 1, "method": method, "params": params}));
        if let Some(a) = auth {
            req = req.header("Authorization", format!("Session {a}"));
        }
        let body: Value = req.send().await.unwrap().json().await.unwrap();
        assert!(body.get("error").is_none_or(Value::is_null), "{method}: {body}");
        body["result"].clone()
    }

    async fn call(&self, method: &str, params: Value) -> Value {
        self.rpc(Some(&self.auth.clone()), method, params).await
    }

    /// Creates a party as a CRM user would; answers its id.
    async fn create(&self, name: &str, org_no: &str, phone: &str, email: &str) -> i64 {
        let mut mechs = vec![];
        if !phone.is_empty() {
            mechs.push(json!({"type": "phone", "value": phone}));
        }
        if !email.is_empty() {
            mechs.push(json!({"type": "email", "value": email}));
        }
        let mut p = json!({"name": name, "contact_mechanisms": [["create", mechs]], "addresses": [["create", [{"street": "Storgata 1", "postal_code": "0155", "city": "Oslo"}]]]});
        if !org_no.is_empty() {
            p["identifiers"] = json!([["create", [{"type": "no_orgnr", "code": org_no}]]]);
        }
        self.call("model.party.party.create", json!([[p], {}])).await[0].as_i64().unwrap()
    }

    async fn read(&self, id: i64) -> Value {
        self.call("model.party.party.read", json!([[id], ["name", "phone", "email", "addresses"], {}])).await[0].clone()
    }

    async fn street(&self, id: i64) -> String {
        let p = self.read(id).await;
        let a = self.call("model.party.address.read", json!([[p["addresses"][0]], ["street"], {}])).await;
        a[0]["street"].as_str().unwrap_or("").to_string()
    }

    async fn set_street(&self, id: i64, street: &str) {
        let p = self.read(id).await;
        self.call("model.party.party.write", json!([[id], {"addresses": [["write", [p["addresses"][0]], {"street": street}]]}, {}])).await;
    }

    async fn set_email(&self, id: i64, email: &str) {
        let ids = self.call("model.party.contact_mechanism.search", json!([[["party", "=", id], ["type", "=", "email"]], 0, null, null, {}])).await;
        self.call("model.party.contact_mechanism.write", json!([ids, {"value": email}, {}])).await;
    }

    async fn count(&self) -> usize {
        self.call("model.party.party.search", json!([[], 0, null, null, {}])).await.as_array().unwrap().len()
    }
}

async fn spawn(bin: &Path, dir: &Path, port: u16) -> Child {
    let conf = write_conf(dir, port);
    let mut child = Command::new(bin.join("trytond"))
        .args(["-c", conf.to_str().unwrap(), "-d", "crm"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start trytond");
    let http = reqwest::Client::new();
    for _ in 0..150 {
        let up = http.post(format!("http://127.0.0.1:{port}/crm/rpc/")).json(&json!({"id": 1, "method": "common.server.version", "params": []})).send().await;
        // any answer (401 without a session) means it listens
        if up.is_ok() {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("Tryton did not start on port {port}");
}

async fn sync(c: &reqwest::Client, s: &Server) -> Value {
    let (ok, summary) = server_fn(c, s, "crm/sync", &[]).await;
    assert!(ok, "{summary}");
    summary
}

async fn customers(c: &reqwest::Client, s: &Server) -> Vec<Value> {
    let (_, page) = get_json(c, s, "/api/v1/customers").await;
    page["rows"].as_array().unwrap_or_else(|| panic!("{page}")).clone()
}

async fn customer(c: &reqwest::Client, s: &Server, name: &str) -> Value {
    let row = customers(c, s).await.into_iter().find(|r| r["name"] == name).unwrap_or_else(|| panic!("no customer {name}"));
    let no = row["customer_no"].as_str().unwrap().to_string();
    get_json(c, s, &format!("/api/v1/customers/{no}")).await.1
}

async fn patch(c: &reqwest::Client, s: &Server, no: &str, body: Value) {
    let r = c.patch(format!("{}/api/v1/customers/{no}", s.base)).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

async fn connect(c: &reqwest::Client, s: &Server, crm: &Tryton, extra: &[(&str, &str)]) {
    let url = crm.url();
    let mut form = vec![
        ("input[url]", url.as_str()),
        ("input[database]", "crm"),
        ("input[login]", "admin"),
        ("input[password]", "admin-passord"),
        ("input[poll_minutes]", "600"),
        ("input[active]", "on"),
        ("input[rule][email]", "in"),
    ];
    form.extend_from_slice(extra);
    let (ok, e) = server_fn(c, s, "crm/save", &form).await;
    assert!(ok, "{e}");
}

#[tokio::test]
async fn customers_are_kept_in_step_with_a_tryton_crm() {
    for backend in BACKENDS {
        let Some(mut crm) = Tryton::start().await else { return };
        let Some((url, dir)) = fresh_db(backend).await else { continue };
        // the worker stays out of the way (an hour's tick) until its part at the end
        let s = start_on_with(&url, dir, &[("FLYT_CRM_TICK_MS", "3600000")]).await;
        let c = empty_company(&s).await;

        // a Flyt customer the CRM has a duplicate of, and a CRM party Flyt lacks
        let (st, e) = post(&c, &s, "/api/v1/customers", json!({"name": "Nordlys Handel AS", "org_no": "923609016", "phone": "22 11 00 00"})).await;
        assert_eq!(st, 201, "{e}");
        let nordlys_no = e["customer_no"].as_str().unwrap().to_string();
        let dup = crm.create("Nordlys Handel", "923609016", "", "").await;
        let fjord = crm.create("Fjord Bygg AS", "974760673", "+47 22 33 44 55", "post@fjord.no").await;
        // a wrong password is said at once
        let (ok, e) = server_fn(
            &c,
            &s,
            "crm/save",
            &[("input[url]", &crm.url()), ("input[database]", "crm"), ("input[login]", "admin"), ("input[password]", "feil"), ("input[active]", "on")],
        )
        .await;
        assert!(!ok && e.to_string().contains("login as admin"), "{backend}: {e}");
        connect(&c, &s, &crm, &[]).await;

        // created in the CRM → in Flyt; the duplicate linked, not copied
        let sum = sync(&c, &s).await;
        assert_eq!((sum["created_in_flyt"].as_i64(), sum["linked"].as_i64(), sum["created_in_crm"].as_i64()), (Some(1), Some(1), Some(0)), "{backend}: {sum}");
        assert_eq!(customers(&c, &s).await.len(), 2, "{backend}: no copy of the duplicate");
        let f = customer(&c, &s, "Fjord Bygg AS").await;
        assert_eq!(
            (f["org_no"].as_str(), f["phone"].as_str(), f["invoice_email"].as_str()),
            (Some("974760673"), Some("+47 22 33 44 55"), Some("post@fjord.no")),
            "{f}"
        );
        assert_eq!((f["address_line"].as_str(), f["postcode"].as_str(), f["city"].as_str()), (Some("Storgata 1"), Some("0155"), Some("Oslo")), "{f}");
        // the first link fills what one side lacks (Flyt's phone, the CRM's address); the
        // names differ on both sides: a conflict, the later change (the CRM's) wins
        assert_eq!(crm.read(dup).await["phone"], "22 11 00 00", "{backend}");
        let n = customer(&c, &s, "Nordlys Handel").await;
        assert_eq!((n["customer_no"].as_str(), n["city"].as_str()), (Some(nordlys_no.as_str()), Some("Oslo")), "{backend}");
        assert_eq!(sum["conflicts"], 1, "{backend}: the name");
        assert_eq!(crm.count().await, 2, "{backend}: nothing copied into the CRM");

        // a run twice changes nothing
        let again = sync(&c, &s).await;
        for k in ["created_in_flyt", "created_in_crm", "updated_in_flyt", "updated_in_crm", "linked", "conflicts", "review"] {
            assert_eq!(again[k], 0, "{backend}: {k} in {again}");
        }

        // a phone changed in Flyt → in the CRM
        let fjord_no = f["customer_no"].as_str().unwrap().to_string();
        patch(&c, &s, &fjord_no, json!({"phone": "+47 99 88 77 66"})).await;
        assert_eq!(sync(&c, &s).await["updated_in_crm"], 1, "{backend}");
        assert_eq!(crm.read(fjord).await["phone"], "+47 99 88 77 66", "{backend}");
        // and that write is not sent back
        let back = sync(&c, &s).await;
        assert_eq!((back["updated_in_flyt"].as_i64(), back["updated_in_crm"].as_i64()), (Some(0), Some(0)), "{backend}: no ping-pong: {back}");

        // both sides edited the address: the later change (the CRM's) wins, Flyt's is logged
        patch(&c, &s, &fjord_no, json!({"address_line": "Flytveien 2"})).await;
        tokio::time::sleep(Duration::from_millis(20)).await;
        crm.set_street(fjord, "Crmgata 3").await;
        let sum = sync(&c, &s).await;
        assert_eq!(sum["conflicts"], 1, "{backend}: {sum}");
        assert_eq!(customer(&c, &s, "Fjord Bygg AS").await["address_line"], "Crmgata 3", "{backend}");
        assert_eq!(crm.street(fjord).await, "Crmgata 3");
        // and the other way round: Flyt's later change wins
        crm.set_street(fjord, "Crmgata 4").await;
        tokio::time::sleep(Duration::from_millis(20)).await;
        patch(&c, &s, &fjord_no, json!({"address_line": "Flytveien 5"})).await;
        assert_eq!(sync(&c, &s).await["conflicts"], 1, "{backend}");
        assert_eq!(crm.street(fjord).await, "Flytveien 5", "{backend}");
        let (_, log) = server_fn(&c, &s, "crm/conflicts", &[]).await;
        let log = log.as_array().unwrap();
        assert!(log.len() >= 2, "{backend}: {log:?}");
        assert_eq!(
            (log[0]["field"].as_str(), log[0]["flyt_value"].as_str(), log[0]["flyt_won"].as_bool()),
            (Some("address"), Some("Flytveien 5\n0155\nOslo"), Some(true))
        );
        assert_eq!((log[1]["crm_value"].as_str(), log[1]["flyt_won"].as_bool()), (Some("Crmgata 3\n0155\nOslo"), Some(false)));

        // e-mail goes CRM → Flyt only: edited in Flyt, it is set back; edited in the CRM, it comes
        patch(&c, &s, &fjord_no, json!({"invoice_email": "flyt@fjord.no"})).await;
        let sum = sync(&c, &s).await;
        assert_eq!((sum["updated_in_flyt"].as_i64(), sum["conflicts"].as_i64()), (Some(1), Some(0)), "{backend}: {sum}");
        assert_eq!(customer(&c, &s, "Fjord Bygg AS").await["invoice_email"], "post@fjord.no");
        crm.set_email(fjord, "faktura@fjord.no").await;
        sync(&c, &s).await;
        assert_eq!(customer(&c, &s, "Fjord Bygg AS").await["invoice_email"], "faktura@fjord.no", "{backend}");

        // a CRM record Flyt cannot take (no name) waits, nothing half-created
        let nameless = crm.create("", "", "", "ukjent@example.no").await;
        // one like a Flyt customer without an org no waits for a person
        let lookalike = crm.create("Fjord Bygg", "", "", "").await;
        let sum = sync(&c, &s).await;
        assert_eq!((sum["review"].as_i64(), sum["created_in_flyt"].as_i64()), (Some(2), Some(0)), "{backend}: {sum}");
        assert_eq!(customers(&c, &s).await.len(), 2, "{backend}");
        let (_, reviews) = server_fn(&c, &s, "crm/reviews", &[]).await;
        let reviews = reviews.as_array().unwrap().clone();
        let r = |id: i64| reviews.iter().find(|r| r["crm_id"] == id).unwrap_or_else(|| panic!("{reviews:?}")).clone();
        assert_eq!(r(nameless)["reason"], "incomplete");
        assert!(r(nameless)["detail"].as_str().unwrap().contains("Name"), "{}", r(nameless));
        assert_eq!(r(lookalike)["reason"], "uncertain");
        assert_eq!(r(lookalike)["candidates"][0][1], format!("{fjord_no} Fjord Bygg AS").as_str());
        // "create new": a customer of its own
        let id = lookalike.to_string();
        let (ok, e) = server_fn(&c, &s, "crm/resolve", &[("crm_id", &id), ("choice", "create_new")]).await;
        assert!(ok, "{e}");
        assert_eq!(customers(&c, &s).await.len(), 3, "{backend}");
        // fixed in the CRM: the incomplete one comes
        crm.call("model.party.party.write", json!([[nameless], {"name": "Navnløs AS"}, {}])).await;
        assert_eq!(sync(&c, &s).await["created_in_flyt"], 1, "{backend}");
        let (_, reviews) = server_fn(&c, &s, "crm/reviews", &[]).await;
        assert_eq!(reviews.as_array().unwrap().len(), 0, "{backend}: {reviews}");

        // another company sees none of it and cannot resolve the first one's records
        let (other, _) = company_in(&s, "NO", "Annen AS", "982463718").await;
        assert_eq!(server_fn(&other, &s, "crm/get", &[]).await.1, Value::Null);
        let (ok, _) = server_fn(&other, &s, "crm/resolve", &[("crm_id", &id), ("choice", "create_new")]).await;
        assert!(!ok, "{backend}");

        // the worker: a Flyt change goes out by itself; the CRM down → retried, nothing lost
        let s = s.crash_and_restart_with(&[("FLYT_CRM_TICK_MS", "200"), ("FLYT_CRM_RETRY_BASE_MS", "200")]).await;
        let c = login_admin_again(&s, &c).await;
        crm.stop();
        patch(&c, &s, &fjord_no, json!({"phone": "+47 41 00 00 01"})).await;
        eventually(20, "the failing sync is shown", || async {
            server_fn(&c, &s, "crm/get", &[]).await.1["last_error"].as_str().is_some_and(|e| e.contains("did not answer"))
        })
        .await;
        crm.restart().await;
        eventually(30, "the phone reaches the CRM once it is back", || async { crm.read(fjord).await["phone"] == "+47 41 00 00 01" }).await;
        eventually(20, "the error is gone", || async { server_fn(&c, &s, "crm/get", &[]).await.1["last_error"] == "" }).await;
        assert_eq!(crm.count().await, 4, "{backend}: the four made in the CRM, no copies");
    }
}

/// The restarted server keeps sessions in the database: the same client works.
async fn login_admin_again(s: &Server, c: &reqwest::Client) -> reqwest::Client {
    let (st, _) = get_json(c, s, "/api/v1/customers").await;
    assert_eq!(st, 200, "the session survives a restart");
    c.clone()
}

impl Tryton {
    /// The CRM's own company (a Tryton user needs one for projects), the user in it.
    async fn with_company(&mut self) -> Value {
        let cur = self.call("model.currency.currency.create", json!([[{"name": "Norsk krone", "code": "NOK", "symbol": "kr"}], {}])).await[0].clone();
        let party = self.call("model.party.party.create", json!([[{"name": "CRM-eieren AS"}], {}])).await[0].clone();
        let co = self.call("model.company.company.create", json!([[{"party": party, "currency": cur}], {}])).await[0].clone();
        self.call("model.res.user.write", json!([[1], {"companies": [["add", [co]]], "company": co}, {}])).await;
        // a session keeps the companies it began with
        let r = self.rpc(None, "common.db.login", json!(["admin", {"password": "admin-passord"}])).await;
        self.auth = base64::engine::general_purpose::STANDARD.encode(format!("admin:{}:{}", r[0], r[1].as_str().unwrap()));
        co
    }

    /// The party's contact persons as (name, type, value), in order.
    async fn named_mechanisms(&self, party: i64) -> Vec<(String, String, String)> {
        let rows = self
            .call(
                "model.party.contact_mechanism.search_read",
                json!([[["party", "=", party], ["name", "!=", null], ["name", "!=", ""]], 0, null, [["id", "ASC"]], ["name", "type", "value"], {}]),
            )
            .await;
        let s = |r: &Value, k: &str| r[k].as_str().unwrap_or("").to_string();
        rows.as_array().unwrap().iter().map(|r| (s(r, "name"), s(r, "type"), s(r, "value"))).collect()
    }

    /// A payment term of these days net made in the CRM; answers its id.
    async fn term(&self, name: &str, days: Option<i64>) -> i64 {
        let deltas = match days {
            Some(d) => json!([["create", [{"days": d}]]]),
            // the end of the month: not a number of days
            None => json!([["create", [{"day": 31}]]]),
        };
        let t = json!({"name": name, "lines": [["create", [{"type": "remainder", "relativedeltas": deltas}]]]});
        self.call("model.account.invoice.payment_term.create", json!([[t], {}])).await[0].as_i64().unwrap()
    }

    async fn term_days_of(&self, party: i64) -> Option<i64> {
        let p = self.call("model.party.party.read", json!([[party], ["customer_payment_term"], {}])).await;
        let term = p[0]["customer_payment_term"].as_i64()?;
        let t = self.call("model.account.invoice.payment_term.read", json!([[term], ["lines"], {}])).await;
        let l = self.call("model.account.invoice.payment_term.line.read", json!([t[0]["lines"], ["relativedeltas"], {}])).await;
        let d = self.call("model.account.invoice.payment_term.line.delta.read", json!([l[0]["relativedeltas"], ["days"], {}])).await;
        d[0]["days"].as_i64()
    }

    /// The party's projects as (name, done).
    async fn projects(&self, party: i64) -> Vec<(String, bool)> {
        let rows = self
            .call(
                "model.project.work.search_read",
                json!([[["party", "=", party], ["type", "=", "project"]], 0, null, [["name", "ASC"]], ["name", "status.progress"], {}]),
            )
            .await;
        rows.as_array().unwrap().iter().map(|r| (r["name"].as_str().unwrap().to_string(), r["status."]["progress"].as_f64() == Some(1.0))).collect()
    }
}

async fn contacts(c: &reqwest::Client, s: &Server, no: &str) -> Vec<(String, String, String, bool)> {
    let (_, rows) = get_json(c, s, &format!("/api/v1/customers/{no}/contacts")).await;
    let t = |r: &Value, k: &str| r[k].as_str().unwrap_or("").to_string();
    let mut out: Vec<_> =
        rows.as_array().unwrap_or_else(|| panic!("{rows}")).iter().map(|r| (t(r, "name"), t(r, "email"), t(r, "mobile"), r["active"] == true)).collect();
    out.sort();
    out
}

async fn projects(c: &reqwest::Client, s: &Server, party_id: i64) -> Vec<(String, String)> {
    let (_, d) = server_fn(c, s, "parties/get", &[("id", &party_id.to_string())]).await;
    let mut out: Vec<_> = d["projects"]
        .as_array()
        .unwrap_or_else(|| panic!("{d}"))
        .iter()
        .map(|r| (r["name"].as_str().unwrap().to_string(), r["status"].as_str().unwrap().to_string()))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn contacts_payment_terms_and_projects_are_kept_in_step() {
    for backend in BACKENDS {
        let Some(mut crm) = Tryton::start().await else { return };
        let company = crm.with_company().await;
        let Some((url, dir)) = fresh_db(backend).await else { continue };
        let s = start_on_with(&url, dir, &[("FLYT_CRM_TICK_MS", "3600000")]).await;
        let c = empty_company(&s).await;

        // in the CRM: a customer on 30 days with a contact person and a project
        let fjord = crm.create("Fjord Bygg AS", "974760673", "22 33 44 55", "post@fjord.no").await;
        let net30 = crm.term("Netto 30", Some(30)).await;
        let kari = json!({"type": "email", "value": "kari@fjord.no", "name": "Kari Nordmann"});
        let kari_mobile = json!({"type": "mobile", "value": "+47 900 00 000", "name": "Kari Nordmann"});
        crm.call("model.party.party.write", json!([[fjord], {"customer_payment_term": net30, "contact_mechanisms": [["create", [kari, kari_mobile]]]}, {}]))
            .await;
        crm.call("model.project.work.create", json!([[{"name": "Tilbygg", "type": "project", "party": fjord, "company": company, "status": 1}], {}])).await;
        connect(&c, &s, &crm, &[]).await;
        let sum = sync(&c, &s).await;
        assert_eq!(sum["created_in_flyt"], 1, "{backend}: {sum}");
        let f = customer(&c, &s, "Fjord Bygg AS").await;
        let no = f["customer_no"].as_str().unwrap().to_string();
        let party_id = f["id"].as_i64().unwrap();
        // the CRM's 30 days net is Flyt's NET30; the contact is a person, not the party's own e-mail
        assert_eq!((f["payment_terms"].as_str(), f["invoice_email"].as_str()), (Some("NET30"), Some("post@fjord.no")), "{backend}: {f}");
        assert_eq!(contacts(&c, &s, &no).await, vec![("Kari Nordmann".into(), "kari@fjord.no".into(), "+47 900 00 000".into(), true)], "{backend}");
        assert_eq!(projects(&c, &s, party_id).await, vec![("Tilbygg".into(), "active".into())], "{backend}");

        // in Flyt: a second contact, Kari's new mobile, 14 days, a second project
        let (st, e) = post(&c, &s, &format!("/api/v1/customers/{no}/contacts"), json!({"name": "Ola Hansen", "email": "ola@fjord.no"})).await;
        assert_eq!(st, 201, "{e}");
        let kari_id =
            get_json(&c, &s, &format!("/api/v1/customers/{no}/contacts")).await.1.as_array().unwrap().iter().find(|r| r["name"] == "Kari Nordmann").unwrap()
                ["id"]
                .to_string();
        let (ok, e) = server_fn(
            &c,
            &s,
            "parties/contact",
            &[
                ("party_id", &party_id.to_string()),
                ("id", &kari_id),
                ("input[name]", "Kari Nordmann"),
                ("input[email]", "kari@fjord.no"),
                ("input[mobile]", "41 00 00 01"),
            ],
        )
        .await;
        assert!(ok, "{e}");
        patch(&c, &s, &no, json!({"payment_terms": "NET14"})).await;
        let (ok, e) = server_fn(
            &c,
            &s,
            "parties/project",
            &[("party_id", &party_id.to_string()), ("code", "GAR1"), ("name", "Garasje"), ("start_date", ""), ("end_date", ""), ("status", "active")],
        )
        .await;
        assert!(ok, "{e}");
        let sum = sync(&c, &s).await;
        assert_eq!((sum["updated_in_crm"].as_i64(), sum["conflicts"].as_i64()), (Some(1), Some(0)), "{backend}: {sum}");
        let mechs = crm.named_mechanisms(fjord).await;
        assert!(mechs.contains(&("Kari Nordmann".into(), "mobile".into(), "41 00 00 01".into())), "{backend}: {mechs:?}");
        assert!(mechs.contains(&("Ola Hansen".into(), "email".into(), "ola@fjord.no".into())), "{backend}: {mechs:?}");
        assert_eq!(mechs.len(), 3, "{backend}: Kari's e-mail and mobile, Ola's e-mail: {mechs:?}");
        assert_eq!(crm.term_days_of(fjord).await, Some(14), "{backend}");
        assert_eq!(crm.projects(fjord).await, vec![("Garasje".into(), false), ("Tilbygg".into(), false)], "{backend}");
        // that write is not sent back, and a run twice changes nothing
        for _ in 0..2 {
            let again = sync(&c, &s).await;
            for k in ["created_in_flyt", "created_in_crm", "updated_in_flyt", "updated_in_crm", "conflicts", "review"] {
                assert_eq!(again[k], 0, "{backend}: {k} in {again}");
            }
        }

        // in the CRM: Tilbygg done, Ola gone, a third person
        let done = crm.call("model.project.work.search", json!([[["party", "=", fjord], ["name", "=", "Tilbygg"]], 0, null, null, {}])).await;
        crm.call("model.project.work.write", json!([done, {"status": 2, "progress": 1.0}, {}])).await;
        let ola = crm.call("model.party.contact_mechanism.search", json!([[["party", "=", fjord], ["name", "=", "Ola Hansen"]], 0, null, null, {}])).await;
        crm.call("model.party.contact_mechanism.delete", json!([ola, {}])).await;
        let per = json!({"type": "email", "value": "per@fjord.no", "name": "Per Berg"});
        crm.call("model.party.party.write", json!([[fjord], {"contact_mechanisms": [["create", [per]]]}, {}])).await;
        let sum = sync(&c, &s).await;
        assert_eq!(sum["updated_in_flyt"], 1, "{backend}: {sum}");
        assert_eq!(
            contacts(&c, &s, &no).await,
            vec![
                ("Kari Nordmann".into(), "kari@fjord.no".into(), "41 00 00 01".into(), true),
                ("Ola Hansen".into(), "ola@fjord.no".into(), String::new(), false),
                ("Per Berg".into(), "per@fjord.no".into(), String::new(), true),
            ],
            "{backend}: Ola kept but inactive"
        );
        assert_eq!(projects(&c, &s, party_id).await, vec![("Garasje".into(), "active".into()), ("Tilbygg".into(), "completed".into())], "{backend}");

        // a term Flyt cannot take (the end of the month) waits with the reason; nothing written
        let eom = crm.term("Slutten av måneden", None).await;
        crm.call("model.party.party.write", json!([[fjord], {"customer_payment_term": eom}, {}])).await;
        let sum = sync(&c, &s).await;
        assert_eq!((sum["review"].as_i64(), sum["updated_in_flyt"].as_i64()), (Some(1), Some(0)), "{backend}: {sum}");
        let (_, reviews) = server_fn(&c, &s, "crm/reviews", &[]).await;
        let detail = reviews[0]["detail"].as_str().unwrap_or_default().to_string();
        assert!(detail.contains("Slutten av måneden") && detail.contains("days net"), "{backend}: {reviews}");
        assert_eq!(customer(&c, &s, "Fjord Bygg AS").await["payment_terms"], "NET14", "{backend}");

        // deactivated in the CRM (the term back to 30 days): inactive in Flyt
        crm.call("model.party.party.write", json!([[fjord], {"active": false, "customer_payment_term": net30}, {}])).await;
        let sum = sync(&c, &s).await;
        assert_eq!(sum["updated_in_flyt"], 1, "{backend}: {sum}");
        let f = get_json(&c, &s, &format!("/api/v1/customers/{no}")).await.1;
        assert_eq!((f["active"].as_bool(), f["payment_terms"].as_str()), (Some(false), Some("NET30")), "{backend}: {f}");
        assert_eq!(server_fn(&c, &s, "crm/reviews", &[]).await.1.as_array().map(Vec::len), Some(0), "{backend}: the review is done");

        // a customer made in the CRM by the sync, then deleted there: said once, never made
        // again, and the sync goes on
        let (st, e) = post(&c, &s, "/api/v1/customers", json!({"name": "Slettes AS", "phone": "22 00 00 01"})).await;
        assert_eq!(st, 201, "{e}");
        let gone_no = e["customer_no"].as_str().unwrap().to_string();
        assert_eq!(sync(&c, &s).await["created_in_crm"], 1, "{backend}");
        let gone = crm.call("model.party.party.search", json!([[["name", "=", "Slettes AS"]], 0, null, null, {}])).await;
        crm.call("model.party.party.delete", json!([gone, {}])).await;
        patch(&c, &s, &gone_no, json!({"phone": "22 00 00 02"})).await;
        let sum = sync(&c, &s).await;
        assert!(sum["problems"][0].as_str().is_some_and(|p| p.contains("Slettes AS") && p.contains("deleted in the CRM")), "{backend}: {sum}");
        patch(&c, &s, &gone_no, json!({"phone": "22 00 00 03"})).await;
        let sum = sync(&c, &s).await;
        assert_eq!((sum["created_in_crm"].as_i64(), sum["problems"].as_array().map(Vec::len)), (Some(0), Some(0)), "{backend}: {sum}");
        assert_eq!(server_fn(&c, &s, "crm/get", &[]).await.1["last_error"], "", "{backend}");
    }
}
