//! Supplier invoices: registered by hand or imported from EHF, matched against the
//! purchase order, given accounts and dimensions for the accounting export, and
//! taken through the approval chain before they can be marked paid.
use std::collections::HashMap;

use rust_decimal::Decimal;
use sqlx::{AnyPool, Row};

use super::model::*;
use crate::auth::service::AuthCtx;
use crate::core::date::date_or;
use crate::core::money::{from_minor, to_minor};
use crate::core::quantity::{from_milli, to_milli};
use crate::core::text;
use crate::db::{db_err, now_ms, values_rows, Db, Tx};
use crate::error::{AppError, AppResult};

fn minor(what: &str, d: Decimal) -> AppResult<i64> {
    to_minor(d).map_err(|e| AppError::invalid(format!("{what}: {e}")))
}

/// Candidates for matching an organisation or VAT number: as written, and its digits
/// ("NO 912 345 678 MVA" → "912345678").
fn id_keys(ids: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for id in ids {
        let plain: String = id.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        let plain = plain.split(':').next_back().unwrap_or("").to_string();
        let digits: String = plain.chars().filter(char::is_ascii_digit).collect();
        for k in [plain, digits] {
            if k.len() >= 4 && !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// The supplier of an invoice: by supplier number, else by organisation / VAT number.
const SUPPLIER_COLS: &str = "SELECT id, COALESCE(supplier_no, ''), currency, payment_terms FROM parties WHERE company_id = $1 AND is_supplier = 1";

/// The supplier with one of these organisation numbers, VAT numbers or electronic
/// addresses.
async fn find_supplier(conn: &mut sqlx::AnyConnection, company_id: i64, ids: &[&str]) -> AppResult<Option<sqlx::any::AnyRow>> {
    let keys = id_keys(ids);
    if keys.is_empty() {
        return Ok(None);
    }
    let ph: Vec<String> = (0..keys.len()).map(|i| format!("${}", i + 2)).collect();
    let norm = |c: &str| format!("UPPER(REPLACE({c}, ' ', ''))");
    let sql = format!("{SUPPLIER_COLS} AND ({} IN ({p}) OR {} IN ({p})) ORDER BY id LIMIT 1", norm("org_no"), norm("vat_no"), p = ph.join(", "));
    let mut q = sqlx::query(&sql).bind(company_id);
    for k in &keys {
        q = q.bind(k.as_str());
    }
    q.fetch_optional(conn).await.map_err(db_err)
}

async fn supplier(tx: &mut Tx, company_id: i64, no: &str, ids: &[&str], name: &str) -> AppResult<(i64, String, String, Option<String>)> {
    let r = if !no.trim().is_empty() {
        sqlx::query(&format!("{SUPPLIER_COLS} AND supplier_no = $2")).bind(company_id).bind(no.trim()).fetch_optional(&mut **tx).await.map_err(db_err)?
    } else {
        if id_keys(ids).is_empty() {
            return Err(AppError::invalid("Give the supplier's number or organisation number"));
        }
        find_supplier(tx, company_id, ids).await?
    };
    let r = r.ok_or_else(|| {
        let who = if no.trim().is_empty() {
            format!("with organisation number {}", ids.iter().find(|s| !s.is_empty()).unwrap_or(&""))
        } else {
            no.trim().to_string()
        };
        let named = if name.is_empty() { String::new() } else { format!(" ({name})") };
        AppError::invalid(format!("No supplier {who}{named}: register the supplier first"))
    })?;
    Ok((r.get(0), r.get(1), r.get(2), r.get(3)))
}

/// Default (account, dimension) per item id and of the supplier.
async fn account_defaults(tx: &mut Tx, company_id: i64, supplier_id: i64) -> AppResult<(HashMap<i64, (String, String)>, Option<(String, String)>, String)> {
    let rows =
        sqlx::query("SELECT party_id, item_id, account, dimension FROM purchase_accounts WHERE company_id = $1 AND (party_id = $2 OR item_id IS NOT NULL)")
            .bind(company_id)
            .bind(supplier_id)
            .fetch_all(&mut **tx)
            .await
            .map_err(db_err)?;
    let mut items = HashMap::new();
    let mut sup = None;
    for r in rows {
        let pair = (r.get::<String, _>(2), r.get::<String, _>(3));
        match (r.get::<Option<i64>, _>(0), r.get::<Option<i64>, _>(1)) {
            (Some(_), _) => sup = Some(pair),
            (_, Some(i)) => {
                items.insert(i, pair);
            }
            _ => {}
        }
    }
    let company: String =
        sqlx::query_scalar("SELECT purchase_account FROM companies WHERE id = $1").bind(company_id).fetch_one(&mut **tx).await.map_err(db_err)?;
    Ok((items, sup, company))
}

/// Registers a supplier invoice in one transaction: supplier, purchase order, lines
/// with accounts, totals checked, the approval level it needs. `xml`: the EHF received.
pub async fn register(db: &Db, ctx: &AuthCtx, input: &SiInput, ids: &[&str], supplier_name: &str, xml: Option<&str>) -> AppResult<SupplierInvoice> {
    let mut tx = db.begin().await?;
    let id = register_in(&mut tx, ctx, input, ids, supplier_name, xml).await?;
    tx.commit().await.map_err(db_err)?;
    get(db, ctx.company_id, id).await
}

async fn register_in(tx: &mut Tx, ctx: &AuthCtx, input: &SiInput, ids: &[&str], supplier_name: &str, xml: Option<&str>) -> AppResult<i64> {
    let c = ctx.company_id;
    let mut all_ids = vec![input.org_no.as_str()];
    all_ids.extend_from_slice(ids);
    let (supplier_id, supplier_no, currency, terms) = supplier(tx, c, &input.supplier_no, &all_ids, supplier_name).await?;
    let invoice_no = text::required("Invoice number", &input.invoice_no, 100).map_err(AppError::invalid)?;
    let date = date_or("Invoice date", &input.invoice_date, ctx.today())?;
    let days: i64 = match &terms {
        Some(code) => sqlx::query_scalar("SELECT days FROM payment_terms WHERE company_id = $1 AND code = $2")
            .bind(c)
            .bind(code)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?
            .unwrap_or(0),
        None => 0,
    };
    let due = date_or("Due date", &input.due_date, date + chrono::Duration::days(days))?;
    if due < date {
        return Err(AppError::invalid(format!("The due date {due} is before the invoice date {date}")));
    }
    let currency = if input.currency.trim().is_empty() { currency } else { input.currency.trim().to_uppercase() };
    if currency.len() != 3 || !currency.chars().all(|ch| ch.is_ascii_alphabetic()) {
        return Err(AppError::invalid(format!("Unknown currency '{currency}'")));
    }
    let kid = text::optional("KID", &input.kid, 30).map_err(AppError::invalid)?;
    if input.lines.is_empty() {
        return Err(AppError::invalid("A supplier invoice needs at least one line"));
    }
    // the purchase order, of this company and this supplier; a reference that names
    // none of ours is kept and becomes a deviation for the approver
    let order_ref = text::optional("Order reference", &input.po_no, 100).map_err(AppError::invalid)?;
    let known = match order_ref.is_empty() {
        true => None,
        false => match super::store::head(tx, c, Some(&order_ref), None).await {
            Ok(h) => Some(h),
            Err(AppError::NotFound(_)) => None,
            Err(e) => return Err(e),
        },
    };
    let (po_id, po_lines) = if let Some(h) = known {
        if h.status == super::model::PoStatus::Draft.code() {
            return Err(AppError::invalid(format!("Purchase order {} is not sent yet", h.po_no)));
        }
        if h.supplier_id != supplier_id {
            return Err(AppError::invalid(format!("Purchase order {} is not from supplier {supplier_no}", h.po_no)));
        }
        (Some(h.id), super::store::lines(tx, c, h.id).await?)
    } else {
        (None, Vec::new())
    };
    let nos: Vec<String> = input.lines.iter().map(|l| l.item_no.trim().to_string()).filter(|s| !s.is_empty()).collect();
    let items = super::store::items_by_no(tx, c, &nos).await?;
    let (item_accounts, supplier_account, company_account) = account_defaults(tx, c, supplier_id).await?;
    let sign = if input.credit_note { Decimal::NEGATIVE_ONE } else { Decimal::ONE };
    let mut rows = Vec::with_capacity(input.lines.len());
    for (i, l) in input.lines.iter().enumerate() {
        let n = i + 1;
        let at = |m: String| AppError::invalid(format!("Line {n}: {m}"));
        let po_line = match l.po_line_no {
            Some(no) if po_id.is_some() => po_lines.iter().find(|(_, _, pl)| pl.line_no == no),
            _ => None,
        };
        let item_id = if !l.item_no.trim().is_empty() {
            Some(items.get(l.item_no.trim()).map(|x| x.0).ok_or_else(|| at(format!("no active item '{}'", l.item_no.trim())))?)
        } else if let Some((_, item, _)) = po_line {
            Some(*item)
        } else if !l.supplier_item_no.trim().is_empty() {
            po_lines.iter().find(|(_, _, pl)| pl.supplier_item_no == l.supplier_item_no.trim()).map(|(_, item, _)| *item)
        } else {
            None
        };
        let po_line = po_line.or_else(|| item_id.and_then(|it| po_lines.iter().find(|(_, item, _)| *item == it)));
        let net = l.net.unwrap_or_else(|| crate::core::lines::line_net(l.qty, l.unit_price, Decimal::ZERO));
        if l.vat_rate < Decimal::ZERO || l.vat_rate > Decimal::ONE_HUNDRED {
            return Err(at(format!("VAT rate must be between 0 and 100 % (got {})", l.vat_rate)));
        }
        let (account, dimension) = line_account(&l.account, item_id.and_then(|it| item_accounts.get(&it)), supplier_account.as_ref(), &company_account);
        let dimension = if l.dimension.trim().is_empty() { dimension } else { l.dimension.trim().to_string() };
        let description = text::optional("Description", &l.description, 2000).map_err(&at)?;
        rows.push((
            n as i64,
            item_id,
            text::optional("Supplier's item number", &l.supplier_item_no, 100).map_err(&at)?,
            description,
            to_milli("Quantity", l.qty * sign).map_err(&at)?,
            to_minor(l.unit_price.round_dp(2)).map_err(|e| at(e.to_string()))?,
            minor(&format!("Line {n}: amount"), net * sign)?,
            crate::core::money::to_bp(l.vat_rate.round_dp(2)).map_err(|e| at(e.to_string()))?,
            account,
            dimension,
            po_line.map(|(id, _, _)| *id),
            net,
        ));
    }
    let computed = si_totals(&rows.iter().map(|r| (r.11, Decimal::new(r.7, 2))).collect::<Vec<_>>());
    check_totals(computed, (input.net, input.vat, input.gross)).map_err(AppError::invalid)?;
    let (net, vat, gross) = computed;
    let payable = gross - input.prepaid.unwrap_or(Decimal::ZERO);
    let levels = levels_raw(&mut **tx, c).await?;
    let required = required_level(&levels, gross);
    let status = if required == 0 { SiStatus::Approved } else { SiStatus::Pending };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO supplier_invoices (company_id, supplier_id, kind, invoice_no, invoice_date, due_date, currency, kid, po_id, net_minor, vat_minor, gross_minor, payable_minor,
             source, status, required_level, approved_level, created_at, created_by, order_ref)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 0, $17, $18, $19) RETURNING id",
    )
    .bind(c)
    .bind(supplier_id)
    .bind(if input.credit_note { "credit_note" } else { "invoice" })
    .bind(&invoice_no)
    .bind(date.format("%Y-%m-%d").to_string())
    .bind(due.format("%Y-%m-%d").to_string())
    .bind(&currency)
    .bind(&kid)
    .bind(po_id)
    .bind(minor("Net amount", net * sign)?)
    .bind(minor("VAT", vat * sign)?)
    .bind(minor("Total", gross * sign)?)
    .bind(minor("Amount due", payable * sign)?)
    .bind(if xml.is_some() { "ehf" } else { "manual" })
    .bind(status.code())
    .bind(required)
    .bind(now_ms())
    .bind(ctx.user_id)
    .bind(&order_ref)
    .fetch_one(&mut **tx)
    .await
    .map_err(crate::db::unique_or(format!("{} {invoice_no} from supplier {supplier_no} is already registered", if input.credit_note { "Credit note" } else { "Invoice" })))?;
    for chunk in rows.chunks(500) {
        let sql = format!(
            "INSERT INTO supplier_invoice_lines (company_id, invoice_id, line_no, item_id, supplier_item_no, description, qty_milli, price_minor, net_minor, vat_rate_bp, account, dimension, po_line_id) VALUES {}",
            values_rows(chunk.len(), 2, 11)
        );
        let mut q = sqlx::query(&sql).bind(c).bind(id);
        for r in chunk {
            q = q
                .bind(r.0)
                .bind(r.1)
                .bind(r.2.as_str())
                .bind(r.3.as_str())
                .bind(r.4)
                .bind(r.5)
                .bind(r.6)
                .bind(r.7)
                .bind(r.8.as_str())
                .bind(r.9.as_str())
                .bind(r.10);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    if let Some(xml) = xml {
        sqlx::query("INSERT INTO supplier_invoice_files (company_id, invoice_id, xml) VALUES ($1, $2, $3)")
            .bind(c)
            .bind(id)
            .bind(xml)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    Ok(id)
}

/// Imports an EHF / PEPPOL BIS 3 invoice or credit note (UBL XML): the supplier is
/// found by organisation number, VAT number or electronic address. An inbound
/// invoice is not refused for our own master data: a supplier not in the register is
/// made from the invoice's party (name, org no, address, e-mail; the bank account in
/// its notes) in the same transaction — unless the register has parties that look
/// alike, which the user then links or confirms; an order reference naming no
/// purchase order of ours becomes a deviation for the approver.
pub async fn import_ehf(db: &Db, ctx: &AuthCtx, xml: &str) -> AppResult<SupplierInvoice> {
    let u = super::ubl::parse(xml).map_err(AppError::invalid)?;
    let ids = [u.input.org_no.as_str(), u.vat_no.as_str(), u.endpoint.as_str()];
    let known = {
        let mut c = db.pool.acquire().await.map_err(db_err)?;
        find_supplier(&mut c, ctx.company_id, &ids).await?.is_some()
    };
    let new_supplier = if known { None } else { Some(proposed_supplier(db, ctx, &u.party).await?) };
    let mut tx = db.begin().await?;
    if let Some(p) = new_supplier {
        crate::parties::service::insert_in(&mut tx, ctx, p).await?;
    }
    let id = register_in(&mut tx, ctx, &u.input, &ids[1..], &u.supplier_name, Some(xml)).await?;
    tx.commit().await.map_err(db_err)?;
    get(db, ctx.company_id, id).await
}

/// A supplier made from an inbound invoice's party: validated as any new party, and
/// refused (nothing written) when the register holds parties that look alike.
async fn proposed_supplier(db: &Db, ctx: &AuthCtx, p: &super::ubl::SupplierParty) -> AppResult<crate::parties::model::Party> {
    let similar = crate::parties::store::similar(db, ctx.company_id, &p.name, &p.org_no, None).await?;
    if !similar.is_empty() {
        let names: Vec<String> = similar.iter().take(5).map(|s| s.name.clone()).collect();
        return Err(AppError::invalid(format!(
            "The supplier {} ({}) is not in the register, but {} look alike: add the organisation number to the right one, or register the supplier",
            p.name,
            p.org_no,
            names.join(", ")
        )));
    }
    let input = crate::parties::model::PartyInput {
        is_supplier: Some("on".into()),
        active: Some("on".into()),
        name: p.name.clone(),
        org_no: p.org_no.clone(),
        country: p.country.clone(),
        address_line: p.address_line.clone(),
        postcode: p.postcode.clone(),
        city: p.city.clone(),
        invoice_email: p.email.clone(),
        notes: if p.bank_account.is_empty() { String::new() } else { format!("Bank account (from EHF): {}", p.bank_account) },
        ..Default::default()
    };
    crate::parties::service::validated(db, ctx.company_id, &input, ctx.lang).await
}

/// (level, minimum gross) of the company's approval chain.
async fn levels_raw<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, company_id: i64) -> AppResult<Vec<(i64, Decimal)>> {
    let rows = sqlx::query("SELECT level, min_gross_minor FROM approval_levels WHERE company_id = $1 ORDER BY level")
        .bind(company_id)
        .fetch_all(exec)
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(|r| (r.get(0), from_minor(r.get(1)))).collect())
}

pub async fn levels(pool: &AnyPool, company_id: i64) -> AppResult<Vec<ApprovalLevel>> {
    let users = sqlx::query(
        "SELECT a.level, u.id, u.name FROM approval_level_users a JOIN users u ON u.id = a.user_id WHERE a.company_id = $1 ORDER BY a.level, u.name",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let mut out: Vec<ApprovalLevel> =
        levels_raw(pool, company_id).await?.into_iter().map(|(level, min_gross)| ApprovalLevel { level, min_gross, approvers: Vec::new() }).collect();
    for r in users {
        let level: i64 = r.get(0);
        if let Some(l) = out.iter_mut().find(|l| l.level == level) {
            l.approvers.push((r.get(1), r.get(2)));
        }
    }
    Ok(out)
}

/// Replaces the approval chain: levels 1, 2, … with rising amounts, each with at
/// least one approver who is a user of the company.
pub async fn save_levels(db: &Db, ctx: &AuthCtx, chain: &[(Decimal, Vec<i64>)]) -> AppResult<Vec<ApprovalLevel>> {
    for (i, (min, users)) in chain.iter().enumerate() {
        let n = i + 1;
        if *min < Decimal::ZERO {
            return Err(AppError::invalid(format!("Level {n}: the amount cannot be negative")));
        }
        if i > 0 && *min <= chain[i - 1].0 {
            return Err(AppError::invalid(format!("Level {n}: the amount must be above level {}'s ({})", n - 1, chain[i - 1].0)));
        }
        if users.is_empty() {
            return Err(AppError::invalid(format!("Level {n}: choose at least one approver")));
        }
    }
    if chain.len() > 9 {
        return Err(AppError::invalid("At most 9 approval levels"));
    }
    let mut tx = db.begin().await?;
    let c = ctx.company_id;
    sqlx::query("DELETE FROM approval_level_users WHERE company_id = $1").bind(c).execute(&mut *tx).await.map_err(db_err)?;
    sqlx::query("DELETE FROM approval_levels WHERE company_id = $1").bind(c).execute(&mut *tx).await.map_err(db_err)?;
    for (i, (min, users)) in chain.iter().enumerate() {
        let level = (i + 1) as i64;
        sqlx::query("INSERT INTO approval_levels (company_id, level, min_gross_minor) VALUES ($1, $2, $3)")
            .bind(c)
            .bind(level)
            .bind(minor("Amount", *min)?)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        for u in users {
            let member: Option<i64> = sqlx::query_scalar("SELECT user_id FROM memberships WHERE company_id = $1 AND user_id = $2 AND active = 1")
                .bind(c)
                .bind(*u)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
            if member.is_none() {
                return Err(AppError::invalid(format!("Level {level}: user {u} is not a user of this company")));
            }
            sqlx::query("INSERT INTO approval_level_users (company_id, level, user_id) VALUES ($1, $2, $3)")
                .bind(c)
                .bind(level)
                .bind(*u)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
    }
    tx.commit().await.map_err(db_err)?;
    levels(&db.pool, c).await
}

/// A supplier invoice with its lines, decisions and deviations from the order.
pub async fn get(db: &Db, company_id: i64, id: i64) -> AppResult<SupplierInvoice> {
    let pool = &db.pool;
    let r = sqlx::query(&format!(
        "SELECT {HEAD}, s.kid, COALESCE(o.po_no, ''), s.net_minor, s.vat_minor, s.gross_minor, s.source, COALESCE(s.paid_date, ''), s.order_ref
         FROM supplier_invoices s JOIN parties p ON p.company_id = s.company_id AND p.id = s.supplier_id
         LEFT JOIN purchase_orders o ON o.company_id = s.company_id AND o.id = s.po_id
         WHERE s.company_id = $1 AND s.id = $2"
    ))
    .bind(company_id)
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(db_err)?
    .ok_or_else(|| AppError::not_found(format!("No supplier invoice {id}")))?;
    let line_rows = sqlx::query(
        "SELECT l.line_no, COALESCE(i.item_no, ''), l.supplier_item_no, l.description, l.qty_milli, l.price_minor, l.net_minor, l.vat_rate_bp, l.account, l.dimension,
                pl.line_no, pl.qty_milli, pl.received_milli, pl.price_minor, l.item_id
         FROM supplier_invoice_lines l LEFT JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         LEFT JOIN purchase_order_lines pl ON pl.company_id = l.company_id AND pl.id = l.po_line_id
         WHERE l.company_id = $1 AND l.invoice_id = $2 ORDER BY l.line_no",
    )
    .bind(company_id)
    .bind(id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let has_po = !r.get::<String, _>(13).is_empty();
    let mut lines = Vec::new();
    let mut matches = Vec::new();
    for l in line_rows {
        let line = SiLine {
            line_no: l.get(0),
            item_no: l.get(1),
            supplier_item_no: l.get(2),
            description: l.get(3),
            qty: from_milli(l.get(4)),
            unit_price: from_minor(l.get(5)),
            net: from_minor(l.get(6)),
            vat_rate: Decimal::new(l.get(7), 2).normalize(),
            account: l.get(8),
            dimension: l.get(9),
            po_line_no: l.get(10),
        };
        let ordered = l
            .get::<Option<i64>, _>(11)
            .map(|q| (from_milli(q), from_milli(l.get::<Option<i64>, _>(12).unwrap_or(0)), from_minor(l.get::<Option<i64>, _>(13).unwrap_or(0))));
        matches.push(MatchLine {
            line_no: line.line_no,
            is_item: l.get::<Option<i64>, _>(14).is_some(),
            qty: line.qty.abs(),
            unit_price: line.unit_price,
            ordered,
        });
        lines.push(line);
    }
    let tolerance: i64 = sqlx::query_scalar("SELECT price_tolerance_bp FROM companies WHERE id = $1").bind(company_id).fetch_one(pool).await.map_err(db_err)?;
    let approvals = sqlx::query(
        "SELECT a.level, u.name, a.decision, a.comment, a.decided_at FROM supplier_invoice_approvals a JOIN users u ON u.id = a.user_id
         WHERE a.company_id = $1 AND a.invoice_id = $2 ORDER BY a.id",
    )
    .bind(company_id)
    .bind(id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?
    .into_iter()
    .map(|a| Approval { level: a.get(0), user_name: a.get(1), decision: a.get(2), comment: a.get(3), at: a.get(4) })
    .collect();
    Ok(SupplierInvoice {
        head: payable_row(&r),
        kid: r.get(12),
        po_no: r.get(13),
        net: from_minor(r.get(14)),
        vat: from_minor(r.get(15)),
        gross: from_minor(r.get(16)),
        source: r.get(17),
        paid_date: r.get(18),
        lines,
        approvals,
        deviations: match (has_po, r.get::<String, _>(19)) {
            (true, _) => deviations(&matches, tolerance),
            (false, order_ref) if !order_ref.is_empty() => vec![Deviation {
                line_no: 0,
                kind: "unknown_po".into(),
                message: format!("The order reference {order_ref} names no purchase order: check what the invoice is for"),
            }],
            _ => Vec::new(),
        },
    })
}

/// Approves the next level or rejects, with a comment (a rejection needs one).
/// Guarded by a conditional update, so two approvers cannot decide the same level.
pub async fn decide(db: &Db, ctx: &AuthCtx, id: i64, input: &ApprovalInput) -> AppResult<SupplierInvoice> {
    let approve = match input.decision.trim() {
        "approve" | "approved" => true,
        "reject" | "rejected" => false,
        other => return Err(AppError::invalid(format!("Unknown decision '{other}': approve or reject"))),
    };
    let comment = text::optional("Comment", &input.comment, 2000).map_err(AppError::invalid)?;
    if !approve && comment.is_empty() {
        return Err(AppError::invalid("Say why the invoice is rejected"));
    }
    let c = ctx.company_id;
    let mut tx = db.begin().await?;
    let r = sqlx::query("SELECT status, approved_level, required_level, invoice_no FROM supplier_invoices WHERE company_id = $1 AND id = $2")
        .bind(c)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::not_found(format!("No supplier invoice {id}")))?;
    let (status, done, required, no): (String, i64, i64, String) = (r.get(0), r.get(1), r.get(2), r.get(3));
    if status != SiStatus::Pending.code() {
        return Err(AppError::Conflict(format!("Invoice {no} is {status}; only invoices waiting for approval can be approved or rejected")));
    }
    let next = done + 1;
    let approvers: Vec<i64> = sqlx::query_scalar("SELECT user_id FROM approval_level_users WHERE company_id = $1 AND level = $2")
        .bind(c)
        .bind(next)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
    let earlier: Vec<i64> =
        sqlx::query_scalar("SELECT user_id FROM supplier_invoice_approvals WHERE company_id = $1 AND invoice_id = $2 AND decision = 'approved'")
            .bind(c)
            .bind(id)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
    check_approver(next, &approvers, &earlier, ctx.user_id).map_err(AppError::Forbidden)?;
    let new_status = match (approve, next >= required) {
        (false, _) => SiStatus::Rejected,
        (true, true) => SiStatus::Approved,
        (true, false) => SiStatus::Pending,
    };
    let n = sqlx::query(
        "UPDATE supplier_invoices SET status = $3, approved_level = $4 WHERE company_id = $1 AND id = $2 AND status = 'pending' AND approved_level = $5",
    )
    .bind(c)
    .bind(id)
    .bind(new_status.code())
    .bind(if approve { next } else { done })
    .bind(done)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?
    .rows_affected();
    if n == 0 {
        return Err(AppError::Conflict(format!("Invoice {no} was decided meanwhile; reload it")));
    }
    sqlx::query(
        "INSERT INTO supplier_invoice_approvals (company_id, invoice_id, level, user_id, decision, comment, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(c)
    .bind(id)
    .bind(next)
    .bind(ctx.user_id)
    .bind(if approve { "approved" } else { "rejected" })
    .bind(&comment)
    .bind(now_ms())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    get(db, c, id).await
}

/// Marks an approved invoice paid on a date (today when empty).
pub async fn mark_paid(db: &Db, ctx: &AuthCtx, id: i64, date: &str) -> AppResult<SupplierInvoice> {
    let date = date_or("Payment date", date, ctx.today())?;
    let mut tx = db.begin().await?;
    let n = sqlx::query("UPDATE supplier_invoices SET status = 'paid', paid_date = $3 WHERE company_id = $1 AND id = $2 AND status = 'approved'")
        .bind(ctx.company_id)
        .bind(id)
        .bind(date.format("%Y-%m-%d").to_string())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?
        .rows_affected();
    if n == 0 {
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM supplier_invoices WHERE company_id = $1 AND id = $2")
            .bind(ctx.company_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        return Err(match status {
            None => AppError::not_found(format!("No supplier invoice {id}")),
            Some(s) => AppError::Conflict(format!("Only approved invoices can be marked paid; this one is {s}")),
        });
    }
    tx.commit().await.map_err(db_err)?;
    get(db, ctx.company_id, id).await
}

/// The columns of a supplier invoice's head (`s` the invoice, `p` the supplier), read by [`payable_row`].
const HEAD: &str = "s.id, COALESCE(p.supplier_no, ''), p.name, s.kind, s.invoice_no, s.invoice_date, s.due_date, s.currency, s.payable_minor, s.status, s.approved_level, s.required_level";

fn payable_row(r: &sqlx::any::AnyRow) -> PayableRow {
    PayableRow {
        id: r.get(0),
        supplier_no: r.get(1),
        supplier_name: r.get(2),
        kind: r.get(3),
        invoice_no: r.get(4),
        invoice_date: r.get(5),
        due_date: r.get(6),
        currency: r.get(7),
        payable: from_minor(r.get(8)),
        status: r.get(9),
        approved_level: r.get(10),
        required_level: r.get(11),
    }
}

/// Open payables (waiting for approval or approved, not paid), earliest due first;
/// with `all`, every supplier invoice.
pub async fn payables(pool: &AnyPool, company_id: i64, all: bool) -> AppResult<Vec<PayableRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {HEAD} FROM supplier_invoices s JOIN parties p ON p.company_id = s.company_id AND p.id = s.supplier_id
         WHERE s.company_id = $1 AND ($2 = 1 OR s.status IN ('pending', 'approved')) ORDER BY s.due_date, s.id LIMIT 2000"
    ))
    .bind(company_id)
    .bind(all as i64)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    Ok(rows.iter().map(payable_row).collect())
}

/// Purchases (supplier invoices not rejected) in a period, by supplier or by item.
pub async fn report(pool: &AnyPool, company_id: i64, by_item: bool, from: &str, to: &str) -> AppResult<Vec<PurchaseReportRow>> {
    let from = date_or("From", from, chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default())?.format("%Y-%m-%d").to_string();
    let to = date_or("To", to, chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default())?.format("%Y-%m-%d").to_string();
    let (key, name, join) = if by_item {
        ("COALESCE(i.item_no, '')", "COALESCE(MAX(i.description), '')", "LEFT JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id")
    } else {
        ("COALESCE(p.supplier_no, '')", "MAX(p.name)", "JOIN parties p ON p.company_id = s.company_id AND p.id = s.supplier_id")
    };
    let sql = format!(
        "SELECT {key} AS k, {name}, CAST(SUM(l.qty_milli) AS BIGINT), CAST(SUM(l.net_minor) AS BIGINT), COUNT(DISTINCT s.id)
         FROM supplier_invoice_lines l JOIN supplier_invoices s ON s.company_id = l.company_id AND s.id = l.invoice_id {join}
         WHERE l.company_id = $1 AND s.status <> 'rejected' AND s.invoice_date >= $2 AND s.invoice_date <= $3
         GROUP BY {key} ORDER BY 4 DESC"
    );
    let rows = sqlx::query(&sql).bind(company_id).bind(&from).bind(&to).fetch_all(pool).await.map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| PurchaseReportRow { key: r.get(0), name: r.get(1), qty: from_milli(r.get(2)), net: from_minor(r.get(3)), invoices: r.get(4) })
        .collect())
}

/// The company's purchase account and price tolerance (per cent), and the default
/// accounts and dimensions of suppliers and items.
pub async fn account_list(pool: &AnyPool, company_id: i64) -> AppResult<(String, Decimal, Vec<AccountDefault>)> {
    let rows = sqlx::query(
        "SELECT CASE WHEN a.party_id IS NULL THEN 'item' ELSE 'supplier' END, COALESCE(p.supplier_no, i.item_no, ''), COALESCE(p.name, i.description, ''), a.account, a.dimension
         FROM purchase_accounts a LEFT JOIN parties p ON p.company_id = a.company_id AND p.id = a.party_id
         LEFT JOIN items i ON i.company_id = a.company_id AND i.id = a.item_id
         WHERE a.company_id = $1 ORDER BY 1 DESC, 2",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let r = sqlx::query("SELECT purchase_account, price_tolerance_bp FROM companies WHERE id = $1").bind(company_id).fetch_one(pool).await.map_err(db_err)?;
    let (company, tolerance): (String, i64) = (r.get(0), r.get(1));
    Ok((
        company,
        Decimal::new(tolerance, 2).normalize(),
        rows.into_iter().map(|r| AccountDefault { kind: r.get(0), number: r.get(1), name: r.get(2), account: r.get(3), dimension: r.get(4) }).collect(),
    ))
}

/// How far an invoiced price may differ from the ordered one before it is a deviation:
/// 0 to 100 per cent with at most 2 decimals.
pub async fn set_tolerance(db: &Db, ctx: &AuthCtx, pct: Decimal) -> AppResult<()> {
    if pct < Decimal::ZERO || pct > Decimal::ONE_HUNDRED || pct.round_dp(2) != pct {
        return Err(AppError::invalid(format!("The price tolerance must be 0 to 100 % with at most 2 decimals (got {pct})")));
    }
    let bp: i64 = (pct * Decimal::ONE_HUNDRED).try_into().map_err(|_| AppError::invalid("The price tolerance is out of range"))?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE companies SET price_tolerance_bp = $2 WHERE id = $1").bind(ctx.company_id).bind(bp).execute(&mut *tx).await.map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    Ok(())
}

/// Sets (or with an empty account, removes) the default account and dimension of a
/// supplier or an item; `kind` company sets the company's purchase account.
pub async fn save_account(db: &Db, ctx: &AuthCtx, kind: &str, number: &str, account: &str, dimension: &str) -> AppResult<()> {
    let account = text::optional("Account", account, 20).map_err(AppError::invalid)?;
    let dimension = text::optional("Dimension", dimension, 50).map_err(AppError::invalid)?;
    if !account.is_empty() && !account.chars().all(|ch| ch.is_ascii_alphanumeric()) {
        return Err(AppError::invalid(format!("Account '{account}': letters and digits only")));
    }
    let c = ctx.company_id;
    let mut tx = db.begin().await?;
    if kind == "company" {
        if account.is_empty() {
            return Err(AppError::invalid("The company's purchase account cannot be empty"));
        }
        sqlx::query("UPDATE companies SET purchase_account = $2 WHERE id = $1").bind(c).bind(&account).execute(&mut *tx).await.map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        return Ok(());
    }
    let (col, sql) = match kind {
        "supplier" => ("party_id", "SELECT id FROM parties WHERE company_id = $1 AND supplier_no = $2 AND is_supplier = 1"),
        "item" => ("item_id", "SELECT id FROM items WHERE company_id = $1 AND item_no = $2"),
        other => return Err(AppError::invalid(format!("Unknown kind '{other}': supplier or item"))),
    };
    let target: i64 = sqlx::query_scalar(sql)
        .bind(c)
        .bind(number.trim())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::invalid(format!("No {kind} {}", number.trim())))?;
    sqlx::query(&format!("DELETE FROM purchase_accounts WHERE company_id = $1 AND {col} = $2")).bind(c).bind(target).execute(&mut *tx).await.map_err(db_err)?;
    if !account.is_empty() {
        sqlx::query(&format!("INSERT INTO purchase_accounts (company_id, {col}, account, dimension) VALUES ($1, $2, $3, $4)"))
            .bind(c)
            .bind(target)
            .bind(&account)
            .bind(&dimension)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn organisation_numbers_match_with_or_without_country_and_mva() {
        assert_eq!(super::id_keys(&["NO 912 345 678 MVA", "0192:912345678", ""]), vec!["NO912345678MVA", "912345678"]);
        assert_eq!(super::id_keys(&["GB983294"]), vec!["GB983294", "983294"]);
    }
}
