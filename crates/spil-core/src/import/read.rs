//! Reading the file: its separator, its header row, and errors for what cannot be read.

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

/// The largest sheet read: far above any one worker's caseload (a row is a few
/// hundred bytes), and small enough to hold in memory while its encoding is told.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// What a caseload file is, as told from its first bytes (never from its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Text: CSV (or tab-separated) in one of the [`SheetEncoding`]s.
    Csv,
    /// An Excel workbook (`.xlsx`: a zip archive).
    Xlsx,
}

/// Tells CSV from an Excel workbook by the bytes, and refuses what is neither
/// with words that say what to do: an old `.xls` or a password-protected
/// workbook (both Microsoft compound files), or a binary file (a PDF, a picture).
pub fn file_kind(bytes: &[u8]) -> Result<FileKind> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const COMPOUND: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(ZIP) {
        return Ok(FileKind::Xlsx);
    }
    if bytes.starts_with(COMPOUND) {
        // Excel keeps a password-protected .xlsx inside a compound file, beside a
        // stream named "EncryptionInfo" (its name in UTF-16).
        let encrypted: Vec<u8> = "EncryptionInfo"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(encrypted.len()).any(|w| w == encrypted) {
            return Err(Error::invalid(
                "file",
                Rule::WorkbookProtected,
                "the workbook is protected by a password; save it again without one",
            ));
        }
        return Err(Error::invalid(
            "file",
            Rule::NotASheet,
            "an Excel 97-2003 workbook (.xls); save it as .xlsx or as CSV",
        ));
    }
    let has_bom = encoding_rs::Encoding::for_bom(bytes).is_some();
    let head = &bytes[..bytes.len().min(8192)];
    if bytes.starts_with(b"%PDF") || (!has_bom && head.contains(&0)) {
        return Err(Error::invalid(
            "file",
            Rule::NotASheet,
            "neither a CSV file nor an Excel .xlsx workbook",
        ));
    }
    Ok(FileKind::Csv)
}

/// Refuses a file larger than [`MAX_FILE_BYTES`] (CSV or workbook alike).
pub(super) fn check_size(len: usize) -> Result<()> {
    if len > MAX_FILE_BYTES {
        return Err(Error::Import(vec![RowError {
            line: 0,
            column: String::new(),
            rule: Rule::TooLarge,
            message: format!(
                "the file is larger than {} MiB",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        }]));
    }
    Ok(())
}

/// The encodings a caseload sheet arrives in, as told from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetEncoding {
    Utf8,
    /// "Unicode text" from Excel (with its byte-order mark).
    Utf16,
    /// What Dutch Excel writes for "CSV (gescheiden door lijstscheidingsteken)".
    Windows1252,
}

/// The whole file as UTF-8 text, without byte-order mark. A file with a UTF-8 or
/// UTF-16 byte-order mark is read as that; a file that is valid UTF-8 is UTF-8;
/// anything else is Windows-1252, which maps every byte to a character, so nothing
/// is ever replaced by "�". (Bytes Windows-1252 leaves undefined become control
/// characters, which the row checks refuse by name.)
pub fn decode(bytes: &[u8]) -> Result<(String, SheetEncoding)> {
    check_size(bytes.len())?;
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let kind = if encoding == encoding_rs::UTF_8 {
            SheetEncoding::Utf8
        } else {
            SheetEncoding::Utf16
        };
        return Ok((text.into_owned(), kind));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), SheetEncoding::Utf8)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((text.into_owned(), SheetEncoding::Windows1252))
        }
    }
}

/// Choose `;`, `,` or a tab by which occurs most in the header line.
pub(super) fn sniff(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |c: char| header.matches(c).count();
    let (semicolons, commas, tabs) = (count(';'), count(','), count('\t'));
    if tabs > semicolons && tabs > commas {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
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
