//! Restoring a backup into a vault folder, without ever leaving it unopenable, and
//! without ever deleting the vault it replaces.
//!
//! [`Vault::restore_over`] is the one way in, for the app and for `spil restore`:
//!
//! - the backup's passphrase is checked first (slowed and recorded like an unlock);
//! - over an existing vault, a restore needs that vault's current passphrase
//!   ([`RestoreAuthority::CurrentPassphrase`], checked the same way), or the worker
//!   says they forgot it ([`RestoreAuthority::KeepAside`]); with neither it is
//!   refused ([`Error::RestoreNeedsPassphrase`]). Either way the replaced vault is
//!   not deleted: its files (still encrypted, with their key file) move to a folder
//!   beside the vault folder, `<vault folder>-replaced-<date-time>`, and the report
//!   names it;
//! - after the swap the vault's tombstones are applied again
//!   ([`crate::rights::tombstone`]): a file destroyed after the backup was made is
//!   destroyed again, and the report says how many.
//!
//! The steps:
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
//! 3. Only then is `READY` written (after `ASIDE`, the name of the folder the old
//!    vault goes to), and the swap begins: the current vault's files move to
//!    `DIR/.restore-old/`, the staged ones into place, and `.restore-old` is renamed
//!    to the folder named in `ASIDE` (removed only when empty).
//!
//! [`recover_interrupted_restore`] runs at every open: after `READY` it finishes the
//! swap (the staged pair is complete and verified), before it it discards the
//! staging, so a crash at any point leaves the old vault or the restored one.

use std::fs::{self, File};
use std::io::BufReader;
use std::path::{Path, PathBuf};

use super::{make, read_parts};
use crate::audit::{self, Action, Event};
use crate::store::keyfile::{self, sync_dir, Passphrase};
use crate::store::{self, copy, Mode, DB_FILE, KEY_FILE};
use crate::{Error, Result, Vault};

pub(super) const STAGING: &str = ".restore-new";
pub(super) const OLD: &str = ".restore-old";
const READY: &str = "READY";
const ASIDE: &str = "ASIDE";
/// Files that belong to the database and key being replaced; the `-wal` of the old
/// database must never sit beside the new one, or SQLite would replay it onto it.
const DB_COMPANIONS: [&str; 3] = ["spil.db-wal", "spil.db-shm", "spil.db"];
const KEY_COMPANIONS: [&str; 2] = ["vault.key.next", "vault.key"];

/// What allows a restore over a vault that is already there.
#[derive(Debug, Clone, Copy)]
pub enum RestoreAuthority<'a> {
    /// The current vault's passphrase.
    CurrentPassphrase(&'a Passphrase),
    /// The worker forgot it: the current vault is kept aside, encrypted as it is.
    KeepAside,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    /// When the restored backup was made (RFC 3339, UTC).
    pub backup_created_at: String,
    /// Files destroyed after the backup was made, destroyed again.
    pub destructions_reapplied: u32,
    /// Where the replaced vault now is (encrypted; open it with its own passphrase).
    pub kept_aside: Option<PathBuf>,
}

impl Vault {
    /// Restore the backup `from` into the vault folder `dir` (see the module docs),
    /// unlocked with `backup_passphrase`, the passphrase that was current when the
    /// backup was made. `dir` may be empty or missing, or hold the same vault, which
    /// needs `authority`; another vault's folder is refused.
    ///
    /// `open` is the vault on `dir` if the caller has it open (the app), else
    /// `None` (`spil restore`). Every check runs first, with `open` untouched; only
    /// then is it closed, and on success it holds the restored vault. If the restore
    /// fails after that (a full disk, say), `open` stays `None`: the folder still
    /// holds a vault that opens with its own passphrase.
    pub fn restore_over(
        from: &Path,
        dir: &Path,
        backup_passphrase: &Passphrase,
        authority: Option<RestoreAuthority<'_>>,
        open: &mut Option<Vault>,
        actor: &str,
    ) -> Result<RestoreReport> {
        recover_interrupted_restore(dir)?;
        let header =
            crate::vault::check_key_bytes(dir, || super::check_file(from, backup_passphrase))?;
        if open.as_ref().is_some_and(|v| v.id() != header.vault_id) {
            return Err(Error::BackupForeign);
        }
        let exists = dir.join(KEY_FILE).exists() || dir.join(DB_FILE).exists();
        let aside = if exists {
            if let Ok(current) = fs::read(dir.join(KEY_FILE)) {
                if keyfile::vault_id(&current).is_ok_and(|id| id != header.vault_id) {
                    return Err(Error::BackupForeign);
                }
            }
            match (authority, open.as_mut()) {
                (None, _) => return Err(Error::RestoreNeedsPassphrase),
                (Some(RestoreAuthority::CurrentPassphrase(p)), Some(v)) => {
                    v.check_own_passphrase(p, "restore")?;
                }
                (Some(RestoreAuthority::CurrentPassphrase(p)), None) => {
                    crate::vault::check_passphrase(dir, p)?;
                }
                (Some(RestoreAuthority::KeepAside), _) => {}
            }
            Some(aside_folder(dir)?)
        } else {
            None
        };
        if let Some(v) = open.take() {
            v.close()?;
        }
        let mut vault =
            Vault::restore_unchecked(from, dir, backup_passphrase, aside.as_deref(), actor)?;
        let applied = crate::rights::apply_tombstones(&mut vault)?;
        *open = Some(vault);
        Ok(RestoreReport {
            backup_created_at: header.created_at,
            destructions_reapplied: applied.destroyed,
            kept_aside: aside.filter(|p| p.exists()),
        })
    }

    /// Stage, check and swap in the backup, moving what it replaces to `aside` (or
    /// removing it when `aside` is `None`, only when there was no vault).
    fn restore_unchecked(
        from: &Path,
        dir: &Path,
        passphrase: &Passphrase,
        aside: Option<&Path>,
        actor: &str,
    ) -> Result<Vault> {
        let file = File::open(from)?;
        let total = file.metadata()?.len();
        crate::store::private::dir(dir)?;
        let staging = dir.join(STAGING);
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir(&staging)?;
        if let Some(aside) = aside {
            let name = aside
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            keyfile::write_atomically(&staging.join(ASIDE), name.as_bytes())?;
        }
        let result = stage(BufReader::new(file), total, dir, passphrase, actor);
        let (vault_id, key) = match result {
            Ok(v) => v,
            Err(e) => {
                let _ = fs::remove_dir_all(&staging);
                return Err(e);
            }
        };
        swap(dir)?;
        crate::store::private::vault(dir)?;
        let conn = store::open_connection(dir, &key, Mode::Existing)?;
        let failures = crate::vault::read_failures(dir);
        Vault::unlocked(conn, dir, actor, vault_id, key, &failures)
    }
}

/// `<vault folder>-replaced-<local date and time>` beside the vault folder, made
/// unique with a counter.
fn aside_folder(dir: &Path) -> Result<PathBuf> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vault".into());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    for n in 1..1000 {
        let candidate = match n {
            1 => parent.join(format!("{name}-replaced-{stamp}")),
            n => parent.join(format!("{name}-replaced-{stamp}-{n}")),
        };
        if !candidate.exists() {
            return Ok(candidate);
        }
    }
    Err(Error::Io(std::io::Error::other(
        "no free name for the replaced vault's folder",
    )))
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
    let mut db = crate::store::private::create(&staging.join(DB_FILE))?;
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
        if crate::vault::stored_vault_id(&conn)?.is_some_and(|id| id != header.vault_id) {
            return Err(super::damaged("its database names another vault"));
        }
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
    let aside = fs::read_to_string(staging.join(ASIDE)).ok();
    let old_is_empty = fs::read_dir(&old)?.next().is_none();
    if old_is_empty {
        // Nothing was there to keep (a first restore into an empty folder, or a swap
        // finished before a crash and resumed).
        fs::remove_dir(&old)?;
    } else {
        // Never delete what was replaced: it moves beside the vault folder.
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let to = match aside.filter(|n| !n.is_empty() && !n.contains(['/', '\\'])) {
            Some(name) if !parent.join(&name).exists() => parent.join(name),
            _ => aside_folder(dir)?,
        };
        fs::rename(&old, &to)?;
        crate::store::private::vault(&to)?;
        sync_dir(&parent);
    }
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
