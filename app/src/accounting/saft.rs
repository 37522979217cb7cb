//! The official SAF-T code lists (Skatteetaten, SAF-T Financial 1.30): the grouping
//! categories and codes of the næringsspesifikasjon every account must carry, and the
//! standard tax codes every VAT code maps to. Kept in `app/assets/saf-t/` as published;
//! `app/tests/accounting.rs` compares them with the conformance copy.
use std::sync::OnceLock;

const GROUPINGS: &str = include_str!("../../assets/saf-t/naeringsspesifikasjon.csv");
const TAX_CODES: &str = include_str!("../../assets/saf-t/Standard_Tax_Codes.csv");

/// (grouping category, grouping code) pairs of the næringsspesifikasjon.
pub fn groupings() -> &'static [(String, String)] {
    static LIST: OnceLock<Vec<(String, String)>> = OnceLock::new();
    LIST.get_or_init(|| {
        GROUPINGS
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split(';').collect();
                (f.len() > 3).then(|| (f[0].trim_start_matches('\u{feff}').to_string(), f[3].to_string()))
            })
            .collect()
    })
}

/// The standard tax codes.
pub fn tax_codes() -> &'static [String] {
    static LIST: OnceLock<Vec<String>> = OnceLock::new();
    LIST.get_or_init(|| TAX_CODES.lines().skip(1).filter_map(|l| l.split(';').next()).map(|c| c.trim_start_matches('\u{feff}').to_string()).collect())
}

pub fn is_grouping(category: &str, code: &str) -> bool {
    groupings().iter().any(|(c, g)| c == category && g == code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lists_are_read() {
        assert!(super::groupings().len() > 500);
        assert!(super::is_grouping("balanseverdiForOmloepsmiddel", "1500") && !super::is_grouping("salgsinntekt", "1500"));
        assert!(super::tax_codes().iter().any(|c| c == "3") && super::tax_codes().len() > 25);
    }
}
