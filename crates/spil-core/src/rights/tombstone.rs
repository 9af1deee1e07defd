//! Tombstones: a destroyed file stays destroyed, even after an older backup is
//! restored.
//!
//! A backup holds the database as it was. Restoring one made before a destruction
//! would bring the destroyed file back, so every destruction also appends a line to
//! `tombstones` in the vault folder, *outside* the data a backup holds and a restore
//! replaces:
//!
//! ```text
//! spil-tombstones 1 <vault id>
//! <youth id> TAB <time, RFC 3339 UTC> TAB <reason code> TAB <HMAC-SHA256, hex>
//! ```
//!
//! The line carries no client data: the youth's internal id (a UUID), when, and the
//! reason code. The tag is an HMAC over the vault id and the three fields, keyed with
//! a key derived from the vault's own secret (`settings.tombstone_secret`,
//! random, made when the vault was created, inside the encrypted database and so inside
//! every backup of it, unchanged by a passphrase change or a data-key rotation). So
//! someone who can write to the folder but not open the vault cannot forge a
//! tombstone to have a file destroyed; a forged or altered line is ignored and the
//! vault's log says so.
//!
//! The line is written and fsynced *before* the rows are deleted: a crash in between
//! leaves a tombstone whose file still exists, and the next open finishes the job.
//! Every open applies the tombstones ([`apply_tombstones`]): any youth named by a
//! valid tombstone who is in the database is destroyed again, audited as
//! `youth_destroyed_again:<reason>`. A restore reports how many.
//!
//! Deleting the whole file defeats this, as deleting the vault does; the
//! "destroyed" events in the audit log still tell, and a restore carries those
//! over from the replaced vault when it can read it.

use std::fs;
use std::io::Write;
use std::path::Path;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::DestructionReason;
use crate::audit::{self, Action, Event};
use crate::store::private;
use crate::{Error, Result, Vault};

pub(crate) const FILE: &str = "tombstones";
const HEADER: &str = "spil-tombstones 1";
/// The setting that holds the vault's tombstone secret (hex).
pub(crate) const SECRET_SETTING: &str = "tombstone_secret";

/// One destruction, as read back from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tombstone {
    pub youth_id: String,
    pub at: String,
    pub reason: String,
}

/// What applying the tombstones did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Files destroyed again (they were back, e.g. from a restored backup).
    pub destroyed: u32,
    /// Lines ignored because their tag did not verify.
    pub invalid: u32,
}

fn tag_key(vault: &mut Vault) -> Result<Zeroizing<[u8; 32]>> {
    let secret = match crate::backup::get_setting(&vault.conn, SECRET_SETTING)? {
        Some(s) => Zeroizing::new(s),
        None => {
            // An old vault without one: make it as a new vault would have.
            let mut bytes = Zeroizing::new([0u8; 32]);
            getrandom::getrandom(bytes.as_mut()).map_err(|e| Error::KeyFile(e.to_string()))?;
            let s = Zeroizing::new(hex::encode(bytes.as_ref()));
            vault.write(|tx, actor| {
                crate::backup::set_setting(tx, SECRET_SETTING, &s)?;
                audit::append(tx, actor, &Event::new(Action::Create, SECRET_SETTING))
            })?;
            s
        }
    };
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .map_err(|_| Error::KeyFile("unexpected secret length".into()))?;
    mac.update(b"spil tombstone key v1");
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&mac.finalize().into_bytes());
    Ok(key)
}

fn tag(key: &[u8; 32], vault_id: &str, t: &Tombstone) -> Result<Hmac<Sha256>> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .map_err(|_| Error::KeyFile("unexpected key length".into()))?;
    for part in [vault_id, &t.youth_id, &t.at, &t.reason] {
        mac.update(part.as_bytes());
        mac.update(b"\n");
    }
    Ok(mac)
}

/// Append a tombstone for `youth_id` and fsync it (before the rows go).
pub(crate) fn record(vault: &mut Vault, youth_id: &str, reason: DestructionReason) -> Result<()> {
    let key = tag_key(vault)?;
    let t = Tombstone {
        youth_id: youth_id.to_owned(),
        at: crate::now(),
        reason: reason.as_str().to_owned(),
    };
    let mac = hex::encode(tag(&key, vault.id(), &t)?.finalize().into_bytes());
    let path = vault.dir().join(FILE);
    let fresh = !path.exists();
    let mut opts = fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&path)?;
    let mut text = String::new();
    if fresh {
        text.push_str(&format!("{HEADER} {}\n", vault.id()));
    }
    text.push_str(&format!("{}\t{}\t{}\t{mac}\n", t.youth_id, t.at, t.reason));
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    if fresh {
        crate::store::keyfile::sync_dir(vault.dir());
    }
    private::file(&path)
}

/// The valid tombstones in `dir`, and how many lines failed their check.
pub(crate) fn read(vault: &mut Vault) -> Result<(Vec<Tombstone>, u32)> {
    let text = match fs::read_to_string(vault.dir().join(FILE)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(e.into()),
    };
    let key = tag_key(vault)?;
    let mut lines = text.lines();
    let header_ok = lines.next() == Some(&format!("{HEADER} {}", vault.id()));
    let mut valid = Vec::new();
    let mut invalid = 0u32;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let ok = match fields.as_slice() {
            [youth_id, at, reason, mac] if header_ok => {
                let t = Tombstone {
                    youth_id: (*youth_id).to_owned(),
                    at: (*at).to_owned(),
                    reason: (*reason).to_owned(),
                };
                let verified = hex::decode(mac)
                    .ok()
                    .map(|m| tag(&key, vault.id(), &t).map(|h| h.verify_slice(&m).is_ok()))
                    .transpose()?
                    .unwrap_or(false);
                verified.then_some(t)
            }
            _ => None,
        };
        match ok {
            Some(t) => valid.push(t),
            None => invalid += 1,
        }
    }
    Ok((valid, invalid))
}

/// Destroy again every youth a valid tombstone names who is in the database.
pub(crate) fn apply_tombstones(vault: &mut Vault) -> Result<Applied> {
    let (tombstones, invalid) = read(vault)?;
    let mut applied = Applied {
        destroyed: 0,
        invalid,
    };
    for t in &tombstones {
        let present: bool = vault.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM youths WHERE id = ?1)",
            [&t.youth_id],
            |r| r.get(0),
        )?;
        if present {
            let what = format!("youth_destroyed_again:{}", t.reason);
            vault.write(|tx, actor| {
                super::retention::delete_youth_rows(tx, &t.youth_id)?;
                audit::append(
                    tx,
                    actor,
                    &Event::new(Action::Delete, &what).youth(&t.youth_id),
                )
            })?;
            applied.destroyed += 1;
        }
    }
    if invalid > 0 {
        let what = format!("tombstones_invalid:{invalid}");
        vault.audited(Event::new(Action::Read, &what))?;
    }
    if applied.destroyed > 0 {
        crate::store::checkpoint_complete(&vault.conn)?;
    }
    Ok(applied)
}

/// Whether the vault folder has a tombstone file (for tests and `verify`).
pub fn present(dir: &Path) -> bool {
    dir.join(FILE).exists()
}
