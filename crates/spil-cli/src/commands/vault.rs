//! `spil init` and `spil verify`.

use std::path::Path;

use super::{actor, open, CliError, CliResult};

pub fn init(dir: &Path) -> CliResult {
    let pass = crate::secret::new_passphrase(crate::secret::PASSPHRASE_ENV)?;
    let vault = spil_core::Vault::create(dir, &pass, &actor())?;
    vault.close()?;
    println!("Kluis aangemaakt / vault created: {}", dir.display());
    println!("Bewaar de wachtwoordzin goed: zonder kan niemand de gegevens terughalen.");
    Ok(())
}

/// Each check on its own line; a vault that does not open says which check failed.
pub fn verify(dir: &Path) -> CliResult {
    let pass = crate::secret::passphrase()?;
    let mut vault = match spil_core::Vault::open(dir, &pass, &actor()) {
        Ok(v) => v,
        Err(e) => {
            let (key_file, database) = match &e {
                spil_core::Error::DatabaseRefused(check) => (
                    "ok".to_owned(),
                    format!("FAILED: {} [{}]", check.explain(), check.code()),
                ),
                other => (
                    format!("FAILED: {other} [{}]", other.code()),
                    "not checked".into(),
                ),
            };
            println!("key file            {key_file}");
            println!("database binding    {database}");
            return Err(e.into());
        }
    };
    let r = vault.verify()?;
    vault.close()?;
    println!("key file            ok");
    println!("database binding    ok (vault {})", r.vault_id);
    println!("schema version      {}", r.schema_version);
    println!("integrity           {}", r.integrity);
    println!(
        "cipher integrity    {}",
        if r.cipher_integrity_errors.is_empty() {
            "ok".into()
        } else {
            r.cipher_integrity_errors.join("; ")
        }
    );
    println!(
        "foreign keys        {}",
        if r.foreign_key_violations == 0 {
            "ok".into()
        } else {
            format!("{} violation(s)", r.foreign_key_violations)
        }
    );
    println!("audit chain         ok ({} events)", r.audit_events);
    println!(
        "tombstones          {}",
        match r.invalid_tombstones {
            0 => "ok".to_owned(),
            n => format!("{n} line(s) failed their check and are ignored"),
        }
    );
    println!(
        "folder access       {}",
        match &r.folder_open_to {
            None => "ok (only this user)".to_owned(),
            Some(who) => format!("FAILED: also open to {who}"),
        }
    );
    if r.ok() {
        Ok(())
    } else {
        Err(CliError::msg("the vault failed its checks".into()))
    }
}

/// Show the retention term, or set it (audited; at least 20 years).
pub fn retention(dir: &Path, set: Option<u32>) -> CliResult {
    let mut vault = open(dir)?;
    if let Some(years) = set {
        vault.set_retention_years(years)?;
    }
    let years = vault.retention_years()?;
    vault.close()?;
    println!("Bewaartermijn / retention term: {years} jaar / years");
    Ok(())
}

pub fn rekey(dir: &Path) -> CliResult {
    let old = crate::secret::passphrase()?;
    let mut vault = spil_core::Vault::open(dir, &old, &actor())?;
    let new = crate::secret::new_passphrase(crate::secret::NEW_PASSPHRASE_ENV)?;
    vault.change_passphrase(&old, &new)?;
    vault.close()?;
    println!("Wachtwoordzin gewijzigd / passphrase changed");
    Ok(())
}

/// Replace the data key and re-encrypt the database; the passphrase stays.
pub fn rotate_data_key(dir: &Path) -> CliResult {
    let pass = crate::secret::passphrase()?;
    let vault = spil_core::Vault::open(dir, &pass, &actor())?;
    let vault = vault.rotate_data_key(&pass)?;
    vault.close()?;
    println!("Gegevenssleutel vervangen / data key replaced; the passphrase is unchanged");
    Ok(())
}
