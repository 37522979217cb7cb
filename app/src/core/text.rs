//! Validation of free text typed by users: trimmed, required or optional, bounded.

/// A required text field: trimmed, not empty, at most `max` characters.
pub fn required(label: &str, input: &str, max: usize) -> Result<String, String> {
    let t = input.trim();
    if t.is_empty() {
        return Err(format!("{label} is required"));
    }
    bounded(label, t, max)
}

/// A web address: http(s), a host, no spaces, at most 500 characters.
pub fn web_address(label: &str, input: &str) -> Result<String, String> {
    let url = required(label, input, 500)?;
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    if rest.is_none_or(|r| r.is_empty() || r.starts_with('/') || r.contains(char::is_whitespace)) {
        return Err(format!("'{url}' is not a web address: give one starting with https:// (or http://)"));
    }
    Ok(url)
}

/// An optional text field: trimmed, at most `max` characters.
pub fn optional(label: &str, input: &str, max: usize) -> Result<String, String> {
    bounded(label, input.trim(), max)
}

fn bounded(label: &str, t: &str, max: usize) -> Result<String, String> {
    let n = t.chars().count();
    if n > max {
        return Err(format!("{label} is too long ({n} characters, at most {max})"));
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(format!("{label} contains control characters"));
    }
    if t.chars().any(is_bidi_control) {
        return Err(format!("{label} contains invisible text-direction characters (such as right-to-left override): retype it"));
    }
    Ok(t.to_string())
}

/// Unicode's explicit direction controls: they make a name read differently from how
/// it is stored (an invoice "Fjord AS\u{202e}fdp.exe"), and no Nordic name needs them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// A checkbox or boolean sent as text: absent, empty, `false`, `off`, `0` or `no`
/// are false; anything else (`on`, `true`, `1`) is true.
pub fn flag(v: Option<&str>) -> bool {
    match v.map(|s| s.trim().to_ascii_lowercase()) {
        None => false,
        Some(s) => !matches!(s.as_str(), "" | "false" | "off" | "0" | "no"),
    }
}

/// A group code (an item group, a posting group): empty for none, else 1–20 letters,
/// digits and `-_.`, upper-cased, so `export` and `EXPORT` are one group. The
/// account map names groups after `@` in its keys, so no other sign is allowed.
pub fn group_code(label: &str, input: &str) -> Result<String, String> {
    let t = optional(label, input, 20)?.to_uppercase();
    if !t.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(format!("{label} '{t}' may hold only letters, digits and - _ ."));
    }
    Ok(t)
}

/// A plausible e-mail address (one @, a dot in the domain, no spaces).
pub fn email(label: &str, input: &str) -> Result<String, String> {
    let t = required(label, input, 254)?.to_lowercase();
    let ok = match t.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@'),
        None => false,
    };
    if !ok || t.contains(char::is_whitespace) {
        return Err(format!("'{}' is not an e-mail address", input.trim()));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    #[test]
    fn group_codes_are_short_plain_and_upper_case() {
        assert_eq!(super::group_code("Item group", " export ").unwrap(), "EXPORT");
        assert_eq!(super::group_code("Item group", "").unwrap(), "");
        assert_eq!(super::group_code("Item group", "Varer-1").unwrap(), "VARER-1");
        assert!(super::group_code("Item group", "a@b").unwrap_err().contains("only letters"));
        assert!(super::group_code("Item group", "sales:S25").unwrap_err().contains("only letters"));
        assert!(super::group_code("Item group", &"X".repeat(21)).unwrap_err().contains("too long"));
    }

    use super::*;

    #[test]
    fn text_rules() {
        assert_eq!(required("Name", "  Fjord AS ", 10).unwrap(), "Fjord AS");
        assert_eq!(required("Name", "   ", 10).unwrap_err(), "Name is required");
        let huge = "x".repeat(10 * 1024 * 1024);
        assert!(required("Name", &huge, 200).unwrap_err().contains("too long"));
        assert!(optional("Note", "a\u{0}b", 10).is_err());
        assert!(required("Name", "Fjord AS\u{202e}fdp.exe", 100).unwrap_err().contains("right-to-left"));
        assert!(required("Name", "\u{2067}Fjord", 100).is_err());
        assert!(required("Name", "Ærlig Åse Øvre AS – ÅÄÖ", 100).is_ok());
        assert_eq!(optional("Note", "", 10).unwrap(), "");
    }

    #[test]
    fn flags() {
        for on in ["on", "true", "1", "yes", " On "] {
            assert!(flag(Some(on)), "{on}");
        }
        for off in ["", "false", "off", "0", "no"] {
            assert!(!flag(Some(off)), "{off}");
        }
        assert!(!flag(None));
    }

    #[test]
    fn email_rules() {
        assert_eq!(email("E-mail", " Demo@Flyt.test ").unwrap(), "demo@flyt.test");
        for bad in ["demo", "a@b", "a @b.no", "@b.no", "a@.no"] {
            assert!(email("E-mail", bad).is_err(), "{bad}");
        }
    }
}
