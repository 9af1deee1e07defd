//! The one error type that crosses the boundary to the UI.
//!
//! The UI branches on `code` (stable, snake_case) and translates it from its
//! catalogue; `message` is the core's explanation, shown when the UI has no
//! better words. A validation error also names the `field` (so the UI shows it
//! next to that field) and the `rule` it broke (what the UI translates); an
//! import error lists every bad `rows` cell. Errors from spil-core are mapped
//! here, in one place, and exhaustively: a new core error does not compile until
//! it is given a code (and the catalogue test then asks for its words).

use serde::Serialize;
use specta::Type;
use spil_core::{RowError, Rule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The data folder could not be found or created.
    DataDir,
    /// A command needs the vault, and it is locked.
    Locked,
    WrongPassphrase,
    NoVault,
    VaultExists,
    VaultTooNew,
    KeyFile,
    /// A rule was broken: see `field` and `rule`.
    Invalid,
    /// The import file has bad cells (see `rows`); nothing was imported.
    ImportInvalid,
    NotFound,
    /// The chosen file is not a whole Spil backup (cut short, altered, or another file).
    BackupDamaged,
    /// The backup belongs to another vault than the one in the data folder.
    BackupForeign,
    /// Not enough free disk space; nothing was written.
    NoSpace,
    /// The database file is not encrypted: Spil refuses to open it.
    PlaintextDatabase,
    /// The audit log's hash chain does not verify.
    AuditBroken,
    /// The database refused an operation (damaged file, full disk, a bug).
    Database,
    /// A file could not be read or written.
    Io,
    /// The export's tables could not be proven safe; nothing was written.
    TablesUnprotected,
    /// The vault's database is missing, empty, replaced or another vault's; `rule`
    /// says which check failed. Nothing was written to it.
    DatabaseRefused,
    /// A restore over an existing vault needs its current passphrase (or the
    /// choice to keep it aside).
    RestoreNeedsPassphrase,
    /// Destruction for retention before the vault's term has passed.
    RetentionNotDue,
    /// A PDF of the report could not be made (printing with the dialog still works).
    PdfFailed,
    /// This platform saves no PDF directly; print with the system dialog instead.
    PdfUnavailable,
    /// Anything else the UI cannot act on; the message says what happened.
    Internal,
}

#[derive(Debug, thiserror::Error, Serialize, Type)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<String>,
    pub rule: Option<Rule>,
    pub rows: Vec<RowError>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            rule: None,
            rows: Vec::new(),
        }
    }

    pub fn invalid(field: &str, rule: Rule, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_owned()),
            rule: Some(rule),
            ..Self::new(ErrorCode::Invalid, message)
        }
    }
}

impl From<spil_core::Error> for AppError {
    fn from(e: spil_core::Error) -> Self {
        use spil_core::Error as E;
        let message = e.to_string();
        match e {
            E::Invalid(i) => AppError::invalid(&i.field, i.rule, i.message),
            E::Import(rows) => AppError {
                rows,
                ..AppError::new(ErrorCode::ImportInvalid, message)
            },
            E::WrongPassphrase => AppError::new(ErrorCode::WrongPassphrase, message),
            E::NoVault => AppError::new(ErrorCode::NoVault, message),
            E::VaultExists => AppError::new(ErrorCode::VaultExists, message),
            E::VaultTooNew { .. } => AppError::new(ErrorCode::VaultTooNew, message),
            E::KeyFile(_) => AppError::new(ErrorCode::KeyFile, message),
            E::NotFound(_) => AppError::new(ErrorCode::NotFound, message),
            E::BackupDamaged(_) => AppError::new(ErrorCode::BackupDamaged, message),
            E::BackupForeign => AppError::new(ErrorCode::BackupForeign, message),
            E::NoSpace { .. } => AppError::new(ErrorCode::NoSpace, message),
            E::Plaintext => AppError::new(ErrorCode::PlaintextDatabase, message),
            E::AuditBroken { .. } => AppError::new(ErrorCode::AuditBroken, message),
            E::Db(_) => AppError::new(ErrorCode::Database, message),
            E::Io(_) => AppError::new(ErrorCode::Io, message),
            E::TablesUnprotected { .. } => AppError::new(ErrorCode::TablesUnprotected, message),
            E::DatabaseRefused(check) => AppError {
                rule: Some(check.rule()),
                ..AppError::new(ErrorCode::DatabaseRefused, message)
            },
            E::RestoreNeedsPassphrase => AppError::new(ErrorCode::RestoreNeedsPassphrase, message),
            E::RetentionNotDue => AppError::new(ErrorCode::RetentionNotDue, message),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let err = AppError::new(ErrorCode::DataDir, "Map niet gevonden");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "data_dir", "message": "Map niet gevonden",
                "field": null, "rule": null, "rows": []})
        );
    }

    #[test]
    fn a_core_validation_error_names_field_and_rule() {
        let err: AppError = spil_core::Error::Invalid(spil_core::Invalid::new(
            "minutes",
            Rule::OutOfRange,
            "too long",
        ))
        .into();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert_eq!(err.field.as_deref(), Some("minutes"));
        assert_eq!(err.rule, Some(Rule::OutOfRange));
    }
}
