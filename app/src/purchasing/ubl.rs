//! Reads an EHF / PEPPOL BIS Billing 3 invoice or credit note (UBL 2.1 XML) into a
//! supplier invoice to register. The document's own totals are checked against its
//! lines, allowances and charges (the EN 16931 sums), so an invoice that does not
//! add up is refused with what is wrong.

use roxmltree::{Document, Node};
use rust_decimal::Decimal;

use super::model::{SiInput, SiLineInput};

const INVOICE_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const CREDIT_NOTE_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";

/// An EHF document read: the invoice to register and how the supplier named itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ubl {
    pub input: SiInput,
    pub supplier_name: String,
    /// The supplier's VAT number (PartyTaxScheme) and electronic address (EndpointID).
    pub vat_no: String,
    pub endpoint: String,
    /// The supplier as the invoice names it: what a new supplier is made from.
    pub party: SupplierParty,
}

/// The seller's party of an inbound invoice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SupplierParty {
    pub name: String,
    pub org_no: String,
    pub address_line: String,
    pub postcode: String,
    pub city: String,
    /// Two letters (ISO 3166), empty when not given.
    pub country: String,
    pub email: String,
    /// Where the invoice is to be paid (PayeeFinancialAccount).
    pub bank_account: String,
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

fn children<'a, 'i: 'a>(n: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    n.children().filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The text at a path of child element names ("" when absent).
fn text(n: Node, path: &[&str]) -> String {
    let mut at = n;
    for p in path {
        match child(at, p) {
            Some(c) => at = c,
            None => return String::new(),
        }
    }
    at.text().unwrap_or("").trim().to_string()
}

fn amount(n: Node, path: &[&str], what: &str) -> Result<Option<Decimal>, String> {
    let t = text(n, path);
    if t.is_empty() {
        return Ok(None);
    }
    Decimal::from_str_exact(&t).map(Some).map_err(|_| format!("{what} is not a number: '{t}'"))
}

fn required(n: Node, path: &[&str], what: &str) -> Result<Decimal, String> {
    amount(n, path, what)?.ok_or_else(|| format!("The invoice has no {what}"))
}

/// Reads the XML. Errors are messages for the user: not XML, not UBL, a missing
/// element, or sums that do not add up.
pub fn parse(xml: &str) -> Result<Ubl, String> {
    crate::core::xml::check_bounds(xml, crate::core::xml::MAX_DEPTH)?;
    let doc = Document::parse(xml).map_err(|e| format!("The file is not valid XML: {e}"))?;
    let root = doc.root_element();
    let (ns, name) = (root.tag_name().namespace().unwrap_or(""), root.tag_name().name());
    let credit = match (ns, name) {
        (INVOICE_NS, "Invoice") => false,
        (CREDIT_NOTE_NS, "CreditNote") => true,
        _ => {
            return Err(format!(
                "This is not an EHF / UBL invoice or credit note (the document is <{name}>{})",
                if ns.is_empty() { String::new() } else { format!(" in {ns}") }
            ))
        }
    };
    let invoice_no = text(root, &["ID"]);
    if invoice_no.is_empty() {
        return Err("The invoice has no number (cbc:ID)".into());
    }
    let issue = text(root, &["IssueDate"]);
    if issue.is_empty() {
        return Err("The invoice has no issue date (cbc:IssueDate)".into());
    }
    let currency = text(root, &["DocumentCurrencyCode"]);
    let supplier = child(root, "AccountingSupplierParty").and_then(|s| child(s, "Party")).ok_or("The invoice has no supplier (cac:AccountingSupplierParty)")?;
    let supplier_name =
        Some(text(supplier, &["PartyLegalEntity", "RegistrationName"])).filter(|s| !s.is_empty()).unwrap_or_else(|| text(supplier, &["PartyName", "Name"]));
    let org_no = text(supplier, &["PartyLegalEntity", "CompanyID"]);
    let vat_no = text(supplier, &["PartyTaxScheme", "CompanyID"]);
    let endpoint = text(supplier, &["EndpointID"]);
    let street = [text(supplier, &["PostalAddress", "StreetName"]), text(supplier, &["PostalAddress", "AdditionalStreetName"])];
    let party = SupplierParty {
        name: supplier_name.clone(),
        org_no: org_no.clone(),
        address_line: street.iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(", "),
        postcode: text(supplier, &["PostalAddress", "PostalZone"]),
        city: text(supplier, &["PostalAddress", "CityName"]),
        country: text(supplier, &["PostalAddress", "Country", "IdentificationCode"]),
        email: text(supplier, &["Contact", "ElectronicMail"]),
        bank_account: text(root, &["PaymentMeans", "PayeeFinancialAccount", "ID"]),
    };
    let due = Some(text(root, &["DueDate"])).filter(|s| !s.is_empty()).unwrap_or_else(|| text(root, &["PaymentMeans", "PaymentDueDate"]));
    let kid = text(root, &["PaymentMeans", "PaymentID"]);
    let po_no = text(root, &["OrderReference", "ID"]);

    let (line_tag, qty_tag) = if credit { ("CreditNoteLine", "CreditedQuantity") } else { ("InvoiceLine", "InvoicedQuantity") };
    let mut lines = Vec::new();
    for l in children(root, line_tag) {
        let id = text(l, &["ID"]);
        let at = |m: String| format!("Line {id}: {m}");
        let qty = amount(l, &[qty_tag], "the quantity").map_err(at)?.unwrap_or(Decimal::ONE);
        let net = required(l, &["LineExtensionAmount"], "line amount").map_err(at)?;
        let price = amount(l, &["Price", "PriceAmount"], "the price").map_err(at)?.unwrap_or(Decimal::ZERO);
        let base = amount(l, &["Price", "BaseQuantity"], "the base quantity").map_err(at)?.filter(|b| !b.is_zero()).unwrap_or(Decimal::ONE);
        let item = child(l, "Item");
        let rate = match item {
            Some(i) => amount(i, &["ClassifiedTaxCategory", "Percent"], "the VAT rate").map_err(at)?.unwrap_or(Decimal::ZERO),
            None => Decimal::ZERO,
        };
        lines.push(SiLineInput {
            item_no: item.map(|i| text(i, &["BuyersItemIdentification", "ID"])).unwrap_or_default(),
            supplier_item_no: item.map(|i| text(i, &["SellersItemIdentification", "ID"])).unwrap_or_default(),
            description: item.map(|i| text(i, &["Name"])).unwrap_or_default(),
            qty,
            unit_price: (price / base).round_dp(4),
            net: Some(net),
            vat_rate: rate,
            account: String::new(),
            dimension: String::new(),
            po_line_no: text(l, &["OrderLineReference", "LineID"]).parse().ok(),
        });
    }
    if lines.is_empty() {
        return Err(format!("The invoice has no lines (cac:{line_tag})"));
    }
    let line_sum: Decimal = lines.iter().filter_map(|l| l.net).sum();

    // allowances and charges on the document: lines of their own, so that the lines
    // add up to the net amount and each keeps its VAT rate
    let (mut allowances, mut charges) = (Decimal::ZERO, Decimal::ZERO);
    for ac in children(root, "AllowanceCharge") {
        let charge = text(ac, &["ChargeIndicator"]) == "true";
        let a = required(ac, &["Amount"], "allowance or charge amount")?;
        let reason = Some(text(ac, &["AllowanceChargeReason"])).filter(|s| !s.is_empty()).unwrap_or_else(|| text(ac, &["AllowanceChargeReasonCode"]));
        if charge {
            charges += a;
        } else {
            allowances += a;
        }
        lines.push(SiLineInput {
            description: format!("{}: {reason}", if charge { "Charge" } else { "Allowance" }),
            qty: Decimal::ONE,
            unit_price: if charge { a } else { -a },
            net: Some(if charge { a } else { -a }),
            vat_rate: amount(ac, &["TaxCategory", "Percent"], "the VAT rate")?.unwrap_or(Decimal::ZERO),
            ..Default::default()
        });
    }

    let total = child(root, "LegalMonetaryTotal").ok_or("The invoice has no totals (cac:LegalMonetaryTotal)")?;
    let line_ext = required(total, &["LineExtensionAmount"], "sum of line amounts")?;
    let tax_excl = required(total, &["TaxExclusiveAmount"], "total without VAT")?;
    let tax_incl = required(total, &["TaxInclusiveAmount"], "total with VAT")?;
    let payable = required(total, &["PayableAmount"], "amount due")?;
    let prepaid = amount(total, &["PrepaidAmount"], "prepaid amount")?.unwrap_or(Decimal::ZERO);
    let rounding = amount(total, &["PayableRoundingAmount"], "rounding amount")?.unwrap_or(Decimal::ZERO);
    // the VAT total in the document's currency (a second one may give it in the tax currency)
    let tax = children(root, "TaxTotal")
        .find(|t| child(*t, "TaxAmount").and_then(|a| a.attribute("currencyID")).is_none_or(|c| c == currency))
        .map(|t| required(t, &["TaxAmount"], "VAT amount"))
        .transpose()?
        .unwrap_or(Decimal::ZERO);

    let check = |what: &str, stated: Decimal, sum: Decimal| -> Result<(), String> {
        if stated != sum {
            return Err(format!("The invoice does not add up: {what} is {stated}, but the sum is {sum}"));
        }
        Ok(())
    };
    check("the sum of line amounts", line_ext, line_sum)?;
    check("the total without VAT", tax_excl, line_ext - allowances + charges)?;
    check("the total with VAT", tax_incl, tax_excl + tax)?;
    check("the amount due", payable, tax_incl - prepaid + rounding)?;

    Ok(Ubl {
        input: SiInput {
            supplier_no: String::new(),
            org_no,
            credit_note: credit,
            invoice_no,
            invoice_date: issue,
            due_date: due,
            currency,
            kid,
            po_no,
            lines,
            net: Some(tax_excl),
            vat: Some(tax),
            gross: Some(tax_incl),
            prepaid: Some(prepaid - rounding),
        },
        supplier_name,
        vat_no,
        endpoint,
        party,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:ID>F-77</cbc:ID><cbc:IssueDate>2026-11-02</cbc:IssueDate><cbc:DueDate>2026-11-30</cbc:DueDate>
 <cbc:DocumentCurrencyCode>NOK</cbc:DocumentCurrencyCode>
 <cac:OrderReference><cbc:ID>PO-5</cbc:ID></cac:OrderReference>
 <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="0192">912345678</cbc:EndpointID>
  <cac:PartyTaxScheme><cbc:CompanyID>NO912345678MVA</cbc:CompanyID></cac:PartyTaxScheme>
  <cac:PartyLegalEntity><cbc:RegistrationName>Leverandør AS</cbc:RegistrationName><cbc:CompanyID>912345678</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
 <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentID>1234567890</cbc:PaymentID></cac:PaymentMeans>
 <cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:AllowanceChargeReason>Frakt</cbc:AllowanceChargeReason><cbc:Amount currencyID="NOK">100</cbc:Amount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent></cac:TaxCategory></cac:AllowanceCharge>
 <cac:TaxTotal><cbc:TaxAmount currencyID="NOK">125.00</cbc:TaxAmount></cac:TaxTotal>
 <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="NOK">400</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="NOK">500</cbc:TaxExclusiveAmount>
  <cbc:TaxInclusiveAmount currencyID="NOK">625</cbc:TaxInclusiveAmount><cbc:ChargeTotalAmount currencyID="NOK">100</cbc:ChargeTotalAmount><cbc:PayableAmount currencyID="NOK">625</cbc:PayableAmount></cac:LegalMonetaryTotal>
 <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="EA">4</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="NOK">400</cbc:LineExtensionAmount>
  <cac:OrderLineReference><cbc:LineID>2</cbc:LineID></cac:OrderLineReference>
  <cac:Item><cbc:Name>Skrue</cbc:Name><cac:SellersItemIdentification><cbc:ID>S-9</cbc:ID></cac:SellersItemIdentification><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent></cac:ClassifiedTaxCategory></cac:Item>
  <cac:Price><cbc:PriceAmount currencyID="NOK">100</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</Invoice>"#;

    #[test]
    fn reads_an_invoice_with_a_charge() {
        let u = parse(SMALL).unwrap();
        let i = &u.input;
        assert_eq!(
            (i.invoice_no.as_str(), i.invoice_date.as_str(), i.due_date.as_str(), i.kid.as_str(), i.po_no.as_str()),
            ("F-77", "2026-11-02", "2026-11-30", "1234567890", "PO-5")
        );
        assert_eq!((i.org_no.as_str(), u.vat_no.as_str(), u.supplier_name.as_str()), ("912345678", "NO912345678MVA", "Leverandør AS"));
        assert_eq!(i.lines.len(), 2);
        assert_eq!((i.lines[0].supplier_item_no.as_str(), i.lines[0].qty, i.lines[0].unit_price, i.lines[0].po_line_no), ("S-9", d("4"), d("100"), Some(2)));
        assert_eq!((i.lines[1].description.as_str(), i.lines[1].net), ("Charge: Frakt", Some(d("100"))));
        assert_eq!((i.net, i.vat, i.gross), (Some(d("500")), Some(d("125.00")), Some(d("625"))));
    }

    #[test]
    fn refuses_what_is_not_ubl_or_does_not_add_up() {
        assert!(parse("<Invoice><ID>").unwrap_err().starts_with("The file is not valid XML"));
        assert!(parse("<Order xmlns=\"urn:x\"/>").unwrap_err().contains("not an EHF / UBL invoice"));
        let bad = SMALL.replace("<cbc:TaxInclusiveAmount currencyID=\"NOK\">625", "<cbc:TaxInclusiveAmount currencyID=\"NOK\">626");
        assert_eq!(parse(&bad).unwrap_err(), "The invoice does not add up: the total with VAT is 626, but the sum is 625.00");
        let bad = SMALL.replace(
            "<cbc:LineExtensionAmount currencyID=\"NOK\">400</cbc:LineExtensionAmount><cbc:TaxEx",
            "<cbc:LineExtensionAmount currencyID=\"NOK\">410</cbc:LineExtensionAmount><cbc:TaxEx",
        );
        assert!(parse(&bad).unwrap_err().contains("the sum of line amounts is 410, but the sum is 400"));
    }

    /// The official PEPPOL examples in ../shared (beside every clone on our machines).
    #[test]
    fn reads_the_official_examples_with_their_totals() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/peppol/examples");
        if !dir.exists() {
            assert!(std::env::var("CI").is_err(), "CI needs ../shared/conformance/peppol/examples");
            eprintln!("skipped: ../shared/conformance/peppol/examples is not beside this clone");
            return;
        }
        let expect = [
            ("Allowance-example.xml", "5900", "1225.00", "7125"),
            ("base-example.xml", "1325", "331.25", "1656.25"),
            ("base-creditnote-correction.xml", "1325", "331.25", "1656.25"),
            ("base-negative-inv-correction.xml", "-1325", "-331.25", "-1656.25"),
            ("sales-order-example.xml", "1325", "331.25", "1656.25"),
            ("vat-category-E.xml", "1200", "0", "1200"),
        ];
        for (file, net, vat, gross) in expect {
            let xml = std::fs::read_to_string(dir.join(file)).unwrap();
            let u = parse(&xml).unwrap_or_else(|e| panic!("{file}: {e}"));
            let i = u.input;
            assert_eq!(
                (i.net.map(|x| x.normalize()), i.vat.map(|x| x.normalize()), i.gross.map(|x| x.normalize())),
                (Some(d(net).normalize()), Some(d(vat).normalize()), Some(d(gross).normalize())),
                "{file}"
            );
            assert_eq!(i.credit_note, file.contains("creditnote"), "{file}");
            let (n, v, g) = super::super::model::si_totals(&i.lines.iter().map(|l| (l.net.unwrap(), l.vat_rate)).collect::<Vec<_>>());
            assert_eq!((n, v, g), (d(net), d(vat), d(gross)), "{file}: the lines add up");
        }
    }
}
