//! `spil merge`: the regional monitor combines workers' record exports into one
//! regional report and aggregate export. Needs no vault and no passphrase.

use std::path::{Path, PathBuf};

use spil_core::export::{merge, MergeParams};

use super::{CliError, CliResult};

pub fn run(files: &[PathBuf], out: &Path, params: &MergeParams) -> CliResult {
    let mut inputs = Vec::new();
    for f in files {
        let file = std::fs::File::open(f)
            .map_err(|e| CliError::msg(format!("cannot read {}: {}", f.display(), e.kind())))?;
        inputs.push((f.display().to_string(), std::io::BufReader::new(file)));
    }
    let region = merge(inputs, params)?;
    let text = serde_json::to_vec_pretty(&region).map_err(|e| CliError::msg(e.to_string()))?;
    std::fs::write(out, text)
        .map_err(|e| CliError::msg(format!("cannot write {}: {}", out.display(), e.kind())))?;
    println!(
        "{} exports, {} records: regional report and aggregate export in {}",
        region.sources.len(),
        region.sources.iter().map(|s| s.records).sum::<u64>(),
        out.display()
    );
    println!(
        "merged records re-checked: {}",
        super::export::describe(&region.anonymisation)
    );
    Ok(())
}
