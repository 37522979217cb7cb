//! Bank files: Nets OCR giro (80-character records, see ../shared/reference) and
//! ISO 20022 camt.053 statements, read into incoming payments; and the matching
//! rule: by KID first, then by the amount and an invoice number in the text.
use std::collections::HashMap;

use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::Reader;

/// An incoming payment read from a bank file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankLine {
    pub date: NaiveDate,
    /// In minor units (øre / öre / cent), above 0.
    pub amount_minor: i64,
    pub currency: String,
    pub kid: String,
    pub text: String,
    pub payer: String,
    /// The bank's reference of the transaction.
    pub reference: String,
    /// What the line is: a booked payment, or one that must not pay an invoice.
    pub kind: LineKind,
}

pub use super::model::BankLineKind as LineKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Ocr,
    Camt053,
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Ocr => "ocr",
            Format::Camt053 => "camt053",
        }
    }
}

/// Reads a bank file. Anything that is not a complete OCR giro or camt.053 file is
/// refused with a message that says what is wrong.
pub fn parse(bytes: &[u8]) -> Result<(Format, Vec<BankLine>), String> {
    let head: Vec<u8> = bytes.iter().copied().skip_while(|b| b.is_ascii_whitespace() || *b == 0xEF || *b == 0xBB || *b == 0xBF).take(200).collect();
    if head.starts_with(b"NY000010") {
        return parse_ocr(bytes).map(|l| (Format::Ocr, l));
    }
    if head.starts_with(b"<") {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| "The XML file is not UTF-8 encoded (a camt.053 file from the bank is): check the file or export it again".to_string())?;
        if !text.contains("camt.053") {
            return Err("This XML file is not an ISO 20022 camt.053 bank statement (its namespace should name camt.053)".into());
        }
        return parse_camt053(text).map(|l| (Format::Camt053, l));
    }
    if std::str::from_utf8(bytes).is_err() && !bytes.is_ascii() {
        return Err("Not a bank file Flyt reads: use a Nets OCR giro file (starts with NY000010) or an ISO 20022 camt.053 XML statement".into());
    }
    Err("Not a bank file Flyt reads: use a Nets OCR giro file (starts with NY000010) or an ISO 20022 camt.053 XML statement".into())
}

/// One OCR record: its bytes.
struct Rec<'a>(&'a [u8]);

impl Rec<'_> {
    /// Bytes `a..b` read as ISO-8859-1 (every byte is a letter of its own).
    fn f(&self, a: usize, b: usize) -> String {
        self.0[a..b].iter().map(|&c| c as char).collect()
    }
}

fn num(s: &str, what: &str, rec: usize) -> Result<i64, String> {
    s.trim().parse::<i64>().map_err(|_| format!("Record {rec}: {what} '{}' is not a number", s.trim()))
}

fn ddmmyy(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d%m%y").ok()
}

/// Nets OCR giro: start transmission (10), per assignment start (20), amount items
/// 30 + 31 (+ 32), end assignment (88), end transmission (89). The counts and sums
/// of the end records are checked, so a truncated file is refused.
pub fn parse_ocr(bytes: &[u8]) -> Result<Vec<BankLine>, String> {
    // An OCR file is bytes: 80 per record, ASCII by the spec, but names and texts from
    // the bank may carry ISO-8859-1 letters (Å is one byte). Records are measured and
    // cut in bytes, and each field is read as Latin-1.
    let records: Vec<Rec> =
        bytes.split(|&b| b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l)).filter(|l| !l.iter().all(|b| b.is_ascii_whitespace())).map(Rec).collect();
    let mut out = Vec::new();
    let mut current: Option<BankLine> = None;
    let (mut records_seen, mut tx_total, mut sum_total) = (0i64, 0i64, 0i64);
    let mut ended = false;
    for (i, r) in records.iter().enumerate() {
        let n = i + 1;
        if r.0.len() != 80 {
            return Err(format!("Record {n} has {} characters, not 80: the file is damaged or not an OCR giro file", r.0.len()));
        }
        if !r.0.starts_with(b"NY") {
            return Err(format!("Record {n} does not start with NY: not an OCR giro file"));
        }
        if ended {
            return Err(format!("Record {n} comes after the end record of the transmission"));
        }
        records_seen += 1;
        let rtype = r.f(6, 8);
        match rtype.as_str() {
            "10" | "20" => {}
            "30" => {
                let ttype = r.f(4, 6);
                let amount = num(&r.f(32, 49), "amount", n)?;
                let kid = r.f(49, 74).trim().to_string();
                let date = ddmmyy(&r.f(15, 21)).ok_or_else(|| format!("Record {n}: '{}' is not a date (DDMMYY)", r.f(15, 21)))?;
                let negative = r.f(31, 32) == "-" || ttype == "18" || ttype == "20";
                current = Some(BankLine {
                    date,
                    amount_minor: if negative { -amount } else { amount },
                    currency: "NOK".into(),
                    kid,
                    reference: format!("OCR {}", r.f(8, 15).trim()),
                    ..Default::default()
                });
                tx_total += 1;
                sum_total = sum_total.checked_add(amount).ok_or_else(|| format!("Record {n}: the amounts add up beyond what a bank file can hold"))?;
            }
            "31" => {
                let mut l = current.take().ok_or_else(|| format!("Record {n}: amount item 2 without amount item 1"))?;
                let archive = r.f(25, 34).trim_start_matches('0').to_string();
                if !archive.is_empty() {
                    l.reference = format!("{} / {archive}", l.reference);
                }
                let account = r.f(47, 58).trim_start_matches('0').to_string();
                if !account.is_empty() {
                    l.payer = account.to_string();
                }
                out.push(l);
            }
            "32" => {
                if let Some(l) = out.last_mut() {
                    l.text = r.f(15, 55).trim().to_string();
                }
            }
            "88" => {}
            "89" => {
                let want_tx = num(&r.f(8, 16), "number of transactions", n)?;
                let want_records = num(&r.f(16, 24), "number of records", n)?;
                let want_sum = num(&r.f(24, 41), "total amount", n)?;
                if want_tx != tx_total || want_records != records_seen || want_sum != sum_total {
                    return Err(format!(
                        "The end record counts {want_tx} transactions in {want_records} records for {want_sum} øre, but the file has {tx_total} in {records_seen} for {sum_total}: the file is incomplete or damaged"
                    ));
                }
                ended = true;
            }
            other => return Err(format!("Record {n}: unknown record type {other}")),
        }
    }
    if !ended {
        return Err("The file has no end record (type 89): it is truncated; fetch it from the bank again".into());
    }
    Ok(out.into_iter().filter(|l| l.amount_minor > 0).collect())
}

#[derive(Default)]
struct Entry {
    amount: Option<i64>,
    currency: String,
    credit: bool,
    /// Sts (or Sts/Cd in later versions): BOOK, PDNG, INFO; empty when absent.
    status: String,
    reversal: bool,
    /// The booking date (BookgDt), else the value date (ValDt).
    date: String,
    value_date: String,
    reference: String,
    txs: Vec<BankLine>,
}

fn minor(s: &str) -> Option<i64> {
    let d: rust_decimal::Decimal = s.trim().parse().ok()?;
    crate::core::money::to_minor(d).ok()
}

/// The payments of a credit entry: one per transaction detail (their own amounts,
/// or the entry's when it has one detail without), or the entry itself.
/// Dated by its booking date, else its value date, else the day the bank made the
/// statement (`reported`: a reversal often carries no date of its own).
fn entry_lines(e: Entry, reported: &str) -> Result<Vec<BankLine>, String> {
    let text = [&e.date, &e.value_date].into_iter().find(|d| !d.is_empty()).map_or(reported, |d| d.as_str());
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        if text.is_empty() {
            "An entry has no date (BookgDt, ValDt) and the statement no creation time (CreDtTm)".to_string()
        } else {
            format!("An entry's date '{text}' is not a date (YYYY-MM-DD)")
        }
    })?;
    let kind = if e.reversal {
        LineKind::Returned
    } else if !e.status.is_empty() && e.status != "BOOK" {
        LineKind::Pending
    } else {
        LineKind::Payment
    };
    let mut txs = e.txs;
    if txs.is_empty() {
        txs.push(BankLine::default());
    }
    let single = txs.len() == 1;
    for t in &mut txs {
        if t.amount_minor == 0 && single {
            t.amount_minor = e.amount.unwrap_or(0);
        }
        if t.currency.is_empty() {
            t.currency = e.currency.clone();
        }
        t.date = date;
        if t.reference.is_empty() {
            t.reference = e.reference.clone();
        }
        t.kind = kind;
    }
    Ok(txs)
}

/// ISO 20022 camt.053: every credit entry (Ntry with CdtDbtInd CRDT), one line per
/// transaction detail (TxDtls) or per entry without details; and every reversal
/// (RvslInd true, credit or debit) as a returned payment. Entries not booked are
/// kept as pending lines (see [`LineKind`]).
pub fn parse_camt053(xml: &str) -> Result<Vec<BankLine>, String> {
    crate::core::xml::check_bounds(xml, crate::core::xml::MAX_DEPTH)?;
    let mut r = Reader::from_str(xml);
    r.config_mut().trim_text(true);
    let mut path: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut entry: Option<Entry> = None;
    let mut tx: Option<BankLine> = None;
    let mut currency_attr = String::new();
    let mut saw_statement = false;
    let mut reported = String::new();
    let mut buf = String::new();
    loop {
        let ev = r.read_event().map_err(|e| format!("The XML file cannot be read at byte {}: {e} (is it truncated?)", r.buffer_position()))?;
        match ev {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                currency_attr = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "Ccy").map(|a| a.value.to_string()).unwrap_or_default();
                match name.as_str() {
                    "Stmt" => saw_statement = true,
                    "Ntry" => entry = Some(Entry::default()),
                    "TxDtls" if entry.is_some() => tx = Some(BankLine::default()),
                    _ => {}
                }
                buf.clear();
                path.push(name);
            }
            Event::Text(t) => buf.push_str(&t.xml10_content()),
            Event::CData(t) => buf.push_str(&t.xml10_content()),
            Event::GeneralRef(g) => {
                let c = match &*g {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => g.resolve_char_ref().ok().flatten(),
                };
                buf.extend(c);
            }
            Event::End(_) => {
                let here = path.pop().unwrap_or_default();
                let value = std::mem::take(&mut buf).trim().to_string();
                let parent = path.last().map(String::as_str).unwrap_or("");
                let inside = |n: &str| path.iter().any(|p| p == n);
                match here.as_str() {
                    "TxDtls" => {
                        if let (Some(t), Some(e)) = (tx.take(), entry.as_mut()) {
                            e.txs.push(t);
                        }
                        continue;
                    }
                    "Ntry" => {
                        if let Some(e) = entry.take().filter(|e| e.credit || e.reversal) {
                            out.extend(entry_lines(e, &reported)?);
                        }
                        continue;
                    }
                    _ => {}
                }
                if let Some(t) = tx.as_mut() {
                    match (parent, here.as_str()) {
                        ("TxDtls" | "TxAmt", "Amt") if !inside("Chrgs") => {
                            t.amount_minor = minor(&value).ok_or_else(|| format!("'{value}' is not an amount"))?;
                            t.currency = currency_attr.clone();
                        }
                        ("CdtrRefInf", "Ref") => t.kid = value.chars().filter(|c| !c.is_whitespace()).collect(),
                        (_, "Ustrd") => {
                            if !t.text.is_empty() {
                                t.text.push(' ');
                            }
                            t.text.push_str(&value);
                        }
                        ("Refs", "AcctSvcrRef" | "EndToEndId") if t.reference.is_empty() && value != "NOTPROVIDED" => t.reference = value,
                        (_, "Nm") if inside("Dbtr") && t.payer.is_empty() => t.payer = value,
                        _ => {}
                    }
                } else if here == "CreDtTm" && matches!(parent, "GrpHdr" | "Stmt") && entry.is_none() {
                    reported = value.chars().take(10).collect();
                } else if let Some(e) = entry.as_mut() {
                    match (parent, here.as_str()) {
                        ("Ntry", "Amt") => {
                            e.amount = Some(minor(&value).ok_or_else(|| format!("'{value}' is not an amount"))?);
                            e.currency = currency_attr.clone();
                        }
                        ("Ntry", "CdtDbtInd") => e.credit = value == "CRDT",
                        ("Ntry", "RvslInd") => e.reversal = value.eq_ignore_ascii_case("true") || value == "1",
                        ("Ntry", "Sts") if !value.is_empty() => e.status = value.to_ascii_uppercase(),
                        ("Sts", "Cd") => e.status = value.to_ascii_uppercase(),
                        ("BookgDt", "Dt") => e.date = value.chars().take(10).collect(),
                        ("BookgDt", "DtTm") if e.date.is_empty() => e.date = value.chars().take(10).collect(),
                        ("ValDt", "Dt") => e.value_date = value.chars().take(10).collect(),
                        ("ValDt", "DtTm") if e.value_date.is_empty() => e.value_date = value.chars().take(10).collect(),
                        ("Ntry", "AcctSvcrRef" | "NtryRef") if e.reference.is_empty() => e.reference = value,
                        _ => {}
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !path.is_empty() {
        return Err(format!("The XML file ends inside <{}>: it is truncated; fetch it from the bank again", path.last().unwrap()));
    }
    if !saw_statement {
        return Err("The camt.053 file has no statement (Stmt)".into());
    }
    Ok(out.into_iter().filter(|l| l.amount_minor > 0).collect())
}

fn rec(s: String) -> String {
    debug_assert_eq!(s.len(), 80, "{s}");
    s
}

/// Writes an OCR giro file as Nets sends it, with these (amount in øre, KID)
/// payments on one date (DDMMYY). Flyt only reads such files; this is for the
/// tests and the benchmark.
pub fn write_ocr(payments: &[(i64, &str)], ddmmyy: &str) -> String {
    let mut r = vec![rec(format!("NY000010000080800000001{:0>8}{}", "12345678", "0".repeat(49)))];
    r.push(rec(format!("NY090020{:0>9}{:0>7}{:0>11}{}", "1", "1", "12345678903", "0".repeat(45))));
    let mut sum = 0;
    for (i, (amount, kid)) in payments.iter().enumerate() {
        sum += amount;
        r.push(rec(format!(
            "NY091030{:0>7}{ddmmyy}{:0>2}{:0>2}{}{:0>5}{}{:0>17}{:>25}{}",
            i + 1,
            "01",
            "01",
            "1",
            (i + 1) % 100_000,
            "0",
            amount,
            kid,
            "000000"
        )));
        r.push(rec(format!("NY091031{:0>7}{:0>10}{:0>9}{}{ddmmyy}{:0>11}{}", i + 1, "0", "123456789", "0".repeat(7), "98765432109", "0".repeat(22))));
    }
    let n = payments.len();
    r.push(rec(format!("NY090088{:0>8}{:0>8}{:0>17}{ddmmyy}{ddmmyy}{ddmmyy}{}", n, 2 * n + 2, sum, "0".repeat(21))));
    r.push(rec(format!("NY000089{:0>8}{:0>8}{:0>17}{ddmmyy}{}", n, 2 * n + 4, sum, "0".repeat(33))));
    r.join("\n") + "\n"
}

/// An invoice a bank line may pay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payable {
    pub id: i64,
    pub number: String,
    pub kid: String,
    pub customer_id: i64,
    pub open_minor: i64,
}

/// The invoice a bank line pays: the one with its KID; else the one whose number
/// stands in the text (as a whole word) and whose open amount is the amount paid.
pub fn match_line(line: &BankLine, by_kid: &HashMap<String, usize>, invoices: &[Payable]) -> Option<usize> {
    // a pending or returned line never pays an invoice
    if line.kind != LineKind::Payment {
        return None;
    }
    if !line.kid.is_empty() {
        if let Some(i) = by_kid.get(&line.kid) {
            return Some(*i);
        }
    }
    let words: Vec<&str> = line.text.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    invoices.iter().position(|p| p.open_minor == line.amount_minor && words.iter().any(|w| *w == p.number || w.trim_start_matches('0') == p.number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_giro_is_read_and_checked() {
        let f = write_ocr(&[(56025, "010000000000018"), (12000, "010000000000026")], "011126");
        let (fmt, lines) = parse(f.as_bytes()).unwrap();
        assert_eq!(fmt, Format::Ocr);
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[0].amount_minor, lines[0].kid.as_str(), lines[0].date.to_string()), (56025, "010000000000018", "2026-11-01".to_string()));
        assert_eq!(lines[0].payer, "98765432109");
        // cut off: no end record
        let cut: String = f.lines().take(4).collect::<Vec<_>>().join("\n");
        assert!(parse(cut.as_bytes()).unwrap_err().contains("truncated"));
        // a record shortened
        let bad = f.replacen("NY091031", "NY09103", 1);
        assert!(parse(bad.as_bytes()).unwrap_err().contains("not 80"));
        // end record counts that do not add up
        let wrong = f.replace(&format!("{:0>17}011126{}", 68025, "0".repeat(33)), &format!("{:0>17}011126{}", 68026, "0".repeat(33)));
        assert!(parse(wrong.as_bytes()).unwrap_err().contains("incomplete or damaged"));
    }

    #[test]
    fn ocr_records_are_bytes_read_as_latin1() {
        let f = write_ocr(&[(56025, "010000000000018")], "011126");
        // a text record (32) whose name has an ISO-8859-1 Å: still 80 bytes
        let mut bytes = Vec::new();
        for (i, line) in f.lines().enumerate() {
            bytes.extend_from_slice(line.as_bytes());
            bytes.push(b'\n');
            if i == 3 {
                let mut text = format!("NY09103200000010{:<40}", "").into_bytes();
                text[15..20].copy_from_slice(b"\xC5se N");
                text.resize(80, b'0');
                bytes.extend_from_slice(&text);
                bytes.push(b'\n');
            }
        }
        // the end record counts records: add the text record to it
        let fixed = fix_record_count(&bytes, 1);
        let lines = parse_ocr(&fixed).unwrap();
        assert_eq!(lines[0].text, "Åse N");
        // a 79-byte record with such a byte is refused, not a panic
        let mut short = fixed.clone();
        let pos = short.windows(5).position(|w| w == b"\xC5se N").unwrap();
        short.remove(pos + 30);
        assert!(parse_ocr(&short).unwrap_err().contains("79 characters"));
        // every single byte cut anywhere never panics
        for cut in 0..fixed.len() {
            let _ = parse(&fixed[..cut]);
        }
    }

    /// Adds `extra` to the record count of the end record (type 89) of an OCR file.
    fn fix_record_count(bytes: &[u8], extra: i64) -> Vec<u8> {
        let mut out = Vec::new();
        for line in bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let mut l = line.to_vec();
            if &l[6..8] == b"89" {
                let n: i64 = std::str::from_utf8(&l[16..24]).unwrap().parse().unwrap();
                l[16..24].copy_from_slice(format!("{:0>8}", n + extra).as_bytes());
            }
            out.extend_from_slice(&l);
            out.push(b'\n');
        }
        out
    }

    #[test]
    fn deeply_nested_camt_is_refused() {
        let deep = format!("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">{}{}</Document>", "<a>".repeat(5000), "</a>".repeat(5000));
        assert!(parse(deep.as_bytes()).unwrap_err().contains("levels deep"));
    }

    pub const CAMT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>1</MsgId><CreDtTm>2026-11-26T06:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><Othr><Id>12345678903</Id></Othr></Id></Acct>
<Ntry><Amt Ccy="NOK">560.25</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-25</Dt></BookgDt><AcctSvcrRef>A1</AcctSvcrRef>
 <NtryDtls><TxDtls><Refs><AcctSvcrRef>T1</AcctSvcrRef></Refs><RmtInf><Strd><CdtrRefInf><Ref>010000000000018</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="NOK">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-25</Dt></BookgDt>
 <NtryDtls><TxDtls><Refs><EndToEndId>E2</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="NOK">100.00</Amt></TxAmt></AmtDtls><RltdPties><Dbtr><Nm>Ola Nordmann</Nm></Dbtr></RltdPties><RmtInf><Ustrd>Faktura 7</Ustrd></RmtInf></TxDtls>
 <TxDtls><Refs><EndToEndId>E3</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="NOK">200.00</Amt></TxAmt></AmtDtls><RmtInf><Ustrd>Gave</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="NOK">99.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-25</Dt></BookgDt></Ntry>
</Stmt></BkToCstmrStmt></Document>"#;

    #[test]
    fn camt053_credits_are_read_per_transaction() {
        let (fmt, lines) = parse(CAMT.as_bytes()).unwrap();
        assert_eq!(fmt, Format::Camt053);
        let got: Vec<(i64, &str, &str, &str)> = lines.iter().map(|l| (l.amount_minor, l.kid.as_str(), l.text.as_str(), l.reference.as_str())).collect();
        assert_eq!(got, vec![(56025, "010000000000018", "", "T1"), (10000, "", "Faktura 7", "E2"), (20000, "", "Gave", "E3")]);
        assert_eq!(lines[1].payer, "Ola Nordmann");
        assert_eq!(lines[0].date.to_string(), "2026-11-25");
        // truncated, another format, another encoding
        assert!(parse(&CAMT.as_bytes()[..600]).unwrap_err().contains("truncated"));
        assert!(parse(b"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"></Document>").unwrap_err().contains("not an ISO 20022 camt.053"));
        let latin1: Vec<u8> = CAMT.replace("Ola Nordmann", "Åse").chars().map(|c| c as u32 as u8).collect();
        assert!(parse(&latin1).unwrap_err().contains("not UTF-8"));
        assert!(parse(b"Date;Amount\n2026-11-01;100\n").unwrap_err().contains("Not a bank file"));
    }

    #[test]
    fn camt053_pending_and_returned_entries_are_kept_not_dropped() {
        let xml = CAMT.replace(
            "<Ntry><Amt Ccy=\"NOK\">99.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>",
            "<Ntry><Amt Ccy=\"NOK\">560.25</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts><AcctSvcrRef>R1</AcctSvcrRef></Ntry>\n\
             <Ntry><Amt Ccy=\"NOK\">75.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts><BookgDt><Dt>2026-11-26</Dt></BookgDt></Ntry>\n\
             <Ntry><Amt Ccy=\"NOK\">99.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>",
        );
        let (_, lines) = parse(xml.as_bytes()).unwrap();
        let got: Vec<(i64, LineKind)> = lines.iter().map(|l| (l.amount_minor, l.kind)).collect();
        assert_eq!(
            got,
            vec![(56025, LineKind::Payment), (10000, LineKind::Payment), (20000, LineKind::Payment), (56025, LineKind::Returned), (7500, LineKind::Pending)]
        );
        assert_eq!(lines[3].reference, "R1");
        assert_eq!(lines[3].date.to_string(), "2026-11-26", "no date of its own: the statement's");
        let undated = xml.replace("<CreDtTm>2026-11-26T06:00:00</CreDtTm>", "");
        assert!(parse(undated.as_bytes()).unwrap_err().contains("no date"));
        let bad = CAMT.replace("<BookgDt><Dt>2026-11-25</Dt>", "<BookgDt><Dt>25.11.2026</Dt>");
        assert!(parse(bad.as_bytes()).unwrap_err().contains("'25.11.2026' is not a date"));
        // an ordinary debit is still not an incoming payment
        assert!(!lines.iter().any(|l| l.amount_minor == 9900));
    }

    #[test]
    fn matching_takes_the_kid_then_amount_and_number() {
        let inv = vec![
            Payable { id: 1, number: "7".into(), kid: "010000000000071".into(), customer_id: 1, open_minor: 10000 },
            Payable { id: 2, number: "8".into(), kid: "010000000000089".into(), customer_id: 1, open_minor: 5000 },
        ];
        let by_kid: HashMap<String, usize> = inv.iter().enumerate().map(|(i, p)| (p.kid.clone(), i)).collect();
        let l = |kid: &str, text: &str, amount: i64| BankLine { kid: kid.into(), text: text.into(), amount_minor: amount, ..Default::default() };
        assert_eq!(match_line(&l("010000000000089", "", 1), &by_kid, &inv), Some(1));
        assert_eq!(match_line(&l("", "Faktura 7", 10000), &by_kid, &inv), Some(0));
        assert_eq!(match_line(&l("", "Faktura 7", 9999), &by_kid, &inv), None, "amount must be the open amount");
        assert_eq!(match_line(&l("", "Faktura 77", 10000), &by_kid, &inv), None, "whole numbers only");
        assert_eq!(match_line(&l("999", "", 10000), &by_kid, &inv), None);
    }
}
