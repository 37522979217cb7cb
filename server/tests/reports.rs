//! The sales report against a brute-force recomputation from the documents, on SQLite
//! and PostgreSQL: random invoices and credit notes over two years (seeded, so a failure
//! repeats), then every dimension, the period filters, a customer, item and group
//! filter, last year's column, the drill-down lines, the CSV and the XLSX read back —
//! each equal to what the invoices themselves add up to. Another company sees nothing.
mod common;

use std::collections::BTreeMap;

use common::*;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use serde_json::{json, Value};

const ITEMS: [(&str, &str); 4] = [("KAFFE", "DRIKKE"), ("TE", "DRIKKE"), ("KOPP", "SERVISE"), ("SERVICE", "")];
const CUSTOMERS: [&str; 3] = ["Alfa Kafe AS", "Beta Bakeri AS", "Gamma Kantine AS"];

/// An invoice line as the documents say it: (date, customer no, item no, group, net signed).
#[derive(Clone, Debug)]
struct Line {
    date: String,
    customer: String,
    item: String,
    group: String,
    net: Decimal,
}

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap_or_else(|| panic!("{v}")).parse().unwrap()
}

/// Sums by key within [from, to] (months) from the documents' lines.
fn brute(lines: &[Line], from: &str, to: &str, key: impl Fn(&Line) -> String, keep: impl Fn(&Line) -> bool) -> BTreeMap<String, Decimal> {
    let mut out = BTreeMap::new();
    for l in lines.iter().filter(|l| &l.date[..7] >= from && &l.date[..7] <= to && keep(l)) {
        *out.entry(key(l)).or_insert(Decimal::ZERO) += l.net;
    }
    out.retain(|_, v| !v.is_zero());
    out
}

async fn report(c: &reqwest::Client, s: &Server, q: &[(&str, &str)]) -> Value {
    let form: Vec<(String, &str)> = q.iter().map(|(k, v)| (format!("query[{k}]"), *v)).collect();
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let (ok, r) = server_fn(c, s, "reports/sales", &form).await;
    assert!(ok, "{r}");
    r
}

fn nets(r: &Value, prev: bool) -> BTreeMap<String, Decimal> {
    let col = if prev { "prev_net" } else { "net" };
    r["rows"].as_array().unwrap().iter().map(|x| (x["key"].as_str().unwrap().to_string(), dec(&x[col]))).filter(|(_, v)| !v.is_zero()).collect()
}

#[tokio::test]
async fn the_sales_report_equals_the_documents() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        for (no, group) in ITEMS {
            let kind = if no == "SERVICE" { "service" } else { "non_stock" };
            let item = json!({"item_no": no, "description": format!("{no} beskrivelse"), "unit": "stk", "sales_price": "100", "vat_code": "S25", "active": "true", "kind": kind, "item_group": group});
            let (st, e) = post(&c, &s, "/api/v1/items", item).await;
            assert_eq!(st, 201, "{e}");
        }
        let mut customers = Vec::new();
        for name in CUSTOMERS {
            let (st, p) = post(&c, &s, "/api/v1/customers", json!({"name": name})).await;
            assert_eq!(st, 201, "{p}");
            customers.push(p["customer_no"].as_str().unwrap().to_string());
        }
        // random invoices over 2025 and 2026, and credit notes of some of them
        let mut rng = rand::rngs::StdRng::seed_from_u64(if backend == "sqlite" { 7 } else { 11 });
        let mut docs: Vec<String> = Vec::new();
        for _ in 0..30 {
            let date = format!("{}-{:02}-{:02}", rng.gen_range(2025..=2026), rng.gen_range(1..=11), rng.gen_range(1..=28));
            let customer = &customers[rng.gen_range(0..customers.len())];
            let lines: Vec<Value> = (0..rng.gen_range(1..=4))
                .map(|_| {
                    let (item, _) = ITEMS[rng.gen_range(0..ITEMS.len())];
                    json!({"item_no": item, "qty": rng.gen_range(1..=9).to_string(), "unit_price": format!("{}.{:02}", rng.gen_range(1..=500), rng.gen_range(0..100))})
                })
                .collect();
            let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "invoice_date": date, "lines": lines})).await;
            assert_eq!(st, 201, "{inv}");
            let no = inv["number"].as_str().unwrap_or_else(|| panic!("{inv}")).to_string();
            docs.push(format!("/api/v1/invoices/{no}"));
            if rng.gen_range(0..4) == 0 {
                let credit = if rng.gen_range(0..2) == 0 { json!({"date": date}) } else { json!({"date": date, "lines": [{"line_no": 1, "qty": "1"}]}) };
                let (st, cn) = post(&c, &s, &format!("/api/v1/invoices/{no}/credit-notes"), credit).await;
                assert_eq!(st, 201, "{cn}");
                docs.push(format!("/api/v1/credit-notes/{}", cn["number"].as_str().unwrap()));
            }
        }
        // the documents, read back: the brute force's input
        let mut lines = Vec::new();
        for path in &docs {
            let (st, d) = get_json(&c, &s, path).await;
            assert_eq!(st, 200, "{d}");
            let sign = if d["kind"] == "credit_note" { -Decimal::ONE } else { Decimal::ONE };
            for l in d["lines"].as_array().unwrap().iter().filter(|l| l["kind"] == "item") {
                let item = l["item_no"].as_str().unwrap().to_string();
                lines.push(Line {
                    date: d["invoice_date"].as_str().unwrap().to_string(),
                    customer: d["customer_no"].as_str().unwrap().to_string(),
                    group: ITEMS.iter().find(|(n, _)| *n == item).unwrap().1.to_string(),
                    item,
                    net: sign * dec(&l["net"]),
                });
            }
        }
        let all = |_: &Line| true;
        // by each dimension, this year and last year's column
        let by: [(&str, &dyn Fn(&Line) -> String); 4] = [
            ("customer", &|l: &Line| l.customer.clone()),
            ("item", &|l: &Line| l.item.clone()),
            ("item_group", &|l: &Line| l.group.clone()),
            ("month", &|l: &Line| l.date[..7].to_string()),
        ];
        for (dim, key) in by {
            let r = report(&c, &s, &[("from", "2026-01"), ("to", "2026-11"), ("by", dim)]).await;
            assert_eq!(nets(&r, false), brute(&lines, "2026-01", "2026-11", key, all), "{backend}: by {dim}");
            if dim != "month" {
                assert_eq!(nets(&r, true), brute(&lines, "2025-01", "2025-11", key, all), "{backend}: last year by {dim}");
            }
            let total: Decimal = brute(&lines, "2026-01", "2026-11", key, all).values().sum();
            assert_eq!(dec(&r["total"]), total, "{backend}: total by {dim}");
        }
        // by month, last year's month sits beside this year's
        let r = report(&c, &s, &[("from", "2026-01"), ("to", "2026-11"), ("by", "month")]).await;
        let shifted: BTreeMap<String, Decimal> =
            brute(&lines, "2025-01", "2025-11", |l| l.date[..7].to_string(), all).into_iter().map(|(k, v)| (k.replace("2025-", "2026-"), v)).collect();
        assert_eq!(nets(&r, true), shifted, "{backend}: last year by month");
        // a narrower period and each filter
        let r = report(&c, &s, &[("from", "2025-03"), ("to", "2025-08"), ("by", "item")]).await;
        assert_eq!(nets(&r, false), brute(&lines, "2025-03", "2025-08", |l| l.item.clone(), all), "{backend}");
        let cust = customers[1].clone();
        let r = report(&c, &s, &[("from", "2025-01"), ("to", "2026-12"), ("by", "item"), ("customer", &cust)]).await;
        assert_eq!(nets(&r, false), brute(&lines, "2025-01", "2026-12", |l| l.item.clone(), |l| l.customer == cust), "{backend}: customer filter");
        let r = report(&c, &s, &[("from", "2025-01"), ("to", "2026-12"), ("by", "customer"), ("item_group", "DRIKKE")]).await;
        assert_eq!(nets(&r, false), brute(&lines, "2025-01", "2026-12", |l| l.customer.clone(), |l| l.group == "DRIKKE"), "{backend}: group filter");
        let r = report(&c, &s, &[("from", "2025-01"), ("to", "2026-12"), ("by", "month"), ("item", "KOPP")]).await;
        assert_eq!(nets(&r, false), brute(&lines, "2025-01", "2026-12", |l| l.date[..7].to_string(), |l| l.item == "KOPP"), "{backend}: item filter");

        // drill-down: the lines behind a row add up to it
        let r = report(&c, &s, &[("from", "2025-01"), ("to", "2026-12"), ("by", "customer")]).await;
        let row = &r["rows"][0];
        let key = row["key"].as_str().unwrap();
        let (ok, drill) =
            server_fn(&c, &s, "reports/sales-lines", &[("query[from]", "2025-01"), ("query[to]", "2026-12"), ("query[by]", "customer"), ("key", key)]).await;
        assert!(ok, "{drill}");
        let drill = drill.as_array().unwrap();
        assert_eq!(drill.len(), lines.iter().filter(|l| l.customer == key).count(), "{backend}");
        assert_eq!(drill.iter().map(|l| dec(&l["net"])).sum::<Decimal>(), dec(&row["net"]), "{backend}: the drill-down adds up");

        // CSV and XLSX of the same report
        let csv = c.get(format!("{}/reports/sales.csv?from=2025-01&to=2026-12&by=customer", s.base)).send().await.unwrap();
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.unwrap();
        assert!(csv.lines().nth(1).unwrap().starts_with(&format!("{key};")), "{csv}");
        assert!(
            csv.trim_end().ends_with(&format!(
                "{};;{};{}",
                r["total"].as_str().unwrap(),
                r["prev_total"].as_str().unwrap(),
                r["change_pct"].as_str().unwrap_or("")
            )),
            "{csv}"
        );
        let xlsx = c.get(format!("{}/reports/sales.xlsx?from=2025-01&to=2026-12&by=customer", s.base)).send().await.unwrap();
        assert_eq!(xlsx.status(), 200);
        assert!(xlsx.headers()["content-disposition"].to_str().unwrap().contains("sales-by-customer-2025-01-2026-12.xlsx"));
        let bytes = xlsx.bytes().await.unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("an XLSX is a zip");
        let mut read = |name: &str| {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
            s
        };
        let (sheet, strings) = (read("xl/worksheets/sheet1.xml"), read("xl/sharedStrings.xml"));
        assert!(strings.contains(key) && strings.contains(CUSTOMERS[0]) || strings.contains(CUSTOMERS[1]), "{strings}");
        let total: f64 = r["total"].as_str().unwrap().parse().unwrap();
        assert!(sheet.contains(&format!("<v>{total}</v>")), "the total {total} in {sheet}");

        // the facts and rollups the report read equal the invoice lines (`flyt check`)
        let check = || std::process::Command::new(env!("CARGO_BIN_EXE_flyt")).arg("check").env("DATABASE_URL", &s.url).output().unwrap();
        let ok = check();
        assert!(ok.status.success(), "{backend}: {}", String::from_utf8_lossy(&ok.stdout));
        // and a fact that went wrong is found
        let db = app::db::Db::connect(&s.url).await.unwrap();
        let bump = |by: i64| sqlx::query("UPDATE sales_rollups SET net_minor = net_minor + $1 WHERE dim = 'month'").bind(by).execute(&db.pool);
        bump(1).await.unwrap();
        let bad = check();
        assert!(!bad.status.success() && String::from_utf8_lossy(&bad.stdout).contains("sales rollup"), "{backend}: {}", String::from_utf8_lossy(&bad.stdout));
        bump(-1).await.unwrap();

        // bad filters are said; another company sees none of it
        let (ok, e) = server_fn(&c, &s, "reports/sales", &[("query[from]", "2026-13")]).await;
        assert!(!ok && e.to_string().contains("2026-13"), "{e}");
        let (ok, e) = server_fn(&c, &s, "reports/sales", &[("query[customer]", "999999")]).await;
        assert!(!ok && e.to_string().contains("Unknown customer"), "{e}");
        let (other, _) = company_in(&s, "NO", "Annen AS", "982463718").await;
        let r = report(&other, &s, &[("from", "2025-01"), ("to", "2026-12")]).await;
        assert_eq!(r["rows"].as_array().unwrap().len(), 0, "{backend}: {r}");
        let (ok, _) = server_fn(&other, &s, "reports/sales", &[("query[customer]", &customers[0])]).await;
        assert!(!ok, "{backend}: another company's customer is unknown here");
    }
}
