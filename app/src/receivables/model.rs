//! Receivables: what customers owe and have paid. The open-items view is filtered
//! and sorted in the browser by these pure functions (also unit-tested on the host
//! and in headless Chromium).
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

crate::core::code::coded! {
    /// What an entry on a customer's account is.
    #[derive(Default)]
    pub enum EntryKind {
        #[default]
        Invoice = "invoice" => Invoice,
        CreditNote = "credit_note" => CreditNote,
        Payment = "payment" => KindPayment,
        Writeoff = "writeoff" => WrittenOff,
        ReminderFee = "reminder_fee" => ReminderFee,
    }
}

crate::core::code::coded! {
    /// A line of a bank file: a payment, or one that waits on the bank page and
    /// never pays an invoice.
    #[derive(Default)]
    pub enum BankLineKind {
        #[default]
        Payment = "payment" => KindPayment,
        /// Status other than BOOK: the bank has not booked it; a later statement will.
        Pending = "pending" => BankPending,
        /// A reversal (RvslInd true): money paid in earlier went back to the payer.
        Returned = "returned" => BankReturned,
    }
}

/// How a payment was registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Typed in by hand (or sent to the API).
    Manual,
    /// From a bank file, matched or by hand.
    Bank,
}

impl PaymentMethod {
    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Manual => "manual",
            PaymentMethod::Bank => "bank",
        }
    }
}

/// An unsettled invoice, an unused credit note, or an unallocated payment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OpenItem {
    pub kind: EntryKind,
    pub number: String,
    pub customer_no: String,
    pub customer_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    /// Payments: their date.
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub due_date: NaiveDate,
    pub currency: String,
    /// Amount incl. VAT (payments: the amount paid).
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub amount: Decimal,
    /// Left to pay; negative: the customer's credit.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub open: Decimal,
    pub disputed: bool,
    pub reminder_level: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpenFilter {
    #[default]
    All,
    Overdue,
    NotDue,
}

impl OpenFilter {
    pub fn parse(s: &str) -> OpenFilter {
        match s {
            "overdue" => OpenFilter::Overdue,
            "not_due" => OpenFilter::NotDue,
            _ => OpenFilter::All,
        }
    }
}

/// Days past the due date (0 when not overdue or not an invoice).
pub fn days_overdue(item: &OpenItem, today: NaiveDate) -> i64 {
    if item.kind != EntryKind::Invoice || item.open <= Decimal::ZERO {
        return 0;
    }
    (today - item.due_date).num_days().max(0)
}

/// The open items to show: by filter and customer (number or part of the name),
/// oldest due date first, so the longest overdue lead.
pub fn select<'a>(items: &'a [OpenItem], filter: OpenFilter, customer: &str, today: NaiveDate) -> Vec<&'a OpenItem> {
    let needle = customer.trim().to_lowercase();
    let mut v: Vec<&OpenItem> = items
        .iter()
        .filter(|i| match filter {
            OpenFilter::All => true,
            OpenFilter::Overdue => days_overdue(i, today) > 0,
            OpenFilter::NotDue => i.kind == EntryKind::Invoice && days_overdue(i, today) == 0,
        })
        .filter(|i| needle.is_empty() || i.customer_no.to_lowercase() == needle || i.customer_name.to_lowercase().contains(&needle))
        .collect();
    v.sort_by(|a, b| a.due_date.cmp(&b.due_date).then_with(|| a.number.cmp(&b.number)));
    v
}

/// Sum of what is open among the shown items, per currency.
pub fn total_open(items: &[&OpenItem]) -> Vec<(String, Decimal)> {
    let mut t: Vec<(String, Decimal)> = Vec::new();
    for i in items {
        match t.iter_mut().find(|(c, _)| *c == i.currency) {
            Some((_, s)) => *s += i.open,
            None => t.push((i.currency.clone(), i.open)),
        }
    }
    t
}

/// A payment as registered by hand (or through the API): against an invoice (by
/// number or KID), or on account of a customer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PaymentInput {
    #[serde(default)]
    pub invoice_no: String,
    #[serde(default)]
    pub kid: String,
    /// Without an invoice: the customer whose credit it becomes.
    #[serde(default)]
    pub customer_no: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    #[serde(deserialize_with = "crate::core::money::exact::decimal")]
    pub amount: Decimal,
    /// YYYY-MM-DD; empty: today.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub reference: String,
}

/// The voucher of a payment from a customer: the bank against the customer's
/// receivable, and a small rest written off (`written`) against the write-off account.
pub fn payment_voucher(payment_id: i64, date: NaiveDate, customer_id: i64, amount: Decimal, written: Decimal, text: String) -> crate::accounting::model::Draft {
    use crate::accounting::model::{Draft, Role, SourceKind};
    let mut d = Draft::new(SourceKind::Payment, payment_id, &payment_id.to_string(), date, text);
    d.debit(Role::Bank, "", amount, None).debit(Role::Writeoff, "", written, None).credit(Role::Receivables, "", amount + written, Some(customer_id));
    d
}

/// What a payment did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PaymentResult {
    pub payment_id: i64,
    pub customer_no: String,
    pub invoice_no: String,
    /// Set against the invoice.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub applied: Decimal,
    /// A small difference written off by the company's rule.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub written_off: Decimal,
    /// Kept as the customer's credit (an overpayment).
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub credit: Decimal,
    /// What is left on the invoice.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub invoice_open: Decimal,
}

/// A bank line matched to an invoice by an import.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BankMatch {
    pub line_no: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub amount: Decimal,
    pub kid: String,
    pub text: String,
    pub invoice_no: String,
    /// Paid beyond what was open: the customer's credit.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub credit: Decimal,
}

/// A bank line no invoice was found for: it waits to be matched by hand.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnmatchedLine {
    pub id: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub amount: Decimal,
    pub currency: String,
    pub kid: String,
    pub text: String,
    pub payer: String,
    #[serde(default)]
    pub kind: BankLineKind,
}

/// An imported bank file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BankFileRow {
    pub id: i64,
    pub file_name: String,
    pub format: String,
    pub lines: i64,
    pub matched: i64,
    /// Unix milliseconds.
    pub imported_at: i64,
}

/// What importing a bank file did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BankImport {
    pub file_id: i64,
    /// ocr or camt053.
    pub format: String,
    /// Incoming payments in the file.
    pub lines: i64,
    /// How many were matched and left unmatched; `matched` and `unmatched` hold the
    /// first 100 of each (the bank page pages through the rest).
    #[serde(default)]
    pub matched_count: i64,
    #[serde(default)]
    pub unmatched_count: i64,
    pub matched: Vec<BankMatch>,
    pub unmatched: Vec<UnmatchedLine>,
}

/// How a payment of `amount` splits on an invoice with `open` left, when differences
/// up to `writeoff` are written off: (applied, written off, credit).
pub fn split_payment(amount: Decimal, open: Decimal, writeoff: Decimal) -> (Decimal, Decimal, Decimal) {
    let open = open.max(Decimal::ZERO);
    let applied = amount.min(open);
    let rest = open - applied;
    let written = if rest > Decimal::ZERO && rest <= writeoff { rest } else { Decimal::ZERO };
    (applied, written, amount - applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn item(kind: &str, no: &str, cust: &str, due: &str, open: &str) -> OpenItem {
        OpenItem {
            kind: EntryKind::parse(kind).unwrap(),
            number: no.into(),
            customer_no: cust.into(),
            customer_name: format!("Kunde {cust}"),
            due_date: NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap(),
            currency: "NOK".into(),
            open: d(open),
            ..Default::default()
        }
    }

    #[test]
    fn open_items_filter_and_lead_with_the_oldest_overdue() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let items = vec![
            item("invoice", "3", "10001", "2026-06-20", "100"),
            item("invoice", "1", "10002", "2026-05-01", "50"),
            item("invoice", "2", "10001", "2026-06-01", "25.50"),
            item("credit_note", "1", "10001", "2026-06-10", "-10"),
        ];
        let all: Vec<&str> = select(&items, OpenFilter::All, "", today).iter().map(|i| i.number.as_str()).collect();
        assert_eq!(all, vec!["1", "2", "1", "3"]);
        let overdue: Vec<&str> = select(&items, OpenFilter::Overdue, "", today).iter().map(|i| i.number.as_str()).collect();
        assert_eq!(overdue, vec!["1", "2"]);
        let not_due: Vec<&str> = select(&items, OpenFilter::NotDue, "", today).iter().map(|i| i.number.as_str()).collect();
        assert_eq!(not_due, vec!["3"]);
        let one = select(&items, OpenFilter::All, "10001", today);
        assert_eq!(one.len(), 3);
        assert_eq!(total_open(&one), vec![("NOK".to_string(), d("115.50"))]);
        assert_eq!(days_overdue(&items[1], today), 45);
        assert_eq!(days_overdue(&items[3], today), 0);
    }

    #[test]
    fn a_payment_splits_into_applied_written_off_and_credit() {
        assert_eq!(split_payment(d("100"), d("100"), d("0")), (d("100"), d("0"), d("0")));
        assert_eq!(split_payment(d("40"), d("100"), d("5")), (d("40"), d("0"), d("0")));
        assert_eq!(split_payment(d("99.50"), d("100"), d("1")), (d("99.50"), d("0.50"), d("0")));
        assert_eq!(split_payment(d("120"), d("100"), d("1")), (d("100"), d("0"), d("20")));
        assert_eq!(split_payment(d("30"), d("0"), d("1")), (d("0"), d("0"), d("30")));
    }
}

/// Reminder levels: 1 and 2 are reminders, 3 the debt-collection notice.
pub const NOTICE: i64 = 3;

/// Days a debt-collection notice gives to pay (the Norwegian debt collection act, § 9).
pub const NOTICE_DAYS: i64 = 14;

/// The reminder an invoice is due for on `today`, if any: the first when it has been
/// overdue `days`, each next `days` after the previous, the notice last.
pub fn next_level(level: i64, due: NaiveDate, last: Option<NaiveDate>, today: NaiveDate, days: i64) -> Option<i64> {
    let since = if level == 0 { due } else { last? };
    (level < NOTICE && (today - since).num_days() >= days).then_some(level + 1)
}

/// The deadline a reminder of `level` sent on `today` gives.
pub fn deadline(level: i64, today: NaiveDate, days: i64) -> NaiveDate {
    today + chrono::Duration::days(if level >= NOTICE { NOTICE_DAYS } else { days })
}

/// A reminder a run proposes (preview) or has sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Reminder {
    pub invoice_no: String,
    pub customer_no: String,
    pub customer_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub due_date: NaiveDate,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub open: Decimal,
    pub currency: String,
    /// 1, 2: reminder; 3: debt-collection notice.
    pub level: i64,
    pub days_overdue: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub fee: Decimal,
    /// The last day to pay.
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub deadline: NaiveDate,
    /// email or print.
    pub channel: crate::core::document::Channel,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
}

impl Reminder {
    /// The voucher of the reminder's fee: what the customer owes more on the invoice
    /// (receivables, on the customer) against the reminder fee account.
    pub fn fee_voucher(&self, invoice_id: i64, customer_id: i64) -> crate::accounting::model::Draft {
        use crate::accounting::model::{Draft, Role, SourceKind};
        let mut d = Draft::new(SourceKind::ReminderFee, invoice_id, &self.invoice_no, self.date, format!("{} {}", self.invoice_no, self.customer_name));
        d.debit(Role::Receivables, "", self.fee, Some(customer_id));
        d.credit(Role::ReminderFee, "", self.fee, None);
        d
    }
}

/// A reminder run: the date, and whether to only see what it would send.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReminderRun {
    /// YYYY-MM-DD; empty: today.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub preview: bool,
}

#[cfg(test)]
mod reminder_tests {
    use super::*;

    #[test]
    fn reminders_come_in_steps_and_end_with_the_notice() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let due = d("2026-10-01");
        assert_eq!(next_level(0, due, None, d("2026-10-14"), 14), None);
        assert_eq!(next_level(0, due, None, d("2026-10-15"), 14), Some(1));
        assert_eq!(next_level(1, due, Some(d("2026-10-15")), d("2026-10-20"), 14), None);
        assert_eq!(next_level(1, due, Some(d("2026-10-15")), d("2026-10-29"), 14), Some(2));
        assert_eq!(next_level(2, due, Some(d("2026-10-29")), d("2026-11-12"), 14), Some(3));
        assert_eq!(next_level(3, due, Some(d("2026-11-12")), d("2027-01-01"), 14), None);
        assert_eq!(deadline(1, d("2026-10-15"), 10), d("2026-10-25"));
        assert_eq!(deadline(3, d("2026-10-15"), 10), d("2026-10-29"));
    }
}

/// A statement period as the user picks it.
pub const PERIODS: [&str; 5] = ["all", "this_month", "last_3_months", "last_year", "year_before"];

/// The dates a statement period covers on `today`: (first day, last day); `None`
/// as the first day means from the start.
pub fn period_range(code: &str, today: NaiveDate) -> (Option<NaiveDate>, NaiveDate) {
    use chrono::Datelike;
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(today);
    match code {
        "this_month" => (Some(ymd(today.year(), today.month(), 1)), today),
        "last_3_months" => (Some(today.checked_sub_months(chrono::Months::new(3)).unwrap_or(today) + chrono::Duration::days(1)), today),
        "last_year" => (Some(ymd(today.year() - 1, 1, 1)), ymd(today.year() - 1, 12, 31)),
        "year_before" => (Some(ymd(today.year() - 2, 1, 1)), ymd(today.year() - 2, 12, 31)),
        _ => (None, today),
    }
}

/// Something on a customer's account: an invoice (+), a credit note, payment or
/// write-off (−).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatementLine {
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub kind: EntryKind,
    pub number: String,
    /// Invoices: when due.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = Date))]
    pub due_date: Option<NaiveDate>,
    /// Signed: what it adds to what the customer owes.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub amount: Decimal,
    /// What the customer owed after it.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub balance: Decimal,
}

/// A customer's statement for a period: what was owed before it, what happened in
/// it, and what is owed at its end.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Statement {
    pub customer_no: String,
    pub customer_name: String,
    pub currency: String,
    /// The first day; none: from the start.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = Date))]
    pub from: Option<NaiveDate>,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub to: NaiveDate,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub opening: Decimal,
    pub lines: Vec<StatementLine>,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub closing: Decimal,
}

/// Builds a statement from every entry of the account (any order): the entries
/// before the period make the opening balance, those after it are left out.
pub fn statement(mut entries: Vec<StatementLine>, from: Option<NaiveDate>, to: NaiveDate) -> Statement {
    entries.sort_by(|a, b| a.date.cmp(&b.date).then(a.number.cmp(&b.number)));
    let mut st = Statement { from, to, ..Default::default() };
    let mut balance = Decimal::ZERO;
    for mut e in entries.into_iter().filter(|e| e.date <= to) {
        balance += e.amount;
        if from.is_some_and(|f| e.date < f) {
            st.opening = balance;
        } else {
            e.balance = balance;
            st.lines.push(e);
        }
    }
    st.closing = balance;
    st
}

#[cfg(test)]
mod statement_tests {
    use super::*;

    #[test]
    fn a_statement_opens_with_what_was_owed_before_and_runs_a_balance() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let e = |date: &str, kind: &str, no: &str, amount: i64| StatementLine {
            date: d(date),
            kind: EntryKind::parse(kind).unwrap(),
            number: no.into(),
            amount: Decimal::from(amount),
            ..Default::default()
        };
        let entries = vec![
            e("2026-10-20", "payment", "9", -400),
            e("2026-09-01", "invoice", "1", 1000),
            e("2026-10-05", "invoice", "2", 500),
            e("2026-12-02", "invoice", "3", 70),
            e("2026-10-06", "credit_note", "1", -100),
        ];
        let st = statement(entries.clone(), Some(d("2026-10-01")), d("2026-11-30"));
        assert_eq!(st.opening, Decimal::from(1000));
        assert_eq!(
            st.lines.iter().map(|l| (l.number.as_str(), l.balance)).collect::<Vec<_>>(),
            vec![("2", Decimal::from(1500)), ("1", Decimal::from(1400)), ("9", Decimal::from(1000))]
        );
        assert_eq!(st.closing, Decimal::from(1000), "the invoice after the period is left out");
        let all = statement(entries, None, d("2026-12-31"));
        assert_eq!((all.opening, all.lines.len(), all.closing), (Decimal::ZERO, 5, Decimal::from(1070)));
        let today = d("2026-12-01");
        assert_eq!(period_range("this_month", today), (Some(d("2026-12-01")), today));
        assert_eq!(period_range("last_3_months", today), (Some(d("2026-09-02")), today));
        assert_eq!(period_range("last_year", today), (Some(d("2025-01-01")), d("2025-12-31")));
        assert_eq!(period_range("year_before", today), (Some(d("2024-01-01")), d("2024-12-31")));
        assert_eq!(period_range("all", today), (None, today));
    }
}
