//! Quotes → orders → deliveries over the JSON API, on SQLite and PostgreSQL:
//! quantities, reservations, stock and statuses at every step; bad input; two
//! deliveries of the same line at once; another company's data.
mod common;

use common::*;
use serde_json::{json, Value};

/// A company with two stock items (10 and 4 on hand), a service and a customer.
async fn setup(s: &Server) -> (reqwest::Client, String) {
    let c = empty_company(s).await;
    for (no, desc, price, vat) in [("SKRU-1", "Skruer 4x40, 200 stk", "149,90", "S25"), ("KAFFE", "Kaffe blåbær 500 g", "89", "S15")] {
        let item = json!({"item_no": no, "description": desc, "unit": "stk", "sales_price": price, "purchase_price": "40", "vat_code": vat, "active": "true"});
        let (st, e) = post(&c, s, "/api/v1/items", item).await;
        assert_eq!(st, 201, "{e}");
    }
    let service = json!({"item_no": "MONT", "description": "Montering per time", "unit": "stk", "sales_price": "950", "purchase_price": "0", "vat_code": "S25", "kind": "service", "active": "true"});
    assert_eq!(post(&c, s, "/api/v1/items", service).await.0, 201);
    for (no, qty) in [("SKRU-1", "10"), ("KAFFE", "4")] {
        let (st, e) = post(&c, s, "/api/v1/stock/adjustments", json!({"item_no": no, "warehouse": "MAIN", "qty": qty, "reason": "opening_balance"})).await;
        assert_eq!(st, 204, "{e}");
    }
    let (st, cust) = post(
        &c,
        s,
        "/api/v1/customers",
        json!({"name": "Fjordbygg Sør AS", "org_no": "988077917", "city": "Bergen", "discount": "10", "invoice_email": "faktura@fjordbygg.test"}),
    )
    .await;
    assert_eq!(st, 201, "{cust}");
    (c, cust["customer_no"].as_str().unwrap().to_string())
}

async fn figures(c: &reqwest::Client, s: &Server, no: &str) -> (String, String) {
    let (_, f) = get_json(c, s, &format!("/api/v1/items/{no}/stock")).await;
    let w = f.as_array().unwrap().iter().find(|w| w["warehouse_code"] == "MAIN").cloned().unwrap_or(Value::Null);
    (w["physical"].as_str().unwrap_or("0").to_string(), w["reserved"].as_str().unwrap_or("0").to_string())
}

fn line(v: &Value, n: usize) -> &Value {
    v["lines"].as_array().unwrap().iter().find(|l| l["line_no"] == n).unwrap()
}

#[tokio::test]
async fn quote_to_order_to_two_deliveries() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s).await;
        // a quote of 3 item lines, a heading and a text line
        let quote = json!({"customer_no": customer, "your_ref": "Ola Byggmester", "lines": [
            {"kind": "heading", "description": "Materialer"},
            {"item_no": "SKRU-1", "qty": "6"},
            {"item_no": "KAFFE", "qty": "3", "discount_pct": "0"},
            {"kind": "text", "description": "Levert på byggeplass"},
            {"item_no": "MONT", "qty": "2.5", "unit_price": "900"}]});
        let (st, q) = post(&c, &s, "/api/v1/quotes", quote).await;
        assert_eq!(st, 201, "{backend}: {q}");
        assert_eq!(q["status"], "draft");
        // SKRU-1: 6 × 149.90 − 10 % = 809.46; KAFFE 3 × 89 = 267; MONT 2.5 × 900 − 10 % = 2025
        assert_eq!(line(&q, 2)["net"], "809.46");
        assert_eq!(line(&q, 3)["net"], "267.00");
        assert_eq!(line(&q, 5)["net"], "2025.00");
        assert_eq!(q["totals"]["net"], "3101.46");
        // VAT: (809.46 + 2025) × 25 % = 708.615 → 708.62; 267 × 15 % = 40.05
        assert_eq!(q["totals"]["vat_total"], "748.67");
        assert_eq!(q["totals"]["gross"], "3850.13");
        assert_eq!(q["totals"]["subtotals"][0]["net"], "3101.46");
        let qno = q["number"].as_str().unwrap().to_string();
        let (st, got) = get_json(&c, &s, &format!("/api/v1/quotes/{qno}")).await;
        assert_eq!((st, &got["totals"]), (200, &q["totals"]));

        // the customer orders two of the lines, one of them in part
        let (st, o) =
            post(&c, &s, &format!("/api/v1/quotes/{qno}/order"), json!({"lines": [{"line_no": 2, "qty": "5"}, {"line_no": 3}], "confirm": true})).await;
        assert_eq!(st, 201, "{backend}: {o}");
        assert_eq!(o["quote_no"], qno.as_str());
        assert_eq!(o["status"], "open");
        let ono = o["number"].as_str().unwrap().to_string();
        assert_eq!(get_json(&c, &s, &format!("/api/v1/orders/{ono}")).await.1, o, "{backend}: the answer is the order as stored");
        let items: Vec<(&str, &str)> = o["lines"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["kind"] == "item")
            .map(|l| (l["item_no"].as_str().unwrap(), l["qty"].as_str().unwrap()))
            .collect();
        assert_eq!(items, vec![("SKRU-1", "5"), ("KAFFE", "3")]);
        assert!(o["lines"].as_array().unwrap().iter().all(|l| l["kind"] != "item" || l["quote_line_id"].is_number()), "each line links to its quote line");
        let (_, q) = get_json(&c, &s, &format!("/api/v1/quotes/{qno}")).await;
        assert_eq!(q["status"], "partly_accepted");
        assert_eq!(figures(&c, &s, "SKRU-1").await, ("10".into(), "5".into()), "{backend}: confirming reserves");
        assert_eq!(figures(&c, &s, "KAFFE").await, ("4".into(), "3".into()));

        // first delivery: 2 of the screws, all the coffee
        let sk = line(&o, 2)["line_no"].as_i64().unwrap();
        let kf = line(&o, 3)["line_no"].as_i64().unwrap();
        let (st, d1) =
            post(&c, &s, &format!("/api/v1/orders/{ono}/deliveries"), json!({"lines": [{"line_no": sk, "qty": "2"}, {"line_no": kf, "qty": "3"}]})).await;
        assert_eq!(st, 201, "{backend}: {d1}");
        assert_eq!(figures(&c, &s, "SKRU-1").await, ("8".into(), "3".into()), "{backend}: moved out and reservation consumed");
        assert_eq!(figures(&c, &s, "KAFFE").await, ("1".into(), "0".into()));
        let (_, o1) = get_json(&c, &s, &format!("/api/v1/orders/{ono}")).await;
        assert_eq!(o1["status"], "partly_delivered");
        let (_, back) = get_json(&c, &s, &format!("/api/v1/orders/{ono}/backorder")).await;
        let rem: Vec<(&str, &str, &str)> = back
            .as_array()
            .unwrap()
            .iter()
            .map(|b| (b["item_no"].as_str().unwrap(), b["delivered"].as_str().unwrap(), b["remaining"].as_str().unwrap()))
            .collect();
        assert_eq!(rem, vec![("SKRU-1", "2", "3"), ("KAFFE", "3", "0")]);

        // more than is outstanding is refused, and nothing is written
        let (st, e) = post(&c, &s, &format!("/api/v1/orders/{ono}/deliveries"), json!({"lines": [{"line_no": sk, "qty": "4"}]})).await;
        assert_eq!(st, 422, "{e}");
        assert!(e["error"].as_str().unwrap().contains("more than is outstanding"), "{e}");
        assert_eq!(figures(&c, &s, "SKRU-1").await, ("8".into(), "3".into()));

        // second delivery: the rest
        let (st, d2) = post(&c, &s, &format!("/api/v1/orders/{ono}/deliveries"), json!({"lines": [{"line_no": sk, "qty": "3"}]})).await;
        assert_eq!(st, 201, "{d2}");
        assert_ne!(d1["delivery_no"], d2["delivery_no"]);
        assert_eq!(figures(&c, &s, "SKRU-1").await, ("5".into(), "0".into()));
        let (_, o2) = get_json(&c, &s, &format!("/api/v1/orders/{ono}")).await;
        assert_eq!(o2["status"], "delivered");
        assert!(check(&s.url), "{backend}: flyt check after the flow");
    }
}

/// A new order is answered without reading it back: the answer must be what
/// reading it back gives, whatever the head refers to and however the numbers are
/// written (scales, discounts, text lines and headings), confirmed or not.
#[tokio::test]
async fn a_new_order_answers_what_is_stored() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s).await;
        let (_, cust) = get_json(&c, &s, &format!("/api/v1/customers/{customer}")).await;
        let pid = cust["id"].as_i64().expect("customer id").to_string();
        let address = [
            ("party_id", pid.as_str()),
            ("id", "0"),
            ("name", "Byggeplass Åsane"),
            ("address_line", "Åsamyrane 12"),
            ("postcode", "5116"),
            ("city", "Ulset"),
            ("country", "NO"),
            ("is_default", "on"),
        ];
        let (ok, e) = server_fn(&c, &s, "parties/address", &address).await;
        assert!(ok, "{e}");
        let address_id = e.as_i64().expect("address id");
        let project = [("party_id", pid.as_str()), ("code", "P-7"), ("name", "Tilbygg"), ("start_date", ""), ("end_date", ""), ("status", "active")];
        let (ok, e) = server_fn(&c, &s, "parties/project", &project).await;
        assert!(ok, "{e}");
        let (st, contact) = post(
            &c,
            &s,
            &format!("/api/v1/customers/{customer}/contacts"),
            json!({"name": "Kari Nordmann", "email": "kari@fjordbygg.test", "for_orders": "on"}),
        )
        .await;
        assert_eq!(st, 201, "{contact}");
        let (_, me) = get_json(&c, &s, "/api/v1/me").await;
        let (_, terms) = get_json(&c, &s, "/api/v1/payment-terms").await;
        let lines = json!([
            {"kind": "heading", "description": "Materialer"},
            {"item_no": "SKRU-1", "qty": "2.50", "discount_pct": "7.5", "requested_date": "2031-05-02"},
            {"item_no": "KAFFE", "qty": "1", "unit_price": "99.5", "vat_code": "S25"},
            {"kind": "text", "description": "Ring før levering"},
            {"item_no": "MONT", "qty": "0.125"}]);
        let full = json!({"customer_no": customer, "contact_id": contact["id"], "seller_id": me["user_id"], "your_ref": "Ola", "requisition_no": "REK-9",
            "date": "2031-05-01", "payment_terms": terms[0]["code"], "project_code": "P-7", "delivery_address_id": address_id, "warehouse": "main", "lines": lines});
        let bare = json!({"customer_no": customer, "lines": [{"item_no": "KAFFE", "qty": "3"}]});
        for (body, confirm) in [(&full, true), (&full, false), (&bare, true), (&bare, false)] {
            let mut body = body.clone();
            body["confirm"] = json!(confirm);
            let (st, o) = post(&c, &s, "/api/v1/orders", body.clone()).await;
            assert_eq!(st, 201, "{backend}: {o}");
            assert_eq!(o["status"], if confirm { "open" } else { "draft" });
            let (_, got) = get_json(&c, &s, &format!("/api/v1/orders/{}", o["number"].as_str().unwrap())).await;
            assert_eq!(got, o, "{backend}: the answer to creating an order is the order as stored");
            if body["project_code"] == "P-7" {
                let head = (&o["contact_name"], &o["seller_name"], &o["project_code"], &o["requisition_no"], &o["quote_no"]);
                assert_eq!(head, (&json!("Kari Nordmann"), &me["user_name"], &json!("P-7"), &json!("REK-9"), &json!("")));
                assert!(o["delivery_address"].as_str().unwrap().contains("Åsamyrane 12"), "{o}");
                assert_eq!((&line(&o, 2)["qty"], &line(&o, 2)["discount_pct"], &line(&o, 5)["qty"]), (&json!("2.5"), &json!("7.5"), &json!("0.125")));
            }
        }
    }
}

fn check(url: &str) -> bool {
    std::process::Command::new(env!("CARGO_BIN_EXE_flyt")).arg("check").env("DATABASE_URL", url).status().unwrap().success()
}

#[tokio::test]
async fn bad_input_writes_nothing() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s).await;
        let order = |lines: Value| json!({"customer_no": customer, "lines": lines, "confirm": true});
        for (body, msg) in [
            (order(json!([{"item_no": "SKRU-1", "qty": "-2"}])), "Line 1: quantity must be above 0"),
            (order(json!([{"item_no": "SKRU-1", "qty": "2000000000"}])), "too large"),
            (order(json!([{"item_no": "SKRU-1", "qty": "1", "unit_price": "-5"}])), "cannot be negative"),
            (order(json!([{"item_no": "SKRU-1", "qty": "1", "unit_price": "0.001"}])), "more than 2 decimals"),
            (order(json!([{"item_no": "SKRU-1", "qty": "1", "discount_pct": "150"}])), "between 0 and 100"),
            (order(json!([{"item_no": "SKRU-1", "qty": "1"}, {"item_no": "FINNES-IKKE", "qty": "1"}])), "Line 2: unknown item 'FINNES-IKKE'"),
            (order(json!([{"kind": "heading"}])), "needs a text"),
            (json!({"customer_no": "99999", "lines": []}), "No customer 99999"),
            (json!({"customer_no": customer, "warehouse": "NOPE", "lines": []}), "Unknown warehouse"),
        ] {
            let (st, e) = post(&c, &s, "/api/v1/orders", body).await;
            assert!(st == 422 || st == 404, "{backend}: {st} {e}");
            assert!(e["error"].as_str().unwrap_or("").contains(msg), "{backend}: want '{msg}', got {e}");
        }
        assert_eq!(figures(&c, &s, "SKRU-1").await, ("10".into(), "0".into()), "{backend}: nothing reserved");
        // no order number was used up by the refusals
        let (st, o) = post(&c, &s, "/api/v1/orders", order(json!([{"item_no": "SKRU-1", "qty": "4"}]))).await;
        assert_eq!(st, 201, "{o}");
        assert!(o["number"].as_str().unwrap().ends_with("20001"), "{backend}: first order number, got {}", o["number"]);
        // a delivered quantity cannot be edited down (the service refuses; tested in the domain),
        // and a line's delivery cannot exceed what is ordered, even from two users at once
        let ono = o["number"].as_str().unwrap().to_string();
        let path = format!("/api/v1/orders/{ono}/deliveries");
        let (a, b) = tokio::join!(
            post(&c, &s, &path, json!({"lines": [{"line_no": 1, "qty": "3"}]})),
            post(&c, &s, &path, json!({"lines": [{"line_no": 1, "qty": "3"}]}))
        );
        let ok = [a.0, b.0].iter().filter(|st| **st == 201).count();
        assert_eq!(ok, 1, "{backend}: exactly one of two simultaneous deliveries of 3 of 4 goes through: {a:?} {b:?}");
        let (_, o) = get_json(&c, &s, &format!("/api/v1/orders/{ono}")).await;
        assert_eq!(line(&o, 1)["done"], "3");
        assert_eq!(figures(&c, &s, "SKRU-1").await, ("7".into(), "1".into()));
        // editing the delivered line below what is delivered is refused; nothing changes
        let id = line(&o, 1)["id"].to_string();
        let form = |qty: &'static str| {
            vec![
                ("no", ono.clone()),
                ("confirm", "false".to_string()),
                ("input[customer_no]", customer.clone()),
                ("input[lines][0][id]", id.clone()),
                ("input[lines][0][item_no]", "SKRU-1".to_string()),
                ("input[lines][0][qty]", qty.to_string()),
            ]
        };
        let f = form("2");
        let (ok, e) = server_fn(&c, &s, "sales/order/save", &f.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
        assert!(!ok && e.to_string().contains("cannot go below what is delivered (3)"), "{backend}: {e}");
        let (_, o) = get_json(&c, &s, &format!("/api/v1/orders/{ono}")).await;
        assert_eq!(line(&o, 1)["qty"], "4", "{backend}: unchanged");
        // raising it is fine, and the reservation follows
        let f = form("6");
        let (ok, e) = server_fn(&c, &s, "sales/order/save", &f.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
        assert!(ok, "{backend}: {e}");
        assert_eq!(figures(&c, &s, "SKRU-1").await, ("7".into(), "3".into()), "{backend}: 6 ordered, 3 delivered, 3 reserved");

        // another company cannot see or deliver this order, nor use this customer
        let other = empty_company(&s).await;
        assert_eq!(get_json(&other, &s, &format!("/api/v1/orders/{ono}")).await.0, 404);
        assert_eq!(post(&other, &s, &format!("/api/v1/orders/{ono}/deliveries"), json!({"lines": [{"line_no": 1, "qty": "1"}]})).await.0, 404);
        let (st, e) = post(&other, &s, "/api/v1/orders", json!({"customer_no": customer, "lines": [{"item_no": "SKRU-1", "qty": "1"}]})).await;
        assert!(st == 404 || st == 422, "{backend}: {st} {e}");
        assert_eq!(figures(&c, &s, "SKRU-1").await, ("7".into(), "3".into()), "{backend}: untouched");
    }
}

#[tokio::test]
async fn quote_by_email_with_its_pdf_and_a_packing_slip() {
    let Some(mail) = smtp() else { return };
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s).await;
        let (st, q) =
            post(&c, &s, "/api/v1/quotes", json!({"customer_no": customer, "lines": [{"item_no": "KAFFE", "qty": "2"}, {"item_no": "SKRU-1", "qty": "1"}]}))
                .await;
        assert_eq!(st, 201, "{q}");
        let qno = q["number"].as_str().unwrap().to_string();
        let to = format!("innkjop-{backend}@fjordbygg.test");
        let subject = format!("Tilbud {qno} fra Tomt Lager");
        // without SMTP nothing pretends to be sent: refused, the quote is not "sent"
        let (ok, e) = server_fn(&c, &s, "sales/quote/email", &[("no", &qno), ("to", &to), ("subject", &subject), ("message", "Hei!\nHer er tilbudet.")]).await;
        assert!(!ok && e.to_string().contains("E-mail is not set up"), "{backend}: {e}");
        let (_, q2) = get_json(&c, &s, &format!("/api/v1/quotes/{qno}")).await;
        assert_ne!(q2["status"], "sent", "{backend}: {q2}");
        // with SMTP set up, the mail goes to the real server, and then the quote is sent
        let port = mail.port.to_string();
        let (ok, e) = server_fn(
            &c,
            &s,
            "outbox/smtp/save",
            &[("host", "127.0.0.1"), ("port", &port), ("security", "none"), ("user", ""), ("password", ""), ("from", "salg@tomtlager.test")],
        )
        .await;
        assert!(ok, "{e}");
        // a bad address is refused and nothing is queued
        let (ok, e) = server_fn(&c, &s, "sales/quote/email", &[("no", &qno), ("to", "ikke en adresse"), ("subject", "x"), ("message", "")]).await;
        assert!(!ok && e.to_string().contains("not an e-mail address"), "{e}");
        let (ok, m) = server_fn(&c, &s, "sales/quote/email", &[("no", &qno), ("to", &to), ("subject", &subject), ("message", "Hei!\nHer er tilbudet.")]).await;
        assert!(ok, "{backend}: {m}");
        assert_eq!(m["status"], "sent", "{backend}: {m}");
        let (_, q2) = get_json(&c, &s, &format!("/api/v1/quotes/{qno}")).await;
        assert_eq!(q2["status"], "sent");
        let got = received(&mail);
        let (_, subj, name, pdf) = got.iter().find(|(t, ..)| *t == to).unwrap_or_else(|| panic!("{backend}: no message to {to} in {got:?}"));
        assert_eq!(subj, &subject);
        assert_eq!(name, &format!("quote-{qno}.pdf"));
        assert!(pdf.starts_with(b"%PDF-"));
        if let Some(text) = pdf_text(pdf) {
            for want in [format!("Tilbud {qno}"), "Tomt Lager AS".into(), "Fjordbygg Sør AS".into(), "Kaffe blåbær 500 g".into(), "Sum inkl. MVA".into()] {
                assert!(text.contains(&want), "{backend}: '{want}' not in the PDF:\n{text}");
            }
        }
        let (_, log) = server_fn(&c, &s, "outbox/list", &[("doc_kind", "quote"), ("doc_id", &q["id"].to_string())]).await;
        assert_eq!(log[0]["status"], "sent", "{backend}: {log}");

        // a delivery's packing slip: quantities and address, no prices
        let (st, o) = post(&c, &s, &format!("/api/v1/quotes/{qno}/order"), json!({"lines": [{"line_no": 1}], "confirm": true})).await;
        assert_eq!(st, 201, "{o}");
        let ono = o["number"].as_str().unwrap();
        // confirming queued the order confirmation in its transaction; it is sent just after
        let mut log = Value::Null;
        for _ in 0..100 {
            log = server_fn(&c, &s, "outbox/list", &[("doc_kind", "order"), ("doc_id", &o["id"].to_string())]).await.1;
            if log[0]["status"] == "sent" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(log[0]["status"], "sent", "{backend}: {log}");
        let got = received(&mail);
        let (_, subj, name, pdf) = got
            .iter()
            .find(|(t, s, ..)| t == "faktura@fjordbygg.test" && s.contains(ono))
            .unwrap_or_else(|| panic!("{backend}: no confirmation of {ono} in {got:?}"));
        assert_eq!(subj, &format!("Ordrebekreftelse {ono} – Tomt Lager AS"));
        assert_eq!(name, &format!("order-{ono}.pdf"));
        if let Some(text) = pdf_text(pdf) {
            assert!(text.contains(&format!("Ordrebekreftelse {ono}")) && text.contains("Kaffe blåbær 500 g"), "{backend}: {text}");
        }
        let (st, d) = post(&c, &s, &format!("/api/v1/orders/{ono}/deliveries"), json!({"lines": [{"line_no": 1, "qty": "2"}]})).await;
        assert_eq!(st, 201, "{d}");
        let r = c.get(format!("{}/sales/deliveries/{}/packing-slip.pdf", s.base, d["delivery_no"].as_str().unwrap())).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let pdf = r.bytes().await.unwrap();
        if let Some(text) = pdf_text(&pdf) {
            assert!(text.contains("Pakkseddel") && text.contains("Kaffe blåbær 500 g") && text.contains(ono), "{backend}: {text}");
            assert!(!text.contains("89,00"), "{backend}: no prices on a packing slip:\n{text}");
        }
        // another company cannot download it
        let other = empty_company(&s).await;
        let r = other.get(format!("{}/sales/deliveries/{}/packing-slip.pdf", s.base, d["delivery_no"].as_str().unwrap())).send().await.unwrap();
        assert_eq!(r.status(), 404);
    }
}
