//! Contract test of the row codec (`app::db::codec`) on SQLite and on PostgreSQL: what
//! is written through it reads back exactly, by column name; what would not fit is
//! refused instead of stored as 0; a stored value that is not what its column means
//! (a flag of 2, a date that is no date, an unknown line kind) is an error when read.
mod common;

use std::str::FromStr;

use app::core::lines::{Line, LineKind};
use app::db::codec;
use app::error::AppError;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

async fn contract(backend: &str) {
    let Some((db, _dir)) = common::fresh(backend).await else { return };
    sqlx::query(
        "CREATE TABLE codec_probe (id BIGINT PRIMARY KEY, line_no BIGINT, kind TEXT, item_no TEXT, description TEXT, qty_milli BIGINT, unit TEXT,
         price_minor BIGINT, discount_bp BIGINT, vat_code TEXT, vat_rate_bp BIGINT, net_minor BIGINT, flag BIGINT, day TEXT)",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    let line = Line {
        line_no: 3,
        kind: LineKind::Item,
        item_no: "A-1".into(),
        description: "Blåbærsyltetøy".into(),
        qty: d("1.125"),
        unit: "kg".into(),
        unit_price: d("99999999999.99"),
        discount_pct: d("12.5"),
        vat_code: "3".into(),
        vat_rate: d("15"),
        net: d("-0.01"),
    };
    let insert = "INSERT INTO codec_probe (id, line_no, kind, item_no, description, qty_milli, unit, price_minor, discount_bp, vat_code, vat_rate_bp, net_minor, flag, day)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
    sqlx::query(insert)
        .bind(1_i64)
        .bind(line.line_no)
        .bind(line.kind.code())
        .bind(&line.item_no)
        .bind(&line.description)
        .bind(codec::milli("Quantity", line.qty).unwrap())
        .bind(&line.unit)
        .bind(codec::minor(line.unit_price).unwrap())
        .bind(codec::bp(line.discount_pct).unwrap())
        .bind(&line.vat_code)
        .bind(codec::bp(line.vat_rate).unwrap())
        .bind(codec::minor(line.net).unwrap())
        .bind(1_i64)
        .bind("2027-01-01")
        .execute(&db.pool)
        .await
        .unwrap();
    // read back by name, whatever order the SELECT names the columns in
    let r = sqlx::query("SELECT day, flag, net_minor, vat_rate_bp, vat_code, discount_bp, price_minor, unit, qty_milli, description, item_no, kind, line_no, id FROM codec_probe WHERE id = 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(codec::line(&r).unwrap(), line, "{backend}");
    assert!(codec::flag(&r, "flag").unwrap());
    assert_eq!(codec::date(&r, "day").unwrap(), chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
    assert!(matches!(codec::get::<i64>(&r, "no_such_column"), Err(AppError::Internal(m)) if m.contains("no_such_column")));

    // what would not fit is refused, never stored as 0
    assert!(matches!(codec::minor(d("100000000000000")), Err(AppError::Invalid(_))));
    assert!(matches!(codec::minor(d("1.005")), Err(AppError::Invalid(_))));
    assert!(matches!(codec::milli("Quantity", d("1000000001")), Err(AppError::Invalid(m)) if m.starts_with("Quantity")));
    assert!(matches!(codec::bp(d("1000000000000000000000000000")), Err(AppError::Invalid(_))));
    assert!(matches!(codec::bp(d("25.125")), Err(AppError::Invalid(_))));

    // stored values that are not what the column means are errors when read
    sqlx::query(insert)
        .bind(2_i64)
        .bind(1_i64)
        .bind("discount")
        .bind("")
        .bind("")
        .bind(0_i64)
        .bind("")
        .bind(0_i64)
        .bind(0_i64)
        .bind("")
        .bind(0_i64)
        .bind(0_i64)
        .bind(2_i64)
        .bind("31.02.2027")
        .execute(&db.pool)
        .await
        .unwrap();
    let r = sqlx::query("SELECT * FROM codec_probe WHERE id = 2").fetch_one(&db.pool).await.unwrap();
    assert!(matches!(codec::line(&r), Err(AppError::Internal(m)) if m.contains("discount")), "unknown kind");
    assert!(codec::flag(&r, "flag").is_err());
    assert!(codec::date(&r, "day").is_err());
}

#[tokio::test]
async fn codec_on_sqlite() {
    contract("sqlite").await;
}

#[tokio::test]
async fn codec_on_postgres() {
    contract("postgres").await;
}
