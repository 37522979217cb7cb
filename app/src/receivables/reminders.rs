//! Reminder runs: reminders for overdue invoices, a second one, then the
//! debt-collection notice (inkassovarsel) with its 14-day deadline — never for
//! disputed invoices or customers marked "no reminders". Each reminder is a PDF,
//! e-mailed through the outbox when the customer has an invoice e-mail (else to be
//! printed), and logged on the invoice; all of a run in one transaction.

use super::model::{deadline, next_level, Reminder, ReminderRun, NOTICE};
use super::store;
use crate::auth::service::AuthCtx;
use crate::core::date::{date_or, iso};
use crate::core::document::Channel;
use crate::core::T;
use crate::db::{db_err, Db};
use crate::error::{AppError, AppResult};
use crate::invoicing::model::InvoiceKind;
use crate::outbox::model::NewMessage;

/// What a run on `input.date` sends (or, with `preview`, would send).
pub async fn run(db: &Db, ctx: &AuthCtx, input: &ReminderRun) -> AppResult<Vec<Reminder>> {
    let date = date_or("Reminder date", &input.date, ctx.today())?;
    let mut c = db.pool.acquire().await.map_err(db_err)?;
    let settings = crate::invoicing::store::settings(&mut c, ctx.company_id).await?;
    let candidates = store::reminder_candidates(&mut c, ctx.company_id).await?;
    drop(c);
    let mut due = Vec::new();
    for cand in candidates {
        let due_date = cand.reminder.due_date;
        let Some(level) = next_level(cand.level, due_date, cand.last, date, settings.reminder_days) else { continue };
        let r = Reminder {
            level,
            days_overdue: (date - due_date).num_days(),
            fee: crate::core::money::cents(settings.reminder_fee),
            deadline: deadline(level, date, settings.reminder_days),
            channel: if cand.email.is_empty() { Channel::Print } else { Channel::Email },
            date,
            ..cand.reminder.clone()
        };
        due.push((cand.invoice_id, cand.customer_id, cand.email.clone(), r));
    }
    if input.preview || due.is_empty() {
        return Ok(due.into_iter().map(|(.., r)| r).collect());
    }
    // the letters are made before the transaction, which then only writes
    let mut letters = Vec::new();
    for (_, _, email, r) in &due {
        if !email.is_empty() {
            letters.push(Some(pdf_of(db, ctx.company_id, r).await?));
        } else {
            letters.push(None);
        }
    }
    let company = crate::setup::store::company(&db.pool, ctx.company_id).await?;
    let mut tx = db.begin().await?;
    // without a mail server the reminders are printed (each has its PDF), not queued
    let mail = crate::outbox::service::smtp_ready(&mut tx, ctx.company_id).await?;
    let mut queued = Vec::new();
    let mut fees = Vec::new();
    for ((invoice_id, customer_id, email, r), letter) in due.iter().zip(letters) {
        store::insert_reminder(&mut tx, ctx.company_id, ctx.user_id, *invoice_id, r).await?;
        if !r.fee.is_zero() {
            fees.push(r.fee_voucher(*invoice_id, *customer_id));
        }
        if let Some((name, bytes)) = letter.filter(|_| mail) {
            let what = if r.level >= NOTICE { "Inkassovarsel" } else { "Purring" };
            let msg = NewMessage {
                doc_kind: crate::outbox::model::DocKind::Reminder,
                doc_id: *invoice_id,
                to: email.clone(),
                subject: format!("{what}: faktura {} – {}", r.invoice_no, company.name),
                body: format!("{what} for faktura {} med forfall {}. Vennligst betal innen {}.\n\n{}", r.invoice_no, r.due_date, r.deadline, company.name),
                attachment_name: name,
                attachment: bytes,
            };
            queued.push(crate::outbox::service::queue(&mut tx, ctx.company_id, ctx.user_id, &msg).await?);
        }
    }
    // the fees the customers now owe, in the journal: one statement pair for the run
    crate::accounting::service::post(&mut tx, ctx.company_id, ctx.user_id, fees).await?;
    tx.commit().await.map_err(db_err)?;
    for id in queued {
        crate::outbox::service::deliver_later(db, ctx.company_id, Some(id));
    }
    Ok(due.into_iter().map(|(.., r)| r).collect())
}

/// The letter of a reminder: the invoice, what is left, the fee, the new deadline
/// and how to pay.
async fn pdf_of(db: &Db, company_id: i64, r: &Reminder) -> AppResult<(String, Vec<u8>)> {
    let inv = crate::invoicing::service::invoice(db, company_id, InvoiceKind::Invoice, Some(&r.invoice_no), None).await?;
    let company = crate::setup::store::company(&db.pool, company_id).await?;
    let lang = crate::print::doc_lang(&inv.doc_lang);
    let amount = |d| crate::core::format::amount(d, lang);
    let title = if r.level >= NOTICE { T::DebtNotice } else { T::ReminderTitle };
    let mut text =
        vec![format!("{} {} {} {}: {} {}", lang.t(T::Invoice), inv.number, lang.t(T::DueDate).to_lowercase(), iso(inv.due_date), amount(r.open), inv.currency)];
    if !r.fee.is_zero() {
        text.push(format!("{}: {} {}", lang.t(T::ReminderFee), amount(r.fee), inv.currency));
    }
    if r.level >= NOTICE {
        text.push(lang.t(T::DebtNoticeText).to_string());
    }
    let doc = crate::core::document::Doc {
        number: inv.number.clone(),
        currency: inv.currency.clone(),
        lines: text
            .into_iter()
            .enumerate()
            .map(|(i, t)| crate::core::document::DocLine {
                line: crate::core::lines::Line { line_no: i as i64 + 1, kind: crate::core::lines::LineKind::Text, description: t, ..Default::default() },
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let address = crate::print::address(&inv.customer_name, &inv.address_line, &inv.postcode, &inv.city);
    let facts = vec![(T::Date, iso(r.date)), (T::CustomerNo, inv.customer_no.clone()), (T::Invoice, inv.number.clone())];
    let total = format!("{} {}", amount(r.open + r.fee), inv.currency);
    let payment = vec![(T::Kid, inv.kid.clone()), (T::BankAccount, company.bank_account.clone()), (T::PayBy, iso(r.deadline)), (T::AmountDue, total)];
    let mut lay = crate::print::Layout::new(title, &inv.number, T::Customer, address, crate::print::Body::Letter);
    (lay.facts, lay.payment) = (facts, payment);
    let name = format!("{}-{}-{}.pdf", if r.level >= NOTICE { "debt-notice" } else { "reminder" }, inv.number, r.level);
    crate::print::render_doc(db, company_id, &doc, &lay, &inv.doc_lang, &name).await
}

/// The PDF of an invoice's latest reminder (for those sent to print).
pub async fn latest_pdf(db: &Db, company_id: i64, invoice_no: &str) -> AppResult<(String, Vec<u8>)> {
    let all = store::reminders_of(&db.pool, company_id, invoice_no).await?;
    let last = all.last().ok_or_else(|| AppError::not_found(format!("Invoice {invoice_no} has no reminders")))?;
    pdf_of(db, company_id, last).await
}
