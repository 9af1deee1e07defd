//! The one error type of spil-core.
//!
//! Messages never contain client data: no names, BSN, notes or dates of birth. A
//! validation error names the field and the rule it broke, so the UI can translate
//! it (by `rule`) and show it next to the field (by `field`).

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A rule broken by an input: which field, which rule (a stable code) and an
/// English explanation for logs and the command line.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invalid {
    pub field: String,
    pub rule: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, rule: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// One bad cell of an import file. `line` is the line number in the file as a
/// spreadsheet shows it (the header is line 1).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub line: u64,
    pub column: String,
    pub rule: &'static str,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Which binding check a vault's database failed at open (see [`crate::store`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbCheck {
    /// `vault.key` is there, `spil.db` is not.
    Missing,
    /// The database file is empty (0 bytes) or has no schema (`user_version` 0).
    Empty,
    /// The key file's data key does not decrypt the database.
    NotThisKey,
    /// The database names another vault than the key file does.
    OtherVault,
}

impl DbCheck {
    pub fn code(self) -> &'static str {
        match self {
            DbCheck::Missing => "database_missing",
            DbCheck::Empty => "database_empty",
            DbCheck::NotThisKey => "database_not_this_key",
            DbCheck::OtherVault => "database_other_vault",
        }
    }

    pub fn explain(self) -> &'static str {
        match self {
            DbCheck::Missing => "the key file is there but the database file is missing; restore a backup",
            DbCheck::Empty => "the database file is empty or has no tables; restore a backup",
            DbCheck::NotThisKey => "the database does not open with this vault's key (it was replaced or is damaged); restore a backup",
            DbCheck::OtherVault => "the database belongs to another vault; restore this vault's backup",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("wrong passphrase (or the key file was altered)")]
    WrongPassphrase,
    #[error("no vault in this folder")]
    NoVault,
    #[error("a vault already exists in this folder")]
    VaultExists,
    #[error("the database is not encrypted; Spil refuses to open plaintext files")]
    Plaintext,
    #[error("the key file is damaged or not a Spil key file: {0}")]
    KeyFile(String),
    #[error("this vault was written by a newer Spil (schema {found}, this version knows {known}); update Spil")]
    VaultTooNew { found: u32, known: u32 },
    #[error("{0}")]
    Invalid(Invalid),
    #[error("the import file has {} bad cell(s); nothing was imported. First: {}", .0.len(), .0.first().map(|e| e.to_string()).unwrap_or_default())]
    Import(Vec<RowError>),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("the audit log is broken at event {seq}: {reason}")]
    AuditBroken { seq: i64, reason: String },
    #[error("the backup is damaged or not a Spil backup: {0}")]
    BackupDamaged(String),
    #[error("the backup belongs to another vault; choose an empty folder to restore it")]
    BackupForeign,
    #[error(
        "not enough free space: {needed_mb} MB needed, {available_mb} MB free; nothing was written"
    )]
    NoSpace { needed_mb: u64, available_mb: u64 },
    #[error("the vault's database was refused and left untouched: {}", .0.explain())]
    DatabaseRefused(DbCheck),
    #[error("restoring over this vault needs its current passphrase (or choose to keep the current vault aside)")]
    RestoreNeedsPassphrase,
    #[error("this file may only be destroyed for retention once its retention term has passed")]
    RetentionNotDue,
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// A stable code the UI and scripts can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::WrongPassphrase => "wrong_passphrase",
            Error::NoVault => "no_vault",
            Error::VaultExists => "vault_exists",
            Error::Plaintext => "plaintext_database",
            Error::KeyFile(_) => "key_file",
            Error::VaultTooNew { .. } => "vault_too_new",
            Error::Invalid(_) => "invalid",
            Error::Import(_) => "import_invalid",
            Error::NotFound(_) => "not_found",
            Error::AuditBroken { .. } => "audit_broken",
            Error::BackupDamaged(_) => "backup_damaged",
            Error::BackupForeign => "backup_foreign",
            Error::NoSpace { .. } => "no_space",
            Error::DatabaseRefused(check) => check.code(),
            Error::RestoreNeedsPassphrase => "restore_needs_passphrase",
            Error::RetentionNotDue => "retention_not_due",
            Error::Db(_) => "database",
            Error::Io(_) => "io",
        }
    }

    pub(crate) fn invalid(
        field: impl Into<String>,
        rule: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Error::Invalid(Invalid::new(field, rule, message))
    }
}
