//! The sales report against a brute-force recomputation from the documents, on SQLite
//! and PostgreSQL: random invoices and credit notes over two years (seeded, so a failure
//! repeats), then every dimension, the period filters, a customer, item and group
//! filter, last year's column, the drill-down lines, the CSV and the XLSX read back —
//! each equal to what the invoices themselves add up to; sales by county from the
//! customers' postcodes; the receivables ageing and DSO against the invoices' own open
//! amounts, due dates and totals. Another company sees nothing.
mod common;

use std::collections::BTreeMap;

use common::*;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use serde_json::{json, Value};

const ITEMS: [(&str, &str); 4] = [("KAFFE", "DRIKKE"), ("TE", "DRIKKE"), ("KOPP", "SERVISE"), ("SERVICE", "")];
/// The items' purchase prices: KAFFE's is its stock's cost too, the others' their cost.
const COSTS: [&str; 4] = ["12.34", "3.33", "40.05", "0"];
/// (name, postcode, county of the postcode)
const CUSTOMERS: [(&str, &str, &str); 3] = [("Alfa Kafe AS", "0150", "NO-03"), ("Beta Bakeri AS", "5003", "NO-46"), ("Gamma Kantine AS", "0560", "NO-03")];

/// An invoice line as the documents say it: (date, customer no, item no, group, net
/// signed, its cost signed by the costing rules worked out by hand).
#[derive(Clone, Debug)]
struct Line {
    date: String,
    customer: String,
    item: String,
    group: String,
    net: Decimal,
    cost: Decimal,
}

/// Rounded to cents, half away from zero.
fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap_or_else(|| panic!("{v}")).parse().unwrap()
}

/// Net sums by key within [from, to] (months) from the documents' lines.
fn brute(lines: &[Line], from: &str, to: &str, key: impl Fn(&Line) -> String, keep: impl Fn(&Line) -> bool) -> BTreeMap<String, Decimal> {
    brute_of(lines, from, to, key, keep, |l| l.net)
}

/// Sums of `val` by key within [from, to] (months) from the documents' lines.
fn brute_of(
    lines: &[Line],
    from: &str,
    to: &str,
    key: impl Fn(&Line) -> String,
    keep: impl Fn(&Line) -> bool,
    val: impl Fn(&Line) -> Decimal,
) -> BTreeMap<String, Decimal> {
    let mut out = BTreeMap::new();
    for l in lines.iter().filter(|l| &l.date[..7] >= from && &l.date[..7] <= to && keep(l)) {
        *out.entry(key(l)).or_insert(Decimal::ZERO) += val(l);
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
    column(r, if prev { "prev_net" } else { "net" })
}

/// A column of the report's rows by key (zeros left out).
fn column(r: &Value, col: &str) -> BTreeMap<String, Decimal> {
    r["rows"].as_array().unwrap().iter().map(|x| (x["key"].as_str().unwrap().to_string(), dec(&x[col]))).filter(|(_, v)| !v.is_zero()).collect()
}

#[tokio::test]
async fn the_sales_report_equals_the_documents() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        for ((no, group), cost) in ITEMS.into_iter().zip(COSTS) {
            let kind = match no {
                "SERVICE" => "service",
                "KAFFE" => "stock",
                _ => "non_stock",
            };
            let item = json!({"item_no": no, "description": format!("{no} beskrivelse"), "unit": "stk", "sales_price": "100", "purchase_price": cost, "vat_code": "S25", "active": "true", "kind": kind, "item_group": group});
            let (st, e) = post(&c, &s, "/api/v1/items", item).await;
            assert_eq!(st, 201, "{e}");
        }
        // KAFFE from stock at its purchase price: its lines cost the moves' cost
        let (st, e) =
            post(&c, &s, "/api/v1/stock/adjustments", json!({"item_no": "KAFFE", "warehouse": "MAIN", "qty": "1000", "reason": "found", "date": "2025-01-01"}))
                .await;
        assert_eq!(st, 204, "{e}");
        let mut customers = Vec::new();
        for (name, postcode, _) in CUSTOMERS {
            let (st, p) = post(&c, &s, "/api/v1/customers", json!({"name": name, "postcode": postcode, "country": "NO"})).await;
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
            } else if rng.gen_range(0..3) == 0 {
                // part paid: the ageing counts what is left
                let (st, p) = post(&c, &s, "/api/v1/payments", json!({"invoice_no": no, "amount": "10.00", "date": date})).await;
                assert_eq!(st, 201, "{p}");
            }
        }
        // the documents, read back: the brute force's input. A line costs its quantity at
        // the item's purchase price (KAFFE's stock has that cost); a credit note's k-th line
        // its share of the credited invoice's k-th line's cost
        let mut lines = Vec::new();
        let mut read_docs = Vec::new();
        let mut costed: BTreeMap<String, Vec<(Decimal, Decimal)>> = BTreeMap::new();
        for path in &docs {
            let (st, d) = get_json(&c, &s, path).await;
            assert_eq!(st, 200, "{d}");
            read_docs.push(d.clone());
            let credit = d["kind"] == "credit_note";
            let sign = if credit { -Decimal::ONE } else { Decimal::ONE };
            let mut own = Vec::new();
            for (k, l) in d["lines"].as_array().unwrap().iter().filter(|l| l["kind"] == "item").enumerate() {
                let item = l["item_no"].as_str().unwrap().to_string();
                let at = ITEMS.iter().position(|(n, _)| *n == item).unwrap();
                let qty = dec(&l["qty"]);
                let cost = if credit {
                    let (q, c) = costed[d["credited_no"].as_str().unwrap_or_else(|| panic!("{d}"))][k];
                    cents(c * qty / q)
                } else {
                    cents(qty * COSTS[at].parse::<Decimal>().unwrap())
                };
                own.push((qty, cost));
                lines.push(Line {
                    date: d["invoice_date"].as_str().unwrap().to_string(),
                    customer: d["customer_no"].as_str().unwrap().to_string(),
                    group: ITEMS[at].1.to_string(),
                    item,
                    net: sign * dec(&l["net"]),
                    cost: sign * cost,
                });
            }
            costed.insert(d["number"].as_str().unwrap().to_string(), own);
        }
        let all = |_: &Line| true;
        let county = |l: &Line| CUSTOMERS[customers.iter().position(|c| *c == l.customer).unwrap()].2.to_string();
        // by each dimension, this year and last year's column
        let by: [(&str, &dyn Fn(&Line) -> String); 5] = [
            ("region", &county),
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
            // the profitability columns: cost and margin
            let cost = |l: &Line| l.cost;
            assert_eq!(column(&r, "cost"), brute_of(&lines, "2026-01", "2026-11", key, all, cost), "{backend}: cost by {dim}");
            assert_eq!(column(&r, "margin"), brute_of(&lines, "2026-01", "2026-11", key, all, |l| l.net - l.cost), "{backend}: margin by {dim}");
            if dim != "month" {
                let prev = brute_of(&lines, "2025-01", "2025-11", key, all, |l| l.net - l.cost);
                assert_eq!(column(&r, "prev_margin"), prev, "{backend}: last year's margin by {dim}");
            }
            let total_cost: Decimal = brute_of(&lines, "2026-01", "2026-11", key, all, cost).values().sum();
            assert_eq!((dec(&r["total_cost"]), dec(&r["total_margin"])), (total_cost, total - total_cost), "{backend}: total cost by {dim}");
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
        let r = report(&c, &s, &[("from", "2025-01"), ("to", "2026-12"), ("by", "customer"), ("warehouse", "MAIN")]).await;
        let from_stock = |l: &Line| l.item == "KAFFE";
        assert_eq!(nets(&r, false), brute(&lines, "2025-01", "2026-12", |l| l.customer.clone(), from_stock), "{backend}: warehouse filter");
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
        // a county's drill-down: the lines of its customers
        let (ok, drill) =
            server_fn(&c, &s, "reports/sales-lines", &[("query[from]", "2025-01"), ("query[to]", "2026-12"), ("query[by]", "region"), ("key", "NO-03")]).await;
        assert!(ok, "{drill}");
        let oslo: Vec<&Line> = lines.iter().filter(|l| county(l) == "NO-03").collect();
        assert_eq!(drill.as_array().unwrap().len(), oslo.len(), "{backend}: Oslo's lines");
        assert_eq!(drill.as_array().unwrap().iter().map(|l| dec(&l["net"])).sum::<Decimal>(), oslo.iter().map(|l| l.net).sum::<Decimal>());

        ageing_equals_the_documents(&c, &s, backend, &read_docs).await;

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
        assert!(strings.contains(key) && strings.contains(CUSTOMERS[0].0) || strings.contains(CUSTOMERS[1].0), "{strings}");
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
        let (ok, r) = server_fn(&other, &s, "reports/ageing", &[("query[currency]", "")]).await;
        assert!(ok && r["rows"].as_array().unwrap().is_empty() && r["total"]["open"] == "0", "{backend}: {r}");
        let (ok, _) = server_fn(&other, &s, "reports/sales", &[("query[customer]", &customers[0])]).await;
        assert!(!ok, "{backend}: another company's customer is unknown here");
    }
}

/// The ageing report against the documents: each customer's open amount in the bucket
/// of its days overdue (today, as the server counts it), and DSO over 90 days from the
/// invoices' totals; the CSV's total row; a customer's drill-down.
async fn ageing_equals_the_documents(c: &reqwest::Client, s: &Server, backend: &str, docs: &[Value]) {
    let (ok, r) = server_fn(c, s, "reports/ageing", &[("query[currency]", "")]).await;
    assert!(ok, "{r}");
    let today: chrono::NaiveDate = r["as_of"].as_str().unwrap().parse().unwrap();
    let mut open: BTreeMap<String, [Decimal; 5]> = BTreeMap::new();
    let mut invoiced: BTreeMap<String, Decimal> = BTreeMap::new();
    for d in docs {
        let customer = d["customer_no"].as_str().unwrap().to_string();
        let left = dec(&d["open"]);
        let due: chrono::NaiveDate = d["due_date"].as_str().unwrap().parse().unwrap();
        let overdue = if d["kind"] == "invoice" && left > Decimal::ZERO { (today - due).num_days().max(0) } else { 0 };
        let bucket = match overdue {
            0 => 0,
            1..=30 => 1,
            31..=60 => 2,
            61..=90 => 3,
            _ => 4,
        };
        if !left.is_zero() {
            open.entry(customer.clone()).or_insert([Decimal::ZERO; 5])[bucket] += left;
        }
        let date: chrono::NaiveDate = d["invoice_date"].as_str().unwrap().parse().unwrap();
        if date > today - chrono::Duration::days(90) && date <= today {
            let sign = if d["kind"] == "credit_note" { -Decimal::ONE } else { Decimal::ONE };
            *invoiced.entry(customer).or_insert(Decimal::ZERO) += sign * dec(&d["totals"]["gross"]);
        }
    }
    for row in r["rows"].as_array().unwrap() {
        let no = row["customer_no"].as_str().unwrap();
        let buckets: Vec<Decimal> = row["buckets"].as_array().unwrap().iter().map(dec).collect();
        assert_eq!(buckets, open.get(no).copied().unwrap_or([Decimal::ZERO; 5]).to_vec(), "{backend}: customer {no}'s buckets");
        let sales = invoiced.get(no).copied().unwrap_or(Decimal::ZERO);
        assert_eq!(dec(&row["invoiced"]), sales, "{backend}: customer {no} invoiced");
        let dso = (sales > Decimal::ZERO).then(|| (dec(&row["open"]) * Decimal::from(90) / sales).round_dp(0));
        assert_eq!(row["dso"].as_str().map(|d| d.parse::<Decimal>().unwrap()), dso, "{backend}: customer {no}'s DSO");
    }
    let listed = r["rows"].as_array().unwrap().len();
    let expected = open.keys().chain(invoiced.keys()).collect::<std::collections::BTreeSet<_>>().len();
    assert_eq!(listed, expected, "{backend}: a row per customer with something open or invoiced");
    let total: Decimal = open.values().flatten().sum();
    assert_eq!(dec(&r["total"]["open"]), total, "{backend}: the total open");
    // the CSV's last line is the total row; a customer's drill-down lists their open items
    let csv = c.get(format!("{}/reports/receivables.csv", s.base)).send().await.unwrap().text().await.unwrap();
    assert!(csv.trim_end().lines().last().unwrap().split(';').nth(7) == Some(r["total"]["open"].as_str().unwrap()), "{csv}");
    let first = r["rows"][0]["customer_no"].as_str().unwrap();
    let (ok, one) = server_fn(c, s, "reports/ageing", &[("query[customer]", first)]).await;
    assert!(ok, "{one}");
    let items = one["items"].as_array().unwrap();
    assert_eq!(items.iter().map(|i| dec(&i["open"])).sum::<Decimal>(), dec(&one["total"]["open"]), "{backend}: the drill-down adds up");
    assert!(items.iter().all(|i| i["customer_no"] == first));
    let (ok, e) = server_fn(c, s, "reports/ageing", &[("query[days]", "1000")]).await;
    assert!(!ok && e.to_string().contains("1000"), "{e}");
}

/// Quotes versus orders against the documents: random quotes over 2026, each ordered in
/// full, ordered in part (one line, one of it: a changed quantity), marked lost or left
/// (expired once past its validity, else open); the report by customer and by month, a
/// customer filter, the changed lines, the CSV's total, and another company's view.
#[tokio::test]
async fn the_quotes_report_equals_the_documents() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        for (no, kind) in [("KAFFE", "non_stock"), ("SERVICE", "service")] {
            let item = json!({"item_no": no, "description": no, "unit": "stk", "sales_price": "100", "vat_code": "S25", "active": "true", "kind": kind});
            let (st, e) = post(&c, &s, "/api/v1/items", item).await;
            assert_eq!(st, 201, "{e}");
        }
        let mut customers = Vec::new();
        for (name, _, _) in CUSTOMERS {
            let (st, p) = post(&c, &s, "/api/v1/customers", json!({"name": name})).await;
            assert_eq!(st, 201, "{p}");
            customers.push(p["customer_no"].as_str().unwrap().to_string());
        }
        let today = chrono::Local::now().date_naive();
        let db = app::db::Db::connect(&s.url).await.unwrap();
        let mut rng = rand::rngs::StdRng::seed_from_u64(if backend == "sqlite" { 3 } else { 5 });
        // per customer: (quotes, won, lost, open, quoted, ordered)
        let mut want: BTreeMap<String, (i64, i64, i64, i64, Decimal, Decimal)> = BTreeMap::new();
        let mut part_ordered = 0;
        for _ in 0..16 {
            let date = format!("2026-{:02}-{:02}", rng.gen_range(1..=11), rng.gen_range(1..=28));
            let customer = customers[rng.gen_range(0..customers.len())].clone();
            let n = rng.gen_range(1..=3);
            let lines: Vec<Value> = (0..n)
                .map(|_| json!({"item_no": (["KAFFE", "SERVICE"][rng.gen_range(0..2)]), "qty": rng.gen_range(2..=9).to_string(), "unit_price": format!("{}.50", rng.gen_range(10..=300))}))
                .collect();
            let (st, q) = post(&c, &s, "/api/v1/quotes", json!({"customer_no": customer, "lines": lines})).await;
            assert_eq!(st, 201, "{q}");
            let qno = q["number"].as_str().unwrap().to_string();
            // a quote is dated today: move it back, valid 30 days from then (time passed)
            let valid = date.parse::<chrono::NaiveDate>().unwrap() + chrono::Duration::days(30);
            sqlx::query(
                "UPDATE quotes SET quote_date = $1, valid_until = $2 WHERE quote_no = $3 AND customer_id IN (SELECT id FROM parties WHERE customer_no = $4)",
            )
            .bind(&date)
            .bind(valid.to_string())
            .bind(&qno)
            .bind(&customer)
            .execute(&db.pool)
            .await
            .unwrap();
            let w = want.entry(customer).or_insert((0, 0, 0, 0, Decimal::ZERO, Decimal::ZERO));
            w.0 += 1;
            w.4 += dec(&q["totals"]["net"]);
            match rng.gen_range(0..4) {
                action @ (0 | 1) => {
                    let chosen: Vec<Value> =
                        if action == 0 { (1..=n).map(|l| json!({"line_no": l})).collect() } else { vec![json!({"line_no": 1, "qty": "1"})] };
                    let (st, o) = post(&c, &s, &format!("/api/v1/quotes/{qno}/order"), json!({"lines": chosen, "confirm": true})).await;
                    assert_eq!(st, 201, "{o}");
                    w.1 += 1;
                    w.5 += dec(&o["totals"]["net"]);
                    part_ordered += action;
                }
                2 => {
                    let (ok, e) = server_fn(&c, &s, "sales/quote/lost", &[("no", &qno), ("reason", "Pris")]).await;
                    assert!(ok, "{e}");
                    w.2 += 1;
                }
                _ => {
                    if valid < today {
                        w.2 += 1;
                    } else {
                        w.3 += 1;
                    }
                }
            }
        }
        let quotes_report = |q: Vec<(&'static str, String)>| {
            let (c, s) = (&c, &s);
            async move {
                let form: Vec<(String, String)> = q.iter().map(|(k, v)| (format!("query[{k}]"), v.clone())).collect();
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let (ok, r) = server_fn(c, s, "reports/quotes", &form).await;
                assert!(ok, "{r}");
                r
            }
        };
        let row_of = |x: &Value| {
            let n = |k: &str| x[k].as_i64().unwrap();
            (n("quotes"), n("won"), n("lost"), n("open"), dec(&x["quoted"]), dec(&x["ordered"]))
        };
        let r = quotes_report(vec![("from", "2026-01".into()), ("to", "2026-12".into()), ("by", "customer".into())]).await;
        let got: BTreeMap<String, _> = r["rows"].as_array().unwrap().iter().map(|x| (x["key"].as_str().unwrap().to_string(), row_of(x))).collect();
        assert_eq!(got, want, "{backend}: by customer");
        let (won, lost): (i64, i64) = (want.values().map(|w| w.1).sum(), want.values().map(|w| w.2).sum());
        let conversion = (Decimal::from(won) * Decimal::ONE_HUNDRED / Decimal::from(won + lost)).round_dp(1);
        assert_eq!(r["total"]["conversion_pct"].as_str().map(|p| p.parse::<Decimal>().unwrap()), Some(conversion), "{backend}");
        // the lines ordered in part: one each, quoted qty against 1 ordered
        let changes = r["changes"].as_array().unwrap();
        assert_eq!(changes.len() as i64, part_ordered, "{backend}: {changes:?}");
        assert!(changes.iter().all(|x| dec(&x["ordered_qty"]) == Decimal::ONE && dec(&x["quoted_qty"]) > Decimal::ONE), "{changes:?}");
        // by month the same quotes; one customer alone
        let by_month = quotes_report(vec![("from", "2026-01".into()), ("to", "2026-12".into()), ("by", "month".into())]).await;
        let n: i64 = by_month["rows"].as_array().unwrap().iter().map(|x| x["quotes"].as_i64().unwrap()).sum();
        assert_eq!(n, 16, "{backend}");
        let one = customers[0].clone();
        let r1 = quotes_report(vec![("from", "2026-01".into()), ("to", "2026-12".into()), ("by", "customer".into()), ("customer", one.clone())]).await;
        let rows = r1["rows"].as_array().unwrap();
        assert!(rows.len() <= 1 && rows.iter().all(|x| x["key"] == one.as_str()), "{backend}: {r1}");
        // the CSV's total row
        let csv = c.get(format!("{}/reports/quotes.csv?from=2026-01&to=2026-12&by=customer", s.base)).send().await.unwrap().text().await.unwrap();
        let total = csv.trim_end().lines().last().unwrap().to_string();
        assert!(total.starts_with(&format!(";Total;16;{won};{lost};")), "{total}");
        // another company sees none of it
        let (other, _) = company_in(&s, "NO", "Annen AS", "982463718").await;
        let (ok, r) = server_fn(&other, &s, "reports/quotes", &[("query[from]", "2026-01")]).await;
        assert!(ok && r["rows"].as_array().unwrap().is_empty() && r["changes"].as_array().unwrap().is_empty(), "{backend}: {r}");
    }
}

/// Budget against actual: budgets imported from CSV and typed on screen, against the
/// invoiced net of invoices posted for the test, by customer and by item group — each
/// equal to the CSV's and the documents' own sums; a later amount replaces an earlier
/// one; a file with a bad line writes nothing and names every bad line; a preview
/// writes nothing; another company neither sees the budgets nor can name our customers.
#[tokio::test]
async fn the_budget_report_equals_the_budgets_and_the_documents() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        for (no, group) in [("KAFFE", "DRIKKE"), ("KOPP", "SERVISE")] {
            let item = json!({"item_no": no, "description": no, "unit": "stk", "sales_price": "100", "vat_code": "S25", "active": "true", "kind": "non_stock", "item_group": group});
            let (st, e) = post(&c, &s, "/api/v1/items", item).await;
            assert_eq!(st, 201, "{e}");
        }
        let mut customers = Vec::new();
        for (name, _, _) in &CUSTOMERS[..2] {
            let (st, p) = post(&c, &s, "/api/v1/customers", json!({"name": name})).await;
            assert_eq!(st, 201, "{p}");
            customers.push(p["customer_no"].as_str().unwrap().to_string());
        }
        // the actual: (customer, group) → net
        let mut actual: BTreeMap<(String, String), Decimal> = BTreeMap::new();
        for (i, (date, item, price)) in
            [("2026-03-05", "KAFFE", "120.50"), ("2026-03-20", "KOPP", "80"), ("2026-04-02", "KAFFE", "99.99"), ("2026-06-10", "KOPP", "10")].iter().enumerate()
        {
            let customer = &customers[i % 2];
            let (st, inv) = post(
                &c,
                &s,
                "/api/v1/invoices",
                json!({"customer_no": customer, "invoice_date": date, "lines": [{"item_no": item, "qty": "3", "unit_price": price}]}),
            )
            .await;
            assert_eq!(st, 201, "{inv}");
            let group = if *item == "KAFFE" { "DRIKKE" } else { "SERVISE" };
            if &date[..7] <= "2026-04" {
                *actual.entry((customer.clone(), group.to_string())).or_default() += dec(&inv["totals"]["net"]);
            }
        }
        let (a, b) = (&customers[0], &customers[1]);
        let csv = format!(
            "by;key;month;amount\ncustomer;{a};2026-03;500\ncustomer;{a};2026-04;250,50\ncustomer;{b};2026-03;1 000\nitem_group;DRIKKE;2026-03;300\nitem_group;SERVISE;2026-04;40\ncustomer;{a};2027-01;999\n"
        );
        let (ok, r) = server_fn(&c, &s, "reports/budget/import", &[("csv", &csv), ("preview", "true")]).await;
        assert!(ok && r["imported"] == 0 && r["rows"] == 6, "{backend}: {r}");
        let report = |by: &'static str| {
            let (c, s) = (&c, &s);
            async move {
                let (ok, r) = server_fn(c, s, "reports/budget", &[("query[from]", "2026-03"), ("query[to]", "2026-04"), ("query[by]", by)]).await;
                assert!(ok, "{r}");
                r
            }
        };
        assert!(report("customer").await["rows"].as_array().unwrap().iter().all(|x| dec(&x["budget"]).is_zero()), "{backend}: a preview writes nothing");
        let (ok, r) = server_fn(&c, &s, "reports/budget/import", &[("csv", &csv), ("preview", "false")]).await;
        assert!(ok && r["imported"] == 6, "{backend}: {r}");
        let rows = |r: &Value| -> BTreeMap<String, (Decimal, Decimal, Decimal)> {
            r["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| (x["key"].as_str().unwrap().to_string(), (dec(&x["budget"]), dec(&x["actual"]), dec(&x["variance"]))))
                .collect()
        };
        let sum = |f: &dyn Fn(&(String, String)) -> bool| actual.iter().filter(|(k, _)| f(k)).map(|(_, v)| *v).sum::<Decimal>();
        let want = |budget: Decimal, act: Decimal| (budget, act, act - budget);
        let by_customer = rows(&report("customer").await);
        assert_eq!(
            by_customer,
            BTreeMap::from([(a.clone(), want(Decimal::new(75050, 2), sum(&|k| k.0 == *a))), (b.clone(), want(Decimal::from(1000), sum(&|k| k.0 == *b))),]),
            "{backend}: by customer"
        );
        let by_group = rows(&report("item_group").await);
        assert_eq!(
            by_group,
            BTreeMap::from([
                ("DRIKKE".to_string(), want(Decimal::from(300), sum(&|k| k.1 == "DRIKKE"))),
                ("SERVISE".to_string(), want(Decimal::from(40), sum(&|k| k.1 == "SERVISE"))),
            ]),
            "{backend}: by group"
        );
        // typed on screen: April replaced, the other months of the year 0
        let (ok, e) =
            server_fn(&c, &s, "reports/budget/save", &[("input[by]", "customer"), ("input[key]", a), ("input[year]", "2026"), ("input[m4]", "100")]).await;
        assert!(ok, "{e}");
        assert_eq!(rows(&report("customer").await)[a].0, Decimal::from(100), "{backend}: March 0, April 100");
        // a bad file: every bad line named, nothing written
        let bad = format!("by;key;month;amount\ncustomer;{a};2026-13;5\ncustomer;999999;2026-03;5\nitem_group;DRIKKE;2026-03;7\n");
        let (ok, r) = server_fn(&c, &s, "reports/budget/import", &[("csv", &bad), ("preview", "false")]).await;
        assert!(ok && r["imported"] == 0, "{r}");
        let lines: Vec<i64> = r["errors"].as_array().unwrap().iter().map(|e| e[0].as_i64().unwrap()).collect();
        assert_eq!(lines, [2, 3], "{backend}: {r}");
        assert!(r["errors"][1][1].as_str().unwrap().contains("999999"), "{r}");
        assert_eq!(rows(&report("item_group").await)["DRIKKE"].0, Decimal::from(300), "{backend}: nothing written");
        let (ok, e) =
            server_fn(&c, &s, "reports/budget/save", &[("input[by]", "customer"), ("input[key]", a), ("input[year]", "2026"), ("input[m4]", "mange")]).await;
        assert!(!ok && e.to_string().contains("mange"), "{e}");
        // the CSV download's total
        let csv = c.get(format!("{}/reports/budget.csv?from=2026-03&to=2026-04&by=item_group", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(csv.trim_end().lines().last().unwrap().starts_with(";Total;340.00;"), "{csv}");
        // another company: nothing seen, our customer unknown
        let (other, _) = company_in(&s, "NO", "Annen AS", "982463718").await;
        let (ok, r) = server_fn(&other, &s, "reports/budget", &[("query[from]", "2026-03"), ("query[to]", "2026-04")]).await;
        assert!(ok && r["rows"].as_array().unwrap().is_empty(), "{backend}: {r}");
        let (ok, e) =
            server_fn(&other, &s, "reports/budget/save", &[("input[by]", "customer"), ("input[key]", a), ("input[year]", "2026"), ("input[m1]", "1")]).await;
        assert!(!ok && e.to_string().contains("Unknown customer"), "{backend}: {e}");
    }
}

/// Stock turnover against the valuation and the ledger: stock found (adjustments) and
/// sold on invoices across the period, a second item never sold; the report's opening
/// and closing values equal the valuation at the day before and the last day, the
/// issued quantities the invoices', the cost the moves' own; the unsold item is a slow
/// mover; an unknown warehouse is said; another company sees none of it.
#[tokio::test]
async fn the_turnover_report_equals_the_valuation_and_the_moves() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        for (no, cost) in [("LAGER-A", "7"), ("LAGER-B", "3,35")] {
            let item =
                json!({"item_no": no, "description": no, "unit": "stk", "sales_price": "99", "purchase_price": cost, "vat_code": "S25", "active": "true"});
            let (st, e) = post(&c, &s, "/api/v1/items", item).await;
            assert_eq!(st, 201, "{e}");
        }
        let (st, p) = post(&c, &s, "/api/v1/customers", json!({"name": "Lagerkunde AS"})).await;
        assert_eq!(st, 201, "{p}");
        let customer = p["customer_no"].as_str().unwrap().to_string();
        let adjust = |item: &str, qty: i64, date: &str| json!({"item_no": item, "warehouse": "MAIN", "qty": qty.to_string(), "reason": "found", "date": date});
        for (item, qty, date) in [("LAGER-A", 20, "2026-01-10"), ("LAGER-B", 5, "2026-01-12"), ("LAGER-A", 10, "2026-02-15")] {
            let (st, e) = post(&c, &s, "/api/v1/stock/adjustments", adjust(item, qty, date)).await;
            assert_eq!(st, 204, "{e}");
        }
        let mut issued = Decimal::ZERO;
        for (date, qty) in [("2026-01-20", "4"), ("2026-02-20", "3"), ("2026-03-05", "6"), ("2026-04-02", "1")] {
            let (st, inv) = post(
                &c,
                &s,
                "/api/v1/invoices",
                json!({"customer_no": customer, "invoice_date": date, "lines": [{"item_no": "LAGER-A", "qty": qty, "unit_price": "99"}]}),
            )
            .await;
            assert_eq!(st, 201, "{inv}");
            if ("2026-02-01".."2026-04-01").contains(&date) {
                issued += qty.parse::<Decimal>().unwrap();
            }
        }
        let (ok, r) = server_fn(&c, &s, "reports/turnover", &[("query[from]", "2026-02"), ("query[to]", "2026-03")]).await;
        assert!(ok, "{r}");
        let value_at = |date: &'static str| {
            let (c, s) = (&c, &s);
            async move {
                let (ok, v) = server_fn(c, s, "stock/valuation", &[("as_of", date), ("warehouse", "")]).await;
                assert!(ok, "{v}");
                v["rows"].as_array().unwrap().iter().map(|x| (x["item_no"].as_str().unwrap().to_string(), dec(&x["value"]))).collect::<BTreeMap<_, _>>()
            }
        };
        let (opening, closing) = (value_at("2026-01-31").await, value_at("2026-03-31").await);
        let db = app::db::Db::connect(&s.url).await.unwrap();
        let cost_e7: i64 = sqlx::query_scalar(
            "SELECT CAST(SUM(-m.qty_milli * m.unit_cost_e4) AS BIGINT) FROM stock_moves m JOIN items i ON i.id = m.item_id
             WHERE i.item_no = 'LAGER-A' AND m.origin_kind = 'invoice' AND m.move_date >= '2026-02-01' AND m.move_date <= '2026-03-31'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let cogs = Decimal::new(cost_e7, 7).round_dp(2);
        let rows = r["rows"].as_array().unwrap();
        let keys: Vec<&str> = rows.iter().map(|x| x["item_no"].as_str().unwrap()).collect();
        assert_eq!(keys, ["LAGER-B", "LAGER-A"], "{backend}: the slow mover first");
        let (b, a) = (&rows[0], &rows[1]);
        assert!(b["slow"] == true && a["slow"] == false, "{r}");
        assert_eq!((dec(&a["opening_value"]), dec(&a["value"])), (opening["LAGER-A"], closing["LAGER-A"]), "{backend}");
        assert_eq!((dec(&a["issued"]), dec(&a["cogs"])), (issued, cogs), "{backend}");
        let average = (opening["LAGER-A"] + closing["LAGER-A"]) / Decimal::TWO;
        assert_eq!(dec(&a["turnover"]), (cogs / average).round_dp(2), "{backend}");
        assert_eq!(a["last_issue"], "2026-03-05", "{backend}");
        assert_eq!(dec(&b["value"]), closing["LAGER-B"], "{backend}");
        // the CSV has the same rows; a warehouse of its own and an unknown one
        let csv = c.get(format!("{}/reports/turnover.csv?from=2026-02&to=2026-03", s.base)).send().await.unwrap().text().await.unwrap();
        assert!(csv.lines().nth(1).unwrap().starts_with("LAGER-B;"), "{csv}");
        let (ok, one) = server_fn(&c, &s, "reports/turnover", &[("query[from]", "2026-02"), ("query[to]", "2026-03"), ("query[warehouse]", "MAIN")]).await;
        assert!(ok && one["rows"] == r["rows"], "{backend}: {one}");
        // an invoice dated back into the period after its closings were made: the
        // closings take it in (the report counts it), and still equal the ledger
        let late = json!({"customer_no": customer, "invoice_date": "2026-03-10", "lines": [{"item_no": "LAGER-A", "qty": "2", "unit_price": "99"}]});
        let (st, inv) = post(&c, &s, "/api/v1/invoices", late).await;
        assert_eq!(st, 201, "{inv}");
        let (ok, again) = server_fn(&c, &s, "reports/turnover", &[("query[from]", "2026-02"), ("query[to]", "2026-03")]).await;
        let a = again["rows"].as_array().unwrap().iter().find(|x| x["item_no"] == "LAGER-A").unwrap_or_else(|| panic!("{again}")).clone();
        assert!(ok && dec(&a["issued"]) == issued + Decimal::TWO && a["last_issue"] == "2026-03-10", "{backend}: {again}");
        let check = std::process::Command::new(env!("CARGO_BIN_EXE_flyt")).arg("check").env("DATABASE_URL", &s.url).output().unwrap();
        assert!(check.status.success(), "{backend}: {}", String::from_utf8_lossy(&check.stdout));
        let (ok, e) = server_fn(&c, &s, "reports/turnover", &[("query[warehouse]", "NOWHERE")]).await;
        assert!(!ok && e.to_string().contains("NOWHERE"), "{e}");
        let (other, _) = company_in(&s, "NO", "Annen AS", "982463718").await;
        let (ok, r) = server_fn(&other, &s, "reports/turnover", &[("query[from]", "2026-01")]).await;
        assert!(ok && r["rows"].as_array().unwrap().is_empty(), "{backend}: {r}");
    }
}

/// Profitability, rule by rule, with the figures worked out by hand: a stock item
/// received at 10 and at 20 (average 15), an order of it delivered in part then
/// invoiced (the deliveries' average), a direct invoice of it (its own moves) and of a
/// service (its purchase price), a credit note of one unit (the credited line's share);
/// the drill-down names each line's rule; the CSV and the printed PDF (with its chart)
/// carry cost and margin; another company sees none of it.
#[tokio::test]
async fn profitability_costs_each_line_by_its_rule() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let item = |no: &str, kind: &str, purchase: &str| json!({"item_no": no, "description": no, "unit": "stk", "sales_price": "50", "purchase_price": purchase, "vat_code": "S25", "active": "true", "kind": kind});
        for (no, kind, purchase) in [("VARE", "stock", "10"), ("KONSULENT", "service", "150")] {
            let (st, e) = post(&c, &s, "/api/v1/items", item(no, kind, purchase)).await;
            assert_eq!(st, 201, "{e}");
        }
        let adjust = json!({"item_no": "VARE", "warehouse": "MAIN", "qty": "10", "reason": "found", "date": "2026-03-01"});
        assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", adjust.clone()).await.0, 204);
        let r = c.patch(format!("{}/api/v1/items/VARE", s.base)).json(&item("VARE", "stock", "20")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        assert_eq!(post(&c, &s, "/api/v1/stock/adjustments", adjust).await.0, 204);
        let mut nos = Vec::new();
        for name in ["Direkte AS", "Ordre AS"] {
            let (st, p) = post(&c, &s, "/api/v1/customers", json!({"name": name})).await;
            assert_eq!(st, 201, "{p}");
            nos.push(p["customer_no"].as_str().unwrap().to_string());
        }
        // the order: 6 ordered, 4 delivered (at the average 15), invoiced
        let (st, o) =
            post(&c, &s, "/api/v1/orders", json!({"customer_no": nos[1], "confirm": true, "lines": [{"item_no": "VARE", "qty": "6", "unit_price": "99"}]}))
                .await;
        assert_eq!(st, 201, "{o}");
        let ono = o["number"].as_str().unwrap().to_string();
        let (st, d) = post(&c, &s, &format!("/api/v1/orders/{ono}/deliveries"), json!({"lines": [{"line_no": 1, "qty": "4"}]})).await;
        assert_eq!(st, 201, "{d}");
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"orders": [ono]})).await;
        assert_eq!(st, 201, "{inv}");
        // the direct invoice: 3 VARE from stock, 2 hours of a service; one VARE credited
        let lines = json!([{"item_no": "VARE", "qty": "3", "unit_price": "50"}, {"item_no": "KONSULENT", "qty": "2", "unit_price": "400"}]);
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": nos[0], "lines": lines})).await;
        assert_eq!(st, 201, "{inv}");
        let ino = inv["number"].as_str().unwrap().to_string();
        let (st, cn) = post(&c, &s, &format!("/api/v1/invoices/{ino}/credit-notes"), json!({"lines": [{"line_no": 1, "qty": "1"}]})).await;
        assert_eq!(st, 201, "{cn}");

        let (ok, r) = server_fn(&c, &s, "reports/sales", &[("query[by]", "customer")]).await;
        assert!(ok, "{r}");
        let row = |no: &str| r["rows"].as_array().unwrap().iter().find(|x| x["key"] == no).unwrap_or_else(|| panic!("{no} in {r}")).clone();
        let figures = |x: &Value| [dec(&x["net"]), dec(&x["cost"]), dec(&x["margin"])];
        // net 150 + 800 − 50; cost 3 × 15 + 2 × 150 − 15; the order: 4 × 99 against 4 × 15
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(figures(&row(&nos[0])), [d("900"), d("330"), d("570")], "{backend}: {r}");
        assert_eq!(row(&nos[0])["margin_pct"], "63.3", "{backend}");
        assert_eq!(figures(&row(&nos[1])), [d("396"), d("60"), d("336")], "{backend}: {r}");
        assert_eq!((dec(&r["total_cost"]), dec(&r["total_margin"])), (d("390"), d("906")), "{backend}");
        // the warehouse filter: the lines that left MAIN (the service stays out; the credit
        // note's line left where the credited line did)
        let (ok, w) = server_fn(&c, &s, "reports/sales", &[("query[by]", "customer"), ("query[warehouse]", "MAIN")]).await;
        assert!(ok, "{w}");
        let row = |no: &str| w["rows"].as_array().unwrap().iter().find(|x| x["key"] == no).unwrap_or_else(|| panic!("{no} in {w}")).clone();
        assert_eq!(figures(&row(&nos[0])), [d("100"), d("30"), d("70")], "{backend}: {w}");
        assert_eq!(figures(&row(&nos[1])), [d("396"), d("60"), d("336")], "{backend}: {w}");
        let (ok, e) = server_fn(&c, &s, "reports/sales", &[("query[warehouse]", "NOWHERE")]).await;
        assert!(!ok && e.to_string().contains("NOWHERE"), "{e}");
        // the drill-down: each line's cost and the rule that gave it
        let (ok, drill) = server_fn(&c, &s, "reports/sales-lines", &[("query[by]", "customer"), ("key", &nos[0])]).await;
        assert!(ok, "{drill}");
        let mut got: Vec<(String, Decimal, String)> = drill
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (l["item_no"].as_str().unwrap().to_string(), dec(&l["cost"]), l["cost_from"].as_str().unwrap_or("").to_string()))
            .collect();
        got.sort();
        let want = [("KONSULENT", "300", "purchase_price"), ("VARE", "-15", "credited"), ("VARE", "45", "stock")];
        assert_eq!(got, want.map(|(i, c, f)| (i.to_string(), d(c), f.to_string())), "{backend}");
        let (ok, drill) = server_fn(&c, &s, "reports/sales-lines", &[("query[by]", "customer"), ("key", &nos[1])]).await;
        assert!(ok && drill[0]["cost_from"] == "delivery" && dec(&drill[0]["cost"]) == d("60"), "{backend}: {drill}");
        // the download: cost, margin, margin % and last year's margin
        let csv = c.get(format!("{}/reports/profit.csv?by=customer", s.base)).send().await.unwrap();
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-disposition"].to_str().unwrap().contains("profit-by-customer-"), "{:?}", csv.headers());
        let csv = csv.text().await.unwrap();
        assert!(csv.lines().next().unwrap().contains("Margin %"), "{csv}");
        assert!(csv.lines().any(|l| l.starts_with(&format!("{};Direkte AS;900.00;330.00;570.00;63.3;0.00", nos[0]))), "{backend}: {csv}");
        assert!(csv.trim_end().ends_with(";1296.00;390.00;906.00;69.9;0.00"), "{backend}: {csv}");
        // the printable PDF: title, the chart's bars and the same rows and total
        let pdf = c.get(format!("{}/reports/profit.pdf?by=customer", s.base)).send().await.unwrap();
        assert_eq!(pdf.status(), 200);
        assert_eq!(pdf.headers()["content-type"], "application/pdf");
        let bytes = pdf.bytes().await.unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        if let Some(text) = pdf_text(&bytes) {
            for want in ["Profitability", "Direkte AS", "Ordre AS", "570.00", "906.00", "69.9 %", "Margin %"] {
                assert!(text.contains(want), "{backend}: {want} in {text}");
            }
            // the chart: the bar's value and its label beside the table's row
            assert!(text.matches("Direkte AS").count() >= 2, "{backend}: the chart's label and the table's row: {text}");
        }
        // the migration that costed what was invoiced before gives these lines the costs
        // and warehouses their postings fixed (its statements run into a copy)
        backfill_equals_posting(&s, backend).await;
        // every report prints
        for name in ["sales", "receivables", "quotes", "budget", "turnover"] {
            let r = c.get(format!("{}/reports/{name}.pdf", s.base)).send().await.unwrap();
            assert_eq!(r.status(), 200, "{backend}: {name}");
            assert!(r.bytes().await.unwrap().starts_with(b"%PDF-"), "{backend}: {name}");
        }
        let (other, _) = company_in(&s, "NO", "Annen AS", "982463718").await;
        let (ok, e) = server_fn(&other, &s, "reports/sales-lines", &[("query[by]", "customer"), ("key", &nos[0])]).await;
        assert!(ok && e.as_array().unwrap().is_empty(), "{backend}: {e}");
        let csv = other.get(format!("{}/reports/profit.csv?by=customer", s.base)).send().await.unwrap().text().await.unwrap();
        assert_eq!(csv.lines().count(), 2, "{backend}: only headings and a zero total: {csv}");
    }
}

/// Runs migration 0035's statements that cost earlier invoices into an empty copy of
/// `invoice_line_costs` and compares it with what the postings stored.
async fn backfill_equals_posting(s: &Server, backend: &str) {
    let sql = match backend {
        "sqlite" => include_str!("../../migrations/sqlite/0035_line_costs.sql"),
        _ => include_str!("../../migrations/postgres/0035_line_costs.sql"),
    };
    let db = app::db::Db::connect(&s.url).await.unwrap();
    sqlx::query("CREATE TABLE line_costs_check AS SELECT * FROM invoice_line_costs WHERE 1 = 0").execute(&db.pool).await.unwrap();
    let mut ran = 0;
    for stmt in sql.split(';').map(str::trim).filter(|s| s.lines().any(|l| l.starts_with("INSERT INTO invoice_line_costs"))) {
        let stmt: String = stmt.lines().filter(|l| !l.trim_start().starts_with("--")).collect::<Vec<_>>().join("\n");
        sqlx::query(&stmt.replace("invoice_line_costs", "line_costs_check")).execute(&db.pool).await.unwrap_or_else(|e| panic!("{backend}: {e}: {stmt}"));
        ran += 1;
    }
    assert_eq!(ran, 5, "{backend}: the migration's five costing statements");
    let read = |table: &str| {
        // a copy made by CREATE TABLE AS has no column defaults
        let q = format!("SELECT line_id, cost_minor, source, COALESCE(warehouse_id, 0) FROM {table} ORDER BY line_id");
        let pool = db.pool.clone();
        async move { sqlx::query_as::<_, (i64, i64, String, i64)>(&q).fetch_all(&pool).await.unwrap() }
    };
    let (stored, again) = (read("invoice_line_costs").await, read("line_costs_check").await);
    assert_eq!(stored.len(), 4, "{backend}: {stored:?}");
    assert_eq!(again, stored, "{backend}: the backfill against the postings");
    sqlx::query("DROP TABLE line_costs_check").execute(&db.pool).await.unwrap();
}

/// The ageing as of an earlier day: an invoice paid in two parts after its due date is
/// open in full before the first payment, in part between them, gone after the second —
/// each time in the bucket of its days overdue at that day; a day to come is refused.
#[tokio::test]
async fn the_ageing_as_of_an_earlier_day_counts_what_was_open_then() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let item =
            json!({"item_no": "RAD", "description": "Rådgivning", "unit": "t", "sales_price": "1000", "vat_code": "S25", "active": "true", "kind": "service"});
        assert_eq!(post(&c, &s, "/api/v1/items", item).await.0, 201);
        let (st, p) = post(&c, &s, "/api/v1/customers", json!({"name": "Sen Betaler AS"})).await;
        assert_eq!(st, 201, "{p}");
        let customer = p["customer_no"].as_str().unwrap().to_string();
        let lines = json!([{"item_no": "RAD", "qty": "1", "unit_price": "1000"}]);
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": customer, "invoice_date": "2026-01-10", "lines": lines})).await;
        assert_eq!(st, 201, "{inv}");
        let no = inv["number"].as_str().unwrap().to_string();
        let due: chrono::NaiveDate = inv["due_date"].as_str().unwrap().parse().unwrap();
        for (amount, date) in [("250", "2026-03-01"), ("1000", "2026-05-01")] {
            let (st, p) = post(&c, &s, "/api/v1/payments", json!({"invoice_no": no, "amount": amount, "date": date})).await;
            assert_eq!(st, 201, "{p}");
        }
        let at = |day: &'static str| {
            let (c, s) = (&c, &s);
            async move { server_fn(c, s, "reports/ageing", &[("query[as_of]", day)]).await }
        };
        let bucket = |day: &str| match (day.parse::<chrono::NaiveDate>().unwrap() - due).num_days() {
            ..=0 => 0,
            1..=30 => 1,
            31..=60 => 2,
            61..=90 => 3,
            _ => 4,
        };
        for (day, open) in [("2026-02-15", "1250"), ("2026-03-01", "1000"), ("2026-04-20", "1000")] {
            let (ok, r) = at(day).await;
            assert!(ok, "{r}");
            assert_eq!(r["as_of"], day, "{backend}");
            let row = r["rows"].as_array().unwrap().iter().find(|x| x["customer_no"] == customer.as_str()).unwrap_or_else(|| panic!("{day}: {r}")).clone();
            let mut want = [Decimal::ZERO; 5];
            want[bucket(day)] = open.parse().unwrap();
            assert_eq!(row["buckets"].as_array().unwrap().iter().map(dec).collect::<Vec<_>>(), want.to_vec(), "{backend}: as of {day}");
            // the customer's open items as of the day
            let (ok, one) = server_fn(&c, &s, "reports/ageing", &[("query[as_of]", day), ("query[customer]", &customer)]).await;
            assert!(ok && dec(&one["items"][0]["open"]) == open.parse::<Decimal>().unwrap(), "{backend}: {one}");
        }
        // another customer's invoice credited in full later: open until the credit note's day
        let (st, p) = post(&c, &s, "/api/v1/customers", json!({"name": "Kreditert AS"})).await;
        assert_eq!(st, 201, "{p}");
        let other = p["customer_no"].as_str().unwrap().to_string();
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": other, "invoice_date": "2026-02-01", "lines": lines})).await;
        assert_eq!(st, 201, "{inv}");
        let (st, cn) = post(&c, &s, &format!("/api/v1/invoices/{}/credit-notes", inv["number"].as_str().unwrap()), json!({"date": "2026-04-01"})).await;
        assert_eq!(st, 201, "{cn}");
        for (day, open) in [("2026-03-15", "1250"), ("2026-04-01", "0")] {
            let (ok, r) = at(day).await;
            let row = r["rows"].as_array().unwrap().iter().find(|x| x["customer_no"] == other.as_str()).map(|x| dec(&x["open"]));
            assert!(ok && row == Some(open.parse().unwrap()), "{backend}: as of {day}: {r}");
        }
        // paid in full, and before the invoice: nothing open
        for day in ["2026-06-01", "2026-01-09"] {
            let (ok, r) = at(day).await;
            assert!(ok && r["total"]["open"] == "0", "{backend}: as of {day}: {r}");
        }
        // an invoice paid by a bank file (the set-wise import): open until the file's day
        let (st, p) = post(&c, &s, "/api/v1/customers", json!({"name": "Betaler Med OCR AS"})).await;
        assert_eq!(st, 201, "{p}");
        let ocr_customer = p["customer_no"].as_str().unwrap().to_string();
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": ocr_customer, "invoice_date": "2026-06-02", "lines": lines})).await;
        assert_eq!(st, 201, "{inv}");
        let ocr = app::receivables::bankfile::write_ocr(&[(125000, inv["kid"].as_str().unwrap())], "261126");
        let r = c.post(format!("{}/api/v1/bank-files?name=ocr.txt", s.base)).body(ocr).send().await.unwrap();
        assert_eq!(r.status(), 201, "{backend}: {}", r.text().await.unwrap());
        for (day, open) in [("2026-06-01", "0"), ("2026-06-02", "1250"), ("2026-11-25", "1250"), ("2026-11-26", "0")] {
            let (ok, r) = at(day).await;
            let row = r["rows"].as_array().unwrap().iter().find(|x| x["customer_no"] == ocr_customer.as_str()).map_or(Decimal::ZERO, |x| dec(&x["open"]));
            assert!(ok && row == open.parse::<Decimal>().unwrap(), "{backend}: as of {day}: {r}");
        }
        let (ok, e) = at("2999-01-01").await;
        assert!(!ok && e.to_string().contains("to come"), "{e}");
        let csv = c.get(format!("{}/reports/receivables.csv?as_of=2026-03-01", s.base)).send().await.unwrap();
        assert!(csv.headers()["content-disposition"].to_str().unwrap().contains("2026-03-01"), "{:?}", csv.headers());
    }
}
