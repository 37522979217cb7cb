//! SQL of the reports: the sales facts summed by a dimension within the filters, each
//! group's name, and the invoice lines behind a row (the drill-down).
use std::collections::HashMap;

use sqlx::AnyPool;

use super::model::{Dimension, DrillLine, Month, SalesFilter, Sums};
use crate::db::codec::get;
use crate::db::db_err;
use crate::error::{AppError, AppResult};

/// The filters with numbers resolved to ids in the company (an unknown one is said).
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub customer_id: Option<i64>,
    pub item_id: Option<i64>,
    pub warehouse_id: Option<i64>,
}

/// A number of another company is unknown here, like one that does not exist.
fn unknown(e: AppError, what: &str, no: &str) -> AppError {
    if matches!(e, AppError::NotFound(_)) {
        AppError::invalid(format!("Unknown {what} '{no}'"))
    } else {
        e
    }
}

pub async fn resolve(pool: &AnyPool, company_id: i64, f: &SalesFilter) -> AppResult<Resolved> {
    let mut r = Resolved::default();
    if let Some(no) = &f.customer {
        let p = crate::parties::store::by_no(pool, company_id, crate::parties::model::PartyKind::Customer, no).await.map_err(|e| unknown(e, "customer", no))?;
        r.customer_id = Some(p.id);
    }
    if let Some(no) = &f.item {
        r.item_id = Some(crate::catalog::store::by_no(pool, company_id, no).await.map_err(|e| unknown(e, "item", no))?.id);
    }
    if let Some(code) = &f.warehouse {
        r.warehouse_id = Some(crate::catalog::store::warehouse_id(pool, company_id, code).await?);
    }
    Ok(r)
}

/// The column of the facts a dimension groups by.
fn column(d: Dimension) -> &'static str {
    match d {
        Dimension::Customer => "customer_id",
        Dimension::Item => "item_id",
        Dimension::ItemGroup => "item_group",
        Dimension::Seller => "seller_id",
        Dimension::Project => "project_code",
        Dimension::Month => "period",
        // summed by customer, then by the county of each one's postcode
        Dimension::Region => "customer_id",
    }
}

/// The filter conditions from `$4` on, and their values (text or number) in order.
enum Arg {
    Int(i64),
    Text(String),
}

fn conditions(f: &SalesFilter, r: &Resolved, cols: [&str; 6], first: usize) -> (String, Vec<Arg>) {
    let mut sql = String::new();
    let mut args = Vec::new();
    let [customer, item, group, seller, project, warehouse] = cols;
    let mut add = |col: &str, a: Arg| {
        sql.push_str(&format!(" AND {col} = ${}", first + args.len()));
        args.push(a);
    };
    if let Some(id) = r.customer_id {
        add(customer, Arg::Int(id));
    }
    if let Some(id) = r.item_id {
        add(item, Arg::Int(id));
    }
    if let Some(g) = &f.item_group {
        add(group, Arg::Text(g.clone()));
    }
    if let Some(s) = f.seller {
        add(seller, Arg::Int(s));
    }
    if let Some(p) = &f.project {
        add(project, Arg::Text(p.clone()));
    }
    if let Some(id) = r.warehouse_id {
        add(warehouse, Arg::Int(id));
    }
    (sql, args)
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    args: &'q [Arg],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for a in args {
        q = match a {
            Arg::Int(i) => q.bind(*i),
            Arg::Text(t) => q.bind(t.as_str()),
        };
    }
    q
}

const FACT_COLS: [&str; 6] = ["customer_id", "item_id", "item_group", "seller_id", "project_code", "warehouse_id"];

/// The sums within the filters by the filter's dimension (the rollups when nothing is
/// filtered, else the facts), with each group's
/// key and name.
pub async fn sales(pool: &AnyPool, company_id: i64, f: &SalesFilter, r: &Resolved) -> AppResult<Vec<Sums>> {
    if f.by == Dimension::Region {
        let by_customer = SalesFilter { by: Dimension::Customer, ..f.clone() };
        let sums = Box::pin(sales(pool, company_id, &by_customer, r)).await?;
        let places = places(pool, company_id).await?;
        let placed = sums.into_iter().map(|s| {
            let (country, postcode) = places.get(&s.key).cloned().unwrap_or_default();
            (country, postcode, s)
        });
        return Ok(super::model::by_region(placed.collect()));
    }
    let col = column(f.by);
    let (cond, args) = conditions(f, r, FACT_COLS, 4);
    let sql = if args.is_empty() {
        // unfiltered: the rollup of the one dimension (a few thousand rows a year)
        let key = match f.by {
            Dimension::Customer | Dimension::Item | Dimension::Seller | Dimension::Region => "key_id",
            Dimension::ItemGroup | Dimension::Project => "key_code",
            Dimension::Month => "period",
        };
        format!(
            "SELECT {key} AS k, CAST(SUM(net_minor) AS BIGINT) AS net, CAST(SUM(qty_milli) AS BIGINT) AS qty, CAST(SUM(lines) AS BIGINT) AS n, CAST(SUM(cost_minor) AS BIGINT) AS cost
             FROM sales_rollups WHERE company_id = $1 AND dim = '{}' AND period >= $2 AND period <= $3 GROUP BY {key}",
            f.by.code()
        )
    } else {
        format!(
            "SELECT {col} AS k, CAST(SUM(net_minor) AS BIGINT) AS net, CAST(SUM(qty_milli) AS BIGINT) AS qty, CAST(SUM(lines) AS BIGINT) AS n, CAST(SUM(cost_minor) AS BIGINT) AS cost
             FROM sales_facts WHERE company_id = $1 AND period >= $2 AND period <= $3{cond} GROUP BY {col}"
        )
    };
    let q = sqlx::query(&sql).bind(company_id).bind(f.from.code()).bind(f.to.code());
    let rows = bind_all(q, &args).fetch_all(pool).await.map_err(db_err)?;
    let mut out = Vec::with_capacity(rows.len());
    let by_id = matches!(f.by, Dimension::Customer | Dimension::Item | Dimension::Seller);
    let mut ids = Vec::new();
    for row in &rows {
        let (key, id) = if by_id {
            let id: i64 = get(row, "k")?;
            ids.push(id);
            (String::new(), id)
        } else {
            (get::<String>(row, "k")?, 0)
        };
        out.push((
            id,
            Sums { key, label: String::new(), net_minor: get(row, "net")?, qty_milli: get(row, "qty")?, lines: get(row, "n")?, cost_minor: get(row, "cost")? },
        ));
    }
    let names = match f.by {
        Dimension::Customer => names(pool, "SELECT id, customer_no AS k, name FROM parties WHERE company_id = $1 AND id IN", company_id, &ids).await?,
        Dimension::Item => names(pool, "SELECT id, item_no AS k, description AS name FROM items WHERE company_id = $1 AND id IN", company_id, &ids).await?,
        Dimension::Seller => {
            names(
                pool,
                "SELECT u.id, CAST(u.id AS TEXT) AS k, u.name FROM users u JOIN memberships m ON m.user_id = u.id AND m.company_id = $1 WHERE u.id IN",
                company_id,
                &ids,
            )
            .await?
        }
        _ => HashMap::new(),
    };
    let projects = if f.by == Dimension::Project { project_names(pool, company_id).await? } else { HashMap::new() };
    Ok(out
        .into_iter()
        .map(|(id, mut s)| {
            if by_id {
                let (k, name) = names.get(&id).cloned().unwrap_or_else(|| (if id == 0 { String::new() } else { id.to_string() }, String::new()));
                s.key = k;
                s.label = name;
            } else if f.by == Dimension::Project {
                s.label = projects.get(&s.key).cloned().unwrap_or_default();
            } else {
                s.label = s.key.clone();
            }
            s
        })
        .collect())
}

/// (key, name) by id, for ids of one company.
pub(crate) async fn names(pool: &AnyPool, select: &str, company_id: i64, ids: &[i64]) -> AppResult<HashMap<i64, (String, String)>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let ph: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!("{select} ({})", ph.join(", "));
        let mut q = sqlx::query(&sql).bind(company_id);
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.fetch_all(pool).await.map_err(db_err)? {
            out.insert(get::<i64>(&r, "id")?, (get::<String>(&r, "k")?, get::<String>(&r, "name")?));
        }
    }
    Ok(out)
}

/// Each customer's (country, postcode) by customer number.
async fn places(pool: &AnyPool, company_id: i64) -> AppResult<HashMap<String, (String, String)>> {
    let rows = sqlx::query("SELECT customer_no, country, postcode FROM parties WHERE company_id = $1 AND customer_no IS NOT NULL")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter().map(|r| Ok((get::<String>(r, "customer_no")?, (get::<String>(r, "country")?, get::<String>(r, "postcode")?)))).collect()
}

async fn project_names(pool: &AnyPool, company_id: i64) -> AppResult<HashMap<String, String>> {
    let rows = sqlx::query("SELECT code, name FROM projects WHERE company_id = $1").bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    rows.iter().map(|r| Ok((get::<String>(r, "code")?, get::<String>(r, "name")?))).collect()
}

/// The first day after a month, `YYYY-MM-DD`.
pub(crate) fn after(m: Month) -> String {
    if m.month == 12 {
        format!("{:04}-01-01", m.year + 1)
    } else {
        format!("{:04}-{:02}-01", m.year, m.month + 1)
    }
}

/// The invoice lines behind a row (`key` as the report gave it), oldest first, at most
/// `limit`.
pub async fn lines(pool: &AnyPool, company_id: i64, f: &SalesFilter, r: &Resolved, key: &str, limit: i64) -> AppResult<Vec<DrillLine>> {
    let cols = ["i.customer_id", "COALESCE(l.item_id, 0)", "l.item_group", "COALESCE(i.seller_id, 0)", "i.project_code", "COALESCE(c.warehouse_id, 0)"];
    let (cond, mut args) = conditions(f, r, cols, 4);
    let key_col = match f.by {
        Dimension::Customer => "(SELECT p.customer_no FROM parties p WHERE p.company_id = i.company_id AND p.id = i.customer_id)",
        Dimension::Item => "l.item_no",
        Dimension::ItemGroup => "l.item_group",
        Dimension::Seller => "CAST(COALESCE(i.seller_id, 0) AS TEXT)",
        Dimension::Project => "i.project_code",
        Dimension::Month => "substr(i.invoice_date, 1, 7)",
        Dimension::Region => "i.customer_id",
    };
    if f.by == Dimension::Region {
        // the customers of the region, by the register's postcodes
        let places = places(pool, company_id).await?;
        let nos: Vec<&String> = places.iter().filter(|(_, (c, p))| crate::core::regions::key_of(c, p).0 == key).map(|(no, _)| no).collect();
        if nos.is_empty() {
            return Ok(Vec::new());
        }
        let ids = customer_ids(pool, company_id, &nos).await?;
        let list = ids.iter().map(|id| id.to_string()).collect::<Vec<_>>().join(", ");
        return drill(pool, company_id, f, &cond, args, &format!("i.customer_id IN ({list})"), limit).await;
    }
    let key = if f.by == Dimension::Seller && key.is_empty() { "0".to_string() } else { key.to_string() };
    let key_at = 4 + args.len();
    args.push(Arg::Text(key));
    drill(pool, company_id, f, &cond, args, &format!("{key_col} = ${key_at}"), limit).await
}

/// The customers' ids by number (numbers of one company).
async fn customer_ids(pool: &AnyPool, company_id: i64, nos: &[&String]) -> AppResult<Vec<i64>> {
    let mut out = Vec::new();
    for chunk in nos.chunks(500) {
        let ph: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!("SELECT id FROM parties WHERE company_id = $1 AND customer_no IN ({})", ph.join(", "));
        let mut q = sqlx::query(&sql).bind(company_id);
        for no in chunk {
            q = q.bind(no.as_str());
        }
        for r in q.fetch_all(pool).await.map_err(db_err)? {
            out.push(get::<i64>(&r, "id")?);
        }
    }
    Ok(out)
}

/// The invoice lines within the filters and `which` (a condition on the row).
async fn drill(pool: &AnyPool, company_id: i64, f: &SalesFilter, cond: &str, args: Vec<Arg>, which: &str, limit: i64) -> AppResult<Vec<DrillLine>> {
    let sql = format!(
        "SELECT i.invoice_no, i.kind, i.invoice_date, i.customer_no, i.customer_name, l.item_no, l.description, l.qty_milli, l.net_minor,
                COALESCE(c.cost_minor, 0) AS cost_minor, COALESCE(c.source, '') AS cost_from
         FROM invoice_lines l JOIN invoices i ON i.company_id = l.company_id AND i.id = l.invoice_id
         LEFT JOIN invoice_line_costs c ON c.company_id = l.company_id AND c.line_id = l.id
         WHERE l.company_id = $1 AND l.kind = 'item' AND i.invoice_date >= $2 AND i.invoice_date < $3{cond} AND {which}
         ORDER BY i.invoice_date, i.invoice_no, l.line_no LIMIT {limit}"
    );
    let q = sqlx::query(&sql).bind(company_id).bind(format!("{}-01", f.from.code())).bind(after(f.to));
    let rows = bind_all(q, &args).fetch_all(pool).await.map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let kind = crate::db::codec::coded(r, "kind", crate::invoicing::model::InvoiceKind::parse)?;
            let sign = if kind == crate::invoicing::model::InvoiceKind::CreditNote { -1 } else { 1 };
            Ok(DrillLine {
                invoice_no: get(r, "invoice_no")?,
                invoice_date: get(r, "invoice_date")?,
                customer: format!("{} {}", get::<String>(r, "customer_no")?, get::<String>(r, "customer_name")?),
                item_no: get(r, "item_no")?,
                description: get(r, "description")?,
                qty: rust_decimal::Decimal::new(sign * get::<i64>(r, "qty_milli")?, 3).normalize(),
                net: rust_decimal::Decimal::new(sign * get::<i64>(r, "net_minor")?, 2),
                cost: rust_decimal::Decimal::new(sign * get::<i64>(r, "cost_minor")?, 2),
                cost_from: crate::invoicing::cost::CostSource::parse(&get::<String>(r, "cost_from")?),
                kind,
            })
        })
        .collect()
}
