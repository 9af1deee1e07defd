//! `spil import`: a caseload CSV, all or nothing.

use std::path::Path;

use spil_core::Error;

use super::{open, CliError, CliResult};

pub fn run(dir: &Path, file: &Path) -> CliResult {
    let input = std::fs::File::open(file)
        .map_err(|e| CliError::msg(format!("cannot read {}: {}", file.display(), e.kind())))?;
    let mut vault = open(dir)?;
    match vault.import_csv(std::io::BufReader::new(input), |_| {}) {
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
