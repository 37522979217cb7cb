//! SIE 4I (SIE-Gruppen, file format edition 4B): the vouchers of a period for a Swedish
//! accounting program to import. `#FORMAT PC8`: the bytes are code page 437; every
//! record is a label and fields, text in quotes; customers and suppliers are objects
//! of the reserved dimensions 8 and 9; `#KSUMMA` is the CRC-32 of the records' labels
//! and fields (spec section 10). The voucher numbers are left to the receiving program
//! (allowed in 4I); Flyt's own number leads each voucher's text.
use rust_decimal::Decimal;

use super::{DimKind, Dimension, Entry, Export, Writer};
use crate::accounting::model::Side;

/// A field of a record.
pub enum Field<'a> {
    /// Written as it is (numbers, dates, codes without spaces).
    Bare(String),
    /// Written in quotes, a quote inside escaped.
    Quoted(&'a str),
    /// An object list `{dim "object" …}`.
    Objects(Vec<(u8, &'a str)>),
}

/// A character as code page 437 (ø as ö); what 437 cannot write becomes `?`, control
/// characters (which the spec forbids in text) a space, and a backslash a slash (the
/// spec gives it no meaning but before a quote).
fn cp437(c: char) -> u8 {
    match c {
        '\\' => b'/',
        c if (c as u32) < 0x20 || c as u32 == 0x7f => b' ',
        // code page 437 has no ø: the Swedish ö reads as the same letter
        'ø' => cp437('ö'),
        'Ø' => cp437('Ö'),
        // only a character that reads back as itself (the library stands in ε for €)
        c => codepage_437::CP437_CONTROL.encode(c).filter(|&b| codepage_437::CP437_CONTROL.decode(b) == c).unwrap_or(b'?'),
    }
}

/// The Swedish organisation number with its hyphen after the sixth digit.
pub fn org_no(s: &str) -> String {
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    let d = if d.len() == 12 { d[2..].to_string() } else { d };
    if d.len() == 10 {
        format!("{}-{}", &d[..6], &d[6..])
    } else {
        d
    }
}

pub fn amount(d: Decimal) -> String {
    format!("{:.2}", d.round_dp(2))
}

pub struct SieWriter {
    out: Vec<u8>,
    crc: crc32fast::Hasher,
    /// Whether records go into the checksum (from after the first `#KSUMMA`).
    summing: bool,
}

impl SieWriter {
    /// Appends one record: its line in the file and its bytes in the checksum.
    pub fn record(&mut self, label: &str, fields: &[Field]) {
        let mut sum: Vec<u8> = label.bytes().collect();
        self.out.extend_from_slice(label.as_bytes());
        for f in fields {
            self.out.push(b' ');
            match f {
                Field::Bare(s) => {
                    let b: Vec<u8> = s.chars().filter(|c| !c.is_whitespace()).map(cp437).collect();
                    self.out.extend_from_slice(&b);
                    sum.extend(b);
                }
                Field::Quoted(s) => self.quoted(s, &mut sum),
                Field::Objects(list) => {
                    self.out.push(b'{');
                    for (i, (dim, object)) in list.iter().enumerate() {
                        if i > 0 {
                            self.out.push(b' ');
                        }
                        let d = dim.to_string();
                        self.out.extend_from_slice(d.as_bytes());
                        sum.extend(d.bytes());
                        self.out.push(b' ');
                        self.quoted(object, &mut sum);
                    }
                    self.out.push(b'}');
                }
            }
        }
        self.out.push(b'\n');
        if self.summing {
            self.crc.update(&sum);
        }
    }

    fn quoted(&mut self, s: &str, sum: &mut Vec<u8>) {
        self.out.push(b'"');
        for c in s.chars() {
            let b = cp437(c);
            if b == b'"' {
                self.out.push(b'\\');
            }
            self.out.push(b);
            sum.push(b);
        }
        self.out.push(b'"');
    }

    /// Writes the flag, identification and chart records.
    pub fn new(e: &Export) -> SieWriter {
        let mut w = SieWriter { out: Vec::with_capacity(64 * 1024), crc: crc32fast::Hasher::new(), summing: false };
        w.record("#FLAGGA", &[Field::Bare("0".into())]);
        w.record("#KSUMMA", &[]);
        w.summing = true;
        w.record("#PROGRAM", &[Field::Quoted("Flyt"), Field::Quoted(env!("CARGO_PKG_VERSION"))]);
        w.record("#FORMAT", &[Field::Bare("PC8".into())]);
        w.record("#GEN", &[Field::Bare(e.today.format("%Y%m%d").to_string()), Field::Quoted(&e.user)]);
        w.record("#SIETYP", &[Field::Bare("4".into())]);
        let org = org_no(&e.company.org_no);
        if !org.is_empty() {
            w.record("#ORGNR", &[Field::Bare(org)]);
        }
        w.record("#FNAMN", &[Field::Quoted(&e.company.name)]);
        w.record("#VALUTA", &[Field::Bare(e.company.currency.clone())]);
        for a in e.accounts.iter().filter(|a| a.used) {
            w.record("#KONTO", &[Field::Bare(a.number.clone()), Field::Quoted(&a.name)]);
        }
        for kind in [DimKind::Project, DimKind::Seller] {
            let (dim, name) = kind.sie();
            let objects: Vec<&Dimension> = e.dimensions.iter().filter(|d| d.kind == kind).collect();
            if objects.is_empty() {
                continue;
            }
            w.record("#DIM", &[Field::Bare(dim.to_string()), Field::Quoted(name)]);
            for d in objects {
                w.record(
                    "#OBJEKT",
                    &[Field::Bare(dim.to_string()), Field::Quoted(&d.id), Field::Quoted(if d.name.trim().is_empty() { &d.id } else { &d.name })],
                );
            }
        }
        for (side, dim, name) in [(Side::Customer, 8u8, "Kunder"), (Side::Supplier, 9, "Leverantörer")] {
            let mut objects: Vec<(&str, &str)> = e.parties.iter().filter(|p| p.side == side && p.in_period).map(|p| (p.no.as_str(), p.name.as_str())).collect();
            objects.dedup();
            if objects.is_empty() {
                continue;
            }
            w.record("#DIM", &[Field::Bare(dim.to_string()), Field::Quoted(name)]);
            for (no, name) in objects {
                w.record("#OBJEKT", &[Field::Bare(dim.to_string()), Field::Quoted(no), Field::Quoted(name)]);
            }
        }
        w
    }
}

impl Writer for SieWriter {
    fn voucher(&mut self, lines: &[Entry]) {
        let Some(head) = lines.first() else { return };
        let text = format!("{} {}", head.voucher_id(), head.text);
        self.record(
            "#VER",
            &[
                Field::Quoted(&head.series),
                Field::Quoted(""),
                Field::Bare(head.date.format("%Y%m%d").to_string()),
                Field::Quoted(&text),
                Field::Bare(head.posted.format("%Y%m%d").to_string()),
            ],
        );
        self.out.extend_from_slice(b"{\n");
        for l in lines {
            let mut objects: Vec<(u8, &str)> =
                [DimKind::Project, DimKind::Seller].into_iter().map(|k| (k.sie().0, k.of(l))).filter(|(_, id)| !id.is_empty()).collect();
            match (l.party_no.is_empty(), l.kind.party_side()) {
                (true, _) => {}
                (false, Side::Customer) => objects.push((8, l.party_no.as_str())),
                (false, Side::Supplier) => objects.push((9, l.party_no.as_str())),
            }
            self.record("#TRANS", &[Field::Bare(l.account.clone()), Field::Objects(objects), Field::Bare(amount(l.debit - l.credit))]);
        }
        self.out.extend_from_slice(b"}\n");
    }

    fn finish(&mut self) {
        let sum = std::mem::take(&mut self.crc).finalize();
        self.summing = false;
        self.record("#KSUMMA", &[Field::Bare(sum.to_string())]);
    }

    fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_numbers_get_their_hyphen_and_text_its_code_page() {
        assert_eq!(org_no("5566778899"), "556677-8899");
        assert_eq!(org_no("16556677-8899"), "556677-8899");
        assert_eq!(cp437('å'), 0x86);
        assert_eq!(cp437('Ö'), 0x99);
        assert_eq!(cp437('€'), b'?');
        assert_eq!((cp437('ø'), cp437('Ø')), (0x94, 0x99));
        assert_eq!(cp437('\n'), b' ');
    }

    #[test]
    fn a_record_sums_its_label_and_fields_without_quotes_spaces_or_braces() {
        let mut w = SieWriter { out: Vec::new(), crc: crc32fast::Hasher::new(), summing: true };
        w.record("#TRANS", &[Field::Bare("1510".into()), Field::Objects(vec![(8, "K 1")]), Field::Bare("-12.50".into())]);
        w.record("#KONTO", &[Field::Bare("1915".into()), Field::Quoted("Kassa \"special\"")]);
        assert_eq!(w.out, b"#TRANS 1510 {8 \"K 1\"} -12.50\n#KONTO 1915 \"Kassa \\\"special\\\"\"\n".to_vec());
        let mut h = crc32fast::Hasher::new();
        h.update(b"#TRANS15108K 1-12.50#KONTO1915Kassa \"special\"");
        assert_eq!(w.crc.finalize(), h.finalize());
    }
}
