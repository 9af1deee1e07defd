//! spil-core: everything Spil knows, without a window.
//!
//! - [`store`]: the encrypted SQLCipher vault (key file, opening, migrations);
//! - [`vault::Vault`]: the caseload API; every rule is enforced here and every access
//!   is audited ([`audit`]);
//! - [`model`]: practices, youths and families, trajectories, conversations, GP
//!   consultations, and the caseload queries;
//! - [`import`]: the caseload sheet (docs/DESIGN.md, "Caseload import");
//! - [`codes`]: the stable code lists;
//! - [`demo`]: a synthetic caseload for demonstrations and benchmarks;
//! - [`backup`]: encrypted, verified backups and restore; [`rights`]: inzage,
//!   retention and destruction; data-key rotation lives in `rotate`;
//! - [`prefs`]: the rules for the app's own preferences (auto-lock, backup folder).

pub mod audit;
pub mod backup;
#[cfg(feature = "bench")]
pub mod bench;
pub mod codes;
pub mod demo;
mod error;
pub mod export;
pub mod import;
pub mod letter;
pub mod model;
pub mod passphrase;
pub mod prefs;
pub mod report;
pub mod rights;
mod rotate;
pub mod store;
pub mod validate;
pub mod vault;

pub use error::{DbCheck, Error, Invalid, Result, RowError, Rule};
pub use store::keyfile::{KdfParams, Passphrase};
pub use vault::{Vault, VerifyReport};

/// A new UUID v7 (time-ordered) as text.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Now, RFC 3339 in UTC with milliseconds.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Today in the worker's local time zone.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
pub(crate) mod testutil;
