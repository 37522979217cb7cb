use serde::{Deserialize, Serialize};

use super::checkdigit;

/// Countries a Flyt company can be registered in. Drives VAT defaults and
/// organisation number validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    NO,
    SE,
    FI,
    HU,
}

impl Country {
    pub const ALL: [Country; 4] = [Country::NO, Country::SE, Country::FI, Country::HU];

    pub fn code(self) -> &'static str {
        match self {
            Country::NO => "NO",
            Country::SE => "SE",
            Country::FI => "FI",
            Country::HU => "HU",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|c| c.code().eq_ignore_ascii_case(s.trim())).ok_or_else(|| format!("Unknown country '{s}': use NO, SE, FI or HU"))
    }

    pub fn currency(self) -> &'static str {
        match self {
            Country::NO => "NOK",
            Country::SE => "SEK",
            Country::FI => "EUR",
            Country::HU => "HUF",
        }
    }

    /// Default VAT codes seeded for a new company: (code, name in the country's
    /// language where Flyt speaks it, rate in hundredths of a per cent, EN 16931
    /// category). Rates are exact: 25.5 % is 2550.
    pub fn default_vat_codes(self) -> &'static [(&'static str, &'static str, i64, &'static str)] {
        match self {
            Country::NO => &[
                ("S25", "Alminnelig sats 25 %", 2500, "S"),
                ("S15", "Næringsmidler 15 %", 1500, "S"),
                ("S12", "Persontransport, hotell, kino 12 %", 1200, "S"),
                ("Z0", "Nullsats 0 %", 0, "Z"),
                ("E0", "Fritatt 0 %", 0, "E"),
            ],
            Country::SE => &[
                ("S25", "Normalskattesats 25 %", 2500, "S"),
                ("S12", "Livsmedel, hotell 12 %", 1200, "S"),
                ("S6", "Böcker, persontransport 6 %", 600, "S"),
                ("Z0", "Nollskattesats 0 %", 0, "Z"),
                ("E0", "Undantagen 0 %", 0, "E"),
            ],
            Country::FI => &[("S255", "Standard rate 25.5 %", 2550, "S"), ("Z0", "Zero rated 0 %", 0, "Z")],
            Country::HU => &[("S27", "Standard rate 27 %", 2700, "S"), ("Z0", "Zero rated 0 %", 0, "Z")],
        }
    }
}

/// A validated organisation number. NO: 9 digits MOD11; SE: 10 digits Luhn
/// (an optional hyphen `556677-8899` is accepted); other countries: free text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgNo(String);

impl OrgNo {
    pub fn parse(country: Country, input: &str) -> Result<Self, String> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err("Organisation number is required".into());
        }
        if trimmed.len() > 40 {
            return Err("Organisation number is too long (at most 40 characters)".into());
        }
        let compact: String = trimmed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        match country {
            Country::NO => {
                if checkdigit::no_orgnr_valid(&compact) {
                    Ok(Self(compact))
                } else {
                    Err(format!("'{trimmed}' is not a valid Norwegian organisation number (9 digits with a MOD11 check digit)"))
                }
            }
            Country::SE => {
                if checkdigit::se_orgnr_valid(&compact) {
                    Ok(Self(compact))
                } else {
                    Err(format!("'{trimmed}' is not a valid Swedish organisation number (10 digits with a Luhn check digit)"))
                }
            }
            _ => Ok(Self(trimmed.to_string())),
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_numbers_per_country() {
        assert_eq!(OrgNo::parse(Country::NO, " 988 077 917 ").unwrap().as_str(), "988077917");
        assert!(OrgNo::parse(Country::NO, "988077918").unwrap_err().contains("Norwegian"));
        assert_eq!(OrgNo::parse(Country::SE, "123456-7897").unwrap().as_str(), "1234567897");
        assert!(OrgNo::parse(Country::SE, "1234567891").is_err());
        assert!(OrgNo::parse(Country::FI, "1234567-8").is_ok());
        assert!(OrgNo::parse(Country::NO, "").is_err());
    }

    #[test]
    fn seeded_vat_rates_match_the_law() {
        let rates = |c: Country| c.default_vat_codes().iter().map(|v| v.2).collect::<Vec<_>>();
        assert_eq!(rates(Country::NO), vec![2500, 1500, 1200, 0, 0]);
        assert_eq!(rates(Country::SE), vec![2500, 1200, 600, 0, 0]);
        assert_eq!(Country::parse("se"), Ok(Country::SE));
        assert!(Country::parse("XX").is_err());
    }
}
