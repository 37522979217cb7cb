//! Customer statements: a customer's account for a period, on screen and as PDF.
use super::model::{period_range, statement as build, Statement, PERIODS};
use crate::core::{format, T};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::parties::model::PartyKind;
use crate::sales::service::today;

pub async fn statement(db: &Db, company_id: i64, customer_no: &str, period: &str) -> AppResult<Statement> {
    if !PERIODS.contains(&period) {
        return Err(AppError::invalid(format!("Unknown period '{period}': use {}", PERIODS.join(", "))));
    }
    let c = crate::parties::store::by_no(&db.pool, company_id, PartyKind::Customer, customer_no.trim()).await?;
    let (from, to) = period_range(period, today());
    let entries = super::store::account_entries(&db.pool, company_id, c.id).await?;
    Ok(Statement { customer_no: c.number(), customer_name: c.name.clone(), currency: c.currency.clone(), ..build(entries, from, to) })
}

fn kind_label(kind: &str) -> T {
    match kind {
        "credit_note" => T::CreditNote,
        "payment" => T::KindPayment,
        "writeoff" => T::WrittenOff,
        _ => T::Invoice,
    }
}

/// The statement as PDF, in the customer's language.
pub async fn pdf(db: &Db, company_id: i64, customer_no: &str, period: &str) -> AppResult<(String, Vec<u8>)> {
    let st = statement(db, company_id, customer_no, period).await?;
    let c = crate::parties::store::by_no(&db.pool, company_id, PartyKind::Customer, customer_no.trim()).await?;
    let company = crate::setup::store::company(&db.pool, company_id).await?;
    let l = crate::sales::print::doc_lang(&c.doc_lang);
    let money = |d| format::amount(d, l);
    let text = |i: usize, t: String| crate::sales::model::DocLine {
        line: crate::core::lines::Line { line_no: i as i64 + 1, kind: crate::core::lines::LineKind::Text, description: t, ..Default::default() },
        ..Default::default()
    };
    let mut lines = vec![text(0, format!("{}: {}", l.t(T::OpeningBalance), money(st.opening)))];
    for x in &st.lines {
        let due = if x.due_date.is_empty() { String::new() } else { format!(", {} {}", l.t(T::DueDate).to_lowercase(), x.due_date) };
        lines.push(text(lines.len(), format!("{}  {} {}{due}:  {}  →  {}", x.date, l.t(kind_label(&x.kind)), x.number, money(x.amount), money(x.balance))));
    }
    let doc = crate::sales::model::Doc { number: st.customer_no.clone(), currency: st.currency.clone(), lines, ..Default::default() };
    let address = [c.name.clone(), c.address_line.clone(), format!("{} {}", c.postcode, c.city)].join("\n");
    let facts = vec![(T::CustomerNo, st.customer_no.clone()), (T::From, st.from.clone()), (T::To, st.to.clone())];
    let payment = vec![(T::ClosingBalance, format!("{} {}", money(st.closing), st.currency)), (T::BankAccount, company.bank_account.clone())];
    let lay = crate::sales::print::Layout { title: T::Statement, number: st.customer_no.clone(), facts, prices: false, address, payment };
    crate::sales::service::render(db, company_id, &doc, &lay, &c.doc_lang, &format!("statement-{}-{period}.pdf", st.customer_no)).await
}
