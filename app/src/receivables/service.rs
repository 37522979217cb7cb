//! Registering payments, by hand or from bank files: each is one transaction — the
//! payment, its allocation to the invoice, a small remaining difference written off
//! by the company's rule, and any overpayment kept as the customer's credit.
use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::bankfile::{self, match_line, BankLine, Payable};
use super::model::{payment_voucher, split_payment, BankImport, BankMatch, PaymentInput, PaymentMethod, PaymentResult, UnmatchedLine};
use super::store::{self, NewPayment};
use crate::auth::service::AuthCtx;
use crate::core::date::date_or;
use crate::core::event::{Event, EventKind};
use crate::core::money::{cents, from_minor, to_minor};
use crate::core::text;
use crate::db::{db_err, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::invoicing::store::{self as inv_store, Settles};
use crate::parties::model::PartyKind;

fn minor(d: Decimal) -> AppResult<i64> {
    to_minor(d).map_err(|e| AppError::invalid(format!("Amount: {e}")))
}

/// A payment of `amount` on an invoice inside the caller's transaction: applied up
/// to what is open, a rest up to `writeoff` written off, the surplus kept as credit.
#[allow(clippy::too_many_arguments)]
async fn apply(
    tx: &mut Tx,
    ctx: &AuthCtx,
    inv: &Payable,
    currency: &str,
    amount: Decimal,
    writeoff: Decimal,
    date: NaiveDate,
    method: PaymentMethod,
    reference: &str,
) -> AppResult<PaymentResult> {
    let (applied, written, credit) = split_payment(amount, from_minor(inv.open_minor), writeoff);
    let p = NewPayment { customer_id: inv.customer_id, date, amount_minor: minor(amount)?, currency, method, reference, unallocated_minor: minor(credit)? };
    let pid = store::insert_payment(tx, ctx.company_id, ctx.user_id, &p).await?;
    let voucher = payment_voucher(pid, date, inv.customer_id, amount, written, format!("{} {}", inv.number, reference));
    crate::accounting::service::post(tx, ctx.company_id, ctx.user_id, vec![voucher]).await?;
    if applied > Decimal::ZERO {
        inv_store::allocate(tx, ctx.company_id, inv.id, Settles::Payment(pid), minor(applied)?, date).await?;
    }
    if written > Decimal::ZERO {
        inv_store::allocate(tx, ctx.company_id, inv.id, Settles::WriteOff, minor(written)?, date).await?;
    }
    tx.emit(payment_event(ctx.company_id, pid, date, amount, &inv.number, cents(applied), cents(credit), method));
    Ok(PaymentResult {
        payment_id: pid,
        invoice_no: inv.number.clone(),
        applied: cents(applied),
        written_off: cents(written),
        credit: cents(credit),
        invoice_open: cents(from_minor(inv.open_minor) - applied - written),
        ..Default::default()
    })
}

/// The event of a registered payment: what came in, on which invoice (none: on the
/// customer's account), how much settled it and how much is left as credit.
#[allow(clippy::too_many_arguments)]
fn payment_event(
    company_id: i64,
    id: i64,
    date: NaiveDate,
    amount: Decimal,
    invoice_no: &str,
    applied: Decimal,
    credit: Decimal,
    method: PaymentMethod,
) -> Event {
    let data = serde_json::json!({
        "payment_id": id, "date": crate::core::date::iso(date), "amount": cents(amount).to_string(), "invoice_no": invoice_no,
        "applied": applied.to_string(), "credit": credit.to_string(), "method": method.code(),
    });
    Event::new(company_id, EventKind::PaymentRegistered, &id.to_string(), data)
}

pub async fn register(db: &Db, ctx: &AuthCtx, input: &PaymentInput, method: PaymentMethod) -> AppResult<PaymentResult> {
    if input.amount <= Decimal::ZERO {
        return Err(AppError::invalid(format!("The amount paid must be above 0 (got {})", input.amount)));
    }
    let amount = minor(input.amount)?;
    let date = date_or("Payment date", &input.date, ctx.today())?;
    let reference = text::optional("Reference", &input.reference, 200)?;
    let by_invoice = !input.invoice_no.trim().is_empty() || !input.kid.trim().is_empty();
    if !by_invoice && input.customer_no.trim().is_empty() {
        return Err(AppError::invalid("Say what the payment is for: an invoice number, a KID or a customer"));
    }
    let mut tx = db.begin().await?;
    let settings = inv_store::settings(&mut tx, ctx.company_id).await?;
    let result = if by_invoice {
        let (inv, currency) = store::payable(&mut tx, ctx.company_id, &input.invoice_no, &input.kid).await?;
        let customer = crate::parties::store::by_id(&mut *tx, ctx.company_id, inv.customer_id).await?;
        if !input.customer_no.trim().is_empty() && input.customer_no.trim() != customer.number() {
            return Err(AppError::invalid(format!("Invoice {} is to customer {}, not {}", inv.number, customer.number(), input.customer_no.trim())));
        }
        let r = apply(&mut tx, ctx, &inv, &currency, input.amount, settings.writeoff_limit, date, method, &reference).await?;
        PaymentResult { customer_no: customer.number(), ..r }
    } else {
        let c = crate::parties::store::by_no(&mut *tx, ctx.company_id, PartyKind::Customer, input.customer_no.trim()).await?;
        let p = NewPayment { customer_id: c.id, date, amount_minor: amount, currency: &c.currency, method, reference: &reference, unallocated_minor: amount };
        let payment_id = store::insert_payment(&mut tx, ctx.company_id, ctx.user_id, &p).await?;
        let voucher = payment_voucher(payment_id, date, c.id, input.amount, Decimal::ZERO, format!("{} {reference}", c.name));
        crate::accounting::service::post(&mut tx, ctx.company_id, ctx.user_id, vec![voucher]).await?;
        tx.emit(payment_event(ctx.company_id, payment_id, date, input.amount, "", Decimal::ZERO, cents(input.amount), method));
        PaymentResult { payment_id, customer_no: c.number(), credit: cents(input.amount), ..Default::default() }
    };
    tx.commit().await.map_err(db_err)?;
    Ok(result)
}

/// Bank lines posted per transaction: a chunk holds the write lock for a few tens of
/// milliseconds, so other users' postings go on during a large import.
pub const BANK_CHUNK: usize = 500;

/// The matches and leftovers an import answers with in full; beyond these it counts.
pub const BANK_RESULT_ROWS: usize = 100;

/// Imports a bank file: every incoming payment matched to an invoice (by KID, else by
/// amount and invoice number in the text) is registered; the rest stays for matching
/// by hand. The lines are posted in chunks of [`BANK_CHUNK`], each one transaction
/// that also records how far the file got, so an import cut short leaves whole chunks
/// and uploading the same file again takes it up where it stopped. A file imported
/// whole is refused the second time.
pub async fn import_bank_file(db: &Db, ctx: &AuthCtx, name: &str, bytes: &[u8]) -> AppResult<BankImport> {
    if bytes.is_empty() {
        return Err(AppError::invalid("The bank file is empty"));
    }
    let (format, lines) = bankfile::parse(bytes).map_err(AppError::invalid)?;
    let hash = format!("{:x}", Sha256::digest(bytes));
    let name = text::optional("File name", name, 200)?;
    let (file_id, mut done) = {
        let mut tx = db.begin().await?;
        let found = store::bank_file_by_hash(&mut tx, ctx.company_id, &hash).await?;
        let r = match found {
            Some((_, total, done)) if done >= total => Err(AppError::Conflict("This bank file was imported before; nothing was changed".into())),
            Some((id, _, done)) => Ok((id, done as usize)),
            None => store::insert_bank_file(&mut tx, ctx.company_id, ctx.user_id, &hash, &name, format.code(), lines.len() as i64).await.map(|id| (id, 0)),
        };
        let r = r?;
        tx.commit().await.map_err(db_err)?;
        r
    };
    let mut result = BankImport { file_id, format: format.code().into(), lines: lines.len() as i64, ..Default::default() };
    while done < lines.len() {
        let end = (done + BANK_CHUNK).min(lines.len());
        import_chunk(db, ctx, file_id, format, &lines, done, end, &mut result).await?;
        done = end;
    }
    Ok(result)
}

/// Posts lines `from..to` of a bank file in one transaction.
#[allow(clippy::too_many_arguments)]
async fn import_chunk(
    db: &Db,
    ctx: &AuthCtx,
    file_id: i64,
    format: bankfile::Format,
    all: &[BankLine],
    from: usize,
    to: usize,
    result: &mut BankImport,
) -> AppResult<()> {
    let lines = &all[from..to];
    let mut tx = db.begin().await?;
    // claim the chunk first: a second upload of the same file at the same time finds
    // it taken and stops, so no line is posted twice
    if !store::advance_bank_file(&mut tx, ctx.company_id, file_id, from as i64, to as i64).await? {
        return Err(AppError::Conflict("This bank file is being imported by another request; see the bank page".into()));
    }
    let settings = inv_store::settings(&mut tx, ctx.company_id).await?;
    // the invoices this chunk can pay: by KID (settled ones too: paying one again makes
    // credit), and the open ones when a line has to be matched by amount and text
    let kids: Vec<String> = lines.iter().filter(|l| !l.kid.is_empty()).map(|l| l.kid.clone()).collect();
    let mut invoices = store::payables_by_kid(&mut tx, ctx.company_id, &kids).await?;
    let by_kid_found: std::collections::HashSet<String> = invoices.iter().map(|p| p.kid.clone()).collect();
    // (only lines with a text can be matched by amount and invoice number)
    if lines.iter().any(|l| (l.kid.is_empty() || !by_kid_found.contains(&l.kid)) && !l.text.trim().is_empty()) {
        let known: std::collections::HashSet<i64> = invoices.iter().map(|p| p.id).collect();
        invoices.extend(store::open_payables(&mut tx, ctx.company_id).await?.into_iter().filter(|p| !known.contains(&p.id)));
    }
    let by_kid: HashMap<String, usize> = invoices.iter().enumerate().filter(|(_, p)| !p.kid.is_empty()).map(|(i, p)| (p.kid.clone(), i)).collect();
    let company_currency = store::company_currency(&mut tx, ctx.company_id).await?;
    let writeoff = minor(settings.writeoff_limit)?;
    // match every line in memory first (open amounts followed as lines pay them), then
    // write the payments, allocations and lines set-wise: a few statements per 500 lines
    let mut payments = Vec::new();
    let mut written_of: Vec<i64> = Vec::new();
    let mut allocations = Vec::new();
    let mut matched_at: Vec<Option<usize>> = Vec::with_capacity(lines.len());
    let mut matched = Vec::new();
    for (n, l) in lines.iter().enumerate() {
        let line_no = (from + n) as i64 + 1;
        let currency = if l.currency.is_empty() { company_currency.clone() } else { l.currency.clone() };
        let Some(i) = match_line(l, &by_kid, &invoices).filter(|_| currency == company_currency) else {
            matched_at.push(None);
            continue;
        };
        let open = invoices[i].open_minor.max(0);
        let applied = l.amount_minor.min(open);
        let rest = open - applied;
        let written = if rest > 0 && rest <= writeoff { rest } else { 0 };
        invoices[i].open_minor -= applied + written;
        let reference = format!("{} {} (file {file_id} line {line_no})", format.code(), l.reference);
        matched_at.push(Some(payments.len()));
        written_of.push(written);
        payments.push(store::BatchPayment {
            customer_id: invoices[i].customer_id,
            date: l.date,
            amount_minor: l.amount_minor,
            currency,
            reference,
            unallocated_minor: l.amount_minor - applied,
        });
        for (kind, amount) in [("payment", applied), ("writeoff", written)].into_iter().filter(|(_, a)| *a > 0) {
            allocations.push(inv_store::BatchAllocation { invoice_id: invoices[i].id, kind, payment: payments.len() - 1, amount_minor: amount, date: l.date });
        }
        matched.push(BankMatch {
            line_no,
            amount: from_minor(l.amount_minor),
            kid: l.kid.clone(),
            text: l.text.clone(),
            invoice_no: invoices[i].number.clone(),
            credit: from_minor(l.amount_minor - applied),
        });
    }
    let payment_ids = store::insert_payments_many(&mut tx, ctx.company_id, ctx.user_id, PaymentMethod::Bank, &payments).await?;
    let vouchers = payments
        .iter()
        .zip(&payment_ids)
        .zip(&written_of)
        .map(|((p, id), written)| payment_voucher(*id, p.date, p.customer_id, from_minor(p.amount_minor), from_minor(*written), p.reference.clone()))
        .collect();
    crate::accounting::service::post(&mut tx, ctx.company_id, ctx.user_id, vouchers).await?;
    inv_store::allocate_many(&mut tx, ctx.company_id, &allocations, &payment_ids).await?;
    for ((p, id), m) in payments.iter().zip(&payment_ids).zip(&matched) {
        let amount = from_minor(p.amount_minor);
        tx.emit(payment_event(ctx.company_id, *id, p.date, amount, &m.invoice_no, amount - m.credit, m.credit, PaymentMethod::Bank));
    }
    let line_payments: Vec<Option<i64>> = matched_at.iter().map(|m| m.map(|k| payment_ids[k])).collect();
    let ids = store::insert_bank_lines_many(&mut tx, ctx.company_id, file_id, lines, &company_currency, &line_payments).await?;
    tx.commit().await.map_err(db_err)?;
    result.matched_count += matched.len() as i64;
    let room = BANK_RESULT_ROWS.saturating_sub(result.matched.len());
    result.matched.extend(matched.into_iter().take(room));
    for ((l, id), paid) in lines.iter().zip(ids).zip(&line_payments) {
        if paid.is_none() {
            result.unmatched_count += 1;
            if result.unmatched.len() < BANK_RESULT_ROWS {
                let currency = if l.currency.is_empty() { company_currency.clone() } else { l.currency.clone() };
                result.unmatched.push(UnmatchedLine {
                    id,
                    date: l.date,
                    amount: from_minor(l.amount_minor),
                    currency,
                    kid: l.kid.clone(),
                    text: l.text.clone(),
                    payer: l.payer.clone(),
                    kind: l.kind,
                });
            }
        }
    }
    Ok(())
}

/// Matches a bank line left unmatched to an invoice by hand: the payment is
/// registered as if the file had matched it.
pub async fn match_by_hand(db: &Db, ctx: &AuthCtx, line_id: i64, invoice_no: &str) -> AppResult<PaymentResult> {
    let mut tx = db.begin().await?;
    let settings = inv_store::settings(&mut tx, ctx.company_id).await?;
    let line = store::unmatched_line(&mut tx, ctx.company_id, line_id).await?;
    if line.kind != super::model::BankLineKind::Payment {
        return Err(AppError::invalid("This bank line is a returned or not yet booked payment: it cannot pay an invoice"));
    }
    let (inv, currency) = store::payable(&mut tx, ctx.company_id, invoice_no, "").await?;
    if currency != line.currency {
        return Err(AppError::invalid(format!("The payment is in {}, invoice {} in {currency}", line.currency, inv.number)));
    }
    let r = apply(&mut tx, ctx, &inv, &currency, line.amount, settings.writeoff_limit, line.date, PaymentMethod::Bank, &format!("bank line {line_id}")).await?;
    store::set_line_payment(&mut tx, ctx.company_id, line_id, r.payment_id).await.map_err(|e| match e {
        AppError::Conflict(_) => AppError::Conflict("That bank line was matched meanwhile; reload".into()),
        e => e,
    })?;
    tx.commit().await.map_err(db_err)?;
    Ok(r)
}
