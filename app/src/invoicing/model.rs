//! Invoices and credit notes: the rules, pure and shared with the browser. A posted
//! invoice never changes; what happens to it afterwards (payments, credit notes,
//! write-offs) is recorded beside it and its status is computed from those.
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::core::checkdigit::{mod10_digit, mod11_digit};
use crate::core::document::DocLine;
use crate::core::lines::{LineInput, Totals};

/// How the company builds the KID (customer identification) of its invoices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KidMethod {
    None,
    #[default]
    Mod10,
    Mod11,
}

impl KidMethod {
    pub const ALL: [KidMethod; 3] = [KidMethod::Mod10, KidMethod::Mod11, KidMethod::None];
    pub fn code(self) -> &'static str {
        match self {
            KidMethod::None => "none",
            KidMethod::Mod10 => "mod10",
            KidMethod::Mod11 => "mod11",
        }
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        match s.trim() {
            "none" => Ok(KidMethod::None),
            "mod10" => Ok(KidMethod::Mod10),
            "mod11" => Ok(KidMethod::Mod11),
            other => Err(format!("Unknown KID method '{other}': use none, mod10 or mod11")),
        }
    }
}

/// Digits of the invoice number in the KID (right-aligned, zero-padded).
pub const KID_INVOICE_DIGITS: usize = 8;

/// The KID of an invoice: the customer number (its last digits) and the invoice
/// number (8 digits) zero-padded to `length − 1` digits, then the check digit.
/// Two invoices never share a KID, since their invoice numbers differ. MOD11 gives
/// no valid digit for one base in eleven ('-'); such a base must not be issued, so
/// its customer part begins with 9 instead (still unique by the invoice part).
pub fn kid(method: KidMethod, length: usize, customer_no: &str, invoice_no: &str) -> Result<String, String> {
    if method == KidMethod::None {
        return Ok(String::new());
    }
    if !(10..=25).contains(&length) {
        return Err(format!("KID length must be 10 to 25 digits (is {length})"));
    }
    let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
    let inv = digits(invoice_no);
    if inv.is_empty() || inv.len() > KID_INVOICE_DIGITS {
        return Err(format!("Invoice number '{invoice_no}' cannot be put in a KID: it needs 1 to {KID_INVOICE_DIGITS} digits"));
    }
    let width = length - 1 - KID_INVOICE_DIGITS;
    let cust = digits(customer_no);
    let cust = &cust[cust.len().saturating_sub(width)..];
    let mut base = format!("{cust:0>width$}{inv:0>KID_INVOICE_DIGITS$}");
    let digit = match method {
        KidMethod::Mod10 => mod10_digit(&base),
        _ => match mod11_digit(&base).flatten() {
            Some(d) => Some(d),
            None => {
                base.replace_range(0..1, "9");
                mod11_digit(&base).flatten()
            }
        },
    };
    let digit = digit.ok_or_else(|| format!("No KID check digit for '{base}'"))?;
    Ok(format!("{base}{digit}"))
}

/// Is this a well-formed KID of the method (digits and a right check digit)?
pub fn kid_valid(method: KidMethod, kid: &str) -> bool {
    if kid.len() < 2 || !kid.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let (base, check) = kid.split_at(kid.len() - 1);
    let want = match method {
        KidMethod::None => return false,
        KidMethod::Mod10 => mod10_digit(base),
        KidMethod::Mod11 => mod11_digit(base).flatten(),
    };
    want.map(|d| d.to_string()) == Some(check.to_string())
}

/// Due date: the invoice date plus the payment terms' days.
pub fn due_date(invoice_date: NaiveDate, days: i64) -> NaiveDate {
    invoice_date + Duration::days(days.clamp(0, 365))
}

/// The company's invoicing settings (setup → invoicing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InvoiceSettings {
    pub kid_method: KidMethod,
    pub kid_length: i64,
    /// Fee added by a reminder, in the company's currency.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub reminder_fee: Decimal,
    /// Days after the due date before the first reminder, and between reminders.
    pub reminder_days: i64,
    /// A difference up to this much left on an invoice by a payment is written off.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub writeoff_limit: Decimal,
    /// Where EHF files go for the access point: a directory, or an http(s) URL they are POSTed to. Empty: not sent.
    pub ehf_outbox: String,
}

impl Default for InvoiceSettings {
    fn default() -> Self {
        InvoiceSettings {
            kid_method: KidMethod::Mod10,
            kid_length: 15,
            reminder_fee: Decimal::ZERO,
            reminder_days: 14,
            writeoff_limit: Decimal::ZERO,
            ehf_outbox: String::new(),
        }
    }
}

impl InvoiceSettings {
    pub fn validate(&self) -> Result<InvoiceSettings, String> {
        if !(10..=25).contains(&self.kid_length) {
            return Err(format!("KID length must be 10 to 25 digits (is {})", self.kid_length));
        }
        for (label, v) in [("Reminder fee", self.reminder_fee), ("Write-off limit", self.writeoff_limit)] {
            if v < Decimal::ZERO || v.round_dp(2) != v || v > Decimal::from(100_000) {
                return Err(format!("{label}: {v} must be 0 to 100 000 with at most 2 decimals"));
            }
        }
        if !(1..=365).contains(&self.reminder_days) {
            return Err(format!("Reminder days must be 1 to 365 (is {})", self.reminder_days));
        }
        let out = self.ehf_outbox.trim().to_string();
        let absolute = out.starts_with('/') || out.starts_with("http://") || out.starts_with("https://");
        if !out.is_empty() && !absolute {
            return Err("EHF outbox: an absolute directory path or an http(s):// URL".into());
        }
        Ok(InvoiceSettings { ehf_outbox: out, ..self.clone() })
    }
    /// The settings as typed in the form (numbers as text), checked.
    pub fn parse_form(
        kid_method: &str,
        kid_length: &str,
        reminder_fee: &str,
        reminder_days: &str,
        writeoff_limit: &str,
        ehf_outbox: &str,
    ) -> Result<InvoiceSettings, String> {
        let int = |label: &str, v: &str| v.trim().parse::<i64>().map_err(|_| format!("{label}: '{}' is not a whole number", v.trim()));
        let dec = |label: &str, v: &str| {
            let t = v.trim().replace(' ', "").replace(',', ".");
            if t.is_empty() {
                return Ok(Decimal::ZERO);
            }
            Decimal::from_str_exact(&t).map_err(|_| format!("{label}: '{}' is not an amount", v.trim()))
        };
        InvoiceSettings {
            kid_method: KidMethod::parse(kid_method)?,
            kid_length: int("KID length", kid_length)?,
            reminder_fee: dec("Reminder fee", reminder_fee)?,
            reminder_days: int("Reminder days", reminder_days)?,
            writeoff_limit: dec("Write-off limit", writeoff_limit)?,
            ehf_outbox: ehf_outbox.into(),
        }
        .validate()
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    #[default]
    Invoice,
    CreditNote,
}

impl InvoiceKind {
    /// The kind of document the outbox sends it as.
    pub fn doc_kind(self) -> crate::outbox::model::DocKind {
        match self {
            InvoiceKind::Invoice => crate::outbox::model::DocKind::Invoice,
            InvoiceKind::CreditNote => crate::outbox::model::DocKind::CreditNote,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            InvoiceKind::Invoice => "invoice",
            InvoiceKind::CreditNote => "credit_note",
        }
    }
    /// The kind with this code; None for anything else (never a default).
    pub fn parse(s: &str) -> Option<InvoiceKind> {
        match s {
            "invoice" => Some(InvoiceKind::Invoice),
            "credit_note" => Some(InvoiceKind::CreditNote),
            _ => None,
        }
    }
}

/// Where an invoice stands, computed from its open amount and due date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Nothing left to pay.
    Settled,
    /// Open, not yet due.
    #[default]
    Open,
    Overdue,
    /// A credit note (or an overpaid invoice) not yet used: the customer's credit.
    Credit,
}

impl Standing {
    pub fn of(kind: InvoiceKind, open: Decimal, due: NaiveDate, today: NaiveDate) -> Standing {
        match (kind, open.is_zero(), open < Decimal::ZERO) {
            (_, true, _) => Standing::Settled,
            (InvoiceKind::CreditNote, _, _) | (_, _, true) => Standing::Credit,
            _ if due < today => Standing::Overdue,
            _ => Standing::Open,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Standing::Settled => "settled",
            Standing::Open => "open",
            Standing::Overdue => "overdue",
            Standing::Credit => "credit",
        }
    }
    /// What the user reads: a credit note is open credit or used.
    pub fn label(self, kind: InvoiceKind) -> crate::core::T {
        use crate::core::T;
        match (kind, self) {
            (InvoiceKind::CreditNote, Standing::Settled) => T::StCreditUsed,
            (InvoiceKind::CreditNote, _) => T::StCreditOpen,
            (_, Standing::Settled) => T::StSettled,
            (_, Standing::Overdue) => T::StOverdue,
            (_, Standing::Credit) => T::StCredit,
            (_, Standing::Open) => T::StOpen,
        }
    }
}

/// A posted invoice or credit note as shown and as the API answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Invoice {
    pub id: i64,
    pub kind: InvoiceKind,
    pub number: String,
    pub status: Standing,
    pub customer_id: i64,
    pub customer_no: String,
    pub customer_name: String,
    pub address_line: String,
    pub postcode: String,
    pub city: String,
    pub country: String,
    pub org_no: String,
    pub vat_no: String,
    pub peppol_id: String,
    pub invoice_email: String,
    pub vat_exempt_reason: String,
    pub doc_lang: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub invoice_date: NaiveDate,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub due_date: NaiveDate,
    /// When the goods or services were delivered: the last delivery's date, or the
    /// last day of the period that starts on `period_from`.
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub delivery_date: NaiveDate,
    /// A delivery period's first day (contract periods, several deliveries); none: one day.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = Date))]
    pub period_from: Option<NaiveDate>,
    pub payment_terms: String,
    pub currency: String,
    pub kid: String,
    pub your_ref: String,
    pub our_ref: String,
    /// The orders it invoices, comma separated.
    pub order_refs: String,
    pub delivery_address: String,
    /// The seller (a user of the company) the sales count for: the orders' seller, or
    /// the credited invoice's. A dimension of the sales in the journal.
    #[serde(default)]
    pub seller_id: Option<i64>,
    /// The project the sales belong to (the orders' project, or the credited
    /// invoice's); empty for none. A dimension of the sales in the journal.
    #[serde(default)]
    pub project_code: String,
    /// Credit notes: the invoice credited.
    pub credited_no: String,
    pub note: String,
    pub lines: Vec<InvoiceLine>,
    pub totals: Totals,
    /// Left to pay (invoices) or left to use (credit notes, as a negative amount).
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub open: Decimal,
    pub disputed: bool,
    pub reminder_level: i64,
    /// How it went out: ehf, email, print (empty: not yet).
    pub sent_via: String,
}

/// A line of a posted invoice: the document line, its VAT category and its source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InvoiceLine {
    #[serde(flatten)]
    pub doc: DocLine,
    /// EN 16931 VAT category (S, Z, E, AE, K, G, O).
    pub vat_category: String,
    pub order_no: String,
    /// Invoices: quantity credited so far.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub credited: Decimal,
    #[serde(skip)]
    pub order_line_id: Option<i64>,
    /// Credit notes: the invoice line credited.
    #[serde(skip)]
    pub credited_line_id: Option<i64>,
}

/// Part of a delivered order line to invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PickLine {
    pub order_no: String,
    pub line_no: i64,
    /// Empty: everything delivered and not yet invoiced.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    #[serde(default, deserialize_with = "crate::core::money::exact::option")]
    pub qty: Option<Decimal>,
}

/// A new invoice: from delivered order lines (`orders` and/or `pick`), or direct
/// with its own `lines` (no order).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InvoiceInput {
    /// Direct invoices: the customer. From orders: optional check.
    #[serde(default)]
    pub customer_no: String,
    /// Whole orders: all their delivered, not yet invoiced lines.
    #[serde(default)]
    pub orders: Vec<String>,
    /// Chosen order lines and quantities (partial invoicing).
    #[serde(default)]
    pub pick: Vec<PickLine>,
    /// A direct invoice's lines.
    #[serde(default)]
    pub lines: Vec<LineInput>,
    /// YYYY-MM-DD; empty: today.
    #[serde(default)]
    pub invoice_date: String,
    /// Empty: the order's or the customer's.
    #[serde(default)]
    pub payment_terms: String,
    #[serde(default)]
    pub your_ref: String,
    #[serde(default)]
    pub note: String,
    /// Contract invoices: the period invoiced (first and last day).
    #[serde(skip)]
    pub period: Option<(NaiveDate, NaiveDate)>,
}

/// A credit note against an invoice: every line not yet credited (empty `lines`),
/// or chosen lines and quantities.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CreditInput {
    #[serde(default)]
    pub lines: Vec<CreditLine>,
    /// YYYY-MM-DD; empty: today.
    #[serde(default)]
    pub date: String,
    /// Why (printed on the credit note).
    #[serde(default)]
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CreditLine {
    pub line_no: i64,
    /// Empty: what is not yet credited of the line.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    #[serde(default, deserialize_with = "crate::core::money::exact::option")]
    pub qty: Option<Decimal>,
}

/// A credit of `qty` on a line invoiced `invoiced` of which `credited` is credited.
pub fn check_credit(line_no: i64, qty: Decimal, invoiced: Decimal, credited: Decimal) -> Result<(), String> {
    if qty <= Decimal::ZERO {
        return Err(format!("Line {line_no}: the quantity to credit must be above 0 (got {qty})"));
    }
    if qty > invoiced - credited {
        return Err(format!("Line {line_no}: cannot credit {qty}; {} was invoiced and {credited} is already credited", invoiced));
    }
    Ok(())
}

/// A part of delivered order line to invoice: never more than delivered and not invoiced.
pub fn check_invoice_qty(what: &str, qty: Decimal, delivered: Decimal, invoiced: Decimal) -> Result<(), String> {
    let open = delivered - invoiced;
    if qty <= Decimal::ZERO {
        return Err(format!("{what}: the quantity to invoice must be above 0 (got {qty})"));
    }
    if qty > open {
        return Err(format!("{what}: cannot invoice {qty}; {delivered} delivered, {invoiced} invoiced, so {open} can be"));
    }
    Ok(())
}

impl Invoice {
    /// The event of the posted invoice or credit note, for integrations.
    pub fn event(&self, company_id: i64) -> crate::core::event::Event {
        use crate::core::event::{Event, EventKind};
        let t = crate::core::lines::totals(&self.lines.iter().map(|l| l.doc.line.clone()).collect::<Vec<_>>());
        let kind = if self.kind == InvoiceKind::CreditNote { EventKind::CreditNotePosted } else { EventKind::InvoicePosted };
        let data = serde_json::json!({
            "number": self.number, "customer_no": self.customer_no, "date": crate::core::date::iso(self.invoice_date),
            "due_date": crate::core::date::iso(self.due_date), "currency": self.currency, "net": t.net.to_string(), "vat": t.vat_total.to_string(),
            "gross": t.gross.to_string(), "kid": self.kid, "credited_invoice": self.credited_no, "orders": self.order_refs,
        });
        Event::new(company_id, kind, &self.number, data)
    }

    /// The voucher of the posted invoice (id `id`): the customer's receivable against
    /// sales per VAT code and item group and output VAT per VAT code — a credit note
    /// the other way round — from the same totals the invoice prints (a code's last
    /// item group takes what rounding the code's base leaves, so the sales lines add
    /// up to the printed base exactly).
    pub fn voucher(&self, id: i64) -> crate::accounting::model::Draft {
        use crate::accounting::model::{Draft, Role, SourceKind};
        let t = crate::core::lines::totals(&self.lines.iter().map(|l| l.doc.line.clone()).collect::<Vec<_>>());
        let (kind, sign) = match self.kind {
            InvoiceKind::Invoice => (SourceKind::Invoice, Decimal::ONE),
            InvoiceKind::CreditNote => (SourceKind::CreditNote, Decimal::NEGATIVE_ONE),
        };
        let mut d = Draft::new(kind, id, &self.number, self.invoice_date, format!("{} {}", self.number, self.customer_name));
        d.debit(Role::Receivables, "", t.gross * sign, Some(self.customer_id));
        for v in &t.vat {
            let mut groups: Vec<(&str, Decimal)> = Vec::new();
            for l in self.lines.iter().map(|l| (&l.doc.line, l.doc.item_group.as_str())) {
                if l.0.kind != crate::core::lines::LineKind::Item || l.0.vat_code != v.vat_code || l.0.vat_rate != v.rate {
                    continue;
                }
                match groups.iter_mut().find(|g| g.0 == l.1) {
                    Some(g) => g.1 += l.0.net,
                    None => groups.push((l.1, l.0.net)),
                }
            }
            let mut left = v.base;
            let last = groups.len().saturating_sub(1);
            for (i, (group, net)) in groups.into_iter().enumerate() {
                let amount = if i == last { left } else { crate::core::money::cents(net) };
                left -= amount;
                d.credit_in(Role::Sales, &v.vat_code, group, amount * sign);
            }
            d.credit(Role::VatOut, &v.vat_code, v.vat * sign, None);
        }
        d.dimensions(Role::Sales, &self.project_code, self.seller_id);
        d
    }
}

/// A row of the invoice list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InvoiceRow {
    pub id: i64,
    pub kind: InvoiceKind,
    pub number: String,
    pub customer_no: String,
    pub customer_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub invoice_date: NaiveDate,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub due_date: NaiveDate,
    pub currency: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub gross: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub open: Decimal,
    pub disputed: bool,
    pub reminder_level: i64,
}

/// Delivered, not yet invoiced order lines: the invoice basis.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BasisLine {
    pub order_no: String,
    pub customer_no: String,
    pub customer_name: String,
    pub collective: bool,
    pub line_no: i64,
    pub item_no: String,
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub qty: Decimal,
    pub unit: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
}

crate::core::code::coded! {
    /// How often a contract is invoiced.
    #[derive(Default)]
    pub enum Period {
        #[default]
        Month = "month" => Month,
        Quarter = "quarter" => Quarter,
        Year = "year" => Year,
    }
}

impl Period {
    pub fn months(self) -> u32 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::Year => 12,
        }
    }
}

/// The start of the period after the one starting on `start` (None past the calendar).
pub fn next_start(start: NaiveDate, period: Period) -> Option<NaiveDate> {
    start.checked_add_months(chrono::Months::new(period.months()))
}

/// The periods a contract is due for up to `up_to`: every period start from `next`
/// on that is on or before `up_to` and before the contract's end.
pub fn due_periods(next: NaiveDate, end: Option<NaiveDate>, up_to: NaiveDate, period: Period) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut at = next;
    while at <= up_to && end.is_none_or(|e| at <= e) && out.len() < 1200 {
        out.push(at);
        match next_start(at, period) {
            Some(n) => at = n,
            None => break,
        }
    }
    out
}

/// A line of a contract: an item, how many each period, and its price (empty: the
/// customer's price on the invoice date).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractLine {
    pub item_no: String,
    #[serde(default)]
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    #[serde(deserialize_with = "crate::core::money::exact::decimal")]
    pub qty: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    #[serde(default, deserialize_with = "crate::core::money::exact::option")]
    pub unit_price: Option<Decimal>,
}

/// A contract as entered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractInput {
    pub customer_no: String,
    pub description: String,
    /// month, quarter or year.
    pub period: String,
    /// YYYY-MM-DD: the first period starts here.
    pub start_date: String,
    /// YYYY-MM-DD, empty: no end. No period starts after it.
    #[serde(default)]
    pub end_date: String,
    #[serde(default)]
    pub your_ref: String,
    pub lines: Vec<ContractLine>,
}

impl ContractInput {
    /// Checks the contract: (period, start, end).
    pub fn check(&self) -> Result<(Period, NaiveDate, Option<NaiveDate>), String> {
        if self.description.trim().is_empty() || self.description.len() > 200 {
            return Err("Give the contract a description (up to 200 characters)".into());
        }
        let period = Period::parse(self.period.trim()).ok_or_else(|| format!("Period '{}': use month, quarter or year", self.period))?;
        let date = crate::core::date::parse_iso;
        let start = date("Start", &self.start_date)?;
        let end = if self.end_date.trim().is_empty() { None } else { Some(date("End", &self.end_date)?) };
        if end.is_some_and(|e| e < start) {
            return Err("The contract ends before it starts".into());
        }
        if self.lines.is_empty() {
            return Err("A contract needs at least one line".into());
        }
        for (i, l) in self.lines.iter().enumerate() {
            if l.item_no.trim().is_empty() {
                return Err(format!("Line {}: choose an item", i + 1));
            }
            crate::core::lines::check_numbers(i + 1, l.qty, l.unit_price.unwrap_or_default(), Decimal::ZERO)?;
        }
        Ok((period, start, end))
    }
}

/// A contract with its customer and the next period to invoice.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Contract {
    pub id: i64,
    pub customer_no: String,
    pub customer_name: String,
    pub description: String,
    pub period: Period,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub start_date: NaiveDate,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = Date))]
    pub end_date: Option<NaiveDate>,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub next_date: NaiveDate,
    pub active: bool,
    pub lines: Vec<ContractLine>,
}

/// One period a contract run invoiced (or could not).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContractInvoice {
    pub contract_id: i64,
    pub customer_no: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub period_start: NaiveDate,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub period_end: NaiveDate,
    pub invoice_no: String,
    pub error: String,
}

/// One sending of an invoice: by which channel, to where, when (Unix ms).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SendLog {
    pub channel: crate::core::document::Channel,
    /// The EHF file or endpoint, or the e-mail address.
    pub target: String,
    pub sent_at: i64,
}

/// An invoicing run: everything delivered and not invoiced up to now, for all
/// customers or the ones named, invoiced on `date`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InvoiceRunInput {
    /// YYYY-MM-DD; empty: today.
    #[serde(default)]
    pub date: String,
    /// Customer numbers; empty: every customer.
    #[serde(default)]
    pub customers: Vec<String>,
    #[serde(default)]
    pub preview: bool,
}

/// One invoice of a run: a customer's orders (all of them for a customer marked for
/// collective invoicing, else one order), and once posted its number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RunGroup {
    pub customer_no: String,
    pub customer_name: String,
    pub orders: Vec<String>,
    /// Net of the lines to invoice.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub net: Decimal,
    pub invoice_no: String,
    /// Why this one could not be invoiced (the rest of the run goes on).
    pub error: String,
}

/// Groups the invoice basis into the invoices of a run, oldest order first.
pub fn run_groups(basis: &[BasisLine], customers: &[String]) -> Vec<RunGroup> {
    let mut groups: Vec<RunGroup> = Vec::new();
    for b in basis.iter().filter(|b| customers.is_empty() || customers.iter().any(|c| c.trim() == b.customer_no)) {
        let found = groups.iter_mut().find(|g| g.customer_no == b.customer_no && (b.collective || g.orders.contains(&b.order_no)));
        match found {
            Some(g) => {
                if !g.orders.contains(&b.order_no) {
                    g.orders.push(b.order_no.clone());
                }
                g.net += b.net;
            }
            None => groups.push(RunGroup {
                customer_no: b.customer_no.clone(),
                customer_name: b.customer_name.clone(),
                orders: vec![b.order_no.clone()],
                net: b.net,
                ..Default::default()
            }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn the_voucher_splits_a_codes_sales_by_item_group_to_the_printed_base() {
        use crate::accounting::model::Role;
        use crate::core::lines::{Line, LineKind};
        let line = |no: i64, net: &str, code: &str, rate: &str, group: &str| InvoiceLine {
            doc: DocLine {
                line: Line { line_no: no, kind: LineKind::Item, net: d(net), vat_code: code.into(), vat_rate: d(rate), ..Default::default() },
                item_group: group.into(),
                ..Default::default()
            },
            ..Default::default()
        };
        // nets in fractions of a cent: the code's base is rounded once, and the last group takes the rest
        let inv = Invoice {
            number: "10001".into(),
            lines: vec![
                line(1, "10.004", "S25", "25", ""),
                line(2, "20.004", "S25", "25", "EXP"),
                line(3, "5", "S15", "15", "EXP"),
                line(4, "1.004", "S25", "25", ""),
            ],
            ..Default::default()
        };
        let v = inv.voucher(7);
        let sales: Vec<(String, String, Decimal)> =
            v.lines.iter().filter(|l| l.role == Role::Sales).map(|l| (l.vat_code.clone(), l.group.clone(), l.credit)).collect();
        assert_eq!(sales, vec![("S25".into(), "".into(), d("11.01")), ("S25".into(), "EXP".into(), d("20.00")), ("S15".into(), "EXP".into(), d("5.00"))]);
        assert_eq!(sales.iter().filter(|s| s.0 == "S25").map(|s| s.2).sum::<Decimal>(), d("31.01"), "S25's base as printed: 31.012 → 31.01");
        assert_eq!(v.debits(), v.credits(), "{v:?}");
    }

    #[test]
    fn kid_puts_customer_and_invoice_number_and_a_valid_check_digit() {
        let k = kid(KidMethod::Mod10, 15, "10001", "123").unwrap();
        assert_eq!(k.len(), 15);
        assert_eq!(&k[..14], "01000100000123");
        assert!(kid_valid(KidMethod::Mod10, &k));
        // the last digits of a long customer number
        let k = kid(KidMethod::Mod10, 10, "10001", "5").unwrap();
        assert_eq!(&k[..9], "100000005");
        assert!(kid(KidMethod::Mod10, 15, "10001", "F-").is_err());
        assert!(kid(KidMethod::Mod10, 15, "1", "123456789").is_err());
        assert_eq!(kid(KidMethod::None, 15, "1", "2").unwrap(), "");
    }

    #[test]
    fn mod11_never_issues_a_dash() {
        // find invoice numbers whose plain base has no MOD11 digit
        let mut moved = 0;
        for n in 1..200 {
            let k = kid(KidMethod::Mod11, 12, "42", &n.to_string()).unwrap();
            assert!(kid_valid(KidMethod::Mod11, &k), "{k}");
            assert!(k.chars().all(|c| c.is_ascii_digit()));
            if k.starts_with('9') {
                moved += 1;
            }
        }
        assert!(moved > 5, "some bases give '-' and are moved ({moved})");
    }

    #[test]
    fn standing_comes_from_open_amount_and_due_date() {
        let due = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let before = NaiveDate::from_ymd_opt(2026, 2, 20).unwrap();
        let after = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(Standing::of(InvoiceKind::Invoice, d("10"), due, before), Standing::Open);
        assert_eq!(Standing::of(InvoiceKind::Invoice, d("10"), due, due), Standing::Open);
        assert_eq!(Standing::of(InvoiceKind::Invoice, d("10"), due, after), Standing::Overdue);
        assert_eq!(Standing::of(InvoiceKind::Invoice, d("0"), due, after), Standing::Settled);
        assert_eq!(Standing::of(InvoiceKind::Invoice, d("-5"), due, after), Standing::Credit);
        assert_eq!(Standing::of(InvoiceKind::CreditNote, d("-5"), due, before), Standing::Credit);
    }

    #[test]
    fn credits_and_invoiced_quantities_are_bounded() {
        assert!(check_credit(1, d("2"), d("5"), d("3")).is_ok());
        assert!(check_credit(1, d("3"), d("5"), d("3")).unwrap_err().contains("already credited"));
        assert!(check_credit(1, d("0"), d("5"), d("0")).is_err());
        assert!(check_invoice_qty("Order 1 line 1", d("2"), d("5"), d("3")).is_ok());
        assert!(check_invoice_qty("Order 1 line 1", d("3"), d("5"), d("3")).unwrap_err().contains("so 2 can be"));
    }

    #[test]
    fn due_date_adds_the_terms() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 20).unwrap();
        assert_eq!(due_date(day, 14), NaiveDate::from_ymd_opt(2027, 1, 3).unwrap());
        assert_eq!(due_date(day, 0), day);
    }

    #[test]
    fn a_run_makes_one_invoice_per_order_or_per_collective_customer() {
        let b = |order: &str, cust: &str, collective: bool, net: &str| BasisLine {
            order_no: order.into(),
            customer_no: cust.into(),
            collective,
            net: d(net),
            ..Default::default()
        };
        let basis = vec![b("1", "A", false, "10"), b("1", "A", false, "5"), b("2", "A", false, "7"), b("3", "B", true, "1"), b("4", "B", true, "2")];
        let g = run_groups(&basis, &[]);
        let got: Vec<(&str, Vec<String>, Decimal)> = g.iter().map(|g| (g.customer_no.as_str(), g.orders.clone(), g.net)).collect();
        assert_eq!(
            got,
            vec![("A", vec!["1".to_string()], d("15")), ("A", vec!["2".to_string()], d("7")), ("B", vec!["3".to_string(), "4".to_string()], d("3"))]
        );
        assert_eq!(run_groups(&basis, &["B".to_string()]).len(), 1);
    }

    #[test]
    fn contracts_come_due_period_by_period_until_their_end() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(next_start(day("2026-01-31"), Period::Month), Some(day("2026-02-28")));
        assert_eq!(next_start(day("2026-11-01"), Period::Quarter), Some(day("2027-02-01")));
        assert_eq!(due_periods(day("2026-09-01"), None, day("2026-11-15"), Period::Month), vec![day("2026-09-01"), day("2026-10-01"), day("2026-11-01")]);
        assert_eq!(due_periods(day("2026-09-01"), Some(day("2026-10-31")), day("2026-12-15"), Period::Month).len(), 2);
        assert!(due_periods(day("2026-12-01"), None, day("2026-11-30"), Period::Year).is_empty());
        let ok = ContractInput {
            customer_no: "1".into(),
            description: "Service".into(),
            period: "month".into(),
            start_date: "2026-01-01".into(),
            lines: vec![ContractLine { item_no: "S".into(), qty: d("1"), ..Default::default() }],
            ..Default::default()
        };
        assert!(ok.check().is_ok());
        assert!(ContractInput { period: "week".into(), ..ok.clone() }.check().is_err());
        assert!(ContractInput { end_date: "2025-12-31".into(), ..ok.clone() }.check().unwrap_err().contains("before it starts"));
        assert!(ContractInput { lines: vec![], ..ok.clone() }.check().is_err());
    }

    #[test]
    fn settings_are_checked() {
        assert!(InvoiceSettings::default().validate().is_ok());
        assert!(InvoiceSettings { kid_length: 9, ..Default::default() }.validate().is_err());
        assert!(InvoiceSettings::parse_form("luhn", "15", "0", "14", "0", "").unwrap_err().contains("Unknown KID method"));
        assert!(InvoiceSettings { reminder_fee: d("-1"), ..Default::default() }.validate().is_err());
        assert!(InvoiceSettings { ehf_outbox: "relative/dir".into(), ..Default::default() }.validate().is_err());
    }
}
