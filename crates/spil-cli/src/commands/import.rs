//! `spil import`: a caseload sheet (CSV or an Excel workbook), all or nothing.

use std::path::Path;

use spil_core::Error;

use super::{open, CliError, CliResult};

pub fn run(dir: &Path, file: &Path, sheet: Option<&str>) -> CliResult {
    if sheet.is_some() && spil_core::import::sheet_names(file)?.is_empty() {
        return Err(CliError::msg(
            "--sheet is for an Excel workbook; this file is CSV".to_owned(),
        ));
    }
    let mut vault = open(dir)?;
    match vault.import_file(file, sheet, |_| {}) {
        Ok(s) => {
            vault.close()?;
            println!(
                "{} rows: {} trajectories, {} youths and {} practices added; {} already present",
                s.rows,
                s.trajectories_created,
                s.youths_created,
                s.practices_created,
                s.already_present
            );
            Ok(())
        }
        Err(Error::Import(errors)) => {
            // Every bad cell on its own line, then the one-line summary as the error.
            for e in &errors {
                eprintln!("  line {}, column {}: {}", e.line, e.column, e.message);
            }
            Err(CliError::msg(format!(
                "{} bad cell(s); nothing was imported",
                errors.len()
            )))
        }
        Err(e) => Err(e.into()),
    }
}
