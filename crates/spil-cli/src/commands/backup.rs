//! `spil backup`, `spil restore` and `spil inzage`: the worker's copy of the vault,
//! and a client's own file.

use std::path::Path;

use spil_core::backup::RestoreAuthority;
use spil_core::rights::DestructionReason;

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
/// was made and, over an existing vault, that vault's current passphrase, unless
/// `forgot` says to keep the current vault aside. Shows what the backup is before
/// touching anything.
pub fn restore(from: &Path, dir: &Path, forgot: bool) -> CliResult {
    let header = spil_core::backup::inspect_file(from)?;
    eprintln!(
        "back-up van / backup of {} (vault {}, schema {})",
        header.created_at, header.vault_id, header.schema_version
    );
    let pass = crate::secret::passphrase()?;
    let exists = dir.join(spil_core::store::KEY_FILE).exists()
        || dir.join(spil_core::store::DB_FILE).exists();
    let current = if exists && !forgot {
        Some(crate::secret::current_passphrase()?)
    } else {
        None
    };
    let authority = match (&current, forgot) {
        (Some(p), _) => Some(RestoreAuthority::CurrentPassphrase(p)),
        (None, true) => Some(RestoreAuthority::KeepAside),
        (None, false) => None,
    };
    let mut open = None;
    let report = spil_core::Vault::restore_over(from, dir, &pass, authority, &mut open, &actor())?;
    if let Some(vault) = open {
        vault.close()?;
    }
    println!("Teruggezet / restored into {}", dir.display());
    println!(
        "Opnieuw vernietigd / destructions applied again: {}",
        report.destructions_reapplied
    );
    if let Some(aside) = report.kept_aside {
        println!(
            "De vervangen kluis staat versleuteld in / the replaced vault is kept, encrypted, in: {}",
            aside.display()
        );
    }
    Ok(())
}

/// Destroy a youth's file (by their own reference) for good.
pub fn destroy(dir: &Path, youth_ref: &str, reason: DestructionReason) -> CliResult {
    let mut vault = open(dir)?;
    let youth = find_youth(&mut vault, youth_ref)?;
    vault.destroy_youth(&youth, reason)?;
    vault.close()?;
    println!(
        "Dossier vernietigd / file destroyed ({}); older backups still hold it, restoring one destroys it again",
        reason.as_str()
    );
    Ok(())
}

/// `request` (by the youth), `request-by-parent`, `retention` or
/// `registered-in-error`.
pub fn parse_reason(s: &str) -> Result<DestructionReason, String> {
    match s {
        "request" | "request-by-youth" => Ok(DestructionReason::RequestByYouth),
        "request-by-parent" => Ok(DestructionReason::RequestByParent),
        "retention" => Ok(DestructionReason::RetentionExpired),
        "registered-in-error" => Ok(DestructionReason::RegisteredInError),
        _ => Err("expected request, request-by-parent, retention or registered-in-error".into()),
    }
}

/// A youth's id by their own reference.
fn find_youth(vault: &mut spil_core::Vault, youth_ref: &str) -> Result<String, CliError> {
    Ok(vault
        .find_youths(youth_ref)?
        .into_iter()
        .find(|y| y.youth_ref.as_deref() == Some(youth_ref))
        .ok_or_else(|| CliError::msg(format!("no youth with reference {youth_ref}")))?
        .id)
}

/// A youth's whole file (by their own reference) as HTML or JSON, by `out`'s extension.
pub fn inzage(dir: &Path, youth_ref: &str, out: &Path) -> CliResult {
    let mut vault = open(dir)?;
    let youth = find_youth(&mut vault, youth_ref)?;
    let doc = vault.inzage(&youth)?;
    vault.close()?;
    let text = match out.extension().and_then(|e| e.to_str()) {
        Some("json") => {
            serde_json::to_string_pretty(&doc).map_err(|e| CliError::msg(e.to_string()))?
        }
        Some("html" | "htm") => spil_core::rights::inzage_html(&doc),
        _ => return Err(CliError::msg("--out must end in .html or .json".into())),
    };
    // Plaintext about a client: readable by this account only.
    spil_core::store::private::write(out, text.as_bytes())?;
    eprintln!("Let op / note: this file is NOT encrypted; keep it off shared and synced folders.");
    println!("Inzage geschreven / written: {}", out.display());
    Ok(())
}
