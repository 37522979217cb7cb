//! SQL of the exports for the accounting program and the tax authority: the company's
//! head, the accounts and parties with their balances, the VAT codes, and the journal's
//! lines as a stream (a year of a busy company does not fit in memory twice).
use chrono::{Datelike, NaiveDate};
use futures::{Stream, StreamExt};
use sqlx::AnyPool;

use crate::accounting::exports::{AccountSums, CompanyHead, DimKind, Dimension, Entry, PartySums, TaxCode, Totals};
use crate::accounting::model::{Side, SourceKind};
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

/// The projects and sellers the period's lines name, with their names.
pub async fn dimensions(pool: &AnyPool, company_id: i64, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<Dimension>> {
    let projects = super::in_period(
        pool,
        "SELECT DISTINCT g.project_code AS id, COALESCE(pr.name, g.project_code) AS name
         FROM gl_entries g LEFT JOIN projects pr ON pr.company_id = g.company_id AND pr.code = g.project_code
         WHERE g.company_id = $1 AND g.entry_date >= $2 AND g.entry_date <= $3 AND g.project_code <> '' ORDER BY 1",
        company_id,
        from,
        to,
    )
    .await?;
    let sellers = super::in_period(
        pool,
        "SELECT DISTINCT g.seller_id AS id, COALESCE(u.name, '') AS name
         FROM gl_entries g LEFT JOIN users u ON u.id = g.seller_id
         WHERE g.company_id = $1 AND g.entry_date >= $2 AND g.entry_date <= $3 AND g.seller_id IS NOT NULL ORDER BY 1",
        company_id,
        from,
        to,
    )
    .await?;
    let mut out = Vec::with_capacity(projects.len() + sellers.len());
    for r in &projects {
        out.push(Dimension { kind: DimKind::Project, id: get(r, "id")?, name: get(r, "name")? });
    }
    for r in &sellers {
        out.push(Dimension { kind: DimKind::Seller, id: get::<i64>(r, "id")?.to_string(), name: get(r, "name")? });
    }
    Ok(out)
}

/// The company's VAT codes, and whether the period's lines use each.
pub async fn tax_codes(pool: &AnyPool, company_id: i64, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<TaxCode>> {
    let rows = super::in_period(
        pool,
        "SELECT v.code, v.name, v.rate_bp, v.saft_code, COALESCE(u.uses, 0) AS uses
         FROM vat_codes v LEFT JOIN (SELECT vat_code, COUNT(*) AS uses FROM gl_entries
                                     WHERE company_id = $1 AND entry_date >= $2 AND entry_date <= $3 AND vat_code <> '' GROUP BY vat_code) u
              ON u.vat_code = v.code
         WHERE v.company_id = $1 ORDER BY v.code",
        company_id,
        from,
        to,
    )
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TaxCode {
                code: get(r, "code")?,
                name: get(r, "name")?,
                rate_bp: get(r, "rate_bp")?,
                saft_code: get(r, "saft_code")?,
                used: get::<i64>(r, "uses")? > 0,
            })
        })
        .collect()
}

/// How many vouchers the period has, and the sums of their sides.
pub async fn totals(pool: &AnyPool, company_id: i64, from: NaiveDate, to: NaiveDate) -> AppResult<Totals> {
    let rows = super::in_period(pool, "SELECT (SELECT COUNT(*) FROM (SELECT DISTINCT series, year, number FROM gl_entries WHERE company_id = $1 AND entry_date >= $2 AND entry_date <= $3) v) AS vouchers,
                CAST(COALESCE(SUM(debit_minor), 0) AS BIGINT) AS debit_minor, CAST(COALESCE(SUM(credit_minor), 0) AS BIGINT) AS credit_minor
         FROM gl_entries WHERE company_id = $1 AND entry_date >= $2 AND entry_date <= $3", company_id, from, to).await?;
    let r = rows.first().ok_or_else(|| AppError::Internal("totals: no row".into()))?;
    Ok(Totals { vouchers: get(r, "vouchers")?, debit: money(r, "debit_minor")?, credit: money(r, "credit_minor")? })
}

const ENTRIES: &str = "SELECT g.series, g.year, g.number, g.line_no, g.entry_date, g.account, g.debit_minor, g.credit_minor, g.vat_code, g.text,
        g.source_kind, g.source_no, g.posted_at, COALESCE(p.customer_no, '') AS customer_no, COALESCE(p.supplier_no, '') AS supplier_no, g.party_id,
        g.project_code, g.seller_id
 FROM gl_entries g LEFT JOIN parties p ON p.company_id = g.company_id AND p.id = g.party_id
 WHERE g.company_id = $1 AND g.entry_date >= $2 AND g.entry_date <= $3
 ORDER BY g.series, g.year, g.number, g.line_no";

/// The period's voucher lines in series, year, number and line order, read as they
/// are needed.
pub fn entries(pool: &AnyPool, company_id: i64, from: NaiveDate, to: NaiveDate) -> impl Stream<Item = AppResult<Entry>> + Send + '_ {
    sqlx::query(ENTRIES).bind(company_id).bind(iso(from)).bind(iso(to)).fetch(pool).map(|r| {
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
    })
}
