//! The sales report as an Excel workbook (rust_xlsxwriter): the headings, a row per
//! group with amounts as numbers in a two-decimal format (so sums work in Excel), and
//! the total. Text cells are written as strings, never as formulas.
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::model::SalesReport;

pub fn write(r: &SalesReport, heads: &[String; 6], total: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(format!("{} {}–{}", heads[0], r.from, r.to).chars().take(31).collect::<String>())?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let money_bold = Format::new().set_num_format("#,##0.00").set_bold();
    let number = Format::new().set_num_format("#,##0.###");
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
    }
    let f = |d: rust_decimal::Decimal| d.to_f64().unwrap_or(0.0);
    let mut row = 1u32;
    for x in &r.rows {
        sheet.write_string(row, 0, &x.key)?;
        sheet.write_string(row, 1, &x.label)?;
        sheet.write_number_with_format(row, 2, f(x.net), &money)?;
        sheet.write_number_with_format(row, 3, f(x.qty), &number)?;
        sheet.write_number_with_format(row, 4, f(x.prev_net), &money)?;
        if let Some(p) = x.change_pct {
            sheet.write_number(row, 5, f(p))?;
        }
        row += 1;
    }
    sheet.write_string_with_format(row, 1, total, &bold)?;
    sheet.write_number_with_format(row, 2, f(r.total), &money_bold)?;
    sheet.write_number_with_format(row, 4, f(r.prev_total), &money_bold)?;
    if let Some(p) = r.change_pct {
        sheet.write_number_with_format(row, 5, f(p), &bold)?;
    }
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 36)?;
    for c in 2..=5 {
        sheet.set_column_width(c, 16)?;
    }
    book.save_to_buffer()
}
