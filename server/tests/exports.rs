//! The accounting exports over the JSON API, on SQLite and PostgreSQL. SAF-T: every file
//! validates against the official 1.30 schema (`xmllint`, with the XSD from
//! `../shared/conformance/saf-t`), debits equal credits, the balances add up to the
//! journal, every grouping and standard tax code is in the official lists. SIE 4I:
//! every rule of the spec's section 6 and its record syntax, `#KSUMMA` recomputed here
//! independently, and the file read back into the same vouchers as the journal.
//! Needs `../shared` beside the clone (skipped without it, but not in CI).
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use common::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("not an amount: {s}"))
}

fn saft_dir() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/saf-t");
    if p.join("Norwegian_SAF-T_Financial_Schema_v_1.30.xsd").exists() {
        return Some(p);
    }
    assert!(std::env::var_os("CI").is_none(), "CI needs ../shared/conformance/saf-t beside the clone");
    eprintln!("skipped: ../shared/conformance/saf-t is not beside this clone");
    None
}

/// Items at 25 % and a reduced rate, a customer and a supplier, and postings in October
/// and November 2026: invoices, a credit note, payments; two supplier invoices, one of
/// them paid. Answers the customer's and the supplier's numbers.
async fn postings(c: &reqwest::Client, s: &Server, customer: Value, supplier: Value, (unit, reduced): (&str, &str)) -> (String, String) {
    for (no, price, vat) in [("TAU-10", "249", "S25"), ("KAKE", "35,50", reduced)] {
        let item = json!({"item_no": no, "description": format!("{no} «tau» & <kake>"), "unit": unit, "sales_price": price, "purchase_price": "20", "vat_code": vat, "kind": "service", "active": "true"});
        let (st, body) = post(c, s, "/api/v1/items", item).await;
        assert_eq!(st, 201, "{body}");
    }
    let (st, cust) = post(c, s, "/api/v1/customers", customer).await;
    assert_eq!(st, 201, "{cust}");
    let no = cust["customer_no"].as_str().unwrap().to_string();
    let invoice = |lines: Value, date: &str| json!({"customer_no": no, "invoice_date": date, "lines": lines});
    let (st, oct) = post(c, s, "/api/v1/invoices", invoice(json!([{"item_no": "TAU-10", "qty": "1"}]), "2026-10-20")).await;
    assert_eq!(st, 201, "{oct}");
    let (st, a) = post(c, s, "/api/v1/invoices", invoice(json!([{"item_no": "TAU-10", "qty": "2"}, {"item_no": "KAKE", "qty": "3"}]), "2026-11-02")).await;
    assert_eq!(st, 201, "{a}");
    let a_no = a["number"].as_str().unwrap();
    let (st, cn) = post(c, s, &format!("/api/v1/invoices/{a_no}/credit-notes"), json!({"lines": [{"line_no": 1, "qty": "1"}], "date": "2026-11-04"})).await;
    assert_eq!(st, 201, "{cn}");
    for body in [
        json!({"invoice_no": oct["number"], "amount": "311.25", "date": "2026-11-05"}),
        json!({"invoice_no": a_no, "amount": "100", "date": "2026-11-10"}),
        json!({"customer_no": no, "amount": "50", "date": "2026-11-12"}),
    ] {
        let (st, r) = post(c, s, "/api/v1/payments", body).await;
        assert_eq!(st, 201, "{r}");
    }
    let (st, sup) = post(c, s, "/api/v1/suppliers", supplier).await;
    assert_eq!(st, 201, "{sup}");
    let sup_no = sup["supplier_no"].as_str().unwrap().to_string();
    let mut ids = Vec::new();
    for (no, date, amount) in [("LF-1", "2026-11-06", "800"), ("LF-2", "2026-11-20", "120")] {
        let body = json!({"supplier_no": sup_no, "invoice_no": no, "invoice_date": date, "lines": [{"description": "Emballasje", "qty": "1", "unit_price": amount, "vat_rate": "25"}]});
        let (st, si) = post(c, s, "/api/v1/supplier-invoices", body).await;
        assert_eq!(st, 201, "{si}");
        assert_eq!(si["status"], "approved", "no approval chain: approved as registered");
        ids.push(si["id"].as_i64().unwrap());
    }
    let r = c.post(format!("{}/api/v1/supplier-invoices/{}/payment", s.base, ids[0])).json(&json!({"date": "2026-11-25"})).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    (no, sup_no)
}

async fn download(c: &reqwest::Client, s: &Server, path: &str) -> (u16, String, Vec<u8>) {
    let r = c.get(format!("{}{path}", s.base)).send().await.unwrap();
    let status = r.status().as_u16();
    let disposition = r.headers().get("content-disposition").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, disposition, r.bytes().await.unwrap().to_vec())
}

/// The first column pairs of an official list (`;`-separated, a header line).
fn list(path: &Path, cols: &[usize]) -> BTreeSet<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(';').collect();
            cols.iter().map(|&i| f.get(i).unwrap_or(&"").trim_start_matches('\u{feff}').to_string()).collect()
        })
        .collect()
}

fn child<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    n.children().find(|c| c.tag_name().name() == name)
}

fn text_of(n: roxmltree::Node, name: &str) -> String {
    child(n, name).and_then(|c| c.text()).unwrap_or_default().to_string()
}

/// A balance element pair (`Opening` / `Closing`), debit positive.
fn bal(n: roxmltree::Node, what: &str) -> Decimal {
    match (child(n, &format!("{what}DebitBalance")), child(n, &format!("{what}CreditBalance"))) {
        (Some(d), None) => dec(d.text().unwrap()),
        (None, Some(k)) => -dec(k.text().unwrap()),
        other => panic!("{what}: one of debit or credit: {other:?}"),
    }
}

#[tokio::test]
async fn saf_t_validates_against_the_official_schema_and_adds_up() {
    let Some(dir) = saft_dir() else { return };
    let groupings = list(&dir.join("naeringsspesifikasjon.csv"), &[0, 3]);
    let tax_codes = list(&dir.join("Standard_Tax_Codes.csv"), &[0]);
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let (customer, supplier) = postings(
            &c,
            &s,
            json!({"name": "Havnelageret & Sønn AS", "org_no": "988077917", "address_line": "Kaia 1", "postcode": "5003", "city": "Bergen"}),
            json!({"name": "Emballasjegrossisten AS", "org_no": "912345688"}),
            ("stk", "S15"),
        )
        .await;
        let (st, name, xml) = download(&c, &s, "/api/v1/exports/saf-t?from=2026-11-01&to=2026-11-30").await;
        assert_eq!(st, 200, "{}", String::from_utf8_lossy(&xml));
        assert!(name.contains("SAF-T Financial_991825827_") && name.ends_with("_1_1.xml\""), "{name}");
        assert_eq!(xsd_errors(&dir, &xml), None, "{backend}: the file fails the official schema");

        let text = String::from_utf8(xml).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let root = doc.root_element();
        // every grouping and standard tax code comes from the official lists
        let accounts: Vec<_> = root.descendants().filter(|n| n.has_tag_name("Account")).collect();
        assert!(accounts.len() > 10);
        for a in &accounts {
            let pair = vec![text_of(*a, "GroupingCategory"), text_of(*a, "GroupingCode")];
            assert!(groupings.contains(&pair), "{backend}: {pair:?} of account {} is not in the list", text_of(*a, "AccountID"));
        }
        let std_codes: Vec<String> = root.descendants().filter(|n| n.has_tag_name("StandardTaxCode")).map(|n| n.text().unwrap().to_string()).collect();
        assert!(std_codes.len() >= 2 && std_codes.iter().all(|c| tax_codes.contains(&vec![c.clone()])), "{std_codes:?}");

        // debits equal credits, in total and per transaction, and the header's totals agree
        let entries = root.descendants().find(|n| n.has_tag_name("GeneralLedgerEntries")).unwrap();
        let transactions: Vec<_> = entries.descendants().filter(|n| n.has_tag_name("Transaction")).collect();
        assert_eq!(text_of(entries, "NumberOfEntries"), transactions.len().to_string());
        assert_eq!(transactions.len(), 8, "November's invoice, credit note and three payments, two supplier invoices and a payment — not October's invoice");
        let side = |n: roxmltree::Node, s: &str| child(n, s).map(|a| dec(&text_of(a, "Amount"))).unwrap_or_default();
        let mut movement: BTreeMap<String, Decimal> = BTreeMap::new();
        let (mut debit, mut credit) = (Decimal::ZERO, Decimal::ZERO);
        for t in &transactions {
            let lines: Vec<_> = t.children().filter(|n| n.has_tag_name("Line")).collect();
            let d: Decimal = lines.iter().map(|l| side(*l, "DebitAmount")).sum();
            let k: Decimal = lines.iter().map(|l| side(*l, "CreditAmount")).sum();
            assert_eq!(d, k, "{backend}: transaction {} balances", text_of(*t, "TransactionID"));
            for l in &lines {
                *movement.entry(text_of(*l, "AccountID")).or_default() += side(*l, "DebitAmount") - side(*l, "CreditAmount");
            }
            (debit, credit) = (debit + d, credit + k);
        }
        assert_eq!((dec(&text_of(entries, "TotalDebit")), dec(&text_of(entries, "TotalCredit"))), (debit, credit));
        // closing = opening + the period's lines, for every account
        let mut balances: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
        for a in &accounts {
            let id = text_of(*a, "AccountID");
            let (open, close) = (bal(*a, "Opening"), bal(*a, "Closing"));
            assert_eq!(close, open + movement.get(&id).copied().unwrap_or_default(), "{backend}: account {id}");
            balances.insert(id, (open, close));
        }
        // October's invoice (311.25) is the receivables' opening; the closing is the open items
        assert_eq!(balances["1500"].0, dec("311.25"));
        let (_, open) = get_json(&c, &s, "/api/v1/open-items").await;
        let open_sum: Decimal = open.as_array().unwrap().iter().map(|i| dec(i["open"].as_str().unwrap())).sum();
        assert_eq!(balances["1500"].1, open_sum, "{backend}: receivables = open items");
        // the customer, with the receivables as its balance account, named on its lines
        let cust = root.descendants().find(|n| n.has_tag_name("Customer")).unwrap();
        assert_eq!(
            (text_of(cust, "CustomerID"), text_of(cust, "Name"), text_of(cust, "RegistrationNumber")),
            (customer.clone(), "Havnelageret & Sønn AS".into(), "988077917".into())
        );
        let ba = child(cust, "BalanceAccount").unwrap();
        assert_eq!((text_of(ba, "AccountID"), bal(ba, "Opening"), bal(ba, "Closing")), ("1500".into(), dec("311.25"), open_sum));
        let on_customer = entries.descendants().filter(|n| n.has_tag_name("CustomerID")).count();
        assert_eq!(on_customer, 5, "each voucher's receivables line names the customer");
        // the supplier, with payables as its balance account: the unpaid 150.00 (120 + VAT)
        let sup = root.descendants().find(|n| n.has_tag_name("Supplier")).unwrap();
        assert_eq!(text_of(sup, "SupplierID"), supplier);
        let ba = child(sup, "BalanceAccount").unwrap();
        assert_eq!((text_of(ba, "AccountID"), bal(ba, "Opening"), bal(ba, "Closing")), ("2400".into(), Decimal::ZERO, dec("-150.00")));
        assert_eq!(balances["2400"].1, dec("-150.00"), "{backend}: payables = the open supplier invoice");
        let (_, payables) = get_json(&c, &s, "/api/v1/supplier-invoices").await;
        let open_payables: Decimal = payables.as_array().unwrap().iter().map(|p| dec(p["payable"].as_str().unwrap())).sum();
        assert_eq!(-balances["2400"].1, open_payables, "{backend}: {payables}");
        assert_eq!(entries.descendants().filter(|n| n.has_tag_name("SupplierID")).count(), 3, "two invoices and a payment name the supplier");
        // the VAT of a sales line is on it: 2 × 249 at 25 % on the November invoice
        let tax = entries.descendants().filter(|n| n.has_tag_name("TaxInformation")).find(|t| text_of(*t, "TaxBase") == "498.00").unwrap();
        assert_eq!((text_of(tax, "TaxCode"), text_of(tax, "TaxPercentage"), side(tax, "CreditTaxAmount")), ("S25".into(), "25".into(), dec("124.50")));

        // the VAT summary of the period: what was invoiced less credited, per code
        let (ok, vat) = server_fn(&c, &s, "accounting/vat-summary", &[("from", "2026-11-01"), ("to", "2026-11-30")]).await;
        assert!(ok, "{vat}");
        let per_code: Vec<(String, Decimal, Decimal)> = vat["output"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["vat_code"].as_str().unwrap().to_string(), dec(r["base"].as_str().unwrap()), dec(r["vat"].as_str().unwrap())))
            .collect();
        assert_eq!(per_code, vec![("S15".into(), dec("106.50"), dec("15.98")), ("S25".into(), dec("249.00"), dec("62.25"))], "{backend}");
        // and the input VAT of the two supplier invoices (25 % of 800 and of 120) to deduct
        assert_eq!(dec(vat["input"].as_str().unwrap()), dec("230.00"), "{backend}: {vat}");

        // a Swedish company is sent to SIE; another company sees none of this one
        let (se, _) = company_in(&s, "SE", "Hamnlagret AB", "5566778899").await;
        let (st, _, e) = download(&se, &s, "/api/v1/exports/saf-t?from=2026-11-01&to=2026-11-30").await;
        assert!(st == 422 && String::from_utf8_lossy(&e).contains("SIE"), "{st} {}", String::from_utf8_lossy(&e));
        let other = empty_company(&s).await;
        let (st, _, theirs) = download(&other, &s, "/api/v1/exports/saf-t?from=2026-11-01&to=2026-11-30").await;
        assert_eq!(st, 200);
        let theirs = String::from_utf8(theirs).unwrap();
        assert!(!theirs.contains("Havnelageret") && theirs.contains("<NumberOfEntries>0</NumberOfEntries>"), "{theirs}");
        assert_eq!(xsd_errors(&dir, theirs.as_bytes()), None, "an empty period is a valid file too");
    }
}

/// Runs xmllint with the official schema over a produced file; the messages when it fails.
fn xsd_errors(dir: &Path, xml: &[u8]) -> Option<String> {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("saft.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(dir.join("Norwegian_SAF-T_Financial_Schema_v_1.30.xsd"))
        .arg(&file)
        .output()
        .expect("xmllint (Debian libxml2-utils) is needed");
    (!out.status.success()).then(|| String::from_utf8_lossy(&out.stderr).to_string())
}

#[tokio::test]
async fn opening_balances_open_the_books_mid_year() {
    let Some(dir) = saft_dir() else { return };
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let import = |date: &'static str, csv: &'static str| {
            let (c, s) = (c.clone(), &s);
            async move { server_fn(&c, s, "accounting/opening/import", &[("date", date), ("csv", csv)]).await }
        };
        // a file that does not add up, or names an account the chart lacks, posts nothing
        let (ok, r) = import("2026-06-30", "account;amount\n1920;10000\n2050;-9000\n").await;
        assert!(ok && r["imported"] == 0 && r["errors"][0][1].as_str().unwrap().contains("do not add up"), "{r}");
        let (ok, e) = import("2026-06-30", "account;amount\n1920;10000\n1999;-10000\n").await;
        assert!(!ok && e.to_string().contains("1999"), "{e}");
        let (_, vouchers) = get_json(&c, &s, "/api/v1/vouchers?from=2026-01-01&to=2026-12-31").await;
        assert_eq!(vouchers, json!([]));
        // the balances on June 30 (bank, receivables, payables, equity, and the half
        // year's sales and costs), as Excel's semicolon CSV writes them
        let csv = "account;amount\n1920;10 000,00\n1500;2 500,00\n2400;-4 000,00\n2050;-6 000,00\n3000;-20 000,00\n4300;17 500,00\n";
        let (ok, r) = import("2026-06-30", csv).await;
        assert!(ok && r["imported"] == 6, "{r}");
        let (_, vouchers) = get_json(&c, &s, "/api/v1/vouchers?from=2026-06-30&to=2026-06-30").await;
        assert_eq!((vouchers[0]["series"].as_str(), vouchers[0]["number"].as_i64(), vouchers[0]["lines"].as_array().unwrap().len()), (Some("IB"), Some(1), 6));
        // July's SAF-T opens with them: balance and result accounts alike (the same year)
        let (st, _, xml) = download(&c, &s, "/api/v1/exports/saf-t?from=2026-07-01&to=2026-07-31").await;
        assert_eq!(st, 200);
        assert_eq!(xsd_errors(&dir, &xml), None, "{backend}");
        let text = String::from_utf8(xml).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let opening: BTreeMap<String, Decimal> =
            doc.descendants().filter(|n| n.has_tag_name("Account")).map(|a| (text_of(a, "AccountID"), bal(a, "Opening"))).collect();
        for (account, want) in [("1920", "10000"), ("1500", "2500"), ("2400", "-4000"), ("2050", "-6000"), ("3000", "-20000"), ("4300", "17500")] {
            assert_eq!(opening[account], dec(want), "{backend}: {account}");
        }
        // next year the result accounts start from zero again; the balance accounts carry on
        let (_, _, xml) = download(&c, &s, "/api/v1/exports/saf-t?from=2027-01-01&to=2027-01-31").await;
        let text = String::from_utf8(xml).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let next: BTreeMap<String, Decimal> =
            doc.descendants().filter(|n| n.has_tag_name("Account")).map(|a| (text_of(a, "AccountID"), bal(a, "Opening"))).collect();
        assert_eq!((next["1920"], next["3000"], next["4300"]), (dec("10000"), Decimal::ZERO, Decimal::ZERO), "{backend}");
        // into a locked period nothing is imported
        let (ok, e) = server_fn(&c, &s, "accounting/lock/save", &[("date", "2026-06-30")]).await;
        assert!(ok, "{e}");
        let (ok, e) = import("2026-06-30", "account;amount\n1920;1\n2050;-1\n").await;
        assert!(!ok && e.to_string().contains("locked"), "{e}");
    }
}

/// A SIE record: its label and fields (quotes and escapes removed, an object list as
/// its dimension and object fields), as section 5 writes it.
#[derive(Debug)]
struct Record {
    label: String,
    fields: Vec<String>,
    objects: Vec<(String, String)>,
}

/// Splits a record line into fields by the spec's rules (5.7): spaces or tabs between
/// fields, quotes around a field with spaces, `\"` a quote inside, `{…}` an object list.
fn parse_record(line: &[u8]) -> Record {
    let mut fields: Vec<(Vec<u8>, bool)> = Vec::new();
    let (mut i, mut in_list) = (0, false);
    let mut objects_raw: Vec<Vec<u8>> = Vec::new();
    while i < line.len() {
        match line[i] {
            b' ' | b'\t' => i += 1,
            b'{' => {
                in_list = true;
                i += 1
            }
            b'}' => {
                in_list = false;
                i += 1
            }
            b'"' => {
                let mut f = Vec::new();
                i += 1;
                while i < line.len() && line[i] != b'"' {
                    if line[i] == b'\\' && line.get(i + 1) == Some(&b'"') {
                        i += 1;
                    }
                    f.push(line[i]);
                    i += 1;
                }
                assert!(i < line.len(), "unterminated quote in {:?}", String::from_utf8_lossy(line));
                i += 1;
                if in_list {
                    objects_raw.push(f)
                } else {
                    fields.push((f, true))
                }
            }
            _ => {
                let start = i;
                while i < line.len() && !matches!(line[i], b' ' | b'\t' | b'{' | b'}') {
                    i += 1;
                }
                let f = line[start..i].to_vec();
                if in_list {
                    objects_raw.push(f)
                } else {
                    fields.push((f, false))
                }
            }
        }
    }
    assert!(!in_list, "an object list is closed");
    let decode = |b: &[u8]| b.iter().map(|&c| codepage_437_decode(c)).collect::<String>();
    let mut all: Vec<String> = fields.iter().map(|(f, _)| decode(f)).collect();
    let label = all.remove(0);
    let objects = objects_raw.chunks(2).map(|p| (decode(&p[0]), decode(p.get(1).expect("an object has a dimension and an id")))).collect();
    Record { label, fields: all, objects }
}

/// Code page 437 as the spec prints it, the upper half (0x80–0xFF).
const CP437_HIGH: &str =
    "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";

fn codepage_437_decode(b: u8) -> char {
    if b < 0x80 {
        b as char
    } else {
        CP437_HIGH.chars().nth(b as usize - 0x80).unwrap()
    }
}

/// CRC-32 as section 10 states it: polynomial EDB88320, preset FFFFFFFF, inverted
/// at the end — bit by bit, not the library the exporter uses.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc: u32 = 0xFFFF_FFFF;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// The bytes a record adds to the checksum: label and fields in code page 437, without
/// the spaces between them, the quotes around them, the braces, or escapes' backslashes.
fn checksum_bytes(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut i, mut quoted) = (0, false);
    while i < line.len() {
        let c = line[i];
        match (c, quoted) {
            (b'"', _) => quoted = !quoted,
            (b'\\', true) if line.get(i + 1) == Some(&b'"') => {
                out.push(b'"');
                i += 1;
            }
            (b' ' | b'\t' | b'{' | b'}', false) => {}
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

#[tokio::test]
async fn sie_4i_follows_the_spec_and_reads_back_as_the_journal() {
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let (c, _) = company_in(&s, "SE", "Målerifirman Åkesson & Söner AB", "5566778899").await;
        let (customer, supplier) = postings(
            &c,
            &s,
            json!({"name": "Kund \"Citat\" Öst AB", "org_no": "5560360793"}),
            json!({"name": "Förpackningar Väst AB", "org_no": "5565475489"}),
            ("st", "S12"),
        )
        .await;
        let (st, name, bytes) = download(&c, &s, "/api/v1/exports/sie?from=2026-11-01&to=2026-11-30").await;
        assert_eq!(st, 200, "{}", String::from_utf8_lossy(&bytes));
        assert!(name.ends_with(".SI\""), "{name}");

        // 5.5, 5.7: records end with a line feed; no control characters anywhere
        assert!(bytes.ends_with(b"\n"));
        assert!(bytes.iter().all(|&b| b == b'\n' || (b >= 0x20 && b != 0x7f)), "control characters");
        // 5.8: code page 437 — å of the company's name is 0x86, Ö of the customer's 0x99
        assert!(bytes.windows(2).any(|w| w == [b'M', 0x86]) && bytes.contains(&0x99), "PC8 bytes");
        let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
        assert_eq!(lines[0], b"#FLAGGA 0");
        assert_eq!(lines[1], b"#KSUMMA");
        // section 10: the last record is #KSUMMA with the CRC-32 of every record between
        let last = parse_record(lines[lines.len() - 1]);
        assert_eq!(last.label, "#KSUMMA");
        let summed: Vec<u8> = lines[2..lines.len() - 1].iter().filter(|l| l.first() == Some(&b'#')).flat_map(|l| checksum_bytes(l)).collect();
        assert_eq!(last.fields[0], crc32(&summed).to_string(), "{backend}: #KSUMMA");

        // section 6 for 4I: the mandatory records, none of the forbidden ones, in the
        // order of 5.12 (flag, identification, chart, vouchers)
        let records: Vec<Record> = lines.iter().filter(|l| l.first() == Some(&b'#')).map(|l| parse_record(l)).collect();
        let labels: Vec<&str> = records.iter().map(|r| r.label.as_str()).collect();
        for m in ["#FLAGGA", "#PROGRAM", "#FORMAT", "#GEN", "#SIETYP", "#FNAMN"] {
            assert_eq!(labels.iter().filter(|l| **l == m).count(), 1, "{m} once");
        }
        for f in ["#BKOD", "#OMFATTN", "#IB", "#UB", "#OIB", "#OUB", "#RES", "#PSALDO", "#PBUDGET"] {
            assert!(!labels.contains(&f), "{f} is forbidden in 4I");
        }
        let group = |l: &str| match l {
            "#FLAGGA" => 0,
            "#PROGRAM" | "#FORMAT" | "#GEN" | "#SIETYP" | "#PROSA" | "#FTYP" | "#FNR" | "#ORGNR" | "#ADRESS" | "#FNAMN" | "#RAR" | "#TAXAR" | "#KPTYP"
            | "#VALUTA" => 1,
            "#KONTO" | "#KTYP" | "#ENHET" | "#SRU" | "#DIM" | "#UNDERDIM" | "#OBJEKT" => 2,
            "#VER" | "#TRANS" | "#RTRANS" | "#BTRANS" => 3,
            "#KSUMMA" => 4,
            other => panic!("{other} is not a 4I record"),
        };
        let order: Vec<i32> = labels.iter().skip(2).map(|l| group(l)).collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "{labels:?}");
        let field = |l: &str| records.iter().find(|r| r.label == l).unwrap().fields.clone();
        assert_eq!(field("#FORMAT"), vec!["PC8"]);
        assert_eq!(field("#SIETYP"), vec!["4"]);
        assert_eq!(field("#ORGNR"), vec!["556677-8899"]);
        assert_eq!(field("#FNAMN"), vec!["Målerifirman Åkesson & Söner AB"]);
        let date_ok = |d: &str| d.len() == 8 && chrono::NaiveDate::parse_from_str(d, "%Y%m%d").is_ok();
        assert!(date_ok(&field("#GEN")[0]));
        let konto: BTreeSet<String> = records.iter().filter(|r| r.label == "#KONTO").map(|r| r.fields[0].clone()).collect();
        assert!(konto.iter().all(|k| k.chars().all(|c| c.is_ascii_digit())), "numeric accounts");
        let objects: BTreeSet<(String, String)> = records.iter().filter(|r| r.label == "#OBJEKT").map(|r| (r.fields[0].clone(), r.fields[1].clone())).collect();
        assert_eq!(objects, BTreeSet::from([("8".to_string(), customer.clone()), ("9".to_string(), supplier.clone())]));
        assert!(records.iter().any(|r| r.label == "#OBJEKT" && r.fields[2] == "Kund \"Citat\" Öst AB"), "the escaped quote reads back");

        // 5.4, #TRANS 3, #VER: each voucher's transactions within braces alone on their
        // lines, balancing to zero, amounts with a point and at most two decimals, every
        // account declared, every object declared
        let amount_ok = |a: &str| {
            let (int, frac) = a.trim_start_matches('-').split_once('.').unwrap_or((a.trim_start_matches('-'), ""));
            !a.starts_with('+') && !int.is_empty() && int.chars().all(|c| c.is_ascii_digit()) && frac.len() <= 2 && frac.chars().all(|c| c.is_ascii_digit())
        };
        let mut read_back: Vec<(String, Vec<(String, Decimal, String)>)> = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            assert_eq!(lines[i].first(), Some(&b'#'), "a record, or braces after a #VER");
            let r = parse_record(lines[i]);
            assert_ne!(r.label, "#TRANS", "#TRANS only within a #VER");
            if r.label == "#VER" {
                assert!(date_ok(&r.fields[2]) && date_ok(&r.fields[4]), "{r:?}");
                assert_eq!(lines[i + 1], b"{", "the brace alone on its line");
                let mut trans = Vec::new();
                i += 2;
                while lines[i] != b"}" {
                    let t = parse_record(lines[i]);
                    assert_eq!(t.label, "#TRANS");
                    assert!(amount_ok(&t.fields[1]) && konto.contains(&t.fields[0]), "{t:?}");
                    for o in &t.objects {
                        assert!(objects.contains(o), "object {o:?} declared");
                    }
                    trans.push((t.fields[0].clone(), dec(&t.fields[1]), t.objects.first().map(|o| o.1.clone()).unwrap_or_default()));
                    i += 1;
                }
                assert_eq!(trans.iter().map(|t| t.1).sum::<Decimal>(), Decimal::ZERO, "{backend}: {r:?} balances");
                read_back.push((r.fields[3].clone(), trans));
            }
            i += 1;
        }
        // read back: the same vouchers, lines and customers as the journal
        let (_, journal) = get_json(&c, &s, "/api/v1/vouchers?from=2026-11-01&to=2026-11-30").await;
        let journal: Vec<(String, Vec<(String, Decimal, String)>)> = journal
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let id = format!("{}-{}-{}", v["series"].as_str().unwrap(), v["year"], v["number"]);
                let lines = v["lines"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| {
                        (
                            l["account"].as_str().unwrap().to_string(),
                            dec(l["debit"].as_str().unwrap()) - dec(l["credit"].as_str().unwrap()),
                            l["party_no"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect();
                (id, lines)
            })
            .collect();
        assert_eq!(read_back.len(), journal.len(), "{backend}");
        for (id, lines) in &journal {
            let (_, got) = read_back.iter().find(|(text, _)| text.starts_with(&format!("{id} "))).unwrap_or_else(|| panic!("{id} in the file"));
            assert_eq!(got, lines, "{backend}: voucher {id}");
        }
    }
}

/// Projects and sellers as dimensions: an invoice made from an order keeps the order's
/// project and seller (a credit note those of its invoice), its sales lines in the
/// journal carry both, SAF-T names them as Analysis (declared in the AnalysisTypeTable,
/// the file still valid against the official schema) and SIE as objects of dimensions
/// 6 and 7 on the #TRANS lines; a direct invoice has none.
#[tokio::test]
async fn projects_and_sellers_reach_the_journal_saf_t_and_sie() {
    let dir = saft_dir();
    for backend in BACKENDS {
        let Some(s) = start(backend).await else { continue };
        let c = empty_company(&s).await;
        let item =
            json!({"item_no": "TIME", "description": "Timer", "unit": "stk", "sales_price": "1000", "vat_code": "S25", "kind": "service", "active": "true"});
        assert_eq!(post(&c, &s, "/api/v1/items", item).await.0, 201);
        let (st, cust) = post(&c, &s, "/api/v1/customers", json!({"name": "Kaiprosjekt AS", "org_no": "988077917"})).await;
        assert_eq!(st, 201, "{cust}");
        let no = cust["customer_no"].as_str().unwrap();
        let (_, me) = get_json(&c, &s, "/api/v1/me").await;
        let seller = me["user_id"].as_i64().unwrap();
        let party = cust["id"].to_string();
        let project = [("party_id", party.as_str()), ("code", "PRJ-7"), ("name", "Kaiombygging"), ("start_date", ""), ("end_date", ""), ("status", "active")];
        let (ok, e) = server_fn(&c, &s, "parties/project", &project).await;
        assert!(ok, "{e}");
        let order = json!({"customer_no": no, "confirm": true, "seller_id": seller, "project_code": "PRJ-7", "lines": [{"item_no": "TIME", "qty": "2"}]});
        let (st, o) = post(&c, &s, "/api/v1/orders", order).await;
        assert_eq!(st, 201, "{o}");
        let o_no = o["number"].as_str().unwrap();
        let (st, d) = post(&c, &s, &format!("/api/v1/orders/{o_no}/deliveries"), json!({"lines": [{"line_no": 1, "qty": "2"}]})).await;
        assert_eq!(st, 201, "{d}");
        let (st, inv) = post(&c, &s, "/api/v1/invoices", json!({"orders": [o_no]})).await;
        assert_eq!(st, 201, "{inv}");
        assert_eq!((inv["project_code"].as_str(), inv["seller_id"].as_i64()), (Some("PRJ-7"), Some(seller)), "{backend}: {inv}");
        let inv_no = inv["number"].as_str().unwrap();
        let (st, cn) = post(&c, &s, &format!("/api/v1/invoices/{inv_no}/credit-notes"), json!({"lines": [{"line_no": 1, "qty": "1"}]})).await;
        assert_eq!(st, 201, "{cn}");
        let (st, direct) = post(&c, &s, "/api/v1/invoices", json!({"customer_no": no, "lines": [{"item_no": "TIME", "qty": "1"}]})).await;
        assert_eq!(st, 201, "{direct}");

        // the journal: the sales lines of the invoice and the credit note carry both; nothing else does
        let (_, vouchers) = get_json(&c, &s, "/api/v1/vouchers").await;
        let mut with_dims = Vec::new();
        for v in vouchers.as_array().unwrap() {
            for l in v["lines"].as_array().unwrap() {
                if l["project_code"] != "" || !l["seller_id"].is_null() {
                    with_dims.push((
                        v["source_no"].as_str().unwrap().to_string(),
                        l["account"].as_str().unwrap().to_string(),
                        l["project_code"].clone(),
                        l["seller_id"].clone(),
                    ));
                }
            }
        }
        let cn_no = cn["number"].as_str().unwrap();
        assert_eq!(
            with_dims,
            vec![
                (inv_no.to_string(), "3000".to_string(), json!("PRJ-7"), json!(seller)),
                (cn_no.to_string(), "3000".to_string(), json!("PRJ-7"), json!(seller))
            ],
            "{backend}: {vouchers}"
        );

        // SAF-T: declared and named on the lines, and valid
        if let Some(dir) = &dir {
            let (st, _, xml) = download(&c, &s, "/api/v1/exports/saf-t").await;
            assert_eq!(st, 200, "{}", String::from_utf8_lossy(&xml));
            assert_eq!(xsd_errors(dir, &xml), None, "{backend}: the file fails the official schema");
            let text = String::from_utf8(xml).unwrap();
            let doc = roxmltree::Document::parse(&text).unwrap();
            let entries: Vec<(String, String, String)> = doc
                .descendants()
                .filter(|n| n.has_tag_name("AnalysisTypeTableEntry"))
                .map(|n| (text_of(n, "AnalysisType"), text_of(n, "AnalysisID"), text_of(n, "AnalysisIDDescription")))
                .collect();
            assert_eq!(
                entries,
                vec![
                    ("PROSJEKT".into(), "PRJ-7".into(), "Kaiombygging".into()),
                    ("SELGER".into(), seller.to_string(), me["user_name"].as_str().unwrap().to_string())
                ]
            );
            let on_lines: Vec<(String, String, String)> = doc
                .descendants()
                .filter(|n| n.has_tag_name("Analysis") && n.parent().is_some_and(|p| p.has_tag_name("Line")))
                .map(|n| (text_of(n.parent().unwrap(), "AccountID"), text_of(n, "AnalysisType"), text_of(n, "AnalysisID")))
                .collect();
            assert_eq!(on_lines.len(), 4, "{backend}: project and seller on the invoice's and the credit note's sales line");
            assert!(on_lines.iter().all(|(a, ..)| a == "3000"), "{on_lines:?}");
        } else {
            assert!(std::env::var("CI").is_err(), "CI needs ../shared/conformance/saf-t beside the clone");
        }

        // SIE: objects of dimensions 6 and 7, declared, on the sales #TRANS lines
        let (st, _, bytes) = download(&c, &s, "/api/v1/exports/sie").await;
        assert_eq!(st, 200);
        let records: Vec<Record> = bytes.split(|b| *b == b'\n').filter(|l| l.starts_with(b"#")).map(parse_record).collect();
        let dims: Vec<Vec<String>> = records.iter().filter(|r| r.label == "#DIM").map(|r| r.fields.clone()).collect();
        assert!(dims.contains(&vec!["6".to_string(), "Projekt".to_string()]) && dims.contains(&vec!["7".to_string(), "Anställd".to_string()]), "{dims:?}");
        let declared: BTreeSet<(String, String)> =
            records.iter().filter(|r| r.label == "#OBJEKT").map(|r| (r.fields[0].clone(), r.fields[1].clone())).collect();
        let trans: Vec<&Record> = records.iter().filter(|r| r.label == "#TRANS" && r.objects.iter().any(|o| o.0 == "6")).collect();
        assert_eq!(trans.len(), 2, "{backend}");
        for t in trans {
            assert_eq!(t.fields[0], "3000");
            assert!(t.objects.contains(&("6".into(), "PRJ-7".into())) && t.objects.contains(&("7".into(), seller.to_string())), "{:?}", t.objects);
            assert!(t.objects.iter().all(|o| declared.contains(o)), "{:?} declared", t.objects);
        }
    }
}
