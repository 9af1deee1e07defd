//! The caseload import (docs/DESIGN.md, "Caseload import").
//!
//! - A file is CSV or an Excel workbook (`.xlsx`), told from its first bytes, never
//!   from its name ([`read::file_kind`]); what is neither (an old `.xls`, a
//!   password-protected workbook, a PDF) is refused with words saying what to do.
//! - A workbook is read one sheet at a time (the first unless one is named); its
//!   cells are typed, so a date cell is its date and a whole number keeps its
//!   digits (`xlsx`). Its rows then take the same checks as a CSV file's.
//! - A CSV file as a spreadsheet saves it: UTF-8 (with or without BOM), UTF-16 with
//!   BOM, or Windows-1252, told from the bytes ([`read::decode`]); comma, semicolon
//!   or tab, detected from the header row; header names are matched
//!   case-insensitively; unknown columns are refused. Dates may be ISO or Dutch
//!   (`3-2-2014`), codes may be written as their Dutch or English label.
//! - Errors name rows as the spreadsheet numbers them: the header is row 1.
//! - A `youth_ref` already used for another child (name, birth date or BSN differ)
//!   is an error on that row, never silently "already present".
//! - All or nothing: the file streams through one transaction; every bad cell is
//!   collected (line and column), and any error rolls the whole file back.
//! - Idempotent: `youth_ref` + `referral_date` identify a trajectory, so a row already
//!   in the vault is skipped and re-importing a file adds nothing.
//! - Each row runs in a savepoint, so one bad row cannot disturb the checks of the
//!   rows after it.
//!
//! Split by concern: [`read`] finds the bytes' shape (kind, BOM, separator, header
//! row) and turns unreadable input into row errors; `xlsx` reads a workbook's sheet; [`parse`] checks one row cell by cell;
//! [`store`] writes one checked row. This file holds the contract and the transaction.

mod parse;
pub mod read;
mod store;
mod xlsx;

use parse::{column_of, parse_row, Cells};
use read::{decode, file_error, file_kind, header_index, sniff, FileKind};
use store::store_row;

use std::io::Read;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::audit::{self, Action, Event};
use crate::Rule;
use crate::{Error, Result, RowError, Vault};

pub const COLUMNS: [&str; 20] = [
    "youth_ref",
    "given_name",
    "family_name",
    "birth_date",
    "gender",
    "bsn",
    "postcode",
    "practice",
    "kern",
    "municipality_code",
    "referral_date",
    "referrer",
    "problem_areas",
    "first_contact_date",
    "triage",
    "session_dates",
    "closed_date",
    "outcome",
    "satisfaction",
    "notes",
];
const REQUIRED: [&str; 3] = ["youth_ref", "practice", "referral_date"];

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub rows: u64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub trajectories_created: u64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub youths_created: u64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub practices_created: u64,
    /// Rows whose trajectory was already in the vault (skipped).
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub already_present: u64,
}

/// Progress while a file goes in: rows read of the rows in the file.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ImportProgress {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub rows: u64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub rows_total: u64,
}

/// Data rows in the text (records with any cell filled), for the progress bar.
fn count_rows(text: &str, delimiter: u8) -> u64 {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut n = 0;
    while let Ok(true) = csv.read_record(&mut record) {
        if !record.iter().all(|c| c.trim().is_empty()) {
            n += 1;
        }
    }
    n
}

/// The data rows of a file, each with its row number as a spreadsheet shows it,
/// or the error that row already is.
type Rows<'a> =
    &'a mut dyn Iterator<Item = std::result::Result<(u64, csv::StringRecord), RowError>>;

/// Reads a file the worker chose, at most [`read::MAX_FILE_BYTES`].
fn read_file(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            Error::invalid("path", Rule::FileMissing, "there is no file at this path")
        }
        _ => Error::Io(e),
    })?;
    if !file.metadata()?.is_file() {
        return Err(Error::invalid(
            "path",
            Rule::NotAFile,
            "this path is a folder, not a file",
        ));
    }
    let mut bytes = Vec::new();
    file.take(read::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    read::check_size(bytes.len())?;
    Ok(bytes)
}

/// The sheets of the workbook at `path`, in the order of its tabs; empty for a
/// CSV file (it has one sheet, nameless). The kind is told from the bytes.
pub fn sheet_names(path: &Path) -> Result<Vec<String>> {
    let bytes = read_file(path)?;
    match file_kind(&bytes)? {
        FileKind::Csv => Ok(Vec::new()),
        FileKind::Xlsx => xlsx::sheet_names(&bytes),
    }
}

impl Vault {
    /// Import the caseload file at `path`: CSV or an Excel workbook, told from its
    /// bytes. `sheet` picks a workbook's sheet (default: the first); a CSV file
    /// has none, so it is ignored there.
    pub fn import_file(
        &mut self,
        path: &Path,
        sheet: Option<&str>,
        progress: impl FnMut(ImportProgress),
    ) -> Result<ImportSummary> {
        let bytes = read_file(path)?;
        match file_kind(&bytes)? {
            FileKind::Csv => self.import_csv(bytes.as_slice(), progress),
            FileKind::Xlsx => self.import_xlsx(&bytes, sheet, progress),
        }
    }

    /// Import one sheet of an Excel workbook (`.xlsx`); see the module docs.
    pub fn import_xlsx(
        &mut self,
        bytes: &[u8],
        sheet: Option<&str>,
        progress: impl FnMut(ImportProgress),
    ) -> Result<ImportSummary> {
        read::check_size(bytes.len())?;
        let sha256 = hex::encode(Sha256::digest(bytes));
        let sheet = xlsx::read_sheet(bytes, sheet)?;
        let index = header_index(&sheet.headers)?;
        let mut rows = sheet.rows.into_iter();
        self.import_rows(
            &index,
            &mut rows,
            sheet.rows_total,
            &sha256,
            "caseload_xlsx",
            progress,
        )
    }

    /// Import a CSV caseload; see the module docs. `progress` is called every 500 rows.
    pub fn import_csv(
        &mut self,
        mut input: impl Read,
        progress: impl FnMut(ImportProgress),
    ) -> Result<ImportSummary> {
        let mut bytes = Vec::new();
        input
            .by_ref()
            .take(read::MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut bytes)?;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let (text, _encoding) = decode(&bytes)?;
        drop(bytes);
        let delimiter = sniff(&text);
        let rows_total = count_rows(&text, delimiter);
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = csv.headers().map_err(|e| file_error(1, e))?.clone();
        let index = header_index(&headers)?;
        let mut rows = std::iter::from_fn(|| {
            let line = csv.position().line();
            let mut record = csv::StringRecord::new();
            match csv.read_record(&mut record) {
                Ok(false) => None,
                Ok(true) => Some(Ok((line, record))),
                Err(e) => Some(Err(file_error(line, e)
                    .into_row_errors()
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| read::header_error("", Rule::CsvInvalid, "")))),
            }
        });
        self.import_rows(
            &index,
            &mut rows,
            rows_total,
            &sha256,
            "caseload_csv",
            progress,
        )
    }

    /// The rows of one file, in one transaction: checked, stored, or all rolled back.
    fn import_rows(
        &mut self,
        index: &std::collections::HashMap<&'static str, Option<usize>>,
        rows: Rows<'_>,
        rows_total: u64,
        sha256: &str,
        what: &str,
        mut progress: impl FnMut(ImportProgress),
    ) -> Result<ImportSummary> {
        let tx = self.conn.transaction()?;
        let actor = self.actor.clone();
        let mut errors: Vec<RowError> = Vec::new();
        let mut summary = ImportSummary::default();
        let mut seen = std::collections::HashSet::new();
        for next in rows {
            let (line, record) = match next {
                Ok(r) => r,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            if record.iter().all(str::is_empty) {
                continue;
            }
            summary.rows += 1;
            let cells = Cells {
                record: &record,
                index,
            };
            let row = match parse_row(&cells, line) {
                Ok(r) => r,
                Err(mut e) => {
                    errors.append(&mut e);
                    continue;
                }
            };
            let key = (row.youth.youth_ref.clone(), row.referral_date);
            if !seen.insert(key) {
                errors.push(RowError {
                    line,
                    column: "referral_date".into(),
                    rule: Rule::Duplicate,
                    message: "the same youth_ref and referral_date appear earlier in the file"
                        .into(),
                });
                continue;
            }
            tx.execute_batch("SAVEPOINT import_row")?;
            match store_row(&tx, &actor, &row, &mut summary) {
                Ok(()) => tx.execute_batch("RELEASE import_row")?,
                Err(Error::Invalid(i)) => {
                    tx.execute_batch("ROLLBACK TO import_row; RELEASE import_row")?;
                    errors.push(RowError {
                        line,
                        column: column_of(&i.field),
                        rule: i.rule,
                        message: i.message,
                    });
                }
                Err(e) => return Err(e),
            }
            if summary.rows % 500 == 0 {
                progress(ImportProgress {
                    rows: summary.rows,
                    rows_total,
                });
            }
        }
        if !errors.is_empty() {
            // Dropping the transaction rolls back every row.
            return Err(Error::Import(errors));
        }
        progress(ImportProgress {
            rows: summary.rows,
            rows_total,
        });
        tx.execute(
            "INSERT INTO imports (id, sha256, rows, created, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![
                crate::new_id(),
                sha256,
                summary.rows as i64,
                summary.trajectories_created as i64,
                crate::now()
            ],
        )?;
        audit::append(&tx, &actor, &Event::new(Action::Import, what))?;
        tx.commit()?;
        Ok(summary)
    }
}
