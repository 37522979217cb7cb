//! Parties to and from CSV. The same columns are written by the export and read by
//! the import, so an exported file imports into another company unchanged.
use super::model::{Party, PartyInput};
use crate::core::csv::{self, Table};

pub const COLUMNS: [&str; 23] = [
    "customer_no",
    "supplier_no",
    "kind",
    "name",
    "org_no",
    "vat_no",
    "country",
    "address_line",
    "postcode",
    "city",
    "invoice_email",
    "peppol_id",
    "phone",
    "web",
    "payment_terms",
    "delivery_terms",
    "currency",
    "discount",
    "credit_limit",
    "vat_exempt_reason",
    "doc_lang",
    "notes",
    "posting_group",
];

/// `customer`, `supplier` or `both`.
fn kind_of(p: &Party) -> &'static str {
    match (p.is_customer, p.is_supplier) {
        (true, true) => "both",
        (false, true) => "supplier",
        _ => "customer",
    }
}

pub fn export(parties: &[Party]) -> String {
    let rows: Vec<Vec<String>> = parties
        .iter()
        .map(|p| {
            vec![
                p.customer_no.clone().unwrap_or_default(),
                p.supplier_no.clone().unwrap_or_default(),
                kind_of(p).into(),
                p.name.clone(),
                p.org_no.clone(),
                p.vat_no.clone(),
                p.country.clone(),
                p.address_line.clone(),
                p.postcode.clone(),
                p.city.clone(),
                p.invoice_email.clone(),
                p.peppol_id.clone(),
                p.phone.clone(),
                p.web.clone(),
                p.payment_terms.clone().unwrap_or_default(),
                p.delivery_terms.clone().unwrap_or_default(),
                p.currency.clone(),
                if p.discount.is_zero() { String::new() } else { csv::decimal(p.discount) },
                p.credit_limit.map(csv::decimal).unwrap_or_default(),
                p.vat_exempt_reason.clone(),
                p.doc_lang.clone(),
                p.notes.clone(),
                p.posting_group.clone(),
            ]
        })
        .collect();
    csv::write(&COLUMNS, &rows)
}

/// Reads the rows of an import file into party inputs with their line numbers. The
/// file must have `name`; `kind` defaults to customer. Numbers in the file are not
/// taken over: imported parties get numbers from the company's series.
pub fn rows(table: &Table) -> Result<Vec<(usize, Result<PartyInput, String>)>, String> {
    table.require(&["name"])?;
    Ok(table
        .rows
        .iter()
        .map(|(line, r)| {
            let g = |c: &str| table.get(r, c).to_string();
            let on = Some("on".to_string());
            let input = match g("kind").trim().to_lowercase().as_str() {
                "" | "customer" => Ok((on.clone(), None)),
                "supplier" => Ok((None, on.clone())),
                "both" => Ok((on.clone(), on.clone())),
                other => Err(format!("Unknown kind '{other}': use customer, supplier or both")),
            }
            .map(|(is_customer, is_supplier)| PartyInput {
                is_customer,
                is_supplier,
                name: g("name"),
                org_no: g("org_no"),
                vat_no: g("vat_no"),
                country: g("country"),
                address_line: g("address_line"),
                postcode: g("postcode"),
                city: g("city"),
                invoice_email: g("invoice_email"),
                peppol_id: g("peppol_id"),
                phone: g("phone"),
                web: g("web"),
                payment_terms: g("payment_terms"),
                delivery_terms: g("delivery_terms"),
                currency: g("currency"),
                discount: g("discount"),
                credit_limit: g("credit_limit"),
                vat_exempt: if g("vat_exempt_reason").trim().is_empty() { None } else { on.clone() },
                vat_exempt_reason: g("vat_exempt_reason"),
                doc_lang: g("doc_lang"),
                notes: g("notes"),
                posting_group: g("posting_group"),
                active: on.clone(),
                ..Default::default()
            });
            (*line, input)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parties::model::PartyDefaults;

    #[test]
    fn export_then_import_gives_the_same_parties() {
        let d = PartyDefaults { country: "NO".into(), currency: "NOK".into() };
        let input = PartyInput {
            is_customer: Some("on".into()),
            is_supplier: Some("on".into()),
            name: "Bergen Rør; og Sveis AS".into(),
            org_no: "988077917".into(),
            city: "Bergen".into(),
            discount: "2,5".into(),
            notes: "Ring før \"levering\"\nlinje 2".into(),
            ..Default::default()
        };
        let p = input.validate(&d, crate::core::Lang::Nb).unwrap();
        let text = export(std::slice::from_ref(&p));
        let t = csv::parse(&text).unwrap();
        let back = rows(&t).unwrap();
        assert_eq!(back.len(), 1);
        let again = back[0].1.clone().unwrap().validate(&d, crate::core::Lang::Nb).unwrap();
        assert_eq!(again, p);
    }

    #[test]
    fn bad_rows_are_named_by_line() {
        let t = csv::parse("name;kind\nA AS;customer\nB AS;vendor\n").unwrap();
        let r = rows(&t).unwrap();
        assert!(r[0].1.is_ok());
        assert_eq!(r[1].0, 3);
        assert!(r[1].1.as_ref().unwrap_err().contains("Unknown kind"));
        assert!(rows(&csv::parse("navn\nx\n").unwrap()).unwrap_err().contains("name"));
    }
}
