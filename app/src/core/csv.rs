//! CSV as spreadsheets write it (RFC 4180 quoting; `;` or `,` separated, as Nordic
//! Excel uses `;`). Pure, so the browser previews an import with the same code the
//! server imports it with.

/// The outcome of an import or its preview.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Data rows in the file.
    pub rows: i64,
    /// Rows written: all of them, or 0.
    pub imported: i64,
    /// (line, message); nothing is imported when there is any.
    pub errors: Vec<(usize, String)>,
}

/// A parsed file: the header names (lower case, trimmed) and the records with the
/// line number each starts on (1 = the header line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// The value of column `name` in `row`, or "" when the file has no such column.
    pub fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        self.headers.iter().position(|h| h == name).and_then(|i| row.get(i)).map(|s| s.as_str()).unwrap_or("")
    }
    /// Refuses a file that lacks a required column, naming every missing one.
    pub fn require(&self, columns: &[&str]) -> Result<(), String> {
        let missing: Vec<&str> = columns.iter().filter(|c| !self.headers.iter().any(|h| h == *c)).copied().collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!("The file lacks the column(s): {} (the first line must name the columns)", missing.join(", ")))
        }
    }
}

/// The characters of Windows-1252 at 0x80–0x9F (what Excel's "CSV (semicolon
/// separated)" writes on a Nordic Windows); the five unassigned bytes read as U+FFFD.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž', '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜',
    '™', 'š', '›', 'œ', '\u{fffd}', 'ž', 'Ÿ',
];

/// Bytes of a file as text: UTF-8 (a byte-order mark is dropped) when they are valid
/// UTF-8, else Windows-1252 — the two encodings spreadsheets here save CSV in.
pub fn text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
                _ => b as char,
            })
            .collect(),
    }
}

/// The separator of a file: the one of `;`, `,` and tab used most on the first line
/// outside quotes (a quoted header may hold the others).
fn separator(text: &str) -> char {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [';', ',', '\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], 2 - i)).unwrap_or(0);
    seps[best]
}

/// More columns than any register has: a line of thousands of separators is not an
/// import, and each empty value costs memory.
pub const MAX_COLUMNS: usize = 256;
/// More rows than a small business imports at once.
pub const MAX_ROWS: usize = 500_000;

/// Parses CSV text. The separator is the one (`;`, `,` or tab) most used on the
/// first line outside quotes.
pub fn parse(text: &str) -> Result<Table, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = separator(text);
    let mut records: Vec<(usize, Vec<String>)> = Vec::new();
    let mut field = String::new();
    let mut record: Vec<String> = Vec::new();
    let mut in_quotes = false;
    let mut line = 1usize;
    let mut start_line = 1usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => in_quotes = true,
            c if c == sep => {
                record.push(std::mem::take(&mut field));
                if record.len() > MAX_COLUMNS {
                    return Err(format!("Line {start_line} has more than {MAX_COLUMNS} values: this is not a register file"));
                }
            }
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                if !(record.len() == 1 && record[0].trim().is_empty()) {
                    records.push((start_line, std::mem::take(&mut record)));
                    if records.len() > MAX_ROWS {
                        return Err(format!("The file has more than {MAX_ROWS} lines; import it in parts"));
                    }
                } else {
                    record.clear();
                }
                line += 1;
                start_line = line;
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(format!("Line {start_line}: a quoted value is not closed (the file may be cut off)"));
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        if !(record.len() == 1 && record[0].trim().is_empty()) {
            records.push((start_line, record));
        }
    }
    let mut iter = records.into_iter();
    let Some((_, header)) = iter.next() else { return Err("The file is empty".into()) };
    let headers: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let rows: Vec<(usize, Vec<String>)> = iter.collect();
    for (n, r) in &rows {
        if r.len() > headers.len() {
            return Err(format!("Line {n} has {} values but the header names {} columns", r.len(), headers.len()));
        }
    }
    Ok(Table { headers, rows })
}

/// One CSV value, quoted when it needs to be.
pub fn quote(v: &str, sep: char) -> String {
    if v.contains(sep) || v.contains('"') || v.contains('\n') || v.contains('\r') {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first)
/// gets a leading `'`, so an exported name like `=HYPERLINK(…)` stays text. Numbers
/// (`-1 250,50`) are left as they are.
pub fn guard(v: &str) -> String {
    // the risky first characters are ASCII: one byte
    let Some(rest) = v.strip_prefix(['=', '+', '-', '@', '\t', '\r']) else { return v.to_string() };
    let number = rest.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | ',' | '.' | '\u{a0}')) && rest.chars().any(|c| c.is_ascii_digit());
    if !number {
        format!("'{v}")
    } else {
        v.to_string()
    }
}

/// A number in a `;`-separated file: a decimal comma, as Nordic spreadsheets read it
/// (`12,5`; the importers read both `,` and `.`).
pub fn decimal(d: rust_decimal::Decimal) -> String {
    d.normalize().to_string().replace('.', ",")
}

/// A CSV file with a header line, `;`-separated (opens in Nordic Excel), UTF-8 with
/// a byte-order mark; values are written as given (a postcode `0150` keeps its zero)
/// and guarded against formula injection.
pub fn write(headers: &[&str], rows: &[Vec<String>]) -> String {
    write_as(headers, rows, guard)
}

fn write_as(headers: &[&str], rows: &[Vec<String>], cell: fn(&str) -> String) -> String {
    let mut out = String::from('\u{feff}');
    out.push_str(&headers.join(";"));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.iter().map(|v| quote(&cell(v), ';')).collect::<Vec<_>>().join(";"));
        out.push_str("\r\n");
    }
    out
}

/// A part of a file: its own CSV text (header included) and, per data row, the
/// row's line in the part and in the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub text: String,
    pub lines: Vec<(usize, usize)>,
}

impl Chunk {
    /// The file's line of a line named in an answer about this part.
    pub fn file_line(&self, line: usize) -> usize {
        self.lines.iter().find(|(own, _)| *own == line).map(|(_, file)| *file).unwrap_or(line)
    }
}

/// Splits a file into parts of at most `rows` data rows, each with the header, so
/// a large file is checked part by part (with progress) by the same server code.
pub fn chunks(text: &str, rows: usize) -> Result<Vec<Chunk>, String> {
    let t = parse(text)?;
    let headers: Vec<&str> = t.headers.iter().map(|h| h.as_str()).collect();
    let mut out = Vec::new();
    for part in t.rows.chunks(rows.max(1)) {
        // the user's own values, unchanged (no formula guard: this is not an export)
        let text = write_as(&headers, &part.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>(), str::to_string);
        let own = parse(&text)?;
        let lines = own.rows.iter().zip(part).map(|((own, _), (file, _))| (*own, *file)).collect();
        out.push(Chunk { text, lines });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_spreadsheets_write() {
        let t = parse("Item no;Name;Price\r\nA-1;\"Tursekk; 40 l\";1 299,00\r\n\r\nA-2;\"Sko \"\"Fjell\"\"\nstørrelse 42\";899\n").unwrap();
        assert_eq!(t.headers, ["item no", "name", "price"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0], (2, vec!["A-1".into(), "Tursekk; 40 l".into(), "1 299,00".into()]));
        assert_eq!(t.rows[1].0, 4);
        assert_eq!(t.get(&t.rows[1].1, "name"), "Sko \"Fjell\"\nstørrelse 42");
        assert_eq!(t.get(&t.rows[1].1, "unit"), "");
        let comma = parse("a,b\n1,2").unwrap();
        assert_eq!(comma.rows[0].1, ["1", "2"]);
    }

    #[test]
    fn bad_files_get_a_reason() {
        assert!(parse("").unwrap_err().contains("empty"));
        assert!(parse("a;b\n\"open;2\n").unwrap_err().contains("not closed"));
        assert!(parse("a;b\n1;2;3\n").unwrap_err().contains("Line 2 has 3 values"));
        assert!(parse("a;b\n1;2\n").unwrap().require(&["a", "c", "d"]).unwrap_err().contains("c, d"));
        assert_eq!(text(b"\xEF\xBB\xBFnavn"), "navn");
    }

    #[test]
    fn parts_of_a_file_keep_their_lines() {
        let text = "a;b\n1;x\n\n2;\"y\nz\"\n3;w\n";
        let parts = chunks(text, 2).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].lines, vec![(2, 2), (3, 4)]);
        assert_eq!(parts[1].lines, vec![(2, 6)]);
        assert_eq!(parts[1].file_line(2), 6);
        let back = parse(&parts[0].text).unwrap();
        assert_eq!(back.rows[1].1, ["2", "y\nz"]);
        assert_eq!(chunks("a;b\n", 10).unwrap(), vec![]);
        assert_eq!(parse(&chunks("a;b\n-;=x\n", 10).unwrap()[0].text).unwrap().rows[0].1, ["-", "=x"], "parts keep the values as typed");
    }

    #[test]
    fn windows_1252_and_utf8_with_or_without_bom() {
        // Excel's "CSV (semicolon separated)" on a Nordic Windows: Windows-1252
        assert_eq!(text(b"navn;by\nS\xf8lberg \x96 \x80;G\xf6teborg"), "navn;by\nSølberg – €;Göteborg");
        assert_eq!(text("navn\nSølberg".as_bytes()), "navn\nSølberg");
        assert_eq!(text(b"\xEF\xBB\xBFnavn\nS\xc3\xb8lberg"), "navn\nSølberg");
        let t = parse(&text(b"name;city\nBl\xe5b\xe6r AS;Troms\xf8\n")).unwrap();
        assert_eq!(t.rows[0].1, ["Blåbær AS", "Tromsø"]);
    }

    #[test]
    fn the_separator_is_not_fooled_by_a_quoted_header() {
        // a quoted header holding commas, in a ; file, with decimal commas
        let t = parse("\"Name, full\";\"Price, NOK\";Unit\nTau, 10 mm;1 249,50;stk\n").unwrap();
        assert_eq!(t.headers, ["name, full", "price, nok", "unit"]);
        assert_eq!(t.rows[0].1, ["Tau, 10 mm", "1 249,50", "stk"]);
        let t = parse("\"a;b\",c,d\n1,2,3\n").unwrap();
        assert_eq!(t.headers, ["a;b", "c", "d"]);
        assert_eq!(parse("a\tb\n1\t2").unwrap().rows[0].1, ["1", "2"]);
    }

    #[test]
    fn exports_guard_formulas_and_keep_leading_zeros() {
        assert_eq!(guard("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(guard("+47 22 00 00 00x"), "'+47 22 00 00 00x");
        assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard("-1 250,50"), "-1 250,50");
        assert_eq!(guard("-"), "'-");
        assert_eq!(guard("0150"), "0150");
        assert_eq!(decimal(rust_decimal::Decimal::new(1250, 2)), "12,5");
        assert_eq!(decimal(rust_decimal::Decimal::new(-50000, 0)), "-50000");
        let file = write(&["postcode", "name"], &[vec!["0150".into(), "=1+1".into()]]);
        let back = parse(&file).unwrap();
        assert_eq!(back.rows[0].1, ["0150", "'=1+1"]);
    }

    #[test]
    fn written_files_read_back() {
        let text = write(&["a", "b"], &[vec!["x;y".into(), "\"q\"".into()]]);
        let t = parse(&text).unwrap();
        assert_eq!(t.rows[0].1, ["x;y", "\"q\""]);
    }
}
