//! SAF-T Financial 1.30 (Skatteetaten): the elements in the schema's fixed order —
//! header, the accounts with their grouping and balances, customers and suppliers with
//! their balance accounts, the tax table, then the journals, one per voucher series.
//! `app/tests/accounting_exports.rs` validates produced files against the official XSD.
use std::fmt::Write;

use rust_decimal::Decimal;

use super::{DimKind, Entry, Export, Writer};
use crate::accounting::model::{series_name, Side};
use crate::core::xml::esc;
use crate::core::Lang;

const NS: &str = "urn:StandardAuditFile-Taxation-Financial:NO";

/// Text cut to a schema type's length (in characters), escaped.
fn text(s: &str, max: usize) -> String {
    esc(&s.chars().take(max).collect::<String>())
}

fn amount(d: Decimal) -> String {
    format!("{:.2}", d.round_dp(2))
}

/// `<OpeningDebitBalance>` or `<OpeningCreditBalance>` (and the same for closing): the
/// side the balance is on, a zero as a debit.
fn balance(out: &mut String, what: &str, value: Decimal) {
    let side = if value < Decimal::ZERO { "Credit" } else { "Debit" };
    let _ = write!(out, "<{what}{side}Balance>{}</{what}{side}Balance>", amount(value.abs()));
}

/// A contact person's first and last name from one name (`Kari Nordmann`).
fn person(name: &str) -> (String, String) {
    let name = name.trim();
    match name.rsplit_once(' ') {
        Some((first, last)) => (first.trim().to_string(), last.to_string()),
        None if !name.is_empty() => (name.to_string(), name.to_string()),
        None => ("-".into(), "-".into()),
    }
}

fn address(out: &mut String, line: &str, postcode: &str, city: &str, country: &str) {
    out.push_str("<Address>");
    if !line.is_empty() {
        let _ = write!(out, "<StreetName>{}</StreetName>", text(line, 256));
    }
    if !city.is_empty() {
        let _ = write!(out, "<City>{}</City>", text(city, 256));
    }
    if !postcode.is_empty() {
        let _ = write!(out, "<PostalCode>{}</PostalCode>", text(postcode, 70));
    }
    if country.len() == 2 {
        let _ = write!(out, "<Country>{}</Country>", esc(country));
    }
    out.push_str("</Address>");
}

pub struct SaftWriter {
    out: Vec<u8>,
    journal: Option<String>,
    vat_accounts: Vec<String>,
    /// VAT code → rate in basis points.
    rates: Vec<(String, i64)>,
}

impl SaftWriter {
    /// Writes everything before the first voucher.
    pub fn new(e: &Export) -> SaftWriter {
        let mut o = String::with_capacity(64 * 1024);
        let c = &e.company;
        let org: String = c.org_no.chars().filter(char::is_ascii_digit).collect();
        let _ = write!(o, r#"<?xml version="1.0" encoding="UTF-8"?><AuditFile xmlns="{NS}"><Header>"#);
        let _ = write!(
            o,
            "<AuditFileVersion>1.30</AuditFileVersion><AuditFileCountry>NO</AuditFileCountry><AuditFileDateCreated>{}</AuditFileDateCreated>\
             <SoftwareCompanyName>Flyt</SoftwareCompanyName><SoftwareID>Flyt</SoftwareID><SoftwareVersion>{}</SoftwareVersion>",
            e.today,
            env!("CARGO_PKG_VERSION")
        );
        let _ = write!(o, "<Company><RegistrationNumber>{org}</RegistrationNumber><Name>{}</Name>", text(&c.name, 256));
        address(&mut o, &c.address_line, &c.postcode, &c.city, &c.country);
        let (first, last) = person(&e.user);
        let _ = write!(o, "<Contact><ContactPerson><FirstName>{}</FirstName><LastName>{}</LastName></ContactPerson>", text(&first, 35), text(&last, 70));
        if !c.phone.is_empty() {
            let _ = write!(o, "<Telephone>{}</Telephone>", text(&c.phone, 18));
        }
        if !c.email.is_empty() {
            let _ = write!(o, "<Email>{}</Email>", text(&c.email, 70));
        }
        o.push_str("</Contact>");
        if c.vat_registered {
            let _ = write!(
                o,
                "<TaxRegistration><TaxRegistrationNumber>{org}MVA</TaxRegistrationNumber><TaxAuthority>Skatteetaten</TaxAuthority></TaxRegistration>"
            );
        }
        let _ = write!(
            o,
            "</Company><DefaultCurrencyCode>{}</DefaultCurrencyCode><SelectionCriteria><SelectionStartDate>{}</SelectionStartDate>\
             <SelectionEndDate>{}</SelectionEndDate></SelectionCriteria><HeaderComment>Flyt</HeaderComment><TaxAccountingBasis>A</TaxAccountingBasis></Header>",
            esc(&c.currency),
            e.from,
            e.to
        );
        o.push_str("<MasterFiles><GeneralLedgerAccounts>");
        for a in e.accounts.iter().filter(|a| a.used) {
            let _ = write!(
                o,
                "<Account><AccountID>{}</AccountID><AccountDescription>{}</AccountDescription><GroupingCategory>{}</GroupingCategory>\
                 <GroupingCode>{}</GroupingCode><AccountType>GL</AccountType>",
                text(&a.number, 70),
                text(&a.name, 256),
                text(&a.grouping_category, 256),
                text(&a.grouping_code, 35)
            );
            balance(&mut o, "Opening", a.opening());
            balance(&mut o, "Closing", a.closing());
            o.push_str("</Account>");
        }
        o.push_str("</GeneralLedgerAccounts>");
        for (side, list, item, id) in [(Side::Customer, "Customers", "Customer", "CustomerID"), (Side::Supplier, "Suppliers", "Supplier", "SupplierID")] {
            let rows: Vec<_> = e.parties.iter().filter(|p| p.side == side).collect();
            if rows.is_empty() {
                continue;
            }
            let _ = write!(o, "<{list}>");
            for (i, p) in rows.iter().enumerate() {
                if i == 0 || rows[i - 1].no != p.no {
                    let _ = write!(o, "<{item}>");
                    let reg: String = p.org_no.chars().filter(char::is_ascii_alphanumeric).take(35).collect();
                    if !reg.is_empty() {
                        let _ = write!(o, "<RegistrationNumber>{}</RegistrationNumber>", esc(&reg));
                    }
                    let _ = write!(o, "<Name>{}</Name>", text(&p.name, 256));
                    address(&mut o, &p.address_line, &p.postcode, &p.city, &p.country);
                    let _ = write!(o, "<{id}>{}</{id}>", text(&p.no, 35));
                }
                let _ = write!(o, "<BalanceAccount><AccountID>{}</AccountID>", text(&p.account, 70));
                balance(&mut o, "Opening", p.opening);
                balance(&mut o, "Closing", p.opening + p.movement);
                o.push_str("</BalanceAccount>");
                if rows.get(i + 1).is_none_or(|n| n.no != p.no) {
                    let _ = write!(o, "</{item}>");
                }
            }
            let _ = write!(o, "</{list}>");
        }
        let codes: Vec<_> = e.tax_codes.iter().filter(|v| crate::accounting::saft::tax_codes().contains(&v.saft_code)).collect();
        if !codes.is_empty() {
            o.push_str("<TaxTable><TaxTableEntry><TaxType>MVA</TaxType><Description>Merverdiavgift</Description>");
            for v in &codes {
                let _ = write!(
                    o,
                    "<TaxCodeDetails><TaxCode>{}</TaxCode><Description>{}</Description><TaxPercentage>{}</TaxPercentage><Country>NO</Country>\
                     <StandardTaxCode>{}</StandardTaxCode><BaseRate>100</BaseRate></TaxCodeDetails>",
                    text(&v.code, 70),
                    text(&v.name, 256),
                    Decimal::new(v.rate_bp, 2).normalize(),
                    esc(&v.saft_code)
                );
            }
            o.push_str("</TaxTableEntry></TaxTable>");
        }
        if !e.dimensions.is_empty() {
            o.push_str("<AnalysisTypeTable>");
            for d in &e.dimensions {
                let (kind, description) = d.kind.saft();
                let _ = write!(
                    o,
                    "<AnalysisTypeTableEntry><AnalysisType>{kind}</AnalysisType><AnalysisTypeDescription>{description}</AnalysisTypeDescription>\
                     <AnalysisID>{}</AnalysisID><AnalysisIDDescription>{}</AnalysisIDDescription></AnalysisTypeTableEntry>",
                    text(&d.id, 35),
                    text(if d.name.trim().is_empty() { &d.id } else { &d.name }, 256)
                );
            }
            o.push_str("</AnalysisTypeTable>");
        }
        let _ = write!(
            o,
            "</MasterFiles><GeneralLedgerEntries><NumberOfEntries>{}</NumberOfEntries><TotalDebit>{}</TotalDebit><TotalCredit>{}</TotalCredit>",
            e.totals.vouchers,
            amount(e.totals.debit),
            amount(e.totals.credit)
        );
        SaftWriter {
            out: o.into_bytes(),
            journal: None,
            vat_accounts: e.vat_accounts.clone(),
            rates: e.tax_codes.iter().map(|v| (v.code.clone(), v.rate_bp)).collect(),
        }
    }
}

impl Writer for SaftWriter {
    fn voucher(&mut self, lines: &[Entry]) {
        let Some(head) = lines.first() else { return };
        let mut o = String::with_capacity(512 * lines.len());
        if self.journal.as_deref() != Some(head.series.as_str()) {
            if self.journal.is_some() {
                o.push_str("</Journal>");
            }
            let _ = write!(
                o,
                "<Journal><JournalID>{}</JournalID><Description>{}</Description><Type>GL</Type>",
                text(&head.series, 18),
                esc(series_name(&head.series, Lang::Nb))
            );
            self.journal = Some(head.series.clone());
        }
        use chrono::Datelike;
        let description = if head.text.trim().is_empty() { head.source_no.clone() } else { head.text.clone() };
        let _ = write!(
            o,
            "<Transaction><TransactionID>{}</TransactionID><Period>{}</Period><PeriodYear>{}</PeriodYear><TransactionDate>{}</TransactionDate>\
             <SourceID>{}</SourceID><Description>{}</Description><SystemEntryDate>{}</SystemEntryDate><GLPostingDate>{}</GLPostingDate>",
            text(&head.voucher_id(), 70),
            head.date.month(),
            head.date.year(),
            head.date,
            text(&head.source_no, 35),
            text(&description, 256),
            head.posted,
            head.date
        );
        for l in lines {
            let _ = write!(o, "<Line><RecordID>{}</RecordID><AccountID>{}</AccountID>", l.line_no, text(&l.account, 70));
            for kind in [DimKind::Project, DimKind::Seller] {
                let id = kind.of(l);
                if !id.is_empty() {
                    let _ = write!(o, "<Analysis><AnalysisType>{}</AnalysisType><AnalysisID>{}</AnalysisID></Analysis>", kind.saft().0, text(id, 35));
                }
            }
            if !l.party_no.is_empty() {
                let tag = if l.kind.party_side() == Side::Customer { "CustomerID" } else { "SupplierID" };
                let _ = write!(o, "<{tag}>{}</{tag}>", text(&l.party_no, 35));
            }
            let _ = write!(o, "<Description>{}</Description>", text(&description, 256));
            let (side, value) = if l.debit > Decimal::ZERO { ("Debit", l.debit) } else { ("Credit", l.credit) };
            let _ = write!(o, "<{side}Amount><Amount>{}</Amount></{side}Amount>", amount(value));
            // the VAT of a sales line's code: on the base line, with the VAT line's amount
            if !l.vat_code.is_empty() && !self.vat_accounts.contains(&l.account) {
                let vat: Decimal = lines
                    .iter()
                    .filter(|v| v.vat_code == l.vat_code && self.vat_accounts.contains(&v.account))
                    .map(|v| if side == "Debit" { v.debit - v.credit } else { v.credit - v.debit })
                    .sum();
                let rate = self.rates.iter().find(|(c, _)| *c == l.vat_code).map(|(_, r)| *r).unwrap_or(0);
                let _ = write!(
                    o,
                    "<TaxInformation><TaxType>MVA</TaxType><TaxCode>{}</TaxCode><TaxPercentage>{}</TaxPercentage><Country>NO</Country>\
                     <TaxBase>{}</TaxBase><{side}TaxAmount><Amount>{}</Amount></{side}TaxAmount></TaxInformation>",
                    text(&l.vat_code, 70),
                    Decimal::new(rate, 2).normalize(),
                    amount(value),
                    amount(vat)
                );
            }
            o.push_str("</Line>");
        }
        o.push_str("</Transaction>");
        self.out.extend_from_slice(o.as_bytes());
    }

    fn finish(&mut self) {
        if self.journal.is_some() {
            self.out.extend_from_slice(b"</Journal>");
        }
        self.out.extend_from_slice(b"</GeneralLedgerEntries></AuditFile>\n");
    }

    fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balances_go_on_their_side_and_names_split() {
        let mut o = String::new();
        balance(&mut o, "Opening", Decimal::new(-1250, 2));
        balance(&mut o, "Closing", Decimal::ZERO);
        assert_eq!(o, "<OpeningCreditBalance>12.50</OpeningCreditBalance><ClosingDebitBalance>0.00</ClosingDebitBalance>");
        assert_eq!(person("Kari Mari Nordmann"), ("Kari Mari".into(), "Nordmann".into()));
        assert_eq!(person("Demo"), ("Demo".into(), "Demo".into()));
        assert_eq!(text("<a & b>", 3), "&lt;a ");
    }
}
