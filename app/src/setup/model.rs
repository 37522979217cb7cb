use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::auth::Role;
use crate::core::country::OrgNo;
use crate::core::text;
use crate::core::{Country, Lang, T};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CompanyProfile {
    pub id: i64,
    pub name: String,
    pub org_no: String,
    pub country: String,
    pub currency: String,
    pub vat_registered: bool,
    /// NO: registered in Foretaksregisteret; SE: approved for F-tax. Printed on invoices.
    pub business_register: bool,
    pub address_line: String,
    pub postcode: String,
    pub city: String,
    pub email: String,
    pub phone: String,
    pub bank_account: String,
    /// May postings take on-hand below zero?
    pub allow_negative_stock: bool,
    pub valuation_method: Valuation,
}

crate::core::code::coded! {
    /// How stock is valued: moving weighted average or first in, first out.
    #[derive(Default)]
    pub enum Valuation {
        #[default]
        Average = "average" => MovingAverage,
        Fifo = "fifo" => Fifo,
    }
}

/// The company form as typed. `vat_registered` is a checkbox: present ("on") or absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CompanyInput {
    pub name: String,
    pub org_no: String,
    #[serde(default)]
    pub vat_registered: Option<String>,
    /// NO: registered in Foretaksregisteret; SE: approved for F-tax ("on" or absent).
    #[serde(default)]
    pub business_register: Option<String>,
    #[serde(default)]
    pub address_line: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub bank_account: String,
    #[serde(default)]
    pub allow_negative_stock: Option<String>,
    #[serde(default)]
    pub valuation_method: String,
}

impl CompanyProfile {
    /// The seller's VAT identifier: NO + org no + MVA in Norway, SE + org no + 01 in Sweden.
    pub fn vat_id(&self) -> String {
        let n: String = self.org_no.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        match self.country.as_str() {
            "NO" => format!("NO{n}MVA"),
            "SE" => format!("SE{n}01"),
            other => format!("{other}{n}"),
        }
    }

    /// The org number as people write it: 984 099 509 (NO), 556677-8899 (SE).
    pub fn org_no_display(&self) -> String {
        let d: String = self.org_no.chars().filter(|c| c.is_ascii_digit()).collect();
        match (self.country.as_str(), d.len()) {
            ("NO", 9) => format!("{} {} {}", &d[0..3], &d[3..6], &d[6..9]),
            ("SE", 10) => format!("{}-{}", &d[0..6], &d[6..10]),
            _ => self.org_no.clone(),
        }
    }

    /// What a sales document must say of the seller besides name and address.
    /// Norway (bokføringsforskriften § 5-1-1 nr. 2, foretaksregisterloven § 10-2):
    /// `Org.nr. 984 099 509 MVA` (MVA when VAT registered) and `Foretaksregisteret`.
    /// Sweden (mervärdesskattelagen 17 kap. 24 § 3, skatteförfarandelagen): the org
    /// number, the VAT number `SE…01`, and `Godkänd för F-skatt`. The legal marks
    /// are printed as the law words them, whatever the document's language.
    pub fn legal_lines(&self, l: Lang) -> Vec<String> {
        let org = format!("{} {}", l.t(T::OrgNoShort), self.org_no_display());
        match self.country.as_str() {
            "NO" => {
                let mut out = vec![if self.vat_registered { format!("{org} MVA") } else { org }];
                if self.business_register {
                    out.push("Foretaksregisteret".into());
                }
                out
            }
            "SE" => {
                let mut out = vec![org];
                if self.vat_registered {
                    out.push(format!("{} {}", l.t(T::VatNoShort), self.vat_id()));
                }
                if self.business_register {
                    out.push("Godkänd för F-skatt".into());
                }
                out
            }
            _ => {
                let mut out = vec![org];
                if self.vat_registered {
                    out.push(format!("{} {}", l.t(T::VatNoShort), self.vat_id()));
                }
                out
            }
        }
    }

    /// The profile as form input, for PATCH (fields sent replace these).
    pub fn to_input(&self) -> CompanyInput {
        CompanyInput {
            name: self.name.clone(),
            org_no: self.org_no.clone(),
            vat_registered: Some(self.vat_registered.to_string()),
            business_register: Some(self.business_register.to_string()),
            address_line: self.address_line.clone(),
            postcode: self.postcode.clone(),
            city: self.city.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            bank_account: self.bank_account.clone(),
            allow_negative_stock: Some(self.allow_negative_stock.to_string()),
            valuation_method: self.valuation_method.code().into(),
        }
    }
}

impl CompanyInput {
    /// Validates for a company in `country` and gives the profile to store.
    pub fn validate(&self, id: i64, country: Country) -> Result<CompanyProfile, String> {
        let email = if self.email.trim().is_empty() { String::new() } else { text::email("E-mail", &self.email)? };
        Ok(CompanyProfile {
            id,
            name: text::required("Company name", &self.name, 200)?,
            org_no: OrgNo::parse(country, &self.org_no)?.as_str().to_string(),
            country: country.code().into(),
            currency: country.currency().into(),
            vat_registered: text::flag(self.vat_registered.as_deref()),
            business_register: text::flag(self.business_register.as_deref()),
            address_line: text::optional("Address", &self.address_line, 200)?,
            postcode: text::optional("Postcode", &self.postcode, 20)?,
            city: text::optional("City", &self.city, 100)?,
            email,
            phone: text::optional("Phone", &self.phone, 40)?,
            bank_account: bank_account(country, &self.bank_account)?,
            allow_negative_stock: text::flag(self.allow_negative_stock.as_deref()),
            valuation_method: match self.valuation_method.trim() {
                "" => Valuation::Average,
                other => Valuation::parse(other).ok_or_else(|| format!("Unknown valuation method '{other}': use average or fifo"))?,
            },
        })
    }
}

/// A bank account number: Norwegian accounts are 11 digits with a MOD11 check digit
/// (dots and spaces allowed when typed); other countries' are kept as typed.
pub fn bank_account(country: Country, input: &str) -> Result<String, String> {
    let t = text::optional("Bank account", input, 40)?;
    if t.is_empty() || country != Country::NO {
        return Ok(t);
    }
    let digits: String = t.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
    const W: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let valid = digits.len() == 11 && digits.chars().all(|c| c.is_ascii_digit()) && {
        let d: Vec<u32> = digits.chars().map(|c| c.to_digit(10).unwrap_or(0)).collect();
        let sum: u32 = d[..10].iter().zip(W).map(|(a, w)| a * w).sum();
        match sum % 11 {
            0 => d[10] == 0,
            1 => false,
            r => d[10] == 11 - r,
        }
    };
    if valid {
        Ok(format!("{}.{}.{}", &digits[..4], &digits[4..6], &digits[6..]))
    } else {
        Err(format!("'{t}' is not a valid Norwegian bank account number (11 digits with a MOD11 check digit)"))
    }
}

/// Documents and registers that take their numbers from a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocType {
    Quote,
    Order,
    Delivery,
    Invoice,
    CreditNote,
    PurchaseOrder,
    Customer,
    Supplier,
}

impl DocType {
    pub const ALL: [DocType; 8] = [
        DocType::Quote,
        DocType::Order,
        DocType::Delivery,
        DocType::Invoice,
        DocType::CreditNote,
        DocType::PurchaseOrder,
        DocType::Customer,
        DocType::Supplier,
    ];
    pub fn code(self) -> &'static str {
        match self {
            DocType::Quote => "quote",
            DocType::Order => "order",
            DocType::Delivery => "delivery",
            DocType::Invoice => "invoice",
            DocType::CreditNote => "credit_note",
            DocType::PurchaseOrder => "purchase_order",
            DocType::Customer => "customer",
            DocType::Supplier => "supplier",
        }
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|d| d.code() == s).ok_or_else(|| format!("Unknown document type '{s}'"))
    }
    pub fn label(self) -> T {
        match self {
            DocType::Quote => T::Quote,
            DocType::Order => T::Order,
            DocType::Delivery => T::Delivery,
            DocType::Invoice => T::Invoice,
            DocType::CreditNote => T::CreditNote,
            DocType::PurchaseOrder => T::PurchaseOrder,
            DocType::Customer => T::Customer,
            DocType::Supplier => T::Supplier,
        }
    }
    /// First number of a new company's series.
    pub fn first_number(self) -> i64 {
        match self {
            DocType::Quote => 10001,
            DocType::Order => 20001,
            DocType::Delivery => 30001,
            DocType::Invoice | DocType::CreditNote => 1,
            DocType::PurchaseOrder => 40001,
            DocType::Customer => 10000,
            DocType::Supplier => 50000,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NumberSeries {
    pub doc_type: String,
    pub prefix: String,
    pub next_number: i64,
}

pub fn validate_series(doc_type: &str, prefix: &str, next_number: i64) -> Result<NumberSeries, String> {
    DocType::parse(doc_type)?;
    let prefix = text::optional("Prefix", prefix, 10)?;
    if !prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/') {
        return Err("A prefix may hold only letters A–Z, digits, '-' and '/'".into());
    }
    if !(1..=999_999_999_999).contains(&next_number) {
        return Err("The next number must be between 1 and 999 999 999 999".into());
    }
    Ok(NumberSeries { doc_type: doc_type.into(), prefix, next_number })
}

/// May Setup change a series from `current` to `new`? A series that has issued
/// documents under its prefix (`used`) keeps its next number: lowering it would issue
/// numbers again, raising it would leave a gap in a series that must have none. A new
/// series starts with a new prefix (e.g. `2027-` for a new year), which must not be one
/// the series had before (`retired`) and must not end in a digit (its numbers would
/// run into those of the bare series).
pub fn check_series_change(current: &NumberSeries, used: bool, retired: &[String], new: &NumberSeries) -> Result<(), String> {
    if new.prefix == current.prefix {
        if used && new.next_number != current.next_number {
            return Err(format!(
                "Numbers up to {p}{last} are issued in this series, so its next number stays {p}{next}: a lower one would repeat numbers, a higher one would leave a gap. To start a new series (e.g. for a new year), give it a new prefix.",
                p = current.prefix,
                last = current.next_number - 1,
                next = current.next_number
            ));
        }
        return Ok(());
    }
    if new.prefix.ends_with(|c: char| c.is_ascii_digit()) {
        return Err("A new prefix must end with a letter, '-' or '/' (e.g. 2027-), so its numbers cannot run into another series'".into());
    }
    if retired.contains(&new.prefix) {
        return Err(format!("The prefix '{}' was used by this series before; its numbers would repeat. Choose a new prefix.", new.prefix));
    }
    Ok(())
}

/// A short register code: 1–20 letters, digits, '-', '_' or '.'.
pub fn code(label: &str, input: &str) -> Result<String, String> {
    let c = text::required(label, input, 20)?;
    if !c.chars().all(|ch| ch.is_alphanumeric() || matches!(ch, '-' | '_' | '.')) {
        return Err(format!("{label} may hold only letters, digits, '-', '_' and '.'"));
    }
    Ok(c)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PaymentTerm {
    pub code: String,
    pub name: String,
    pub days: i64,
    pub active: bool,
}

impl PaymentTerm {
    pub fn validate(code_in: &str, name: &str, days: i64, active: bool) -> Result<Self, String> {
        if !(0..=365).contains(&days) {
            return Err("Days must be between 0 and 365".into());
        }
        Ok(Self { code: code("Code", code_in)?, name: text::required("Name", name, 100)?, days, active })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeliveryTerm {
    pub code: String,
    pub name: String,
    pub active: bool,
}

impl DeliveryTerm {
    pub fn validate(code_in: &str, name: &str, active: bool) -> Result<Self, String> {
        Ok(Self { code: code("Code", code_in)?, name: text::required("Name", name, 100)?, active })
    }
}

/// EN 16931 VAT categories (UNCL5305) Flyt supports, with their names.
pub const VAT_CATEGORIES: [(&str, crate::core::T); 7] = [
    ("S", crate::core::T::VatCatS),
    ("Z", crate::core::T::VatCatZ),
    ("E", crate::core::T::VatCatE),
    ("AE", crate::core::T::VatCatAE),
    ("K", crate::core::T::VatCatK),
    ("G", crate::core::T::VatCatG),
    ("O", crate::core::T::VatCatO),
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VatCode {
    pub code: String,
    pub name: String,
    /// Percent, exact (e.g. "25", "25.5").
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub rate: Decimal,
    pub category: String,
    pub active: bool,
}

impl VatCode {
    pub fn validate(code_in: &str, name: &str, rate: Decimal, category: &str, active: bool) -> Result<Self, String> {
        if rate < Decimal::ZERO || rate > Decimal::from(100) {
            return Err("The VAT rate must be between 0 and 100 %".into());
        }
        if rate.round_dp(2) != rate {
            return Err("The VAT rate may have at most 2 decimals".into());
        }
        if !VAT_CATEGORIES.iter().any(|(c, _)| *c == category) {
            return Err(format!("Unknown VAT category '{category}'"));
        }
        if category == "S" && rate.is_zero() {
            return Err("A standard-rate (S) VAT code needs a rate above 0 %; use Z or E for 0 %".into());
        }
        if category != "S" && !rate.is_zero() {
            return Err(format!("VAT category {category} has rate 0 %"));
        }
        Ok(Self { code: code("Code", code_in)?, name: text::required("Name", name, 100)?, rate: rate.normalize(), category: category.into(), active })
    }
    /// Rate in hundredths of a per cent, as stored.
    pub fn rate_bp(&self) -> Result<i64, String> {
        crate::core::money::to_bp(self.rate).map_err(|e| e.to_string())
    }
    pub fn rate_from_bp(bp: i64) -> Decimal {
        crate::core::money::from_bp(bp)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Unit {
    pub code: String,
    pub name: String,
}

impl Unit {
    pub fn validate(code_in: &str, name: &str) -> Result<Self, String> {
        Ok(Self { code: code("Code", code_in)?, name: text::required("Name", name, 50)? })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Warehouse {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub address: String,
    pub active: bool,
}

impl Warehouse {
    pub fn validate(code_in: &str, name: &str, address: &str, active: bool) -> Result<Self, String> {
        Ok(Self { id: 0, code: code("Code", code_in)?, name: text::required("Name", name, 100)?, address: text::optional("Address", address, 200)?, active })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CompanyUser {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub active: bool,
    /// Invited, not yet accepted: not a member.
    #[serde(default)]
    pub invited: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// What the token may do within its role.
    pub scopes: Vec<crate::auth::Perm>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    /// When the token stops working (ms since 1970); none: until revoked.
    pub expires_at: Option<i64>,
    pub revoked: bool,
}

/// What a new API token may do and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewToken {
    pub role: Role,
    pub scopes: Vec<crate::auth::Perm>,
    /// The first instant it no longer works: the start of the day after the chosen
    /// last day, where the company is.
    pub expires_at: Option<i64>,
}

/// The longest a token may be made to last.
pub const MAX_TOKEN_DAYS: i64 = 5 * 366;

/// Reads a token's terms: its role, its scopes (codes separated by commas), and the
/// last day it works (YYYY-MM-DD, empty: until revoked), from today on and no more
/// than five years ahead.
pub fn token_terms(role: &str, scopes: &str, last_day: &str, today: chrono::NaiveDate, zone: chrono_tz::Tz) -> Result<NewToken, String> {
    let role = Role::parse(role)?;
    let scopes = crate::auth::model::parse_scopes(scopes)?;
    let expires_at = match crate::core::date::parse_optional("Expires", last_day)? {
        None => None,
        Some(d) if d < today => return Err(format!("Expires: {d} has passed; choose today or a later day")),
        Some(d) if (d - today).num_days() > MAX_TOKEN_DAYS => return Err("Expires: a token may last at most five years".into()),
        Some(d) => {
            use chrono::TimeZone;
            let next = d.succ_opt().ok_or("Expires: the day is out of range")?.and_time(chrono::NaiveTime::MIN);
            let at = zone.from_local_datetime(&next).earliest().ok_or("Expires: the day does not exist in the company's time zone")?;
            Some(at.timestamp_millis())
        }
    };
    Ok(NewToken { role, scopes, expires_at })
}

/// The largest logo accepted.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

/// Checks that uploaded bytes are a PNG or JPEG image of sensible size and gives its
/// content type. Only the bytes count, never the file name or the browser's claim.
pub fn logo_content_type(bytes: &[u8]) -> Result<&'static str, String> {
    if bytes.is_empty() {
        return Err("Choose an image file to upload".into());
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(format!("The logo is too large ({} KB); at most 1024 KB", bytes.len() / 1024));
    }
    if bytes.len() >= 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR" {
        let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
        let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
        if w == 0 || h == 0 || w > 4000 || h > 4000 {
            return Err(format!("The logo is {w}×{h} pixels; it must be at most 4000×4000"));
        }
        // the file ends with the IEND chunk: nothing (e.g. HTML) rides after the image
        if !bytes.ends_with(b"IEND\xAE\x42\x60\x82") {
            return Err("The PNG file is damaged or carries something after the image".into());
        }
        return Ok("image/png");
    }
    if bytes.len() > 4 && bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        // ends with the end-of-image marker (some cameras pad with zeros after it)
        let end = bytes.iter().rposition(|&b| b != 0).unwrap_or(0);
        if end < 1 || bytes[end - 1..=end] != [0xFF, 0xD9] {
            return Err("The JPEG file is damaged or carries something after the image".into());
        }
        return Ok("image/jpeg");
    }
    Err("The logo must be a PNG or JPEG image".into())
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_token_lasts_through_its_last_day_where_the_company_is() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let t = token_terms("sales", "read,sales", "2026-12-31", today, chrono_tz::Europe::Oslo).unwrap();
        assert_eq!((t.role, t.scopes), (Role::Sales, vec![crate::auth::Perm::Read, crate::auth::Perm::Sales]));
        // 2027-01-01 00:00 in Oslo (UTC+1) is 2026-12-31 23:00 UTC
        assert_eq!(t.expires_at, Some(1_798_758_000_000));
        assert_eq!(token_terms("admin", "read", "", today, chrono_tz::Europe::Oslo).unwrap().expires_at, None);
        assert!(token_terms("admin", "read", "2026-12-06", today, chrono_tz::Europe::Oslo).unwrap_err().contains("has passed"));
        assert!(token_terms("admin", "read", "2032-01-01", today, chrono_tz::Europe::Oslo).unwrap_err().contains("five years"));
        assert!(token_terms("admin", "", "", today, chrono_tz::Europe::Oslo).unwrap_err().contains("scope"));
        assert!(token_terms("owner", "read", "", today, chrono_tz::Europe::Oslo).is_err());
    }
    #[test]
    fn a_used_series_is_never_renumbered() {
        let s = |p: &str, n: i64| NumberSeries { doc_type: "invoice".into(), prefix: p.into(), next_number: n };
        // unused: free to set
        assert!(check_series_change(&s("", 1), false, &[], &s("", 10001)).is_ok());
        // used: same number fine, lower or higher refused
        assert!(check_series_change(&s("", 57), true, &[], &s("", 57)).is_ok());
        assert!(check_series_change(&s("", 57), true, &[], &s("", 12)).unwrap_err().contains("up to 56"));
        assert!(check_series_change(&s("", 57), true, &[], &s("", 100)).is_err());
        // a new prefix starts a new series, but not a retired one and not one ending in a digit
        assert!(check_series_change(&s("", 57), true, &[], &s("2027-", 1)).is_ok());
        assert!(check_series_change(&s("2027-", 9), true, &["".into()], &s("", 1)).unwrap_err().contains("used by this series before"));
        assert!(check_series_change(&s("", 57), true, &[], &s("A1", 1)).is_err());
    }

    use super::*;
    use std::str::FromStr;

    #[test]
    fn legal_lines_of_a_norwegian_and_a_swedish_seller() {
        let no = input().validate(1, Country::NO).unwrap();
        assert_eq!(no.legal_lines(Lang::Nb), vec!["Org.nr. 988 077 917 MVA".to_string()]);
        let no = CompanyProfile { business_register: true, ..no };
        assert_eq!(no.legal_lines(Lang::Nb), vec!["Org.nr. 988 077 917 MVA", "Foretaksregisteret"]);
        assert_eq!(no.legal_lines(Lang::En)[0], "Org. no. 988 077 917 MVA");
        let unregistered = CompanyProfile { vat_registered: false, ..no.clone() };
        assert_eq!(unregistered.legal_lines(Lang::Nb)[0], "Org.nr. 988 077 917");
        let se = CompanyProfile { country: "SE".into(), org_no: "5560360793".into(), ..no };
        assert_eq!(se.legal_lines(Lang::Sv), vec!["Org.nr 556036-0793", "Momsreg.nr SE556036079301", "Godkänd för F-skatt"]);
        assert_eq!(se.vat_id(), "SE556036079301");
    }

    fn input() -> CompanyInput {
        CompanyInput { name: "Fjord Handel AS".into(), org_no: "988077917".into(), vat_registered: Some("on".into()), ..Default::default() }
    }

    #[test]
    fn company_validation() {
        let p = input().validate(1, Country::NO).unwrap();
        assert!(p.vat_registered);
        assert_eq!(p.currency, "NOK");
        let bad = CompanyInput { org_no: "988077918".into(), ..input() };
        assert!(bad.validate(1, Country::NO).unwrap_err().contains("Norwegian organisation number"));
        let empty = CompanyInput { name: " ".into(), ..input() };
        assert_eq!(empty.validate(1, Country::NO).unwrap_err(), "Company name is required");
        let huge = CompanyInput { name: "x".repeat(10_000_000), ..input() };
        assert!(huge.validate(1, Country::NO).unwrap_err().contains("too long"));
        let mail = CompanyInput { email: "post@".into(), ..input() };
        assert!(mail.validate(1, Country::NO).is_err());
        let no_vat = CompanyInput { vat_registered: None, ..input() };
        assert!(!no_vat.validate(1, Country::NO).unwrap().vat_registered);
    }

    #[test]
    fn norwegian_bank_accounts() {
        assert!(bank_account(Country::NO, "1503 12 34567").unwrap_err().contains("not a valid"));
        assert_eq!(bank_account(Country::NO, "1234.56.78903").unwrap(), "1234.56.78903");
        assert_eq!(bank_account(Country::NO, "").unwrap(), "");
        assert_eq!(bank_account(Country::SE, "123-4567").unwrap(), "123-4567");
    }

    #[test]
    fn series_and_codes() {
        assert!(validate_series("invoice", "F-", 1).is_ok());
        assert!(validate_series("invoice", "F ", 0).is_err());
        assert!(validate_series("bogus", "", 1).is_err());
        assert!(validate_series("order", "A B", 1).is_err());
        assert!(code("Code", "NET30").is_ok());
        assert!(code("Code", "NET 30").is_err());
        for d in DocType::ALL {
            assert_eq!(DocType::parse(d.code()), Ok(d));
        }
    }

    #[test]
    fn vat_codes() {
        let d = |s| Decimal::from_str(s).unwrap();
        let v = VatCode::validate("S255", "Standard", d("25.5"), "S", true).unwrap();
        assert_eq!(v.rate_bp(), Ok(2550));
        assert_eq!(VatCode::rate_from_bp(2550), d("25.5"));
        assert_eq!(VatCode::rate_from_bp(2500).to_string(), "25");
        assert!(VatCode::validate("X", "x", d("101"), "S", true).is_err());
        assert!(VatCode::validate("X", "x", d("0"), "S", true).is_err());
        assert!(VatCode::validate("X", "x", d("12"), "Z", true).is_err());
        assert!(VatCode::validate("X", "x", d("12.345"), "S", true).is_err());
        assert!(VatCode::validate("X", "x", d("0"), "Q", true).is_err());
    }

    #[test]
    fn logos_are_checked_by_content() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&100u32.to_be_bytes());
        png.extend_from_slice(&50u32.to_be_bytes());
        assert!(logo_content_type(&png).is_err(), "no IEND: cut off");
        png.extend_from_slice(b"\0\0\0\0IEND\xAE\x42\x60\x82");
        assert_eq!(logo_content_type(&png), Ok("image/png"));
        assert_eq!(logo_content_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0xFF, 0xD9]), Ok("image/jpeg"));
        assert_eq!(logo_content_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0xFF, 0xD9, 0, 0]), Ok("image/jpeg"));
        // a JPEG header followed by HTML
        let mut polyglot = vec![0xFF, 0xD8, 0xFF, 0xE0];
        polyglot.extend_from_slice(b"<html><script>alert(1)</script></html>");
        assert!(logo_content_type(&polyglot).unwrap_err().contains("after the image"));
        let mut png_html = png.clone();
        png_html.extend_from_slice(b"<html>");
        assert!(logo_content_type(&png_html).is_err());
        assert!(logo_content_type(b"GIF89a........").is_err());
        assert!(logo_content_type(b"%PDF-1.7 not an image").is_err());
        assert!(logo_content_type(&[]).is_err());
        assert!(logo_content_type(&vec![0xFF; MAX_LOGO_BYTES + 1]).unwrap_err().contains("too large"));
    }
}
