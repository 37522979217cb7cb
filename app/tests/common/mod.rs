//! What the app's database tests share (each test file uses part of it).
#![allow(dead_code)]
use std::str::FromStr;

use app::auth::Role;
use app::core::Country;
use app::db::Db;
use app::setup::model::CompanyInput;
use rust_decimal::Decimal;

/// A migrated database of its own on `backend` ("sqlite": a temporary file, kept as
/// long as the returned directory; "postgres": a new database at 127.0.0.1:5432, named so that the server tests' clean-up
/// drops it once this process has ended).
/// None when PostgreSQL is not reachable, which fails when `CI` is set.
pub async fn fresh(backend: &str) -> Option<(Db, Option<tempfile::TempDir>)> {
    // the stores seal the passwords they keep (a throwaway key: these databases are too)
    app::db::secrets::use_key([42; 32]);
    let (url, dir) = if backend == "sqlite" {
        let dir = tempfile::tempdir().unwrap();
        (format!("sqlite://{}", dir.path().join("t.db").display()), Some(dir))
    } else {
        let admin = match Db::connect("postgres://postgres@127.0.0.1:5432/postgres").await {
            Ok(a) => a,
            Err(e) => {
                assert!(std::env::var_os("CI").is_none(), "CI is set but PostgreSQL is not reachable: {e}");
                return None;
            }
        };
        let name = format!("flyt_test_{}_{}", std::process::id(), chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0) % 1_000_000_000);
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.unwrap();
        (format!("postgres://postgres@127.0.0.1:5432/{name}"), None)
    };
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    Some((db, dir))
}

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A Norwegian company with its defaults (series, terms, VAT codes, a warehouse).
pub async fn company(db: &Db, name: &str) -> i64 {
    let mut tx = db.begin().await.unwrap();
    // two valid organisation numbers: the first company, and another
    let org_no = if name == "Annen AS" { "923609016" } else { "988077917" };
    let input = CompanyInput { name: name.into(), org_no: org_no.into(), ..Default::default() };
    let c = app::setup::service::create_company(&mut tx, Country::NO, &input).await.unwrap();
    tx.commit().await.unwrap();
    c
}

pub async fn user(db: &Db, email: &str, company_id: i64) -> i64 {
    let mut tx = db.begin().await.unwrap();
    let u = app::auth::store::insert_user(&mut tx, email, "Kari Nordmann", "hash", "nb").await.unwrap();
    app::auth::store::upsert_membership(&mut tx, company_id, u, Role::Admin).await.unwrap();
    tx.commit().await.unwrap();
    u
}

pub fn item(no: &str, text: &str, purchase_price: &str) -> app::catalog::model::Item {
    app::catalog::model::Item {
        id: 0,
        item_no: no.into(),
        description: text.into(),
        unit: "stk".into(),
        sales_price: d("10"),
        purchase_price: d(purchase_price),
        vat_code: "S25".into(),
        barcode: None,
        kind: app::catalog::model::ItemKind::Stock,
        safety_stock: Decimal::ZERO,
        reorder_qty: Decimal::ZERO,
        pack_size: Decimal::ONE,
        active: true,
        notes: String::new(),
        default_supplier: None,
        item_group: String::new(),
    }
}

pub async fn each_backend<F, Fut>(f: F)
where
    F: Fn(Db) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in ["sqlite", "postgres"] {
        let Some((db, _dir)) = fresh(backend).await else { continue };
        f(db).await;
    }
}
