//! The caseload import (docs/DESIGN.md, "Caseload import").
//!
//! - UTF-8 with or without BOM; comma or semicolon, detected from the header row;
//!   header names are matched case-insensitively; unknown columns are refused.
//! - All or nothing: the file streams through one transaction; every bad cell is
//!   collected (line and column), and any error rolls the whole file back.
//! - Idempotent: `youth_ref` + `referral_date` identify a trajectory, so a row already
//!   in the vault is skipped and re-importing a file adds nothing.
//! - Each row runs in a savepoint, so one bad row cannot disturb the checks of the
//!   rows after it.
//!
//! Split by concern: [`read`] finds the bytes' shape (BOM, separator, header row) and
//! turns unreadable input into row errors; [`parse`] checks one row cell by cell;
//! [`store`] writes one checked row. This file holds the contract and the transaction.

mod parse;
mod read;
mod store;

use parse::{column_of, parse_row, Cells};
use read::{file_error, header_index, sniff};
use store::store_row;

use std::io::{BufReader, Read};

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

/// Progress while a file streams in.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ImportProgress {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub bytes_read: u64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub rows: u64,
}

struct Counting<R> {
    inner: R,
    bytes: u64,
    hash: Sha256,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

impl Vault {
    /// Import a CSV caseload; see the module docs. `progress` is called every 500 rows.
    pub fn import_csv(
        &mut self,
        input: impl Read,
        mut progress: impl FnMut(ImportProgress),
    ) -> Result<ImportSummary> {
        let mut reader = BufReader::new(Counting {
            inner: input,
            bytes: 0,
            hash: Sha256::new(),
        });
        let delimiter = sniff(&mut reader)?;
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(reader);
        let headers = csv.headers().map_err(|e| file_error(1, e))?.clone();
        let index = header_index(&headers)?;

        let tx = self.conn.transaction()?;
        let actor = self.actor.clone();
        let mut errors: Vec<RowError> = Vec::new();
        let mut summary = ImportSummary::default();
        let mut seen = std::collections::HashSet::new();
        let mut record = csv::StringRecord::new();
        loop {
            let line = csv.position().line();
            match csv.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    errors.push(file_error(line, e).into_row_errors().remove(0));
                    continue;
                }
            }
            if record.iter().all(str::is_empty) {
                continue;
            }
            summary.rows += 1;
            let cells = Cells {
                record: &record,
                index: &index,
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
                    bytes_read: csv.get_ref().get_ref().bytes,
                    rows: summary.rows,
                });
            }
        }
        if !errors.is_empty() {
            // Dropping the transaction rolls back every row.
            return Err(Error::Import(errors));
        }
        let counting = csv.into_inner().into_inner();
        progress(ImportProgress {
            bytes_read: counting.bytes,
            rows: summary.rows,
        });
        tx.execute(
            "INSERT INTO imports (id, sha256, rows, created, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![
                crate::new_id(),
                hex::encode(counting.hash.finalize()),
                summary.rows as i64,
                summary.trajectories_created as i64,
                crate::now()
            ],
        )?;
        audit::append(&tx, &actor, &Event::new(Action::Import, "caseload_csv"))?;
        tx.commit()?;
        Ok(summary)
    }
}
