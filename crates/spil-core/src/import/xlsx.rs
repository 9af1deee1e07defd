//! Reading an Excel workbook (`.xlsx`): one sheet's cells as the text the row
//! checks read, so a workbook goes through the same checks as a CSV file.
//!
//! A cell keeps what Excel shows, not how it stores it:
//! - a date cell is its date (`2014-02-03`): Excel stores days since 1900 as a
//!   number, counting the 29th of February 1900 that never was, so serial 61 is
//!   the 1st of March 1900 (a 1904-based workbook counts from 1904);
//! - a whole number is written without a decimal point (a BSN typed as a number
//!   stays `123456782`, never `123456782.0`); a `bsn` number Excel shortened by its
//!   leading zero gets it back (BSNs have nine digits);
//! - text is text, trimmed; an error cell (`#N/A`) is an error on its row.
//!
//! Rows are numbered as Excel shows them: the header is the first row of the
//! sheet's used range (row 1 when it starts at the top), data rows follow.

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use crate::Rule;
use crate::{Error, Result, RowError};

/// One sheet, as text records: its header and its data rows, each with the row
/// number Excel shows, or the cell error that row holds.
pub(super) struct SheetRows {
    pub(super) headers: csv::StringRecord,
    pub(super) rows: Vec<std::result::Result<(u64, csv::StringRecord), RowError>>,
    pub(super) rows_total: u64,
}

fn unreadable() -> Error {
    Error::invalid(
        "file",
        Rule::WorkbookUnreadable,
        "the workbook is damaged or not an Excel .xlsx workbook",
    )
}

fn open(bytes: &[u8]) -> Result<Xlsx<std::io::Cursor<&[u8]>>> {
    Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())
}

/// The workbook's sheet names, in the order Excel shows their tabs.
pub(super) fn sheet_names(bytes: &[u8]) -> Result<Vec<String>> {
    Ok(open(bytes)?.sheet_names())
}

/// The named sheet's rows (the first sheet when `sheet` is `None`).
pub(super) fn read_sheet(bytes: &[u8], sheet: Option<&str>) -> Result<SheetRows> {
    let mut book = open(bytes)?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "sheet",
                    Rule::UnknownSheet,
                    "the workbook has no sheet by this name",
                )
            })?
            .clone(),
        None => names.first().cloned().ok_or_else(unreadable)?,
    };
    let range = book.worksheet_range(&name).map_err(|_| unreadable())?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows();
    let header_cells = rows.next().unwrap_or_default();
    let headers: csv::StringRecord = header_cells.iter().map(|c| text(c, false)).collect();
    let bsn_col = headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case("bsn"));
    let mut out = Vec::new();
    let mut rows_total = 0;
    for (i, cells) in rows.enumerate() {
        // Excel's row number: 1-based, the header's own row first.
        let line = u64::from(first_row) + i as u64 + 2;
        if cells.iter().all(is_blank) {
            continue;
        }
        rows_total += 1;
        if let Some((j, e)) = cells.iter().enumerate().find_map(|(j, c)| match c {
            Data::Error(e) => Some((j, e)),
            _ => None,
        }) {
            let column = headers.get(j).unwrap_or_default().trim().to_lowercase();
            out.push(Err(RowError {
                line,
                column,
                rule: Rule::Invalid,
                message: format!(
                    "the cell in column {} holds an Excel error ({e})",
                    column_letters(first_col + j as u32)
                ),
            }));
            continue;
        }
        let record = cells
            .iter()
            .enumerate()
            .map(|(j, c)| text(c, Some(j) == bsn_col))
            .collect();
        out.push(Ok((line, record)));
    }
    Ok(SheetRows {
        headers,
        rows: out,
        rows_total,
    })
}

fn is_blank(c: &Data) -> bool {
    match c {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A cell as the text the row checks read.
fn text(c: &Data, is_bsn: bool) -> String {
    match c {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Bool(b) => b.to_string(),
        Data::Int(i) => whole(*i, is_bsn),
        Data::Float(f) => number(*f, is_bsn),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            match NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(day)) {
                Some(date) => date.format("%Y-%m-%d").to_string(),
                // The 29th of February 1900 Excel counts: no date, so the row
                // check names it as an invalid date.
                None => format!("{y}-{m:02}-{day:02}"),
            }
        }
        Data::DateTime(d) => number(d.as_f64(), false),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
    }
}

fn whole(i: i64, is_bsn: bool) -> String {
    if is_bsn && (0..1_000_000_000).contains(&i) {
        format!("{i:09}")
    } else {
        i.to_string()
    }
}

/// A number as Excel shows it in a General cell: whole numbers without a
/// decimal point, others in the shortest form that reads back the same.
fn number(f: f64, is_bsn: bool) -> String {
    // 2^53: every whole number below it is exact in an f64.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if f.fract() == 0.0 && f.abs() < EXACT {
        #[allow(clippy::cast_possible_truncation)] // whole and below 2^53: exact
        whole(f as i64, is_bsn)
    } else {
        f.to_string()
    }
}

/// Excel's letters for a 0-based column (0 = A, 26 = AA).
fn column_letters(mut col: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    fn serial(v: f64) -> String {
        text(
            &Data::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false)),
            false,
        )
    }

    #[test]
    fn serial_dates_count_excels_leap_day_of_1900() {
        assert_eq!(serial(1.0), "1900-01-01");
        assert_eq!(serial(59.0), "1900-02-28");
        // Serial 60 is the 29th of February 1900, which Excel counts but never was.
        assert_eq!(serial(60.0), "1900-02-29");
        assert_eq!(serial(61.0), "1900-03-01");
        assert_eq!(serial(41673.0), "2014-02-03");
        assert_eq!(serial(45943.75), "2025-10-13");
    }

    #[test]
    fn numbers_keep_their_digits() {
        assert_eq!(text(&Data::Float(123_456_782.0), true), "123456782");
        assert_eq!(text(&Data::Float(12_345_672.0), true), "012345672");
        assert_eq!(text(&Data::Float(7.0), false), "7");
        assert_eq!(text(&Data::Float(7.5), false), "7.5");
        assert_eq!(text(&Data::Int(1234), false), "1234");
    }

    #[test]
    fn column_letters_as_excel_names_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
