//! Property tests of the exact-number rules and the CSV format: for any value, what
//! Flyt writes it reads back unchanged, and what it cannot hold exactly it refuses.
use app::core::{csv, format, money, quantity, Lang};
use proptest::prelude::*;
use rust_decimal::Decimal;

const LANGS: [Lang; 3] = [Lang::En, Lang::Nb, Lang::Sv];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn minor_units_round_trip(minor in -1_000_000_000_000_000i64..=1_000_000_000_000_000i64) {
        let d = money::from_minor(minor);
        prop_assert_eq!(money::to_minor(d).unwrap(), minor);
    }

    #[test]
    fn more_than_two_decimals_is_refused_never_rounded(units in -1_000_000_000i64..1_000_000_000i64, extra in 1i64..10) {
        // a value with a third decimal that is not zero
        let d = Decimal::new(units * 10 + extra, 3);
        prop_assert!(money::to_minor(d).is_err());
    }

    #[test]
    fn quantities_round_trip(milli in -1_000_000_000_000i64..=1_000_000_000_000i64) {
        let q = quantity::from_milli(milli);
        prop_assert_eq!(quantity::to_milli("Qty", q).unwrap(), milli);
    }

    #[test]
    fn amounts_read_back_as_written_in_every_locale(minor in -100_000_000_000_000i64..100_000_000_000_000i64, lang in 0usize..3) {
        let lang = LANGS[lang];
        let d = money::from_minor(minor);
        let shown = format::amount(d, lang);
        prop_assert_eq!(format::parse_amount(&shown, lang).unwrap(), d, "{} in {:?}", shown, lang);
    }

    #[test]
    fn csv_round_trips(rows in proptest::collection::vec(proptest::collection::vec("[^\u{feff}]{0,12}", 3), 0..20)) {
        let headers = ["a", "b", "c"];
        // a row of only empty values is a blank line, which readers skip
        let rows: Vec<Vec<String>> = rows.into_iter().filter(|r| r.iter().any(|v| !v.trim().is_empty())).collect();
        let text = csv::write(&headers, &rows);
        let table = csv::parse(&text).unwrap();
        prop_assert_eq!(table.headers, headers.to_vec());
        let back: Vec<Vec<String>> = table.rows.into_iter().map(|(_, r)| r).collect();
        // every value comes back, a would-be formula with its guarding '
        let guarded: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|v| csv::guard(v)).collect()).collect();
        prop_assert_eq!(back, guarded);
    }

    #[test]
    fn the_csv_reader_never_panics(text in "\\PC{0,300}") {
        let _ = csv::parse(&text);
    }
}
