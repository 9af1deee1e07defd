//! Reading the file: its separator, its header row, and errors for what cannot be read.

use std::io::{BufRead, BufReader, Read};

use crate::Rule;
use crate::{Error, Result, RowError};

use super::{COLUMNS, REQUIRED};

pub(super) fn file_error(line: u64, e: csv::Error) -> Error {
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the file is not UTF-8 text (save it as CSV UTF-8)".to_owned()
        }
        csv::ErrorKind::Io(_) => "the file could not be read".to_owned(),
        _ => "the row could not be read as CSV".to_owned(),
    };
    let line = e.position().map_or(line, |p| p.line());
    Error::Import(vec![RowError {
        line,
        column: String::new(),
        rule: Rule::CsvInvalid,
        message,
    }])
}

impl Error {
    pub(super) fn into_row_errors(self) -> Vec<RowError> {
        match self {
            Error::Import(v) => v,
            other => vec![RowError {
                line: 0,
                column: String::new(),
                rule: Rule::CsvInvalid,
                message: other.to_string(),
            }],
        }
    }
}

/// Skip a UTF-8 BOM and choose `;` or `,` by which occurs more in the header line.
pub(super) fn sniff<R: Read>(reader: &mut BufReader<R>) -> Result<u8> {
    let buf = reader.fill_buf()?;
    if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        reader.consume(3);
    }
    let buf = reader.fill_buf()?;
    let header = buf.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |c: u8| header.iter().filter(|&&b| b == c).count();
    Ok(if count(b';') > count(b',') {
        b';'
    } else {
        b','
    })
}

pub(super) fn header_index(
    headers: &csv::StringRecord,
) -> Result<std::collections::HashMap<&'static str, Option<usize>>> {
    let mut index: std::collections::HashMap<&'static str, Option<usize>> =
        COLUMNS.iter().map(|c| (*c, None)).collect();
    let mut errors = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().to_lowercase();
        match COLUMNS.iter().find(|c| **c == h) {
            Some(c) if index[c].is_some() => errors.push(header_error(
                &h,
                Rule::Duplicate,
                "this column appears twice",
            )),
            Some(c) => {
                index.insert(c, Some(i));
            }
            None if h.is_empty() => {}
            None => errors.push(header_error(
                &h,
                Rule::UnknownColumn,
                &format!("unknown column; expected: {}", COLUMNS.join(", ")),
            )),
        }
    }
    for r in REQUIRED {
        if index[r].is_none() {
            errors.push(header_error(
                r,
                Rule::MissingColumn,
                "required column is missing",
            ));
        }
    }
    if errors.is_empty() {
        Ok(index)
    } else {
        Err(Error::Import(errors))
    }
}

pub(super) fn header_error(column: &str, rule: Rule, message: &str) -> RowError {
    RowError {
        line: 1,
        column: column.into(),
        rule,
        message: message.into(),
    }
}
