//! What the item import checks its rows against: the company's registers.
use std::collections::{HashMap, HashSet};

use sqlx::AnyPool;

use crate::db::codec::get;
use crate::db::db_err;
use crate::error::AppResult;

/// What the company has that rows refer to (item numbers lower-cased, warehouse
/// codes upper-cased, as rows are compared).
pub struct Registers {
    pub units: HashSet<String>,
    pub vat_codes: HashSet<String>,
    pub warehouses: HashMap<String, i64>,
    pub item_nos: HashSet<String>,
    pub barcodes: HashSet<String>,
    pub suppliers: HashSet<String>,
}

pub async fn registers(pool: &AnyPool, company_id: i64) -> AppResult<Registers> {
    let strings = |sql: &'static str| async move {
        let rows = sqlx::query(sql).bind(company_id).fetch_all(pool).await.map_err(db_err)?;
        rows.iter().map(|r| get::<String>(r, "v")).collect::<AppResult<HashSet<String>>>()
    };
    let warehouses = sqlx::query("SELECT UPPER(code) AS code, id FROM warehouses WHERE company_id = $1 AND active = 1")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?
        .iter()
        .map(|r| Ok((get::<String>(r, "code")?, get::<i64>(r, "id")?)))
        .collect::<AppResult<_>>()?;
    Ok(Registers {
        units: strings("SELECT code AS v FROM units WHERE company_id = $1").await?,
        vat_codes: strings("SELECT code AS v FROM vat_codes WHERE company_id = $1 AND active = 1").await?,
        warehouses,
        item_nos: strings("SELECT LOWER(item_no) AS v FROM items WHERE company_id = $1").await?,
        barcodes: strings("SELECT barcode AS v FROM items WHERE company_id = $1 AND barcode IS NOT NULL").await?,
        suppliers: strings("SELECT supplier_no AS v FROM parties WHERE company_id = $1 AND is_supplier = 1").await?,
    })
}
