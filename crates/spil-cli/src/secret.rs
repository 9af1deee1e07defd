//! Passphrases: from an environment variable for scripts, else from a prompt that
//! does not echo. Held in zeroizing types from the start.

use spil_core::Passphrase;

use crate::commands::CliError;

pub const PASSPHRASE_ENV: &str = "SPIL_PASSPHRASE";
pub const NEW_PASSPHRASE_ENV: &str = "SPIL_NEW_PASSPHRASE";
/// The passphrase of the vault a restore replaces.
pub const CURRENT_PASSPHRASE_ENV: &str = "SPIL_CURRENT_PASSPHRASE";

fn read(env: &str, prompt: &str) -> Result<Passphrase, CliError> {
    if let Ok(p) = std::env::var(env) {
        return Ok(Passphrase::new(zeroize::Zeroizing::new(p).as_str()));
    }
    let typed = rpassword::prompt_password(prompt)
        .map(zeroize::Zeroizing::new)
        .map_err(|_| CliError::msg(format!("no passphrase: set {env} or run in a terminal")))?;
    Ok(Passphrase::new(typed.as_str()))
}

/// The passphrase of an existing vault.
pub fn passphrase() -> Result<Passphrase, CliError> {
    read(PASSPHRASE_ENV, "Wachtwoordzin / passphrase: ")
}

/// The current passphrase of the vault a restore would replace.
pub fn current_passphrase() -> Result<Passphrase, CliError> {
    read(
        CURRENT_PASSPHRASE_ENV,
        "Huidige wachtwoordzin van de kluis / current vault passphrase: ",
    )
}

/// A new passphrase, typed twice when prompted.
pub fn new_passphrase(env: &str) -> Result<Passphrase, CliError> {
    if std::env::var_os(env).is_some() {
        return read(env, "");
    }
    let first = read(env, "Nieuwe wachtwoordzin / new passphrase: ")?;
    let second = read(env, "Herhaal / repeat: ")?;
    if spil_core::passphrase::same(&first, &second) {
        Ok(first)
    } else {
        Err(CliError::msg("the passphrases differ".into()))
    }
}
