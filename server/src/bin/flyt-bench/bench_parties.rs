//! `flyt bench --parties`: the similar-name search of issue 4 over generated
//! parties at scale (default 100 000), on SQLite and, when given, PostgreSQL.
use std::collections::BTreeSet;
use std::time::Instant;

use app::core::Country;
use app::db::Db;
use app::parties::similar::name_key;

use server::demo::Gen;

use crate::bench::ms;

/// Bulk insert of generated parties, stamped with one change-counter value the way
/// `parties::store::insert` stamps each (the name index loads them on first use).
async fn insert_parties(db: &Db, company_id: i64, names: &[(String, String)]) -> Result<(), String> {
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    let version = app::parties::store::next_version(&mut tx, company_id).await.map_err(|e| e.to_string())?;
    for (chunk_no, chunk) in names.chunks(400).enumerate() {
        let values: Vec<String> =
            (0..chunk.len()).map(|i| format!("($1, ${}, 1, 0, ${}, ${}, ${}, 'NO', 'NOK', 0, 0, $2)", 3 + 4 * i, 4 + 4 * i, 5 + 4 * i, 6 + 4 * i)).collect();
        let sql = format!(
            "INSERT INTO parties (company_id, customer_no, is_customer, is_supplier, name, name_key, org_no, country, currency, created_at, updated_at, version)
             VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(version);
        for (i, (name, org)) in chunk.iter().enumerate() {
            q = q.bind(format!("{}", 100_000 + chunk_no * 400 + i)).bind(name.as_str()).bind(name_key(name)).bind(org.as_str());
        }
        q.execute(&mut *tx).await.map_err(|e| e.to_string())?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    if db.backend == app::db::Backend::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn new_party(name: &str, no: &str) -> app::parties::model::Party {
    app::parties::model::Party {
        id: 0,
        customer_no: Some(no.into()),
        supplier_no: None,
        is_customer: true,
        is_supplier: false,
        name: name.into(),
        org_no: String::new(),
        vat_no: String::new(),
        country: "NO".into(),
        address_line: String::new(),
        postcode: String::new(),
        city: String::new(),
        invoice_email: String::new(),
        peppol_id: String::new(),
        phone: String::new(),
        web: String::new(),
        payment_terms: None,
        delivery_terms: None,
        currency: "NOK".into(),
        price_list_id: None,
        discount: rust_decimal::Decimal::ZERO,
        vat_exempt: false,
        vat_exempt_reason: String::new(),
        collective_invoicing: false,
        no_reminders: false,
        credit_limit: None,
        seller_id: None,
        doc_lang: "nb".into(),
        notes: String::new(),
        active: true,
        posting_group: String::new(),
    }
}

/// Introduces one typo: swaps two neighbouring letters of the first word.
fn typo(name: &str) -> String {
    let mut c: Vec<char> = name.chars().collect();
    if c.len() > 4 {
        c.swap(2, 3);
    }
    c.into_iter().collect()
}

pub async fn run(label: &str, db: &Db, n: usize) -> Result<(), String> {
    println!("-- similar-name search on {label}: {n} parties");
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    let input = app::setup::model::CompanyInput { name: "Bench Parter AS".into(), org_no: "988077917".into(), ..Default::default() };
    let company = app::setup::service::create_company(&mut tx, Country::NO, &input).await.map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;

    let t = Instant::now();
    let mut g = Gen::new(100_000);
    let mut seen = BTreeSet::new();
    let mut names = Vec::with_capacity(n);
    let mut attempts = 0;
    while names.len() < n {
        attempts += 1;
        if attempts > 20 * n.max(1000) {
            return Err(format!("could not generate {n} distinct party names"));
        }
        // the demo generator's names, made unique with a street or district word
        let base = server::demo::master::company_name(&mut g, Country::NO);
        // (the base names alone are about 1 300; with a first and last name ~280 000)
        let name = if seen.contains(&base) {
            let (first, last) = (g.pick(server::demo::FIRST), g.pick(server::demo::LAST));
            format!("{} {first} {last} AS", base.trim_end_matches(" AS"))
        } else {
            base
        };
        if seen.insert(name.clone()) {
            names.push((name, g.no_org_no()));
        }
    }
    insert_parties(db, company, &names).await?;
    println!("generated {n} parties in {:.1} s", t.elapsed().as_secs_f64());
    // the first search of a company in a process loads its name index
    let t = Instant::now();
    app::parties::store::similar(db, company, "Første Søk AS", "", None).await.map_err(|e| e.to_string())?;
    println!("first search (loads the name index of {n} parties): {:.0} ms", ms(t.elapsed()));

    let mut times = Vec::new();
    let mut hits = 0;
    let queries = 300;
    for i in 0..queries {
        let (name, org) = &names[(i * 7919) % names.len()];
        let (q_name, q_org) = match i % 3 {
            0 => (typo(name), String::new()),                                 // a typo of an existing name
            1 => (name.to_uppercase().replace(" AS", " A/S"), String::new()), // other case and legal form
            _ => (format!("Ny {}", server::demo::LAST[i % 14]), org.clone()), // a new name, an existing org no
        };
        let t = Instant::now();
        let found = app::parties::store::similar(db, company, &q_name, &q_org, None).await.map_err(|e| e.to_string())?;
        times.push(t.elapsed());
        if !found.is_empty() {
            hits += 1;
        }
    }
    times.sort();
    let at = |p: f64| ms(times[((times.len() as f64 - 1.0) * p).round() as usize]);
    println!(
        "similar-name search: n={queries} p50={:.2} ms p99={:.2} ms max={:.2} ms (target ≤ 30 ms); {hits}/{queries} found the party",
        at(0.5),
        at(0.99),
        at(1.0)
    );
    // a search right after a new party was written: the index loads just that one
    let mut times = Vec::new();
    let mut found_new = 0;
    for i in 0..50 {
        let name = format!("Nyoppstartet Testbedrift {i} AS");
        let mut tx = db.begin().await.map_err(|e| e.to_string())?;
        app::parties::store::insert(&mut tx, company, &new_party(&name, &format!("9{i:05}"))).await.map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        let t = Instant::now();
        let found = app::parties::store::similar(db, company, &name.replace("Testbedrift", "Testbedirft"), "", None).await.map_err(|e| e.to_string())?;
        times.push(t.elapsed());
        found_new += usize::from(found.iter().any(|s| s.name == name));
    }
    times.sort();
    let at = |p: f64| ms(times[((times.len() as f64 - 1.0) * p).round() as usize]);
    println!("search right after a new party was saved: n=50 p50={:.2} ms p99={:.2} ms; {found_new}/50 found it", at(0.5), at(0.99));
    Ok(())
}
