//! The journal Flyt keeps for the accounting program: a chart of accounts per company
//! (with the SAF-T grouping of each account), the accounts each kind of posting uses,
//! and the vouchers every posting writes in its own transaction. Pure: the rules and
//! the shapes, shared with the browser.
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::core::Country;

crate::core::code::coded! {
    /// What a voucher records: the document or event it was posted from.
    pub enum SourceKind {
        Invoice = "invoice" => Invoice,
        CreditNote = "credit_note" => CreditNote,
        Payment = "payment" => KindPayment,
        Writeoff = "writeoff" => WrittenOff,
        SupplierInvoice = "supplier_invoice" => SupplierInvoiceKind,
        SupplierPayment = "supplier_payment" => SupplierPaymentKind,
        OpeningBalance = "opening_balance" => OpeningBalance,
        GoodsReceipt = "goods_receipt" => GoodsReceipt,
        Delivery = "delivery" => Delivery,
        StockAdjustment = "stock_adjustment" => KindAdjustment,
        StockCount = "stock_count" => KindCount,
        Reversal = "reversal" => Reversal,
        ReminderFee = "reminder_fee" => ReminderFee,
    }
}

impl SourceKind {
    /// The voucher series: F for sales invoices and credit notes, I for what comes in
    /// from customers (payments and what is written off against them), L for supplier
    /// invoices and credit notes, U for what is paid out to suppliers, V for the
    /// stock's value as goods come in and go out (perpetual inventory), K for the
    /// reversals of vouchers that no document corrects.
    pub fn series(self) -> &'static str {
        match self {
            SourceKind::Invoice | SourceKind::CreditNote => "F",
            SourceKind::Payment | SourceKind::Writeoff => "I",
            SourceKind::SupplierInvoice => "L",
            SourceKind::SupplierPayment => "U",
            SourceKind::OpeningBalance => "IB",
            SourceKind::GoodsReceipt | SourceKind::Delivery | SourceKind::StockAdjustment | SourceKind::StockCount => "V",
            SourceKind::Reversal => "K",
            SourceKind::ReminderFee => "R",
        }
    }
    /// Whether a voucher of this kind is corrected by reversing it. A document's
    /// voucher is corrected through the document (a credit note, a count, a payment
    /// matched elsewhere), so the journal stays equal to the documents; an opening
    /// balance has no document, so its correction is a reversing voucher.
    pub fn reversible(self) -> bool {
        self == SourceKind::OpeningBalance
    }
}

/// Which register a voucher's party line belongs to: receivables or payables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Customer,
    Supplier,
}

impl SourceKind {
    /// The register of the customer or supplier on the voucher's party lines.
    pub fn party_side(self) -> Side {
        match self {
            // an opening balance and the stock's vouchers name no party: their side is never asked
            SourceKind::Invoice
            | SourceKind::CreditNote
            | SourceKind::Payment
            | SourceKind::Writeoff
            | SourceKind::OpeningBalance
            | SourceKind::GoodsReceipt
            | SourceKind::Delivery
            | SourceKind::StockAdjustment
            | SourceKind::StockCount
            | SourceKind::Reversal
            | SourceKind::ReminderFee => Side::Customer,
            SourceKind::SupplierInvoice | SourceKind::SupplierPayment => Side::Supplier,
        }
    }
}

/// The name of a voucher series (the journals of the exports), in Norwegian as the
/// SAF-T file and in Swedish as the SIE file is read.
pub fn series_name(series: &str, lang: crate::core::Lang) -> &'static str {
    use crate::core::Lang;
    match (series, lang) {
        ("F", Lang::Sv) => "Kundfakturor och kreditnotor",
        ("F", _) => "Utgående fakturaer og kreditnotaer",
        ("I", Lang::Sv) => "Kundinbetalningar och avskrivningar",
        ("I", _) => "Innbetalinger og tap på fordringer",
        ("L", Lang::Sv) => "Leverantörsfakturor",
        ("L", _) => "Inngående fakturaer",
        ("U", Lang::Sv) => "Leverantörsbetalningar",
        ("U", _) => "Utbetalinger til leverandører",
        ("IB", Lang::Sv) => "Ingående balanser",
        ("IB", _) => "Inngående balanser",
        ("V", Lang::Sv) => "Lagerförändringar",
        ("V", _) => "Lagerbevegelser",
        ("R", Lang::Sv) => "Påminnelseavgifter",
        ("R", _) => "Purregebyr",
        ("K", Lang::Sv) => "Rättelser",
        ("K", _) => "Korreksjoner",
        (_, Lang::Sv) => "Verifikationer",
        _ => "Bilag",
    }
}

/// Whether an account is a result account (classes 3–8 in both NS 4102 and BAS):
/// its balance starts from zero each year. Classes 1–2 are balance accounts.
pub fn is_result_account(number: &str) -> bool {
    matches!(number.chars().next(), Some('3'..='8'))
}

/// The most lines an opening balance file may have: more accounts than a chart has.
pub const MAX_OPENING_LINES: usize = 5_000;

/// Reads opening balances from CSV (`;`, `,` or tab separated, a header line): the
/// columns `account` and `amount` (debit positive, credit negative), or `account`,
/// `debit` and `credit`. An account given twice is summed. The balances must add up to
/// zero. Answers the accounts with their balances, or each line's fault.
pub fn opening_balances(text: &str) -> Result<Vec<(String, Decimal)>, Vec<(usize, String)>> {
    use crate::core::format::parse_amount;
    use crate::core::Lang;
    let table = crate::core::csv::parse(text).map_err(|e| vec![(0, e)])?;
    let signed = table.headers.iter().any(|h| h == "amount");
    table.require(if signed { &["account", "amount"][..] } else { &["account", "debit", "credit"][..] }).map_err(|e| vec![(1, e)])?;
    if table.rows.len() > MAX_OPENING_LINES {
        return Err(vec![(0, format!("The file has {} lines; at most {MAX_OPENING_LINES} balances can be imported at once", table.rows.len()))]);
    }
    // files use the Nordic rule: a comma or a point is the decimal mark
    let amount = |v: &str| -> Result<Decimal, String> {
        if v.trim().is_empty() {
            return Ok(Decimal::ZERO);
        }
        let d = parse_amount(v, Lang::Nb)?;
        if d.round_dp(2) != d {
            return Err(format!("{} is not in whole cents", v.trim()));
        }
        Ok(d)
    };
    let (mut out, mut errors): (Vec<(String, Decimal)>, Vec<(usize, String)>) = (Vec::new(), Vec::new());
    for (line, row) in &table.rows {
        let account = table.get(row, "account").trim();
        let value =
            if signed { amount(table.get(row, "amount")) } else { amount(table.get(row, "debit")).and_then(|d| Ok(d - amount(table.get(row, "credit"))?)) };
        match (account, value) {
            ("", _) => errors.push((*line, "Give the account".into())),
            (_, Err(e)) => errors.push((*line, e)),
            (a, Ok(v)) => match out.iter_mut().find(|(x, _)| x == a) {
                Some((_, sum)) => *sum += v,
                None => out.push((a.to_string(), v)),
            },
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let total: Decimal = out.iter().map(|(_, v)| *v).sum();
    if !total.is_zero() {
        let debits: Decimal = out.iter().map(|(_, v)| (*v).max(Decimal::ZERO)).sum();
        return Err(vec![(0, format!("The balances do not add up to zero: debits {debits}, credits {} (difference {total})", debits - total))]);
    }
    out.retain(|(_, v)| !v.is_zero());
    if out.is_empty() {
        return Err(vec![(0, "The file has no balances".into())]);
    }
    Ok(out)
}

/// What a voucher line is for; the company's account map names its account. Sales
/// and VAT lines are mapped per VAT code first, then for all codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Receivables,
    Bank,
    Sales,
    VatOut,
    Writeoff,
    Rounding,
    Payables,
    VatIn,
    /// A cost line on the account its document names (not in the map).
    Cost,
    /// An opening balance on the account its file names (not in the map).
    Opening,
    /// The stock's book value (perpetual inventory).
    Inventory,
    /// The other side of the stock's value: the change in stock, part of the cost of goods.
    InventoryChange,
    /// The fees charged in reminders (no VAT).
    ReminderFee,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Receivables => "receivables",
            Role::Bank => "bank",
            Role::Sales => "sales",
            Role::VatOut => "vat_out",
            Role::Writeoff => "writeoff",
            Role::Rounding => "rounding",
            Role::Payables => "payables",
            Role::VatIn => "vat_in",
            Role::Cost => "cost",
            Role::Opening => "opening",
            Role::Inventory => "inventory",
            Role::InventoryChange => "inventory_change",
            Role::ReminderFee => "reminder_fee",
        }
    }
    pub fn label(self) -> crate::core::T {
        use crate::core::T;
        match self {
            Role::Receivables => T::Receivables,
            Role::Bank => T::BankAccount,
            Role::Sales => T::Sales,
            Role::VatOut => T::OutputVat,
            Role::Writeoff => T::WrittenOff,
            Role::Rounding => T::Rounding,
            Role::Payables => T::PayablesAccount,
            Role::VatIn => T::InputVat,
            Role::Cost => T::CostAccount,
            Role::Opening => T::OpeningBalance,
            Role::Inventory => T::InventoryAccount,
            Role::InventoryChange => T::InventoryChange,
            Role::ReminderFee => T::ReminderFee,
        }
    }
    /// The map key for a VAT code (`sales:S25`); roles without codes are their own key.
    pub fn key(self, vat_code: &str) -> String {
        if vat_code.is_empty() {
            self.code().to_string()
        } else {
            format!("{}:{vat_code}", self.code())
        }
    }
}

/// A line of a voucher to post: which role's account (or an account named by the
/// document itself, as a supplier invoice line's), debit or credit (one of them 0),
/// and what it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftLine {
    pub role: Role,
    /// The account the document names; the map's account of the role when empty.
    pub account: String,
    pub vat_code: String,
    pub debit: Decimal,
    pub credit: Decimal,
    /// The customer or supplier a receivable or payable line is on (its posting
    /// group may pick the account).
    pub party_id: Option<i64>,
    /// The item group of a sales line (empty for none): the map's `sales@GROUP`.
    pub group: String,
    /// Dimensions: the project (code) and the seller (user id) the line counts for.
    pub project_code: String,
    pub seller_id: Option<i64>,
}

/// A voucher to post: the document it comes from and its lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub kind: SourceKind,
    pub source_id: i64,
    pub source_no: String,
    pub date: NaiveDate,
    pub text: String,
    pub lines: Vec<DraftLine>,
}

/// The largest difference between debits and credits a rounding line may take.
const MAX_ROUNDING: Decimal = Decimal::ONE;

impl Draft {
    pub fn new(kind: SourceKind, source_id: i64, source_no: &str, date: NaiveDate, text: String) -> Draft {
        Draft { kind, source_id, source_no: source_no.into(), date, text, lines: Vec::new() }
    }
    /// Adds `amount` on the debit side (a negative amount goes to the credit side);
    /// zero adds nothing.
    pub fn debit(&mut self, role: Role, vat_code: &str, amount: Decimal, party_id: Option<i64>) -> &mut Draft {
        self.line(role, vat_code, amount, party_id)
    }
    /// Adds `amount` on the credit side (a negative amount goes to the debit side).
    pub fn credit(&mut self, role: Role, vat_code: &str, amount: Decimal, party_id: Option<i64>) -> &mut Draft {
        self.line(role, vat_code, -amount, party_id)
    }
    /// Adds `amount` on the debit side (a negative amount on the credit side) of an
    /// account the document names: a supplier invoice line's cost account, an opening
    /// balance's account.
    pub fn debit_account(&mut self, role: Role, account: &str, amount: Decimal) -> &mut Draft {
        self.line(role, "", amount, None);
        if let Some(l) = self.lines.last_mut().filter(|_| !amount.is_zero()) {
            l.account = account.to_string();
        }
        self
    }
    fn line(&mut self, role: Role, vat_code: &str, signed: Decimal, party_id: Option<i64>) -> &mut Draft {
        if !signed.is_zero() {
            let (debit, credit) = if signed > Decimal::ZERO { (signed, Decimal::ZERO) } else { (Decimal::ZERO, -signed) };
            self.lines.push(DraftLine {
                role,
                account: String::new(),
                vat_code: vat_code.into(),
                debit,
                credit,
                party_id,
                group: String::new(),
                project_code: String::new(),
                seller_id: None,
            });
        }
        self
    }
    /// Adds `amount` on the credit side of a role's account for an item group (the
    /// sales of one item group, which the map may send to an account of its own).
    pub fn credit_in(&mut self, role: Role, vat_code: &str, group: &str, amount: Decimal) -> &mut Draft {
        self.line(role, vat_code, -amount, None);
        if let Some(l) = self.lines.last_mut().filter(|_| !amount.is_zero()) {
            l.group = group.to_string();
        }
        self
    }
    /// Puts a project and a seller on the lines of `role` (the sales of an invoice).
    pub fn dimensions(&mut self, role: Role, project_code: &str, seller_id: Option<i64>) -> &mut Draft {
        for l in self.lines.iter_mut().filter(|l| l.role == role) {
            l.project_code = project_code.to_string();
            l.seller_id = seller_id;
        }
        self
    }
    pub fn debits(&self) -> Decimal {
        self.lines.iter().map(|l| l.debit).sum()
    }
    pub fn credits(&self) -> Decimal {
        self.lines.iter().map(|l| l.credit).sum()
    }
    /// The voucher as it is posted: amounts in whole cents, and a difference between
    /// the sides (never more than [`MAX_ROUNDING`]) on an explicit rounding line, so
    /// every voucher balances. Refuses an empty voucher and a larger difference.
    pub fn balanced(mut self) -> Result<Draft, String> {
        for l in &mut self.lines {
            if l.debit.round_dp(2) != l.debit || l.credit.round_dp(2) != l.credit {
                return Err(format!("Voucher for {}: {} is not in whole cents", self.source_no, l.debit.max(l.credit)));
            }
        }
        if self.lines.is_empty() {
            return Err(format!("Voucher for {}: nothing to post", self.source_no));
        }
        let diff = self.debits() - self.credits();
        if diff.abs() > MAX_ROUNDING {
            return Err(format!("Voucher for {} does not balance: debits {} and credits {}", self.source_no, self.debits(), self.credits()));
        }
        self.credit(Role::Rounding, "", diff, None);
        Ok(self)
    }
}

/// An account of the chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Account {
    pub number: String,
    pub name: String,
    /// SAF-T: the grouping category and code of the Norwegian næringsspesifikasjon
    /// (empty for a company that reports no SAF-T).
    pub grouping_category: String,
    pub grouping_code: String,
    pub active: bool,
}

/// An account as typed in Setup → Accounting.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInput {
    pub number: String,
    pub name: String,
    #[serde(default)]
    pub grouping_category: String,
    #[serde(default)]
    pub grouping_code: String,
    /// Checkbox: present when active.
    #[serde(default)]
    pub active: Option<String>,
}

impl AccountInput {
    /// Checks the form: a number of 4 to 8 digits, a name, the grouping as a pair.
    pub fn validate(&self) -> Result<Account, String> {
        let number = self.number.trim();
        if !(4..=8).contains(&number.len()) || !number.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("Account number '{number}': 4 to 8 digits"));
        }
        let name = crate::core::text::required("Account name", &self.name, 200)?;
        let (category, code) = (self.grouping_category.trim(), self.grouping_code.trim());
        if category.is_empty() != code.is_empty() {
            return Err(format!("Account {number}: give both the SAF-T grouping category and code, or neither"));
        }
        Ok(Account {
            number: number.into(),
            name,
            grouping_category: category.into(),
            grouping_code: code.into(),
            active: crate::core::text::flag(self.active.as_deref()),
        })
    }
}

/// An entry of the account map: which account a role (for a VAT code, or for all)
/// posts to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MapEntry {
    /// `receivables`, `sales`, `sales:S25` …
    pub key: String,
    pub account: String,
}

/// The roles every company's map must name an account for.
pub const ROLES: [Role; 11] = [
    Role::Receivables,
    Role::Bank,
    Role::Sales,
    Role::VatOut,
    Role::Writeoff,
    Role::Rounding,
    Role::Payables,
    Role::VatIn,
    Role::Inventory,
    Role::InventoryChange,
    Role::ReminderFee,
];

/// What a map key says in `lang`: `Salg – S15`, `Kundefordringer – EKSPORT`.
pub fn key_label(key: &str, lang: crate::core::Lang) -> String {
    match parse_key(key) {
        Ok(k) => {
            let mut s = lang.t(k.role.label()).to_string();
            for part in [k.vat_code, k.group].into_iter().flatten() {
                s.push_str(" – ");
                s.push_str(&part);
            }
            s
        }
        Err(_) => key.to_string(),
    }
}

/// An entry's key in the account map: a role, for one VAT code (sales and output
/// VAT) and/or one group (sales per item group; receivables and payables per the
/// customer's or supplier's posting group).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapKey {
    pub role: Role,
    pub vat_code: Option<String>,
    pub group: Option<String>,
}

impl MapKey {
    /// As stored: `sales`, `sales:S25`, `sales@EXPORT`, `sales:S25@EXPORT`.
    pub fn key(&self) -> String {
        let mut k = self.role.key(self.vat_code.as_deref().unwrap_or(""));
        if let Some(g) = &self.group {
            k.push('@');
            k.push_str(g);
        }
        k
    }
}

/// Reads a map key (see [`MapKey::key`]); a group is read as [`crate::core::text::group_code`].
pub fn parse_key(key: &str) -> Result<MapKey, String> {
    let (rest, group) = match key.trim().split_once('@') {
        Some((r, g)) => (r, Some(crate::core::text::group_code("Group", g)?).filter(|g| !g.is_empty())),
        None => (key.trim(), None),
    };
    let (role, code) = match rest.split_once(':') {
        Some((r, c)) => (r, Some(c.trim())),
        None => (rest, None),
    };
    let role = ROLES.into_iter().find(|r| r.code() == role).ok_or_else(|| format!("Unknown posting role '{role}'"))?;
    match code {
        Some(_) if !matches!(role, Role::Sales | Role::VatOut) => return Err(format!("{} has one account for every VAT code", role.code())),
        Some("") => return Err(format!("Give the VAT code after '{}:'", role.code())),
        _ => {}
    }
    if key.contains('@') && group.is_none() {
        return Err(format!("Give the group after '{}@'", rest));
    }
    if group.is_some() && !matches!(role, Role::Sales | Role::Receivables | Role::Payables) {
        return Err(format!("{} has one account for every group (groups pick sales, receivables and payables accounts)", role.code()));
    }
    Ok(MapKey { role, vat_code: code.map(str::to_string), group })
}

/// A line of a posted voucher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VoucherLine {
    pub line_no: i64,
    pub account: String,
    pub account_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub debit: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub credit: Decimal,
    pub vat_code: String,
    /// The customer's or supplier's number on a receivable or payable line.
    pub party_no: String,
    /// Dimensions: the project's code, the seller's user id and name (empty / none).
    #[serde(default)]
    pub project_code: String,
    #[serde(default)]
    pub seller_id: Option<i64>,
    #[serde(default)]
    pub seller_name: String,
}

/// A posted voucher: its series and number (gapless per series and year), its date,
/// the document it records and its lines. Never changed; a correction is a
/// reversing voucher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Voucher {
    pub series: String,
    pub year: i32,
    pub number: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub text: String,
    pub source_kind: SourceKind,
    /// The id of the document it records (a supplier invoice's page is by id).
    pub source_id: i64,
    pub source_no: String,
    pub lines: Vec<VoucherLine>,
}

impl Voucher {
    /// `F-2026-17`: series, year and number.
    pub fn id(&self) -> String {
        format!("{}-{}-{}", self.series, self.year, self.number)
    }
    /// Where the document it records is shown.
    pub fn source_href(&self) -> Option<String> {
        match self.source_kind {
            SourceKind::Invoice => Some(format!("/receivables/invoices/{}", self.source_no)),
            SourceKind::CreditNote => Some(format!("/receivables/credit-notes/{}", self.source_no)),
            SourceKind::ReminderFee => Some(format!("/receivables/invoices/{}", self.source_no)),
            SourceKind::SupplierInvoice | SourceKind::SupplierPayment => Some(format!("/purchasing/invoices/{}", self.source_id)),
            SourceKind::GoodsReceipt if !self.source_no.is_empty() => Some(format!("/purchasing/orders/{}", self.source_no)),
            SourceKind::Delivery if !self.source_no.is_empty() => Some(format!("/sales/orders/{}", self.source_no)),
            SourceKind::StockAdjustment if !self.source_no.is_empty() => Some(format!("/stock/items/{}", self.source_no)),
            SourceKind::StockCount => Some(format!("/stock/counts/{}", self.source_id)),
            SourceKind::Payment
            | SourceKind::Writeoff
            | SourceKind::OpeningBalance
            | SourceKind::GoodsReceipt
            | SourceKind::Delivery
            | SourceKind::StockAdjustment
            | SourceKind::Reversal => None,
        }
    }
}

impl VoucherLine {
    /// The line's project and seller as shown: `PRJ-7 · Kari Nordmann`.
    pub fn dimensions(&self) -> String {
        [self.project_code.as_str(), self.seller_name.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")
    }
}

/// A voucher's id as shown (`IB-2025-1`): (series, year, number).
pub fn parse_voucher_id(id: &str) -> Result<(String, i32, i64), String> {
    let bad = || format!("'{}' is not a voucher (series-year-number, e.g. IB-2025-1)", id.trim());
    let mut parts = id.trim().rsplitn(3, '-');
    let (number, year, series) = (parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?);
    let (year, number) = (year.parse::<i32>().map_err(|_| bad())?, number.parse::<i64>().map_err(|_| bad())?);
    if series.is_empty() || !series.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(bad());
    }
    Ok((series.to_string(), year, number))
}

impl Voucher {
    /// The voucher that reverses this one on `date`: every line on its own account with
    /// debit and credit swapped. Only a voucher no document corrects can be reversed,
    /// and not before its own date.
    pub fn reversal(&self, date: NaiveDate, text: String) -> Result<Draft, String> {
        if !self.source_kind.reversible() {
            return Err(format!(
                "Voucher {} records a document: correct it through the document (a credit note, a stock count, a payment's own correction)",
                self.id()
            ));
        }
        if date < self.date {
            return Err(format!("A reversal is dated on or after the voucher it reverses ({})", self.date));
        }
        let mut d = Draft::new(SourceKind::Reversal, 0, &self.id(), date, text);
        for l in &self.lines {
            d.debit_account(Role::Opening, &l.account, l.credit - l.debit);
        }
        Ok(d)
    }
}

/// An account's movement in a period, with what it held before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TrialRow {
    pub account: String,
    pub name: String,
    /// Debit positive, credit negative.
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub opening: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub debit: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub credit: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub closing: Decimal,
}

/// The output VAT of a VAT code in a period, as the journal has it: the basis (the
/// sales lines of the code) and the VAT (its VAT lines), credit positive — the figures
/// of the VAT return.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VatRow {
    pub vat_code: String,
    pub name: String,
    pub rate_bp: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub base: Decimal,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub vat: Decimal,
}

/// The VAT of a period as the return needs it: output VAT per code, the input VAT to
/// deduct (purchase lines carry a rate, not a code, so it is one sum), and the balance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatReport {
    pub output: Vec<VatRow>,
    pub input: Decimal,
}

impl VatReport {
    pub fn output_vat(&self) -> Decimal {
        self.output.iter().map(|r| r.vat).sum()
    }
    /// Output less input: to pay when positive, to get back when negative.
    pub fn balance(&self) -> Decimal {
        self.output_vat() - self.input
    }
}

/// A seeded account: (number, name, SAF-T grouping category, grouping code).
pub type ChartAccount = (&'static str, &'static str, &'static str, &'static str);

/// The accounts a new company starts with: the Norwegian standard chart (NS 4102)
/// with each account's grouping in the næringsspesifikasjon (SAF-T 1.30), or the
/// Swedish BAS chart; the accounts Flyt posts to, and the ones around them an
/// accountant expects to find.
pub fn chart(country: Country) -> &'static [ChartAccount] {
    const B: &str = "balanseverdiForOmloepsmiddel";
    const G: &str = "kortsiktigGjeld";
    const S: &str = "salgsinntekt";
    const V: &str = "varekostnad";
    const K: &str = "annenDriftskostnad";
    match country {
        Country::SE => &[
            ("1460", "Lager av handelsvaror", "", ""),
            ("1510", "Kundfordringar", "", ""),
            ("1930", "Företagskonto", "", ""),
            ("2099", "Årets resultat", "", ""),
            ("2440", "Leverantörsskulder", "", ""),
            ("2611", "Utgående moms 25 %", "", ""),
            ("2621", "Utgående moms 12 %", "", ""),
            ("2631", "Utgående moms 6 %", "", ""),
            ("2641", "Debiterad ingående moms", "", ""),
            ("3001", "Försäljning inom Sverige, 25 % moms", "", ""),
            ("3002", "Försäljning inom Sverige, 12 % moms", "", ""),
            ("3003", "Försäljning inom Sverige, 6 % moms", "", ""),
            ("3004", "Försäljning inom Sverige, momsfri", "", ""),
            ("3740", "Öres- och kronutjämning", "", ""),
            ("3900", "Övriga rörelseintäkter", "", ""),
            ("4000", "Inköp av varor från Sverige", "", ""),
            ("4960", "Förändring av lager av handelsvaror", "", ""),
            ("4990", "Förändring av lager", "", ""),
            ("6351", "Konstaterade förluster på kundfordringar", "", ""),
        ],
        _ => &[
            ("1460", "Innkjøpte varer for videresalg", B, "1400"),
            ("1500", "Kundefordringer", B, "1500"),
            ("1920", "Bankinnskudd", B, "1920"),
            ("2050", "Annen egenkapital", "egenkapital", "2050"),
            ("2400", "Leverandørgjeld", G, "2400"),
            ("2700", "Utgående merverdiavgift", G, "2740"),
            ("2710", "Inngående merverdiavgift", G, "2740"),
            ("2740", "Oppgjørskonto merverdiavgift", G, "2740"),
            ("3000", "Salgsinntekt, avgiftspliktig", S, "3000"),
            ("3100", "Salgsinntekt, avgiftsfri", S, "3100"),
            ("3200", "Salgsinntekt, utenfor avgiftsområdet", S, "3200"),
            ("3900", "Annen driftsrelatert inntekt", "annenDriftsinntekt", "3900"),
            ("4000", "Innkjøp av råvarer og halvfabrikata", V, "4005"),
            ("4300", "Innkjøp av varer for videresalg", V, "4005"),
            ("4390", "Beholdningsendring", V, "4005"),
            ("7790", "Annen kostnad, øreavrunding", K, "7700"),
            ("7830", "Tap på fordringer", K, "7830"),
        ],
    }
}

/// The accounts each role posts to in a new company: (map key, account). Sales and
/// VAT per VAT code where the country's codes differ, else for all codes.
pub fn default_map(country: Country) -> &'static [(&'static str, &'static str)] {
    match country {
        Country::SE => &[
            ("receivables", "1510"),
            ("bank", "1930"),
            ("writeoff", "6351"),
            ("rounding", "3740"),
            ("sales", "3001"),
            ("sales:S12", "3002"),
            ("sales:S6", "3003"),
            ("sales:Z0", "3004"),
            ("sales:E0", "3004"),
            ("vat_out", "2611"),
            ("payables", "2440"),
            ("vat_in", "2641"),
            ("vat_out:S12", "2621"),
            ("vat_out:S6", "2631"),
            ("inventory", "1460"),
            ("inventory_change", "4960"),
            ("reminder_fee", "3900"),
        ],
        _ => &[
            ("receivables", "1500"),
            ("bank", "1920"),
            ("writeoff", "7830"),
            ("rounding", "7790"),
            ("sales", "3000"),
            ("sales:Z0", "3100"),
            ("sales:E0", "3200"),
            ("vat_out", "2700"),
            ("payables", "2400"),
            ("vat_in", "2710"),
            ("inventory", "1460"),
            ("inventory_change", "4390"),
            ("reminder_fee", "3900"),
        ],
    }
}

/// The SAF-T standard tax code of a Norwegian company's seeded VAT code (output VAT
/// at the regular, middle and low rate; zero-rated; outside the VAT act).
pub fn standard_tax_code(vat_code: &str) -> Option<&'static str> {
    Some(match vat_code {
        "S25" => "3",
        "S15" => "31",
        "S12" => "33",
        "Z0" => "5",
        "E0" => "6",
        _ => return None,
    })
}

/// The year a voucher dated `date` is numbered in.
pub fn voucher_year(date: NaiveDate) -> i32 {
    use chrono::Datelike;
    date.year()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 3).unwrap()
    }

    #[test]
    fn opening_balances_are_read_in_either_layout_and_must_add_up() {
        let signed = "account;amount\n1920;10 000,50\n1500;2500\n2050;-12500.00\n1920;-0,50\n";
        assert_eq!(opening_balances(signed).unwrap(), vec![("1920".into(), d("10000")), ("1500".into(), d("2500")), ("2050".into(), d("-12500"))]);
        let sides = "Account,Debit,Credit\n1920,100,\n2400,,40\n2050,,60\n";
        assert_eq!(opening_balances(sides).unwrap(), vec![("1920".into(), d("100")), ("2400".into(), d("-40")), ("2050".into(), d("-60"))]);
        // what is wrong is named by line; nothing is read from a file with faults
        let bad = "account;amount\n1920;ti kroner\n;5\n1500;1,005\n";
        let e = opening_balances(bad).unwrap_err();
        assert_eq!(e.iter().map(|(l, _)| *l).collect::<Vec<_>>(), vec![2, 3, 4], "{e:?}");
        assert!(e[2].1.contains("whole cents"), "{e:?}");
        let e = opening_balances("account;amount\n1920;100\n2050;-99\n").unwrap_err();
        assert!(e[0].1.contains("do not add up to zero") && e[0].1.contains("difference 1"), "{e:?}");
        assert!(opening_balances("konto;saldo\n1920;1\n").unwrap_err()[0].1.contains("account"));
        assert!(opening_balances("account;amount\n1920;0\n").unwrap_err()[0].1.contains("no balances"));
    }

    #[test]
    fn a_voucher_balances_or_is_refused() {
        let mut v = Draft::new(SourceKind::Invoice, 1, "10001", day(), "Faktura 10001".into());
        v.debit(Role::Receivables, "", d("125"), Some(7)).credit(Role::Sales, "S25", d("100"), None).credit(Role::VatOut, "S25", d("25"), None);
        let v = v.balanced().unwrap();
        assert_eq!((v.lines.len(), v.debits(), v.credits()), (3, d("125"), d("125")));

        // a shop's total one øre off: the difference on a rounding line
        let mut r = Draft::new(SourceKind::Invoice, 2, "10002", day(), String::new());
        r.debit(Role::Receivables, "", d("100.01"), Some(7)).credit(Role::Sales, "S25", d("80"), None).credit(Role::VatOut, "S25", d("20"), None);
        let r = r.balanced().unwrap();
        assert_eq!(r.lines.last().map(|l| (l.role, l.debit, l.credit)), Some((Role::Rounding, Decimal::ZERO, d("0.01"))));
        assert_eq!(r.debits(), r.credits());

        let mut far = Draft::new(SourceKind::Invoice, 3, "10003", day(), String::new());
        far.debit(Role::Receivables, "", d("125"), None).credit(Role::Sales, "S25", d("100"), None);
        assert!(far.balanced().unwrap_err().contains("does not balance"));
        assert!(Draft::new(SourceKind::Payment, 4, "4", day(), String::new()).balanced().unwrap_err().contains("nothing to post"));
        let mut cents = Draft::new(SourceKind::Payment, 5, "5", day(), String::new());
        cents.debit(Role::Bank, "", d("1.005"), None).credit(Role::Receivables, "", d("1.005"), None);
        assert!(cents.balanced().unwrap_err().contains("whole cents"));
    }

    #[test]
    fn an_account_is_checked_as_typed() {
        let ok = AccountInput { number: " 3010 ".into(), name: "Salg".into(), active: Some("on".into()), ..Default::default() };
        assert_eq!(ok.validate().map(|a| (a.number, a.active)), Ok(("3010".to_string(), true)));
        assert!(AccountInput { number: "30".into(), ..ok.clone() }.validate().unwrap_err().contains("4 to 8 digits"));
        assert!(AccountInput { number: "30a0".into(), ..ok.clone() }.validate().is_err());
        assert!(AccountInput { grouping_category: "salgsinntekt".into(), ..ok.clone() }.validate().unwrap_err().contains("both"));
        assert!(AccountInput { name: " ".into(), ..ok }.validate().is_err());
    }

    #[test]
    fn negative_amounts_change_sides_and_zero_adds_nothing() {
        let mut v = Draft::new(SourceKind::CreditNote, 1, "10004", day(), String::new());
        v.debit(Role::Receivables, "", d("-50"), None).credit(Role::Sales, "S25", Decimal::ZERO, None);
        assert_eq!(
            v.lines,
            vec![DraftLine {
                role: Role::Receivables,
                account: String::new(),
                vat_code: String::new(),
                debit: Decimal::ZERO,
                credit: d("50"),
                party_id: None,
                group: String::new(),
                project_code: String::new(),
                seller_id: None
            }]
        );
    }

    #[test]
    fn every_role_a_new_company_posts_to_is_an_account_of_its_chart() {
        for country in [Country::NO, Country::SE] {
            let numbers: Vec<&str> = chart(country).iter().map(|a| a.0).collect();
            for (key, account) in default_map(country) {
                assert!(numbers.contains(account), "{country:?}: {key} → {account}");
            }
            for role in [Role::Receivables, Role::Bank, Role::Sales, Role::VatOut, Role::Writeoff, Role::Rounding] {
                assert!(default_map(country).iter().any(|(k, _)| *k == role.code()), "{country:?}: {role:?} has no default");
            }
        }
        assert!(chart(Country::NO).iter().all(|a| !a.2.is_empty() && !a.3.is_empty()), "every Norwegian account has its SAF-T grouping");
        for (code, ..) in Country::NO.default_vat_codes() {
            assert!(standard_tax_code(code).is_some(), "{code} has a SAF-T standard tax code");
        }
        assert_eq!(Role::Sales.key("S25"), "sales:S25");
        let key = |role, code: Option<&str>, group: Option<&str>| MapKey { role, vat_code: code.map(Into::into), group: group.map(Into::into) };
        assert_eq!(parse_key("sales:S25"), Ok(key(Role::Sales, Some("S25"), None)));
        assert_eq!(parse_key("bank"), Ok(key(Role::Bank, None, None)));
        assert_eq!(parse_key("sales:S25@export"), Ok(key(Role::Sales, Some("S25"), Some("EXPORT"))));
        assert_eq!(parse_key(" receivables@Konsern "), Ok(key(Role::Receivables, None, Some("KONSERN"))));
        assert_eq!(parse_key("sales:S25@export").unwrap().key(), "sales:S25@EXPORT");
        assert_eq!(parse_key("payables@UTL").unwrap().key(), "payables@UTL");
        assert!(parse_key("bank:S25").is_err() && parse_key("salary").is_err() && parse_key("sales:").is_err());
        assert!(parse_key("bank@X").unwrap_err().contains("every group"));
        assert!(parse_key("vat_out:S25@X").unwrap_err().contains("every group"));
        assert!(parse_key("sales@").unwrap_err().contains("after 'sales@'"));
        assert!(parse_key("sales@a:b").unwrap_err().contains("only letters"));
        assert_eq!(Role::Bank.key(""), "bank");
    }

    #[test]
    fn voucher_ids_parse_and_refuse_what_is_not_one() {
        assert_eq!(parse_voucher_id(" IB-2025-1 "), Ok(("IB".into(), 2025, 1)));
        assert_eq!(parse_voucher_id("F-2026-117"), Ok(("F".into(), 2026, 117)));
        for bad in ["", "IB-2025", "IB-x-1", "IB-2025-one", "-2025-1", "I B-2025-1"] {
            assert!(parse_voucher_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_reversal_swaps_every_line_and_only_for_what_no_document_corrects() {
        let line = |account: &str, debit: i64, credit: i64| VoucherLine {
            line_no: 1,
            account: account.into(),
            account_name: String::new(),
            vat_code: String::new(),
            party_no: String::new(),
            project_code: String::new(),
            seller_id: None,
            seller_name: String::new(),
            debit: Decimal::from(debit),
            credit: Decimal::from(credit),
        };
        let ib = Voucher {
            series: "IB".into(),
            year: 2025,
            number: 1,
            date: day(),
            text: String::new(),
            source_kind: SourceKind::OpeningBalance,
            source_id: 0,
            source_no: "IB".into(),
            lines: vec![line("1920", 100, 0), line("2050", 0, 100)],
        };
        let r = ib.reversal(day(), "Tilbakeføring".into()).unwrap().balanced().unwrap();
        assert_eq!((r.kind, r.kind.series(), r.source_no.as_str()), (SourceKind::Reversal, "K", "IB-2025-1"));
        let sides: Vec<(&str, Decimal, Decimal)> = r.lines.iter().map(|l| (l.account.as_str(), l.debit, l.credit)).collect();
        assert_eq!(sides, vec![("1920", Decimal::ZERO, Decimal::from(100)), ("2050", Decimal::from(100), Decimal::ZERO)]);
        assert!(ib.reversal(day().pred_opt().unwrap(), String::new()).unwrap_err().contains("on or after"));
        let invoice = Voucher { series: "F".into(), source_kind: SourceKind::Invoice, ..ib.clone() };
        assert!(invoice.reversal(day(), String::new()).unwrap_err().contains("through the document"));
        assert!(!SourceKind::Reversal.reversible());
    }
}
