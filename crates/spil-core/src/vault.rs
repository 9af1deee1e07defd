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
//! The database is bound to its key file: the vault id is stored inside it and
//! checked at every open (see [`crate::store`]); a missing, emptied, replaced or
//! foreign database is refused, never turned into a fresh vault. The folder is made
//! private (0700, files 0600) at create and open.
//!
//! Every passphrase check (unlock, passphrase change, the check before a restore)
//! is slowed after repeated failures and recorded: into the log at once when the
//! vault is open, else into `failed-unlocks` as above.
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
use crate::{DbCheck, Error, Result};

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
    /// Wrong passphrases typed while this vault was open (passphrase change): each
    /// is audited, and they slow the next check.
    failed_checks: usize,
}

/// Where the vault id is kept inside the database.
const VAULT_ID_SETTING: &str = "vault_id";

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("id", &self.vault_id).finish()
    }
}

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// The vault id the key file and the database both carry (checked at open).
    pub vault_id: String,
    pub schema_version: u32,
    pub integrity: String,
    pub cipher_integrity_errors: Vec<String>,
    pub audit_events: i64,
    pub foreign_key_violations: i64,
    /// Lines of the tombstone file whose tag did not verify (ignored).
    pub invalid_tombstones: u32,
    /// Who else than its owner can open the vault folder (`store::private`);
    /// `None` when nobody can.
    pub folder_open_to: Option<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.integrity == "ok"
            && self.cipher_integrity_errors.is_empty()
            && self.foreign_key_violations == 0
            && self.invalid_tombstones == 0
            && self.folder_open_to.is_none()
    }
}

impl Vault {
    /// Create a new vault in `dir` (created if missing; must not hold a vault).
    pub fn create(dir: &Path, passphrase: &Passphrase, actor: &str) -> Result<Vault> {
        crate::passphrase::require_acceptable(passphrase)?;
        store::private::dir(dir)?;
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
            failed_checks: 0,
        };
        vault.init_secrets()?;
        store::private::vault(dir)?;
        Ok(vault)
    }

    /// Open an existing vault. A wrong passphrase writes nothing to the database.
    pub fn open(dir: &Path, passphrase: &Passphrase, actor: &str) -> Result<Vault> {
        crate::backup::recover_interrupted_restore(dir)?;
        if !dir.join(store::KEY_FILE).exists() {
            return Err(Error::NoVault);
        }
        store::private::vault(dir)?;
        let (vault_id, key) = check_passphrase(dir, passphrase)?;
        let failures = read_failures(dir);
        let (conn, key) =
            crate::rotate::open_current(dir, passphrase, key).map_err(|e| match e {
                // The key file opened with this passphrase, so the database is the
                // one that does not fit.
                Error::WrongPassphrase => Error::DatabaseRefused(DbCheck::NotThisKey),
                Error::NoVault => Error::DatabaseRefused(DbCheck::Missing),
                other => other,
            })?;
        let mut vault = Vault::unlocked(conn, dir, actor, vault_id, key, &failures)?;
        crate::rights::apply_tombstones(&mut vault)?;
        Ok(vault)
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
        bind(&conn, &vault_id)?;
        let audit = audit::status(&conn)?;
        let vault = Vault {
            conn,
            dir: dir.to_owned(),
            actor: actor.to_owned(),
            vault_id,
            key,
            audit,
            failed_checks: 0,
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
    /// A wrong `old` is slowed and audited like a failed unlock. Backups made
    /// before keep the passphrase they were made under.
    pub fn change_passphrase(&mut self, old: &Passphrase, new: &Passphrase) -> Result<()> {
        let key_path = self.dir.join(store::KEY_FILE);
        let key = self.check_own_passphrase(old, "passphrase_change")?;
        crate::passphrase::require_acceptable(new)?;
        keyfile::write(&key_path, &self.vault_id, new, &key, KdfParams::DEFAULT)?;
        self.audited(Event::new(Action::Update, "passphrase"))
    }

    /// Change the passphrase and then replace the data key (see
    /// [`Vault::rotate_data_key`]): a copy of the old key file, with the old
    /// passphrase, no longer opens this vault. Backups made before still open with
    /// the passphrase they were made under.
    pub fn change_passphrase_and_rotate(
        mut self,
        old: &Passphrase,
        new: &Passphrase,
    ) -> Result<Vault> {
        self.change_passphrase(old, new)?;
        self.rotate_data_key(new)
    }

    /// Check `passphrase` against this open vault's key file, slowed after earlier
    /// mistakes; a wrong one is audited at once (`unlock_failed`, with `what`).
    pub(crate) fn check_own_passphrase(
        &mut self,
        passphrase: &Passphrase,
        what: &str,
    ) -> Result<DataKey> {
        std::thread::sleep(unlock_delay(self.failed_checks));
        match keyfile::read(&self.dir.join(store::KEY_FILE), passphrase) {
            Ok((_, key)) => {
                self.failed_checks = 0;
                Ok(key)
            }
            Err(Error::WrongPassphrase) => {
                self.failed_checks += 1;
                self.audited(Event::new(Action::UnlockFailed, what))?;
                Err(Error::WrongPassphrase)
            }
            Err(e) => Err(e),
        }
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
        let (_, invalid_tombstones) = crate::rights::tombstone::read(self)?;
        let folder_open_to = store::private::others(&self.dir)?;
        self.audited(Event::new(Action::Read, "verify"))?;
        Ok(VerifyReport {
            vault_id: self.vault_id.clone(),
            invalid_tombstones,
            schema_version,
            integrity,
            cipher_integrity_errors,
            audit_events,
            foreign_key_violations,
            folder_open_to,
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

    /// Let go of the pages SQLite keeps decrypted in its cache. Called when a
    /// command is done with the vault: no client's page stays readable in memory
    /// between commands, and what a screen read does not add up. The next read
    /// decrypts its pages again.
    pub fn release_cache(&self) -> Result<()> {
        self.conn.release_memory()?;
        Ok(())
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
        // It does keep a tombstone secret, which signs the destruction records
        // (rights::tombstone).
        let mut secret = zeroize::Zeroizing::new([0u8; 32]);
        getrandom::getrandom(secret.as_mut()).map_err(|e| Error::KeyFile(e.to_string()))?;
        let hex_secret = zeroize::Zeroizing::new(hex::encode(secret.as_ref()));
        let vault_id = self.vault_id.clone();
        self.write(|tx, actor| {
            crate::backup::set_setting(tx, crate::rights::tombstone::SECRET_SETTING, &hex_secret)?;
            crate::backup::set_setting(tx, VAULT_ID_SETTING, &vault_id)?;
            audit::append(tx, actor, &Event::new(Action::Create, "vault"))
        })
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

/// The database must name the key file's vault. One written before the id was stored
/// inside it (an older Spil) adopts the key file's id: from then on it is bound.
fn bind(conn: &Connection, vault_id: &str) -> Result<()> {
    match crate::backup::get_setting(conn, VAULT_ID_SETTING)? {
        Some(id) if id == vault_id => Ok(()),
        Some(_) => Err(Error::DatabaseRefused(DbCheck::OtherVault)),
        None => crate::backup::set_setting(conn, VAULT_ID_SETTING, vault_id),
    }
}

/// The vault id stored inside a database, if any (for checks on a staged copy).
pub(crate) fn stored_vault_id(conn: &Connection) -> Result<Option<String>> {
    crate::backup::get_setting(conn, VAULT_ID_SETTING)
}

/// Unwrap the vault's key file with `passphrase`, slowed by the failures recorded in
/// the folder; a wrong passphrase is recorded there (and audited at the next unlock).
pub(crate) fn check_passphrase(dir: &Path, passphrase: &Passphrase) -> Result<(String, DataKey)> {
    check_key_bytes(dir, || {
        keyfile::read(&dir.join(store::KEY_FILE), passphrase)
    })
}

/// [`check_passphrase`] for any unwrap (a backup's key file checked before a
/// restore): the same delay and record.
pub(crate) fn check_key_bytes<T>(dir: &Path, unwrap: impl FnOnce() -> Result<T>) -> Result<T> {
    std::thread::sleep(unlock_delay(read_failures(dir).len()));
    match unwrap() {
        Err(Error::WrongPassphrase) => {
            if dir.is_dir() {
                record_failure(dir)?;
            }
            Err(Error::WrongPassphrase)
        }
        other => other,
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
    let mut opts = fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(dir.join(FAILED_UNLOCKS))?;
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
