//! A vault: one worker's caseload in a folder (`spil.db` + `vault.key`).
//!
//! [`Vault::create`] and [`Vault::open`] are the only ways in; both go through
//! [`crate::store::open_connection`]. Dropping or [`Vault::close`]-ing a vault
//! checkpoints the WAL and drops the connection (SQLCipher wipes its key material).
//!
//! Failed unlocks cannot be written into the encrypted log (there is no key), so they
//! are appended as bare timestamps to `failed-unlocks` in the folder, which slows
//! later attempts (a growing delay) and is moved into the audit log at the next
//! successful unlock.
//!
//! The audit chain is verified at every unlock ([`Vault::audit_status`]). A broken
//! chain does not lock the worker out: the caseload is needed for care, and refusing
//! would not restore the lost evidence. Instead the break is recorded as an event
//! (so it stays visible after later events) and the app and `spil` warn about it.
//! Cost: one SHA-256 per event, measured at 0.84 s for 200,000 events in a release
//! build (years of a busy worker's events).
//!
//! Opening also finishes or undoes an interrupted restore ([`crate::backup`]) and an
//! interrupted data-key rotation ([`crate::rotate`]), so a crash during either leaves
//! a vault that opens with the passphrase.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use serde::Serialize;

use crate::audit::{self, Action, AuditStatus, Event};
use crate::store::keyfile::{self, DataKey, KdfParams, Passphrase};
use crate::store::{self, Mode};
use crate::{Error, Result};

const FAILED_UNLOCKS: &str = "failed-unlocks";

pub struct Vault {
    pub(crate) conn: Connection,
    dir: PathBuf,
    pub(crate) actor: String,
    vault_id: String,
    /// Kept for encrypted copies (backup, rotation); SQLCipher holds it anyway while
    /// the connection is open, and it is zeroized on drop.
    pub(crate) key: DataKey,
    audit: AuditStatus,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("id", &self.vault_id).finish()
    }
}

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub schema_version: u32,
    pub integrity: String,
    pub cipher_integrity_errors: Vec<String>,
    pub audit_events: i64,
    pub foreign_key_violations: i64,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.integrity == "ok"
            && self.cipher_integrity_errors.is_empty()
            && self.foreign_key_violations == 0
    }
}

impl Vault {
    /// Create a new vault in `dir` (created if missing; must not hold a vault).
    pub fn create(dir: &Path, passphrase: &Passphrase, actor: &str) -> Result<Vault> {
        crate::passphrase::require_acceptable(passphrase)?;
        fs::create_dir_all(dir)?;
        let key_path = dir.join(store::KEY_FILE);
        if key_path.exists() || dir.join(store::DB_FILE).exists() {
            return Err(Error::VaultExists);
        }
        let vault_id = crate::new_id();
        let key = DataKey::random()?;
        // The database first: if that fails, no key file points at nothing.
        let conn = store::open_connection(dir, &key, Mode::Create)?;
        keyfile::write(&key_path, &vault_id, passphrase, &key, KdfParams::DEFAULT)?;
        let mut vault = Vault {
            conn,
            dir: dir.to_owned(),
            actor: actor.to_owned(),
            vault_id,
            key,
            audit: AuditStatus::Intact { events: 0 },
        };
        vault.init_secrets()?;
        Ok(vault)
    }

    /// Open an existing vault. A wrong passphrase writes nothing to the database.
    pub fn open(dir: &Path, passphrase: &Passphrase, actor: &str) -> Result<Vault> {
        crate::backup::recover_interrupted_restore(dir)?;
        let key_path = dir.join(store::KEY_FILE);
        if !key_path.exists() {
            return Err(Error::NoVault);
        }
        let failures = read_failures(dir);
        std::thread::sleep(unlock_delay(failures.len()));
        let (vault_id, key) = match keyfile::read(&key_path, passphrase) {
            Ok(k) => k,
            Err(Error::WrongPassphrase) => {
                record_failure(dir)?;
                return Err(Error::WrongPassphrase);
            }
            Err(e) => return Err(e),
        };
        let (conn, key) = crate::rotate::open_current(dir, passphrase, key)?;
        Vault::unlocked(conn, dir, actor, vault_id, key, &failures)
    }

    /// The rest of an unlock once the data key is known: verify the audit chain and
    /// record the unlock (with any failed attempts before it).
    pub(crate) fn unlocked(
        conn: Connection,
        dir: &Path,
        actor: &str,
        vault_id: String,
        key: DataKey,
        failures: &[String],
    ) -> Result<Vault> {
        let audit = audit::status(&conn)?;
        let vault = Vault {
            conn,
            dir: dir.to_owned(),
            actor: actor.to_owned(),
            vault_id,
            key,
            audit,
        };
        vault.absorb_failures(failures)?;
        Ok(vault)
    }

    /// Open with the raw data key, skipping the KDF: for tests that open a vault
    /// hundreds of times. Compiled only with the `test-support` feature.
    #[cfg(feature = "test-support")]
    pub fn open_with_key_for_tests(dir: &Path, key: [u8; 32], actor: &str) -> Result<Vault> {
        let key = DataKey::from_bytes(key);
        let bytes = fs::read(dir.join(store::KEY_FILE))?;
        let vault_id = keyfile::vault_id(&bytes)?;
        let conn = store::open_connection(dir, &key, Mode::Existing)?;
        Vault::unlocked(conn, dir, actor, vault_id, key, &read_failures(dir))
    }

    /// The audit chain as found at unlock.
    pub fn audit_status(&self) -> &AuditStatus {
        &self.audit
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn id(&self) -> &str {
        &self.vault_id
    }

    /// Re-wrap the data key under a new passphrase (the data is not re-encrypted).
    pub fn change_passphrase(&mut self, old: &Passphrase, new: &Passphrase) -> Result<()> {
        let key_path = self.dir.join(store::KEY_FILE);
        let (_, key) = keyfile::read(&key_path, old)?;
        crate::passphrase::require_acceptable(new)?;
        keyfile::write(&key_path, &self.vault_id, new, &key, KdfParams::DEFAULT)?;
        self.audited(Event::new(Action::Update, "passphrase"))
    }

    /// Check the store and the audit chain.
    pub fn verify(&mut self) -> Result<VerifyReport> {
        let integrity: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        let cipher_integrity_errors = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        let foreign_key_violations: i64 =
            self.conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
        let audit_events = audit::verify(&self.conn)?;
        let schema_version = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        self.audited(Event::new(Action::Read, "verify"))?;
        Ok(VerifyReport {
            schema_version,
            integrity,
            cipher_integrity_errors,
            audit_events,
            foreign_key_violations,
        })
    }

    /// The access history of one youth, oldest first (NEN 7513 client view).
    pub fn access_history(&mut self, youth_id: &str) -> Result<Vec<audit::AuditEntry>> {
        let entries = audit::for_youth(&self.conn, youth_id)?;
        self.audited(Event::new(Action::Read, "access_history").youth(youth_id))?;
        Ok(entries)
    }

    /// A page of the audit log, newest first (the audit viewer).
    pub fn audit_log(
        &mut self,
        before_seq: Option<i64>,
        limit: u32,
    ) -> Result<Vec<audit::AuditEntry>> {
        self.audit_log_of(before_seq, limit, None)
    }

    /// [`Vault::audit_log`], only the events of one action (`"backup"`, `"read"`, …)
    /// when `action` is given.
    pub fn audit_log_of(
        &mut self,
        before_seq: Option<i64>,
        limit: u32,
        action: Option<&str>,
    ) -> Result<Vec<audit::AuditEntry>> {
        let entries = audit::page(&self.conn, before_seq, limit.min(1000), action)?;
        self.audited(Event::new(Action::Read, "audit_log"))?;
        Ok(entries)
    }

    /// Checkpoint the WAL and close.
    pub fn close(self) -> Result<()> {
        audit::append(&self.conn, &self.actor, &Event::new(Action::Lock, "vault"))?;
        store::checkpoint(&self.conn)?;
        // Dropping closes the connection; SQLCipher wipes its key material then.
        drop(self);
        Ok(())
    }

    /// Append one event in its own transaction (for reads and other non-changes).
    pub(crate) fn audited(&mut self, e: Event) -> Result<()> {
        let tx = self.conn.transaction()?;
        audit::append(&tx, &self.actor, &e)?;
        tx.commit()?;
        Ok(())
    }

    /// Run `f` in one transaction; the change and its audit events commit together.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction, &str) -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn.transaction()?;
        let out = f(&tx, &self.actor)?;
        tx.commit()?;
        Ok(out)
    }

    pub(crate) fn init_secrets(&mut self) -> Result<()> {
        // The vault keeps no export secret: each export makes its own key (export::run).
        self.write(|tx, actor| audit::append(tx, actor, &Event::new(Action::Create, "vault")))
    }

    fn absorb_failures(&self, failures: &[String]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        if let AuditStatus::Broken { .. } = self.audit {
            audit::append(
                &tx,
                &self.actor,
                &Event::new(Action::Read, "audit_chain_broken"),
            )?;
        }
        for at in failures {
            audit::append_at(
                &tx,
                "unknown",
                at,
                &Event::new(Action::UnlockFailed, "vault"),
            )?;
        }
        audit::append(&tx, &self.actor, &Event::new(Action::Unlock, "vault"))?;
        tx.commit()?;
        if !failures.is_empty() {
            fs::remove_file(self.dir.join(FAILED_UNLOCKS))?;
        }
        Ok(())
    }
}

impl Drop for Vault {
    fn drop(&mut self) {
        // Best effort: `close` reports errors; a plain drop still leaves no WAL behind.
        let _ = store::checkpoint(&self.conn);
    }
}

pub(crate) fn read_failures(dir: &Path) -> Vec<String> {
    fs::read_to_string(dir.join(FAILED_UNLOCKS))
        .map(|s| {
            s.lines()
                .filter(|l| chrono::DateTime::parse_from_rfc3339(l).is_ok())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn record_failure(dir: &Path) -> Result<()> {
    use std::io::Write;
    let mut f = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(FAILED_UNLOCKS))?;
    writeln!(f, "{}", crate::now())?;
    f.sync_all()?;
    Ok(())
}

/// No wait for the first two mistakes, then 1, 2, 4 … seconds, at most 30.
pub fn unlock_delay(failures: usize) -> Duration {
    match failures {
        0..=2 => Duration::ZERO,
        n => Duration::from_secs((1u64 << (n - 3).min(5)).min(30)),
    }
}
