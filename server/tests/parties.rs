//! Customers and suppliers over HTTP, on SQLite and PostgreSQL: numbers from the
//! series, duplicate detection, validation, mandatory fields, the change log,
//! contacts, CSV import and other companies' parties.
mod common;

use common::*;
use serde_json::{json, Value};

fn bergen() -> Value {
    json!({"name": "Bergen Rør og Sveis AS", "org_no": "988077917", "city": "Bergen", "invoice_email": "faktura@bergenror.test", "payment_terms": "NET14"})
}

#[tokio::test]
async fn customers_suppliers_and_duplicates() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let (st, a) = post(&c, &s, "/api/v1/customers", bergen()).await;
        assert_eq!(st, 201, "{backend}: {a}");
        let no = a["customer_no"].as_str().unwrap().to_string();
        assert!(!no.is_empty() && a["supplier_no"].is_null(), "{a}");
        // a near-identical name (legal form, case, punctuation, a typo) is shown first
        let (st, dup) = post(&c, &s, "/api/v1/customers", json!({"name": "BERGEN RØR & SVEIS A/S"})).await;
        assert_eq!(st, 409, "{backend}: {dup}");
        assert_eq!(dup["similar"][0]["number"], no.as_str());
        let (st, _) = post(&c, &s, "/api/v1/customers", json!({"name": "Bergen Rør og Svies"})).await;
        assert_eq!(st, 409, "{backend}: a typo is still similar");
        // the same org no under another name
        let (st, dup) = post(&c, &s, "/api/v1/suppliers", json!({"name": "Helt Annet Navn AS", "org_no": "988 077 917"})).await;
        assert_eq!(st, 409);
        assert_eq!(dup["similar"][0]["reason"], "org_no");
        let (_, similar) = get_json(&c, &s, "/api/v1/parties/similar?name=bergen%20ror%20sveis").await;
        assert_eq!(similar[0]["name"], "Bergen Rør og Sveis AS", "{backend}: {similar}");
        // creating anyway
        let (st, b) = post(&c, &s, "/api/v1/customers", json!({"name": "Bergen Rør og Sveis Holding AS", "confirm_duplicate": true})).await;
        assert_eq!(st, 201, "{b}");
        assert_ne!(b["customer_no"], no.as_str(), "numbers come from the series");
        // a partner: customer and supplier at once, in both lists
        let (st, p) = post(&c, &s, "/api/v1/suppliers", json!({"name": "Vestland Frakt AS", "is_customer": "on"})).await;
        assert_eq!(st, 201, "{p}");
        assert!(p["customer_no"].is_string() && p["supplier_no"].is_string(), "{p}");
        let (_, customers) = get_json(&c, &s, "/api/v1/customers").await;
        let (_, suppliers) = get_json(&c, &s, "/api/v1/suppliers").await;
        assert_eq!((customers["total"].as_i64(), suppliers["total"].as_i64()), (Some(3), Some(1)), "{backend}");
        assert!(customers["rows"].as_array().unwrap().iter().any(|r| r["name"] == "Vestland Frakt AS"));
        let (_, found) = get_json(&c, &s, "/api/v1/customers?q=vestland").await;
        assert_eq!(found["total"], 1);
        // PATCH changes only what is sent, and the change log says what changed
        let r = c.patch(format!("{}/api/v1/customers/{no}", s.base)).json(&json!({"city": "Os"})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let (_, after) = get_json(&c, &s, &format!("/api/v1/customers/{no}")).await;
        assert_eq!((after["city"].as_str(), after["invoice_email"].as_str()), (Some("Os"), Some("faktura@bergenror.test")));
        let (ok, log) = server_fn(&c, &s, "parties/changes", &[("id", &a["id"].to_string())]).await;
        assert!(ok, "{log}");
        let city = log.as_array().unwrap().iter().find(|ch| ch["field"] == "city").unwrap_or_else(|| panic!("{log}"));
        assert_eq!((city["old_value"].as_str(), city["new_value"].as_str()), (Some("Bergen"), Some("Os")), "{log}");
        // contacts: the same e-mail on another contact is shown first
        let contact = json!({"name": "Kari Nordmann", "email": "kari@bergenror.test", "mobile": "+47 912 34 567", "for_orders": "on"});
        assert_eq!(post(&c, &s, &format!("/api/v1/customers/{no}/contacts"), contact).await.0, 201);
        let (st, dup) = post(&c, &s, &format!("/api/v1/customers/{no}/contacts"), json!({"name": "K. Nordmann", "email": "KARI@bergenror.test"})).await;
        assert_eq!(st, 409, "{dup}");
        let (st, dup) = post(&c, &s, &format!("/api/v1/customers/{no}/contacts"), json!({"name": "Kari N", "mobile": "912 34 567"})).await;
        assert_eq!(st, 409, "{backend}: the same mobile written otherwise: {dup}");
        let (_, contacts) = get_json(&c, &s, &format!("/api/v1/customers/{no}/contacts")).await;
        assert_eq!(contacts.as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn bad_input_writes_nothing() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, email) = empty_company_as(&s).await;
        let huge = "x".repeat(10 * 1024 * 1024);
        for (body, msg) in [
            (json!({"name": "Feil AS", "org_no": "988077918"}), "not a valid Norwegian organisation number"),
            (json!({"name": "Feil AB", "country": "SE", "org_no": "556036-0794"}), "not a valid Swedish organisation number"),
            (json!({"name": "Feil AS", "invoice_email": "faktura@"}), "e-mail"),
            (json!({"name": "Feil AS", "payment_terms": "NET999"}), "NET999"),
            (json!({"name": "Feil AS", "discount": "120"}), "Discount"),
            (json!({"name": ""}), "Name"),
        ] {
            let (st, e) = post(&c, &s, "/api/v1/customers", body).await;
            assert_eq!(st, 422, "{backend} {msg}: {e}");
            assert!(e["error"].as_str().unwrap().contains(msg), "{backend}: wanted '{msg}' in {e}");
        }
        let big = login(&s, &email, "langt-passord").await;
        if let Ok(r) = big.post(format!("{}/api/v1/customers", s.base)).json(&json!({"name": huge})).send().await {
            assert!(!r.status().is_success(), "{backend}: a 10 MB name is refused");
        }
        let (_, all) = get_json(&c, &s, "/api/v1/customers?inactive=true").await;
        assert_eq!(all["total"], 0, "{backend}: nothing was written");
        // a valid Swedish org no is accepted and normalised
        let (st, se) = post(&c, &s, "/api/v1/customers", json!({"name": "Göteborgs Rör AB", "country": "SE", "org_no": "5560360793"})).await;
        assert_eq!(st, 201, "{se}");
        assert_eq!(se["org_no"], "5560360793", "stored as digits");
    }
}

#[tokio::test]
async fn mandatory_fields_hold_in_the_api_and_server_functions() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let (ok, e) = server_fn(&c, &s, "parties/form-fields/save", &[("kind", "customer"), ("required[org_no]", "on"), ("position[org_no]", "5")]).await;
        assert!(ok, "{e}");
        let (st, e) = post(&c, &s, "/api/v1/customers", json!({"name": "Uten Orgnr AS"})).await;
        assert_eq!(st, 422, "{backend}: {e}");
        assert!(e["error"].as_str().unwrap().contains("Org"), "{e}");
        let (ok, e) = server_fn(&c, &s, "parties/create", &[("input[name]", "Uten Orgnr AS"), ("input[is_customer]", "on")]).await;
        assert!(!ok, "{backend}: the server function refuses it too: {e}");
        // suppliers have their own form: not required there
        assert_eq!(post(&c, &s, "/api/v1/suppliers", json!({"name": "Uten Orgnr AS"})).await.0, 201);
        assert_eq!(post(&c, &s, "/api/v1/customers", json!({"name": "Med Orgnr AS", "org_no": "988077917"})).await.0, 201);
        // only an admin changes the form
        let (_, fields) = server_fn(&c, &s, "parties/form-fields", &[("kind", "customer")]).await;
        assert_eq!(fields[0]["field"], "org_no", "{backend}: the chosen order: {fields}");
    }
}

#[tokio::test]
async fn csv_import_is_all_or_nothing_and_export_round_trips() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let bad = "name;kind;org_no;invoice_email\nFjordkraft Handel AS;customer;988077917;a@b.test\nNordlys AB;vendor;;\nTromsø Is AS;both;123;\n";
        let (ok, r) = server_fn(&c, &s, "parties/import", &[("csv", bad), ("preview", "false")]).await;
        assert!(ok, "{r}");
        assert_eq!(r["imported"], 0);
        let lines: Vec<i64> = r["errors"].as_array().unwrap().iter().map(|e| e[0].as_i64().unwrap()).collect();
        assert_eq!(lines, vec![3, 4], "{backend}: {r}");
        assert_eq!(get_json(&c, &s, "/api/v1/customers").await.1["total"], 0, "{backend}: nothing imported");
        let good =
            "name;kind;org_no;city\nFjordkraft Handel AS;customer;988077917;Bergen\nNordlys Frakt AS;supplier;;Tromsø\n\"Tre; og Bygg AS\";both;;Hamar\n";
        let (ok, r) = server_fn(&c, &s, "parties/import", &[("csv", good), ("preview", "true")]).await;
        assert!(ok && r["imported"] == 0 && r["errors"].as_array().unwrap().is_empty(), "{r}");
        let (ok, r) = server_fn(&c, &s, "parties/import", &[("csv", good), ("preview", "false")]).await;
        assert!(ok && r["imported"] == 3, "{backend}: {r}");
        let (_, sup) = get_json(&c, &s, "/api/v1/suppliers").await;
        assert_eq!(sup["total"], 2);
        let export = c.get(format!("{}/parties/export.csv", s.base)).send().await.unwrap();
        assert_eq!(export.status(), 200);
        let text = export.text().await.unwrap();
        assert!(text.contains("\"Tre; og Bygg AS\""), "{text}");
        assert_eq!(text.lines().count(), 4);
    }
}

#[tokio::test]
async fn another_companys_parties_are_out_of_reach() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let demo = login(&s, "demo@flyt.test", "demo").await;
        let (_, me) = get_json(&demo, &s, "/api/v1/me").await;
        let companies = me["companies"].as_array().unwrap();
        let b = companies.iter().find(|x| x["name"].as_str().unwrap().starts_with("Solberga")).unwrap()["id"].as_i64().unwrap();
        let a = me["company_id"].as_i64().unwrap();
        assert_ne!(a, b);
        // an id of company B, seen while working in B
        demo.post(format!("{}/auth/company", s.base)).form(&[("company_id", b.to_string())]).send().await.unwrap();
        let (_, list) = get_json(&demo, &s, "/api/v1/customers").await;
        let b_party = list["rows"][0].clone();
        let b_id = b_party["id"].to_string();
        let (_, b_lists) = server_fn(&demo, &s, "price-lists", &[]).await;
        let b_list = b_lists[0]["id"].to_string();
        let (_, b_list_before) = server_fn(&demo, &s, "price-lists/get", &[("id", &b_list)]).await;
        let b_price = b_list_before[1][0]["id"].to_string();
        assert!(b_lists[0]["id"].is_i64() && b_list_before[1][0]["id"].is_i64(), "{backend}: B has a price list with prices: {b_list_before}");
        demo.post(format!("{}/auth/company", s.base)).form(&[("company_id", a.to_string())]).send().await.unwrap();
        assert_eq!(get_json(&demo, &s, "/api/v1/me").await.1["company_id"], a);
        // from A, B's id reads and changes nothing
        let (ok, e) = server_fn(&demo, &s, "parties/get", &[("id", &b_id)]).await;
        assert!(!ok, "{backend}: {e}");
        let (ok, _) = server_fn(&demo, &s, "parties/update", &[("id", &b_id), ("input[name]", "Kapret AS"), ("input[is_customer]", "on")]).await;
        assert!(!ok);
        let (ok, _) = server_fn(&demo, &s, "parties/contact", &[("party_id", &b_id), ("id", "0"), ("input[name]", "Spion")]).await;
        assert!(!ok);
        let (ok, _) = server_fn(&demo, &s, "parties/changes", &[("id", &b_id)]).await;
        assert!(!ok);
        // B's price list: not readable, renamable, or changeable from A
        assert!(!server_fn(&demo, &s, "price-lists/get", &[("id", &b_list)]).await.0, "{backend}");
        assert!(!server_fn(&demo, &s, "price-lists/save", &[("id", &b_list), ("name", "Kapret"), ("currency", "NOK"), ("active", "on")]).await.0);
        let add = [("list_id", b_list.as_str()), ("item_no", "1001"), ("min_qty", ""), ("price", "1"), ("valid_from", ""), ("valid_to", "")];
        assert!(!server_fn(&demo, &s, "price-lists/prices/add", &add).await.0);
        assert!(!server_fn(&demo, &s, "price-lists/prices/remove", &[("list_id", &b_list), ("id", &b_price)]).await.0);
        assert!(!server_fn(&demo, &s, "price-lists/prices/remove", &[("list_id", "0"), ("id", &b_price)]).await.0);
        demo.post(format!("{}/auth/company", s.base)).form(&[("company_id", b.to_string())]).send().await.unwrap();
        let (ok, again) = server_fn(&demo, &s, "parties/get", &[("id", &b_id)]).await;
        assert!(ok, "{again}");
        assert_eq!(again["party"]["name"], b_party["name"], "{backend}: B's party is unchanged");
        assert_eq!(again["contacts"].as_array().unwrap().iter().filter(|c| c["name"] == "Spion").count(), 0);
        assert_eq!(server_fn(&demo, &s, "price-lists/get", &[("id", &b_list)]).await.1, b_list_before, "{backend}: B's price list is unchanged");
    }
}

/// Two app servers on one PostgreSQL database: each keeps its own in-memory name
/// index, and a party saved through one is found as a duplicate through the other,
/// also after a rename.
#[tokio::test]
async fn two_servers_on_one_database_see_each_others_parties() {
    let Some((url, dir)) = fresh_db("postgres").await else { return };
    let a = start_on(&url, dir).await;
    let b = start_on(&url, None).await;
    let (ca, email) = empty_company_as(&a).await;
    let cb = login(&b, &email, "langt-passord").await;
    let similar = |c: reqwest::Client, s: String, name: &'static str| async move {
        let r = c.get(format!("{s}/api/v1/parties/similar?name={}", name.replace(' ', "%20"))).send().await.unwrap();
        r.json::<Value>().await.unwrap().as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    // b loads its (empty) index first
    assert!(similar(cb.clone(), b.base.clone(), "Fjellheim Bygg").await.is_empty());
    let (st, p) = post(&ca, &a, "/api/v1/customers", json!({"name": "Fjellheim Bygg AS"})).await;
    assert_eq!(st, 201, "{p}");
    assert_eq!(similar(cb.clone(), b.base.clone(), "Fjellhiem Bygg").await, vec!["Fjellheim Bygg AS"], "b sees a's new party");
    let no = p["customer_no"].as_str().unwrap().to_string();
    let r = cb.patch(format!("{}/api/v1/customers/{no}", b.base)).json(&json!({"name": "Sjøkanten Kafé AS"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(similar(ca.clone(), a.base.clone(), "Fjellheim Bygg").await.is_empty(), "a no longer finds the old name");
    assert_eq!(similar(ca.clone(), a.base.clone(), "Sjokanten Kafe").await, vec!["Sjøkanten Kafé AS"], "a finds the new name");
}
