//! Counties from postcodes: Norway's fylker (the 2024 division) and Sweden's län, by
//! the postcode ranges the posts hand out. The posts number by area, not by county, so
//! a postcode near a county border can fall to the neighbour; the exact county needs
//! the posts' register with municipality numbers, which Flyt does not carry. Other
//! countries are one region each (the country code).

/// A region: ISO 3166-2 code (`NO-03`, `SE-AB`; a bare country code elsewhere) and name.
pub type Region = (&'static str, &'static str);

/// Norway: (first postcode, last postcode, county), first matching range wins.
const NO: &[(u16, u16, Region)] = &[
    (0, 1299, ("NO-03", "Oslo")),
    (1300, 1439, ("NO-32", "Akershus")),
    (1440, 1459, ("NO-32", "Akershus")),
    (1460, 1539, ("NO-31", "Østfold")),
    (1540, 1559, ("NO-32", "Akershus")),
    (1560, 1899, ("NO-31", "Østfold")),
    (1900, 2099, ("NO-32", "Akershus")),
    (2100, 2999, ("NO-34", "Innlandet")),
    (3000, 3069, ("NO-33", "Buskerud")),
    (3070, 3299, ("NO-39", "Vestfold")),
    (3300, 3439, ("NO-33", "Buskerud")),
    (3440, 3499, ("NO-32", "Akershus")),
    (3500, 3519, ("NO-33", "Buskerud")),
    (3520, 3529, ("NO-34", "Innlandet")),
    (3530, 3649, ("NO-33", "Buskerud")),
    (3650, 3999, ("NO-40", "Telemark")),
    (4000, 4399, ("NO-11", "Rogaland")),
    (4400, 4999, ("NO-42", "Agder")),
    (5000, 5499, ("NO-46", "Vestland")),
    (5500, 5549, ("NO-11", "Rogaland")),
    (5550, 5559, ("NO-46", "Vestland")),
    (5560, 5579, ("NO-11", "Rogaland")),
    (5580, 5999, ("NO-46", "Vestland")),
    (6000, 6699, ("NO-15", "Møre og Romsdal")),
    (6700, 6999, ("NO-46", "Vestland")),
    (7000, 7979, ("NO-50", "Trøndelag")),
    (7980, 7999, ("NO-18", "Nordland")),
    (8000, 8999, ("NO-18", "Nordland")),
    (9000, 9499, ("NO-55", "Troms")),
    (9500, 9999, ("NO-56", "Finnmark")),
];

/// Sweden: (first, last three-digit postcode prefix, län), first matching range wins.
const SE: &[(u16, u16, Region)] = &[
    (100, 199, ("SE-AB", "Stockholms län")),
    (200, 293, ("SE-M", "Skåne län")),
    (294, 294, ("SE-K", "Blekinge län")),
    (295, 299, ("SE-M", "Skåne län")),
    (300, 319, ("SE-N", "Hallands län")),
    (330, 339, ("SE-F", "Jönköpings län")),
    (340, 369, ("SE-G", "Kronobergs län")),
    (370, 379, ("SE-K", "Blekinge län")),
    (380, 399, ("SE-H", "Kalmar län")),
    (400, 429, ("SE-O", "Västra Götalands län")),
    (430, 430, ("SE-N", "Hallands län")),
    (431, 431, ("SE-O", "Västra Götalands län")),
    (432, 432, ("SE-N", "Hallands län")),
    (433, 433, ("SE-O", "Västra Götalands län")),
    (434, 434, ("SE-N", "Hallands län")),
    (435, 438, ("SE-O", "Västra Götalands län")),
    (439, 439, ("SE-N", "Hallands län")),
    (440, 549, ("SE-O", "Västra Götalands län")),
    (550, 571, ("SE-F", "Jönköpings län")),
    (572, 572, ("SE-H", "Kalmar län")),
    (573, 576, ("SE-F", "Jönköpings län")),
    (577, 577, ("SE-H", "Kalmar län")),
    (578, 578, ("SE-F", "Jönköpings län")),
    (579, 579, ("SE-H", "Kalmar län")),
    (580, 592, ("SE-E", "Östergötlands län")),
    (593, 594, ("SE-H", "Kalmar län")),
    (595, 597, ("SE-E", "Östergötlands län")),
    (598, 598, ("SE-H", "Kalmar län")),
    (599, 609, ("SE-E", "Östergötlands län")),
    (610, 613, ("SE-D", "Södermanlands län")),
    (614, 618, ("SE-E", "Östergötlands län")),
    (619, 619, ("SE-D", "Södermanlands län")),
    (620, 624, ("SE-I", "Gotlands län")),
    (630, 649, ("SE-D", "Södermanlands län")),
    (650, 689, ("SE-S", "Värmlands län")),
    (690, 719, ("SE-T", "Örebro län")),
    (720, 739, ("SE-U", "Västmanlands län")),
    (740, 759, ("SE-C", "Uppsala län")),
    (760, 769, ("SE-AB", "Stockholms län")),
    (770, 799, ("SE-W", "Dalarnas län")),
    (800, 813, ("SE-X", "Gävleborgs län")),
    (814, 815, ("SE-C", "Uppsala län")),
    (816, 829, ("SE-X", "Gävleborgs län")),
    (830, 849, ("SE-Z", "Jämtlands län")),
    (850, 899, ("SE-Y", "Västernorrlands län")),
    (900, 932, ("SE-AC", "Västerbottens län")),
    (933, 933, ("SE-BD", "Norrbottens län")),
    (934, 939, ("SE-AC", "Västerbottens län")),
    (940, 989, ("SE-BD", "Norrbottens län")),
];

/// The digits of a postcode, when it has exactly `n` (spaces allowed: `114 55`).
fn digits(postcode: &str, n: usize) -> Option<u32> {
    let d: String = postcode.chars().filter(|c| !c.is_whitespace()).collect();
    (d.len() == n && d.chars().all(|c| c.is_ascii_digit())).then(|| d.parse().ok()).flatten()
}

/// The region of a postcode in a country (ISO 3166 alpha-2); `None` when a Norwegian or
/// Swedish postcode is missing or not one.
pub fn region(country: &str, postcode: &str) -> Option<Region> {
    let find = |table: &[(u16, u16, Region)], v: u16| table.iter().find(|(lo, hi, _)| (*lo..=*hi).contains(&v)).map(|r| r.2);
    match country.trim().to_ascii_uppercase().as_str() {
        "NO" => digits(postcode, 4).and_then(|v| find(NO, v as u16)),
        "SE" => digits(postcode, 5).and_then(|v| find(SE, (v / 100) as u16)),
        _ => None,
    }
}

/// The region's key and name for a report: the county, else `NO-?` / `SE-?` for a
/// postcode that is not one, else the country code itself (its name: the code).
pub fn key_of(country: &str, postcode: &str) -> (String, String) {
    let c = country.trim().to_ascii_uppercase();
    match region(&c, postcode) {
        Some((k, name)) => (k.to_string(), name.to_string()),
        None if c == "NO" || c == "SE" => (format!("{c}-?"), String::new()),
        None => (c.clone(), c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_postcodes_fall_in_their_counties() {
        for (pc, code) in [
            ("0150", "NO-03"),
            ("1337", "NO-32"),
            ("1613", "NO-31"),
            ("2000", "NO-32"),
            ("2317", "NO-34"),
            ("3015", "NO-33"),
            ("3110", "NO-39"),
            ("3616", "NO-33"),
            ("3730", "NO-40"),
            ("4006", "NO-11"),
            ("4610", "NO-42"),
            ("5003", "NO-46"),
            ("5527", "NO-11"),
            ("6002", "NO-15"),
            ("6800", "NO-46"),
            ("7010", "NO-50"),
            ("8006", "NO-18"),
            ("9008", "NO-55"),
            ("9600", "NO-56"),
        ] {
            assert_eq!(region("NO", pc).map(|r| r.0), Some(code), "{pc}");
        }
        assert_eq!(region("no", " 0150 ").map(|r| r.1), Some("Oslo"));
        assert_eq!(region("NO", "150"), None);
        assert_eq!(region("NO", "O150"), None);
    }

    #[test]
    fn swedish_postcodes_fall_in_their_lan() {
        for (pc, code) in [
            ("114 55", "SE-AB"),
            ("211 20", "SE-M"),
            ("302 50", "SE-N"),
            ("411 05", "SE-O"),
            ("434 30", "SE-N"),
            ("553 16", "SE-F"),
            ("582 22", "SE-E"),
            ("621 55", "SE-I"),
            ("652 24", "SE-S"),
            ("753 20", "SE-C"),
            ("791 71", "SE-W"),
            ("831 30", "SE-Z"),
            ("903 25", "SE-AC"),
            ("931 30", "SE-AC"),
            ("972 31", "SE-BD"),
        ] {
            assert_eq!(region("SE", pc).map(|r| r.0), Some(code), "{pc}");
        }
        assert_eq!(region("SE", "1145"), None);
    }

    #[test]
    fn every_postcode_of_norway_has_a_county_and_other_countries_are_one_region() {
        for v in 0..=9999u16 {
            assert!(region("NO", &format!("{v:04}")).is_some(), "{v:04}");
        }
        // the ranges never overlap: each county range starts after the last ends
        for w in NO.windows(2) {
            assert!(w[0].1 < w[1].0, "{:?} {:?}", w[0], w[1]);
        }
        for w in SE.windows(2) {
            assert!(w[0].1 < w[1].0, "{:?} {:?}", w[0], w[1]);
        }
        assert_eq!(key_of("dk", "2100"), ("DK".into(), "DK".into()));
        assert_eq!(key_of("NO", ""), ("NO-?".into(), String::new()));
        assert_eq!(key_of("SE", "753 20"), ("SE-C".into(), "Uppsala län".into()));
    }
}
