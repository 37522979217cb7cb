//! SQL of the budgets: written per key and month (a later amount replaces an earlier
//! one), summed over a period by key, and the keys checked and named in the company.
use std::collections::HashMap;

use rust_decimal::Decimal;
use sqlx::AnyPool;

use super::model::{BudgetBy, BudgetEntry, BudgetFilter};
use crate::core::money::{from_minor, to_minor};
use crate::db::codec::get;
use crate::db::{db_err, Tx};
use crate::error::{AppError, AppResult};

/// Writes the budget amounts (one transaction is the caller's).
pub async fn save(tx: &mut Tx, company_id: i64, entries: &[BudgetEntry]) -> AppResult<()> {
    for chunk in entries.chunks(200) {
        let values = crate::db::values_rows(chunk.len(), 1, 4);
        let sql = format!(
            "INSERT INTO budgets (company_id, dim, key_code, period, amount_minor) VALUES {values}
             ON CONFLICT (company_id, dim, key_code, period) DO UPDATE SET amount_minor = excluded.amount_minor"
        );
        let mut q = sqlx::query(&sql).bind(company_id);
        for e in chunk {
            let minor = to_minor(e.amount).map_err(|_| AppError::invalid(format!("{} is too large", e.amount)))?;
            q = q.bind(e.by.code()).bind(e.key.as_str()).bind(e.month.code()).bind(minor);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// Each key's budget within the period.
pub async fn sums(pool: &AnyPool, company_id: i64, f: &BudgetFilter) -> AppResult<Vec<(String, Decimal)>> {
    let rows = sqlx::query(
        "SELECT key_code, CAST(SUM(amount_minor) AS BIGINT) AS amount FROM budgets
         WHERE company_id = $1 AND dim = $2 AND period >= $3 AND period <= $4 GROUP BY key_code",
    )
    .bind(company_id)
    .bind(f.by.code())
    .bind(f.from.code())
    .bind(f.to.code())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(|r| Ok((get(r, "key_code")?, from_minor(get(r, "amount")?)))).collect()
}

/// The names of the keys that exist in the company (a customer by number, a seller by
/// user id among the company's members); an item group is any code, named by itself.
pub async fn names(pool: &AnyPool, company_id: i64, by: BudgetBy, keys: &[String]) -> AppResult<HashMap<String, String>> {
    let select = match by {
        BudgetBy::Customer => "SELECT customer_no AS k, name FROM parties WHERE company_id = $1 AND customer_no IN",
        BudgetBy::Seller => {
            "SELECT CAST(u.id AS TEXT) AS k, u.name FROM users u JOIN memberships m ON m.user_id = u.id AND m.company_id = $1 WHERE CAST(u.id AS TEXT) IN"
        }
        BudgetBy::ItemGroup => return Ok(keys.iter().map(|k| (k.clone(), String::new())).collect()),
    };
    let mut out = HashMap::new();
    for chunk in keys.chunks(500) {
        let ph: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!("{select} ({})", ph.join(", "));
        let mut q = sqlx::query(&sql).bind(company_id);
        for k in chunk {
            q = q.bind(k.as_str());
        }
        for r in q.fetch_all(pool).await.map_err(db_err)? {
            out.insert(get::<String>(&r, "k")?, get::<String>(&r, "name")?);
        }
    }
    Ok(out)
}
