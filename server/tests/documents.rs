//! The documents a customer, a supplier or an auditor reads, on SQLite and PostgreSQL,
//! read back from the PDF as text (pdftotext, poppler-utils): every item the
//! Norwegian bookkeeping regulation (bokføringsforskriften § 5-1-1) and the Swedish
//! VAT act (mervärdesskattelagen 17 kap. 24 §) ask of an invoice; the credit note,
//! statement and purchase order each in their own words; dates in the document's
//! language; and no text cut, however long.
mod common;

use common::*;
use serde_json::{json, Value};

const LONG: &str = "Montering av 24 stk. kjøkkenskap med benkeplate i heltre eik, inkludert frakt til Tromsø, bortkjøring av emballasje og justering av dører etter tre måneder";

/// A company of `country` with a bank account and address, a stock item with a long
/// description, and a customer; answers the client and the customer number.
async fn setup(s: &Server, country: &str, org_no: &str, lang: &str) -> (reqwest::Client, String) {
    let (c, _) = company_in(s, country, "Fjord Handel AS", org_no).await;
    let account = if country == "SE" { "5050-1055" } else { "1234.56.78903" };
    let r = c
        .patch(format!("{}/api/v1/company", s.base))
        .json(&json!({"bank_account": account, "address_line": "Kaigaten 1", "postcode": "5015", "city": "Bergen"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let item = json!({"item_no": "SKAP-24", "description": LONG, "unit": if country == "SE" { "st" } else { "stk" }, "sales_price": "1249", "purchase_price": "600", "vat_code": "S25", "active": "true"});
    let (st, e) = post(&c, s, "/api/v1/items", item).await;
    assert_eq!(st, 201, "{e}");
    let (st, e) = post(&c, s, "/api/v1/stock/adjustments", json!({"item_no": "SKAP-24", "warehouse": "MAIN", "qty": "50", "reason": "opening_balance"})).await;
    assert_eq!(st, 204, "{e}");
    let customer = json!({"name": "Havnelageret AS", "org_no": if country == "SE" { "5560360793" } else { "988077917" }, "address_line": "Bryggen 2", "postcode": "5003", "city": "Bergen", "doc_lang": lang, "payment_terms": "NET14"});
    let (st, cust) = post(&c, s, "/api/v1/customers", customer).await;
    assert_eq!(st, 201, "{cust}");
    (c, cust["customer_no"].as_str().unwrap().to_string())
}

async fn pdf(c: &reqwest::Client, s: &Server, path: &str) -> Option<String> {
    let r = c.get(format!("{}{path}", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{path}");
    pdf_text(&bytes)
}

/// The words of a text, so a check does not depend on where a line wrapped.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every word of `needle` is on the page, in order, whatever wrapped.
fn has_all_words(text: &str, needle: &str) -> bool {
    let page: Vec<&str> = text.split_whitespace().collect();
    let mut at = 0;
    for w in needle.split_whitespace() {
        match page[at..].iter().position(|p| *p == w) {
            Some(i) => at += i + 1,
            None => return false,
        }
    }
    true
}

/// An order of 2 SKAP-24, confirmed and delivered; answers the invoice posted from it.
async fn invoiced(c: &reqwest::Client, s: &Server, customer: &str, date: &str) -> Value {
    let (st, o) = post(
        c,
        s,
        "/api/v1/orders",
        json!({"customer_no": customer, "your_ref": "Kari Nordmann", "confirm": true, "lines": [{"item_no": "SKAP-24", "qty": "2"}]}),
    )
    .await;
    assert_eq!(st, 201, "{o}");
    let no = o["number"].as_str().unwrap();
    let (st, d) = post(c, s, &format!("/api/v1/orders/{no}/deliveries"), json!({"lines": [{"line_no": 1, "qty": "2"}]})).await;
    assert_eq!(st, 201, "{d}");
    let (st, inv) = post(c, s, "/api/v1/invoices", json!({"orders": [no], "invoice_date": date})).await;
    assert_eq!(st, 201, "{inv}");
    inv
}

#[tokio::test]
async fn a_norwegian_invoice_shows_every_mandatory_item() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s, "NO", "984099509", "nb").await;
        let inv = invoiced(&c, &s, &customer, "2026-11-20").await;
        assert!(!inv["delivery_date"].as_str().unwrap().is_empty(), "{backend}: the delivery date is recorded: {inv}");
        let delivered = inv["delivery_date"].as_str().unwrap();
        let delivered_nb = format!("{}.{}.{}", &delivered[8..10], &delivered[5..7], &delivered[0..4]);
        let Some(text) = pdf(&c, &s, "/api/v1/invoices/1/pdf").await else { continue };
        let flat = words(&text);
        let kid = inv["kid"].as_str().unwrap();
        for (what, needle) in [
            ("1 number", "Faktura 1"),
            ("1 date", "Fakturadato 20.11.2026"),
            ("2 seller and org no with MVA", "Org.nr. 984 099 509 MVA"),
            ("2 Foretaksregisteret", "Foretaksregisteret"),
            ("2 seller's address", "Kaigaten 1"),
            ("3 buyer", "Havnelageret AS"),
            ("3 buyer's address", "5003 Bergen"),
            ("4 quantity", "2 stk"),
            ("5 delivery date", &format!("Leveringsdato {delivered_nb}")),
            ("6 unit price", "1 249,00"),
            ("6 line amount", "2 498,00"),
            ("6 VAT rate and base", "MVA 25 % av 2 498,00"),
            ("6 VAT amount", "624,50"),
            ("6 total", "3 122,50"),
            ("6 due date", "Forfallsdato 04.12.2026"),
            ("payment: KID", kid),
            ("payment: account", "1234.56.78903"),
            ("your reference", "Kari Nordmann"),
        ] {
            assert!(flat.contains(needle), "{backend}: {what}: '{needle}' missing in\n{text}");
        }
        assert!(has_all_words(&text, LONG), "{backend}: the long description is wrapped, not cut:\n{text}");
        assert!(!text.contains('…'), "{backend}: nothing is cut");
        assert!(!flat.contains("2026-11-20"), "{backend}: dates in the document's language");

        // the credit note: its own title and date label, the reason in its language,
        // the invoice it credits, and it is not "paid"
        let (st, cn) = post(&c, &s, "/api/v1/invoices/1/credit-notes", json!({"reason": "Feil farge på dørene", "date": "2026-11-25"})).await;
        assert_eq!(st, 201, "{backend}: {cn}");
        let cno = cn["number"].as_str().unwrap();
        let Some(text) = pdf(&c, &s, &format!("/receivables/credit-notes/{cno}/pdf")).await else { continue };
        let flat = words(&text);
        for needle in [
            &format!("Kreditnota {cno}") as &str,
            "Kreditnotadato 25.11.2026",
            "Kreditering av faktura 1",
            "Årsak",
            "Feil farge på dørene",
            "Org.nr. 984 099 509 MVA",
        ] {
            assert!(flat.contains(needle), "{backend}: '{needle}' missing in credit note\n{text}");
        }
        for wrong in ["Credit of invoice", "Fakturadato", "Betalt", "KID"] {
            assert!(!flat.contains(wrong), "{backend}: '{wrong}' on a credit note\n{text}");
        }
        let page = c.get(format!("{}/receivables/credit-notes/{cno}", s.base)).send().await.unwrap().text().await.unwrap();
        let status =
            page.split("data-testid=\"invoice-status\"").nth(1).and_then(|r| r.split('>').nth(1)).and_then(|r| r.split('<').next()).unwrap_or_default();
        assert!(["Settled", "Avregnet"].contains(&status), "{backend}: a used credit note is settled, not '{status}'");

        // the statement has its own layout: opening balance, documents with due dates,
        // running balance, what is overdue; no item columns
        let Some(text) = pdf(&c, &s, &format!("/receivables/statement/{customer}/all/pdf")).await else { continue };
        let flat = words(&text);
        for needle in ["Kontoutskrift", "Inngående saldo", "Dokument", "Forfallsdato", "Saldo", "Herav forfalt", "Faktura 1", "Kreditnota", "04.12.2026"] {
            assert!(flat.contains(needle), "{backend}: '{needle}' missing in statement\n{text}");
        }
        for wrong in ["Varenr", "Leveres til", "Antall"] {
            assert!(!flat.contains(wrong), "{backend}: '{wrong}' on a statement\n{text}");
        }
    }
}

#[tokio::test]
async fn a_swedish_invoice_shows_f_tax_and_the_vat_number_with_swedish_dates() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, customer) = setup(&s, "SE", "5565475489", "sv").await;
        invoiced(&c, &s, &customer, "2026-11-20").await;
        let Some(text) = pdf(&c, &s, "/api/v1/invoices/1/pdf").await else { continue };
        let flat = words(&text);
        for needle in [
            "Faktura 1",
            "Fakturadatum 2026-11-20",
            "Org.nr 556547-5489",
            "Momsreg.nr SE556547548901",
            "Godkänd för F-skatt",
            "Moms 25 % på 2 498,00",
            "Leveransdatum",
            "Förfallodatum",
        ] {
            assert!(flat.contains(needle), "{backend}: '{needle}' missing in\n{text}");
        }
        assert!(!flat.contains("Foretaksregisteret"), "{backend}");
        // a company not approved for F-tax does not claim it
        let r = c.patch(format!("{}/api/v1/company", s.base)).json(&json!({"business_register": null})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let Some(text) = pdf(&c, &s, "/api/v1/invoices/1/pdf").await else { continue };
        assert!(!text.contains("F-skatt"), "{backend}: {text}");
    }
}

#[tokio::test]
async fn a_purchase_order_names_the_supplier_and_its_vat_and_wraps_long_lines() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, _) = setup(&s, "NO", "984099509", "nb").await;
        let (st, sup) = post(&c, &s, "/api/v1/suppliers", json!({"name": "Skruesentralen AS", "org_no": "974760673", "address_line": "Verkstedveien 3", "postcode": "0580", "city": "Oslo", "doc_lang": "nb"})).await;
        assert_eq!(st, 201, "{sup}");
        let sup = sup["supplier_no"].as_str().unwrap();
        let (st, po) = post(
            &c,
            &s,
            "/api/v1/purchase-orders",
            json!({"supplier_no": sup, "lines": [{"item_no": "SKAP-24", "qty": "4", "unit_price": "600", "expected_date": "2027-01-15"}]}),
        )
        .await;
        assert_eq!(st, 201, "{po}");
        let no = po["number"].as_str().or(po["po_no"].as_str()).unwrap();
        let Some(text) = pdf(&c, &s, &format!("/api/v1/purchase-orders/{no}/pdf")).await else { continue };
        let flat = words(&text);
        for needle in ["Innkjøpsordre", "Leverandør", "Skruesentralen AS", "MVA 25 % av 2 400,00", "600,00", "3 000,00", "15.01.2027", "Foretaksregisteret"] {
            assert!(flat.contains(needle), "{backend}: '{needle}' missing in\n{text}");
        }
        assert!(!flat.contains("Kunde "), "{backend}: the supplier is not called customer\n{text}");
        assert!(has_all_words(&text, LONG), "{backend}: nothing cut\n{text}");
    }
}
