//! SQL of the CRM sync: the connection, the links with their base values, the review
//! list, the conflict log, and the workers' claim on a connection.
use sqlx::AnyPool;

use super::model::{ConflictRow, CrmField, CrmSettings, Plan, ReviewReason, ReviewRow, Rules, Values};
use crate::db::codec::{coded, flag, get};
use crate::db::{db_err, now_ms};
use crate::error::{AppError, AppResult};

/// The stored connection as the worker uses it.
#[derive(Clone, Debug)]
pub struct CrmRow {
    pub company_id: i64,
    pub url: String,
    pub database: String,
    pub login: String,
    pub secret: String,
    pub rules: Rules,
    pub poll_seconds: i64,
    pub active: bool,
    pub in_cursor: Option<i64>,
    pub events_seq: Option<i64>,
    pub failures: i64,
    pub created_by: i64,
}

/// The sealed column of the CRM's password (see `db::secrets`).
const SECRET: &str = "crm_connections.secret";

const COLS: &str = "company_id, url, database_name, login, secret, rules, poll_seconds, active, in_cursor, events_seq, failures, created_by, last_run_at, last_error, problems";

fn row(r: &sqlx::any::AnyRow) -> AppResult<CrmRow> {
    let rules: String = get(r, "rules")?;
    let company_id = get(r, "company_id")?;
    Ok(CrmRow {
        company_id,
        url: get(r, "url")?,
        database: get(r, "database_name")?,
        login: get(r, "login")?,
        secret: crate::db::secrets::open(company_id, SECRET, &get::<String>(r, "secret")?)?,
        rules: Rules::parse(&rules).map_err(AppError::Internal)?,
        poll_seconds: get(r, "poll_seconds")?,
        active: flag(r, "active")?,
        in_cursor: get(r, "in_cursor")?,
        events_seq: get(r, "events_seq")?,
        failures: get(r, "failures")?,
        created_by: get(r, "created_by")?,
    })
}

pub async fn connection(pool: &AnyPool, company_id: i64) -> AppResult<Option<CrmRow>> {
    let r = sqlx::query(&format!("SELECT {COLS} FROM crm_connections WHERE company_id = $1")).bind(company_id).fetch_optional(pool).await.map_err(db_err)?;
    r.as_ref().map(row).transpose()
}

/// The connection as the page shows it.
pub async fn shown(pool: &AnyPool, company_id: i64) -> AppResult<Option<CrmSettings>> {
    let sql =
        format!("SELECT {COLS}, (SELECT COUNT(*) FROM crm_links l WHERE l.company_id = c.company_id AND l.gone_at IS NULL) AS links FROM crm_connections c WHERE company_id = $1");
    let Some(r) = sqlx::query(&sql).bind(company_id).fetch_optional(pool).await.map_err(db_err)? else { return Ok(None) };
    let c = row(&r)?;
    Ok(Some(CrmSettings {
        url: c.url,
        database: c.database,
        login: c.login,
        rules: CrmField::ALL.iter().map(|f| (*f, c.rules.of(*f))).collect(),
        active: c.active,
        poll_seconds: c.poll_seconds,
        last_run_at: get(&r, "last_run_at")?,
        last_error: get(&r, "last_error")?,
        problems: get::<String>(&r, "problems")?.lines().map(str::to_string).collect(),
        failures: c.failures,
        links: get(&r, "links")?,
        configured: true,
    }))
}

/// Saves the connection; `secret` None keeps the stored one (a new connection needs one).
pub async fn save(pool: &AnyPool, company_id: i64, user_id: i64, c: &super::model::CheckedCrm, secret: Option<&str>) -> AppResult<()> {
    let now = now_ms();
    let secret = secret.map(|s| crate::db::secrets::seal(company_id, SECRET, s)).transpose()?;
    let n = sqlx::query(
        "UPDATE crm_connections SET url = $2, database_name = $3, login = $4, secret = COALESCE($5, secret), rules = $6, poll_seconds = $7, active = $8,
            next_run_at = 0, updated_at = $9 WHERE company_id = $1",
    )
    .bind(company_id)
    .bind(&c.url)
    .bind(&c.database)
    .bind(&c.login)
    .bind(&secret)
    .bind(c.rules.encode())
    .bind(c.poll_seconds)
    .bind(c.active as i64)
    .bind(now)
    .execute(pool)
    .await
    .map_err(db_err)?
    .rows_affected();
    if n == 1 {
        return Ok(());
    }
    let secret = secret.ok_or_else(|| AppError::invalid("Password: the CRM user's password is needed for a new connection"))?;
    sqlx::query(
        "INSERT INTO crm_connections (company_id, url, database_name, login, secret, rules, poll_seconds, active, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(company_id)
    .bind(&c.url)
    .bind(&c.database)
    .bind(&c.login)
    .bind(secret)
    .bind(c.rules.encode())
    .bind(c.poll_seconds)
    .bind(c.active as i64)
    .bind(user_id)
    .bind(now)
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Companies whose CRM sync is due.
pub async fn due(pool: &AnyPool, now: i64) -> AppResult<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT company_id FROM crm_connections c WHERE active = 1 AND claimed_until < $1
            AND (next_run_at <= $1 OR (failures = 0 AND EXISTS (SELECT 1 FROM events e WHERE e.company_id = c.company_id
                AND e.seq > COALESCE(c.events_seq, 0) AND e.kind IN ('customer_created', 'customer_changed'))))
         ORDER BY next_run_at LIMIT 50",
    )
    .bind(now)
    .fetch_all(pool)
    .await
    .map_err(db_err)
}

/// Takes the connection for `ms` unless another server holds it.
pub async fn claim(pool: &AnyPool, company_id: i64, now: i64, ms: i64) -> AppResult<bool> {
    let n = sqlx::query("UPDATE crm_connections SET claimed_until = $3 WHERE company_id = $1 AND claimed_until < $2")
        .bind(company_id)
        .bind(now)
        .bind(now + ms)
        .execute(pool)
        .await
        .map_err(db_err)?
        .rows_affected();
    Ok(n == 1)
}

pub async fn release(pool: &AnyPool, company_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE crm_connections SET claimed_until = 0 WHERE company_id = $1").bind(company_id).execute(pool).await.map_err(db_err)?;
    Ok(())
}

/// A run went through: both cursors move, the next run is a poll interval away.
pub async fn ran(pool: &AnyPool, company_id: i64, in_cursor: i64, events_seq: i64, next_run_at: i64, problems: &[String]) -> AppResult<()> {
    sqlx::query(
        "UPDATE crm_connections SET in_cursor = $2, events_seq = $3, next_run_at = $4, last_run_at = $5, last_error = '', failures = 0, problems = $6
         WHERE company_id = $1",
    )
    .bind(company_id)
    .bind(in_cursor)
    .bind(events_seq)
    .bind(next_run_at)
    .bind(now_ms())
    .bind(problems.join("\n"))
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// A run failed: the cursors stay (nothing is lost), tried again at `next_run_at`.
pub async fn failed(pool: &AnyPool, company_id: i64, next_run_at: i64, error: &str) -> AppResult<()> {
    sqlx::query("UPDATE crm_connections SET failures = failures + 1, next_run_at = $2, last_error = $3, last_run_at = $4 WHERE company_id = $1")
        .bind(company_id)
        .bind(next_run_at)
        .bind(error)
        .bind(now_ms())
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// A link: (party id, CRM id, base values).
#[derive(Clone, Debug)]
pub struct Link {
    pub party_id: i64,
    pub crm_id: i64,
    pub base: Values,
    /// The CRM record was deleted there.
    pub gone: bool,
}

fn link_row(r: &sqlx::any::AnyRow) -> AppResult<Link> {
    let base: String = get(r, "base")?;
    Ok(Link {
        party_id: get(r, "party_id")?,
        crm_id: get(r, "crm_id")?,
        base: serde_json::from_str(&base).map_err(|e| AppError::Internal(e.to_string()))?,
        gone: get::<Option<i64>>(r, "gone_at")?.is_some(),
    })
}

pub async fn link_by_crm(pool: &AnyPool, company_id: i64, crm_id: i64) -> AppResult<Option<Link>> {
    let r = sqlx::query("SELECT party_id, crm_id, base, gone_at FROM crm_links WHERE company_id = $1 AND crm_id = $2")
        .bind(company_id)
        .bind(crm_id)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    r.as_ref().map(link_row).transpose()
}

pub async fn link_by_party(pool: &AnyPool, company_id: i64, party_id: i64) -> AppResult<Option<Link>> {
    let r = sqlx::query("SELECT party_id, crm_id, base, gone_at FROM crm_links WHERE company_id = $1 AND party_id = $2")
        .bind(company_id)
        .bind(party_id)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    r.as_ref().map(link_row).transpose()
}

/// The CRM record of a link was deleted in the CRM.
pub async fn gone(pool: &AnyPool, company_id: i64, crm_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE crm_links SET gone_at = $3 WHERE company_id = $1 AND crm_id = $2 AND gone_at IS NULL")
        .bind(company_id)
        .bind(crm_id)
        .bind(now_ms())
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Records the outcome of a sync of a linked pair: the new base and the conflicts, in
/// one transaction; the link is made when new, and a review of the record is done.
pub async fn synced(pool: &AnyPool, company_id: i64, party_id: i64, crm_id: i64, plan: &Plan) -> AppResult<()> {
    let base = serde_json::to_string(&plan.base).map_err(|e| AppError::Internal(e.to_string()))?;
    let now = now_ms();
    let mut tx = pool.begin().await.map_err(db_err)?;
    sqlx::query(
        "INSERT INTO crm_links (company_id, party_id, crm_id, base, synced_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (company_id, party_id) DO UPDATE SET crm_id = $3, base = $4, synced_at = $5",
    )
    .bind(company_id)
    .bind(party_id)
    .bind(crm_id)
    .bind(&base)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    for c in &plan.conflicts {
        sqlx::query(
            "INSERT INTO crm_conflicts (company_id, party_id, crm_id, field, flyt_value, crm_value, flyt_won, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(company_id)
        .bind(party_id)
        .bind(crm_id)
        .bind(c.field.code())
        .bind(&c.flyt)
        .bind(&c.crm)
        .bind(c.flyt_won as i64)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    sqlx::query("DELETE FROM crm_reviews WHERE company_id = $1 AND crm_id = $2").bind(company_id).bind(crm_id).execute(&mut *tx).await.map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    Ok(())
}

/// Puts a CRM record in the review list (or updates why it waits).
pub async fn review(pool: &AnyPool, company_id: i64, crm_id: i64, name: &str, reason: ReviewReason, detail: &str, candidates: &[i64]) -> AppResult<()> {
    let list = candidates.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    sqlx::query(
        "INSERT INTO crm_reviews (company_id, crm_id, name, reason, detail, candidates, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (company_id, crm_id) DO UPDATE SET name = $3, reason = $4, detail = $5, candidates = $6",
    )
    .bind(company_id)
    .bind(crm_id)
    .bind(name)
    .bind(reason.code())
    .bind(detail)
    .bind(list)
    .bind(now_ms())
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Whether a CRM record waits for a person (the sync leaves it alone meanwhile).
pub async fn in_review(pool: &AnyPool, company_id: i64, crm_id: i64) -> AppResult<Option<ReviewReason>> {
    let r: Option<String> = sqlx::query_scalar("SELECT reason FROM crm_reviews WHERE company_id = $1 AND crm_id = $2")
        .bind(company_id)
        .bind(crm_id)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    Ok(r.and_then(|r| ReviewReason::parse(&r)))
}

pub async fn drop_review(pool: &AnyPool, company_id: i64, crm_id: i64) -> AppResult<bool> {
    let n = sqlx::query("DELETE FROM crm_reviews WHERE company_id = $1 AND crm_id = $2")
        .bind(company_id)
        .bind(crm_id)
        .execute(pool)
        .await
        .map_err(db_err)?
        .rows_affected();
    Ok(n == 1)
}

/// The review list with each candidate's number and name.
pub async fn reviews(pool: &AnyPool, company_id: i64) -> AppResult<Vec<ReviewRow>> {
    let rows = sqlx::query("SELECT crm_id, name, reason, detail, candidates FROM crm_reviews WHERE company_id = $1 ORDER BY created_at, crm_id LIMIT 500")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    let mut out = Vec::new();
    for r in &rows {
        let list: String = get(r, "candidates")?;
        let mut candidates = Vec::new();
        for id in list.split(',').filter_map(|s| s.parse::<i64>().ok()) {
            let p = sqlx::query("SELECT COALESCE(customer_no, supplier_no, '') AS number, name FROM parties WHERE company_id = $1 AND id = $2")
                .bind(company_id)
                .bind(id)
                .fetch_optional(pool)
                .await
                .map_err(db_err)?;
            if let Some(p) = p {
                candidates.push((id, format!("{} {}", get::<String>(&p, "number")?, get::<String>(&p, "name")?)));
            }
        }
        out.push(ReviewRow {
            crm_id: get(r, "crm_id")?,
            name: get(r, "name")?,
            reason: coded(r, "reason", ReviewReason::parse)?,
            detail: get(r, "detail")?,
            candidates,
        });
    }
    Ok(out)
}

/// The latest conflicts.
pub async fn conflicts(pool: &AnyPool, company_id: i64, limit: i64) -> AppResult<Vec<ConflictRow>> {
    let rows = sqlx::query(
        "SELECT c.created_at, COALESCE(p.customer_no, p.supplier_no, '') || ' ' || p.name AS party, c.crm_id, c.field, c.flyt_value, c.crm_value, c.flyt_won
         FROM crm_conflicts c JOIN parties p ON p.company_id = c.company_id AND p.id = c.party_id
         WHERE c.company_id = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT $2",
    )
    .bind(company_id)
    .bind(limit)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(ConflictRow {
                at: get(r, "created_at")?,
                party: get(r, "party")?,
                crm_id: get(r, "crm_id")?,
                field: coded(r, "field", CrmField::parse)?,
                flyt_value: get(r, "flyt_value")?,
                crm_value: get(r, "crm_value")?,
                flyt_won: flag(r, "flyt_won")?,
            })
        })
        .collect()
}

/// The journal's last event: where a first sync starts following it.
pub async fn last_seq(pool: &AnyPool, company_id: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM events WHERE company_id = $1").bind(company_id).fetch_one(pool).await.map_err(db_err)
}

/// The Flyt parties some waiting review names (they are not created in the CRM meanwhile).
pub async fn review_candidates(pool: &AnyPool, company_id: i64) -> AppResult<Vec<i64>> {
    let lists: Vec<String> =
        sqlx::query_scalar("SELECT candidates FROM crm_reviews WHERE company_id = $1").bind(company_id).fetch_all(pool).await.map_err(db_err)?;
    Ok(lists.iter().flat_map(|l| l.split(',').filter_map(|s| s.parse().ok()).collect::<Vec<i64>>()).collect())
}

/// Active customers (ids) and their last change (ms), for the first sync out.
pub async fn customers(pool: &AnyPool, company_id: i64) -> AppResult<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM parties WHERE company_id = $1 AND is_customer = 1 AND active = 1 ORDER BY id")
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)
}

/// The party ids of customer numbers (from the event journal's subjects); numbers no
/// longer there are left out.
pub async fn customer_ids(pool: &AnyPool, company_id: i64, numbers: &[String]) -> AppResult<Vec<i64>> {
    let mut out = Vec::new();
    for no in numbers {
        match crate::parties::store::by_no(pool, company_id, crate::parties::model::PartyKind::Customer, no).await {
            Ok(p) => out.push(p.id),
            Err(AppError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// When a party last changed (ms).
pub async fn party_changed_at(pool: &AnyPool, company_id: i64, party_id: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT updated_at FROM parties WHERE company_id = $1 AND id = $2").bind(company_id).bind(party_id).fetch_one(pool).await.map_err(db_err)
}

/// Whether a party is linked to a CRM record already.
pub async fn linked_parties(pool: &AnyPool, company_id: i64, ids: &[i64]) -> AppResult<Vec<i64>> {
    let mut out = Vec::new();
    for id in ids {
        if link_by_party(pool, company_id, *id).await?.is_some() {
            out.push(*id);
        }
    }
    Ok(out)
}

/// Parties with this invoice e-mail or a contact with it.
pub async fn parties_by_email(pool: &AnyPool, company_id: i64, email: &str) -> AppResult<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM parties WHERE company_id = $1 AND LOWER(invoice_email) = $2
         UNION SELECT party_id FROM contacts WHERE company_id = $1 AND LOWER(email) = $2 LIMIT 20",
    )
    .bind(company_id)
    .bind(email.trim().to_lowercase())
    .fetch_all(pool)
    .await
    .map_err(db_err)
}

/// Whether parties may be written by the sync (a party of another company never is).
pub async fn party_exists(pool: &AnyPool, company_id: i64, party_id: i64) -> AppResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM parties WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(party_id)
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
    Ok(n == 1)
}
