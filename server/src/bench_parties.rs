//! `flyt bench --parties`: the similar-name search of issue 4 over generated
//! parties at scale (default 100 000), on SQLite and, when given, PostgreSQL.
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use app::core::Country;
use app::db::Db;
use app::parties::similar::{name_key, trigrams};

use crate::demo::Gen;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Bulk insert of generated parties with their trigram index and counts, the way
/// `parties::store::insert` writes them one by one.
async fn insert_parties(db: &Db, company_id: i64, names: &[(String, String)]) -> Result<(), String> {
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    for (chunk_no, chunk) in names.chunks(400).enumerate() {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("($1, ${}, 1, 0, ${}, ${}, ${}, 'NO', 'NOK', 0, 0)", 2 + 4 * i, 3 + 4 * i, 4 + 4 * i, 5 + 4 * i))
            .collect();
        let sql = format!(
            "INSERT INTO parties (company_id, customer_no, is_customer, is_supplier, name, name_key, org_no, country, currency, created_at, updated_at)
             VALUES {} RETURNING id, name_key",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for (i, (name, org)) in chunk.iter().enumerate() {
            q = q.bind(format!("{}", 100_000 + chunk_no * 400 + i)).bind(name.as_str()).bind(name_key(name)).bind(org.as_str());
        }
        let rows = q.fetch_all(&mut *tx).await.map_err(|e| e.to_string())?;
        let mut grams: Vec<(i64, String)> = Vec::new();
        for r in rows {
            use sqlx::Row;
            let (id, key): (i64, String) = (r.get(0), r.get(1));
            for g in trigrams(&key) {
                *counts.entry(g.clone()).or_default() += 1;
                grams.push((id, g));
            }
        }
        for gchunk in grams.chunks(2000) {
            let values: Vec<String> = (0..gchunk.len()).map(|i| format!("($1, ${}, ${})", 2 + 2 * i, 3 + 2 * i)).collect();
            let sql = format!("INSERT INTO party_grams (company_id, gram, party_id) VALUES {}", values.join(", "));
            let mut q = sqlx::query(&sql).bind(company_id);
            for (id, g) in gchunk {
                q = q.bind(g.as_str()).bind(*id);
            }
            q.execute(&mut *tx).await.map_err(|e| e.to_string())?;
        }
    }
    let counts: Vec<(String, i64)> = counts.into_iter().collect();
    for chunk in counts.chunks(2000) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("($1, ${}, ${})", 2 + 2 * i, 3 + 2 * i)).collect();
        let sql = format!("INSERT INTO party_gram_counts (company_id, gram, n) VALUES {}", values.join(", "));
        let mut q = sqlx::query(&sql).bind(company_id);
        for (g, n) in chunk {
            q = q.bind(g.as_str()).bind(*n);
        }
        q.execute(&mut *tx).await.map_err(|e| e.to_string())?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    if db.backend == app::db::Backend::Postgres {
        sqlx::query("ANALYZE").execute(&db.pool).await.map_err(|e| e.to_string())?;
    }
    Ok(())
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
        let base = crate::demo::master::company_name(&mut g, Country::NO);
        // (the base names alone are about 1 300; with a first and last name ~280 000)
        let name = if seen.contains(&base) {
            let (first, last) = (g.pick(crate::demo::FIRST), g.pick(crate::demo::LAST));
            format!("{} {first} {last} AS", base.trim_end_matches(" AS"))
        } else {
            base
        };
        if seen.insert(name.clone()) {
            names.push((name, g.no_org_no()));
        }
    }
    insert_parties(db, company, &names).await?;
    println!("generated {n} parties with their trigram index in {:.1} s", t.elapsed().as_secs_f64());

    let mut times = Vec::new();
    let mut hits = 0;
    let queries = 300;
    for i in 0..queries {
        let (name, org) = &names[(i * 7919) % names.len()];
        let (q_name, q_org) = match i % 3 {
            0 => (typo(name), String::new()),            // a typo of an existing name
            1 => (name.to_uppercase().replace(" AS", " A/S"), String::new()), // other case and legal form
            _ => (format!("Ny {}", crate::demo::LAST[i % 14]), org.clone()), // a new name, an existing org no
        };
        let t = Instant::now();
        let found = app::parties::store::similar(&db.pool, company, &q_name, &q_org, None).await.map_err(|e| e.to_string())?;
        times.push(t.elapsed());
        if !found.is_empty() {
            hits += 1;
        }
    }
    times.sort();
    let at = |p: f64| ms(times[((times.len() as f64 - 1.0) * p).round() as usize]);
    println!("similar-name search: n={queries} p50={:.2} ms p99={:.2} ms max={:.2} ms (target ≤ 30 ms); {hits}/{queries} found the party", at(0.5), at(0.99), at(1.0));
    Ok(())
}
