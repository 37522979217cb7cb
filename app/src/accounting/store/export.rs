//! SQL of the exports for the accounting program and the tax authority: the company's
//! head, the accounts and parties with their balances, the VAT codes, and the journal's
//! lines as a stream (a year of a busy company does not fit in memory twice).
use chrono::{Datelike, NaiveDate};
use futures::{Stream, StreamExt};
use sqlx::AnyPool;

use std::collections::{BTreeMap, BTreeSet};

use crate::accounting::exports::{AccountSums, CompanyHead, DimKind, Dimension, Entry, PartySums, TaxCode, Totals};
use crate::accounting::model::{voucher_year, Side, SourceKind};
use crate::core::date::iso;
use crate::db::codec::{coded, date, flag, get, money};
use crate::db::db_err;
use crate::error::{AppError, AppResult};

pub async fn company_head(pool: &AnyPool, company_id: i64) -> AppResult<CompanyHead> {
    let r = sqlx::query("SELECT name, org_no, country, currency, vat_registered, address_line, postcode, city, email, phone FROM companies WHERE id = $1")
        .bind(company_id)
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
    Ok(CompanyHead {
        name: get(&r, "name")?,
        org_no: get(&r, "org_no")?,
        country: get(&r, "country")?,
        currency: get(&r, "currency")?,
        vat_registered: flag(&r, "vat_registered")?,
        address_line: get(&r, "address_line")?,
        postcode: get(&r, "postcode")?,
        city: get(&r, "city")?,
        email: get(&r, "email")?,
        phone: get(&r, "phone")?,
    })
}

pub async fn user_name(pool: &AnyPool, user_id: i64) -> AppResult<String> {
    sqlx::query_scalar("SELECT name FROM users WHERE id = $1").bind(user_id).fetch_one(pool).await.map_err(db_err)
}

/// The first day of `from`'s year: result accounts start from zero there.
fn year_start(from: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(from.year(), 1, 1).unwrap_or(from)
}

/// Every account of the chart with its sums: before `from`'s year, from the year's
/// start to `from`, and the debits and credits of the period (the journal summed once
/// by account, then joined: joining every line to its account first made SQLite read
/// the period once per account).
pub async fn accounts(pool: &AnyPool, company_id: i64, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<AccountSums>> {
    let rows = sqlx::query(
        "SELECT a.number, a.name, a.grouping_category, a.grouping_code, a.active, COALESCE(s.before_year_minor, 0) AS before_year_minor,
                COALESCE(s.year_to_from_minor, 0) AS year_to_from_minor, COALESCE(s.debit_minor, 0) AS debit_minor,
                COALESCE(s.credit_minor, 0) AS credit_minor, COALESCE(s.lines, 0) AS lines
         FROM accounts a LEFT JOIN (
             SELECT account,
                    CAST(SUM(CASE WHEN entry_date < $2 THEN debit_minor - credit_minor ELSE 0 END) AS BIGINT) AS before_year_minor,
                    CAST(SUM(CASE WHEN entry_date >= $2 AND entry_date < $3 THEN debit_minor - credit_minor ELSE 0 END) AS BIGINT) AS year_to_from_minor,
                    CAST(SUM(CASE WHEN entry_date >= $3 THEN debit_minor ELSE 0 END) AS BIGINT) AS debit_minor,
                    CAST(SUM(CASE WHEN entry_date >= $3 THEN credit_minor ELSE 0 END) AS BIGINT) AS credit_minor,
                    COUNT(*) AS lines
             FROM gl_entries WHERE company_id = $1 AND entry_date <= $4 GROUP BY account) s ON s.account = a.number
         WHERE a.company_id = $1 ORDER BY a.number",
    )
    .bind(company_id)
    .bind(iso(year_start(from)))
    .bind(iso(from))
    .bind(iso(to))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(AccountSums {
                number: get(r, "number")?,
                name: get(r, "name")?,
                grouping_category: get(r, "grouping_category")?,
                grouping_code: get(r, "grouping_code")?,
                used: flag(r, "active")? || get::<i64>(r, "lines")? > 0,
                before_year: money(r, "before_year_minor")?,
                year_to_from: money(r, "year_to_from_minor")?,
                debit: money(r, "debit_minor")?,
                credit: money(r, "credit_minor")?,
            })
        })
        .collect()
}

/// Per customer or supplier and account its lines are on (up to `to`): the sums
/// before `from` and in the period, and the party's master data.
pub async fn parties(pool: &AnyPool, company_id: i64, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<PartySums>> {
    let sql = format!(
        "SELECT p.id, CASE WHEN g.source_kind IN ({kinds}) THEN 1 ELSE 0 END AS customer,
                COALESCE(p.customer_no, '') AS customer_no, COALESCE(p.supplier_no, '') AS supplier_no,
                p.name, p.org_no, p.address_line, p.postcode, p.city, p.country, g.account,
                CAST(COALESCE(SUM(CASE WHEN g.entry_date < $2 THEN g.debit_minor - g.credit_minor ELSE 0 END), 0) AS BIGINT) AS opening_minor,
                CAST(COALESCE(SUM(CASE WHEN g.entry_date >= $2 THEN g.debit_minor - g.credit_minor ELSE 0 END), 0) AS BIGINT) AS movement_minor,
                CAST(COALESCE(SUM(CASE WHEN g.entry_date >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS period_lines
         FROM gl_entries g JOIN parties p ON p.company_id = g.company_id AND p.id = g.party_id
         WHERE g.company_id = $1 AND g.entry_date <= $3
         GROUP BY p.id, CASE WHEN g.source_kind IN ({kinds}) THEN 1 ELSE 0 END, p.customer_no, p.supplier_no, p.name, p.org_no,
                  p.address_line, p.postcode, p.city, p.country, g.account
         ORDER BY 2 DESC, p.id, g.account",
        kinds = super::customer_kinds()
    );
    let rows = super::in_period(pool, &sql, company_id, from, to).await?;
    rows.iter()
        .map(|r| {
            let customer = get::<i64>(r, "customer")? == 1;
            let no: String = get(r, if customer { "customer_no" } else { "supplier_no" })?;
            let id: i64 = get(r, "id")?;
            Ok(PartySums {
                side: if customer { Side::Customer } else { Side::Supplier },
                no: if no.is_empty() { format!("P{id}") } else { no },
                name: get(r, "name")?,
                org_no: get(r, "org_no")?,
                address_line: get(r, "address_line")?,
                postcode: get(r, "postcode")?,
                city: get(r, "city")?,
                country: get(r, "country")?,
                account: get(r, "account")?,
                opening: money(r, "opening_minor")?,
                movement: money(r, "movement_minor")?,
                in_period: get::<i64>(r, "period_lines")? > 0,
            })
        })
        .collect()
}

/// What the period's lines hold, from one read of the period: the series they are
/// in, the VAT codes and dimensions they use, and their totals (each voucher's first
/// line counts the voucher). Summed by series, VAT code, project and seller — few
/// groups — rather than read again for each: on SQLite every read of a year costs.
pub async fn period(pool: &AnyPool, company_id: i64, from: NaiveDate, to: NaiveDate) -> AppResult<Period> {
    let rows = super::in_period(
        pool,
        "SELECT s.series, s.vat_code, s.project_code, COALESCE(pr.name, s.project_code) AS project_name, s.seller_id, COALESCE(u.name, '') AS seller_name,
                s.vouchers, s.debit_minor, s.credit_minor
         FROM (SELECT series, vat_code, project_code, seller_id, CAST(SUM(CASE WHEN line_no = 1 THEN 1 ELSE 0 END) AS BIGINT) AS vouchers,
                      CAST(SUM(debit_minor) AS BIGINT) AS debit_minor, CAST(SUM(credit_minor) AS BIGINT) AS credit_minor
               FROM gl_entries WHERE company_id = $1 AND entry_date >= $2 AND entry_date <= $3
               GROUP BY series, vat_code, project_code, seller_id) s
         LEFT JOIN projects pr ON pr.company_id = $1 AND pr.code = s.project_code
         LEFT JOIN users u ON u.id = s.seller_id",
        company_id,
        from,
        to,
    )
    .await?;
    let mut p = Period::default();
    let (mut projects, mut sellers) = (BTreeMap::new(), BTreeMap::new());
    for r in &rows {
        p.totals.vouchers += get::<i64>(r, "vouchers")?;
        p.totals.debit += money(r, "debit_minor")?;
        p.totals.credit += money(r, "credit_minor")?;
        p.series.insert(get(r, "series")?);
        let code: String = get(r, "vat_code")?;
        if !code.is_empty() {
            p.vat_codes.insert(code);
        }
        let project: String = get(r, "project_code")?;
        if !project.is_empty() {
            projects.insert(project, get::<String>(r, "project_name")?);
        }
        if let Some(seller) = get::<Option<i64>>(r, "seller_id")? {
            sellers.insert(seller, get::<String>(r, "seller_name")?);
        }
    }
    p.dimensions = projects.into_iter().map(|(id, name)| Dimension { kind: DimKind::Project, id, name }).collect();
    p.dimensions.extend(sellers.into_iter().map(|(id, name)| Dimension { kind: DimKind::Seller, id: id.to_string(), name }));
    Ok(p)
}

/// What [`period`] answers.
#[derive(Debug, Default)]
pub struct Period {
    pub totals: Totals,
    pub series: BTreeSet<String>,
    pub vat_codes: BTreeSet<String>,
    pub dimensions: Vec<Dimension>,
}

/// The company's VAT codes, and whether the period's lines use each (`used`, from [`period`]).
pub async fn tax_codes(pool: &AnyPool, company_id: i64, used: &BTreeSet<String>) -> AppResult<Vec<TaxCode>> {
    let rows = sqlx::query("SELECT v.code, v.name, v.rate_bp, v.saft_code FROM vat_codes v WHERE v.company_id = $1 ORDER BY v.code")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let code: String = get(r, "code")?;
            Ok(TaxCode { used: used.contains(&code), code, name: get(r, "name")?, rate_bp: get(r, "rate_bp")?, saft_code: get(r, "saft_code")? })
        })
        .collect()
}

/// One series' lines of a period. The series and the voucher year bound the read to
/// the journal's key (series, year, number, line), which then gives the order: no
/// sort of the year's lines (on SQLite the sort took a third of the export).
const ENTRIES: &str = "SELECT g.series, g.year, g.number, g.line_no, g.entry_date, g.account, g.debit_minor, g.credit_minor, g.vat_code, g.text,
        g.source_kind, g.source_no, g.posted_at, COALESCE(p.customer_no, '') AS customer_no, COALESCE(p.supplier_no, '') AS supplier_no, g.party_id,
        g.project_code, g.seller_id
 FROM gl_entries g LEFT JOIN parties p ON p.company_id = g.company_id AND p.id = g.party_id
 WHERE g.company_id = $1 AND g.series = $2 AND g.year >= $3 AND g.year <= $4 AND g.entry_date >= $5 AND g.entry_date <= $6
 ORDER BY g.year, g.number, g.line_no";

/// The period's voucher lines in series, year, number and line order, read as they
/// are needed, a series at a time (`series`: those [`period`] found, in order).
pub fn entries(pool: &AnyPool, company_id: i64, from: NaiveDate, to: NaiveDate, series: Vec<String>) -> impl Stream<Item = AppResult<Entry>> + Send + '_ {
    futures::stream::iter(series).flat_map(move |s| {
        sqlx::query(ENTRIES)
            .bind(company_id)
            .bind(s)
            .bind(voucher_year(from) as i64)
            .bind(voucher_year(to) as i64)
            .bind(iso(from))
            .bind(iso(to))
            .fetch(pool)
            .map(entry)
    })
}

fn entry(r: Result<sqlx::any::AnyRow, sqlx::Error>) -> AppResult<Entry> {
    let r = r.map_err(db_err)?;
    let kind = coded(&r, "source_kind", SourceKind::parse)?;
    let posted_ms: i64 = get(&r, "posted_at")?;
    let party_id: Option<i64> = get(&r, "party_id")?;
    let party_no = match party_id {
        None => String::new(),
        Some(id) => {
            let no: String = get(&r, if kind.party_side() == Side::Customer { "customer_no" } else { "supplier_no" })?;
            if no.is_empty() {
                format!("P{id}")
            } else {
                no
            }
        }
    };
    Ok(Entry {
        series: get(&r, "series")?,
        year: get::<i64>(&r, "year")? as i32,
        number: get(&r, "number")?,
        line_no: get(&r, "line_no")?,
        date: date(&r, "entry_date")?,
        account: get(&r, "account")?,
        debit: money(&r, "debit_minor")?,
        credit: money(&r, "credit_minor")?,
        vat_code: get(&r, "vat_code")?,
        text: get(&r, "text")?,
        kind,
        source_no: get(&r, "source_no")?,
        posted: chrono::DateTime::from_timestamp_millis(posted_ms)
            .map(|t| t.date_naive())
            .ok_or_else(|| AppError::Internal(format!("gl_entries.posted_at: {posted_ms}")))?,
        party_no,
        project_code: get(&r, "project_code")?,
        seller: get::<Option<i64>>(&r, "seller_id")?.map(|s| s.to_string()).unwrap_or_default(),
    })
}
