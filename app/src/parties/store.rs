//! SQL of the party register. Every statement is scoped by company_id.

use sqlx::AnyPool;

use super::model::*;
use super::similar;
use crate::core::money::to_minor;
use crate::db::codec::{flag, get};
use crate::db::{db_err, now_ms, unique_or, Tx};
use crate::error::{AppError, AppResult};

const COLS: &str = "id, customer_no, supplier_no, is_customer, is_supplier, name, org_no, vat_no, country, address_line, postcode, city,
    invoice_email, peppol_id, phone, web, payment_terms, delivery_terms, currency, price_list_id, discount_bp, vat_exempt, vat_exempt_reason,
    collective_invoicing, no_reminders, credit_limit_minor, seller_id, doc_lang, notes, active, posting_group";

fn row(r: &sqlx::any::AnyRow) -> AppResult<Party> {
    Ok(Party {
        id: get(r, "id")?,
        customer_no: get(r, "customer_no")?,
        supplier_no: get(r, "supplier_no")?,
        is_customer: flag(r, "is_customer")?,
        is_supplier: flag(r, "is_supplier")?,
        name: get(r, "name")?,
        org_no: get(r, "org_no")?,
        vat_no: get(r, "vat_no")?,
        country: get(r, "country")?,
        address_line: get(r, "address_line")?,
        postcode: get(r, "postcode")?,
        city: get(r, "city")?,
        invoice_email: get(r, "invoice_email")?,
        peppol_id: get(r, "peppol_id")?,
        phone: get(r, "phone")?,
        web: get(r, "web")?,
        payment_terms: get(r, "payment_terms")?,
        delivery_terms: get(r, "delivery_terms")?,
        currency: get(r, "currency")?,
        price_list_id: get(r, "price_list_id")?,
        discount: crate::db::codec::pct(r, "discount_bp")?,
        vat_exempt: flag(r, "vat_exempt")?,
        vat_exempt_reason: get(r, "vat_exempt_reason")?,
        collective_invoicing: flag(r, "collective_invoicing")?,
        no_reminders: flag(r, "no_reminders")?,
        credit_limit: get::<Option<i64>>(r, "credit_limit_minor")?.map(crate::core::money::from_minor),
        seller_id: get(r, "seller_id")?,
        doc_lang: get(r, "doc_lang")?,
        notes: get(r, "notes")?,
        active: flag(r, "active")?,
        posting_group: get(r, "posting_group")?,
    })
}

fn discount_bp(p: &Party) -> AppResult<i64> {
    crate::db::codec::bp(p.discount)
}

fn credit_minor(p: &Party) -> AppResult<Option<i64>> {
    p.credit_limit.map(|d| to_minor(d).map_err(|e| AppError::invalid(e.to_string()))).transpose()
}

async fn exists<'q, V>(tx: &mut Tx, sql: &'q str, company_id: i64, value: V) -> AppResult<bool>
where
    V: 'q + Send + sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    let n: i64 = sqlx::query_scalar(sql).bind(company_id).bind(value).fetch_one(&mut **tx).await.map_err(db_err)?;
    Ok(n > 0)
}

/// Checks the party's references to registers of the same company, for messages
/// better than a foreign-key error.
pub async fn check_refs(tx: &mut Tx, company_id: i64, p: &Party) -> AppResult<()> {
    if let Some(t) = &p.payment_terms {
        if !exists(tx, "SELECT COUNT(*) FROM payment_terms WHERE company_id = $1 AND code = $2 AND active = 1", company_id, t.as_str()).await? {
            return Err(AppError::invalid(format!("Unknown payment terms '{t}': see Setup → Terms")));
        }
    }
    if let Some(t) = &p.delivery_terms {
        if !exists(tx, "SELECT COUNT(*) FROM delivery_terms WHERE company_id = $1 AND code = $2 AND active = 1", company_id, t.as_str()).await? {
            return Err(AppError::invalid(format!("Unknown delivery terms '{t}': see Setup → Terms")));
        }
    }
    if let Some(id) = &p.price_list_id {
        if !exists(tx, "SELECT COUNT(*) FROM price_lists WHERE company_id = $1 AND id = $2", company_id, *id).await? {
            return Err(AppError::invalid("Unknown price list"));
        }
    }
    if let Some(id) = &p.seller_id {
        if !exists(tx, "SELECT COUNT(*) FROM memberships WHERE company_id = $1 AND user_id = $2 AND active = 1", company_id, *id).await? {
            return Err(AppError::invalid("The seller must be an active user of this company"));
        }
    }
    Ok(())
}

/// Binds a party's stored fields, customer_no to active, in column order.
fn bind_fields<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    p: &Party,
) -> AppResult<sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>> {
    Ok(q.bind(p.customer_no.clone())
        .bind(p.supplier_no.clone())
        .bind(p.is_customer as i64)
        .bind(p.is_supplier as i64)
        .bind(p.name.clone())
        .bind(similar::name_key(&p.name))
        .bind(p.org_no.clone())
        .bind(p.vat_no.clone())
        .bind(p.country.clone())
        .bind(p.address_line.clone())
        .bind(p.postcode.clone())
        .bind(p.city.clone())
        .bind(p.invoice_email.clone())
        .bind(p.peppol_id.clone())
        .bind(p.phone.clone())
        .bind(p.web.clone())
        .bind(p.payment_terms.clone())
        .bind(p.delivery_terms.clone())
        .bind(p.currency.clone())
        .bind(p.price_list_id)
        .bind(discount_bp(p)?)
        .bind(p.vat_exempt as i64)
        .bind(p.vat_exempt_reason.clone())
        .bind(p.collective_invoicing as i64)
        .bind(p.no_reminders as i64)
        .bind(credit_minor(p)?)
        .bind(p.seller_id)
        .bind(p.doc_lang.clone())
        .bind(p.notes.clone())
        .bind(p.active as i64)
        .bind(p.posting_group.clone()))
}

pub async fn insert(tx: &mut Tx, company_id: i64, p: &Party) -> AppResult<i64> {
    let q = sqlx::query(
        "INSERT INTO parties (company_id, customer_no, supplier_no, is_customer, is_supplier, name, name_key, org_no, vat_no, country, address_line,
            postcode, city, invoice_email, peppol_id, phone, web, payment_terms, delivery_terms, currency, price_list_id, discount_bp, vat_exempt,
            vat_exempt_reason, collective_invoicing, no_reminders, credit_limit_minor, seller_id, doc_lang, notes, active, posting_group, created_at, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28,
            $29, $30, $31, $32, $33, $33, $34) RETURNING id",
    )
    .bind(company_id);
    let version = next_version(tx, company_id).await?;
    let id: i64 = bind_fields(q, p)?
        .bind(now_ms())
        .bind(version)
        .fetch_one(&mut **tx)
        .await
        .map_err(unique_or("That customer or supplier number is already in use"))
        .and_then(|r| get(&r, "id"))?;
    Ok(id)
}

/// Stores a new version of a party (numbers included: a party that becomes a
/// supplier gets its supplier number here).
pub async fn update(tx: &mut Tx, company_id: i64, old: &Party, p: &Party) -> AppResult<()> {
    let q = sqlx::query(
        "UPDATE parties SET customer_no = $3, supplier_no = $4, is_customer = $5, is_supplier = $6, name = $7, name_key = $8, org_no = $9, vat_no = $10,
            country = $11, address_line = $12, postcode = $13, city = $14, invoice_email = $15, peppol_id = $16, phone = $17, web = $18,
            payment_terms = $19, delivery_terms = $20, currency = $21, price_list_id = $22, discount_bp = $23, vat_exempt = $24, vat_exempt_reason = $25,
            collective_invoicing = $26, no_reminders = $27, credit_limit_minor = $28, seller_id = $29, doc_lang = $30, notes = $31, active = $32, posting_group = $33,
            updated_at = $34, version = $35
         WHERE company_id = $1 AND id = $2",
    )
    .bind(company_id)
    .bind(old.id);
    // only a new name concerns the name index
    let version = if old.name != p.name { next_version(tx, company_id).await? } else { old_version(tx, company_id, old.id).await? };
    bind_fields(q, p)?.bind(now_ms()).bind(version).execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

async fn old_version(tx: &mut Tx, company_id: i64, id: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT version FROM parties WHERE company_id = $1 AND id = $2").bind(company_id).bind(id).fetch_one(&mut **tx).await.map_err(db_err)
}

pub async fn by_id<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, company_id: i64, id: i64) -> AppResult<Party> {
    sqlx::query(&format!("SELECT {COLS} FROM parties WHERE company_id = $1 AND id = $2"))
        .bind(company_id)
        .bind(id)
        .fetch_optional(exec)
        .await
        .map_err(db_err)?
        .as_ref()
        .map(row)
        .ok_or_else(|| AppError::not_found("No such customer or supplier in this company"))?
}

/// A party by its customer or supplier number.
pub async fn by_no<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, company_id: i64, kind: PartyKind, no: &str) -> AppResult<Party> {
    let col = match kind {
        PartyKind::Customer => "customer_no",
        PartyKind::Supplier => "supplier_no",
    };
    sqlx::query(&format!("SELECT {COLS} FROM parties WHERE company_id = $1 AND {col} = $2"))
        .bind(company_id)
        .bind(no.trim())
        .fetch_optional(exec)
        .await
        .map_err(db_err)?
        .as_ref()
        .map(row)
        .ok_or_else(|| {
            AppError::not_found(match kind {
                PartyKind::Customer => format!("No customer {}", no.trim()),
                PartyKind::Supplier => format!("No supplier {}", no.trim()),
            })
        })?
}

/// Escapes a user's text for LIKE.
pub fn like_pattern(q: &str) -> String {
    format!("%{}%", q.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// The values bound to the party-list filter, in placeholder order $1..$7.
struct FilterArgs {
    company_id: i64,
    key_pattern: String,
    exact: String,
    city: String,
    email: String,
    seller: i64,
    inactive: i64,
}

impl FilterArgs {
    fn bind<'q>(&self, sql: &'q str) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        sqlx::query(sql)
            .bind(self.company_id)
            .bind(self.key_pattern.clone())
            .bind(self.exact.clone())
            .bind(self.city.clone())
            .bind(self.email.clone())
            .bind(self.seller)
            .bind(self.inactive)
    }
}

/// A page of the party list.
pub async fn search(pool: &AnyPool, company_id: i64, q: &PartyQuery, per_page: i64) -> AppResult<PartyPage> {
    let per_page = per_page.clamp(1, 200);
    let page = q.page.unwrap_or(1).max(1);
    let key_pattern = like_pattern(&similar::name_key(&q.q));
    let kind = match q.kind.as_str() {
        "customers" | "customer" => "AND p.is_customer = 1",
        "suppliers" | "supplier" => "AND p.is_supplier = 1",
        "both" => "AND p.is_customer = 1 AND p.is_supplier = 1",
        "" => "",
        other => return Err(AppError::invalid(format!("Unknown kind '{other}': customers, suppliers or both"))),
    };
    let order = match q.sort.as_str() {
        "-name" => "p.name_key DESC, p.id",
        "number" => "COALESCE(p.customer_no, p.supplier_no), p.id",
        "-number" => "COALESCE(p.customer_no, p.supplier_no) DESC, p.id",
        "city" => "p.city, p.name_key",
        _ => "p.name_key, p.id",
    };
    let filter = format!(
        "p.company_id = $1 {kind}
         AND ($2 = '%%' OR p.name_key LIKE $2 ESCAPE '\\' OR p.customer_no = $3 OR p.supplier_no = $3 OR p.org_no = $3 OR LOWER(p.city) LIKE $4 ESCAPE '\\' OR p.invoice_email = $5)
         AND ($6 = 0 OR p.seller_id = $6) AND (p.active = 1 OR $7 = 1)"
    );
    let args = FilterArgs {
        company_id,
        key_pattern,
        exact: q.q.trim().to_string(),
        city: like_pattern(&q.q),
        email: q.q.trim().to_lowercase(),
        seller: q.seller.unwrap_or(0),
        inactive: q.inactive as i64,
    };
    let count_sql = format!("SELECT COUNT(*) AS n FROM parties p WHERE {filter}");
    let total: i64 = get(&args.bind(&count_sql).fetch_one(pool).await.map_err(db_err)?, "n")?;
    let rows_sql = format!("{PARTY_ROW} WHERE {filter} ORDER BY {order} LIMIT $8 OFFSET $9");
    let rows = args.bind(&rows_sql).bind(per_page).bind((page - 1) * per_page).fetch_all(pool).await.map_err(db_err)?;
    Ok(PartyPage { rows: rows.iter().map(party_row).collect::<AppResult<_>>()?, total, page, per_page })
}

const PARTY_ROW: &str = "SELECT p.id, p.customer_no, p.supplier_no, p.name, p.org_no, p.city, u.name AS seller, p.active,
        p.updated_at AS changed_at, p.id AS changed_id
     FROM parties p LEFT JOIN users u ON u.id = p.seller_id";

fn party_row(r: &sqlx::any::AnyRow) -> AppResult<PartyRow> {
    Ok(PartyRow {
        id: get(r, "id")?,
        customer_no: get(r, "customer_no")?,
        supplier_no: get(r, "supplier_no")?,
        name: get(r, "name")?,
        org_no: get(r, "org_no")?,
        city: get(r, "city")?,
        seller: get(r, "seller")?,
        active: flag(r, "active")?,
    })
}

/// Customers (or suppliers) changed after `from`, in the order they changed.
pub async fn changed(pool: &AnyPool, company_id: i64, kind: PartyKind, from: crate::core::sync::SyncFrom, limit: i64) -> AppResult<Vec<(PartyRow, i64, i64)>> {
    let role = match kind {
        PartyKind::Customer => "p.is_customer",
        PartyKind::Supplier => "p.is_supplier",
    };
    let select = format!("{PARTY_ROW} WHERE p.company_id = $1 AND {role} = 1");
    crate::db::changes::after(pool, &select, ("p.updated_at", "p.id"), company_id, from, limit, party_row).await
}

/// Parties whose name is similar to `name` or whose org no equals `org_no`, best
/// first. `exclude` leaves out the party being edited.
pub async fn similar(db: &crate::db::Db, company_id: i64, name: &str, org_no: &str, exclude: Option<i64>) -> AppResult<Vec<Similar>> {
    let pool = &db.pool;
    let key = similar::name_key(name);
    let mut found: Vec<Similar> = Vec::new();
    let org = org_no.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>();
    if !org.is_empty() {
        let rows = sqlx::query(
            "SELECT id, COALESCE(customer_no, supplier_no) AS number, name, org_no, city, name_key FROM parties WHERE company_id = $1 AND org_no = $2 LIMIT 20",
        )
        .bind(company_id)
        .bind(&org)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
        for r in &rows {
            let k: String = get(r, "name_key")?;
            found.push(Similar {
                id: get(r, "id")?,
                number: get(r, "number")?,
                name: get(r, "name")?,
                org_no: get(r, "org_no")?,
                city: get(r, "city")?,
                reason: MatchReason::OrgNo,
                score: similar::score(&key, &k),
            });
        }
    }
    if !key.is_empty() {
        let hits = super::name_index::similar_names(db, company_id, &key).await?;
        let hits: Vec<(i64, i64)> = hits.into_iter().filter(|(id, _)| Some(*id) != exclude && !found.iter().any(|s| s.id == *id)).take(10).collect();
        if !hits.is_empty() {
            let ph: Vec<String> = (0..hits.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT id, COALESCE(customer_no, supplier_no) AS number, name, org_no, city FROM parties WHERE company_id = $1 AND id IN ({})",
                ph.join(", ")
            );
            let mut q = sqlx::query(&sql).bind(company_id);
            for (id, _) in &hits {
                q = q.bind(*id);
            }
            for r in &q.fetch_all(pool).await.map_err(db_err)? {
                let id: i64 = get(r, "id")?;
                let score = hits.iter().find(|(h, _)| *h == id).map(|(_, s)| *s).unwrap_or(0);
                let (number, name, org_no, city) = (get(r, "number")?, get(r, "name")?, get(r, "org_no")?, get(r, "city")?);
                found.push(Similar { id, number, name, org_no, city, reason: MatchReason::Name, score });
            }
        }
    }
    found.retain(|s| Some(s.id) != exclude);
    found.sort_by(|a, b| (b.reason == MatchReason::OrgNo).cmp(&(a.reason == MatchReason::OrgNo)).then(b.score.cmp(&a.score)).then(a.id.cmp(&b.id)));
    found.truncate(10);
    Ok(found)
}

pub async fn insert_changes(tx: &mut Tx, company_id: i64, party_id: i64, user_id: i64, changes: &[FieldChange]) -> AppResult<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let now = now_ms();
    for chunk in changes.chunks(100) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("($1, $2, $3, $4, ${}, ${}, ${})", 5 + 3 * i, 6 + 3 * i, 7 + 3 * i)).collect();
        let sql = format!("INSERT INTO party_changes (company_id, party_id, changed_at, user_id, field, old_value, new_value) VALUES {}", values.join(", "));
        let mut q = sqlx::query(&sql).bind(company_id).bind(party_id).bind(now).bind(user_id);
        for c in chunk {
            q = q.bind(&c.field).bind(&c.old_value).bind(&c.new_value);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

pub async fn changes(pool: &AnyPool, company_id: i64, party_id: i64) -> AppResult<Vec<ChangeRow>> {
    let rows = sqlx::query(
        "SELECT c.changed_at, COALESCE(u.name, '') AS user_name, c.field, c.old_value, c.new_value FROM party_changes c LEFT JOIN users u ON u.id = c.user_id
         WHERE c.company_id = $1 AND c.party_id = $2 ORDER BY c.changed_at DESC, c.id DESC LIMIT 500",
    )
    .bind(company_id)
    .bind(party_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(ChangeRow {
                changed_at: get(r, "changed_at")?,
                user_name: get(r, "user_name")?,
                field: get(r, "field")?,
                old_value: get(r, "old_value")?,
                new_value: get(r, "new_value")?,
            })
        })
        .collect()
}

// ---- addresses

pub async fn addresses(pool: &AnyPool, company_id: i64, party_id: i64) -> AppResult<Vec<Address>> {
    let rows = sqlx::query(
        "SELECT id, name, address_line, postcode, city, country, is_default FROM party_addresses WHERE company_id = $1 AND party_id = $2 ORDER BY is_default DESC, id",
    )
    .bind(company_id)
    .bind(party_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(Address {
                id: get(r, "id")?,
                name: get(r, "name")?,
                address_line: get(r, "address_line")?,
                postcode: get(r, "postcode")?,
                city: get(r, "city")?,
                country: get(r, "country")?,
                is_default: flag(r, "is_default")?,
            })
        })
        .collect()
}

/// Adds a delivery address as it is given, default or not (`save_address` keeps one
/// default per party).
pub async fn insert_address(tx: &mut Tx, company_id: i64, party_id: i64, a: &Address, is_default: bool) -> AppResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO party_addresses (company_id, party_id, name, address_line, postcode, city, country, is_default) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(company_id)
    .bind(party_id)
    .bind(&a.name)
    .bind(&a.address_line)
    .bind(&a.postcode)
    .bind(&a.city)
    .bind(&a.country)
    .bind(is_default as i64)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)
}

/// Adds a delivery address or replaces the one with `a.id`; one default per party.
pub async fn save_address(tx: &mut Tx, company_id: i64, party_id: i64, a: &Address) -> AppResult<i64> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM party_addresses WHERE company_id = $1 AND party_id = $2")
        .bind(company_id)
        .bind(party_id)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)?;
    // the first address is the default
    let is_default = a.is_default || count == 0 || (count == 1 && a.id != 0);
    if is_default {
        sqlx::query("UPDATE party_addresses SET is_default = 0 WHERE company_id = $1 AND party_id = $2")
            .bind(company_id)
            .bind(party_id)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    if a.id == 0 {
        insert_address(tx, company_id, party_id, a, is_default).await
    } else {
        let n = sqlx::query(
            "UPDATE party_addresses SET name = $4, address_line = $5, postcode = $6, city = $7, country = $8, is_default = $9
             WHERE company_id = $1 AND party_id = $2 AND id = $3",
        )
        .bind(company_id)
        .bind(party_id)
        .bind(a.id)
        .bind(&a.name)
        .bind(&a.address_line)
        .bind(&a.postcode)
        .bind(&a.city)
        .bind(&a.country)
        .bind(is_default as i64)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?
        .rows_affected();
        if n == 0 {
            return Err(AppError::not_found("No such address of this party"));
        }
        Ok(a.id)
    }
}

// ---- contacts

const CONTACT_COLS: &str = "id, party_id, name, role, email, mobile, for_orders, for_invoices, active";

fn contact_row(r: &sqlx::any::AnyRow) -> AppResult<Contact> {
    Ok(Contact {
        id: get(r, "id")?,
        party_id: get(r, "party_id")?,
        name: get(r, "name")?,
        role: get(r, "role")?,
        email: get(r, "email")?,
        mobile: get(r, "mobile")?,
        for_orders: flag(r, "for_orders")?,
        for_invoices: flag(r, "for_invoices")?,
        active: flag(r, "active")?,
    })
}

pub async fn contacts<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, company_id: i64, party_id: i64) -> AppResult<Vec<Contact>> {
    let rows = sqlx::query(&format!("SELECT {CONTACT_COLS} FROM contacts WHERE company_id = $1 AND party_id = $2 ORDER BY active DESC, name, id"))
        .bind(company_id)
        .bind(party_id)
        .fetch_all(exec)
        .await
        .map_err(db_err)?;
    rows.iter().map(contact_row).collect()
}

/// Contacts of the company with the same e-mail or mobile number.
pub async fn similar_contacts(pool: &AnyPool, company_id: i64, email: &str, mobile_key: &str, exclude: Option<i64>) -> AppResult<Vec<SimilarContact>> {
    if email.is_empty() && mobile_key.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT c.id, c.party_id, p.name AS party_name, c.name, c.email, c.mobile FROM contacts c JOIN parties p ON p.company_id = c.company_id AND p.id = c.party_id
         WHERE c.company_id = $1 AND ((c.email = $2 AND $2 <> '') OR (c.mobile_key = $3 AND $3 <> '')) AND c.id <> $4 ORDER BY c.id LIMIT 20",
    )
    .bind(company_id)
    .bind(email)
    .bind(mobile_key)
    .bind(exclude.unwrap_or(0))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(SimilarContact {
                id: get(r, "id")?,
                party_id: get(r, "party_id")?,
                party_name: get(r, "party_name")?,
                name: get(r, "name")?,
                email: get(r, "email")?,
                mobile: get(r, "mobile")?,
            })
        })
        .collect()
}

/// Adds a contact or replaces the one with `c.id`. A contact marked for orders (or
/// invoices) takes that mark from the party's other contacts.
pub async fn save_contact(tx: &mut Tx, company_id: i64, party_id: i64, c: &Contact, mobile_key: &str) -> AppResult<i64> {
    for (flag, col) in [(c.for_orders, "for_orders"), (c.for_invoices, "for_invoices")] {
        if flag {
            sqlx::query(&format!("UPDATE contacts SET {col} = 0 WHERE company_id = $1 AND party_id = $2"))
                .bind(company_id)
                .bind(party_id)
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
    }
    if c.id == 0 {
        sqlx::query_scalar(
            "INSERT INTO contacts (company_id, party_id, name, role, email, mobile, mobile_key, for_orders, for_invoices, active)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(company_id)
        .bind(party_id)
        .bind(&c.name)
        .bind(&c.role)
        .bind(&c.email)
        .bind(&c.mobile)
        .bind(mobile_key)
        .bind(c.for_orders as i64)
        .bind(c.for_invoices as i64)
        .bind(c.active as i64)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)
    } else {
        let n = sqlx::query(
            "UPDATE contacts SET name = $4, role = $5, email = $6, mobile = $7, mobile_key = $8, for_orders = $9, for_invoices = $10, active = $11
             WHERE company_id = $1 AND party_id = $2 AND id = $3",
        )
        .bind(company_id)
        .bind(party_id)
        .bind(c.id)
        .bind(&c.name)
        .bind(&c.role)
        .bind(&c.email)
        .bind(&c.mobile)
        .bind(mobile_key)
        .bind(c.for_orders as i64)
        .bind(c.for_invoices as i64)
        .bind(c.active as i64)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?
        .rows_affected();
        if n == 0 {
            return Err(AppError::not_found("No such contact of this party"));
        }
        Ok(c.id)
    }
}

pub async fn contact<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, company_id: i64, id: i64) -> AppResult<Contact> {
    sqlx::query(&format!("SELECT {CONTACT_COLS} FROM contacts WHERE company_id = $1 AND id = $2"))
        .bind(company_id)
        .bind(id)
        .fetch_optional(exec)
        .await
        .map_err(db_err)?
        .as_ref()
        .map(contact_row)
        .ok_or_else(|| AppError::not_found("No such contact in this company"))?
}

// ---- projects

fn project_row(r: &sqlx::any::AnyRow) -> AppResult<Project> {
    Ok(Project {
        id: get(r, "id")?,
        code: get(r, "code")?,
        name: get(r, "name")?,
        party_id: get(r, "party_id")?,
        start_date: crate::db::codec::opt_date(r, "start_date")?,
        end_date: crate::db::codec::opt_date(r, "end_date")?,
        status: crate::db::codec::coded(r, "status", |s| ProjectStatus::parse(s).ok())?,
    })
}

pub async fn projects<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, company_id: i64, party_id: Option<i64>) -> AppResult<Vec<Project>> {
    let rows = sqlx::query(
        "SELECT id, code, name, party_id, start_date, end_date, status FROM projects WHERE company_id = $1 AND ($2 = 0 OR party_id = $2) ORDER BY code",
    )
    .bind(company_id)
    .bind(party_id.unwrap_or(0))
    .fetch_all(exec)
    .await
    .map_err(db_err)?;
    rows.iter().map(project_row).collect()
}

/// Adds a project or updates the one with the same code (of the same customer).
pub async fn save_project(tx: &mut Tx, company_id: i64, p: &Project) -> AppResult<()> {
    let owner: Option<i64> = sqlx::query_scalar("SELECT party_id FROM projects WHERE company_id = $1 AND code = $2")
        .bind(company_id)
        .bind(&p.code)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    if owner.is_some_and(|o| o != p.party_id) {
        return Err(AppError::Conflict(format!("Project code {} is used by another customer", p.code)));
    }
    sqlx::query(
        "INSERT INTO projects (company_id, code, name, party_id, start_date, end_date, status) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (company_id, code) DO UPDATE SET name = excluded.name, start_date = excluded.start_date, end_date = excluded.end_date, status = excluded.status",
    )
    .bind(company_id)
    .bind(&p.code)
    .bind(&p.name)
    .bind(p.party_id)
    .bind(p.start_date.map(crate::core::date::iso))
    .bind(p.end_date.map(crate::core::date::iso))
    .bind(p.status.code())
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

// ---- the admin-defined form

pub async fn form_fields<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, company_id: i64, kind: PartyKind) -> AppResult<Vec<FormField>> {
    let rows = sqlx::query("SELECT field, position, required FROM party_form_fields WHERE company_id = $1 AND kind = $2 ORDER BY position")
        .bind(company_id)
        .bind(kind.code())
        .fetch_all(exec)
        .await
        .map_err(db_err)?;
    let mut fields = Vec::with_capacity(rows.len());
    for r in &rows {
        // a stored field this version does not know is an error, never silently dropped
        let field = PartyField::parse(&get::<String>(r, "field")?).map_err(|e| AppError::Internal(format!("party form field: {e}")))?;
        fields.push(FormField { field, position: get(r, "position")?, required: flag(r, "required")? });
    }
    Ok(form_layout(&fields))
}

pub async fn save_form_fields(tx: &mut Tx, company_id: i64, kind: PartyKind, fields: &[FormField]) -> AppResult<()> {
    sqlx::query("DELETE FROM party_form_fields WHERE company_id = $1 AND kind = $2")
        .bind(company_id)
        .bind(kind.code())
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    for f in fields {
        sqlx::query("INSERT INTO party_form_fields (company_id, kind, field, position, required) VALUES ($1, $2, $3, $4, $5)")
            .bind(company_id)
            .bind(kind.code())
            .bind(f.field.code())
            .bind(f.position)
            .bind(f.required as i64)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// Every party of the company, for the CSV export.
pub async fn all(pool: &AnyPool, company_id: i64) -> AppResult<Vec<Party>> {
    let rows = sqlx::query(&format!("SELECT {COLS} FROM parties WHERE company_id = $1 ORDER BY COALESCE(customer_no, supplier_no), id"))
        .bind(company_id)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter().map(row).collect()
}

/// The company's party change counter.
pub async fn party_version(pool: &AnyPool, company_id: i64) -> AppResult<i64> {
    sqlx::query_scalar("SELECT party_version FROM companies WHERE id = $1").bind(company_id).fetch_one(pool).await.map_err(db_err)
}

/// (id, name key, version) of the parties changed after `version`.
pub async fn name_keys_after(pool: &AnyPool, company_id: i64, version: i64) -> AppResult<Vec<(i64, String, i64)>> {
    sqlx::query_as("SELECT id, name_key, version FROM parties WHERE company_id = $1 AND version > $2")
        .bind(company_id)
        .bind(version)
        .fetch_all(pool)
        .await
        .map_err(db_err)
}

/// Takes the next value of the company's party change counter, to stamp on a party
/// written in the same transaction. The counter row stays locked until commit.
pub async fn next_version(tx: &mut Tx, company_id: i64) -> AppResult<i64> {
    sqlx::query_scalar("UPDATE companies SET party_version = party_version + 1 WHERE id = $1 RETURNING party_version")
        .bind(company_id)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)
}

/// A customer matched by a webshop's contact details, most certain first: the e-mail
/// (the customer's invoice e-mail or a contact's), the organisation number, the mobile
/// (as `mobile_key` writes it). Answers its number.
pub async fn customer_by_contact(pool: &AnyPool, company_id: i64, email: &str, org_no: &str, mobile_key: &str) -> AppResult<Option<String>> {
    sqlx::query_scalar(
        "SELECT p.customer_no FROM parties p
         WHERE p.company_id = $1 AND p.is_customer = 1 AND p.active = 1 AND p.customer_no IS NOT NULL AND (
            ($2 <> '' AND (LOWER(p.invoice_email) = $2 OR EXISTS (SELECT 1 FROM contacts c WHERE c.company_id = p.company_id AND c.party_id = p.id AND LOWER(c.email) = $2)))
            OR ($3 <> '' AND p.org_no = $3)
            OR ($4 <> '' AND EXISTS (SELECT 1 FROM contacts c WHERE c.company_id = p.company_id AND c.party_id = p.id AND c.mobile_key = $4)))
         ORDER BY CASE WHEN $2 <> '' AND LOWER(p.invoice_email) = $2 THEN 0 WHEN $2 <> '' AND EXISTS (SELECT 1 FROM contacts c WHERE c.company_id = p.company_id AND c.party_id = p.id AND LOWER(c.email) = $2) THEN 1
                       WHEN $3 <> '' AND p.org_no = $3 THEN 2 ELSE 3 END, p.id
         LIMIT 1",
    )
    .bind(company_id)
    .bind(email.trim().to_lowercase())
    .bind(org_no.trim())
    .bind(mobile_key)
    .fetch_optional(pool)
    .await
    .map_err(db_err)
}
