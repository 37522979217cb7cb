//! Black-box tests of the foundation over HTTP, each on SQLite and on PostgreSQL.
mod common;

use common::*;
use serde_json::{json, Value};

const DEMO: (&str, &str) = ("demo@flyt.test", "demo");

fn company_id(me: &Value, name_prefix: &str) -> i64 {
    me["companies"].as_array().unwrap().iter().find(|c| c["name"].as_str().unwrap().starts_with(name_prefix)).unwrap()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn login_session_and_logout() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = client();
        let r = c.post(format!("{}/api/v1/session", s.base)).json(&serde_json::json!({"email": "demo@flyt.test", "password": "wrong"})).send().await.unwrap();
        assert_eq!(r.status(), 401, "{backend}");
        assert!(r.text().await.unwrap().contains("Wrong e-mail or password"));
        let c = login(&s, DEMO.0, DEMO.1).await;
        let (st, me) = get_json(&c, &s, "/api/v1/me").await;
        assert_eq!(st, 200);
        assert_eq!(me["email"], "demo@flyt.test");
        assert_eq!(me["companies"].as_array().unwrap().len(), 2, "{backend}: demo user is in two companies");
        let r = c.delete(format!("{}/api/v1/session", s.base)).send().await.unwrap();
        assert_eq!(r.status(), 204);
        assert_eq!(get_json(&c, &s, "/api/v1/me").await.0, 401, "{backend}: logged out");
    }
}

#[tokio::test]
async fn repeated_failed_logins_are_throttled() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = client();
        for _ in 0..5 {
            let r =
                c.post(format!("{}/api/v1/session", s.base)).json(&serde_json::json!({"email": "demo@flyt.test", "password": "nope"})).send().await.unwrap();
            assert_eq!(r.status(), 401);
        }
        let r = c.post(format!("{}/api/v1/session", s.base)).json(&serde_json::json!({"email": "demo@flyt.test", "password": "demo"})).send().await.unwrap();
        assert_eq!(r.status(), 429, "{backend}: the right password is refused while throttled");
    }
}

#[tokio::test]
async fn html_login_works_without_javascript() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = client();
        let r = c.get(format!("{}/", s.base)).header("accept", "text/html").send().await.unwrap();
        assert!(r.status().is_redirection(), "{backend}: / redirects to login");
        assert_eq!(r.headers()["location"], "/login");
        let page = c.get(format!("{}/login", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(r#"action="/auth/login""#), "{backend}: the form is in the HTML");
        let r = c.post(format!("{}/auth/login", s.base)).form(&[("email", "demo@flyt.test"), ("password", "bad")]).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/login?error=wrong&email=demo%40flyt.test");
        let r = c.post(format!("{}/auth/login", s.base)).form(&[("email", "demo@flyt.test"), ("password", "demo")]).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/");
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        let home = c.get(format!("{}/", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(home.contains("Fjordvik Handel AS"), "{backend}: the header shows the company");
    }
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let Some(s) = start("sqlite").await else { return };
    let c = login(&s, DEMO.0, DEMO.1).await;
    let r = c
        .post(format!("{}/api/setup/units/save", s.base))
        .header("origin", "http://evil.example")
        .form(&[("code", "box"), ("name", "Box")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let (_, units) = server_fn(&c, &s, "setup/units", &[]).await;
    assert!(!units.as_array().unwrap().iter().any(|u| u["code"] == "box"), "nothing was saved");
}

#[tokio::test]
async fn setup_changes_and_bad_input() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = login(&s, DEMO.0, DEMO.1).await;
        let (_, before) = get_json(&c, &s, "/api/v1/company").await;
        let form = |name: &'static str, org: &'static str| vec![("input[name]", name), ("input[org_no]", org), ("input[vat_registered]", "on")];
        let r = c.post(format!("{}/api/setup/company/save", s.base)).form(&form("Fjordvik Handel AS", "988077918")).send().await.unwrap();
        assert_eq!(r.status(), 422, "{backend}: bad input is a 422, not a server fault");
        assert!(r.text().await.unwrap().contains("not a valid Norwegian organisation number"));
        let huge = "x".repeat(10 * 1024 * 1024);
        // refused by the validation or already by the body limit, which may reset the
        // connection: send it on a client of its own so no pooled connection of `c` dies
        let big = login(&s, DEMO.0, DEMO.1).await;
        if let Ok(r) =
            big.post(format!("{}/api/setup/company/save", s.base)).form(&[("input[name]", huge.as_str()), ("input[org_no]", "988077917")]).send().await
        {
            assert!(!r.status().is_success(), "{backend}: a 10 MB name is refused");
        }
        assert_eq!(get_json(&c, &s, "/api/v1/company").await.1, before, "{backend}: nothing saved");
        let (ok, saved) = server_fn(&c, &s, "setup/company/save", &form("Fjordvik Handel og Import AS", "988077917")).await;
        assert!(ok, "{backend}: {saved}");
        assert_eq!(get_json(&c, &s, "/api/v1/me").await.1["company_name"], "Fjordvik Handel og Import AS");
        // PATCH changes only what is sent
        let r = c.patch(format!("{}/api/v1/company", s.base)).json(&serde_json::json!({"phone": "+47 55 00 00 00"})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let (_, after) = get_json(&c, &s, "/api/v1/company").await;
        assert_eq!((after["name"].as_str(), after["phone"].as_str()), (Some("Fjordvik Handel og Import AS"), Some("+47 55 00 00 00")), "{backend}");
        let r = c.patch(format!("{}/api/v1/company", s.base)).json(&serde_json::json!({"org_no": "123"})).send().await.unwrap();
        assert_eq!(r.status(), 422);
        // registers
        let (ok, e) = server_fn(&c, &s, "setup/vat-codes/save", &[("code", "S25"), ("name", "x"), ("rate", "125"), ("category", "S")]).await;
        assert!(!ok && e.to_string().contains("between 0 and 100"), "{e}");
        let (ok, e) = server_fn(&c, &s, "setup/payment-terms/save", &[("code", "NET60"), ("name", "60 dager netto"), ("days", "60"), ("active", "on")]).await;
        assert!(ok, "{e}");
        let (_, terms) = get_json(&c, &s, "/api/v1/payment-terms").await;
        assert!(terms.as_array().unwrap().iter().any(|t| t["code"] == "NET60" && t["days"] == 60));
        let (ok, _) = server_fn(&c, &s, "setup/payment-terms/save", &[("code", "NET60"), ("name", "x"), ("days", "abc")]).await;
        assert!(!ok, "{backend}: non-numeric days are refused");
        let (_, vat) = get_json(&c, &s, "/api/v1/vat-codes").await;
        let rates: Vec<&str> = vat.as_array().unwrap().iter().map(|v| v["rate"].as_str().unwrap()).collect();
        assert_eq!(rates, ["25", "15", "12", "0", "0"], "{backend}: Norwegian VAT seeded");
        // a logo that is not an image
        let part = reqwest::multipart::Part::bytes(b"%PDF-1.4 not an image".to_vec()).file_name("logo.png");
        let r = c.post(format!("{}/setup/logo", s.base)).multipart(reqwest::multipart::Form::new().part("logo", part)).send().await.unwrap();
        assert!(r.headers()["location"].to_str().unwrap().contains("logo_error=The%20logo%20must%20be%20a%20PNG%20or%20JPEG"));
        assert_eq!(get_json(&c, &s, "/api/v1/me").await.1["has_logo"], false);
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
        png.extend_from_slice(b"\0\0\0\0IEND\xAE\x42\x60\x82");
        let part = reqwest::multipart::Part::bytes(png.clone()).file_name("logo.png");
        let r = c.post(format!("{}/setup/logo", s.base)).multipart(reqwest::multipart::Form::new().part("logo", part)).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/setup");
        let logo = c.get(format!("{}/company/logo", s.base)).send().await.unwrap();
        assert_eq!(logo.headers()["content-type"], "image/png");
        assert_eq!(logo.bytes().await.unwrap().to_vec(), png);
    }
}

#[tokio::test]
async fn roles_limit_what_users_may_do() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let admin = login(&s, DEMO.0, DEMO.1).await;
        let (ok, e) = server_fn(
            &admin,
            &s,
            "setup/users/add",
            &[("email", "selger@fjordvik.test"), ("name", "Selma Selger"), ("role", "sales"), ("password", "hemmelig-123")],
        )
        .await;
        assert!(ok, "{e}");
        let (ok, e) =
            server_fn(&admin, &s, "setup/users/add", &[("email", "kort@fjordvik.test"), ("name", "Kort"), ("role", "sales"), ("password", "123")]).await;
        assert!(!ok && e.to_string().contains("at least 8 characters"), "{e}");
        let sales = login(&s, "selger@fjordvik.test", "hemmelig-123").await;
        let (ok, e) = server_fn(&sales, &s, "setup/units/save", &[("code", "pall"), ("name", "Pall")]).await;
        assert!(!ok && e.to_string().contains("role does not allow"), "{backend}: {e}");
        assert_eq!(get_json(&sales, &s, "/api/v1/units").await.0, 200, "every role reads");
        // the last administrator cannot be removed
        let (_, me) = get_json(&admin, &s, "/api/v1/me").await;
        let uid = me["user_id"].to_string();
        let (ok, e) = server_fn(&admin, &s, "setup/users/update", &[("user_id", &uid), ("role", "sales"), ("active", "on")]).await;
        assert!(!ok && e.to_string().contains("at least one active administrator"), "{e}");
    }
}

#[tokio::test]
async fn api_tokens_authenticate_until_revoked() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let admin = login(&s, DEMO.0, DEMO.1).await;
        let (ok, token) = server_fn(&admin, &s, "setup/tokens/create", &[("name", "Nettbutikk"), ("role", "read_only"), ("scopes[read]", "on")]).await;
        assert!(ok, "{token}");
        let token = token.as_str().unwrap().to_string();
        let api = reqwest::Client::new();
        let r = api.get(format!("{}/api/v1/me", s.base)).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let r = api
            .patch(format!("{}/api/v1/company", s.base))
            .bearer_auth(&token)
            .json(&serde_json::json!({"name": "X", "org_no": "988077917"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{backend}: a read-only token cannot change setup");
        let (_, list) = server_fn(&admin, &s, "setup/tokens", &[]).await;
        let id = list[0]["id"].to_string();
        let (ok, _) = server_fn(&admin, &s, "setup/tokens/revoke", &[("id", &id)]).await;
        assert!(ok);
        let r = api.get(format!("{}/api/v1/me", s.base)).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), 401, "{backend}: revoked");
    }
}

/// A token does only what its scopes name (within its role) and stops at the end of
/// its last day; one made without a scope, or expiring in the past, is refused.
#[tokio::test]
async fn api_tokens_keep_to_their_scopes_and_expire() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (admin, _) = company_in(&s, "NO", "Skop AS", "991825827").await;
        let (ok, e) = server_fn(&admin, &s, "setup/tokens/create", &[("name", "ingen"), ("role", "admin")]).await;
        assert!(!ok && e.to_string().contains("at least one scope"), "{backend}: {e}");
        let (ok, e) =
            server_fn(&admin, &s, "setup/tokens/create", &[("name", "gammel"), ("role", "admin"), ("scopes[read]", "on"), ("expires", "2020-01-01")]).await;
        assert!(!ok && e.to_string().contains("has passed"), "{backend}: {e}");
        let tomorrow = chrono::Utc::now().date_naive().succ_opt().unwrap().to_string();
        let (ok, token) = server_fn(
            &admin,
            &s,
            "setup/tokens/create",
            &[("name", "butikk"), ("role", "admin"), ("scopes[read]", "on"), ("scopes[stock]", "on"), ("expires", &tomorrow)],
        )
        .await;
        assert!(ok, "{backend}: {token}");
        let token = token.as_str().unwrap().to_string();
        let api = reqwest::Client::new();
        let item = json!({"item_no": "SKOP-1", "description": "Skopet vare", "unit": "stk", "sales_price": "10", "vat_code": "S25", "active": "true"});
        // stock is in its scopes: an item may be made; a customer (parties) may not, though its role is admin
        let r = api.post(format!("{}/api/v1/items", s.base)).bearer_auth(&token).json(&item).send().await.unwrap();
        assert_eq!(r.status(), 201, "{backend}: {}", r.text().await.unwrap());
        let r = api.post(format!("{}/api/v1/customers", s.base)).bearer_auth(&token).json(&json!({"name": "Ikke lov AS"})).send().await.unwrap();
        assert_eq!(r.status(), 403, "{backend}");
        let body: Value = r.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().contains("'parties'"), "{backend}: {body}");
        let (_, list) = server_fn(&admin, &s, "setup/tokens", &[]).await;
        assert_eq!(list[0]["scopes"], json!(["read", "stock"]), "{backend}: {list}");
        assert!(list[0]["expires_at"].as_i64().is_some(), "{backend}: {list}");
        // its last day passes (the stored expiry is moved back, as the clock would): 401 saying so
        let db = app::db::Db::connect(&s.url).await.unwrap();
        sqlx::query("UPDATE api_tokens SET expires_at = $1 WHERE name = 'butikk'")
            .bind(chrono::Utc::now().timestamp_millis() - 1000)
            .execute(&db.pool)
            .await
            .unwrap();
        let r = api.get(format!("{}/api/v1/me", s.base)).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), 401, "{backend}");
        let body: Value = r.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().contains("expired"), "{backend}: {body}");
    }
}

/// A user of company A sends company B's ids everywhere and never sees or changes B's data.
#[tokio::test]
async fn other_companies_data_is_never_reachable() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let demo = login(&s, DEMO.0, DEMO.1).await;
        let (_, me) = get_json(&demo, &s, "/api/v1/me").await;
        let a = company_id(&me, "Fjordvik");
        let b = company_id(&me, "Solberga");
        // demo (admin of both) prepares: alice is admin of A only; B gets a token and a user
        let (ok, e) =
            server_fn(&demo, &s, "setup/users/add", &[("email", "alice@fjordvik.test"), ("name", "Alice"), ("role", "admin"), ("password", "alice-pass-1")])
                .await;
        assert!(ok, "{e}");
        let r = demo.post(format!("{}/auth/company", s.base)).form(&[("company_id", b.to_string())]).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/");
        assert_eq!(get_json(&demo, &s, "/api/v1/me").await.1["company_id"], b);
        let (ok, e) =
            server_fn(&demo, &s, "setup/users/add", &[("email", "bob@solberga.test"), ("name", "Bob"), ("role", "sales"), ("password", "bob-pass-12")]).await;
        assert!(ok, "{e}");
        // rows that exist only in B, one in every register
        for (path, form) in [
            ("setup/units/save", vec![("code", "Bmark"), ("name", "Bmark unit")]),
            ("setup/warehouses/save", vec![("code", "Bmark"), ("name", "Bmark lager"), ("address", ""), ("active", "on")]),
            ("setup/payment-terms/save", vec![("code", "Bmark"), ("name", "Bmark"), ("days", "45"), ("active", "on")]),
            ("setup/delivery-terms/save", vec![("code", "Bmark"), ("name", "Bmark"), ("active", "on")]),
            ("setup/series/save", vec![("doc_type", "invoice"), ("prefix", "Bmark"), ("next_number", "500")]),
        ] {
            let (ok, e) = server_fn(&demo, &s, path, &form).await;
            assert!(ok, "{path}: {e}");
        }
        let (ok, b_token) = server_fn(&demo, &s, "setup/tokens/create", &[("name", "B integration"), ("role", "read_only"), ("scopes[read]", "on")]).await;
        assert!(ok);
        let (_, b_tokens) = server_fn(&demo, &s, "setup/tokens", &[]).await;
        let b_token_id = b_tokens[0]["id"].to_string();
        let (_, b_users) = server_fn(&demo, &s, "setup/users", &[]).await;
        let bob = b_users.as_array().unwrap().iter().find(|u| u["email"] == "bob@solberga.test").unwrap()["user_id"].to_string();
        let (_, b_vat) = get_json(&demo, &s, "/api/v1/vat-codes").await;

        let alice = login(&s, "alice@fjordvik.test", "alice-pass-1").await;
        let (_, me) = get_json(&alice, &s, "/api/v1/me").await;
        assert_eq!(me["company_id"], a);
        assert_eq!(me["companies"].as_array().unwrap().len(), 1);
        // switching to B is refused
        let r = alice.post(format!("{}/auth/company", s.base)).form(&[("company_id", b.to_string())]).send().await.unwrap();
        assert_eq!(r.status(), 403, "{backend}");
        assert_eq!(get_json(&alice, &s, "/api/v1/me").await.1["company_id"], a);
        // B's user and token by id
        let (ok, e) = server_fn(&alice, &s, "setup/users/update", &[("user_id", &bob), ("role", "admin"), ("active", "on")]).await;
        assert!(!ok && e.to_string().contains("No such user"), "{backend}: {e}");
        let (ok, e) = server_fn(&alice, &s, "setup/tokens/revoke", &[("id", &b_token_id)]).await;
        assert!(!ok && e.to_string().contains("No such active token"), "{e}");
        // every read answers A's data only
        let (_, company) = get_json(&alice, &s, "/api/v1/company").await;
        assert_eq!(company["id"], a);
        let (_, users) = server_fn(&alice, &s, "setup/users", &[]).await;
        assert!(!users.to_string().contains("bob@solberga.test"));
        let (_, tokens) = server_fn(&alice, &s, "setup/tokens", &[]).await;
        assert!(!tokens.to_string().contains("B integration"));
        let (_, vat) = get_json(&alice, &s, "/api/v1/vat-codes").await;
        assert_ne!(vat, b_vat, "A (NO) and B (SE) have different VAT codes");
        for path in ["/api/v1/units", "/api/v1/warehouses", "/api/v1/payment-terms", "/api/v1/delivery-terms", "/api/v1/number-series"] {
            let (st_a, va) = get_json(&alice, &s, path).await;
            let (_, vb) = get_json(&demo, &s, path).await;
            assert_eq!(st_a, 200);
            assert!(vb.to_string().contains("Bmark"), "{backend} {path}: B has its row");
            assert!(!va.to_string().contains("Bmark"), "{backend} {path}: A never sees B's rows");
        }
        // B's token and bob still work as before
        let r = reqwest::Client::new().get(format!("{}/api/v1/company", s.base)).bearer_auth(b_token.as_str().unwrap()).send().await.unwrap();
        assert_eq!(r.json::<Value>().await.unwrap()["id"], b);
        let bob_c = login(&s, "bob@solberga.test", "bob-pass-12").await;
        assert_eq!(get_json(&bob_c, &s, "/api/v1/me").await.1["role"], "sales");
    }
}

#[tokio::test]
async fn openapi_documents_every_route_and_all_need_auth() {
    let Some(s) = start("sqlite").await else { return };
    let c = client();
    let (st, doc) = get_json(&c, &s, "/api/v1/openapi.json").await;
    assert_eq!(st, 200);
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/session",
        "/api/v1/me",
        "/api/v1/company",
        "/api/v1/vat-codes",
        "/api/v1/units",
        "/api/v1/warehouses",
        "/api/v1/payment-terms",
        "/api/v1/delivery-terms",
        "/api/v1/number-series",
        "/api/v1/openapi.json",
    ] {
        assert!(paths.contains_key(p), "{p} missing from the OpenAPI document");
    }
    for (p, item) in paths {
        if item.get("get").is_some() && p != "/api/v1/openapi.json" {
            assert_eq!(get_json(&c, &s, p).await.0, 401, "{p} answers without authentication");
        }
    }
    // every schema a route or a schema refers to is in the document
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    let missing: Vec<&String> = refs.iter().filter(|r| !r.strip_prefix("#/components/schemas/").is_some_and(|n| schemas.contains_key(n))).collect();
    assert!(missing.is_empty(), "references to schemas the document does not hold: {missing:?}");
}

fn collect_refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::String(r)) = m.get("$ref") {
                if !out.contains(r) {
                    out.push(r.clone());
                }
            }
            m.values().for_each(|x| collect_refs(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

/// Two `flyt serve` processes on one PostgreSQL share sessions and data.
#[tokio::test]
async fn two_servers_share_one_postgres() {
    let Some((url, _)) = fresh_db("postgres").await else { return };
    let s1 = start_on(&url, None).await;
    let s2 = start_on(&url, None).await;
    let c = login(&s1, DEMO.0, DEMO.1).await;
    let (ok, e) = server_fn(&c, &s1, "setup/units/save", &[("code", "pall"), ("name", "Pall")]).await;
    assert!(ok, "{e}");
    // the same cookie jar against the second server: the session lives in the database
    let cookie = format!("flyt_session={}", {
        let r = reqwest::Client::new()
            .post(format!("{}/api/v1/session", s1.base))
            .json(&serde_json::json!({"email": DEMO.0, "password": DEMO.1}))
            .send()
            .await
            .unwrap();
        let h = r.headers()["set-cookie"].to_str().unwrap().to_string();
        h.split(';').next().unwrap().trim_start_matches("flyt_session=").to_string()
    });
    let r = reqwest::Client::new().get(format!("{}/api/v1/units", s2.base)).header("cookie", cookie).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Pall"));
}
