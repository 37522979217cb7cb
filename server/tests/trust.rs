//! The holes an outside probe found (issue "Trust"), each kept closed by a black-box
//! test on both databases: requests that once killed the process, stored markup,
//! invitations, tokens, login throttling, the gapless series, bank files as bytes,
//! headers, and the smaller ones.
mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The server still answers (it was not aborted by what came before).
async fn alive(s: &Server) {
    let r = client().get(format!("{}/api/v1/openapi.json", s.base)).send().await.expect("the server is gone");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn deeply_nested_xml_is_refused_and_the_server_lives_on() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = login(&s, "demo@flyt.test", "demo").await;
        let deep = format!("{}{}", "<a>".repeat(4000), "</a>".repeat(4000));
        // the API with an XML body
        let r = c.post(format!("{}/api/v1/supplier-invoices", s.base)).header("content-type", "application/xml").body(deep.clone()).send().await.unwrap();
        assert_eq!(r.status(), 422, "{backend}");
        assert!(r.text().await.unwrap().contains("levels deep"));
        alive(&s).await;
        // the browser upload
        let part = reqwest::multipart::Part::bytes(deep.clone().into_bytes()).file_name("faktura.xml");
        let r = c.post(format!("{}/purchasing/invoices/ehf", s.base)).multipart(reqwest::multipart::Form::new().part("file", part)).send().await.unwrap();
        assert!(r.status().is_redirection() || r.status().is_client_error(), "{backend}: {}", r.status());
        alive(&s).await;
        // a camt.053 as deep
        let camt = format!("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">{deep}</Document>");
        let r = c.post(format!("{}/api/v1/bank-files", s.base)).body(camt).send().await.unwrap();
        assert_eq!(r.status(), 422, "{backend}");
        alive(&s).await;
        // an OCR record of 79 bytes, one of them ISO-8859-1 (it panicked the request)
        let mut ocr = app::receivables::bankfile::write_ocr(&[(10000, "010000000000018")], "011126").into_bytes();
        let pos = ocr.iter().position(|&b| b == b'\n').unwrap() + 20;
        ocr[pos] = 0xC5;
        ocr.remove(pos + 1);
        let r = c.post(format!("{}/api/v1/bank-files", s.base)).body(ocr).send().await.unwrap();
        assert_eq!(r.status(), 422, "{backend}");
        assert!(r.text().await.unwrap().contains("79 characters"));
        alive(&s).await;
    }
}

#[tokio::test]
async fn party_notes_are_text_not_markup() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = login(&s, "demo@flyt.test", "demo").await;
        let attack = "</textarea><img src=x onerror=alert(1)>";
        let (st, p) = post(&c, &s, "/api/v1/customers", json!({"name": "Skript Test AS", "notes": attack})).await;
        assert_eq!(st, 201, "{backend}: {p}");
        let page = c.get(format!("{}/parties/{}", s.base, p["id"])).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;"), "{backend}: the notes are not in the page escaped");
        assert!(!page.contains("<img src=x"), "{backend}: the notes became markup");
    }
}

/// The users list of the caller's company.
async fn users(c: &reqwest::Client, s: &Server) -> Vec<Value> {
    let (ok, v) = server_fn(c, s, "setup/users", &[]).await;
    assert!(ok, "{v}");
    v.as_array().unwrap().clone()
}

#[tokio::test]
async fn an_existing_user_must_accept_an_invitation() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (attacker, _) = company_in(&s, "NO", "Fremmed AS", "991825827").await;
        let invite = |email: &'static str| [("email", email), ("name", "Hvem Som Helst"), ("role", "admin"), ("password", "noe-passord-1")];
        // an existing e-mail (the demo user) and a new one get the same answer
        let a = attacker.post(format!("{}/api/setup/users/add", s.base)).form(&invite("demo@flyt.test")).send().await.unwrap();
        let b = attacker.post(format!("{}/api/setup/users/add", s.base)).form(&invite("ny.person@fremmed.test")).send().await.unwrap();
        let (sa, sb) = (a.status(), b.status());
        assert_eq!((sa, a.text().await.unwrap()), (sb, b.text().await.unwrap()), "{backend}: the answers differ");
        assert!(sa.is_success());
        // neither is a member yet; the demo user's name is not shown
        let list = users(&attacker, &s).await;
        let invited: Vec<&Value> = list.iter().filter(|u| u["invited"] == true).collect();
        assert_eq!(invited.len(), 2, "{backend}: {list:?}");
        assert!(invited.iter().all(|u| u["name"] == ""), "{backend}: {invited:?}");
        // the victim logs in: still in their own company, the invitation waits
        let demo = login(&s, "demo@flyt.test", "demo").await;
        let (_, me) = get_json(&demo, &s, "/api/v1/me").await;
        assert!(me["companies"].as_array().unwrap().iter().all(|c| c["name"] != "Fremmed AS"), "{backend}: {me}");
        assert_ne!(me["company_name"], "Fremmed AS");
        let (ok, inv) = server_fn(&demo, &s, "invitations", &[]).await;
        assert!(ok && inv[0]["name"] == "Fremmed AS", "{backend}: {inv}");
        // declining removes it; nothing was joined
        let id = inv[0]["id"].to_string();
        let (ok, e) = server_fn(&demo, &s, "invitations/answer", &[("company_id", &id), ("accept", "false")]).await;
        assert!(ok, "{e}");
        assert_eq!(server_fn(&demo, &s, "invitations", &[]).await.1, json!([]));
        assert!(users(&attacker, &s).await.iter().all(|u| u["email"] != "demo@flyt.test"));
        // the new account joins at its first login
        let newbie = login(&s, "ny.person@fremmed.test", "noe-passord-1").await;
        assert_eq!(get_json(&newbie, &s, "/api/v1/me").await.1["company_name"], "Fremmed AS");
        // an accepted invitation makes a member
        let a = attacker
            .post(format!("{}/api/setup/users/add", s.base))
            .form(&[("email", "demo@flyt.test"), ("name", "x"), ("role", "sales"), ("password", "noe-passord-1")])
            .send()
            .await
            .unwrap();
        assert!(a.status().is_success());
        let (ok, e) = server_fn(&demo, &s, "invitations/answer", &[("company_id", &id), ("accept", "true")]).await;
        assert!(ok, "{e}");
        let list = users(&attacker, &s).await;
        let d = list.iter().find(|u| u["email"] == "demo@flyt.test").unwrap();
        assert_eq!((d["invited"].as_bool(), d["role"].as_str()), (Some(false), Some("sales")), "{backend}: {list:?}");
        // login lands in the company used last, not the first by name
        let (_, me) = get_json(&demo, &s, "/api/v1/me").await;
        let solberga = me["companies"].as_array().unwrap().iter().find(|c| c["name"].as_str().unwrap().starts_with("Solberga")).unwrap()["id"].clone();
        let r = demo.post(format!("{}/auth/company", s.base)).form(&[("company_id", solberga.to_string())]).send().await.unwrap();
        assert!(r.status().is_redirection());
        let again = login(&s, "demo@flyt.test", "demo").await;
        assert_eq!(get_json(&again, &s, "/api/v1/me").await.1["company_id"], solberga, "{backend}");
    }
}

#[tokio::test]
async fn a_token_never_exceeds_its_creator() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (owner, _) = company_in(&s, "NO", "Eier AS", "991825827").await;
        let (ok, e) =
            server_fn(&owner, &s, "setup/users/add", &[("email", "kari@eier.test"), ("name", "Kari"), ("role", "admin"), ("password", "kari-pass-1")]).await;
        assert!(ok, "{e}");
        let kari = login(&s, "kari@eier.test", "kari-pass-1").await;
        let (ok, token) =
            server_fn(&kari, &s, "setup/tokens/create", &[("name", "integrasjon"), ("role", "admin"), ("scopes[read]", "on"), ("scopes[setup]", "on")]).await;
        assert!(ok, "{token}");
        let token = token.as_str().unwrap().to_string();
        let api = |path: &str| client().get(format!("{}{path}", s.base)).bearer_auth(&token);
        assert_eq!(api("/api/v1/me").send().await.unwrap().status(), 200);
        let kari_id = users(&owner, &s).await.iter().find(|u| u["email"] == "kari@eier.test").unwrap()["user_id"].to_string();
        // Kari becomes a salesperson: the admin token can no longer change the company
        let (ok, e) = server_fn(&owner, &s, "setup/users/update", &[("user_id", &kari_id), ("role", "sales"), ("active", "on")]).await;
        assert!(ok, "{e}");
        let r = client().patch(format!("{}/api/v1/company", s.base)).bearer_auth(&token).json(&json!({"name": "Overtatt AS"})).send().await.unwrap();
        assert_eq!(r.status(), 403, "{backend}");
        // Kari is deactivated: the token stops working at once
        let (ok, e) = server_fn(&owner, &s, "setup/users/update", &[("user_id", &kari_id), ("role", "admin"), ("active", "")]).await;
        assert!(ok, "{e}");
        assert_eq!(api("/api/v1/me").send().await.unwrap().status(), 401, "{backend}");
        let r = client()
            .post(format!("{}/api/setup/users/add", s.base))
            .bearer_auth(&token)
            .form(&[("email", "bakdor@eier.test"), ("name", "B"), ("role", "admin"), ("password", "bakdor-pass-1")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{backend}");
    }
}

/// A login attempt from a client address (X-Forwarded-For; the test server trusts it).
async fn try_login(s: &Server, from: &str, email: &str, password: &str) -> StatusCode {
    client()
        .post(format!("{}/api/v1/session", s.base))
        .header("x-forwarded-for", from)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn login_throttling_counts_parallel_guesses_and_spares_the_real_user() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        // the real user has logged in from their office before
        assert_eq!(try_login(&s, "192.0.2.10", "demo@flyt.test", "demo").await, 200);
        // 12 parallel wrong guesses from one address: at most 5 are checked
        let guesses = (0..12).map(|i| {
            let s = &s;
            async move { try_login(s, "198.51.100.7", "demo@flyt.test", &format!("gjett-{i}")).await }
        });
        let answers = futures_join(guesses).await;
        let checked = answers.iter().filter(|st| **st == 401).count();
        let refused = answers.iter().filter(|st| **st == 429).count();
        assert!(checked <= 5, "{backend}: {checked} of 12 parallel guesses were checked ({answers:?})");
        assert_eq!(checked + refused, 12, "{answers:?}");
        // the guesser is kept out, also with the right password
        assert_eq!(try_login(&s, "198.51.100.7", "demo@flyt.test", "demo").await, 429);
        // the real user is not: from their office, and from a new address
        assert_eq!(try_login(&s, "192.0.2.10", "demo@flyt.test", "demo").await, 200, "{backend}");
        assert_eq!(try_login(&s, "203.0.113.5", "demo@flyt.test", "demo").await, 200, "{backend}");
    }
}

/// Runs the futures at once and collects their answers in order.
async fn futures_join<F: std::future::Future<Output = StatusCode>>(fs: impl Iterator<Item = F>) -> Vec<StatusCode> {
    let handles: Vec<_> = fs.collect();
    let mut out = Vec::new();
    let results = join_all(handles).await;
    out.extend(results);
    out
}

async fn join_all<F: std::future::Future<Output = StatusCode>>(fs: Vec<F>) -> Vec<StatusCode> {
    use std::pin::Pin;
    let mut pinned: Vec<Pin<Box<F>>> = fs.into_iter().map(Box::pin).collect();
    let mut done: Vec<Option<StatusCode>> = vec![None; pinned.len()];
    std::future::poll_fn(|cx| {
        let mut all = true;
        for (i, f) in pinned.iter_mut().enumerate() {
            if done[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => done[i] = Some(v),
                    std::task::Poll::Pending => all = false,
                }
            }
        }
        if all {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    done.into_iter().map(|d| d.unwrap()).collect()
}

#[tokio::test]
async fn a_used_number_series_cannot_be_broken_from_setup() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = login(&s, "demo@flyt.test", "demo").await;
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": "10000", "lines": [{"item_no": "1003", "qty": "1"}]})).await;
        assert_eq!(st, 201, "{backend}: {inv}");
        let (_, series) = get_json(&c, &s, "/api/v1/number-series").await;
        let inv = series.as_array().unwrap().iter().find(|x| x["doc_type"] == "invoice").unwrap().clone();
        let next = inv["next_number"].as_i64().unwrap();
        assert!(next > 1, "{backend}: an invoice was issued");
        for bad in [1, next - 1, next + 10] {
            let (ok, e) = server_fn(&c, &s, "setup/series/save", &[("doc_type", "invoice"), ("prefix", ""), ("next_number", &bad.to_string())]).await;
            assert!(!ok && e.to_string().contains("new prefix"), "{backend}: next {bad}: {e}");
        }
        assert_eq!(get_json(&c, &s, "/api/v1/number-series").await.1, series, "nothing changed");
        // a new series for a new year: a new prefix, starting where it likes
        let (ok, e) = server_fn(&c, &s, "setup/series/save", &[("doc_type", "invoice"), ("prefix", "2027-"), ("next_number", "1")]).await;
        assert!(ok, "{backend}: {e}");
        // the old prefix cannot come back
        let (ok, e) = server_fn(&c, &s, "setup/series/save", &[("doc_type", "invoice"), ("prefix", ""), ("next_number", &next.to_string())]).await;
        assert!(!ok && e.to_string().contains("used by this series before"), "{backend}: {e}");
    }
}

#[tokio::test]
async fn answers_carry_security_headers_and_pages_their_status() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let anon = client();
        // a page: a CSP whose nonce is the hydration script's
        let r = anon.get(format!("{}/login", s.base)).send().await.unwrap();
        let h = r.headers().clone();
        let csp = h["content-security-policy"].to_str().unwrap().to_string();
        let body = r.text().await.unwrap();
        let nonce = csp.split("'nonce-").nth(1).and_then(|x| x.split('\'').next()).unwrap_or_else(|| panic!("no nonce in {csp}"));
        assert!(body.contains(&format!("nonce=\"{nonce}\"")), "{backend}: the page's script does not carry the policy's nonce");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{csp}");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "same-origin");
        assert!(h["cache-control"].to_str().unwrap().contains("no-cache"));
        // JSON: nothing may run
        let r = anon.get(format!("{}/api/v1/openapi.json", s.base)).send().await.unwrap();
        assert!(r.headers()["content-security-policy"].to_str().unwrap().starts_with("default-src 'none'"));
        // a page without a session sends to the login
        let r = anon.get(format!("{}/sales/orders/20001", s.base)).send().await.unwrap();
        assert!(r.status().is_redirection(), "{backend}: {}", r.status());
        assert_eq!(r.headers()["location"], "/login");
        // an unknown id is 404, not 200 around an error
        let c = login(&s, "demo@flyt.test", "demo").await;
        let r = c.get(format!("{}/sales/orders/99999999", s.base)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{backend}");
        // the Origin check sees the scheme
        let r = c.post(format!("{}/api/setup/series", s.base)).header("origin", s.base.replace("http://", "https://")).send().await.unwrap();
        assert_eq!(r.status(), 403, "{backend}");
    }
}

#[tokio::test]
async fn odd_input_gets_a_clear_refusal() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = login(&s, "demo@flyt.test", "demo").await;
        // year 0
        let (st, e) =
            post(&c, &s, "/api/v1/stock/adjustments", json!({"item_no": "1001", "warehouse": "MAIN", "qty": "1", "reason": "found", "date": "0000-01-01"}))
                .await;
        assert_eq!(st, 422, "{backend}: {e}");
        assert!(e.to_string().contains("between 1900-01-01"), "{e}");
        // 30 decimals are refused, not rounded to 0.00
        let tiny = "0.000000000000000000000000000001";
        let r = c.post(format!("{}/api/v1/payments", s.base)).json(&json!({"invoice_no": "1", "amount": tiny})).send().await.unwrap();
        assert_eq!(r.status(), 422, "{backend}");
        assert!(r.text().await.unwrap().contains("more decimals"), "{backend}");
        let (st, e) = post(&c, &s, "/api/v1/stock/adjustments", json!({"item_no": "1001", "warehouse": "MAIN", "qty": tiny, "reason": "found"})).await;
        assert_eq!(st, 422, "{backend}: {e}");
        // a right-to-left override in a name
        let (st, e) = post(&c, &s, "/api/v1/customers", json!({"name": "Fjord AS\u{202e}fdp.exe"})).await;
        assert_eq!(st, 422, "{backend}: {e}");
        // a JPEG header followed by HTML is not a logo
        let mut fake = vec![0xFF, 0xD8, 0xFF, 0xE0];
        fake.extend_from_slice(b"<html><script>alert(1)</script></html>");
        let part = reqwest::multipart::Part::bytes(fake).file_name("logo.jpg");
        let r = c.post(format!("{}/setup/logo", s.base)).multipart(reqwest::multipart::Form::new().part("logo", part)).send().await.unwrap();
        assert!(r.headers()["location"].to_str().unwrap().contains("logo_error"), "{backend}");
        assert_eq!(get_json(&c, &s, "/api/v1/me").await.1["has_logo"], false);
    }
}

#[tokio::test]
async fn the_outbox_retries_a_failed_delivery_by_itself() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = login(&s, "demo@flyt.test", "demo").await;
        // SMTP at a port where nothing listens yet
        let port = free_port();
        let (ok, e) = server_fn(
            &c,
            &s,
            "outbox/smtp/save",
            &[("host", "127.0.0.1"), ("port", &port.to_string()), ("security", "none"), ("user", ""), ("password", ""), ("from", "salg@fjordvik.test")],
        )
        .await;
        assert!(ok, "{e}");
        let (st, q) = post(&c, &s, "/api/v1/quotes", json!({"customer_no": "10000", "lines": [{"item_no": "1001", "qty": "1"}]})).await;
        assert_eq!(st, 201, "{backend}: {q}");
        let qno = q["number"].as_str().unwrap().to_string();
        let (ok, m) = server_fn(&c, &s, "sales/quote/email", &[("no", &qno), ("to", "kunde@example.test"), ("subject", "Tilbud"), ("message", "Hei")]).await;
        assert!(ok, "{backend}: {m}");
        let status = |c: reqwest::Client| {
            let s = &s;
            let id = q["id"].to_string();
            async move { server_fn(&c, s, "outbox/list", &[("doc_kind", "quote"), ("doc_id", &id)]).await.1[0].clone() }
        };
        // the first try fails and the message waits for a retry (not "failed")
        let mut m = Value::Null;
        for _ in 0..50 {
            m = status(c.clone()).await;
            if !m["error"].as_str().unwrap_or("").is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(m["status"], "queued", "{backend}: {m}");
        assert!(!m["error"].as_str().unwrap().is_empty(), "{backend}: {m}");
        // the SMTP server comes up: the retry delivers it without a click
        let mail = smtp_on(port);
        let Some(mail) = mail else { return };
        for _ in 0..100 {
            m = status(c.clone()).await;
            if m["status"] == "sent" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(m["status"], "sent", "{backend}: {m}");
        assert!(received(&mail).iter().any(|(to, ..)| to == "kunde@example.test"));
    }
}

/// A counterpart on 127.0.0.2 that redirects every request: to `http://localhost:<to>/`
/// when the path starts with `/by-name`, else to `http://127.0.0.1:<to>/`.
async fn redirector(to: u16) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.2:0").await.expect("127.0.0.2 is a loopback address");
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let path = String::from_utf8_lossy(&head).split_whitespace().nth(1).unwrap_or("/").to_string();
                let host = if path.starts_with("/by-name") { "localhost" } else { "127.0.0.1" };
                let answer = format!("HTTP/1.1 302 Found\r\nLocation: http://{host}:{to}/x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                let _ = sock.write_all(answer.as_bytes()).await;
            });
        }
    });
    port
}

#[tokio::test]
async fn addresses_typed_in_by_a_company_never_reach_the_server_or_its_network() {
    for backend in BACKENDS {
        let Some((url, dir)) = fresh_db(backend).await else { continue };
        // the operator allows one private address, 127.0.0.2: everything else on this
        // machine (127.0.0.1, localhost) and the private networks stay out of reach
        let s = start_on_with(&url, dir, &[("FLYT_ALLOW_PRIVATE_HOSTS", "127.0.0.2")]).await;
        let c = login(&s, "demo@flyt.test", "demo").await;
        let said = |e: &Value| e.to_string().contains("FLYT_ALLOW_PRIVATE_HOSTS") && e.to_string().contains("private network");

        // what would be reached if it were followed: counted, must stay 0
        let inner = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let inner_port = inner.local_addr().unwrap().port();
        let reached = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = reached.clone();
        tokio::spawn(async move {
            while let Ok((_sock, _)) = inner.accept().await {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        });

        for hook in
            ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook", "http://[::1]:9/hook", "http://[::ffff:127.0.0.1]:9/", "http://0.0.0.0:9/"]
        {
            let (st, e) = post(&c, &s, "/api/v1/webhooks", json!({"url": hook})).await;
            assert!((400..500).contains(&st), "{backend}: {hook} answered {st}: {e}");
            assert!(said(&e), "{backend}: {hook}: {e}");
        }
        let hook = format!("http://localhost:{inner_port}/hook");
        let (st, e) = post(&c, &s, "/api/v1/webhooks", json!({"url": hook})).await;
        assert!(st >= 400 && said(&e) && e.to_string().contains("localhost (at "), "{backend}: a name resolving to a refused address: {st} {e}");

        let smtp = [("host", "localhost"), ("port", "25"), ("security", "none"), ("user", ""), ("password", ""), ("from", "post@flyt.test")];
        let (ok, e) = server_fn(&c, &s, "outbox/smtp/save", &smtp).await;
        assert!(!ok && said(&e) && e.to_string().contains("SMTP server"), "{backend}: {e}");

        let ehf = [
            ("kid_method", "mod10"),
            ("kid_length", "15"),
            ("reminder_fee", "0"),
            ("reminder_days", "14"),
            ("writeoff_limit", "0"),
            ("ehf_outbox", "http://192.168.1.1/ap"),
        ];
        let (ok, e) = server_fn(&c, &s, "invoicing/settings/save", &ehf).await;
        assert!(!ok && said(&e) && e.to_string().contains("EHF outbox"), "{backend}: {e}");
        // nor are its files written outside the directories the operator allows
        for dir in ["/etc/flyt-ehf", &format!("{}/../etc", std::env::temp_dir().display())] {
            let ehf =
                [("kid_method", "mod10"), ("kid_length", "15"), ("reminder_fee", "0"), ("reminder_days", "14"), ("writeoff_limit", "0"), ("ehf_outbox", dir)];
            let (ok, e) = server_fn(&c, &s, "invoicing/settings/save", &ehf).await;
            assert!(!ok && e.to_string().contains("FLYT_EHF_DIRS"), "{backend}: {dir}: {e}");
        }

        let shop = [
            ("input[kind]", "vendure"),
            ("input[url]", "http://172.17.0.1:3000"),
            ("input[username]", "superadmin"),
            ("input[secret]", "superadmin"),
            ("input[warehouse]", "MAIN"),
            ("input[shipping_item]", "FRAKT"),
            ("input[discount_item]", "RABATT"),
            ("input[rounding_item]", "AVRUNDING"),
            ("input[poll_minutes]", "60"),
        ];
        let (ok, e) = server_fn(&c, &s, "webshop/save", &shop).await;
        assert!(!ok && said(&e) && e.to_string().contains("Shop address"), "{backend}: {e}");

        // an allowed counterpart that redirects inwards: refused at the redirect, by the
        // address written in it and by the address its name resolves to
        let outer = redirector(inner_port).await;
        for path in ["by-address", "by-name"] {
            let crm_url = format!("http://127.0.0.2:{outer}/{path}");
            let form =
                [("input[url]", crm_url.as_str()), ("input[database]", "crm"), ("input[login]", "admin"), ("input[password]", "x"), ("input[active]", "on")];
            let (ok, e) = server_fn(&c, &s, "crm/save", &form).await;
            assert!(!ok && said(&e), "{backend}: {path}: {e}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(reached.load(std::sync::atomic::Ordering::SeqCst), 0, "{backend}: a refused address was connected to");
        alive(&s).await;
    }
}

/// Everything the database holds, as bytes: the SQLite file with its WAL, or a
/// `pg_dump` of the PostgreSQL database.
fn database_bytes(url: &str) -> Vec<u8> {
    match url.strip_prefix("sqlite://") {
        Some(file) => {
            let mut b = std::fs::read(file).unwrap();
            b.extend(std::fs::read(format!("{file}-wal")).unwrap_or_default());
            b
        }
        None => {
            let out = std::process::Command::new("pg_dump").args(["--data-only", url]).output().expect("pg_dump (postgresql-client) is installed");
            assert!(out.status.success(), "pg_dump: {}", String::from_utf8_lossy(&out.stderr));
            out.stdout
        }
    }
}

#[tokio::test]
async fn secrets_for_other_systems_are_stored_sealed_and_open_only_with_their_key() {
    sqlx::any::install_default_drivers();
    let (smtp_pw, crm_pw, shop_pw) = ("smtp-hemmelig-4711", "crm-hemmelig-4711", "shop-hemmelig-4711");
    for backend in BACKENDS {
        let Some((url, dir)) = fresh_db(backend).await else { continue };
        // SQLite without FLYT_SECRET_KEY: the key file beside the database, made at start
        let envs: &[(&str, &str)] = if backend == "sqlite" { &[("FLYT_SECRET_KEY", "")] } else { &[] };
        let s = start_on_with(&url, dir, envs).await;
        let c = login(&s, "demo@flyt.test", "demo").await;
        for no in ["FRAKT", "RABATT", "AVRUNDING"] {
            let item = json!({"item_no": no, "description": no, "unit": "stk", "sales_price": "0", "vat_code": "S25", "active": "true", "kind": "service"});
            let (st, e) = post(&c, &s, "/api/v1/items", item).await;
            assert_eq!(st, 201, "{backend}: {e}");
        }
        let smtp = [("host", "127.0.0.1"), ("port", "2525"), ("security", "none"), ("user", "post"), ("password", smtp_pw), ("from", "post@flyt.test")];
        assert!(server_fn(&c, &s, "outbox/smtp/save", &smtp).await.0, "{backend}");
        let crm = [("input[url]", "http://127.0.0.1:9"), ("input[database]", "crm"), ("input[login]", "admin"), ("input[password]", crm_pw)];
        let (ok, e) = server_fn(&c, &s, "crm/save", &crm).await;
        assert!(ok, "{backend}: {e}");
        let shop = [
            ("input[kind]", "vendure"),
            ("input[url]", "http://127.0.0.1:9"),
            ("input[username]", "superadmin"),
            ("input[secret]", shop_pw),
            ("input[warehouse]", "MAIN"),
            ("input[shipping_item]", "FRAKT"),
            ("input[discount_item]", "RABATT"),
            ("input[rounding_item]", "AVRUNDING"),
        ];
        let (ok, e) = server_fn(&c, &s, "webshop/save", &shop).await;
        assert!(ok, "{backend}: {e}");
        let (st, hook) = post(&c, &s, "/api/v1/webhooks", json!({"url": "http://127.0.0.1:9/hook"})).await;
        assert_eq!(st, 201, "{backend}: {hook}");
        let whsec = hook["secret"].as_str().unwrap().to_string();

        // nothing of them in clear in the database (nor in its journal), each sealed
        let bytes = database_bytes(&url);
        let text = String::from_utf8_lossy(&bytes);
        for clear in [smtp_pw, crm_pw, shop_pw, whsec.as_str()] {
            assert!(!text.contains(clear), "{backend}: '{clear}' is stored in clear");
        }
        assert!(text.matches("sealed1:").count() >= 4, "{backend}");
        if let Some(file) = url.strip_prefix("sqlite://") {
            assert!(std::path::Path::new(&format!("{file}.key")).exists(), "the key file beside the database");
        }

        // a password stored in clear before (an older Flyt) is sealed at the next start
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::query("UPDATE companies SET smtp_password = 'gammelt-klart-passord' WHERE smtp_user = 'post'").execute(&pool).await.unwrap();
        pool.close().await;
        let s = s.crash_and_restart_with(envs).await;
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        let stored: String = sqlx::query_scalar("SELECT smtp_password FROM companies WHERE smtp_user = 'post'").fetch_one(&pool).await.unwrap();
        assert!(stored.starts_with("sealed1:") && !stored.contains("gammelt"), "{backend}: {stored}");
        pool.close().await;
        alive(&s).await;
        let _dir = s.stop();

        // started with another key, Flyt stops with a message before serving
        let wrong: String = "ab".repeat(32);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_flyt"))
            .arg("serve")
            .env("DATABASE_URL", &url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", free_port()))
            .env("FLYT_SECRET_KEY", &wrong)
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let status = loop {
            if let Some(st) = child.try_wait().unwrap() {
                break st;
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("{backend}: started with another key, the server went on serving");
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        };
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert!(!status.success() && err.contains("does not open with this server's key"), "{backend}: {err}");
    }
}
