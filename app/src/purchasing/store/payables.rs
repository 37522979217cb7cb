//! Supplier invoices, their lines, files and approvals; the approval chain; the
//! default purchase accounts. Rows are read by column name (`db::codec`).
use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::AnyPool;

use crate::core::date::{iso, month_split};
use crate::db::codec::{coded, get, money, qty};
use crate::db::{db_err, now_ms, values_rows, Tx};
use crate::error::AppResult;
use crate::purchasing::model::{
    AccountDefault, AccountOwner, Approval, Decision, MatchLine, PayableRow, PurchaseReportRow, SiLine, SiPosting, SiSource, SiStatus,
};

/// A supplier as a supplier invoice needs it.
pub struct SupplierRef {
    pub id: i64,
    pub supplier_no: String,
    pub currency: String,
    pub payment_terms: Option<String>,
}

const SUPPLIER_COLS: &str =
    "SELECT id, COALESCE(supplier_no, '') AS supplier_no, currency, payment_terms FROM parties WHERE company_id = $1 AND is_supplier = 1";

fn supplier_ref(r: &AnyRow) -> AppResult<SupplierRef> {
    Ok(SupplierRef { id: get(r, "id")?, supplier_no: get(r, "supplier_no")?, currency: get(r, "currency")?, payment_terms: get(r, "payment_terms")? })
}

/// The supplier with this supplier number.
pub async fn supplier_by_no(tx: &mut Tx, company_id: i64, no: &str) -> AppResult<Option<SupplierRef>> {
    let r = sqlx::query(&format!("{SUPPLIER_COLS} AND supplier_no = $2")).bind(company_id).bind(no).fetch_optional(&mut **tx).await.map_err(db_err)?;
    r.as_ref().map(supplier_ref).transpose()
}

/// The first supplier whose organisation or VAT number, without spaces and
/// upper-cased, is one of `keys`.
pub async fn supplier_by_ids(conn: &mut sqlx::AnyConnection, company_id: i64, keys: &[String]) -> AppResult<Option<SupplierRef>> {
    if keys.is_empty() {
        return Ok(None);
    }
    let ph: Vec<String> = (0..keys.len()).map(|i| format!("${}", i + 2)).collect();
    let norm = |c: &str| format!("UPPER(REPLACE({c}, ' ', ''))");
    let sql = format!("{SUPPLIER_COLS} AND ({} IN ({p}) OR {} IN ({p})) ORDER BY id LIMIT 1", norm("org_no"), norm("vat_no"), p = ph.join(", "));
    let mut q = sqlx::query(&sql).bind(company_id);
    for k in keys {
        q = q.bind(k.as_str());
    }
    let r = q.fetch_optional(conn).await.map_err(db_err)?;
    r.as_ref().map(supplier_ref).transpose()
}

/// The days of a payment terms code (none when the code is unknown).
pub async fn terms_days(tx: &mut Tx, company_id: i64, code: &str) -> AppResult<Option<i64>> {
    sqlx::query_scalar("SELECT days FROM payment_terms WHERE company_id = $1 AND code = $2")
        .bind(company_id)
        .bind(code)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)
}

/// The default (account, dimension) per item id and of a supplier, and the
/// company's purchase account.
pub struct AccountDefaults {
    pub items: HashMap<i64, (String, String)>,
    pub supplier: Option<(String, String)>,
    pub company: String,
}

pub async fn account_defaults(tx: &mut Tx, company_id: i64, supplier_id: i64) -> AppResult<AccountDefaults> {
    let rows =
        sqlx::query("SELECT party_id, item_id, account, dimension FROM purchase_accounts WHERE company_id = $1 AND (party_id = $2 OR item_id IS NOT NULL)")
            .bind(company_id)
            .bind(supplier_id)
            .fetch_all(&mut **tx)
            .await
            .map_err(db_err)?;
    let mut items = HashMap::new();
    let mut supplier = None;
    for r in &rows {
        let pair = (get::<String>(r, "account")?, get::<String>(r, "dimension")?);
        match (get::<Option<i64>>(r, "party_id")?, get::<Option<i64>>(r, "item_id")?) {
            (Some(_), _) => supplier = Some(pair),
            (_, Some(i)) => {
                items.insert(i, pair);
            }
            _ => {}
        }
    }
    let company: String =
        sqlx::query_scalar("SELECT purchase_account FROM companies WHERE id = $1").bind(company_id).fetch_one(&mut **tx).await.map_err(db_err)?;
    Ok(AccountDefaults { items, supplier, company })
}

/// A supplier invoice's head to write, amounts signed (negative for a credit note)
/// in minor units.
pub struct NewSi<'a> {
    pub supplier_id: i64,
    pub kind: crate::invoicing::model::InvoiceKind,
    pub invoice_no: &'a str,
    pub invoice_date: chrono::NaiveDate,
    pub due_date: chrono::NaiveDate,
    pub currency: &'a str,
    pub kid: &'a str,
    pub po_id: Option<i64>,
    pub net_minor: i64,
    pub vat_minor: i64,
    pub gross_minor: i64,
    pub payable_minor: i64,
    pub source: SiSource,
    pub status: SiStatus,
    pub required_level: i64,
    pub order_ref: &'a str,
}

/// A supplier invoice line to write.
pub struct NewSiLine {
    pub line_no: i64,
    pub item_id: Option<i64>,
    pub supplier_item_no: String,
    pub description: String,
    pub qty_milli: i64,
    pub price_minor: i64,
    pub net_minor: i64,
    pub vat_rate_bp: i64,
    pub account: String,
    pub dimension: String,
    pub po_line_id: Option<i64>,
}

/// Writes a supplier invoice, its lines and the EHF it came as; answers its id. The
/// same invoice number from the same supplier twice is a conflict.
pub async fn insert(tx: &mut Tx, company_id: i64, user_id: i64, si: &NewSi<'_>, lines: &[NewSiLine], xml: Option<&str>) -> AppResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO supplier_invoices (company_id, supplier_id, kind, invoice_no, invoice_date, due_date, currency, kid, po_id, net_minor, vat_minor, gross_minor, payable_minor,
             source, status, required_level, approved_level, created_at, created_by, order_ref)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 0, $17, $18, $19) RETURNING id",
    )
    .bind(company_id)
    .bind(si.supplier_id)
    .bind(si.kind.code())
    .bind(si.invoice_no)
    .bind(iso(si.invoice_date))
    .bind(iso(si.due_date))
    .bind(si.currency)
    .bind(si.kid)
    .bind(si.po_id)
    .bind(si.net_minor)
    .bind(si.vat_minor)
    .bind(si.gross_minor)
    .bind(si.payable_minor)
    .bind(si.source.code())
    .bind(si.status.code())
    .bind(si.required_level)
    .bind(now_ms())
    .bind(user_id)
    .bind(si.order_ref)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    for chunk in lines.chunks(500) {
        let sql = format!(
            "INSERT INTO supplier_invoice_lines (company_id, invoice_id, line_no, item_id, supplier_item_no, description, qty_milli, price_minor, net_minor, vat_rate_bp, account, dimension, po_line_id) VALUES {}",
            values_rows(chunk.len(), 2, 11)
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(id);
        for l in chunk {
            q = q
                .bind(l.line_no)
                .bind(l.item_id)
                .bind(l.supplier_item_no.as_str())
                .bind(l.description.as_str())
                .bind(l.qty_milli)
                .bind(l.price_minor)
                .bind(l.net_minor)
                .bind(l.vat_rate_bp)
                .bind(l.account.as_str())
                .bind(l.dimension.as_str())
                .bind(l.po_line_id);
        }
        q.execute(&mut **tx).await.map_err(db_err)?;
    }
    if let Some(xml) = xml {
        sqlx::query("INSERT INTO supplier_invoice_files (company_id, invoice_id, xml) VALUES ($1, $2, $3)")
            .bind(company_id)
            .bind(id)
            .bind(xml)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    if si.status != SiStatus::Rejected {
        super::rollups::apply(tx, company_id, id, 1).await?;
    }
    Ok(id)
}

/// (level, minimum gross) of the company's approval chain.
pub async fn levels<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(exec: E, company_id: i64) -> AppResult<Vec<(i64, Decimal)>> {
    let rows = sqlx::query("SELECT level, min_gross_minor FROM approval_levels WHERE company_id = $1 ORDER BY level")
        .bind(company_id)
        .fetch_all(exec)
        .await
        .map_err(db_err)?;
    rows.iter().map(|r| Ok((get(r, "level")?, money(r, "min_gross_minor")?))).collect()
}

/// (level, user id, user name) of every approver, by level and name.
pub async fn approvers_by_level(pool: &AnyPool, company_id: i64) -> AppResult<Vec<(i64, i64, String)>> {
    let rows = sqlx::query(
        "SELECT a.level, u.id, u.name FROM approval_level_users a JOIN users u ON u.id = a.user_id WHERE a.company_id = $1 ORDER BY a.level, u.name",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(|r| Ok((get(r, "level")?, get(r, "id")?, get(r, "name")?))).collect()
}

/// Removes the company's approval chain.
pub async fn clear_levels(tx: &mut Tx, company_id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM approval_level_users WHERE company_id = $1").bind(company_id).execute(&mut **tx).await.map_err(db_err)?;
    sqlx::query("DELETE FROM approval_levels WHERE company_id = $1").bind(company_id).execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

pub async fn insert_level(tx: &mut Tx, company_id: i64, level: i64, min_gross_minor: i64) -> AppResult<()> {
    sqlx::query("INSERT INTO approval_levels (company_id, level, min_gross_minor) VALUES ($1, $2, $3)")
        .bind(company_id)
        .bind(level)
        .bind(min_gross_minor)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Whether the user is an active user of the company.
pub async fn is_member(tx: &mut Tx, company_id: i64, user_id: i64) -> AppResult<bool> {
    let member: Option<i64> = sqlx::query_scalar("SELECT user_id FROM memberships WHERE company_id = $1 AND user_id = $2 AND active = 1")
        .bind(company_id)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(member.is_some())
}

pub async fn insert_level_user(tx: &mut Tx, company_id: i64, level: i64, user_id: i64) -> AppResult<()> {
    sqlx::query("INSERT INTO approval_level_users (company_id, level, user_id) VALUES ($1, $2, $3)")
        .bind(company_id)
        .bind(level)
        .bind(user_id)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// The columns of a supplier invoice's head (`s` the invoice, `p` the supplier), read by [`payable_row`].
const HEAD: &str = "s.id, COALESCE(p.supplier_no, '') AS supplier_no, p.name AS supplier_name, s.kind, s.invoice_no, s.invoice_date, s.due_date, s.currency,
    s.payable_minor, s.status, s.approved_level, s.required_level";

fn payable_row(r: &AnyRow) -> AppResult<PayableRow> {
    Ok(PayableRow {
        id: get(r, "id")?,
        supplier_no: get(r, "supplier_no")?,
        supplier_name: get(r, "supplier_name")?,
        kind: coded(r, "kind", crate::invoicing::model::InvoiceKind::parse)?,
        invoice_no: get(r, "invoice_no")?,
        invoice_date: crate::db::codec::date(r, "invoice_date")?,
        due_date: crate::db::codec::date(r, "due_date")?,
        currency: get(r, "currency")?,
        payable: money(r, "payable_minor")?,
        status: coded(r, "status", SiStatus::parse)?,
        approved_level: get(r, "approved_level")?,
        required_level: get(r, "required_level")?,
    })
}

/// A supplier invoice's head as stored.
pub struct SiRecord {
    pub head: PayableRow,
    pub kid: String,
    /// The matched purchase order's number (empty: none).
    pub po_no: String,
    pub net: Decimal,
    pub vat: Decimal,
    pub gross: Decimal,
    pub source: SiSource,
    pub paid_date: Option<chrono::NaiveDate>,
    /// The order reference as the invoice gave it.
    pub order_ref: String,
}

pub async fn record(pool: &AnyPool, company_id: i64, id: i64) -> AppResult<Option<SiRecord>> {
    let r = sqlx::query(&format!(
        "SELECT {HEAD}, s.kid, COALESCE(o.po_no, '') AS po_no, s.net_minor, s.vat_minor, s.gross_minor, s.source, s.paid_date, s.order_ref
         FROM supplier_invoices s JOIN parties p ON p.company_id = s.company_id AND p.id = s.supplier_id
         LEFT JOIN purchase_orders o ON o.company_id = s.company_id AND o.id = s.po_id
         WHERE s.company_id = $1 AND s.id = $2"
    ))
    .bind(company_id)
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    let Some(r) = r else { return Ok(None) };
    Ok(Some(SiRecord {
        head: payable_row(&r)?,
        kid: get(&r, "kid")?,
        po_no: get(&r, "po_no")?,
        net: money(&r, "net_minor")?,
        vat: money(&r, "vat_minor")?,
        gross: money(&r, "gross_minor")?,
        source: coded(&r, "source", SiSource::parse)?,
        paid_date: crate::db::codec::opt_date(&r, "paid_date")?,
        order_ref: get(&r, "order_ref")?,
    }))
}

/// A supplier invoice's lines, each with what it is matched against on the order.
pub async fn lines(pool: &AnyPool, company_id: i64, id: i64) -> AppResult<Vec<(SiLine, MatchLine)>> {
    let rows = sqlx::query(
        "SELECT l.line_no, COALESCE(i.item_no, '') AS item_no, l.supplier_item_no, l.description, l.qty_milli, l.price_minor, l.net_minor, l.vat_rate_bp,
                l.account, l.dimension, pl.line_no AS po_line_no, pl.qty_milli AS ordered_milli, pl.received_milli, pl.price_minor AS ordered_price_minor, l.item_id
         FROM supplier_invoice_lines l LEFT JOIN items i ON i.company_id = l.company_id AND i.id = l.item_id
         LEFT JOIN purchase_order_lines pl ON pl.company_id = l.company_id AND pl.id = l.po_line_id
         WHERE l.company_id = $1 AND l.invoice_id = $2 ORDER BY l.line_no",
    )
    .bind(company_id)
    .bind(id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let from_milli = crate::core::quantity::from_milli;
    let from_minor = crate::core::money::from_minor;
    rows.iter()
        .map(|l| {
            let line = SiLine {
                line_no: get(l, "line_no")?,
                item_no: get(l, "item_no")?,
                supplier_item_no: get(l, "supplier_item_no")?,
                description: get(l, "description")?,
                qty: qty(l, "qty_milli")?,
                unit_price: money(l, "price_minor")?,
                net: money(l, "net_minor")?,
                vat_rate: Decimal::new(get(l, "vat_rate_bp")?, 2).normalize(),
                account: get(l, "account")?,
                dimension: get(l, "dimension")?,
                po_line_no: get(l, "po_line_no")?,
            };
            let ordered = get::<Option<i64>>(l, "ordered_milli")?.map(|q| -> AppResult<_> {
                Ok((
                    from_milli(q),
                    from_milli(get::<Option<i64>>(l, "received_milli")?.unwrap_or(0)),
                    from_minor(get::<Option<i64>>(l, "ordered_price_minor")?.unwrap_or(0)),
                ))
            });
            let m = MatchLine {
                line_no: line.line_no,
                is_item: get::<Option<i64>>(l, "item_id")?.is_some(),
                qty: line.qty.abs(),
                unit_price: line.unit_price,
                ordered: ordered.transpose()?,
            };
            Ok((line, m))
        })
        .collect()
}

/// The company's purchase account and price tolerance (hundredths of a per cent).
pub async fn purchase_settings(pool: &AnyPool, company_id: i64) -> AppResult<(String, i64)> {
    let r = sqlx::query("SELECT purchase_account, price_tolerance_bp FROM companies WHERE id = $1").bind(company_id).fetch_one(pool).await.map_err(db_err)?;
    Ok((get(&r, "purchase_account")?, get(&r, "price_tolerance_bp")?))
}

/// The decisions on a supplier invoice, in order.
pub async fn approvals(pool: &AnyPool, company_id: i64, id: i64) -> AppResult<Vec<Approval>> {
    let rows = sqlx::query(
        "SELECT a.level, u.name, a.decision, a.comment, a.decided_at FROM supplier_invoice_approvals a JOIN users u ON u.id = a.user_id
         WHERE a.company_id = $1 AND a.invoice_id = $2 ORDER BY a.id",
    )
    .bind(company_id)
    .bind(id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|a| {
            Ok(Approval {
                level: get(a, "level")?,
                user_name: get(a, "name")?,
                decision: coded(a, "decision", Decision::parse)?,
                comment: get(a, "comment")?,
                at: get(a, "decided_at")?,
            })
        })
        .collect()
}

/// Where a supplier invoice stands in its approval chain.
pub struct DecisionState {
    pub status: SiStatus,
    pub approved_level: i64,
    pub required_level: i64,
    pub invoice_no: String,
}

pub async fn decision_state(tx: &mut Tx, company_id: i64, id: i64) -> AppResult<Option<DecisionState>> {
    let r = sqlx::query("SELECT status, approved_level, required_level, invoice_no FROM supplier_invoices WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    let Some(r) = r else { return Ok(None) };
    Ok(Some(DecisionState {
        status: coded(&r, "status", SiStatus::parse)?,
        approved_level: get(&r, "approved_level")?,
        required_level: get(&r, "required_level")?,
        invoice_no: get(&r, "invoice_no")?,
    }))
}

/// The approvers of one level.
pub async fn level_approvers(tx: &mut Tx, company_id: i64, level: i64) -> AppResult<Vec<i64>> {
    sqlx::query_scalar("SELECT user_id FROM approval_level_users WHERE company_id = $1 AND level = $2")
        .bind(company_id)
        .bind(level)
        .fetch_all(&mut **tx)
        .await
        .map_err(db_err)
}

/// Who has approved the invoice so far.
pub async fn approved_by(tx: &mut Tx, company_id: i64, id: i64) -> AppResult<Vec<i64>> {
    sqlx::query_scalar("SELECT user_id FROM supplier_invoice_approvals WHERE company_id = $1 AND invoice_id = $2 AND decision = 'approved'")
        .bind(company_id)
        .bind(id)
        .fetch_all(&mut **tx)
        .await
        .map_err(db_err)
}

/// Records a decision: the new status and approved level, only while the invoice is
/// pending at level `was_level` (false: it was decided meanwhile), and the decision
/// itself (`decision` approved or rejected, at `level`).
#[allow(clippy::too_many_arguments)]
pub async fn record_decision(
    tx: &mut Tx,
    company_id: i64,
    id: i64,
    user_id: i64,
    (status, approved_level, was_level): (SiStatus, i64, i64),
    (decision, level, comment): (Decision, i64, &str),
) -> AppResult<bool> {
    let n = sqlx::query(
        "UPDATE supplier_invoices SET status = $3, approved_level = $4 WHERE company_id = $1 AND id = $2 AND status = 'pending' AND approved_level = $5",
    )
    .bind(company_id)
    .bind(id)
    .bind(status.code())
    .bind(approved_level)
    .bind(was_level)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?
    .rows_affected();
    if n == 0 {
        return Ok(false);
    }
    // a rejected invoice leaves the purchase report (it was pending: counted till now)
    if status == SiStatus::Rejected {
        super::rollups::apply(tx, company_id, id, -1).await?;
    }
    sqlx::query(
        "INSERT INTO supplier_invoice_approvals (company_id, invoice_id, level, user_id, decision, comment, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(company_id)
    .bind(id)
    .bind(level)
    .bind(user_id)
    .bind(decision.code())
    .bind(comment)
    .bind(now_ms())
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(true)
}

/// Marks an approved invoice paid; answers false when it is not approved (or not there).
pub async fn set_paid(tx: &mut Tx, company_id: i64, id: i64, date: chrono::NaiveDate) -> AppResult<bool> {
    let n = sqlx::query("UPDATE supplier_invoices SET status = 'paid', paid_date = $3 WHERE company_id = $1 AND id = $2 AND status = 'approved'")
        .bind(company_id)
        .bind(id)
        .bind(iso(date))
        .execute(&mut **tx)
        .await
        .map_err(db_err)?
        .rows_affected();
    Ok(n > 0)
}

/// A supplier invoice's status (none: no such invoice in the company).
pub async fn status(tx: &mut Tx, company_id: i64, id: i64) -> AppResult<Option<SiStatus>> {
    let r = sqlx::query("SELECT status FROM supplier_invoices WHERE company_id = $1 AND id = $2")
        .bind(company_id)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    r.as_ref().map(|r| coded(r, "status", SiStatus::parse)).transpose()
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
    rows.iter().map(payable_row).collect()
}

/// Purchases (supplier invoices not rejected) from `from` to `to`, by supplier or by
/// item, largest first: the whole months inside the period from the rollups, the days
/// around them from the lines (`rollups`), summed per supplier or item.
pub async fn report(pool: &AnyPool, company_id: i64, by_item: bool, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<PurchaseReportRow>> {
    let (dim, line_key) = super::rollups::DIMS[by_item as usize];
    let (key, name, join) = if by_item {
        ("COALESCE(MAX(i.item_no), '')", "COALESCE(MAX(i.description), '')", "LEFT JOIN items i ON i.company_id = $1 AND i.id = x.key_id")
    } else {
        ("COALESCE(MAX(p.supplier_no), '')", "COALESCE(MAX(p.name), '')", "LEFT JOIN parties p ON p.company_id = $1 AND p.id = x.key_id")
    };
    let split = month_split(from, to);
    // no whole month: a range no period falls in; the days around them: two ranges of
    // days, an absent one never matching (its start after its end)
    let (first, last) = split.months.unwrap_or_else(|| ("9".into(), "0".into()));
    let mut days: Vec<String> = split.days.iter().flat_map(|(a, b)| [iso(*a), iso(*b)]).collect();
    while days.len() < 4 {
        days.extend(["9".to_string(), "0".to_string()]);
    }
    let sql = format!(
        "SELECT {key} AS k, {name} AS name, CAST(SUM(x.qty_milli) AS BIGINT) AS qty_milli, CAST(SUM(x.net_minor) AS BIGINT) AS net_minor,
                CAST(SUM(x.invoices) AS BIGINT) AS invoices
         FROM (SELECT key_id, qty_milli, net_minor, invoices FROM purchase_rollups WHERE company_id = $1 AND dim = '{dim}' AND period >= $2 AND period <= $3
               UNION ALL
               SELECT {line_key} AS key_id, CAST(SUM(l.qty_milli) AS BIGINT), CAST(SUM(l.net_minor) AS BIGINT), CAST(COUNT(DISTINCT s.id) AS BIGINT)
               FROM {} AND ((s.invoice_date >= $4 AND s.invoice_date <= $5) OR (s.invoice_date >= $6 AND s.invoice_date <= $7))
               GROUP BY {line_key}) x {join}
         GROUP BY x.key_id HAVING SUM(x.invoices) <> 0 ORDER BY 4 DESC, 1",
        super::rollups::COUNTED_LINES
    );
    let rows = sqlx::query(&sql)
        .bind(company_id)
        .bind(first)
        .bind(last)
        .bind(&days[0])
        .bind(&days[1])
        .bind(&days[2])
        .bind(&days[3])
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(PurchaseReportRow {
                key: get(r, "k")?,
                name: get(r, "name")?,
                qty: qty(r, "qty_milli")?,
                net: money(r, "net_minor")?,
                invoices: get(r, "invoices")?,
            })
        })
        .collect()
}

/// The default accounts and dimensions of suppliers and items.
pub async fn account_defaults_list(pool: &AnyPool, company_id: i64) -> AppResult<Vec<AccountDefault>> {
    let rows = sqlx::query(
        "SELECT CASE WHEN a.party_id IS NULL THEN 'item' ELSE 'supplier' END AS kind, COALESCE(p.supplier_no, i.item_no, '') AS number,
                COALESCE(p.name, i.description, '') AS name, a.account, a.dimension
         FROM purchase_accounts a LEFT JOIN parties p ON p.company_id = a.company_id AND p.id = a.party_id
         LEFT JOIN items i ON i.company_id = a.company_id AND i.id = a.item_id
         WHERE a.company_id = $1 ORDER BY 1 DESC, 2",
    )
    .bind(company_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            Ok(AccountDefault {
                kind: coded(r, "kind", AccountOwner::parse)?,
                number: get(r, "number")?,
                name: get(r, "name")?,
                account: get(r, "account")?,
                dimension: get(r, "dimension")?,
            })
        })
        .collect()
}

pub async fn set_tolerance(tx: &mut Tx, company_id: i64, bp: i64) -> AppResult<()> {
    sqlx::query("UPDATE companies SET price_tolerance_bp = $2 WHERE id = $1").bind(company_id).bind(bp).execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

pub async fn set_company_account(tx: &mut Tx, company_id: i64, account: &str) -> AppResult<()> {
    sqlx::query("UPDATE companies SET purchase_account = $2 WHERE id = $1").bind(company_id).bind(account).execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

/// The column of `purchase_accounts` that names the owner.
fn owner_column(owner: AccountOwner) -> &'static str {
    match owner {
        AccountOwner::Supplier => "party_id",
        AccountOwner::Item => "item_id",
    }
}

/// The id of the supplier or item with this number.
pub async fn owner_id(tx: &mut Tx, company_id: i64, owner: AccountOwner, number: &str) -> AppResult<Option<i64>> {
    let sql = match owner {
        AccountOwner::Supplier => "SELECT id FROM parties WHERE company_id = $1 AND supplier_no = $2 AND is_supplier = 1",
        AccountOwner::Item => "SELECT id FROM items WHERE company_id = $1 AND item_no = $2",
    };
    sqlx::query_scalar(sql).bind(company_id).bind(number).fetch_optional(&mut **tx).await.map_err(db_err)
}

/// Sets the (account, dimension) of a supplier or item, or removes it with `None`.
pub async fn set_account(tx: &mut Tx, company_id: i64, owner: AccountOwner, id: i64, account: Option<(&str, &str)>) -> AppResult<()> {
    let col = owner_column(owner);
    sqlx::query(&format!("DELETE FROM purchase_accounts WHERE company_id = $1 AND {col} = $2"))
        .bind(company_id)
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    if let Some((account, dimension)) = account {
        sqlx::query(&format!("INSERT INTO purchase_accounts (company_id, {col}, account, dimension) VALUES ($1, $2, $3, $4)"))
            .bind(company_id)
            .bind(id)
            .bind(account)
            .bind(dimension)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
    }
    Ok(())
}

/// What a supplier invoice posts to the journal, read in the posting's transaction:
/// the head's amounts and each line's account and net.
pub async fn posting(tx: &mut Tx, company_id: i64, id: i64) -> AppResult<SiPosting> {
    let rows = sqlx::query(
        "SELECT s.id, s.supplier_id, p.name AS supplier_name, s.invoice_no, s.invoice_date, s.vat_minor, s.gross_minor, s.payable_minor,
                l.account, l.net_minor
         FROM supplier_invoices s JOIN parties p ON p.company_id = s.company_id AND p.id = s.supplier_id
         JOIN supplier_invoice_lines l ON l.company_id = s.company_id AND l.invoice_id = s.id
         WHERE s.company_id = $1 AND s.id = $2 ORDER BY l.line_no",
    )
    .bind(company_id)
    .bind(id)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_err)?;
    let first = rows.first().ok_or_else(|| crate::error::AppError::not_found(format!("No supplier invoice {id}")))?;
    Ok(SiPosting {
        id: get(first, "id")?,
        supplier_id: get(first, "supplier_id")?,
        supplier_name: get(first, "supplier_name")?,
        invoice_no: get(first, "invoice_no")?,
        invoice_date: crate::db::codec::date(first, "invoice_date")?,
        lines: rows.iter().map(|r| Ok((get(r, "account")?, money(r, "net_minor")?))).collect::<AppResult<Vec<_>>>()?,
        vat: money(first, "vat_minor")?,
        gross: money(first, "gross_minor")?,
        payable: money(first, "payable_minor")?,
    })
}
