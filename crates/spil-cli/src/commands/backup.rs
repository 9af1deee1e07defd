//! `spil backup`, `spil restore` and `spil inzage`: the worker's copy of the vault,
//! and a client's own file.

use std::path::Path;

use super::{actor, open, CliError, CliResult};

pub fn backup(dir: &Path, out: &Path) -> CliResult {
    let mut vault = open(dir)?;
    let report = vault.backup(out)?;
    vault.close()?;
    println!(
        "Back-up gemaakt / backup written: {} ({} kB, {})",
        report.path.display(),
        report.bytes.div_ceil(1024),
        report.created_at
    );
    println!("Bewaar hem op een andere schijf; terugzetten vraagt de wachtwoordzin van nu.");
    Ok(())
}

/// Restore `from` into `dir`: asks the passphrase that was current when the backup
/// was made. Shows what the backup is before touching anything.
pub fn restore(from: &Path, dir: &Path) -> CliResult {
    let header = spil_core::backup::inspect_file(from)?;
    eprintln!(
        "back-up van / backup of {} (vault {}, schema {})",
        header.created_at, header.vault_id, header.schema_version
    );
    let pass = crate::secret::passphrase()?;
    let vault = spil_core::Vault::restore(from, dir, &pass, &actor())?;
    vault.close()?;
    println!("Teruggezet / restored into {}", dir.display());
    Ok(())
}

/// A youth's whole file (by their own reference) as HTML or JSON, by `out`'s extension.
pub fn inzage(dir: &Path, youth_ref: &str, out: &Path) -> CliResult {
    let mut vault = open(dir)?;
    let youth = vault
        .find_youths(youth_ref)?
        .into_iter()
        .find(|y| y.youth_ref.as_deref() == Some(youth_ref))
        .ok_or_else(|| CliError::msg(format!("no youth with reference {youth_ref}")))?;
    let doc = vault.inzage(&youth.id)?;
    vault.close()?;
    let text = match out.extension().and_then(|e| e.to_str()) {
        Some("json") => {
            serde_json::to_string_pretty(&doc).map_err(|e| CliError::msg(e.to_string()))?
        }
        Some("html" | "htm") => spil_core::rights::inzage_html(&doc),
        _ => return Err(CliError::msg("--out must end in .html or .json".into())),
    };
    std::fs::write(out, text)?;
    println!("Inzage geschreven / written: {}", out.display());
    Ok(())
}
