//! Invoicing and receivables over the JSON API, on SQLite and PostgreSQL: order →
//! delivery → partial and whole invoices → credit notes → payments and open items;
//! gapless numbers under concurrency; immutability enforced by the database; bad
//! input and other companies' ids; EHF checked by the official PEPPOL validator.
mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::{json, Value};

/// A NO company with a bank account, two stock items with stock, and a customer on
/// 14 days' terms.
async fn setup(s: &Server) -> (reqwest::Client, String) {
    let c = empty_company(s).await;
    let r = c
        .patch(format!("{}/api/v1/company", s.base))
        .json(&json!({"bank_account": "1234.56.78903", "address_line": "Kaigaten 1", "postcode": "5015", "city": "Bergen"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    for (no, desc, price, vat) in [("TAU-10", "Fortøyningstau 10 mm", "249", "S25"), ("KAKE", "Skillingsbolle", "35,50", "S15")] {
        let item = json!({"item_no": no, "description": desc, "unit": "stk", "sales_price": price, "purchase_price": "20", "vat_code": vat, "active": "true"});
        assert_eq!(post(&c, s, "/api/v1/items", item).await.0, 201);
        let (st, e) = post(&c, s, "/api/v1/stock/adjustments", json!({"item_no": no, "warehouse": "MAIN", "qty": "50", "reason": "opening_balance"})).await;
        assert_eq!(st, 204, "{e}");
    }
    let (st, cust) = post(&c, s, "/api/v1/customers", json!({"name": "Havnelageret AS", "org_no": "988077917", "address_line": "Bryggen 2", "postcode": "5003", "city": "Bergen", "payment_terms": "NET14", "invoice_email": "faktura@havn.test"})).await;
    assert_eq!(st, 201, "{cust}");
    (c, cust["customer_no"].as_str().unwrap().to_string())
}

/// A confirmed order of 5 TAU-10 and 3 KAKE with everything delivered but 2 TAU-10.
async fn delivered_order(c: &reqwest::Client, s: &Server, customer: &str) -> String {
    let order = json!({"customer_no": customer, "your_ref": "Kari", "confirm": true, "lines": [{"item_no": "TAU-10", "qty": "5", "discount_pct": "10"}, {"item_no": "KAKE", "qty": "3"}]});
    let (st, o) = post(c, s, "/api/v1/orders", order).await;
    assert_eq!(st, 201, "{o}");
    let no = o["number"].as_str().unwrap().to_string();
    let (st, d) = post(c, s, &format!("/api/v1/orders/{no}/deliveries"), json!({"lines": [{"line_no": 1, "qty": "3"}, {"line_no": 2, "qty": "3"}]})).await;
    assert_eq!(st, 201, "{d}");
    no
}

fn kid_mod10_ok(kid: &str) -> bool {
    // Luhn over the whole KID
    let mut sum = 0;
    for (i, ch) in kid.chars().rev().enumerate() {
        let mut d = ch.to_digit(10).unwrap();
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

async fn order_status(c: &reqwest::Client, s: &Server, no: &str) -> String {
    get_json(c, s, &format!("/api/v1/orders/{no}")).await.1["status"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn deliver_invoice_credit_and_pay() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else {
            continue;
        };
        let (c, customer) = setup(&s).await;
        let ono = delivered_order(&c, &s, &customer).await;

        // partial invoice: 2 of the 3 delivered TAU-10
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"pick": [{"order_no": ono, "line_no": 1, "qty": "2"}], "invoice_date": "2026-11-20"})).await;
        assert_eq!(st, 201, "{backend}: {inv}");
        assert_eq!(inv["number"], "1");
        assert_eq!(inv["due_date"], "2026-12-04", "14 days' terms");
        assert_eq!(inv["your_ref"], "Kari");
        // 2 × 249 − 10 % = 448.20; VAT 25 % = 112.05
        assert_eq!(inv["totals"]["gross"], "560.25");
        assert_eq!(inv["open"], "560.25");
        let kid = inv["kid"].as_str().unwrap();
        assert_eq!(kid.len(), 15);
        assert!(kid_mod10_ok(kid), "{kid}");
        assert!(kid.ends_with(&format!("000000001{}", &kid[14..])), "{kid}");
        assert_eq!(order_status(&c, &s, &ono).await, "partly_invoiced");

        // the rest of the order: 1 TAU-10 and 3 KAKE
        let (st, inv2) = post(&c, &s, "/api/v1/invoices", json!({"orders": [ono]})).await;
        assert_eq!(st, 201, "{backend}: {inv2}");
        assert_eq!(inv2["number"], "2");
        let qtys: Vec<(&str, &str)> = inv2["lines"].as_array().unwrap().iter().map(|l| (l["item_no"].as_str().unwrap(), l["qty"].as_str().unwrap())).collect();
        assert_eq!(qtys, vec![("TAU-10", "1"), ("KAKE", "3")]);
        // nothing left to invoice: a clear message and no number used
        let (st, e) = post(&c, &s, "/api/v1/invoices", json!({"orders": [ono]})).await;
        assert_eq!(st, 422, "{e}");
        assert!(e["error"].as_str().unwrap().contains("Nothing is delivered and not yet invoiced"), "{e}");
        let (st, e) = post(&c, &s, "/api/v1/invoices", json!({"pick": [{"order_no": ono, "line_no": 1, "qty": "9"}]})).await;
        assert_eq!(st, 422, "{e}");

        // a credit note for more than was invoiced is refused, nothing written
        let (st, e) = post(&c, &s, "/api/v1/invoices/1/credit-notes", json!({"lines": [{"line_no": 1, "qty": "3"}]})).await;
        assert_eq!(st, 422, "{e}");
        assert!(e["error"].as_str().unwrap().contains("cannot credit 3"), "{e}");
        // a full storno of invoice 2: its lines return to "delivered, not invoiced"
        let (st, cn) = post(&c, &s, "/api/v1/invoices/2/credit-notes", json!({"reason": "Feil mottaker"})).await;
        assert_eq!(st, 201, "{backend}: {cn}");
        assert_eq!(cn["kind"], "credit_note");
        assert_eq!(cn["number"], "1");
        assert_eq!(cn["credited_no"], "2");
        assert_eq!(cn["totals"]["gross"], inv2["totals"]["gross"]);
        assert_eq!(cn["open"], "0.00", "used in full against invoice 2");
        let (_, inv2) = get_json(&c, &s, "/api/v1/invoices/2").await;
        assert_eq!((inv2["open"].as_str(), inv2["status"].as_str()), (Some("0.00"), Some("settled")));
        assert_eq!(order_status(&c, &s, &ono).await, "partly_invoiced");
        let (st, again) = post(&c, &s, "/api/v1/invoices/2/credit-notes", json!({})).await;
        assert_eq!(st, 409, "{again}");
        // invoice the returned lines again
        let (st, inv3) = post(&c, &s, "/api/v1/invoices", json!({"orders": [ono]})).await;
        assert_eq!(st, 201, "{inv3}");
        assert_eq!(inv3["number"], "3");

        // payments: part, then the rest with 50 too much (kept as credit)
        let (st, p) = post(&c, &s, "/api/v1/payments", json!({"invoice_no": "1", "amount": "100", "date": "2026-11-25"})).await;
        assert_eq!(st, 201, "{p}");
        assert_eq!(p["invoice_open"], "460.25");
        let (st, p) = post(&c, &s, "/api/v1/payments", json!({"kid": kid, "amount": "510.25"})).await;
        assert_eq!(st, 201, "{p}");
        assert_eq!((p["applied"].as_str(), p["credit"].as_str(), p["invoice_open"].as_str()), (Some("460.25"), Some("50.00"), Some("0.00")));
        let (_, inv1) = get_json(&c, &s, "/api/v1/invoices/1").await;
        assert_eq!(inv1["status"], "settled");
        let (_, open) = get_json(&c, &s, "/api/v1/open-items").await;
        let open: Vec<(&str, &str, &str)> =
            open.as_array().unwrap().iter().map(|i| (i["kind"].as_str().unwrap(), i["number"].as_str().unwrap(), i["open"].as_str().unwrap())).collect();
        assert_eq!(open.len(), 2, "{open:?}");
        assert!(open.contains(&("invoice", "3", inv3["totals"]["gross"].as_str().unwrap())), "{open:?}");
        assert!(open.iter().any(|(k, _, o)| *k == "payment" && *o == "-50.00"), "{open:?}");

        // bad payments
        for (body, want) in [
            (json!({"invoice_no": "3", "amount": "0"}), 422),
            (json!({"invoice_no": "3", "amount": "-5"}), 422),
            (json!({"invoice_no": "3", "amount": "1.001"}), 422),
            (json!({"invoice_no": "99", "amount": "5"}), 404),
            (json!({"amount": "5"}), 422),
        ] {
            let (st, e) = post(&c, &s, "/api/v1/payments", body.clone()).await;
            assert_eq!(st, want, "{body}: {e}");
        }

        // another company sees and pays none of it
        let other = empty_company(&s).await;
        let (st, _) = get_json(&other, &s, "/api/v1/invoices/3").await;
        assert_eq!(st, 404);
        let (st, e) = post(&other, &s, "/api/v1/payments", json!({"invoice_no": "3", "amount": "10"})).await;
        assert_eq!(st, 404, "{e}");
        let (st, _) = post(&other, &s, "/api/v1/invoices/3/credit-notes", json!({})).await;
        assert_eq!(st, 404);
        let (st, _) = post(&other, &s, "/api/v1/invoices", json!({"orders": [ono]})).await;
        assert_eq!(st, 404);
        let (_, inv3_now) = get_json(&c, &s, "/api/v1/invoices/3").await;
        assert_eq!(inv3_now["open"], inv3["open"]);

        // the PDF names the KID and the account
        let r = c.get(format!("{}/api/v1/invoices/1/pdf", s.base)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let pdf = r.bytes().await.unwrap();
        if let Some(text) = pdf_text(&pdf) {
            assert!(text.contains(kid) && text.contains("1234.56.78903") && text.contains("Havnelageret AS"), "{text}");
        }
    }
}

#[tokio::test]
async fn posted_invoices_cannot_be_changed_or_deleted() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else {
            continue;
        };
        let (c, customer) = setup(&s).await;
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "lines": [{"item_no": "TAU-10", "qty": "1"}]})).await;
        assert_eq!(st, 201, "{inv}");
        let db = app::db::Db::connect(&s.url).await.unwrap();
        for sql in [
            "UPDATE invoices SET gross_minor = 1",
            "UPDATE invoices SET customer_name = 'X'",
            "DELETE FROM invoices",
            "UPDATE invoice_lines SET qty_milli = 1",
            "DELETE FROM invoice_lines",
        ] {
            let e = sqlx::query(sql).execute(&db.pool).await.expect_err(sql).to_string();
            assert!(e.contains("cannot be"), "{backend} {sql}: {e}");
        }
        // the follow-up columns may change
        sqlx::query("UPDATE invoices SET disputed = 1").execute(&db.pool).await.unwrap();
    }
}

#[tokio::test]
async fn concurrent_invoices_get_unique_gapless_numbers() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s).await;
        // on PostgreSQL through two `flyt serve` processes on the one database
        let second = if backend == "postgres" { Some(start_on(&s.url, None).await) } else { None };
        let bases: Vec<String> = std::iter::once(s.base.clone()).chain(second.iter().map(|x| x.base.clone())).collect();
        let mut tasks = Vec::new();
        for i in 0..64 {
            let (c, base, customer) = (c.clone(), bases[i % bases.len()].clone(), customer.clone());
            // every fourth refers to an unknown item: refused, and no number is used up
            let item = if i % 4 == 3 { "NOPE" } else { "KAKE" };
            tasks.push(tokio::spawn(async move {
                let r = c
                    .post(format!("{base}/api/v1/invoices"))
                    .json(&json!({"customer_no": customer, "lines": [{"item_no": item, "qty": "1"}]}))
                    .send()
                    .await
                    .unwrap();
                let st = r.status().as_u16();
                (st, r.json::<Value>().await.unwrap())
            }));
        }
        let mut numbers = Vec::new();
        for t in tasks {
            let (st, v) = t.await.unwrap();
            if st == 201 {
                numbers.push(v["number"].as_str().unwrap().parse::<i64>().unwrap());
            } else {
                assert_eq!(st, 422, "{v}");
            }
        }
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=48).collect::<Vec<_>>(), "{backend}");
    }
}

/// The conformance kit beside the clone, or None (skipped) — but CI must have it.
fn validator() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/validate_ubl.py");
    if p.exists() {
        return Some(p);
    }
    assert!(std::env::var_os("CI").is_none(), "CI is set but {} is missing", p.display());
    eprintln!("skipping the PEPPOL validation: {} not found (needs ../shared beside the clone)", p.display());
    None
}

async fn ehf(c: &reqwest::Client, s: &Server, path: &str, dir: &Path, name: &str) -> PathBuf {
    let r = c.get(format!("{}{path}", s.base)).send().await.unwrap();
    let st = r.status();
    let body = r.text().await.unwrap();
    assert_eq!(st, 200, "{path}: {body}");
    let f = dir.join(name);
    std::fs::write(&f, body).unwrap();
    f
}

/// EHF of invoices with mixed VAT rates, discounts, free-text and heading lines, a
/// VAT-exempt customer, a credit note, and a Swedish seller: 0 fatal findings.
#[tokio::test]
async fn ehf_passes_the_peppol_validator() {
    let Some(s) = start("sqlite").await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let (c, customer) = setup(&s).await;
    let lines = json!([
        {"kind": "heading", "description": "Tau & fortøyning"},
        {"item_no": "TAU-10", "qty": "3", "discount_pct": "12.5"},
        {"kind": "text", "description": "Levert til kai 3 <B>"},
        {"item_no": "KAKE", "qty": "0.125", "unit_price": "1"},
        {"item_no": "KAKE", "qty": "10"}]);
    let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "lines": lines, "note": "Takk for handelen"})).await;
    assert_eq!(st, 201, "{inv}");
    files.push(ehf(&c, &s, "/api/v1/invoices/1/ehf", dir.path(), "no-mixed.xml").await);
    let (st, cn) = post(&c, &s, "/api/v1/invoices/1/credit-notes", json!({"lines": [{"line_no": 2, "qty": "1"}], "reason": "Skadet"})).await;
    assert_eq!(st, 201, "{cn}");
    files.push(ehf(&c, &s, "/receivables/credit-notes/1/ehf", dir.path(), "no-credit.xml").await);
    // a VAT-exempt customer (an embassy) reached by its PEPPOL id
    let (st, exempt) = post(
        &c,
        &s,
        "/api/v1/customers",
        json!({"name": "Ambassade X", "org_no": "991825827", "peppol_id": "0192:991825827", "vat_exempt": "on", "vat_exempt_reason": "Diplomatic exemption"}),
    )
    .await;
    assert_eq!(st, 201, "{exempt}");
    let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": exempt["customer_no"], "lines": [{"item_no": "TAU-10", "qty": "2"}]})).await;
    assert_eq!(st, 201, "{inv}");
    assert_eq!(inv["totals"]["vat_total"], "0.00", "{inv}");
    files.push(ehf(&c, &s, &format!("/api/v1/invoices/{}/ehf", inv["number"].as_str().unwrap()), dir.path(), "no-exempt.xml").await);
    // a contract period: its delivery period as InvoicePeriod (BT-73/74)
    let k = json!({"customer_no": customer, "description": "Leie", "period": "quarter", "start_date": "2026-07-01", "end_date": "", "lines": [{"item_no": "TAU-10", "qty": "1", "unit_price": "300"}]});
    assert_eq!(post(&c, &s, "/api/v1/contracts", k).await.0, 201);
    let (st, run) = post(&c, &s, "/api/v1/contract-runs", json!({"date": "2026-08-01"})).await;
    assert_eq!(st, 200, "{run}");
    let no = run[0]["invoice_no"].as_str().unwrap();
    let (_, k_inv) = get_json(&c, &s, &format!("/api/v1/invoices/{no}")).await;
    assert_eq!((k_inv["period_from"].as_str(), k_inv["delivery_date"].as_str()), (Some("2026-07-01"), Some("2026-09-30")), "{k_inv}");
    let f = ehf(&c, &s, &format!("/api/v1/invoices/{no}/ehf"), dir.path(), "no-period.xml").await;
    assert!(std::fs::read_to_string(&f).unwrap().contains("<cac:InvoicePeriod><cbc:StartDate>2026-07-01</cbc:StartDate><cbc:EndDate>2026-09-30</cbc:EndDate>"));
    files.push(f);
    // a Swedish seller
    let (se, _) = company_in(&s, "SE", "Solberga Handel AB", "5560360793").await;
    let r = se
        .patch(format!("{}/api/v1/company", s.base))
        .json(&json!({"bank_account": "123-4567", "address_line": "Storgatan 1", "postcode": "11122", "city": "Stockholm"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    for (no, vat) in [("BOK", "S6"), ("MAT", "S12"), ("VERKTYG", "S25")] {
        let item = json!({"item_no": no, "description": format!("Vara {no}"), "unit": "st", "sales_price": "100", "purchase_price": "50", "vat_code": vat, "kind": "service", "active": "true"});
        let (st, e) = post(&se, &s, "/api/v1/items", item).await;
        assert_eq!(st, 201, "{e}");
    }
    let (st, kund) = post(&se, &s, "/api/v1/customers", json!({"name": "Kund AB", "org_no": "5560360793", "country": "SE", "city": "Malmö"})).await;
    assert_eq!(st, 201, "{kund}");
    let (st, inv) = post(&se, &s, "/api/v1/invoices", json!({"customer_no": kund["customer_no"], "lines": [{"item_no": "BOK", "qty": "2"}, {"item_no": "MAT", "qty": "1.5", "discount_pct": "5"}, {"item_no": "VERKTYG", "qty": "1"}]})).await;
    assert_eq!(st, 201, "{inv}");
    files.push(ehf(&se, &s, "/api/v1/invoices/1/ehf", dir.path(), "se-mixed.xml").await);

    let Some(v) = validator() else { return };
    let out = std::process::Command::new("python3").arg(&v).args(&files).output().expect("python3");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        for f in &files {
            eprintln!("==== {}\n{}", f.display(), std::fs::read_to_string(f).unwrap());
        }
    }
    assert!(out.status.success(), "PEPPOL validator:\n{report}");
    eprintln!("{report}");
    for f in &files {
        assert!(report.contains(&format!("{}: fatal=0 ", f.display())), "{} not validated:\n{report}", f.display());
    }
}

async fn upload(c: &reqwest::Client, s: &Server, name: &str, body: Vec<u8>) -> (u16, Value) {
    let r = c.post(format!("{}/api/v1/bank-files?name={name}", s.base)).body(body).send().await.unwrap();
    let st = r.status().as_u16();
    (st, r.json().await.unwrap_or(Value::Null))
}

fn camt(entries: &[(&str, &str, &str)]) -> String {
    let ntry: String = entries
        .iter()
        .map(|(amount, kid, text)| {
            let rmt = if kid.is_empty() { format!("<Ustrd>{text}</Ustrd>") } else { format!("<Strd><CdtrRefInf><Ref>{kid}</Ref></CdtrRefInf></Strd>") };
            format!("<Ntry><Amt Ccy=\"NOK\">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-26</Dt></BookgDt><NtryDtls><TxDtls><RmtInf>{rmt}</RmtInf></TxDtls></NtryDtls></Ntry>")
        })
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt><Id>1</Id>{ntry}</Stmt></BkToCstmrStmt></Document>")
}

#[tokio::test]
async fn bank_files_pay_invoices_by_kid_and_by_number() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s).await;
        let mut kids = Vec::new();
        for _ in 0..3 {
            let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "lines": [{"item_no": "KAKE", "qty": "4"}]})).await;
            assert_eq!(st, 201, "{inv}");
            assert_eq!(inv["totals"]["gross"], "163.30"); // 4 × 35.50 = 142 + 15 % = 163.30
            kids.push(inv["kid"].as_str().unwrap().to_string());
        }
        // OCR: invoice 1 in full and invoice 2 in part by KID; an unknown KID stays unmatched
        let ocr = app::receivables::bankfile::write_ocr(&[(16330, &kids[0]), (10000, &kids[1]), (5000, "999999999999999")], "261126");
        let (st, r) = upload(&c, &s, "ocr.txt", ocr.clone().into_bytes()).await;
        assert_eq!(st, 201, "{backend}: {r}");
        assert_eq!((r["format"].as_str(), r["lines"].as_i64()), (Some("ocr"), Some(3)));
        let paid: Vec<&str> = r["matched"].as_array().unwrap().iter().map(|m| m["invoice_no"].as_str().unwrap()).collect();
        assert_eq!(paid, vec!["1", "2"]);
        assert_eq!(r["unmatched"].as_array().unwrap().len(), 1);
        // the same file again changes nothing
        let (st, e) = upload(&c, &s, "ocr-again.txt", ocr.into_bytes()).await;
        assert_eq!(st, 409, "{e}");
        assert!(e["error"].as_str().unwrap().contains("imported before"), "{e}");
        let (_, inv2) = get_json(&c, &s, "/api/v1/invoices/2").await;
        assert_eq!(inv2["open"], "63.30");

        // camt.053: invoice 3 by amount and its number in the text; a text naming it with the wrong amount stays unmatched
        let file = camt(&[("163.30", "", "Faktura 3 takk"), ("12.00", "", "faktura 3")]);
        let (st, r) = upload(&c, &s, "camt.xml", file.into_bytes()).await;
        assert_eq!(st, 201, "{backend}: {r}");
        assert_eq!(r["matched"][0]["invoice_no"], "3");
        assert_eq!(r["unmatched"].as_array().unwrap().len(), 1);
        let (_, inv3) = get_json(&c, &s, "/api/v1/invoices/3").await;
        assert_eq!(inv3["status"], "settled");

        // bad files: truncated, another encoding, another format — nothing written
        let before = get_json(&c, &s, "/api/v1/bank-lines/unmatched").await.1.as_array().unwrap().len();
        assert_eq!(before, 2);
        let full = app::receivables::bankfile::write_ocr(&[(100, &kids[1])], "261126");
        let truncated = full.lines().take(3).collect::<Vec<_>>().join("\n");
        let latin1: Vec<u8> = camt(&[("1.00", "", "Ærlig")]).chars().map(|ch| ch as u32 as u8).collect();
        for (body, want) in
            [(truncated.into_bytes(), "truncated"), (latin1, "not UTF-8"), (b"Dato;Belop\n2026-11-01;100\n".to_vec(), "Not a bank file"), (Vec::new(), "empty")]
        {
            let (st, e) = upload(&c, &s, "bad", body).await;
            assert_eq!(st, 422, "{e}");
            assert!(e["error"].as_str().unwrap().contains(want), "{want}: {e}");
        }
        let (_, inv2_now) = get_json(&c, &s, "/api/v1/invoices/2").await;
        assert_eq!(inv2_now["open"], "63.30");

        // the unmatched 50.00 is matched by hand to invoice 2
        let (_, lines) = get_json(&c, &s, "/api/v1/bank-lines/unmatched").await;
        let line = lines.as_array().unwrap().iter().find(|l| l["amount"] == "50.00").unwrap();
        let (st, p) = post(&c, &s, &format!("/api/v1/bank-lines/{}/match", line["id"]), json!({"invoice_no": "2"})).await;
        assert_eq!(st, 201, "{p}");
        assert_eq!(p["invoice_open"], "13.30");
        let (st, _) = post(&c, &s, &format!("/api/v1/bank-lines/{}/match", line["id"]), json!({"invoice_no": "2"})).await;
        assert_eq!(st, 404, "a matched line is no longer waiting");

        // another company: the same KIDs mean nothing there, its lines stay unmatched
        let other = empty_company(&s).await;
        let ocr = app::receivables::bankfile::write_ocr(&[(1330, &kids[1])], "271126");
        let (st, r) = upload(&other, &s, "x.txt", ocr.into_bytes()).await;
        assert_eq!(st, 201, "{r}");
        assert_eq!(r["matched"].as_array().unwrap().len(), 0);
        let (st, _) = post(&other, &s, &format!("/api/v1/bank-lines/{}/match", r["unmatched"][0]["id"]), json!({"invoice_no": "2"})).await;
        assert_eq!(st, 404);
        let (_, inv2_now) = get_json(&c, &s, "/api/v1/invoices/2").await;
        assert_eq!(inv2_now["open"], "13.30");

        // camt.053 entries that are not booked payments are kept, not dropped: a returned
        // payment (RvslInd) and a pending one (status PDNG) wait on the bank page and pay
        // nothing, even with the open amount and the invoice number in the text
        let kept = camt(&[("13.30", "", "Faktura 2")])
            .replace("<CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>", "<CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>")
            .replace("</Stmt>", "<Ntry><Amt Ccy=\"NOK\">163.30</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-27</Dt></BookgDt><NtryDtls><TxDtls><RmtInf><Ustrd>Retur faktura 3</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt>");
        let (st, r) = upload(&c, &s, "kept.xml", kept.into_bytes()).await;
        assert_eq!(st, 201, "{backend}: {r}");
        assert_eq!(r["lines"], 2, "{backend}: {r}");
        assert_eq!(r["matched"].as_array().unwrap().len(), 0, "{backend}: {r}");
        let kinds: Vec<&str> = r["unmatched"].as_array().unwrap().iter().map(|u| u["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, vec!["pending", "returned"], "{backend}: {r}");
        let (_, waiting) = get_json(&c, &s, "/api/v1/bank-lines/unmatched").await;
        let pending = waiting.as_array().unwrap().iter().find(|l| l["kind"] == "pending").unwrap();
        let (st, e) = post(&c, &s, &format!("/api/v1/bank-lines/{}/match", pending["id"]), json!({"invoice_no": "2"})).await;
        assert_eq!(st, 422, "{backend}: {e}");
        assert!(e["error"].as_str().unwrap().contains("cannot pay an invoice"), "{e}");
        let (_, inv2_now) = get_json(&c, &s, "/api/v1/invoices/2").await;
        assert_eq!(inv2_now["open"], "13.30", "{backend}: untouched");
    }
}

#[tokio::test]
async fn reminder_runs_remind_only_the_right_invoices() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s).await;
        let (st, quiet) =
            post(&c, &s, "/api/v1/customers", json!({"name": "Stille Kunde AS", "org_no": "991825827", "no_reminders": "on", "payment_terms": "NET14"})).await;
        assert_eq!(st, 201, "{quiet}");
        let (st, paper) =
            post(&c, &s, "/api/v1/customers", json!({"name": "Papir og Penn AS", "org_no": "123456785", "payment_terms": "NET14", "confirm_duplicate": true}))
                .await;
        assert_eq!(st, 201, "{paper}");
        let invoice = |cust: Value, date: &str| json!({"customer_no": cust, "invoice_date": date, "lines": [{"item_no": "KAKE", "qty": "2"}]});
        // 1: overdue, e-mail; 2: customer without reminders; 3: disputed; 4: not yet due; 5: overdue, to print
        for (cust, date) in [
            (json!(customer), "2026-09-01"),
            (quiet["customer_no"].clone(), "2026-09-01"),
            (json!(customer), "2026-09-01"),
            (json!(customer), "2026-11-30"),
            (paper["customer_no"].clone(), "2026-09-01"),
        ] {
            let (st, inv) = post(&c, &s, "/api/v1/invoices", invoice(cust, date)).await;
            assert_eq!(st, 201, "{inv}");
        }
        let (st, _) = post(&c, &s, "/api/v1/invoices/3/dispute", json!({"disputed": true})).await;
        assert_eq!(st, 200);
        // due 2026-09-15; reminders every 14 days (the default)
        let run = |date: &str, preview: bool| json!({"date": date, "preview": preview});
        let (st, r) = post(&c, &s, "/api/v1/reminder-runs", run("2026-09-28", false)).await;
        assert_eq!((st, r.as_array().unwrap().len()), (200, 0), "13 days overdue: too early: {r}");
        let (st, r) = post(&c, &s, "/api/v1/reminder-runs", run("2026-09-29", true)).await;
        assert_eq!(st, 200, "{r}");
        let picked: Vec<(&str, i64, &str)> =
            r.as_array().unwrap().iter().map(|x| (x["invoice_no"].as_str().unwrap(), x["level"].as_i64().unwrap(), x["channel"].as_str().unwrap())).collect();
        assert_eq!(picked, vec![("1", 1, "email"), ("5", 1, "print")]);
        // a preview sends nothing: the same run again proposes the same
        let (_, again) = post(&c, &s, "/api/v1/reminder-runs", run("2026-09-29", true)).await;
        assert_eq!(again, r);
        let (_, sent) = post(&c, &s, "/api/v1/reminder-runs", run("2026-09-29", false)).await;
        assert_eq!(sent.as_array().unwrap().len(), 2);
        let (_, none) = post(&c, &s, "/api/v1/reminder-runs", run("2026-10-05", false)).await;
        assert_eq!(none.as_array().unwrap().len(), 0, "not again before 14 days: {none}");
        // invoice 5 is paid meanwhile: no second reminder for it
        assert_eq!(post(&c, &s, "/api/v1/payments", json!({"invoice_no": "5", "amount": "81.65"})).await.0, 201);
        let (_, second) = post(&c, &s, "/api/v1/reminder-runs", run("2026-10-13", false)).await;
        let picked: Vec<(&str, i64)> = second.as_array().unwrap().iter().map(|x| (x["invoice_no"].as_str().unwrap(), x["level"].as_i64().unwrap())).collect();
        assert_eq!(picked, vec![("1", 2)]);
        let (_, notice) = post(&c, &s, "/api/v1/reminder-runs", run("2026-10-27", false)).await;
        assert_eq!((notice[0]["level"].as_i64(), notice[0]["deadline"].as_str()), (Some(3), Some("2026-11-10")), "{notice}");
        let (_, after) = post(&c, &s, "/api/v1/reminder-runs", run("2026-12-20", false)).await;
        assert_eq!(after.as_array().unwrap().len(), 0, "nothing after the notice: {after}");
        // logged on the invoice, with the notice's PDF
        let (_, log) = get_json(&c, &s, "/api/v1/invoices/1/reminders").await;
        assert_eq!(log.as_array().unwrap().iter().map(|x| x["level"].as_i64().unwrap()).collect::<Vec<_>>(), vec![1, 2, 3]);
        let (_, inv1) = get_json(&c, &s, "/api/v1/invoices/1").await;
        assert_eq!(inv1["reminder_level"], 3);
        let pdf = c.get(format!("{}/receivables/invoices/1/reminder.pdf", s.base)).send().await.unwrap().bytes().await.unwrap();
        if let Some(text) = pdf_text(&pdf) {
            // dates in the document's language (nb)
            assert!(text.contains("Inkassovarsel") && text.contains("10.11.2026") && text.contains(inv1["kid"].as_str().unwrap()), "{text}");
        }
        // no SMTP set up here: the reminders are printed, nothing waits in the outbox
        let (_, other) = get_json(&empty_company(&s).await, &s, "/api/v1/invoices/1/reminders").await;
        assert_eq!(other.as_array().map(|a| a.len()), Some(0), "another company sees none");
    }
}

/// Confirmed orders of one hour of service (SERV) each, delivered; answers their numbers.
async fn delivered_orders(c: &reqwest::Client, s: &Server, customer: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..n {
        let (st, o) = post(c, s, "/api/v1/orders", json!({"customer_no": customer, "confirm": true, "lines": [{"item_no": "SERV", "qty": "1"}]})).await;
        assert_eq!(st, 201, "{o}");
        let no = o["number"].as_str().unwrap().to_string();
        assert_eq!(post(c, s, &format!("/api/v1/orders/{no}/deliveries"), json!({"lines": [{"line_no": 1, "qty": "1"}]})).await.0, 201);
        out.push(no);
    }
    out
}

#[tokio::test]
async fn an_invoicing_run_groups_collective_customers_and_survives_a_crash() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, single) = setup(&s).await;
        let (st, coll) = post(
            &c,
            &s,
            "/api/v1/customers",
            json!({"name": "Samlefaktura AS", "org_no": "991825827", "collective_invoicing": "on", "payment_terms": "NET14"}),
        )
        .await;
        assert_eq!(st, 201, "{coll}");
        let collective = coll["customer_no"].as_str().unwrap().to_string();
        let service = json!({"item_no": "SERV", "description": "Service, time", "unit": "t", "sales_price": "800", "purchase_price": "0", "vat_code": "S25", "kind": "service", "active": "true"});
        assert_eq!(post(&c, &s, "/api/v1/items", service).await.0, 201);
        delivered_orders(&c, &s, &single, 2).await;
        let theirs = delivered_orders(&c, &s, &collective, 3).await;
        let (st, preview) = post(&c, &s, "/api/v1/invoice-runs", json!({"preview": true})).await;
        assert_eq!(st, 200, "{preview}");
        let groups: Vec<usize> = preview.as_array().unwrap().iter().map(|g| g["orders"].as_array().unwrap().len()).collect();
        assert_eq!(groups, vec![1, 1, 3], "one invoice per order, one for the collective customer");
        let (_, ran) = post(&c, &s, "/api/v1/invoice-runs", json!({"date": "2026-11-30", "customers": [collective]})).await;
        let no = ran[0]["invoice_no"].as_str().unwrap();
        let (_, inv) = get_json(&c, &s, &format!("/api/v1/invoices/{no}")).await;
        let headings: Vec<&str> =
            inv["lines"].as_array().unwrap().iter().filter(|l| l["kind"] == "heading").map(|l| l["description"].as_str().unwrap()).collect();
        assert_eq!(headings.len(), 3, "grouped by order: {headings:?}");
        assert!(headings[0].starts_with(&format!("Order {}", theirs[0])), "{headings:?}");
        assert_eq!(inv["order_refs"], theirs.join(", "));

        // a larger run, killed (SIGKILL) once it has posted a few invoices, then run again
        delivered_orders(&c, &s, &single, 150).await;
        let watch = app::db::Db::connect(&s.url).await.unwrap();
        let count = || async { sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM invoices").fetch_one(&watch.pool).await.unwrap() };
        let before = count().await;
        let base = s.base.clone();
        let c2 = c.clone();
        let runner = tokio::spawn(async move { c2.post(format!("{base}/api/v1/invoice-runs")).json(&json!({})).send().await.map(|r| r.status().as_u16()) });
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while count().await < before + 10 {
            assert!(std::time::Instant::now() < deadline, "the run did not start");
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
        let s = s.crash_and_restart().await;
        assert!(runner.await.unwrap().is_err(), "the run was cut off");
        drop(watch);
        let c = login_again(&s, &c).await;
        let (_, left) = post(&c, &s, "/api/v1/invoice-runs", json!({"preview": true})).await;
        let left = left.as_array().unwrap().len();
        eprintln!("{backend}: {left} of 150 invoices left after the crash");
        assert!(left > 0 && left < 150, "the crash came in the middle of the run ({left} left)");
        let (st, rerun) = post(&c, &s, "/api/v1/invoice-runs", json!({})).await;
        assert_eq!(st, 200, "{rerun}");
        assert!(rerun.as_array().unwrap().iter().all(|g| g["error"] == ""), "{rerun}");
        let (_, left) = post(&c, &s, "/api/v1/invoice-runs", json!({"preview": true})).await;
        assert_eq!(left.as_array().unwrap().len(), 0, "everything invoiced: {left}");
        // numbers 1..n without a gap or a duplicate, every invoice whole, every order invoiced once
        let db = app::db::Db::connect(&s.url).await.unwrap();
        let company: i64 = sqlx::query_scalar("SELECT company_id FROM invoices ORDER BY id DESC LIMIT 1").fetch_one(&db.pool).await.unwrap();
        let numbers: Vec<String> =
            sqlx::query_scalar("SELECT invoice_no FROM invoices WHERE company_id = $1 AND kind = 'invoice'").bind(company).fetch_all(&db.pool).await.unwrap();
        let mut numbers: Vec<i64> = numbers.iter().map(|n| n.parse().unwrap()).collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=numbers.len() as i64).collect::<Vec<_>>(), "{backend}");
        assert_eq!(numbers.len(), 2 + 1 + 150, "{backend}");
        let broken: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM invoices i WHERE i.company_id = $1 AND i.net_minor <> (SELECT COALESCE(SUM(l.net_minor), 0) FROM invoice_lines l WHERE l.company_id = i.company_id AND l.invoice_id = i.id)",
        )
        .bind(company)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(broken, 0, "no half-posted invoice");
        let wrong: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM order_lines o WHERE o.company_id = $1 AND o.invoiced_milli <> (SELECT COALESCE(SUM(l.qty_milli), 0) FROM invoice_lines l WHERE l.company_id = o.company_id AND l.order_line_id = o.id)",
        )
        .bind(company)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(wrong, 0, "invoiced quantities = invoice lines");
    }
}

/// A session survives a restart (it is in the database); the same client goes on.
async fn login_again(_s: &Server, c: &reqwest::Client) -> reqwest::Client {
    c.clone()
}

/// A one-request HTTP endpoint standing in for an access point: answers what it received.
async fn access_point() -> (String, tokio::task::JoinHandle<String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/inbox", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 65536];
        loop {
            let n = sock.read(&mut buf).await.unwrap();
            got.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&got).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let len: usize = head.lines().find_map(|l| l.to_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap())).unwrap_or(0);
                if body.len() >= len {
                    sock.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").await.unwrap();
                    return body.to_string();
                }
            }
            if n == 0 {
                return text;
            }
        }
    });
    (url, task)
}

#[tokio::test]
async fn invoices_go_out_by_the_customers_channel() {
    let Some(s) = start("sqlite").await else { return };
    let (c, email_customer) = setup(&s).await;
    let (st, ehf_customer) = post(&c, &s, "/api/v1/customers", json!({"name": "Kommune X", "org_no": "991825827", "peppol_id": "0192:991825827"})).await;
    assert_eq!(st, 201, "{ehf_customer}");
    let (st, paper) = post(&c, &s, "/api/v1/customers", json!({"name": "Papirkunden AS", "org_no": "123456785", "confirm_duplicate": true})).await;
    assert_eq!(st, 201, "{paper}");
    for cust in [json!(email_customer), ehf_customer["customer_no"].clone(), paper["customer_no"].clone()] {
        assert_eq!(post(&c, &s, "/api/v1/invoices", json!({"customer_no": cust, "lines": [{"item_no": "KAKE", "qty": "1"}]})).await.0, 201);
    }
    // by e-mail: refused while no mail server is set up (nothing pretends to be sent)
    let (st, e) = post(&c, &s, "/api/v1/invoices/1/send", json!({})).await;
    assert_eq!(st, 422, "{e}");
    assert!(e["error"].as_str().unwrap().contains("E-mail is not set up"), "{e}");
    let port = free_port().to_string();
    let (ok, e) = server_fn(
        &c,
        &s,
        "outbox/smtp/save",
        &[("host", "127.0.0.1"), ("port", &port), ("security", "none"), ("user", ""), ("password", ""), ("from", "faktura@tomt.test")],
    )
    .await;
    assert!(ok, "{e}");
    let (st, sent) = post(&c, &s, "/api/v1/invoices/1/send", json!({})).await;
    assert_eq!((st, sent["channel"].as_str(), sent["target"].as_str()), (200, Some("email"), Some("faktura@havn.test")), "{sent}");
    // EHF without an outbox set: a clear message
    let (st, e) = post(&c, &s, "/api/v1/invoices/2/send", json!({})).await;
    assert_eq!(st, 422, "{e}");
    assert!(e["error"].as_str().unwrap().contains("EHF outbox"), "{e}");
    // to a directory the access point reads
    let dir = tempfile::tempdir().unwrap();
    let form = [
        ("kid_method", "mod10"),
        ("kid_length", "15"),
        ("reminder_fee", "0"),
        ("reminder_days", "14"),
        ("writeoff_limit", "0"),
        ("ehf_outbox", dir.path().to_str().unwrap()),
    ];
    let (ok, e) = server_fn(&c, &s, "invoicing/settings/save", &form).await;
    assert!(ok, "{e}");
    let (st, sent) = post(&c, &s, "/api/v1/invoices/2/send", json!({})).await;
    assert_eq!((st, sent["channel"].as_str()), (200, Some("ehf")), "{sent}");
    let file = std::fs::read_to_string(sent["target"].as_str().unwrap()).unwrap();
    assert!(file.contains("<cbc:EndpointID schemeID=\"0192\">991825827</cbc:EndpointID>"), "{file}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no half-written file left beside it");
    // to an HTTP endpoint
    let (url, got) = access_point().await;
    let form =
        [("kid_method", "mod10"), ("kid_length", "15"), ("reminder_fee", "0"), ("reminder_days", "14"), ("writeoff_limit", "0"), ("ehf_outbox", url.as_str())];
    assert!(server_fn(&c, &s, "invoicing/settings/save", &form).await.0);
    let (st, sent) = post(&c, &s, "/api/v1/invoices/2/send", json!({})).await;
    assert_eq!((st, sent["target"].as_str()), (200, Some(url.as_str())), "{sent}");
    assert!(got.await.unwrap().contains("<Invoice "), "the endpoint received the EHF");
    let (st, sent) = post(&c, &s, "/api/v1/invoices/3/send", json!({})).await;
    assert_eq!((st, sent["channel"].as_str()), (200, Some("print")));
    let (_, inv) = get_json(&c, &s, "/api/v1/invoices/2").await;
    assert_eq!(inv["sent_via"], "ehf");
    // bad settings are refused
    let form = [("kid_method", "mod12"), ("kid_length", "15"), ("reminder_fee", "0"), ("reminder_days", "14"), ("writeoff_limit", "0"), ("ehf_outbox", "")];
    let (ok, e) = server_fn(&c, &s, "invoicing/settings/save", &form).await;
    assert!(!ok && e.to_string().contains("Unknown KID method"), "{e}");
}

#[tokio::test]
async fn a_customer_statement_runs_a_balance_over_a_period() {
    let Some(s) = start("sqlite").await else { return };
    let (c, customer) = setup(&s).await;
    for date in ["2025-06-01", "2026-11-02"] {
        assert_eq!(
            post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "invoice_date": date, "lines": [{"item_no": "KAKE", "qty": "10"}]})).await.0,
            201
        );
    }
    // 10 × 35.50 + 15 % = 408.25 each; 400 paid on the first (8.25 left)
    assert_eq!(post(&c, &s, "/api/v1/payments", json!({"invoice_no": "1", "amount": "400", "date": "2025-07-01"})).await.0, 201);
    let (ok, all) = server_fn(&c, &s, "receivables/statement", &[("customer_no", &customer), ("period", "all")]).await;
    assert!(ok, "{all}");
    assert_eq!(all["lines"].as_array().unwrap().len(), 3);
    assert_eq!((all["opening"].as_str(), all["closing"].as_str()), (Some("0"), Some("416.50")), "{all}");
    let (_, last_year) = server_fn(&c, &s, "receivables/statement", &[("customer_no", &customer), ("period", "last_year")]).await;
    assert_eq!(last_year["lines"].as_array().unwrap().len(), 2, "{last_year}");
    assert_eq!(last_year["closing"], "8.25");
    let (_, month) = server_fn(&c, &s, "receivables/statement", &[("customer_no", &customer), ("period", "last_3_months")]).await;
    assert_eq!((month["opening"].as_str(), month["lines"].as_array().unwrap().len()), (Some("8.25"), 1), "{month}");
    let (ok, e) = server_fn(&c, &s, "receivables/statement", &[("customer_no", &customer), ("period", "forever")]).await;
    assert!(!ok && e.to_string().contains("Unknown period"), "{e}");
    let (ok, _) = server_fn(&empty_company(&s).await, &s, "receivables/statement", &[("customer_no", &customer), ("period", "all")]).await;
    assert!(!ok, "another company has no such customer");
    let r = c.get(format!("{}/receivables/statement/{customer}/all/pdf", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    if let Some(text) = pdf_text(&r.bytes().await.unwrap()) {
        assert!(text.contains("Kontoutskrift") && text.contains("416,50"), "{text}");
    }
}

#[tokio::test]
async fn contracts_invoice_each_period_once() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s).await;
        let service = json!({"item_no": "DRIFT", "description": "Drift og vedlikehold", "unit": "stk", "sales_price": "1000", "purchase_price": "0", "vat_code": "S25", "kind": "service", "active": "true"});
        assert_eq!(post(&c, &s, "/api/v1/items", service).await.0, 201);
        let contract = |period: &str, start: &str, end: &str| json!({"customer_no": customer, "description": "Driftsavtale", "period": period, "start_date": start, "end_date": end, "lines": [{"item_no": "DRIFT", "qty": "2", "unit_price": "750"}]});
        let (st, monthly) = post(&c, &s, "/api/v1/contracts", contract("month", "2026-09-01", "")).await;
        assert_eq!(st, 201, "{monthly}");
        let (st, ended) = post(&c, &s, "/api/v1/contracts", contract("quarter", "2026-04-01", "2026-09-30")).await;
        assert_eq!(st, 201, "{ended}");
        for (bad, want) in
            [(contract("week", "2026-01-01", ""), "use month, quarter or year"), (contract("month", "2026-05-01", "2026-04-01"), "ends before it starts")]
        {
            let (st, e) = post(&c, &s, "/api/v1/contracts", bad).await;
            assert_eq!(st, 422, "{e}");
            assert!(e["error"].as_str().unwrap().contains(want), "{e}");
        }
        let (st, run) = post(&c, &s, "/api/v1/contract-runs", json!({"date": "2026-11-15"})).await;
        assert_eq!(st, 200, "{run}");
        let periods: Vec<(i64, &str)> =
            run.as_array().unwrap().iter().map(|r| (r["contract_id"].as_i64().unwrap(), r["period_start"].as_str().unwrap())).collect();
        let (m, q) = (monthly["id"].as_i64().unwrap(), ended["id"].as_i64().unwrap());
        assert_eq!(periods, vec![(m, "2026-09-01"), (m, "2026-10-01"), (m, "2026-11-01"), (q, "2026-04-01"), (q, "2026-07-01")], "{run}");
        assert!(run.as_array().unwrap().iter().all(|r| r["error"] == "" && r["invoice_no"] != ""), "{run}");
        // 2 × 750 + 25 % = 1 875 per period
        let (_, inv) = get_json(&c, &s, &format!("/api/v1/invoices/{}", run[0]["invoice_no"].as_str().unwrap())).await;
        assert_eq!(inv["totals"]["gross"], "1875.00");
        assert!(inv["note"].as_str().unwrap().contains("2026-09-01 – 2026-09-30"), "{inv}");
        // again: nothing twice; a month later: the next month only
        let (_, again) = post(&c, &s, "/api/v1/contract-runs", json!({"date": "2026-11-30"})).await;
        assert_eq!(again.as_array().unwrap().len(), 0, "{again}");
        let (_, dec) = post(&c, &s, "/api/v1/contract-runs", json!({"date": "2026-12-01"})).await;
        assert_eq!(dec.as_array().unwrap().iter().map(|r| r["period_start"].as_str().unwrap()).collect::<Vec<_>>(), vec!["2026-12-01"]);
        let (_, list) = get_json(&c, &s, "/api/v1/contracts").await;
        assert_eq!(list[0]["next_date"], "2027-01-01");
        // paused: runs skip it; resumed: it catches up; ended: nothing after the end
        let patch = |body: Value| {
            let (c, url) = (c.clone(), format!("{}/api/v1/contracts/{m}", s.base));
            async move {
                let r = c.patch(url).json(&body).send().await.unwrap();
                (r.status().as_u16(), r.json::<Value>().await.unwrap_or(Value::Null))
            }
        };
        assert_eq!(patch(json!({"active": false})).await.0, 200);
        let (_, paused) = post(&c, &s, "/api/v1/contract-runs", json!({"date": "2027-02-01"})).await;
        assert_eq!(paused.as_array().unwrap().len(), 0, "{paused}");
        let (st, e) = patch(json!({"end_date": "2026-01-01"})).await;
        assert_eq!(st, 422, "{e}");
        let (st, k) = patch(json!({"active": true, "end_date": "2027-01-31"})).await;
        assert_eq!((st, k["end_date"].as_str()), (200, Some("2027-01-31")), "{k}");
        let (_, resumed) = post(&c, &s, "/api/v1/contract-runs", json!({"date": "2027-03-01"})).await;
        assert_eq!(resumed.as_array().unwrap().iter().map(|r| r["period_start"].as_str().unwrap()).collect::<Vec<_>>(), vec!["2027-01-01"], "{resumed}");
        // another company sees none of them and changes none
        let other = empty_company(&s).await;
        let (_, list) = get_json(&other, &s, "/api/v1/contracts").await;
        assert_eq!(list.as_array().map(|a| a.len()), Some(0));
        let r = other.patch(format!("{}/api/v1/contracts/{m}", s.base)).json(&json!({"active": false})).send().await.unwrap();
        assert_eq!(r.status(), 404);
    }
}
