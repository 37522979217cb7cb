//! The shape of the code, read from the sources: which area may use which, and what
//! the pure parts may never reach. Fails on the first edge against the graph, naming
//! the file, so the shape stays true as features land.
//!
//! The graph (an area may use only areas of a lower rank; areas of one rank never
//! use each other):
//!
//! ```text
//! core, error ← db ← auth ← ui ← setup ← outbox, print ← catalog ← parties ← stock
//!   ← invoicing ← receivables ← sales, purchasing ← areas ← routes
//! ```
//!
//! Invoicing knows nothing of orders: sales registers the mapper that turns delivered
//! order lines into an invoice draft (`invoicing::origin`), and the outbox prints
//! through a registry keyed by document kind (`outbox::service::register`); both are
//! wired at start-up by `app::wire`. Receivables settles what invoicing posted, so it
//! reads invoices and invoicing never reads receivables.
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module of the app crate and its rank.
const RANKS: &[(&str, u32)] = &[
    ("core", 0),
    ("error", 0),
    ("db", 1),
    ("auth", 2),
    ("ui", 3),
    // the journal every posting writes into (below setup, which seeds a new company's chart)
    ("accounting", 4),
    ("setup", 5),
    ("events", 6),
    ("outbox", 6),
    ("print", 6),
    ("catalog", 7),
    ("parties", 8),
    ("stock", 9),
    ("invoicing", 10),
    ("receivables", 11),
    ("sales", 12),
    ("purchasing", 12),
    ("areas", 13),
    // the webshop connector imports orders (sales) and pushes stock and prices
    ("webshop", 13),
    // the CRM sync keeps customers (parties) in step
    ("crm", 13),
    // reports read every area's documents
    ("reports", 13),
    ("routes", 14),
    ("fuzz_entry", 14),
    ("lib", 14),
];

/// What a pure module (all of `core`, every `model.rs`) may never name: the database,
/// the server, an area's store or service.
const IMPURE: &[&str] = &["sqlx", "crate::db", "axum", "tokio", "store::", "service::", "#[server", "use_context"];

/// Files that run SQL outside their area's store (`store.rs` or `store/`): none, and
/// it stays so — a file with SQL elsewhere fails the test (put the SQL in the store).
const SQL_OUTSIDE_STORE: &[&str] = &[];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).expect("read src dir") {
        let p = e.expect("dir entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source without comments (line and block) and without string literals' contents,
/// so a path in a doc comment or an SQL text is not taken for a dependency.
fn code_only(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else if b[i] == b'r'
            && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
        {
            // a raw string r"…" / r#"…"#
            let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            i += 2 + hashes;
            while i < b.len() && !(b[i] == b'"' && b[i + 1..].iter().take(hashes).filter(|&&c| c == b'#').count() == hashes) {
                i += 1;
            }
            i += 1 + hashes;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && b.get(i + 1) == Some(&b'"') && b.get(i + 2) == Some(&b'\'') {
            i += 3; // the char '"'
        } else if b[i] == b'"' {
            out.push('"');
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            out.push('"');
            i += 1;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// The module path of a file: `sales/pages/doc.rs` → [sales, pages, doc].
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn ident(s: &str) -> &str {
    let end = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len());
    &s[..end]
}

/// The first segments of the paths in a `{a::x, b, c::{..}}` group.
fn group_heads(s: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let (mut depth, mut start) = (0, 1);
    for (i, c) in s.char_indices().skip(1) {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                heads.push(ident(s[start..i].trim()).to_string());
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                heads.push(ident(s[start..i].trim()).to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    heads.into_iter().filter(|h| !h.is_empty()).collect()
}

/// Every top-level module this file reaches: `crate::x`, `crate::{x, y}`, and
/// `super::` chains that climb out of the file's own area.
fn reached(file: &Path, code: &str) -> Vec<String> {
    let me = module_of(file);
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + 7..];
        if rest.starts_with('{') {
            out.extend(group_heads(rest));
        } else {
            out.push(ident(rest).to_string());
        }
    }
    for (at, _) in code.match_indices("super::") {
        if at > 0 && code[..at].ends_with("::") {
            continue; // counted from the first `super` of a chain
        }
        let mut path = me.clone();
        let mut rest = &code[at..];
        while let Some(r) = rest.strip_prefix("super::") {
            path.pop();
            rest = r;
        }
        // (an inline `mod tests` adds a level this reader does not see: a chain that
        // seems to reach the crate root counts only when it names a module of the graph)
        if path.is_empty() {
            let heads = if rest.starts_with('{') { group_heads(rest) } else { vec![ident(rest).to_string()] };
            out.extend(heads.into_iter().filter(|h| rank(h).is_some()));
        }
    }
    for m in out.iter_mut() {
        if let Some((_, owner)) = ROOT_MACROS.iter().find(|(name, _)| m == name) {
            *m = owner.to_string();
        }
    }
    out.retain(|m| !m.is_empty() && m != &me[0]);
    out
}

/// Macros `#[macro_export]` puts at the crate root, and the module that defines them.
const ROOT_MACROS: &[(&str, &str)] = &[("coded", "core")];

fn rank(m: &str) -> Option<u32> {
    RANKS.iter().find(|(n, _)| *n == m).map(|(_, r)| *r)
}

fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let text = fs::read_to_string(&f).expect("read source");
            (f, text)
        })
        .collect()
}

fn rel(f: &Path) -> String {
    f.strip_prefix(src()).expect("under src").to_string_lossy().replace('\\', "/")
}

#[test]
fn every_area_uses_only_lower_areas() {
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (f, text) in sources() {
        let me = module_of(&f)[0].clone();
        let Some(mine) = rank(&me) else {
            panic!("{}: the module '{me}' is not in the graph: give it a rank in RANKS", rel(&f));
        };
        for m in reached(&f, &code_only(&text)) {
            match rank(&m) {
                None if m == "self" => {}
                None => panic!("{}: reaches crate::{m}, which is not in the graph", rel(&f)),
                Some(r) if r >= mine => wrong.entry(rel(&f)).or_default().push(m),
                Some(_) => {}
            }
        }
    }
    for v in wrong.values_mut() {
        v.sort();
        v.dedup();
    }
    assert!(wrong.is_empty(), "dependencies against the graph (file → modules of the same or a higher rank): {wrong:#?}");
}

#[test]
fn core_and_models_never_reach_the_database_or_the_server() {
    let mut wrong = Vec::new();
    for (f, text) in sources() {
        let r = rel(&f);
        if !(r.starts_with("core/") || r.ends_with("/model.rs")) {
            continue;
        }
        let code = code_only(&text);
        for bad in IMPURE {
            if code.contains(bad) {
                wrong.push(format!("{r}: {bad}"));
            }
        }
    }
    assert!(wrong.is_empty(), "pure modules reaching IO: {wrong:#?}");
}

#[test]
fn sql_lives_in_the_stores() {
    let mut wrong = Vec::new();
    let mut stale = Vec::new();
    for (f, text) in sources() {
        let r = rel(&f);
        let has_sql = code_only(&text).contains("sqlx::query");
        let store = r.ends_with("/store.rs") || r.starts_with("db/") || r.contains("/store/");
        if has_sql && !store && !SQL_OUTSIDE_STORE.contains(&r.as_str()) {
            wrong.push(r.clone());
        }
        if !has_sql && SQL_OUTSIDE_STORE.contains(&r.as_str()) {
            stale.push(r);
        }
    }
    assert!(wrong.is_empty(), "SQL outside an area's store: {wrong:#?}");
    assert!(stale.is_empty(), "no SQL left here: remove from SQL_OUTSIDE_STORE: {stale:#?}");
}

/// The stores read rows by column name (through `db::codec`), never by position: a
/// reordered or widened SELECT cannot shift a value into the wrong field.
#[test]
fn stores_read_rows_by_column_name() {
    let mut wrong = Vec::new();
    for (f, text) in sources() {
        let r = rel(&f);
        if !(r.ends_with("/store.rs") || r.contains("/store/") || r.starts_with("db/")) {
            continue;
        }
        let code = code_only(&text);
        for (n, line) in code.lines().enumerate() {
            if positional_get(line) {
                wrong.push(format!("{r}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(wrong.is_empty(), "rows read by position (read them by name with db::codec::get): {wrong:#?}");
}

/// Whether a line calls `.get(N)`, `.get::<T, _>(N)` or `.try_get(N)` with a number.
fn positional_get(line: &str) -> bool {
    let mut rest = line;
    while let Some(at) = [rest.find(".get"), rest.find(".try_get")].into_iter().flatten().min() {
        let after = &rest[at..];
        let after = after.trim_start_matches(".try_get").trim_start_matches(".get");
        let after = match after.strip_prefix("::<") {
            // skip the turbofish, nested angle brackets included
            Some(t) => {
                let mut depth = 1;
                let mut end = t.len();
                for (i, c) in t.char_indices() {
                    match c {
                        '<' => depth += 1,
                        '>' => {
                            depth -= 1;
                            if depth == 0 {
                                end = i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                &t[end..]
            }
            None => after,
        };
        if let Some(arg) = after.strip_prefix('(') {
            if arg.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                return true;
            }
        }
        rest = &rest[at + 1..];
    }
    false
}

#[test]
fn positional_reads_are_recognised() {
    assert!(positional_get("let x: i64 = r.get(0);"));
    assert!(positional_get("r.get::<Option<i64>, _>(12).unwrap_or(0)"));
    assert!(positional_get("let n = row.try_get(3)?;"));
    assert!(!positional_get(r#"get(r, "id")?"#));
    assert!(!positional_get(r#"r.get::<i64, _>("id")"#));
    assert!(!positional_get("map.get(&key)"));
}

/// Server functions (`api.rs`) and API v1 handlers are thin adapters over an area's
/// service: they authenticate and delegate; a transaction is opened in a service.
#[test]
fn adapters_open_no_transactions() {
    let mut files: Vec<(String, String)> =
        sources().into_iter().filter(|(f, _)| f.file_name().is_some_and(|n| n == "api.rs")).map(|(f, t)| (rel(&f), t)).collect();
    let server_api = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src/api");
    let mut more = Vec::new();
    rust_files(&server_api, &mut more);
    files.extend(more.into_iter().map(|f| (f.display().to_string(), fs::read_to_string(&f).expect("read source"))));
    let wrong: Vec<String> = files.into_iter().filter(|(_, t)| code_only(t).contains(".begin()")).map(|(f, _)| f).collect();
    assert!(wrong.is_empty(), "adapters opening a transaction (move the write into the area's service): {wrong:#?}");
}

/// The reader itself: a group, a `super` chain out of the area, comments ignored.
#[test]
fn the_reader_finds_what_a_file_reaches() {
    let f = src().join("sales/pages/doc.rs");
    let code = code_only("use crate::{core::T, ui::{lang, tr}};\n// crate::db in a comment\nuse super::super::api::x;\nuse super::super::super::stock::y;\nlet s = \"crate::db\"; let t = r#\"crate::print\"#; let c = '\"'; crate::areas::x");
    let mut r = reached(&f, &code);
    r.sort();
    assert_eq!(r, vec!["areas", "core", "stock", "ui"]);
}

/// Statuses, kinds, channels and periods are enums in the models: a page asks them
/// (`OrderStatus::can_deliver`, `.label()`) and never compares their codes as text.
#[test]
fn pages_compare_no_status_or_kind_codes() {
    const NAMES: [&str; 6] = ["status", "kind", "channel", "reason", "method", "period"];
    let mut wrong = Vec::new();
    for (f, text) in sources() {
        let r = rel(&f);
        if !(r.contains("/pages/") || r.ends_with("/pages.rs")) {
            continue;
        }
        for (n, line) in code_only(&text).lines().enumerate() {
            if NAMES.iter().any(|w| compares_code(line, w)) {
                wrong.push(format!("{r}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(wrong.is_empty(), "pages comparing codes as text (use the model's enum): {wrong:#?}");
}

/// Whether a line compares a field named `name` (`x.status`, `r.kind`) with a string.
fn compares_code(line: &str, name: &str) -> bool {
    let field = format!(".{name}");
    line.match_indices(&field).any(|(at, _)| {
        let rest = &line[at + field.len()..];
        if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
            return false; // another field: `.status_label`
        }
        let rest = rest.trim_start();
        ["== \"", "!= \"", ".as_str()"].iter().any(|p| rest.starts_with(p))
    })
}

#[test]
fn the_code_comparison_reader_sees_what_it_should() {
    assert!(compares_code(r#"if r.status == "" {"#, "status"));
    assert!(compares_code(r#"match i.kind.as_str() {"#, "kind"));
    assert!(compares_code(r#"let x = u.kind != "";"#, "kind"));
    assert!(!compares_code(r#"if r.status == SiStatus::Paid {"#, "status"));
    assert!(!compares_code(r#"l.t(r.status.label())"#, "status"));
    assert!(!compares_code(r#"if r.status_text == "" {"#, "status"));
}
