//! The one error type of spil-core.
//!
//! Messages never contain client data: no names, BSN, notes or dates of birth. A
//! validation error names the field and the rule it broke, so the UI can translate
//! it (by `rule`) and show it next to the field (by `field`).

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Declares [`Rule`] with each variant's code, and the list of every variant, so
/// neither can drift from the enum.
macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident = $code:literal),* $(,)?) => {
        /// The rule an input broke: a stable code the UI translates (its catalogues
        /// have `rule.<code>` for every variant, in Dutch and English; a test checks).
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum Rule {
            $($(#[$doc])* #[serde(rename = $code)] $variant),*
        }

        impl Rule {
            /// Every rule, for tests that check the catalogues cover them.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The code as the UI and scripts see it (`out_of_range`).
            pub fn code(self) -> &'static str {
                match self {
                    $(Rule::$variant => $code),*
                }
            }
        }
    };
}

rules! {
    /// A value must be given.
    Required = "required",
    /// A number or count outside its allowed range.
    OutOfRange = "out_of_range",
    /// Text longer than the field allows.
    TooLong = "too_long",
    /// Text with control characters.
    ControlCharacters = "control_characters",
    /// Not a date, or not in a date format Spil reads.
    DateInvalid = "date_invalid",
    /// A date after today where the past is required.
    DateInFuture = "date_in_future",
    /// A date before an earlier step it must follow.
    DateOrder = "date_order",
    /// A period whose start is after its end.
    Order = "order",
    /// Not one of the codes of its code list.
    UnknownCode = "unknown_code",
    /// A BSN that fails the elfproef or is not 9 digits.
    BsnInvalid = "bsn_invalid",
    /// Not a Dutch postcode (1234 AB).
    PostcodeInvalid = "postcode_invalid",
    /// Not a CBS municipality code (GM and 4 digits).
    MunicipalityCodeInvalid = "municipality_code_invalid",
    /// The thing referred to does not exist.
    NotFound = "not_found",
    /// Already exists.
    Duplicate = "duplicate",
    /// The trajectory is closed; reopen it first.
    TrajectoryClosed = "trajectory_closed",
    /// The trajectory is still open.
    TrajectoryOpen = "trajectory_open",
    /// A value that is wrong in a way no narrower rule names.
    Invalid = "invalid",
    /// A passphrase too easy to guess.
    WeakPassphrase = "weak_passphrase",
    /// The import file is not readable as CSV.
    CsvInvalid = "csv_invalid",
    /// A column the import does not know.
    UnknownColumn = "unknown_column",
    /// A column the import needs is missing.
    MissingColumn = "missing_column",
    /// A region profile that is not one Spil ships.
    UnknownProfile = "unknown_profile",
    /// A region profile file that does not parse.
    ProfileInvalid = "profile_invalid",
    /// A folder that must be empty is not.
    NotEmpty = "not_empty",
    /// A path that must be absolute is not.
    NotAbsolute = "not_absolute",
    /// A folder inside the vault folder, where it must be outside.
    InsideVault = "inside_vault",
    /// A folder Spil cannot write to.
    NotWritable = "not_writable",
    /// A file path names something that is not a file.
    NotAFile = "not_a_file",
    /// The plaintext benchmark store was pointed at something else.
    NotPlain = "not_plain",
    /// A file to merge is not JSON.
    NotJson = "not_json",
    /// A file to merge is JSON, but not a Spil export.
    NotSpilExport = "not_spil_export",
    /// An export of a format version this Spil does not read.
    UnsupportedVersion = "unsupported_version",
    /// A merge needs record-level exports.
    NotRecords = "not_records",
    /// A field the export format does not have.
    UnknownField = "unknown_field",
    /// An export that does not match its JSON Schema.
    SchemaMismatch = "schema_mismatch",
    /// The same export given twice to a merge.
    DuplicateExport = "duplicate_export",
    /// Exports to merge that cover different periods.
    PeriodMismatch = "period_mismatch",
    /// Exports to merge that hold the same trajectories.
    DuplicateRecords = "duplicate_records",
    /// A file larger than Spil reads.
    TooLarge = "too_large",
    /// A period outside what an export can cover.
    PeriodInvalid = "period_invalid",
    /// An export with more records than Spil reads.
    TooManyRecords = "too_many_records",
    /// More files than a merge takes.
    TooManyFiles = "too_many_files",
    /// A file that is there but cannot be read (no permission, a device error).
    FileUnreadable = "file_unreadable",
    /// A file to write that is one of the files being read.
    OverwritesInput = "overwrites_input",
    /// The file to import is not there.
    FileMissing = "file_missing",
    /// A file that is neither CSV nor an Excel .xlsx workbook.
    NotASheet = "not_a_sheet",
    /// An Excel workbook that is damaged, or a zip file that is not one.
    WorkbookUnreadable = "workbook_unreadable",
    /// An Excel workbook protected by a password.
    WorkbookProtected = "workbook_protected",
    /// A sheet name the workbook does not have.
    UnknownSheet = "unknown_sheet",
    /// A youth's own reference already belongs to another child.
    YouthRefTaken = "youth_ref_taken",
    /// The vault's key file is there, its database file is not.
    DatabaseMissing = "database_missing",
    /// The vault's database file is empty or has no tables.
    DatabaseEmpty = "database_empty",
    /// The vault's database does not open with the vault's own key.
    DatabaseNotThisKey = "database_not_this_key",
    /// The vault's database belongs to another vault.
    DatabaseOtherVault = "database_other_vault",
}

/// Compares with a code as scripts and the UI see it (`rule == "out_of_range"`).
impl PartialEq<&str> for Rule {
    fn eq(&self, code: &&str) -> bool {
        self.code() == *code
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A rule broken by an input: which field, which rule (a stable code) and an
/// English explanation for logs and the command line.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invalid {
    pub field: String,
    pub rule: Rule,
    pub message: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, rule: Rule, message: impl Into<String>) -> Self {
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
    pub rule: Rule,
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
    /// The rule the database broke, as the UI translates it.
    pub fn rule(self) -> Rule {
        match self {
            DbCheck::Missing => Rule::DatabaseMissing,
            DbCheck::Empty => Rule::DatabaseEmpty,
            DbCheck::NotThisKey => Rule::DatabaseNotThisKey,
            DbCheck::OtherVault => Rule::DatabaseOtherVault,
        }
    }

    pub fn code(self) -> &'static str {
        self.rule().code()
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
    #[error("the tables cannot be protected: hidden cell {cell} could be worked out from the published figures; nothing was written")]
    TablesUnprotected { cell: String },
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
            Error::TablesUnprotected { .. } => "tables_unprotected",
            Error::DatabaseRefused(check) => check.code(),
            Error::RestoreNeedsPassphrase => "restore_needs_passphrase",
            Error::RetentionNotDue => "retention_not_due",
            Error::Db(_) => "database",
            Error::Io(_) => "io",
        }
    }

    pub(crate) fn invalid(
        field: impl Into<String>,
        rule: Rule,
        message: impl Into<String>,
    ) -> Self {
        Error::Invalid(Invalid::new(field, rule, message))
    }
}
