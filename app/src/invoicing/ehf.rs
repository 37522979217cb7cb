//! EHF 3 = PEPPOL BIS Billing 3.0: an invoice or credit note as UBL 2.1 XML.
//! Checked in CI with the official validator (../shared/conformance/validate_ubl.py)
//! over invoices with mixed VAT rates, a VAT-exempt customer, discounts, free-text
//! lines, a credit note, and Norwegian and Swedish sellers.
use std::fmt::Write;

use rust_decimal::Decimal;

use super::model::{Invoice, InvoiceKind};
use crate::core::lines::LineKind;
use crate::core::money::cents;
use crate::core::xml::esc;
use crate::setup::model::CompanyProfile;

fn amt(d: Decimal) -> String {
    format!("{:.2}", cents(d))
}

fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// The electronic address scheme (EAS) of an organisation number in a country.
fn org_scheme(country: &str) -> Option<&'static str> {
    match country {
        "NO" => Some("0192"),
        "SE" => Some("0007"),
        "FI" => Some("0212"),
        _ => None,
    }
}

/// UN/ECE Recommendation 20 unit code of a unit as typed.
pub fn unit_code(unit: &str) -> &'static str {
    match unit.trim().to_lowercase().as_str() {
        "t" | "h" | "time" | "timer" | "timme" | "hour" | "hours" => "HUR",
        "kg" => "KGM",
        "g" => "GRM",
        "m" => "MTR",
        "l" => "LTR",
        "m2" | "m²" => "MTK",
        "m3" | "m³" => "MTQ",
        "km" => "KMT",
        "d" | "dag" | "day" | "days" => "DAY",
        "mnd" | "month" | "månad" => "MON",
        "pk" | "pakke" | "pack" | "paket" => "PK",
        _ => "EA",
    }
}

/// The receiver's electronic address: its PEPPOL participant id ("0192:987654321"),
/// else its org number in its country's scheme, else its invoice e-mail.
fn endpoint(inv: &Invoice) -> Result<(String, String), String> {
    if let Some((scheme, id)) = inv.peppol_id.split_once(':') {
        return Ok((scheme.trim().into(), id.trim().into()));
    }
    if let (Some(s), false) = (org_scheme(&inv.country), inv.org_no.trim().is_empty()) {
        return Ok((s.into(), digits(&inv.org_no)));
    }
    if !inv.invoice_email.trim().is_empty() {
        return Ok(("EM".into(), inv.invoice_email.trim().into()));
    }
    Err(format!("Customer {} has no PEPPOL id, organisation number or invoice e-mail: EHF needs one", inv.customer_name))
}

struct VatGroup {
    category: String,
    rate: Decimal,
    base: Decimal,
    vat: Decimal,
}

/// The VAT breakdown of the invoice's stored totals (`core::lines::totals`: the
/// figures the PDF prints and the ledger holds), one subtotal per category and rate as
/// EN 16931 wants. Codes that share both are added together, never recomputed.
fn groups(inv: &Invoice) -> Vec<VatGroup> {
    let mut g: Vec<VatGroup> = Vec::new();
    for v in &inv.totals.vat {
        let code_category = inv
            .lines
            .iter()
            .find(|l| l.doc.line.kind == LineKind::Item && l.doc.line.vat_code == v.vat_code && l.doc.line.vat_rate == v.rate)
            .map(|l| l.vat_category.as_str())
            .unwrap_or("");
        let cat = category(inv, code_category);
        match g.iter_mut().find(|x| x.category == cat && x.rate == v.rate) {
            Some(x) => {
                x.base += v.base;
                x.vat += v.vat;
            }
            None => g.push(VatGroup { category: cat, rate: v.rate, base: v.base, vat: v.vat }),
        }
    }
    g
}

fn category(inv: &Invoice, cat: &str) -> String {
    match cat {
        "" => {
            if inv.vat_exempt_reason.is_empty() {
                "S".into()
            } else {
                "E".into()
            }
        }
        c => c.to_string(),
    }
}

fn tax_category(out: &mut String, tag: &str, cat: &str, rate: Decimal, reason: Option<&str>) {
    let _ = write!(out, "<cac:{tag}><cbc:ID>{cat}</cbc:ID>");
    if cat != "O" {
        let _ = write!(out, "<cbc:Percent>{}</cbc:Percent>", rate.normalize());
    }
    if let Some(r) = reason {
        let _ = write!(out, "<cbc:TaxExemptionReason>{}</cbc:TaxExemptionReason>", esc(r));
    }
    let _ = write!(out, "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:{tag}>");
}

fn address(out: &mut String, street: &str, city: &str, postcode: &str, country: &str) {
    out.push_str("<cac:PostalAddress>");
    if !street.trim().is_empty() {
        let _ = write!(out, "<cbc:StreetName>{}</cbc:StreetName>", esc(street.trim()));
    }
    if !city.trim().is_empty() {
        let _ = write!(out, "<cbc:CityName>{}</cbc:CityName>", esc(city.trim()));
    }
    if !postcode.trim().is_empty() {
        let _ = write!(out, "<cbc:PostalZone>{}</cbc:PostalZone>", esc(postcode.trim()));
    }
    let _ = write!(out, "<cac:Country><cbc:IdentificationCode>{}</cbc:IdentificationCode></cac:Country></cac:PostalAddress>", esc(country));
}

/// The EHF XML of a posted invoice or credit note.
pub fn render(company: &CompanyProfile, inv: &Invoice) -> Result<String, String> {
    let credit = inv.kind == InvoiceKind::CreditNote;
    let root = if credit { "CreditNote" } else { "Invoice" };
    let cur = esc(&inv.currency);
    let (scheme, id) = endpoint(inv)?;
    let seller_scheme = org_scheme(&company.country).ok_or_else(|| format!("EHF is not made for sellers in {}", company.country))?;
    let mut o = String::with_capacity(4096 + inv.lines.len() * 900);
    let _ = write!(
        o,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<{root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:{root}-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
<cbc:ID>{}</cbc:ID>
<cbc:IssueDate>{}</cbc:IssueDate>
"#,
        esc(&inv.number),
        inv.invoice_date
    );
    if credit {
        o.push_str("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>\n");
    } else {
        let _ = writeln!(o, "<cbc:DueDate>{}</cbc:DueDate>\n<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>", inv.due_date);
    }
    // free-text and heading lines have no place among EHF lines: they go in the note
    let texts: Vec<&str> = inv
        .lines
        .iter()
        .filter(|l| l.doc.line.kind != LineKind::Item)
        .map(|l| l.doc.line.description.as_str())
        .chain(std::iter::once(inv.note.as_str()))
        .filter(|t| !t.trim().is_empty())
        .collect();
    if !texts.is_empty() {
        let _ = writeln!(o, "<cbc:Note>{}</cbc:Note>", esc(&texts.join("\n")));
    }
    let _ = writeln!(o, "<cbc:DocumentCurrencyCode>{cur}</cbc:DocumentCurrencyCode>");
    let buyer_ref = if !inv.your_ref.trim().is_empty() { inv.your_ref.trim() } else { inv.customer_no.as_str() };
    let _ = writeln!(o, "<cbc:BuyerReference>{}</cbc:BuyerReference>", esc(buyer_ref));
    // a delivery period (contract periods, several deliveries): BT-73/BT-74
    if let Some(from) = inv.period_from {
        let _ = writeln!(o, "<cac:InvoicePeriod><cbc:StartDate>{from}</cbc:StartDate><cbc:EndDate>{}</cbc:EndDate></cac:InvoicePeriod>", inv.delivery_date);
    }
    if let Some(first) = inv.order_refs.split(',').map(str::trim).find(|s| !s.is_empty()) {
        // the buyer's purchase order number is not known here: "NA" with our sales order
        let _ = writeln!(o, "<cac:OrderReference><cbc:ID>NA</cbc:ID><cbc:SalesOrderID>{}</cbc:SalesOrderID></cac:OrderReference>", esc(first));
    }
    if credit {
        let _ = writeln!(
            o,
            "<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{}</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>",
            esc(&inv.credited_no)
        );
    }
    // seller
    let org = digits(&company.org_no);
    let _ = write!(o, "<cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID=\"{seller_scheme}\">{org}</cbc:EndpointID><cac:PartyName><cbc:Name>{}</cbc:Name></cac:PartyName>", esc(&company.name));
    address(&mut o, &company.address_line, &company.city, &company.postcode, &company.country);
    if company.vat_registered {
        let _ = write!(
            o,
            "<cac:PartyTaxScheme><cbc:CompanyID>{}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>",
            esc(&company.vat_id())
        );
    }
    if company.country == "NO" && company.business_register {
        o.push_str(
            "<cac:PartyTaxScheme><cbc:CompanyID>Foretaksregisteret</cbc:CompanyID><cac:TaxScheme><cbc:ID>TAX</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>",
        );
    }
    let _ = write!(o, "<cac:PartyLegalEntity><cbc:RegistrationName>{}</cbc:RegistrationName><cbc:CompanyID schemeID=\"{seller_scheme}\">{org}</cbc:CompanyID></cac:PartyLegalEntity>", esc(&company.name));
    if !company.email.trim().is_empty() || !company.phone.trim().is_empty() {
        o.push_str("<cac:Contact>");
        if !company.phone.trim().is_empty() {
            let _ = write!(o, "<cbc:Telephone>{}</cbc:Telephone>", esc(company.phone.trim()));
        }
        if !company.email.trim().is_empty() {
            let _ = write!(o, "<cbc:ElectronicMail>{}</cbc:ElectronicMail>", esc(company.email.trim()));
        }
        o.push_str("</cac:Contact>");
    }
    o.push_str("</cac:Party></cac:AccountingSupplierParty>\n");
    // buyer
    let _ = write!(
        o,
        "<cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID=\"{}\">{}</cbc:EndpointID><cac:PartyName><cbc:Name>{}</cbc:Name></cac:PartyName>",
        esc(&scheme),
        esc(&id),
        esc(&inv.customer_name)
    );
    address(&mut o, &inv.address_line, &inv.city, &inv.postcode, &inv.country);
    if !inv.vat_no.trim().is_empty() {
        let _ = write!(
            o,
            "<cac:PartyTaxScheme><cbc:CompanyID>{}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>",
            esc(inv.vat_no.trim())
        );
    }
    let _ = write!(o, "<cac:PartyLegalEntity><cbc:RegistrationName>{}</cbc:RegistrationName>", esc(&inv.customer_name));
    if let (Some(s), false) = (org_scheme(&inv.country), inv.org_no.trim().is_empty()) {
        let _ = write!(o, "<cbc:CompanyID schemeID=\"{s}\">{}</cbc:CompanyID>", digits(&inv.org_no));
    }
    o.push_str("</cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>\n");
    let _ = writeln!(o, "<cac:Delivery><cbc:ActualDeliveryDate>{}</cbc:ActualDeliveryDate></cac:Delivery>", inv.delivery_date);
    if !credit {
        let account = digits(&company.bank_account);
        if account.is_empty() {
            return Err("Set the company's bank account in setup: an EHF invoice must say where to pay".into());
        }
        o.push_str("<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>");
        if !inv.kid.is_empty() {
            let _ = write!(o, "<cbc:PaymentID>{}</cbc:PaymentID>", esc(&inv.kid));
        }
        let _ = writeln!(o, "<cac:PayeeFinancialAccount><cbc:ID>{account}</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>");
        if !inv.payment_terms.is_empty() {
            let _ = writeln!(o, "<cac:PaymentTerms><cbc:Note>{}</cbc:Note></cac:PaymentTerms>", esc(&inv.payment_terms));
        }
    }
    let g = groups(inv);
    let (net, vat_total) = (inv.totals.net, inv.totals.vat_total);
    let _ = write!(o, "<cac:TaxTotal><cbc:TaxAmount currencyID=\"{cur}\">{}</cbc:TaxAmount>", amt(vat_total));
    for x in &g {
        let _ = write!(
            o,
            "<cac:TaxSubtotal><cbc:TaxableAmount currencyID=\"{cur}\">{}</cbc:TaxableAmount><cbc:TaxAmount currencyID=\"{cur}\">{}</cbc:TaxAmount>",
            amt(x.base),
            amt(x.vat)
        );
        let reason = (x.category == "E").then_some(if inv.vat_exempt_reason.is_empty() { "Exempt from VAT" } else { inv.vat_exempt_reason.as_str() });
        tax_category(&mut o, "TaxCategory", &x.category, x.rate, reason);
        o.push_str("</cac:TaxSubtotal>");
    }
    o.push_str("</cac:TaxTotal>\n");
    let gross = inv.totals.gross;
    let _ = writeln!(
        o,
        "<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID=\"{cur}\">{}</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID=\"{cur}\">{}</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID=\"{cur}\">{}</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID=\"{cur}\">{}</cbc:PayableAmount></cac:LegalMonetaryTotal>",
        amt(net),
        amt(net),
        amt(gross),
        amt(gross)
    );
    let (line_tag, qty_tag) = if credit { ("CreditNoteLine", "CreditedQuantity") } else { ("InvoiceLine", "InvoicedQuantity") };
    for (n, l) in inv.lines.iter().filter(|l| l.doc.line.kind == LineKind::Item).enumerate() {
        // a price is never negative in EN 16931 (BR-27): a negative service line (a
        // discount, a rounding) is written as a negative quantity at the positive price
        let (qty, price) =
            if l.doc.line.unit_price < Decimal::ZERO { (-l.doc.line.qty, -l.doc.line.unit_price) } else { (l.doc.line.qty, l.doc.line.unit_price) };
        let x = &l.doc.line;
        let _ = write!(
            o,
            "<cac:{line_tag}><cbc:ID>{}</cbc:ID><cbc:{qty_tag} unitCode=\"{}\">{}</cbc:{qty_tag}><cbc:LineExtensionAmount currencyID=\"{cur}\">{}</cbc:LineExtensionAmount>",
            n + 1,
            unit_code(&x.unit),
            qty.normalize(),
            amt(x.net)
        );
        let gross_amount = cents(qty * price);
        let discount = gross_amount - x.net;
        if !discount.is_zero() {
            let _ = write!(
                o,
                "<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:AllowanceChargeReasonCode>95</cbc:AllowanceChargeReasonCode><cbc:AllowanceChargeReason>Discount {} %</cbc:AllowanceChargeReason><cbc:Amount currencyID=\"{cur}\">{}</cbc:Amount></cac:AllowanceCharge>",
                x.discount_pct.normalize(),
                amt(discount)
            );
        }
        let name = if x.description.trim().is_empty() { x.item_no.as_str() } else { x.description.as_str() };
        let _ = write!(o, "<cac:Item><cbc:Name>{}</cbc:Name>", esc(&name.chars().take(200).collect::<String>()));
        if !x.item_no.is_empty() {
            let _ = write!(o, "<cac:SellersItemIdentification><cbc:ID>{}</cbc:ID></cac:SellersItemIdentification>", esc(&x.item_no));
        }
        tax_category(&mut o, "ClassifiedTaxCategory", &category(inv, &l.vat_category), x.vat_rate, None);
        let _ = writeln!(o, "</cac:Item><cac:Price><cbc:PriceAmount currencyID=\"{cur}\">{}</cbc:PriceAmount></cac:Price></cac:{line_tag}>", amt(price));
    }
    let _ = writeln!(o, "</{root}>");
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_map_to_rec20_and_text_is_escaped() {
        assert_eq!(unit_code("stk"), "EA");
        assert_eq!(unit_code("t"), "HUR");
        assert_eq!(unit_code("KG"), "KGM");
        assert_eq!(esc("A & B <c> \"d\""), "A &amp; B &lt;c&gt; &quot;d&quot;");
    }
}
