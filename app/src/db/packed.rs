//! Many rows as one text value. Tens of thousands of rows handed over one at a time
//! through sqlx's `Any` driver cost several times the query itself (on SQLite every
//! row crosses from the connection's thread to the caller's); aggregated into one
//! text by the database they cross once. Fields are joined by the ASCII unit
//! separator and rows by the record separator: typed text never holds control
//! characters (`core::text` refuses them), and a row of the wrong width is an error.
//! Concatenation, not JSON: building JSON costs PostgreSQL twice as much.
use super::Backend;
use crate::error::{AppError, AppResult};

/// The SQL that packs the rows of `inner` (aliased `t`) into one text. `columns` are
/// expressions over `t` that are never NULL (PostgreSQL's `concat_ws` would skip a
/// NULL and shift the fields after it; SQLite's `||` would drop the row).
pub fn sql(backend: Backend, columns: &[&str], inner: &str) -> String {
    match backend {
        Backend::Sqlite => format!("SELECT COALESCE(group_concat({}, char(30)), '') FROM ({inner}) t", columns.join(" || char(31) || ")),
        Backend::Postgres => format!("SELECT COALESCE(string_agg(concat_ws(chr(31), {}), chr(30)), '') FROM ({inner}) t", columns.join(", ")),
    }
}

/// One unpacked row.
pub struct Fields<'a> {
    fields: Vec<&'a str>,
    what: &'static str,
}

impl<'a> Fields<'a> {
    pub fn text(&self, i: usize) -> &'a str {
        self.fields[i]
    }

    pub fn int(&self, i: usize) -> AppResult<i64> {
        self.fields[i].parse().map_err(|_| AppError::Internal(format!("{}: field {i} is not a number: '{}'", self.what, self.fields[i])))
    }
}

/// The rows of a packed text, each checked to have `width` fields; `what` names the
/// query in an error.
pub fn rows<'a>(text: &'a str, width: usize, what: &'static str) -> impl Iterator<Item = AppResult<Fields<'a>>> {
    text.split('\u{1e}').filter(|r| !r.is_empty()).map(move |r| {
        let fields: Vec<&str> = r.split('\u{1f}').collect();
        if fields.len() == width {
            Ok(Fields { fields, what })
        } else {
            Err(AppError::Internal(format!("{what}: a row of {} fields, not {width}: '{r}'", fields.len())))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_split_into_fields_and_check_their_width() {
        let text = "A-1\u{1f}Bolt, 10 mm\u{1f}12\u{1e}A-2\u{1f}\u{1f}-3";
        let rows: Vec<_> = rows(text, 3, "test").collect::<AppResult<_>>().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].text(0), rows[0].text(1), rows[0].int(2).unwrap()), ("A-1", "Bolt, 10 mm", 12));
        assert_eq!((rows[1].text(1), rows[1].int(2).unwrap()), ("", -3));
        assert!(rows[0].int(1).is_err());
        assert_eq!(super::rows("", 3, "test").count(), 0);
        assert!(super::rows("a\u{1f}b", 3, "test").next().unwrap().is_err());
    }

    #[test]
    fn sql_joins_the_columns_per_backend() {
        assert_eq!(
            sql(Backend::Sqlite, &["a", "b"], "SELECT 1 AS a, 2 AS b"),
            "SELECT COALESCE(group_concat(a || char(31) || b, char(30)), '') FROM (SELECT 1 AS a, 2 AS b) t"
        );
        assert_eq!(sql(Backend::Postgres, &["a", "b"], "X"), "SELECT COALESCE(string_agg(concat_ws(chr(31), a, b), chr(30)), '') FROM (X) t");
    }
}
