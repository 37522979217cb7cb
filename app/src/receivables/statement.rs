//! Customer statements: a customer's account for a period, on screen and as PDF.
use rust_decimal::Decimal;

use super::model::{period_range, statement as build, EntryKind, Statement, PERIODS};
use crate::core::{format, Lang, T};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::parties::model::Party;
use crate::parties::model::PartyKind;
use crate::print::{Column, Face, Sheet, Table, MARGIN, WIDTH};
use crate::setup::model::CompanyProfile;

pub async fn statement(db: &Db, company_id: i64, customer_no: &str, period: &str) -> AppResult<Statement> {
    if !PERIODS.contains(&period) {
        return Err(AppError::invalid(format!("Unknown period '{period}': use {}", PERIODS.join(", "))));
    }
    let c = crate::parties::store::by_no(&db.pool, company_id, PartyKind::Customer, customer_no.trim()).await?;
    let (from, to) = period_range(period, crate::setup::store::today(&db.pool, company_id).await?);
    let entries = super::store::account_entries(&db.pool, company_id, c.id).await?;
    Ok(Statement { customer_no: c.number(), customer_name: c.name.clone(), currency: c.currency.clone(), ..build(entries, from, to) })
}

const RIGHT: f32 = WIDTH - MARGIN;

/// The statement as PDF, in the customer's language: its own layout — the opening
/// balance, every document and payment with its due date and the running balance,
/// then the balance with what of it is overdue, and where to pay.
pub async fn pdf(db: &Db, company_id: i64, customer_no: &str, period: &str) -> AppResult<(String, Vec<u8>)> {
    let st = statement(db, company_id, customer_no, period).await?;
    let c = crate::parties::store::by_no(&db.pool, company_id, PartyKind::Customer, customer_no.trim()).await?;
    let today = crate::setup::store::today(&db.pool, company_id).await?;
    let overdue: Decimal = super::store::open_items(db, company_id)
        .await?
        .iter()
        .filter(|i| i.customer_no == st.customer_no && i.kind == EntryKind::Invoice && i.due_date < today)
        .map(|i| i.open)
        .sum();
    let l = crate::print::doc_lang(&c.doc_lang);
    let name = format!("statement-{}-{period}.pdf", st.customer_no);
    crate::print::print_with(db, company_id, &name, |company, logo| render(company, logo, &c, &st, overdue, today, l)).await
}

use crate::core::date::iso as ymd;

fn render(
    company: &CompanyProfile,
    logo: Option<&[u8]>,
    c: &Party,
    st: &Statement,
    overdue: Decimal,
    today: chrono::NaiveDate,
    l: Lang,
) -> Result<Vec<u8>, String> {
    use crate::print::layout::{address, continued, head, Body, Layout};
    let money = |d| format::amount(d, l);
    let mut lay = Layout::new(T::Statement, &st.customer_no, T::Customer, address(&c.name, &c.address_line, &c.postcode, &c.city), Body::Letter);
    let period = match st.from {
        None => format!("– {}", ymd(st.to)),
        Some(from) => format!("{} – {}", ymd(from), ymd(st.to)),
    };
    lay.facts = vec![(T::Date, ymd(today)), (T::CustomerNo, st.customer_no.clone()), (T::Period, period), (T::Currency, st.currency.clone())];
    let mut s = Sheet::new();
    head(&mut s, company, logo, &lay, l);
    let h = |k: T| l.t(k).to_string();
    let t = Table::new(
        vec![Column::left(MARGIN, 112.0), Column::left(116.0, 300.0), Column::left(304.0, 370.0), Column::num(374.0, 460.0), Column::num(464.0, RIGHT)],
        vec![h(T::Date), h(T::DocumentCol), h(T::DueDate), h(T::Amount), h(T::RunningBalance)],
        9.0,
    );
    t.heads(&mut s);
    let mut again = |p: &mut Sheet| continued(p, company, &lay, l);
    let from = format::opt_date(st.from, l);
    s.row(&t, &[(&from, None), (l.t(T::OpeningBalance), Some(Face::Bold)), ("", None), ("", None), (&money(st.opening), None)], &mut again);
    for x in &st.lines {
        let what = format!("{} {}", l.t(x.kind.label()), x.number);
        let (date, due) = (format::date(x.date, l), format::opt_date(x.due_date, l));
        s.row(&t, &[(&date, None), (&what, None), (&due, None), (&money(x.amount), None), (&money(x.balance), None)], &mut again);
    }
    s.rule(s.y - 7.0);
    s.y += 8.0;
    let sums = Table::new(vec![Column::left(300.0, 440.0), Column::num(444.0, RIGHT)], Vec::new(), 10.0);
    let rows = [
        (T::ClosingBalance, format!("{} {}", money(st.closing), st.currency), Face::Bold),
        (T::OverdueOfBalance, format!("{} {}", money(overdue), st.currency), Face::Regular),
        (T::BankAccount, company.bank_account.clone(), Face::Regular),
    ];
    for (label, value, face) in rows.iter().filter(|r| !r.1.is_empty()) {
        s.row(&sums, &[(l.t(*label), Some(*face)), (value, None)], &mut again);
    }
    s.render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receivables::model::StatementLine;

    fn day(s: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_long_statement_runs_over_pages_with_its_heads_again() {
        let company = CompanyProfile {
            name: "Fjord Handel AS".into(),
            org_no: "988077917".into(),
            country: "NO".into(),
            currency: "NOK".into(),
            vat_registered: true,
            business_register: true,
            ..Default::default()
        };
        let c = Party { name: "Blåbær & Sønner AS".into(), ..Default::default() };
        let lines = (0..200)
            .map(|i| StatementLine {
                date: day("2026-11-02"),
                kind: EntryKind::Invoice,
                number: format!("{}", 10000 + i),
                due_date: Some(day("2026-11-16")),
                amount: Decimal::from(100),
                balance: Decimal::from(100 * (i + 1)),
            })
            .collect();
        let st = Statement {
            customer_no: "10001".into(),
            customer_name: c.name.clone(),
            currency: "NOK".into(),
            from: Some(day("2026-11-01")),
            to: day("2026-11-30"),
            lines,
            closing: Decimal::from(20000),
            ..Default::default()
        };
        let pdf = render(&company, None, &c, &st, Decimal::from(500), day("2026-12-01"), Lang::Nb).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
