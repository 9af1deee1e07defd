//! Restoring a backup into a vault folder, without ever leaving it unopenable.
//!
//! 1. The backup is read once, start to end: structure, sizes and every checksum are
//!    checked while its parts are written to `DIR/.restore-new/`. A damaged or
//!    foreign backup (another vault's id than the folder's key file) stops here.
//! 2. The staged key file is unwrapped with the passphrase and the staged database
//!    opened through the one opening path (migrations bring an older backup up to
//!    date), then checked: integrity, cipher integrity, foreign keys. (A broken
//!    audit chain is reported at the next unlock, not refused here.)
//!    The restore is audited inside the restored vault, after the events the
//!    replaced vault logged since the backup was made (read with the backup's data
//!    key; carried over with their own time and actor), so a restore never erases who
//!    accessed which file.
//! 3. Only then is `READY` written, and the swap begins: the current vault's files
//!    move to `DIR/.restore-old/`, the staged ones into place, both folders go.
//!
//! [`recover_interrupted_restore`] runs at every open: after `READY` it finishes the
//! swap (the staged pair is complete and verified), before it it discards the
//! staging, so a crash at any point leaves the old vault or the restored one.

use std::fs::{self, File};
use std::io::BufReader;
use std::path::Path;

use super::{make, read_parts};
use crate::audit::{self, Action, Event};
use crate::store::keyfile::{self, sync_dir, Passphrase};
use crate::store::{self, copy, Mode, DB_FILE, KEY_FILE};
use crate::{Error, Result, Vault};

pub(super) const STAGING: &str = ".restore-new";
pub(super) const OLD: &str = ".restore-old";
const READY: &str = "READY";
/// Files that belong to the database and key being replaced; the `-wal` of the old
/// database must never sit beside the new one, or SQLite would replay it onto it.
const DB_COMPANIONS: [&str; 3] = ["spil.db-wal", "spil.db-shm", "spil.db"];
const KEY_COMPANIONS: [&str; 2] = ["vault.key.next", "vault.key"];

impl Vault {
    /// Restore the backup `from` into the vault folder `dir` and open it with the
    /// passphrase that was current when the backup was made. `dir` may be empty or
    /// missing, or hold the same vault (which is replaced only after the restored copy
    /// verified); a different vault is refused. Close any open [`Vault`] on `dir`
    /// first.
    pub fn restore(from: &Path, dir: &Path, passphrase: &Passphrase, actor: &str) -> Result<Vault> {
        recover_interrupted_restore(dir)?;
        let file = File::open(from)?;
        let total = file.metadata()?.len();
        fs::create_dir_all(dir)?;
        let staging = dir.join(STAGING);
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir(&staging)?;
        let result = stage(BufReader::new(file), total, dir, passphrase, actor);
        let (vault_id, key) = match result {
            Ok(v) => v,
            Err(e) => {
                let _ = fs::remove_dir_all(&staging);
                return Err(e);
            }
        };
        swap(dir)?;
        let conn = store::open_connection(dir, &key, Mode::Existing)?;
        let failures = crate::vault::read_failures(dir);
        Vault::unlocked(conn, dir, actor, vault_id, key, &failures)
    }
}

/// Steps 1 and 2: write, unwrap, open and check the staged vault; mark it ready.
pub(super) fn stage(
    input: impl std::io::Read,
    total: u64,
    dir: &Path,
    passphrase: &Passphrase,
    actor: &str,
) -> Result<(String, keyfile::DataKey)> {
    let staging = &dir.join(STAGING);
    let mut db = File::create(staging.join(DB_FILE))?;
    let (header, key_file) = read_parts(input, total, &mut db)?;
    db.sync_all()?;
    drop(db);
    if keyfile::vault_id(&key_file).ok().as_deref() != Some(header.vault_id.as_str()) {
        return Err(super::damaged("its key file does not match its header"));
    }
    // A folder whose key file names another vault is not overwritten. An unreadable
    // or missing key file is exactly when a restore is needed, so it does not block.
    if let Ok(current) = fs::read(dir.join(KEY_FILE)) {
        if let Ok(id) = keyfile::vault_id(&current) {
            if id != header.vault_id {
                return Err(Error::BackupForeign);
            }
        }
    }
    keyfile::write_atomically(&staging.join(KEY_FILE), &key_file)?;
    let (vault_id, key) = keyfile::unwrap(&key_file, passphrase)?;
    {
        // The key unwrapped, so a database that will not open with it is damaged.
        let conn = store::open_connection(staging, &key, Mode::Existing).map_err(|e| match e {
            Error::VaultTooNew { .. } | Error::Io(_) => e,
            other => Error::BackupDamaged(format!("its database does not open ({})", other.code())),
        })?;
        copy::check_alone(&conn).map_err(|why| {
            Error::BackupDamaged(format!("the restored copy failed a check: {why}"))
        })?;
        let later = later_events(dir, &key, &conn);
        let tx = conn.unchecked_transaction()?;
        // The restored state equals the backup, so the reminder counts from it.
        make::set(&tx, make::LAST_BACKUP, &header.created_at)?;
        let what = match &later {
            Some(events) => {
                carry_over(&tx, events)?;
                format!("vault; {} later audit events carried over", events.len())
            }
            None => "vault; the replaced vault's later audit events could not be read".into(),
        };
        audit::append(&tx, actor, &Event::new(Action::Restore, &what))?;
        tx.commit()?;
        store::checkpoint_complete(&conn)?;
    }
    keyfile::write_atomically(&staging.join(READY), header.created_at.as_bytes())?;
    Ok((vault_id, key))
}

/// The events in the vault being replaced that the backup does not hold: everything
/// after the two logs' common prefix (same seq, same hash). A restore brings the data
/// back to the backup's state, but who read or changed what in the meantime (NEN 7513)
/// must survive it. `None` when the current database cannot be read with the
/// backup's data key: the key was rotated after the backup, or the database is
/// damaged (the reason to restore); the restore event then says so.
fn later_events(
    dir: &Path,
    key: &keyfile::DataKey,
    staged: &rusqlite::Connection,
) -> Option<Vec<audit::AuditEntry>> {
    if !dir.join(DB_FILE).exists() {
        return Some(Vec::new());
    }
    let read = || -> Result<Vec<audit::AuditEntry>> {
        let current = store::open_connection(dir, key, Mode::Existing)?;
        let backed_up: Vec<String> = {
            let mut stmt = staged.prepare("SELECT hash FROM audit_log ORDER BY seq")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut stmt = current.prepare(
            "SELECT seq, at, actor, action, youth_id, trajectory_id, what, hash
             FROM audit_log ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| Ok((audit::entry(r)?, r.get::<_, String>(7)?)))?;
        let mut later = Vec::new();
        let mut common = true;
        for (i, row) in rows.enumerate() {
            let (entry, hash) = row?;
            common = common && backed_up.get(i) == Some(&hash);
            if !common {
                later.push(entry);
            }
        }
        Ok(later)
    };
    read().ok()
}

/// Append `events` to the restored log with their own time and actor, in order,
/// before the restore event itself; the chain's hashes are the restored log's own.
fn carry_over(conn: &rusqlite::Connection, events: &[audit::AuditEntry]) -> Result<()> {
    for e in events {
        let action = Action::parse(&e.action).ok_or_else(|| Error::AuditBroken {
            seq: e.seq,
            reason: "unknown action in the replaced vault's log".into(),
        })?;
        let mut event = Event::new(action, &e.what);
        event.youth_id = e.youth_id.as_deref();
        event.trajectory_id = e.trajectory_id.as_deref();
        audit::append_at(conn, &e.actor, &e.at, &event)?;
    }
    Ok(())
}

/// Move `name` from `from` into `to` if it is there.
fn move_if_present(from: &Path, to: &Path, name: &str) -> Result<()> {
    match fs::rename(from.join(name), to.join(name)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// Step 3, idempotent: each staged file that is still staged first pushes the files
/// it replaces into `.restore-old`, then moves into place.
fn swap(dir: &Path) -> Result<()> {
    let staging = dir.join(STAGING);
    let old = dir.join(OLD);
    fs::create_dir_all(&old)?;
    for (staged, companions) in [
        (DB_FILE, &DB_COMPANIONS[..]),
        (KEY_FILE, &KEY_COMPANIONS[..]),
    ] {
        if staging.join(staged).exists() {
            for c in companions {
                move_if_present(dir, &old, c)?;
            }
            fs::rename(staging.join(staged), dir.join(staged))?;
            sync_dir(dir);
        }
    }
    fs::remove_dir_all(&old)?;
    fs::remove_dir_all(&staging)?;
    sync_dir(dir);
    Ok(())
}

/// Finish a restore that was interrupted after its copy verified, or discard one
/// interrupted before. Runs at every open and restore.
pub(crate) fn recover_interrupted_restore(dir: &Path) -> Result<()> {
    let staging = dir.join(STAGING);
    let old = dir.join(OLD);
    if staging.join(READY).exists() {
        return swap(dir);
    }
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    if old.exists() {
        // Only `swap` fills `.restore-old`, and only after READY; put back whatever a
        // crash left there before removing it.
        for name in DB_COMPANIONS.iter().chain(KEY_COMPANIONS.iter()) {
            if !dir.join(name).exists() {
                move_if_present(&old, dir, name)?;
            }
        }
        fs::remove_dir_all(&old)?;
    }
    Ok(())
}
