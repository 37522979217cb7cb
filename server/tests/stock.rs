//! Items and the stock ledger over HTTP, on SQLite and PostgreSQL.
mod common;

use common::*;
use serde_json::{json, Value};

fn item(no: &str) -> Value {
    json!({"item_no": no, "description": "Tursekk 40 l", "unit": "stk", "sales_price": "1 299,00", "purchase_price": "650",
           "vat_code": "S25", "barcode": "7038010009457", "active": "true"})
}

async fn physical(c: &reqwest::Client, s: &Server, no: &str, wh: &str) -> String {
    let (_, f) = get_json(c, s, &format!("/api/v1/items/{no}/stock")).await;
    f.as_array().unwrap().iter().find(|w| w["warehouse_code"] == wh).map(|w| w["physical"].as_str().unwrap().to_string()).unwrap_or_default()
}

fn check(url: &str) -> bool {
    std::process::Command::new(env!("CARGO_BIN_EXE_flyt")).arg("check").env("DATABASE_URL", url).status().unwrap().success()
}

#[tokio::test]
async fn item_register_over_the_api() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let (st, created) = post(&c, &s, "/api/v1/items", item("TS-40")).await;
        assert_eq!(st, 201, "{backend}: {created}");
        assert_eq!(created["sales_price"], "1299.00");
        assert_eq!(post(&c, &s, "/api/v1/items", item("TS-40")).await.0, 409, "duplicate item number");
        for (field, value, msg) in [
            ("barcode", "7038010009458", "check digit"),
            ("unit", "tonn", "Unknown unit"),
            ("vat_code", "S99", "Unknown VAT code"),
            ("sales_price", "tolv", "Sales price"),
            ("item_no", "", "Item number is required"),
        ] {
            let mut bad = item("BAD-1");
            bad[field] = json!(value);
            bad["barcode"] = if field == "barcode" { json!(value) } else { json!("") };
            let (st, e) = post(&c, &s, "/api/v1/items", bad).await;
            assert_eq!(st, 422, "{backend} {field}: {e}");
            assert!(e["error"].as_str().unwrap().contains(msg), "{e}");
        }
        let r = c.patch(format!("{}/api/v1/items/TS-40", s.base)).json(&json!({"sales_price": "1 399,50"})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.json::<Value>().await.unwrap()["sales_price"], "1399.50");
        let (_, by_text) = get_json(&c, &s, "/api/v1/items?q=tursekk").await;
        assert_eq!(by_text["total"], 1);
        let (_, by_barcode) = get_json(&c, &s, "/api/v1/items?q=7038010009457").await;
        assert_eq!(by_barcode["items"][0]["item_no"], "TS-40");
        assert_eq!(get_json(&c, &s, "/api/v1/items/NOPE").await.0, 404);
        // nothing half-written: the refused items do not exist
        let (_, all) = get_json(&c, &s, "/api/v1/items").await;
        assert_eq!(all["total"], 1, "{backend}");
    }
}

#[tokio::test]
async fn adjustments_transfers_and_negative_stock() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = login(&s, "demo@flyt.test", "demo").await;
        assert_eq!(post(&c, &s, "/api/v1/items", item("TS-40")).await.0, 201);
        let (ok, e) = server_fn(&c, &s, "setup/warehouses/save", &[("code", "OSLO"), ("name", "Oslo lager"), ("address", ""), ("active", "on")]).await;
        assert!(ok, "{e}");
        let adj = |qty: &str, reason: &str| json!({"item_no": "TS-40", "warehouse": "MAIN", "qty": qty, "reason": reason});
        assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", adj("10", "opening_balance")).await.0, 204);
        assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", adj("-3", "damaged")).await.0, 204);
        assert_eq!(physical(&c, &s, "TS-40", "MAIN").await, "7");
        let (st, e) = post(&c, &s, "/api/v1/stock/adjustments", adj("-8", "lost")).await;
        assert_eq!(st, 409, "{backend}: {e}");
        assert_eq!(e["error"], "Not enough stock of TS-40 in MAIN: 7 on hand, 8 requested");
        assert_eq!(physical(&c, &s, "TS-40", "MAIN").await, "7", "nothing written");
        for (qty, reason, msg) in [
            ("abc", "lost", "not a quantity"),
            ("0", "lost", "cannot be 0"),
            ("1e20", "lost", "too large"),
            ("99999999999", "lost", "too large"),
            ("1", "stolen?", "Unknown reason"),
        ] {
            let (st, e) = post(&c, &s, "/api/v1/stock/adjustments", adj(qty, reason)).await;
            assert_eq!(st, 422, "{qty}: {e}");
            assert!(e["error"].as_str().unwrap().contains(msg), "{qty}: {e}");
        }
        let (st, e) = post(&c, &s, "/api/v1/stock/adjustments", json!({"item_no": "TS-40", "warehouse": "NOWHERE", "qty": "1", "reason": "found"})).await;
        assert_eq!(st, 422);
        assert!(e["error"].as_str().unwrap().contains("Unknown warehouse"));
        let tr = |qty: &str, to: &str| json!({"item_no": "TS-40", "from_warehouse": "MAIN", "to_warehouse": to, "qty": qty});
        assert_eq!(post(&c, &s, "/api/v1/stock/transfers", tr("2", "OSLO")).await.0, 204);
        assert_eq!(physical(&c, &s, "TS-40", "MAIN").await, "5");
        assert_eq!(physical(&c, &s, "TS-40", "OSLO").await, "2");
        assert_eq!(post(&c, &s, "/api/v1/stock/transfers", tr("6", "OSLO")).await.0, 409);
        assert_eq!(post(&c, &s, "/api/v1/stock/transfers", tr("1", "MAIN")).await.0, 422);
        assert_eq!(physical(&c, &s, "TS-40", "OSLO").await, "2");
        // the moves are history: newest first, with the reason
        let (_, stock) = server_fn(&c, &s, "stock/item", &[("item_no", "TS-40")]).await;
        let moves = stock[1].as_array().unwrap();
        assert_eq!(moves.len(), 4);
        assert!(moves.iter().any(|m| m["reason"] == "damaged" && m["qty"] == "-3"));
        // a company that allows negative stock may go below zero
        let (_, company) = get_json(&c, &s, "/api/v1/company").await;
        let org = company["org_no"].as_str().unwrap().to_string();
        let (ok, e) =
            server_fn(&c, &s, "setup/company/save", &[("input[name]", "Fjordvik Handel AS"), ("input[org_no]", &org), ("input[allow_negative_stock]", "on")])
                .await;
        assert!(ok, "{e}");
        assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", adj("-8", "lost")).await.0, 204);
        assert_eq!(physical(&c, &s, "TS-40", "MAIN").await, "-3");
        let (st, profile) = get_json(&c, &s, "/api/v1/items/TS-40/profile").await;
        assert_eq!(st, 200);
        assert_eq!(profile["history"].as_array().unwrap().len(), 5, "{backend}: every move is in the profile");
        assert!(check(&s.url), "{backend}: cache = ledger");
    }
}

/// 32 clients take the last 10 units at once: exactly 10 succeed, never below zero.
#[tokio::test]
async fn concurrent_takes_never_go_below_zero() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = login(&s, "demo@flyt.test", "demo").await;
        assert_eq!(post(&c, &s, "/api/v1/items", item("LAST")).await.0, 201);
        assert_eq!(
            post(&c, &s, "/api/v1/stock/adjustments", json!({"item_no": "LAST", "warehouse": "MAIN", "qty": "10", "reason": "opening_balance"})).await.0,
            204
        );
        let mut tasks = Vec::new();
        for _ in 0..32 {
            let c = c.clone();
            let base = s.base.clone();
            tasks.push(tokio::spawn(async move {
                c.post(format!("{base}/api/v1/stock/adjustments"))
                    .json(&json!({"item_no": "LAST", "warehouse": "MAIN", "qty": "-1", "reason": "sample"}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
        let mut ok = 0;
        for t in tasks {
            match t.await.unwrap() {
                204 => ok += 1,
                409 => {}
                other => panic!("{backend}: unexpected status {other}"),
            }
        }
        assert_eq!(ok, 10, "{backend}");
        assert_eq!(physical(&c, &s, "LAST", "MAIN").await, "0");
        assert!(check(&s.url), "{backend}: cache = ledger");
    }
}

#[tokio::test]
async fn another_companys_items_are_out_of_reach() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let demo = login(&s, "demo@flyt.test", "demo").await;
        let (_, me) = get_json(&demo, &s, "/api/v1/me").await;
        let b = me["companies"].as_array().unwrap().iter().find(|c| c["name"].as_str().unwrap().starts_with("Solberga")).unwrap()["id"].as_i64().unwrap();
        let (ok, _) =
            server_fn(&demo, &s, "setup/users/add", &[("email", "alice@fjordvik.test"), ("name", "Alice"), ("role", "admin"), ("password", "alice-pass-1")])
                .await;
        assert!(ok);
        demo.post(format!("{}/auth/company", s.base)).form(&[("company_id", b.to_string())]).send().await.unwrap();
        let mut b_item = item("B-ONLY");
        b_item["unit"] = json!("st");
        assert_eq!(post(&demo, &s, "/api/v1/items", b_item).await.0, 201);
        assert_eq!(post(&demo, &s, "/api/v1/stock/adjustments", json!({"item_no": "B-ONLY", "warehouse": "MAIN", "qty": "5", "reason": "found"})).await.0, 204);

        let alice = login(&s, "alice@fjordvik.test", "alice-pass-1").await;
        assert_eq!(get_json(&alice, &s, "/api/v1/items/B-ONLY").await.0, 404);
        assert_eq!(get_json(&alice, &s, "/api/v1/items/B-ONLY/stock").await.0, 404);
        assert_eq!(get_json(&alice, &s, "/api/v1/items/B-ONLY/profile").await.0, 404);
        assert_eq!(get_json(&alice, &s, "/api/v1/items?q=B-ONLY").await.1["total"], 0);
        let (st, _) = post(&alice, &s, "/api/v1/stock/adjustments", json!({"item_no": "B-ONLY", "warehouse": "MAIN", "qty": "-5", "reason": "lost"})).await;
        assert_eq!(st, 404, "{backend}");
        let r = alice.patch(format!("{}/api/v1/items/B-ONLY", s.base)).json(&json!({"sales_price": "1"})).send().await.unwrap();
        assert_eq!(r.status(), 404);
        let (ok, e) = server_fn(&alice, &s, "stock/item", &[("item_no", "B-ONLY")]).await;
        assert!(!ok && e.to_string().contains("No item"), "{e}");
        assert_eq!(physical(&demo, &s, "B-ONLY", "MAIN").await, "5", "{backend}: B's stock untouched");
    }
}

#[tokio::test]
async fn stocktaking_posts_differences_once() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = login(&s, "demo@flyt.test", "demo").await;
        for (no, qty) in [("CNT-1", "5"), ("CNT-2", "3")] {
            let mut i = item(no);
            i["barcode"] = json!("");
            assert_eq!(post(&c, &s, "/api/v1/items", i).await.0, 201);
            assert_eq!(
                post(&c, &s, "/api/v1/stock/adjustments", json!({"item_no": no, "warehouse": "MAIN", "qty": qty, "reason": "opening_balance"})).await.0,
                204
            );
        }
        let (ok, id) = server_fn(&c, &s, "stock/counts/start", &[("warehouse", "MAIN"), ("filter", "CNT")]).await;
        assert!(ok, "{id}");
        let id = id.to_string();
        // stock moving after the freeze does not change what the count expects
        assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", json!({"item_no": "CNT-2", "warehouse": "MAIN", "qty": "1", "reason": "found"})).await.0, 204);
        assert!(server_fn(&c, &s, "stock/counts/set", &[("id", &id), ("item_no", "CNT-1"), ("counted", "4")]).await.0);
        assert!(server_fn(&c, &s, "stock/counts/set", &[("id", &id), ("item_no", "CNT-2"), ("counted", "3")]).await.0);
        let (ok, e) = server_fn(&c, &s, "stock/counts/set", &[("id", &id), ("item_no", "CNT-1"), ("counted", "-2")]).await;
        assert!(!ok && e.to_string().contains("cannot be negative"), "{e}");
        let (ok, e) = server_fn(&c, &s, "stock/counts/set", &[("id", &id), ("item_no", "NOPE"), ("counted", "1")]).await;
        assert!(!ok && e.to_string().contains("not on open count"), "{e}");
        let (_, sheet) = server_fn(&c, &s, "stock/counts/sheet", &[("id", &id)]).await;
        assert_eq!(sheet["lines"].as_array().unwrap().len(), 2);
        assert_eq!(sheet["lines"][0]["expected"], "5");
        let (ok, n) = server_fn(&c, &s, "stock/counts/post", &[("id", &id)]).await;
        assert!(ok, "{n}");
        assert_eq!(n, 1, "{backend}: one difference");
        assert_eq!(physical(&c, &s, "CNT-1", "MAIN").await, "4");
        assert_eq!(physical(&c, &s, "CNT-2", "MAIN").await, "4", "the later move stays");
        let (ok, e) = server_fn(&c, &s, "stock/counts/post", &[("id", &id)]).await;
        assert!(!ok && e.to_string().contains("No open count"), "{backend}: posted once: {e}");
        let (ok, _) = server_fn(&c, &s, "stock/counts/set", &[("id", &id), ("item_no", "CNT-1"), ("counted", "9")]).await;
        assert!(!ok, "a posted count is closed");
        let (ok, e) = server_fn(&c, &s, "stock/counts/start", &[("warehouse", "MAIN"), ("filter", "no such items")]).await;
        assert!(!ok && e.to_string().contains("nothing to count"), "{e}");
        assert!(check(&s.url), "{backend}: cache = ledger");
    }
}

#[tokio::test]
async fn valuation_as_of_a_date_with_backdated_moves() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let mut i = item("V-1");
        i["purchase_price"] = json!("5");
        i["barcode"] = json!("");
        assert_eq!(post(&c, &s, "/api/v1/items", i).await.0, 201);
        let adj = |qty: &str, date: &str| json!({"item_no": "V-1", "warehouse": "MAIN", "qty": qty, "reason": "correction", "date": date});
        assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", adj("10", "2026-01-10")).await.0, 204);
        let r = c.patch(format!("{}/api/v1/items/V-1", s.base)).json(&json!({"purchase_price": "7"})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", adj("10", "2026-02-10")).await.0, 204);
        assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", adj("-8", "2026-03-01")).await.0, 204);
        let val = |as_of: &'static str| {
            let c = c.clone();
            let base = s.base.clone();
            async move {
                let v: Value = c.get(format!("{base}/api/v1/stock/valuation?as_of={as_of}")).send().await.unwrap().json().await.unwrap();
                (v["rows"][0]["qty"].as_str().unwrap_or("0").to_string(), v["total"].as_str().unwrap().to_string())
            }
        };
        assert_eq!(val("2026-01-31").await, ("10".into(), "50.00".into()), "{backend}");
        assert_eq!(val("2026-03-31").await, ("12".into(), "72.00".into()), "{backend}: moving average (8 out at 6)");
        // a backdated receipt enters the report at once, no re-run
        assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", adj("2", "2026-01-15")).await.0, 204);
        assert_eq!(val("2026-01-31").await, ("12".into(), "64.00".into()), "{backend}");
        assert_eq!(val("2026-12-31").await, ("14".into(), "86.00".into()), "{backend}");
        // FIFO: the 14 on hand are the newest receipts: 10 @ 7, 2 @ 7, 2 @ 5
        let (_, company) = get_json(&c, &s, "/api/v1/company").await;
        let org = company["org_no"].as_str().unwrap().to_string();
        let (ok, e) =
            server_fn(&c, &s, "setup/company/save", &[("input[name]", "Fjordvik Handel AS"), ("input[org_no]", &org), ("input[valuation_method]", "fifo")])
                .await;
        assert!(ok, "{e}");
        assert_eq!(val("2026-12-31").await, ("14".into(), "94.00".into()), "{backend}: FIFO");
        let r = c.get(format!("{}/api/v1/stock/valuation?as_of=31.12.2026", s.base)).send().await.unwrap();
        assert_eq!(r.status(), 422);
    }
}

#[tokio::test]
async fn csv_import_of_items_with_opening_stock() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, email) = empty_company_as(&s).await;
        let (ok, e) = server_fn(&c, &s, "items/import", &[("csv", "item_no;name;unit\nA;B;stk\n"), ("preview", "true")]).await;
        assert!(!ok && e.to_string().contains("price, vat"), "{backend}: missing columns are named: {e}");
        let bad = "item_no;name;unit;price;vat;barcode;warehouse;quantity;unit_cost;bin\n\
                   TS-40;Tursekk 40 l;stk;1299;S25;7038010009457;MAIN;12;650;A-01\n\
                   TS-41;Tursekk 50 l;stk;1499;S99;;MAIN;5;700;\n\
                   TS-42;Hodelykt;stk;499;S25;;NOWHERE;5;;\n\
                   TS-40;Igjen;stk;1;S25;;;;;\n\
                   TS-43;Kopp;stk;tolv;S25;;;;;\n";
        let (ok, r) = server_fn(&c, &s, "items/import", &[("csv", bad), ("preview", "false")]).await;
        assert!(ok, "{r}");
        let lines: Vec<i64> = r["errors"].as_array().unwrap().iter().map(|e| e[0].as_i64().unwrap()).collect();
        assert_eq!((r["imported"].as_i64(), lines), (Some(0), vec![3, 4, 5, 6]), "{backend}: {r}");
        assert_eq!(get_json(&c, &s, "/api/v1/items").await.1["total"], 0, "{backend}: nothing written");
        let good = "item_no;description;unit;sales_price;vat_code;barcode;warehouse;qty;unit_cost;bin\n\
                    TS-40;Tursekk 40 l;stk;1 299,00;S25;7038010009457;MAIN;12;650;A-01\n\
                    KAFFE;Kaffe 500 g;stk;79,90;S15;;;;;\n";
        let (ok, r) = server_fn(&c, &s, "items/import", &[("csv", good), ("preview", "true")]).await;
        assert!(ok && r["imported"] == 0 && r["errors"].as_array().unwrap().is_empty(), "{r}");
        assert_eq!(get_json(&c, &s, "/api/v1/items").await.1["total"], 0, "a preview writes nothing");
        let (ok, r) = server_fn(&c, &s, "items/import", &[("csv", good), ("preview", "false")]).await;
        assert!(ok && r["imported"] == 2, "{backend}: {r}");
        assert_eq!(physical(&c, &s, "TS-40", "MAIN").await, "12");
        let (_, figures) = get_json(&c, &s, "/api/v1/items/TS-40/stock").await;
        assert_eq!(figures[0]["bin"], "A-01", "{figures}");
        let (_, val) = get_json(&c, &s, "/api/v1/stock/valuation").await;
        assert_eq!(val["total"], "7800.00", "{backend}: 12 at 650");
        // the same file again: every row already exists
        let (_, r) = server_fn(&c, &s, "items/import", &[("csv", good), ("preview", "false")]).await;
        assert_eq!(r["errors"].as_array().unwrap().len(), 3, "number and barcode of line 2, number of line 3: {r}");
        assert!(check(&s.url), "{backend}: cache = ledger");
        // the bin can be changed on the item page
        let (ok, e) = server_fn(&c, &s, "items/bin", &[("item_no", "TS-40"), ("warehouse", "MAIN"), ("bin", "B-07")]).await;
        assert!(ok, "{e}");
        assert_eq!(get_json(&c, &s, "/api/v1/items/TS-40/stock").await.1[0]["bin"], "B-07");
        // the command line: a Windows-1252 file (as Excel saves "CSV") reads as well as UTF-8
        let dir = tempfile::tempdir().unwrap();
        let latin1 = dir.path().join("latin1.csv");
        std::fs::write(&latin1, b"item_no;name;unit;price;vat\nBL;Bl\xe5b\xe6r;stk;10;S25\n").unwrap();
        let flyt = |args: &[&str]| std::process::Command::new(env!("CARGO_BIN_EXE_flyt")).args(args).env("DATABASE_URL", &s.url).output().unwrap();
        let out = flyt(&["import", "items", latin1.to_str().unwrap(), "--user", &email, "--preview"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let utf8 = dir.path().join("utf8.csv");
        std::fs::write(&utf8, "item_no;name;unit;price;vat;warehouse;quantity\nBL;Blåbær 1 kg;stk;10;S15;MAIN;3\n").unwrap();
        let out = flyt(&["import", "items", utf8.to_str().unwrap(), "--user", &email, "--preview"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(get_json(&c, &s, "/api/v1/items/BL").await.0, 404, "a preview writes nothing");
        let out = flyt(&["import", "items", utf8.to_str().unwrap(), "--user", &email]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(physical(&c, &s, "BL", "MAIN").await, "3", "{backend}");
        let out = flyt(&["import", "items", utf8.to_str().unwrap(), "--user", "demo@flyt.test", "--company", "Tomt Lager AS"]);
        assert!(!out.status.success(), "{backend}: a user of another company cannot import into it");
    }
}

#[tokio::test]
async fn price_lists_price_a_line() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let mut i = item("TS-40");
        i["sales_price"] = json!("100");
        assert_eq!(post(&c, &s, "/api/v1/items", i).await.0, 201);
        let (ok, list) = server_fn(&c, &s, "price-lists/save", &[("id", "0"), ("name", "Forhandler"), ("currency", "nok"), ("active", "on")]).await;
        assert!(ok, "{list}");
        let list = list.to_string();
        for (min, price, from, to) in [("", "90", "", ""), ("10", "80", "", ""), ("10", "75", "2026-06-01", "2026-06-30")] {
            let (ok, e) = server_fn(
                &c,
                &s,
                "price-lists/prices/add",
                &[("list_id", &list), ("item_no", "TS-40"), ("min_qty", min), ("price", price), ("valid_from", from), ("valid_to", to)],
            )
            .await;
            assert!(ok, "{e}");
        }
        let (ok, e) = server_fn(
            &c,
            &s,
            "price-lists/prices/add",
            &[("list_id", &list), ("item_no", "TS-40"), ("min_qty", "1"), ("price", "-5"), ("valid_from", ""), ("valid_to", "")],
        )
        .await;
        assert!(!ok && e.to_string().contains("negative"), "{e}");
        let (st, cust) = post(&c, &s, "/api/v1/customers", json!({"name": "Forhandleren AS", "price_list_id": list})).await;
        assert_eq!(st, 201, "{cust}");
        let no = cust["customer_no"].as_str().unwrap();
        let price = |q: String| {
            let c = c.clone();
            let base = s.base.clone();
            async move { c.get(format!("{base}/api/v1/items/TS-40/price{q}")).send().await.unwrap().json::<Value>().await.unwrap() }
        };
        let p = price(String::new()).await;
        assert_eq!((p["price"].as_str(), p["source"].as_str()), (Some("100.00"), Some("item")), "{backend}: {p}");
        assert_eq!(price(format!("?customer={no}&qty=5&date=2026-03-01")).await["price"], "90.00");
        assert_eq!(price(format!("?customer={no}&qty=12&date=2026-03-01")).await["price"], "80.00");
        assert_eq!(price(format!("?customer={no}&qty=12&date=2026-06-15")).await["price"], "75.00", "{backend}: the dated break");
        assert_eq!(c.get(format!("{}/api/v1/items/TS-40/price?qty=tolv", s.base)).send().await.unwrap().status(), 422);
        // the default supplier is a supplier number of this company
        let (_, sup) = post(&c, &s, "/api/v1/suppliers", json!({"name": "Sekkefabrikken AS"})).await;
        let sno = sup["supplier_no"].as_str().unwrap();
        let r = c.patch(format!("{}/api/v1/items/TS-40", s.base)).json(&json!({"default_supplier": sno})).send().await.unwrap();
        assert_eq!(r.status(), 200, "{backend}");
        assert_eq!(get_json(&c, &s, "/api/v1/items/TS-40").await.1["default_supplier"], sno);
        let r = c.patch(format!("{}/api/v1/items/TS-40", s.base)).json(&json!({"default_supplier": no})).send().await.unwrap();
        assert_eq!(r.status(), 422, "{backend}: a customer number is not a supplier");
        assert_eq!(get_json(&c, &s, "/api/v1/items/TS-40").await.1["default_supplier"], sno);
    }
}
