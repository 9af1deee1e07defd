//! `spil merge`: the regional monitor combines workers' record exports into one
//! region file of protected aggregate tables. Needs no vault and no passphrase.
//! The app's merge screen reads and writes through the same core functions.

use std::path::{Path, PathBuf};

use spil_core::export::{merge_files, write_region, MergeParams};

use super::CliResult;

pub fn run(files: &[PathBuf], out: &Path, params: &MergeParams) -> CliResult {
    let region = merge_files(files, params)?;
    let written = write_region(&region, out, files)?;
    println!(
        "{} exports, {} records: regional report and aggregate export in {}",
        written.files, written.records, written.path
    );
    println!(
        "merged records re-checked: {}",
        super::export::describe(&region.anonymisation)
    );
    Ok(())
}
