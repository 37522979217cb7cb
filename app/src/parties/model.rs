//! Parties: customers, suppliers, or both. Pure rules: validation, the
//! admin-defined form (mandatory fields and their order), the change diff.
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::core::country::OrgNo;
use crate::core::{text, Country, Lang, T};

/// Which role of a party a number, list or form is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum PartyKind {
    Customer,
    Supplier,
}

impl PartyKind {
    pub const ALL: [PartyKind; 2] = [PartyKind::Customer, PartyKind::Supplier];
    pub fn code(self) -> &'static str {
        match self {
            PartyKind::Customer => "customer",
            PartyKind::Supplier => "supplier",
        }
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim()).ok_or_else(|| format!("Unknown party kind '{s}': use customer or supplier"))
    }
    pub fn label(self) -> T {
        match self {
            PartyKind::Customer => T::Customer,
            PartyKind::Supplier => T::Supplier,
        }
    }
}

/// A party as stored and shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Party {
    pub id: i64,
    pub customer_no: Option<String>,
    pub supplier_no: Option<String>,
    pub is_customer: bool,
    pub is_supplier: bool,
    pub name: String,
    pub org_no: String,
    pub vat_no: String,
    pub country: String,
    pub address_line: String,
    pub postcode: String,
    pub city: String,
    pub invoice_email: String,
    pub peppol_id: String,
    pub phone: String,
    pub web: String,
    pub payment_terms: Option<String>,
    pub delivery_terms: Option<String>,
    pub currency: String,
    pub price_list_id: Option<i64>,
    /// Discount in per cent (two decimals).
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub discount: Decimal,
    pub vat_exempt: bool,
    pub vat_exempt_reason: String,
    pub collective_invoicing: bool,
    pub no_reminders: bool,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub credit_limit: Option<Decimal>,
    pub seller_id: Option<i64>,
    pub doc_lang: String,
    pub notes: String,
    pub active: bool,
    /// The posting group (empty for none): the account map may name a receivables or
    /// payables account for it (`receivables@GROUP`).
    #[serde(default)]
    pub posting_group: String,
}

impl Party {
    /// The number shown for the party: customer number first.
    pub fn number(&self) -> String {
        self.customer_no.clone().or_else(|| self.supplier_no.clone()).unwrap_or_default()
    }
    pub fn kinds(&self) -> Vec<PartyKind> {
        let mut k = Vec::new();
        if self.is_customer {
            k.push(PartyKind::Customer);
        }
        if self.is_supplier {
            k.push(PartyKind::Supplier);
        }
        k
    }
    /// The party as form input, for edits and for PATCH (fields sent replace these).
    pub fn to_input(&self) -> PartyInput {
        let flag = |b: bool| Some(if b { "on" } else { "" }.to_string());
        PartyInput {
            is_customer: flag(self.is_customer),
            is_supplier: flag(self.is_supplier),
            name: self.name.clone(),
            org_no: self.org_no.clone(),
            vat_no: self.vat_no.clone(),
            country: self.country.clone(),
            address_line: self.address_line.clone(),
            postcode: self.postcode.clone(),
            city: self.city.clone(),
            invoice_email: self.invoice_email.clone(),
            peppol_id: self.peppol_id.clone(),
            phone: self.phone.clone(),
            web: self.web.clone(),
            payment_terms: self.payment_terms.clone().unwrap_or_default(),
            delivery_terms: self.delivery_terms.clone().unwrap_or_default(),
            currency: self.currency.clone(),
            price_list_id: self.price_list_id.map(|i| i.to_string()).unwrap_or_default(),
            discount: if self.discount.is_zero() { String::new() } else { self.discount.normalize().to_string() },
            vat_exempt: flag(self.vat_exempt),
            vat_exempt_reason: self.vat_exempt_reason.clone(),
            collective_invoicing: flag(self.collective_invoicing),
            no_reminders: flag(self.no_reminders),
            credit_limit: self.credit_limit.map(|d| d.to_string()).unwrap_or_default(),
            seller_id: self.seller_id.map(|i| i.to_string()).unwrap_or_default(),
            doc_lang: self.doc_lang.clone(),
            notes: self.notes.clone(),
            active: flag(self.active),
            posting_group: self.posting_group.clone(),
        }
    }
}

/// A party as typed in the form or sent to the API. Everything is text so that each
/// wrong value gets its own message; checkboxes are present ("on") or absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PartyInput {
    #[serde(default)]
    pub is_customer: Option<String>,
    #[serde(default)]
    pub is_supplier: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub org_no: String,
    #[serde(default)]
    pub vat_no: String,
    /// NO, SE, FI, HU or another ISO country code; the company's country when empty.
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub address_line: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub invoice_email: String,
    #[serde(default)]
    pub peppol_id: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub web: String,
    #[serde(default)]
    pub payment_terms: String,
    #[serde(default)]
    pub delivery_terms: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub price_list_id: String,
    #[serde(default)]
    pub discount: String,
    #[serde(default)]
    pub vat_exempt: Option<String>,
    #[serde(default)]
    pub vat_exempt_reason: String,
    #[serde(default)]
    pub collective_invoicing: Option<String>,
    #[serde(default)]
    pub no_reminders: Option<String>,
    #[serde(default)]
    pub credit_limit: String,
    #[serde(default)]
    pub seller_id: String,
    #[serde(default)]
    pub doc_lang: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub active: Option<String>,
    #[serde(default)]
    pub posting_group: String,
}

/// The optional fields an admin can make mandatory and order in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyField {
    OrgNo,
    VatNo,
    AddressLine,
    Postcode,
    City,
    InvoiceEmail,
    PeppolId,
    Phone,
    Web,
    PaymentTerms,
    DeliveryTerms,
    PriceList,
    CreditLimit,
    Seller,
    PostingGroup,
    Notes,
}

impl PartyField {
    /// The default order of the form.
    pub const ALL: [PartyField; 16] = [
        PartyField::OrgNo,
        PartyField::VatNo,
        PartyField::AddressLine,
        PartyField::Postcode,
        PartyField::City,
        PartyField::InvoiceEmail,
        PartyField::PeppolId,
        PartyField::Phone,
        PartyField::Web,
        PartyField::PaymentTerms,
        PartyField::DeliveryTerms,
        PartyField::PriceList,
        PartyField::CreditLimit,
        PartyField::Seller,
        PartyField::PostingGroup,
        PartyField::Notes,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PartyField::OrgNo => "org_no",
            PartyField::VatNo => "vat_no",
            PartyField::AddressLine => "address_line",
            PartyField::Postcode => "postcode",
            PartyField::City => "city",
            PartyField::InvoiceEmail => "invoice_email",
            PartyField::PeppolId => "peppol_id",
            PartyField::Phone => "phone",
            PartyField::Web => "web",
            PartyField::PaymentTerms => "payment_terms",
            PartyField::DeliveryTerms => "delivery_terms",
            PartyField::PriceList => "price_list_id",
            PartyField::CreditLimit => "credit_limit",
            PartyField::Seller => "seller_id",
            PartyField::PostingGroup => "posting_group",
            PartyField::Notes => "notes",
        }
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|f| f.code() == s.trim()).ok_or_else(|| format!("Unknown party field '{s}'"))
    }
    pub fn label(self) -> T {
        match self {
            PartyField::OrgNo => T::OrgNo,
            PartyField::VatNo => T::VatNo,
            PartyField::AddressLine => T::Address,
            PartyField::Postcode => T::PostCode,
            PartyField::City => T::City,
            PartyField::InvoiceEmail => T::InvoiceEmail,
            PartyField::PeppolId => T::PeppolId,
            PartyField::Phone => T::Phone,
            PartyField::Web => T::Web,
            PartyField::PaymentTerms => T::PaymentTerms,
            PartyField::DeliveryTerms => T::DeliveryTerms,
            PartyField::PriceList => T::PriceList,
            PartyField::CreditLimit => T::CreditLimit,
            PartyField::Seller => T::Seller,
            PartyField::PostingGroup => T::PostingGroup,
            PartyField::Notes => T::Notes,
        }
    }
    /// The value of this field in a form input (empty = not filled in).
    pub fn value(self, i: &PartyInput) -> &str {
        match self {
            PartyField::OrgNo => &i.org_no,
            PartyField::VatNo => &i.vat_no,
            PartyField::AddressLine => &i.address_line,
            PartyField::Postcode => &i.postcode,
            PartyField::City => &i.city,
            PartyField::InvoiceEmail => &i.invoice_email,
            PartyField::PeppolId => &i.peppol_id,
            PartyField::Phone => &i.phone,
            PartyField::Web => &i.web,
            PartyField::PaymentTerms => &i.payment_terms,
            PartyField::DeliveryTerms => &i.delivery_terms,
            PartyField::PriceList => &i.price_list_id,
            PartyField::CreditLimit => &i.credit_limit,
            PartyField::Seller => &i.seller_id,
            PartyField::PostingGroup => &i.posting_group,
            PartyField::Notes => &i.notes,
        }
    }
}

/// One row of the admin-defined form of a party kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FormField {
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub field: PartyField,
    pub position: i64,
    pub required: bool,
}

/// The form of a kind: every optional field in order, with its mandatory flag.
/// Stored rows override the defaults; fields without a row keep their default place.
pub fn form_layout(stored: &[FormField]) -> Vec<FormField> {
    let mut out: Vec<FormField> = PartyField::ALL
        .iter()
        .enumerate()
        .map(|(i, f)| stored.iter().find(|s| s.field == *f).cloned().unwrap_or(FormField { field: *f, position: (i as i64 + 1) * 10, required: false }))
        .collect();
    out.sort_by_key(|f| (f.position, PartyField::ALL.iter().position(|x| *x == f.field)));
    out
}

/// The form of a party that has `kinds`: the first kind's order, and a field is
/// mandatory when any of the kinds requires it.
pub fn merged_layout(layouts: &[(PartyKind, Vec<FormField>)], kinds: &[PartyKind]) -> Vec<FormField> {
    let chosen: Vec<&Vec<FormField>> = layouts.iter().filter(|(k, _)| kinds.contains(k)).map(|(_, l)| l).collect();
    let Some(first) = chosen.first() else { return form_layout(&[]) };
    first.iter().map(|f| FormField { required: chosen.iter().any(|l| l.iter().any(|g| g.field == f.field && g.required)), ..f.clone() }).collect()
}

/// Refuses an input that leaves a mandatory field empty, naming each one.
pub fn check_required(input: &PartyInput, layout: &[FormField], lang: Lang) -> Result<(), String> {
    let missing: Vec<&str> = layout.iter().filter(|f| f.required && f.field.value(input).trim().is_empty()).map(|f| lang.t(f.field.label())).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("Required by your company's settings: {}", missing.join(", ")))
    }
}

pub fn flag(v: &Option<String>) -> bool {
    text::flag(v.as_deref())
}

/// A PEPPOL participant id: `scheme:identifier`, the scheme four digits
/// (0192 Norwegian org no, 0007 Swedish org no, 0088 GLN, 9908 NO VAT …). With 0192
/// and 0007 the identifier must be a valid organisation number.
pub fn peppol_id(input: &str) -> Result<String, String> {
    // participant ids hold no spaces; people paste "0192:988 077 917"
    let t: String = text::optional("PEPPOL participant id", input, 60)?.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Ok(t);
    }
    let bad = || format!("'{t}' is not a PEPPOL participant id (scheme:identifier, e.g. 0192:988077917)");
    let (scheme, id) = t.split_once(':').ok_or_else(bad)?;
    if scheme.len() != 4 || !scheme.chars().all(|c| c.is_ascii_digit()) || id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
    {
        return Err(bad());
    }
    match scheme {
        "0192" => OrgNo::parse(Country::NO, id).map(|o| format!("0192:{}", o.as_str())),
        "0007" => OrgNo::parse(Country::SE, id).map(|o| format!("0007:{}", o.as_str())),
        _ => Ok(t),
    }
}

/// An ISO 3166 alpha-2 country code, upper case.
pub fn country_code(input: &str, default: &str) -> Result<String, String> {
    let t = input.trim().to_ascii_uppercase();
    if t.is_empty() {
        return Ok(default.to_string());
    }
    if t.len() != 2 || !t.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(format!("'{}' is not a country code (two letters, e.g. NO or SE)", input.trim()));
    }
    Ok(t)
}

pub use crate::core::money::currency_code;

fn optional_id(label: &str, s: &str) -> Result<Option<i64>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>().map(Some).map_err(|_| format!("{label}: '{t}' is not a valid choice"))
}

fn percent(label: &str, s: &str, lang: Lang) -> Result<Decimal, String> {
    if s.trim().is_empty() {
        return Ok(Decimal::ZERO);
    }
    let d = crate::core::format::parse_amount(s.trim_end_matches('%'), lang).map_err(|e| format!("{label}: {e}"))?;
    if d.is_sign_negative() || d > Decimal::from(100) {
        return Err(format!("{label} must be between 0 and 100"));
    }
    if d.round_dp(2) != d {
        return Err(format!("{label} has more than 2 decimals"));
    }
    Ok(d.normalize())
}

/// Where the party's defaults come from: the company's country and currency.
#[derive(Clone, Debug)]
pub struct PartyDefaults {
    pub country: String,
    pub currency: String,
}

impl PartyInput {
    /// Validates the fields' own rules (references to registers are checked by the
    /// store). Mandatory fields are checked separately against the company's form.
    /// The party as typed; numbers are read the way `lang` writes them.
    pub fn validate(&self, defaults: &PartyDefaults, lang: Lang) -> Result<Party, String> {
        let is_customer = flag(&self.is_customer);
        let is_supplier = flag(&self.is_supplier);
        if !is_customer && !is_supplier {
            return Err("A party must be a customer, a supplier or both".into());
        }
        let country = country_code(&self.country, &defaults.country)?;
        let org_no = if self.org_no.trim().is_empty() {
            String::new()
        } else {
            match Country::parse(&country) {
                Ok(c @ (Country::NO | Country::SE)) => OrgNo::parse(c, &self.org_no)?.as_str().to_string(),
                _ => text::optional("Organisation number", &self.org_no, 40)?,
            }
        };
        let invoice_email = if self.invoice_email.trim().is_empty() { String::new() } else { text::email("Invoice e-mail", &self.invoice_email)? };
        let vat_exempt = flag(&self.vat_exempt);
        let vat_exempt_reason = text::optional("VAT exemption reason", &self.vat_exempt_reason, 200)?;
        if vat_exempt && vat_exempt_reason.is_empty() {
            return Err("Give the reason for the VAT exemption (it is printed on invoices)".into());
        }
        let credit_limit = if self.credit_limit.trim().is_empty() {
            None
        } else {
            let d = crate::core::format::parse_amount(&self.credit_limit, lang).map_err(|e| format!("Credit limit: {e}"))?;
            if d.is_sign_negative() {
                return Err("Credit limit cannot be negative".into());
            }
            crate::core::money::to_minor(d).map_err(|e| format!("Credit limit: {e}"))?;
            Some(d)
        };
        let doc_lang = match self.doc_lang.trim() {
            "" => match country.as_str() {
                "NO" => "nb".to_string(),
                "SE" => "sv".to_string(),
                _ => "en".to_string(),
            },
            l => Lang::parse(l).map(|l| l.code().to_string()).ok_or_else(|| format!("Unknown document language '{l}': use en, nb or sv"))?,
        };
        let code = |label: &str, s: &str| -> Result<Option<String>, String> {
            let t = text::optional(label, s, 20)?;
            Ok(if t.is_empty() { None } else { Some(t) })
        };
        Ok(Party {
            id: 0,
            customer_no: None,
            supplier_no: None,
            is_customer,
            is_supplier,
            name: text::required("Name", &self.name, 200)?,
            org_no,
            vat_no: text::optional("VAT number", &self.vat_no, 30)?,
            country,
            address_line: text::optional("Address", &self.address_line, 200)?,
            postcode: text::optional("Postcode", &self.postcode, 20)?,
            city: text::optional("City", &self.city, 100)?,
            invoice_email,
            peppol_id: peppol_id(&self.peppol_id)?,
            phone: text::optional("Phone", &self.phone, 40)?,
            web: text::optional("Web", &self.web, 200)?,
            payment_terms: code("Payment terms", &self.payment_terms)?,
            delivery_terms: code("Delivery terms", &self.delivery_terms)?,
            currency: currency_code(&self.currency, &defaults.currency)?,
            price_list_id: optional_id("Price list", &self.price_list_id)?,
            discount: percent("Discount", &self.discount, lang)?,
            vat_exempt,
            vat_exempt_reason,
            collective_invoicing: flag(&self.collective_invoicing),
            no_reminders: flag(&self.no_reminders),
            credit_limit,
            seller_id: optional_id("Seller", &self.seller_id)?,
            doc_lang,
            notes: text::optional("Notes", &self.notes, 4000)?,
            // a new party is active unless the form says otherwise
            active: self.active.as_deref().map(|v| text::flag(Some(v))).unwrap_or(true),
            posting_group: text::group_code("Posting group", &self.posting_group)?,
        })
    }
}

/// One changed field: the change log's row before it is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub old_value: String,
    pub new_value: String,
}

/// The fields that differ between two versions of a party, as text.
pub fn diff(old: &Party, new: &Party) -> Vec<FieldChange> {
    let a = serde_json::to_value(old).unwrap_or_default();
    let b = serde_json::to_value(new).unwrap_or_default();
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = Vec::new();
    if let (Some(a), Some(b)) = (a.as_object(), b.as_object()) {
        for (k, va) in a {
            if k == "id" {
                continue;
            }
            let vb = b.get(k).cloned().unwrap_or_default();
            if show(va) != show(&vb) {
                out.push(FieldChange { field: k.clone(), old_value: show(va), new_value: show(&vb) });
            }
        }
    }
    out
}

/// A change as listed on the party page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChangeRow {
    pub changed_at: i64,
    pub user_name: String,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
}

/// A delivery address of a party.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Address {
    pub id: i64,
    pub name: String,
    pub address_line: String,
    pub postcode: String,
    pub city: String,
    pub country: String,
    pub is_default: bool,
}

impl Address {
    pub fn validate(name: &str, line: &str, postcode: &str, city: &str, country: &str, default_country: &str, is_default: bool) -> Result<Address, String> {
        Ok(Address {
            id: 0,
            name: text::optional("Name", name, 200)?,
            address_line: text::required("Address", line, 200)?,
            postcode: text::optional("Postcode", postcode, 20)?,
            city: text::optional("City", city, 100)?,
            country: country_code(country, default_country)?,
            is_default,
        })
    }
    /// Whether two addresses are the same place: street, postcode, city and country alike
    /// but for case, spacing and the space in a postcode (the recipient's name aside).
    pub fn same_place(&self, other: &Address) -> bool {
        let words = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ");
        let code = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        words(&self.address_line) == words(&other.address_line)
            && code(&self.postcode) == code(&other.postcode)
            && words(&self.city) == words(&other.city)
            && code(&self.country) == code(&other.country)
    }
    pub fn one_line(&self) -> String {
        [self.name.as_str(), self.address_line.as_str(), format!("{} {}", self.postcode, self.city).trim()]
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A contact person of a party.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Contact {
    pub id: i64,
    pub party_id: i64,
    pub name: String,
    pub role: String,
    pub email: String,
    pub mobile: String,
    pub for_orders: bool,
    pub for_invoices: bool,
    pub active: bool,
}

/// A contact as typed or sent to the API.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContactInput {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub mobile: String,
    #[serde(default)]
    pub for_orders: Option<String>,
    #[serde(default)]
    pub for_invoices: Option<String>,
}

/// The digits of a phone number with a country prefix made uniform, so that
/// `+47 912 34 567`, `0047 91234567` and `912 34 567` (in Norway) compare equal.
pub fn mobile_key(input: &str, country: &str) -> String {
    let t = input.trim();
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        return digits;
    }
    if t.starts_with('+') {
        return digits;
    }
    if let Some(rest) = digits.strip_prefix("00") {
        return rest.to_string();
    }
    let prefix = match country {
        "NO" => "47",
        "SE" => "46",
        "FI" => "358",
        "HU" => "36",
        _ => "",
    };
    format!("{prefix}{}", digits.trim_start_matches('0'))
}

impl ContactInput {
    pub fn validate(&self) -> Result<Contact, String> {
        let email = if self.email.trim().is_empty() { String::new() } else { text::email("E-mail", &self.email)? };
        let mobile = text::optional("Mobile", &self.mobile, 40)?;
        if !mobile.is_empty() && !mobile.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
            return Err(format!("'{mobile}' is not a phone number"));
        }
        Ok(Contact {
            id: 0,
            party_id: 0,
            name: text::required("Name", &self.name, 200)?,
            role: text::optional("Role", &self.role, 100)?,
            email,
            mobile,
            for_orders: flag(&self.for_orders),
            for_invoices: flag(&self.for_invoices),
            active: true,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Planned,
    Active,
    Completed,
    Cancelled,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 4] = [ProjectStatus::Planned, ProjectStatus::Active, ProjectStatus::Completed, ProjectStatus::Cancelled];
    pub fn code(self) -> &'static str {
        match self {
            ProjectStatus::Planned => "planned",
            ProjectStatus::Active => "active",
            ProjectStatus::Completed => "completed",
            ProjectStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|k| k.code() == s.trim()).ok_or_else(|| format!("Unknown project status '{s}': use planned, active, completed or cancelled"))
    }
    pub fn label(self) -> T {
        match self {
            ProjectStatus::Planned => T::Planned,
            ProjectStatus::Active => T::Active,
            ProjectStatus::Completed => T::Completed,
            ProjectStatus::Cancelled => T::Cancelled,
        }
    }
}

/// A project of a customer; a reference on orders and invoices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Project {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub party_id: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = Date))]
    pub start_date: Option<NaiveDate>,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, format = Date))]
    pub end_date: Option<NaiveDate>,
    pub status: ProjectStatus,
}

impl Project {
    pub fn validate(code: &str, name: &str, start: &str, end: &str, status: &str) -> Result<Project, String> {
        let date = crate::core::date::parse_optional;
        let (start_date, end_date) = (date("Start date", start)?, date("End date", end)?);
        if let (Some(s), Some(e)) = (start_date, end_date) {
            if e < s {
                return Err("The end date is before the start date".into());
            }
        }
        let code = text::required("Project code", code, 30)?;
        if !code.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c)) {
            return Err(format!("Project code '{code}' may hold only letters, digits and - _ ."));
        }
        Ok(Project {
            id: 0,
            code,
            name: text::required("Project name", name, 200)?,
            party_id: 0,
            start_date,
            end_date,
            status: ProjectStatus::parse(if status.trim().is_empty() { "active" } else { status })?,
        })
    }
}

/// A row of the party list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PartyRow {
    pub id: i64,
    pub customer_no: Option<String>,
    pub supplier_no: Option<String>,
    pub name: String,
    pub org_no: String,
    pub city: String,
    pub seller: Option<String>,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PartyPage {
    pub rows: Vec<PartyRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Filters of the party list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct PartyQuery {
    /// Text in name, number, org no, city or e-mail.
    #[serde(default)]
    pub q: String,
    /// customers, suppliers, both (customer and supplier) or empty for all.
    #[serde(default)]
    pub kind: String,
    /// A seller's user id.
    #[serde(default)]
    pub seller: Option<i64>,
    /// Include inactive parties.
    #[serde(default)]
    pub inactive: bool,
    /// name, -name, number, -number, city
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: Option<i64>,
}

/// Why a party is shown as a possible duplicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MatchReason {
    /// The same organisation number.
    OrgNo,
    /// A similar name (see the score).
    Name,
}

/// A similar party found before creating one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Similar {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub org_no: String,
    pub city: String,
    pub reason: MatchReason,
    /// Name similarity 0–100.
    pub score: i64,
}

/// A contact with the same e-mail or mobile as one being created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SimilarContact {
    pub id: i64,
    pub party_id: i64,
    pub party_name: String,
    pub name: String,
    pub email: String,
    pub mobile: String,
}

/// What saving a new party or contact gives: saved, or similar ones to look at first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Saved<T, S> {
    Saved(T),
    Similar(Vec<S>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_place_is_known_whatever_its_spelling() {
        let at = |line: &str, postcode: &str, city: &str, country: &str| Address::validate("", line, postcode, city, country, "NO", false).unwrap();
        let home = at("Storgata 1", "0155", "Oslo", "NO");
        assert!(home.same_place(&at("  storgata   1 ", "0155", "OSLO", "no")));
        assert!(home.same_place(&Address { name: "Kari Nordmann".into(), ..at("Storgata 1", "0155", "Oslo", "") }), "the name aside; the country by default");
        assert!(at("Drottninggatan 5", "111 51", "Stockholm", "SE").same_place(&at("Drottninggatan 5", "11151", "Stockholm", "SE")));
        assert!(!home.same_place(&at("Storgata 10", "0155", "Oslo", "NO")));
        assert!(!home.same_place(&at("Storgata 1", "0156", "Oslo", "NO")));
        assert!(!home.same_place(&at("Storgata 1", "0155", "Oslo", "SE")));
        assert!(!home.same_place(&at("Hyttevegen 7", "3580", "Geilo", "NO")));
    }

    fn defaults() -> PartyDefaults {
        PartyDefaults { country: "NO".into(), currency: "NOK".into() }
    }

    fn input() -> PartyInput {
        PartyInput { is_customer: Some("on".into()), name: "Fjellheim Bygg AS".into(), org_no: "988 077 917".into(), ..Default::default() }
    }

    #[test]
    fn a_valid_party_gets_company_defaults() {
        let p = input().validate(&defaults(), Lang::Nb).unwrap();
        assert_eq!((p.org_no.as_str(), p.country.as_str(), p.currency.as_str(), p.doc_lang.as_str()), ("988077917", "NO", "NOK", "nb"));
        assert!(p.is_customer && !p.is_supplier && p.active);
    }

    #[test]
    fn bad_parties_are_refused_with_a_reason() {
        let bad = |f: fn(&mut PartyInput)| {
            let mut i = input();
            f(&mut i);
            i.validate(&defaults(), Lang::Nb).unwrap_err()
        };
        assert!(bad(|i| i.org_no = "988077918".into()).contains("Norwegian organisation number"));
        assert!(bad(|i| {
            i.country = "SE".into();
            i.org_no = "1234567891".into()
        })
        .contains("Swedish"));
        assert!(bad(|i| i.invoice_email = "faktura@".into()).contains("e-mail"));
        assert!(bad(|i| i.name = "x".repeat(10_000_000)).contains("too long"));
        assert!(bad(|i| i.is_customer = None).contains("customer, a supplier or both"));
        assert!(bad(|i| i.discount = "120".into()).contains("between 0 and 100"));
        assert!(bad(|i| i.credit_limit = "-5".into()).contains("negative"));
        assert!(bad(|i| i.vat_exempt = Some("on".into())).contains("reason"));
        assert!(bad(|i| i.peppol_id = "0192:123".into()).contains("Norwegian"));
        assert!(bad(|i| i.peppol_id = "abc".into()).contains("PEPPOL"));
        assert!(bad(|i| i.currency = "kroner".into()).contains("currency"));
        assert!(bad(|i| i.doc_lang = "de".into()).contains("document language"));
        // other countries' org numbers are free text
        let mut i = input();
        i.country = "DK".into();
        i.org_no = "DK-12345678".into();
        assert_eq!(i.validate(&defaults(), Lang::Nb).unwrap().org_no, "DK-12345678");
    }

    #[test]
    fn peppol_ids() {
        assert_eq!(peppol_id(" 0192:988 077 917").unwrap(), "0192:988077917");
        assert_eq!(peppol_id("0088:7080000000000").unwrap(), "0088:7080000000000");
        assert_eq!(peppol_id("").unwrap(), "");
    }

    #[test]
    fn mandatory_fields_follow_the_company_form() {
        let stored = vec![
            FormField { field: PartyField::OrgNo, position: 1, required: true },
            FormField { field: PartyField::InvoiceEmail, position: 2, required: false },
        ];
        let layout = form_layout(&stored);
        assert_eq!(layout.len(), PartyField::ALL.len());
        assert_eq!((layout[0].field, layout[1].field), (PartyField::OrgNo, PartyField::InvoiceEmail));
        let mut i = input();
        i.org_no.clear();
        assert!(check_required(&i, &layout, Lang::En).unwrap_err().contains("Organisation number"));
        assert!(check_required(&input(), &layout, Lang::En).is_ok());
        // a supplier rule applies to a party that is both
        let sup = form_layout(&[FormField { field: PartyField::Phone, position: 5, required: true }]);
        let both = merged_layout(&[(PartyKind::Customer, layout.clone()), (PartyKind::Supplier, sup)], &[PartyKind::Customer, PartyKind::Supplier]);
        assert!(both.iter().any(|f| f.field == PartyField::Phone && f.required));
        assert!(both.iter().any(|f| f.field == PartyField::OrgNo && f.required));
        assert_eq!(both[0].field, PartyField::OrgNo, "the customer order wins");
    }

    #[test]
    fn the_diff_names_changed_fields() {
        let a = input().validate(&defaults(), Lang::Nb).unwrap();
        let mut b = a.clone();
        b.city = "Bergen".into();
        b.discount = Decimal::from(5);
        let d = diff(&a, &b);
        assert_eq!(d.len(), 2);
        assert!(d.iter().any(|c| c.field == "city" && c.old_value.is_empty() && c.new_value == "Bergen"));
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn mobile_numbers_compare_by_digits() {
        assert_eq!(mobile_key("+47 912 34 567", "NO"), "4791234567");
        assert_eq!(mobile_key("0047 91234567", "NO"), "4791234567");
        assert_eq!(mobile_key("912 34 567", "NO"), "4791234567");
        assert_eq!(mobile_key("070-123 45 67", "SE"), "46701234567");
        assert_eq!(mobile_key("", "NO"), "");
    }

    #[test]
    fn projects() {
        assert!(Project::validate("P-1", "Kontorbygg", "2026-01-01", "2025-01-01", "").unwrap_err().contains("before"));
        assert_eq!(Project::validate("P-1", "Kontorbygg", "", "", "").unwrap().status, ProjectStatus::Active);
        assert!(Project::validate("P 1", "x", "", "", "").is_err());
    }
}
