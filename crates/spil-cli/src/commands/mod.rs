//! One module per subcommand group.

pub mod backup;
pub mod bench;
pub mod demo;
pub mod export;
pub mod import;
pub mod list;
pub mod merge;
pub mod report;
pub mod vault;

use std::path::Path;

/// An error for the command line: the core's error with its code, or a message.
#[derive(Debug)]
pub enum CliError {
    Core(spil_core::Error),
    Msg(String),
}

impl CliError {
    pub fn msg(m: String) -> Self {
        CliError::Msg(m)
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Core(e) => write!(f, "{e} [{}]", e.code()),
            CliError::Msg(m) => f.write_str(m),
        }
    }
}

impl From<spil_core::Error> for CliError {
    fn from(e: spil_core::Error) -> Self {
        CliError::Core(e)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Core(e.into())
    }
}

pub type CliResult = Result<(), CliError>;

/// The actor recorded in the audit log for command-line use.
pub fn actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default();
    format!("cli:{user}")
}

pub fn open(dir: &Path) -> Result<spil_core::Vault, CliError> {
    let pass = crate::secret::passphrase()?;
    let vault = spil_core::Vault::open(dir, &pass, &actor())?;
    if let spil_core::audit::AuditStatus::Broken { seq, reason } = vault.audit_status() {
        // Not fatal (the caseload stays usable), but never silent.
        eprintln!("spil: warning: the audit log is broken at event {seq}: {reason}");
    }
    Ok(vault)
}
