//! Supplier invoices: registered by hand or imported from EHF, matched against the
//! purchase order, given accounts and dimensions for the accounting export, and
//! taken through the approval chain before they can be marked paid.
use rust_decimal::Decimal;
use sqlx::AnyPool;

use super::model::*;
use super::store::payables::{self as store, NewSi, NewSiLine, SupplierRef};
use crate::auth::service::AuthCtx;
use crate::core::date::date_or;
use crate::core::money::to_minor;
use crate::core::quantity::to_milli;
use crate::core::text;
use crate::db::{db_err, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::invoicing::model::InvoiceKind;

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

/// The supplier with one of these organisation numbers, VAT numbers or electronic
/// addresses.
async fn find_supplier(conn: &mut sqlx::AnyConnection, company_id: i64, ids: &[&str]) -> AppResult<Option<SupplierRef>> {
    store::supplier_by_ids(conn, company_id, &id_keys(ids)).await
}

/// The supplier of an invoice: by supplier number, else by organisation / VAT number.
async fn supplier(tx: &mut Tx, company_id: i64, no: &str, ids: &[&str], name: &str) -> AppResult<SupplierRef> {
    let r = if !no.trim().is_empty() {
        store::supplier_by_no(tx, company_id, no.trim()).await?
    } else {
        if id_keys(ids).is_empty() {
            return Err(AppError::invalid("Give the supplier's number or organisation number"));
        }
        find_supplier(tx, company_id, ids).await?
    };
    r.ok_or_else(|| {
        let who = if no.trim().is_empty() {
            format!("with organisation number {}", ids.iter().find(|s| !s.is_empty()).unwrap_or(&""))
        } else {
            no.trim().to_string()
        };
        let named = if name.is_empty() { String::new() } else { format!(" ({name})") };
        AppError::invalid(format!("No supplier {who}{named}: register the supplier first"))
    })
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
    let SupplierRef { id: supplier_id, supplier_no, currency, payment_terms: terms } = supplier(tx, c, &input.supplier_no, &all_ids, supplier_name).await?;
    let invoice_no = text::required("Invoice number", &input.invoice_no, 100).map_err(AppError::invalid)?;
    let date = date_or("Invoice date", &input.invoice_date, ctx.today())?;
    let days: i64 = match &terms {
        Some(code) => store::terms_days(tx, c, code).await?.unwrap_or(0),
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
        if h.status.is_draft() {
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
    let accounts = store::account_defaults(tx, c, supplier_id).await?;
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
        let (account, dimension) = line_account(&l.account, item_id.and_then(|it| accounts.items.get(&it)), accounts.supplier.as_ref(), &accounts.company);
        let dimension = if l.dimension.trim().is_empty() { dimension } else { l.dimension.trim().to_string() };
        let description = text::optional("Description", &l.description, 2000).map_err(&at)?;
        rows.push((
            NewSiLine {
                line_no: n as i64,
                item_id,
                supplier_item_no: text::optional("Supplier's item number", &l.supplier_item_no, 100).map_err(&at)?,
                description,
                qty_milli: to_milli("Quantity", l.qty * sign).map_err(&at)?,
                price_minor: to_minor(l.unit_price.round_dp(2)).map_err(|e| at(e.to_string()))?,
                net_minor: minor(&format!("Line {n}: amount"), net * sign)?,
                vat_rate_bp: crate::core::money::to_bp(l.vat_rate.round_dp(2)).map_err(|e| at(e.to_string()))?,
                account,
                dimension,
                po_line_id: po_line.map(|(id, _, _)| *id),
            },
            net,
        ));
    }
    let computed = si_totals(&rows.iter().map(|(l, net)| (*net, Decimal::new(l.vat_rate_bp, 2))).collect::<Vec<_>>());
    check_totals(computed, (input.net, input.vat, input.gross)).map_err(AppError::invalid)?;
    let (net, vat, gross) = computed;
    let payable = gross - input.prepaid.unwrap_or(Decimal::ZERO);
    let levels = store::levels(&mut **tx, c).await?;
    let required = required_level(&levels, gross);
    let status = if required == 0 { SiStatus::Approved } else { SiStatus::Pending };
    let kind = if input.credit_note { InvoiceKind::CreditNote } else { InvoiceKind::Invoice };
    let si = NewSi {
        supplier_id,
        kind,
        invoice_no: &invoice_no,
        invoice_date: date,
        due_date: due,
        currency: &currency,
        kid: &kid,
        po_id,
        net_minor: minor("Net amount", net * sign)?,
        vat_minor: minor("VAT", vat * sign)?,
        gross_minor: minor("Total", gross * sign)?,
        payable_minor: minor("Amount due", payable * sign)?,
        source: if xml.is_some() { SiSource::Ehf } else { SiSource::Manual },
        status,
        required_level: required,
        order_ref: &order_ref,
    };
    let lines: Vec<NewSiLine> = rows.into_iter().map(|(l, _)| l).collect();
    let mut accounts: Vec<&str> = lines.iter().map(|l| l.account.as_str()).collect();
    accounts.dedup();
    crate::accounting::service::check_accounts(tx, c, &accounts).await?;
    let id = store::insert(tx, c, ctx.user_id, &si, &lines, xml).await.map_err(|e| match e {
        AppError::Conflict(_) => AppError::Conflict(format!(
            "{} {invoice_no} from supplier {supplier_no} is already registered",
            if input.credit_note { "Credit note" } else { "Invoice" }
        )),
        e => e,
    })?;
    if status == SiStatus::Approved {
        post_invoice(tx, ctx, id).await?;
    }
    Ok(id)
}

/// Posts an approved supplier invoice's voucher in the caller's transaction.
async fn post_invoice(tx: &mut Tx, ctx: &AuthCtx, id: i64) -> AppResult<()> {
    let p = store::posting(tx, ctx.company_id, id).await?;
    crate::accounting::service::post(tx, ctx.company_id, ctx.user_id, vec![p.voucher()]).await?;
    let data = serde_json::json!({
        "id": p.id, "invoice_no": p.invoice_no, "supplier": p.supplier_name, "date": crate::core::date::iso(p.invoice_date),
        "gross": p.gross.to_string(), "vat": p.vat.to_string(),
    });
    tx.emit(crate::core::event::Event::new(ctx.company_id, crate::core::event::EventKind::SupplierInvoiceApproved, &p.invoice_no, data));
    Ok(())
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

pub async fn levels(pool: &AnyPool, company_id: i64) -> AppResult<Vec<ApprovalLevel>> {
    let mut out: Vec<ApprovalLevel> =
        store::levels(pool, company_id).await?.into_iter().map(|(level, min_gross)| ApprovalLevel { level, min_gross, approvers: Vec::new() }).collect();
    for (level, user_id, name) in store::approvers_by_level(pool, company_id).await? {
        if let Some(l) = out.iter_mut().find(|l| l.level == level) {
            l.approvers.push((user_id, name));
        }
    }
    Ok(out)
}

/// Replaces the approval chain/// Replaces the approval chain: levels 1, 2, … with rising amounts, each with at
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
    store::clear_levels(&mut tx, c).await?;
    for (i, (min, users)) in chain.iter().enumerate() {
        let level = (i + 1) as i64;
        store::insert_level(&mut tx, c, level, minor("Amount", *min)?).await?;
        for u in users {
            if !store::is_member(&mut tx, c, *u).await? {
                return Err(AppError::invalid(format!("Level {level}: user {u} is not a user of this company")));
            }
            store::insert_level_user(&mut tx, c, level, *u).await?;
        }
    }
    tx.commit().await.map_err(db_err)?;
    levels(&db.pool, c).await
}

/// A supplier invoice with its lines, decisions and deviations from the order.
pub async fn get(db: &Db, company_id: i64, id: i64) -> AppResult<SupplierInvoice> {
    let pool = &db.pool;
    let r = store::record(pool, company_id, id).await?.ok_or_else(|| AppError::not_found(format!("No supplier invoice {id}")))?;
    let (lines, matches): (Vec<SiLine>, Vec<MatchLine>) = store::lines(pool, company_id, id).await?.into_iter().unzip();
    let (_, tolerance) = store::purchase_settings(pool, company_id).await?;
    let deviations = match (!r.po_no.is_empty(), r.order_ref.as_str()) {
        (true, _) => deviations(&matches, tolerance),
        (false, order_ref) if !order_ref.is_empty() => vec![Deviation {
            line_no: 0,
            kind: DeviationKind::UnknownPo,
            message: format!("The order reference {order_ref} names no purchase order: check what the invoice is for"),
        }],
        _ => Vec::new(),
    };
    Ok(SupplierInvoice {
        head: r.head,
        kid: r.kid,
        po_no: r.po_no,
        net: r.net,
        vat: r.vat,
        gross: r.gross,
        source: r.source,
        paid_date: r.paid_date,
        lines,
        approvals: store::approvals(pool, company_id, id).await?,
        deviations,
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
    let store::DecisionState { status, approved_level: done, required_level: required, invoice_no: no } =
        store::decision_state(&mut tx, c, id).await?.ok_or_else(|| AppError::not_found(format!("No supplier invoice {id}")))?;
    if !status.awaits_approval() {
        return Err(AppError::Conflict(format!("Invoice {no} is {}; only invoices waiting for approval can be approved or rejected", status.code())));
    }
    let next = done + 1;
    let approvers = store::level_approvers(&mut tx, c, next).await?;
    let earlier = store::approved_by(&mut tx, c, id).await?;
    check_approver(next, &approvers, &earlier, ctx.user_id).map_err(AppError::Forbidden)?;
    let new_status = match (approve, next >= required) {
        (false, _) => SiStatus::Rejected,
        (true, true) => SiStatus::Approved,
        (true, false) => SiStatus::Pending,
    };
    let decision = if approve { Decision::Approved } else { Decision::Rejected };
    let state = (new_status, if approve { next } else { done }, done);
    if !store::record_decision(&mut tx, c, id, ctx.user_id, state, (decision, next, &comment)).await? {
        return Err(AppError::Conflict(format!("Invoice {no} was decided meanwhile; reload it")));
    }
    if new_status == SiStatus::Approved {
        post_invoice(&mut tx, ctx, id).await?;
    }
    tx.commit().await.map_err(db_err)?;
    get(db, c, id).await
}

/// Marks an approved invoice paid on a date (today when empty).
pub async fn mark_paid(db: &Db, ctx: &AuthCtx, id: i64, date: &str) -> AppResult<SupplierInvoice> {
    let date = date_or("Payment date", date, ctx.today())?;
    let mut tx = db.begin().await?;
    if !store::set_paid(&mut tx, ctx.company_id, id, date).await? {
        return Err(match store::status(&mut tx, ctx.company_id, id).await? {
            None => AppError::not_found(format!("No supplier invoice {id}")),
            Some(s) => AppError::Conflict(format!("Only approved invoices can be marked paid; this one is {}", s.code())),
        });
    }
    let p = store::posting(&mut tx, ctx.company_id, id).await?;
    crate::accounting::service::post(&mut tx, ctx.company_id, ctx.user_id, vec![p.payment_voucher(date)]).await?;
    tx.commit().await.map_err(db_err)?;
    get(db, ctx.company_id, id).await
}

/// Open payables (waiting for approval or approved, not paid), earliest due first;
/// with `all`, every supplier invoice.
pub async fn payables(pool: &AnyPool, company_id: i64, all: bool) -> AppResult<Vec<PayableRow>> {
    store::payables(pool, company_id, all).await
}

/// Purchases (supplier invoices not rejected) in a period, by supplier or by item.
pub async fn report(pool: &AnyPool, company_id: i64, by_item: bool, from: &str, to: &str) -> AppResult<Vec<PurchaseReportRow>> {
    let from = date_or("From", from, chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default())?;
    let to = date_or("To", to, chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default())?;
    store::report(pool, company_id, by_item, from, to).await
}

/// The company's purchase account and price tolerance (per cent), and the default
/// accounts and dimensions of suppliers and items.
pub async fn account_list(pool: &AnyPool, company_id: i64) -> AppResult<(String, Decimal, Vec<AccountDefault>)> {
    let (company, tolerance) = store::purchase_settings(pool, company_id).await?;
    Ok((company, Decimal::new(tolerance, 2).normalize(), store::account_defaults_list(pool, company_id).await?))
}

/// How far an invoiced price may differ from the ordered one before it is a deviation:
/// 0 to 100 per cent with at most 2 decimals.
pub async fn set_tolerance(db: &Db, ctx: &AuthCtx, pct: Decimal) -> AppResult<()> {
    if pct < Decimal::ZERO || pct > Decimal::ONE_HUNDRED || pct.round_dp(2) != pct {
        return Err(AppError::invalid(format!("The price tolerance must be 0 to 100 % with at most 2 decimals (got {pct})")));
    }
    let bp: i64 = (pct * Decimal::ONE_HUNDRED).try_into().map_err(|_| AppError::invalid("The price tolerance is out of range"))?;
    let mut tx = db.begin().await?;
    store::set_tolerance(&mut tx, ctx.company_id, bp).await?;
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
    if !account.is_empty() {
        crate::accounting::service::check_accounts(&mut tx, c, &[account.as_str()]).await?;
    }
    if kind == "company" {
        if account.is_empty() {
            return Err(AppError::invalid("The company's purchase account cannot be empty"));
        }
        store::set_company_account(&mut tx, c, &account).await?;
        tx.commit().await.map_err(db_err)?;
        return Ok(());
    }
    let owner = AccountOwner::parse(kind).ok_or_else(|| AppError::invalid(format!("Unknown kind '{kind}': supplier or item")))?;
    let target = store::owner_id(&mut tx, c, owner, number.trim()).await?.ok_or_else(|| AppError::invalid(format!("No {kind} {}", number.trim())))?;
    store::set_account(&mut tx, c, owner, target, (!account.is_empty()).then_some((account.as_str(), dimension.as_str()))).await?;
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
