//! A client's rights: inzage (their own file, as JSON and as a readable document),
//! and retention and destruction (Jeugdwet art. 7.3.8 / WGBO).
//!
//! - [`Vault::inzage`](crate::Vault::inzage) collects everything stored about one
//!   youth: their details, every trajectory with intake, triage history,
//!   conversations, closure and reopenings, the worker's saved draft of each letter
//!   to the GP, and who accessed the file (NEN 7513).
//!   Siblings are not included: their data is theirs. Producing it is audited as a
//!   print. [`inzage_html`] renders it for reading or printing; every value is
//!   escaped, so notes cannot inject markup.
//! - [`Vault::retention_due`](crate::Vault::retention_due) lists files whose last
//!   change lies further back than the vault's retention term: 20 years by law
//!   ([`RETENTION_YEARS`]), never less; it is kept inside the vault and changing it
//!   is audited.
//! - [`Vault::destroy_youth`](crate::Vault::destroy_youth) deletes one youth's file
//!   for good, on request or after retention: every row in one transaction, then a
//!   complete WAL checkpoint. `secure_delete` (set at open) zeroes the freed space, so
//!   none of the text survives in any vault file; `tests/rights.rs` decrypts every
//!   page to prove it. The audit event keeps the youth's id and the reason code, never
//!   client data. Backups made earlier still hold the file, but a tombstone kept
//!   outside the backed-up data ([`tombstone`]) destroys it again when such a backup
//!   is restored.

mod html;
mod inzage;
mod retention;
pub mod tombstone;

pub use html::inzage_html;
pub use inzage::InzageDocument;
pub(crate) use retention::files_past_retention;
pub use retention::{
    validate_retention_years, DestructionReason, RetentionItem, MAX_RETENTION_YEARS,
    RETENTION_YEARS,
};
pub(crate) use tombstone::apply_tombstones;
