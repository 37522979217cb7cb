//! The sales documents as PDF, in the company's name and the customer's language:
//! the quote, the order confirmation, the packing slip (no prices), and the invoice
//! and credit note (with how to pay).
use rust_decimal::Decimal;

use super::lines::LineKind;
use super::model::Doc;
use crate::core::{format, Lang, T};
use crate::print::{Face, Sheet, MARGIN, WIDTH};
use crate::setup::model::CompanyProfile;

/// What a document prints: its title, the dates in its head, and whether prices show.
pub struct Layout {
    pub title: T,
    pub number: String,
    pub facts: Vec<(T, String)>,
    pub prices: bool,
    pub address: String,
    /// Invoices: how to pay (KID, account, due date, amount), printed under the totals.
    pub payment: Vec<(T, String)>,
}

const RIGHT: f32 = WIDTH - MARGIN;
// columns: item no, description, quantity (right edge), price, discount, amount
const C_DESC: f32 = MARGIN + 70.0;
const C_QTY: f32 = 360.0;
const C_PRICE: f32 = 430.0;
const C_DISC: f32 = 470.0;

fn q(d: Decimal, l: Lang) -> String {
    crate::sales::pages::qty(d, l)
}

fn header(s: &mut Sheet, company: &CompanyProfile, logo: Option<&[u8]>, lay: &Layout, l: Lang) {
    match logo {
        Some(bytes) => s.image(MARGIN, MARGIN - 20.0, 160.0, 50.0, bytes.to_vec()),
        None => s.text(MARGIN, MARGIN, 16.0, Face::Bold, &company.name),
    }
    s.text(330.0, MARGIN, 16.0, Face::Bold, &format!("{} {}", l.t(lay.title), lay.number));
    s.y = MARGIN + 50.0;
}

fn column_heads(s: &mut Sheet, prices: bool, l: Lang) {
    let y = s.y;
    s.text(MARGIN, y, 8.0, Face::Bold, l.t(T::ItemNo));
    s.text(C_DESC, y, 8.0, Face::Bold, l.t(T::Description));
    s.right(C_QTY, y, 8.0, l.t(T::Quantity));
    if prices {
        s.right(C_PRICE, y, 8.0, l.t(T::Price));
        s.right(C_DISC, y, 8.0, "%");
        s.right(RIGHT, y, 8.0, l.t(T::Net));
    }
    s.rule(y + 4.0);
    s.y = y + 16.0;
}

/// Lays out a quote, order confirmation or packing slip.
pub fn render(company: &CompanyProfile, logo: Option<&[u8]>, doc: &Doc, lay: &Layout, lang: Lang) -> Result<Vec<u8>, String> {
    let l = lang;
    let mut s = Sheet::new();
    header(&mut s, company, logo, lay, l);
    // sender and receiver
    let top = s.y;
    let mut y = top;
    for line in [
        company.name.clone(),
        company.address_line.clone(),
        format!("{} {}", company.postcode, company.city),
        format!("{} {}", l.t(T::OrgNoShort), company.org_no),
        company.email.clone(),
        company.phone.clone(),
    ] {
        if !line.trim().is_empty() {
            s.text(MARGIN, y, 9.0, Face::Regular, line.trim());
            y += 12.0;
        }
    }
    let mut y2 = top;
    s.text(330.0, y2, 8.0, Face::Bold, l.t(if lay.prices { T::Customer } else { T::DeliverTo }));
    y2 += 12.0;
    for line in lay.address.lines().filter(|x| !x.trim().is_empty()) {
        s.text(330.0, y2, 9.0, Face::Regular, line.trim());
        y2 += 12.0;
    }
    y2 += 6.0;
    for (label, value) in &lay.facts {
        if !value.is_empty() {
            s.text(330.0, y2, 8.0, Face::Regular, l.t(*label));
            s.text(430.0, y2, 8.0, Face::Regular, value);
            y2 += 11.0;
        }
    }
    s.y = y.max(y2) + 20.0;
    column_heads(&mut s, lay.prices, l);
    let prices = lay.prices;
    let mut again = |p: &mut Sheet| {
        p.y = MARGIN + 10.0;
        p.text(MARGIN, MARGIN, 8.0, Face::Regular, &format!("{} {} ({})", l.t(lay.title), lay.number, company.name));
        column_heads(p, prices, l);
    };
    for x in &doc.lines {
        let line = &x.line;
        let y = s.y;
        match line.kind {
            LineKind::Heading => {
                s.text_max(MARGIN, y, 9.5, Face::Bold, &line.description, 80);
            }
            LineKind::Text => {
                s.text_max(C_DESC, y, 8.5, Face::Regular, &line.description, 90);
            }
            LineKind::Item => {
                s.text_max(MARGIN, y, 8.5, Face::Regular, &line.item_no, 12);
                s.text_max(C_DESC, y, 8.5, Face::Regular, &line.description, if prices { 42 } else { 60 });
                s.right(C_QTY, y, 8.5, &format!("{} {}", q(line.qty, l), line.unit));
                if prices {
                    s.right(C_PRICE, y, 8.5, &format::amount(line.unit_price, l));
                    if !line.discount_pct.is_zero() {
                        s.right(C_DISC, y, 8.5, &q(line.discount_pct, l));
                    }
                    s.right(RIGHT, y, 8.5, &format::amount(line.net, l));
                }
            }
        }
        s.advance(13.0, &mut again);
    }
    if prices {
        let t = &doc.totals;
        s.rule(s.y - 6.0);
        s.advance(6.0, &mut again);
        for st in &t.subtotals {
            let y = s.y;
            s.text(C_PRICE - 150.0, y, 8.5, Face::Regular, &format!("{} {}", l.t(T::Subtotal), st.heading));
            s.right(RIGHT, y, 8.5, &format::amount(st.net, l));
            s.advance(12.0, &mut again);
        }
        let y = s.y;
        s.text(C_PRICE - 150.0, y, 9.0, Face::Regular, l.t(T::Net));
        s.right(RIGHT, y, 9.0, &format::amount(t.net, l));
        s.advance(12.0, &mut again);
        for v in &t.vat {
            let y = s.y;
            s.text(C_PRICE - 150.0, y, 9.0, Face::Regular, &format!("{} {} % {} {}", l.t(T::Vat), q(v.rate, l), l.t(T::From).to_lowercase(), format::amount(v.base, l)));
            s.right(RIGHT, y, 9.0, &format::amount(v.vat, l));
            s.advance(12.0, &mut again);
        }
        let y = s.y + 4.0;
        s.text(C_PRICE - 150.0, y, 10.0, Face::Bold, &format!("{} ({})", l.t(T::TotalInclVat), doc.currency));
        s.right(RIGHT, y, 10.0, &format::amount(t.gross, l));
        s.advance(30.0, &mut again);
    }
    for (label, value) in lay.payment.iter().filter(|(_, v)| !v.is_empty()) {
        let y = s.y;
        s.text(C_PRICE - 150.0, y, 10.0, Face::Bold, l.t(*label));
        s.right(RIGHT, y, 10.0, value);
        s.advance(14.0, &mut again);
    }
    s.render()
}

/// The language of the customer's documents.
pub fn doc_lang(code: &str) -> Lang {
    Lang::parse(code).unwrap_or(Lang::Nb)
}
