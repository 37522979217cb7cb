//! A report table as an Excel workbook (rust_xlsxwriter): the headings in bold, amounts
//! as numbers in a two-decimal format (so sums work in Excel), and the total row in
//! bold. Text cells are written as strings, never as formulas.
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::model::{Cell, Table};

pub fn write(t: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    // a sheet's name: at most 31 characters, none of []:*?/\
    let name: String = t.title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    sheet.set_name(if name.trim().is_empty() { "Report".to_string() } else { name })?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let number = Format::new().set_num_format("#,##0.###");
    let f = |d: rust_decimal::Decimal| d.to_f64().unwrap_or(0.0);
    for (c, h) in t.heads.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
    }
    let last = t.rows.len() as u32 + 1;
    for (r, cells) in t.rows.iter().chain([&t.total]).enumerate() {
        let row = r as u32 + 1;
        let strong = row == last;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            let (money, number) = if strong { (money.clone().set_bold(), number.clone().set_bold()) } else { (money.clone(), number.clone()) };
            match cell {
                Cell::Text(s) if strong => sheet.write_string_with_format(row, c, s, &bold).map(|_| ())?,
                Cell::Text(s) => sheet.write_string(row, c, s).map(|_| ())?,
                Cell::Money(d) => sheet.write_number_with_format(row, c, f(*d), &money).map(|_| ())?,
                Cell::Number(d) => sheet.write_number_with_format(row, c, f(*d), &number).map(|_| ())?,
                Cell::Pct(Some(p)) => sheet.write_number_with_format(row, c, f(*p), &number).map(|_| ())?,
                Cell::Pct(None) | Cell::Empty => {}
            }
        }
    }
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 36)?;
    for c in 2..t.heads.len().max(2) as u16 {
        sheet.set_column_width(c, 16)?;
    }
    book.save_to_buffer()
}
