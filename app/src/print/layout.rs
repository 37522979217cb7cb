//! The sales documents as PDF, in the company's name and the customer's language:
//! the quote, the order confirmation, the packing slip (no prices), the invoice and
//! credit note (with how to pay), letters (reminders) and the purchase order.
//! Every document carries the seller's legal identity (`CompanyProfile::legal_lines`);
//! dates print in the document's language; nothing is cut: text wraps in its column
//! and a long table continues on the next page under its repeated heads.
use rust_decimal::Decimal;

use super::{Column, Face, Sheet, Table, MARGIN, WIDTH};
use crate::core::document::Doc;
use crate::core::lines::LineKind;
use crate::core::{format, Lang, T};
use crate::setup::model::CompanyProfile;

/// What the body of a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// Lines with prices, totals and VAT (quote, order, invoice, purchase order).
    Priced,
    /// Lines with quantities only (packing slip).
    Quantities,
    /// The text lines as paragraphs, no table (reminder letters).
    Letter,
}

/// What a document prints around its lines.
pub struct Layout {
    pub title: T,
    pub number: String,
    /// The heading over the receiver's address: customer, supplier, deliver to.
    pub party: T,
    pub address: String,
    /// The facts in the head (dates print in the document's language).
    pub facts: Vec<(T, String)>,
    pub body: Body,
    /// Invoices: how to pay (KID, account, due date, amount), under the totals.
    pub payment: Vec<(T, String)>,
    /// Labelled paragraphs under everything (credit reason, VAT exemption, note).
    pub notes: Vec<(T, String)>,
}

impl Layout {
    pub fn new(title: T, number: &str, party: T, address: String, body: Body) -> Self {
        Layout { title, number: number.to_string(), party, address, facts: Vec::new(), body, payment: Vec::new(), notes: Vec::new() }
    }
}

const RIGHT: f32 = WIDTH - MARGIN;
/// Where the right-hand column of the head (receiver, facts) starts.
const COL2: f32 = 330.0;
const LABELS: f32 = 300.0;

/// The receiver's address as lines: name, street, postcode and town, country when abroad.
pub fn address(name: &str, line: &str, postcode: &str, city: &str) -> String {
    [name.to_string(), line.to_string(), format!("{postcode} {city}")].join("\n")
}

/// The first page's head: logo or name, title and number, the seller with its legal
/// identity on the left, the receiver and the facts on the right.
pub fn head(s: &mut Sheet, company: &CompanyProfile, logo: Option<&[u8]>, lay: &Layout, l: Lang) {
    match logo {
        Some(bytes) => s.image(MARGIN, MARGIN - 20.0, 160.0, 50.0, bytes.to_vec()),
        None => {
            s.block(MARGIN, MARGIN, LABELS - MARGIN - 10.0, 15.0, Face::Bold, &company.name);
        }
    }
    s.block(LABELS, MARGIN, RIGHT - LABELS, 15.0, Face::Bold, &format!("{} {}", l.t(lay.title), lay.number));
    let top = MARGIN + 50.0;
    let mut y = top;
    let mut seller = vec![company.name.clone(), company.address_line.clone(), format!("{} {}", company.postcode, company.city)];
    seller.extend(company.legal_lines(l));
    seller.extend([company.email.clone(), company.phone.clone()]);
    for line in seller.iter().map(|x| x.trim()).filter(|x| !x.is_empty()) {
        y = s.block(MARGIN, y, COL2 - MARGIN - 20.0, 9.0, Face::Regular, line) - 0.15 * 9.0;
    }
    let mut y2 = s.block(COL2, top, RIGHT - COL2, 8.0, Face::Bold, l.t(lay.party));
    for line in lay.address.lines().map(str::trim).filter(|x| !x.is_empty()) {
        y2 = s.block(COL2, y2, RIGHT - COL2, 9.0, Face::Regular, line) - 0.15 * 9.0;
    }
    y2 += 6.0;
    for (label, value) in lay.facts.iter().filter(|(_, v)| !v.trim().is_empty()) {
        let after_label = s.block(COL2, y2, 95.0, 8.0, Face::Regular, l.t(*label));
        let after_value = s.block(COL2 + 100.0, y2, RIGHT - COL2 - 100.0, 8.0, Face::Regular, &format::dates_in(value, l));
        y2 = after_label.max(after_value);
    }
    s.y = y.max(y2) + 20.0;
}

/// The head of every page after the first.
pub fn continued(s: &mut Sheet, company: &CompanyProfile, lay: &Layout, l: Lang) {
    let page = s.page_count();
    s.y = s.block(
        MARGIN,
        MARGIN,
        RIGHT - MARGIN,
        8.0,
        Face::Regular,
        &format!("{} {} · {} · {} {page}", l.t(lay.title), lay.number, company.name, l.t(T::PageNo)),
    ) + 8.0;
}

fn q(d: Decimal, l: Lang) -> String {
    format::qty(d, l)
}

/// The line table of a priced document or a packing slip.
fn line_table(prices: bool, l: Lang) -> Table {
    let h = |k: T| l.t(k).to_string();
    if prices {
        Table::new(
            vec![
                Column::left(MARGIN, 112.0),
                Column::left(116.0, 288.0),
                Column::num(292.0, 348.0),
                Column::num(350.0, 410.0),
                Column::num(412.0, 436.0),
                Column::num(438.0, 474.0),
                Column::num(478.0, RIGHT),
            ],
            vec![h(T::ItemNo), h(T::Description), h(T::Quantity), h(T::Price), "%".into(), h(T::VatPct), h(T::Net)],
            8.5,
        )
    } else {
        Table::new(
            vec![Column::left(MARGIN, 112.0), Column::left(116.0, 440.0), Column::num(444.0, RIGHT)],
            vec![h(T::ItemNo), h(T::Description), h(T::Quantity)],
            8.5,
        )
    }
}

/// Lays out a document of `Layout` with the lines of `doc`.
pub fn render(company: &CompanyProfile, logo: Option<&[u8]>, doc: &Doc, lay: &Layout, lang: Lang) -> Result<Vec<u8>, String> {
    let l = lang;
    let mut s = Sheet::new();
    head(&mut s, company, logo, lay, l);
    let mut again = |p: &mut Sheet| continued(p, company, lay, l);
    match lay.body {
        Body::Letter => {
            for x in &doc.lines {
                s.keep(24.0, &mut again);
                s.y = s.block(MARGIN, s.y, RIGHT - MARGIN, 10.0, Face::Regular, &format::dates_in(&x.line.description, l)) + 6.0;
            }
            s.y += 10.0;
        }
        Body::Priced | Body::Quantities => {
            let prices = lay.body == Body::Priced;
            let t = line_table(prices, l);
            t.heads(&mut s);
            for x in &doc.lines {
                let line = &x.line;
                match line.kind {
                    LineKind::Heading => s.wide_row(&t, 0, &line.description, Face::Bold, &mut again),
                    LineKind::Text => s.wide_row(&t, 1, &line.description, Face::Regular, &mut again),
                    LineKind::Item => {
                        let qty = format!("{} {}", q(line.qty, l), line.unit);
                        if prices {
                            let (price, disc, vat, net) = (
                                format::amount(line.unit_price, l),
                                if line.discount_pct.is_zero() { String::new() } else { q(line.discount_pct, l) },
                                q(line.vat_rate, l),
                                format::amount(line.net, l),
                            );
                            s.row(
                                &t,
                                &[(&line.item_no, None), (&line.description, None), (&qty, None), (&price, None), (&disc, None), (&vat, None), (&net, None)],
                                &mut again,
                            );
                        } else {
                            s.row(&t, &[(&line.item_no, None), (&line.description, None), (&qty, None)], &mut again);
                        }
                    }
                }
            }
            if prices {
                totals(&mut s, doc, l, &mut again);
            }
        }
    }
    let sums = Table::new(vec![Column::left(LABELS, 440.0), Column::num(444.0, RIGHT)], Vec::new(), 10.0);
    for (label, value) in lay.payment.iter().filter(|(_, v)| !v.is_empty()) {
        s.row(&sums, &[(l.t(*label), Some(Face::Bold)), (&format::dates_in(value, l), None)], &mut again);
    }
    for (label, text) in lay.notes.iter().filter(|(_, v)| !v.trim().is_empty()) {
        s.y += 8.0;
        s.keep(30.0, &mut again);
        s.y = s.block(MARGIN, s.y, RIGHT - MARGIN, 8.5, Face::Bold, l.t(*label));
        s.y = s.block(MARGIN, s.y, RIGHT - MARGIN, 8.5, Face::Regular, &format::dates_in(text, l));
    }
    s.render()
}

/// Subtotals per section, net, VAT per rate with its base, and the total.
fn totals(s: &mut Sheet, doc: &Doc, l: Lang, again: &mut dyn FnMut(&mut Sheet)) {
    let t = &doc.totals;
    s.rule(s.y - 6.0);
    s.y += 6.0;
    let sums = Table::new(vec![Column::left(LABELS, 440.0), Column::num(444.0, RIGHT)], Vec::new(), 9.0);
    for st in &t.subtotals {
        s.row(&sums, &[(&format!("{} {}", l.t(T::Subtotal), st.heading), None), (&format::amount(st.net, l), None)], again);
    }
    s.row(&sums, &[(l.t(T::Net), None), (&format::amount(t.net, l), None)], again);
    for v in &t.vat {
        let label = format!("{} {} % {} {}", l.t(T::Vat), q(v.rate, l), l.t(T::OfBase), format::amount(v.base, l));
        s.row(&sums, &[(&label, None), (&format::amount(v.vat, l), None)], again);
    }
    s.y += 4.0;
    let grand = Table::new(sums.cols.clone(), Vec::new(), 10.0);
    s.row(&grand, &[(&format!("{} ({})", l.t(T::TotalInclVat), doc.currency), Some(Face::Bold)), (&format::amount(t.gross, l), None)], again);
    s.y += 16.0;
}

/// The language of the customer's documents.
pub fn doc_lang(code: &str) -> Lang {
    Lang::parse(code).unwrap_or(Lang::Nb)
}
