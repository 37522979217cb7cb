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

/// Bytes of a file as UTF-8 text (a byte-order mark is dropped), or a message a user
/// can act on when it is in another encoding.
pub fn utf8(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        format!("The file is not UTF-8 text (first bad byte at position {}): save it as \"CSV UTF-8\" and try again", e.valid_up_to() + 1)
    })
}

/// More columns than any register has: a line of thousands of separators is not an
/// import, and each empty value costs memory.
pub const MAX_COLUMNS: usize = 256;
/// More rows than a small business imports at once.
pub const MAX_ROWS: usize = 500_000;

/// Parses CSV text. The separator is the one (`;`, `,` or tab) most used on the
/// first line.
pub fn parse(text: &str) -> Result<Table, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let sep = [';', ',', '\t'].into_iter().max_by_key(|c| first.matches(*c).count()).unwrap_or(';');
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

/// A CSV file with a header line, `;`-separated (opens in Nordic Excel).
pub fn write(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from('\u{feff}');
    out.push_str(&headers.join(";"));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.iter().map(|v| quote(v, ';')).collect::<Vec<_>>().join(";"));
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
        let text = write(&headers, &part.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>());
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
        assert!(utf8(b"navn\nS\xf8lberg").unwrap_err().contains("not UTF-8"));
        assert_eq!(utf8(b"\xEF\xBB\xBFnavn").unwrap(), "navn");
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
    }

    #[test]
    fn written_files_read_back() {
        let text = write(&["a", "b"], &[vec!["x;y".into(), "\"q\"".into()]]);
        let t = parse(&text).unwrap();
        assert_eq!(t.rows[0].1, ["x;y", "\"q\""]);
    }
}
