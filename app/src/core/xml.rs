//! Bounds for XML from outside (EHF / UBL invoices, camt.053 bank statements) before a
//! parser builds a tree of it. roxmltree's tokenizer recurses once per nesting level,
//! so a body of a few thousand nested elements overflowed the stack and aborted the
//! whole process; this streaming pass (no recursion) refuses such a document first.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Escapes text for an XML element or attribute; control characters XML 1.0 cannot
/// carry become spaces.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// Deeper than any business document Flyt reads (a UBL invoice nests about 8 levels,
/// a camt.053 statement about 12).
pub const MAX_DEPTH: usize = 64;

/// Larger than any invoice or day's bank statement a small business gets.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Refuses a document nested deeper than `max_depth` or larger than `MAX_BYTES`, with a
/// message for the user. Anything else (even malformed XML) passes: the real parser
/// reports it with its own words.
pub fn check_bounds(xml: &str, max_depth: usize) -> Result<(), String> {
    if xml.len() > MAX_BYTES {
        return Err(format!("The XML file is {} MB; Flyt reads files up to {} MB", xml.len() / (1024 * 1024), MAX_BYTES / (1024 * 1024)));
    }
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                depth += 1;
                if depth > max_depth {
                    return Err(format!("The XML file nests elements more than {max_depth} levels deep: it is not an invoice or bank statement"));
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_and_ordinary_documents_pass() {
        let deep = format!("{}{}", "<a>".repeat(4000), "</a>".repeat(4000));
        assert!(check_bounds(&deep, MAX_DEPTH).unwrap_err().contains("64 levels"));
        let unclosed = "<a>".repeat(100);
        assert!(check_bounds(&unclosed, MAX_DEPTH).is_err());
        let ok = format!("{}x{}", "<a>".repeat(64), "</a>".repeat(64));
        assert!(check_bounds(&ok, MAX_DEPTH).is_ok());
        // siblings do not add up to depth; empty elements are not nesting
        let wide = format!("<r>{}</r>", "<a><b/></a>".repeat(10_000));
        assert!(check_bounds(&wide, 3).is_ok());
        assert!(check_bounds("not xml at all <<", MAX_DEPTH).is_ok());
    }
}
