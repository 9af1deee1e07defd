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

pub fn verify(dir: &Path) -> CliResult {
    let mut vault = open(dir)?;
    let r = vault.verify()?;
    vault.close()?;
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
    if r.ok() {
        Ok(())
    } else {
        Err(CliError::msg("the vault failed its checks".into()))
    }
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
