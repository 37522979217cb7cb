//! The one codec between the domain's exact numbers and the database's integers, both
//! ways: money as minor units, quantities as thousandths, percentages as hundredths,
//! flags as 0/1, dates as ISO text. Writing refuses what does not fit — an overflow is
//! an error, never a silent 0 — and reading goes by column name, so a reordered SELECT
//! cannot shift a value into the wrong field.
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::core::lines::{Line, LineKind};
use crate::core::money::{from_bp, from_minor, to_bp, to_minor};
use crate::core::quantity::{from_milli, to_milli};
use crate::error::{AppError, AppResult};

/// An amount → minor units (at most 2 decimals, within the largest amount).
pub fn minor(d: Decimal) -> AppResult<i64> {
    to_minor(d).map_err(|e| AppError::invalid(e.to_string()))
}

/// A quantity → thousandths; `label` names the field in the refusal.
pub fn milli(label: &str, d: Decimal) -> AppResult<i64> {
    to_milli(label, d).map_err(AppError::invalid)
}

/// A percentage → hundredths of a per cent.
pub fn bp(d: Decimal) -> AppResult<i64> {
    to_bp(d).map_err(|e| AppError::invalid(e.to_string()))
}

/// A column by name; a missing column or a wrong type is an internal error naming it.
pub fn get<'r, T>(r: &'r AnyRow, col: &str) -> AppResult<T>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    r.try_get(col).map_err(|e| AppError::Internal(format!("column {col}: {e}")))
}

/// Money stored as minor units.
pub fn money(r: &AnyRow, col: &str) -> AppResult<Decimal> {
    Ok(from_minor(get(r, col)?))
}

/// A quantity stored as thousandths.
pub fn qty(r: &AnyRow, col: &str) -> AppResult<Decimal> {
    Ok(from_milli(get(r, col)?))
}

/// A percentage stored as hundredths of a per cent.
pub fn pct(r: &AnyRow, col: &str) -> AppResult<Decimal> {
    Ok(from_bp(get(r, col)?))
}

/// A flag stored as 0 or 1 (anything else is an error, never read as either).
pub fn flag(r: &AnyRow, col: &str) -> AppResult<bool> {
    match get::<i64>(r, col)? {
        0 => Ok(false),
        1 => Ok(true),
        n => Err(AppError::Internal(format!("column {col}: flag {n} is neither 0 nor 1"))),
    }
}

/// A condition the query computes (`x IS NOT NULL`): a boolean on PostgreSQL, 0 or 1
/// on SQLite.
pub fn cond(r: &AnyRow, col: &str) -> AppResult<bool> {
    match r.try_get::<bool, _>(col) {
        Ok(b) => Ok(b),
        Err(_) => flag(r, col),
    }
}

/// A date stored as ISO text (YYYY-MM-DD).
pub fn date(r: &AnyRow, col: &str) -> AppResult<NaiveDate> {
    let t: String = get(r, col)?;
    NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| AppError::Internal(format!("column {col}: '{t}' is not a date")))
}

/// A status, kind or other code stored as text, read into its enum by `parse`; an
/// unknown code is an error naming the column, never a default.
pub fn coded<T>(r: &AnyRow, col: &str, parse: impl Fn(&str) -> Option<T>) -> AppResult<T> {
    let code: String = get(r, col)?;
    parse(&code).ok_or_else(|| AppError::Internal(format!("column {col}: unknown code '{code}'")))
}

/// A date stored as ISO text, or NULL.
pub fn opt_date(r: &AnyRow, col: &str) -> AppResult<Option<NaiveDate>> {
    get::<Option<String>>(r, col)?
        .map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| AppError::Internal(format!("column {col}: '{t}' is not a date"))))
        .transpose()
}

/// A document line from the columns every line table shares: line_no, kind,
/// item_no, description, qty_milli, unit, price_minor, discount_bp, vat_code,
/// vat_rate_bp, net_minor (quote, order, invoice and credit note lines alike).
/// An unknown line kind is an error.
pub fn line(r: &AnyRow) -> AppResult<Line> {
    let kind: String = get(r, "kind")?;
    Ok(Line {
        line_no: get(r, "line_no")?,
        kind: LineKind::parse(&kind).map_err(|e| AppError::Internal(format!("column kind: {e}")))?,
        item_no: get(r, "item_no")?,
        description: get(r, "description")?,
        qty: qty(r, "qty_milli")?,
        unit: get(r, "unit")?,
        unit_price: money(r, "price_minor")?,
        discount_pct: pct(r, "discount_bp")?,
        vat_code: get(r, "vat_code")?,
        vat_rate: pct(r, "vat_rate_bp")?,
        net: money(r, "net_minor")?,
    })
}
