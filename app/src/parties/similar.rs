//! Duplicate detection: names are compared after normalisation (case, accents,
//! punctuation and legal-form words removed), by trigram overlap and a
//! Jaro-Winkler score. Pure; the store keeps the trigrams in an index table.
use std::collections::BTreeSet;

/// Legal-form words that say nothing about who a company is.
const LEGAL_FORMS: &[&str] = &[
    "as",
    "asa",
    "ans",
    "da",
    "ba",
    "sa",
    "enk",
    "nuf",
    "ks",
    "aksjeselskap",
    "allmennaksjeselskap", // Norway
    "ab",
    "publ",
    "hb",
    "kb",
    "ek",
    "aktiebolag",
    "aktiebolaget",
    "handelsbolag",
    "kommanditbolag", // Sweden
    "oy",
    "oyj",
    "ay",
    "tmi",
    "osakeyhtio", // Finland
    "kft",
    "bt",
    "zrt",
    "nyrt",
    "kkt",
    "ev", // Hungary
    "aps",
    "a/s",
    "ltd",
    "limited",
    "llc",
    "inc",
    "gmbh",
    "ag",
    "plc",
    "bv",
    "nv",
    "co",
    "corp", // elsewhere
];

fn fold(c: char) -> &'static str {
    match c {
        'æ' | 'ä' | 'à' | 'á' | 'â' | 'ã' => "a",
        'ø' | 'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ő' => "o",
        'å' => "a",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'ú' | 'ù' | 'û' | 'ü' | 'ű' => "u",
        'ñ' => "n",
        'ç' => "c",
        'ß' => "ss",
        _ => "",
    }
}

/// The comparable form of a company or person name: `Fjellheim Bygg A/S` and
/// `FJELLHEIM-BYGG AS` both give `fjellheim bygg`.
pub fn name_key(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.to_lowercase().chars() {
        let f = fold(c);
        if !f.is_empty() {
            folded.push_str(f);
        } else if c.is_alphanumeric() {
            folded.push(c);
        } else if c == '/' {
            folded.push('/');
        } else {
            folded.push(' ');
        }
    }
    let words: Vec<&str> = folded.split_whitespace().filter(|w| !LEGAL_FORMS.contains(w)).collect();
    // "a/s" survives as one word above; any other slash separates words
    let key = words.join(" ").replace('/', " ");
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    if key.is_empty() {
        // a name made only of legal-form words: keep it rather than match everything
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        key
    }
}

/// The trigrams of a name key, each word padded (`  fj`, ` fjo`, …, `gg `), as the
/// PostgreSQL pg_trgm extension does.
pub fn trigrams(key: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for word in key.split_whitespace() {
        let chars: Vec<char> = format!("  {word} ").chars().collect();
        for w in chars.windows(3) {
            out.insert(w.iter().collect());
        }
    }
    out
}

/// Trigram similarity: shared / union (Jaccard), 0.0–1.0.
pub fn trigram_similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count() as f64;
    shared / (a.len() as f64 + b.len() as f64 - shared)
}

/// Jaro-Winkler similarity of two strings, 0.0–1.0.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_match = vec![false; a.len()];
    let mut b_match = vec![false; b.len()];
    let mut matches = 0usize;
    for i in 0..a.len() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_match[j] && a[i] == b[j] {
                a_match[i] = true;
                b_match[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let (mut k, mut transpositions) = (0usize, 0usize);
    for i in 0..a.len() {
        if a_match[i] {
            while !b_match[k] {
                k += 1;
            }
            if a[i] != b[k] {
                transpositions += 1;
            }
            k += 1;
        }
    }
    let m = matches as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0;
    let prefix = a.iter().zip(&b).take(4).take_while(|(x, y)| x == y).count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
}

/// How alike two name keys are, 0–100: the better of Jaro-Winkler and trigram
/// overlap, so both typos (`fjellhiem`) and reordered or extra words count.
pub fn score(a_key: &str, b_key: &str) -> i64 {
    if a_key == b_key {
        return 100;
    }
    let jw = jaro_winkler(a_key, b_key);
    let tg = trigram_similarity(&trigrams(a_key), &trigrams(b_key));
    (jw.max(tg) * 100.0).round() as i64
}

/// The score from which a name is shown as similar.
pub const SIMILAR_FROM: i64 = 85;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_drop_case_accents_punctuation_and_legal_forms() {
        assert_eq!(name_key("Fjellheim Bygg AS"), "fjellheim bygg");
        assert_eq!(name_key("FJELLHEIM-BYGG A/S"), "fjellheim bygg");
        assert_eq!(name_key("Sølberga Trädgård AB (publ)"), "solberga tradgard");
        assert_eq!(name_key("Nokia Oyj"), "nokia");
        assert_eq!(name_key("Pannon Kft."), "pannon");
        assert_eq!(name_key("AS"), "as", "a name that is only a legal form is kept");
    }

    #[test]
    fn trigrams_are_padded_per_word() {
        let t = trigrams("ab cd");
        assert!(t.contains("  a") && t.contains(" ab") && t.contains("ab ") && t.contains("  c"));
        assert_eq!(t.len(), 6);
    }

    #[test]
    fn similar_names_score_high_and_others_low() {
        let s = |a: &str, b: &str| score(&name_key(a), &name_key(b));
        assert_eq!(s("Fjellheim Bygg AS", "Fjellheim Bygg A/S"), 100);
        assert!(s("Fjellheim Bygg AS", "Fjellhiem Bygg AS") >= SIMILAR_FROM, "a typo");
        assert!(s("Fjellheim Bygg AS", "Fjellheim Bygg og Anlegg AS") >= SIMILAR_FROM - 20);
        assert!(s("Fjellheim Bygg AS", "Nordlys Regnskap AS") < 60);
        assert!(jaro_winkler("martha", "marhta") > 0.96 && jaro_winkler("martha", "marhta") < 0.97);
        assert_eq!(jaro_winkler("", ""), 1.0);
    }
}
