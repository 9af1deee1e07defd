//! Rotating the data key (a full rekey), as opposed to changing the passphrase.
//!
//! A passphrase change re-wraps the same data key. Rotation replaces the key itself,
//! so a copy of the old key (an old key file and its passphrase) no longer opens the
//! vault's new database. Steps, each safe to interrupt:
//!
//! 1. export the database into `.rotate.db`, encrypted with a fresh random key;
//! 2. open that copy through [`store::open_file`] and check it: integrity, cipher
//!    integrity, and the same content digest as the live database;
//! 3. write `vault.key.next`, the new key wrapped under the same passphrase;
//! 4. close the live connection (checkpointed, so no `-wal` of the old database is
//!    left to be replayed onto the new one), rename `.rotate.db` over `spil.db`;
//! 5. rename `vault.key.next` over `vault.key`: only now is the old key dropped.
//!
//! A crash before step 4 leaves the old pair intact, and the next unlock deletes the
//! leftovers. A crash between 4 and 5 leaves a database that only the next key opens;
//! [`open_current`] notices (the current key does not fit, a next key exists and does)
//! and finishes step 5. Either way the passphrase opens the vault.

use std::fs;
use std::path::Path;

use rusqlite::Connection;

use crate::audit::{Action, Event};
use crate::store::keyfile::{self, sync_dir, DataKey, KdfParams, Passphrase};
use crate::store::{self, copy, Mode, DB_FILE, KEY_FILE};
use crate::{Error, Result, Vault};

const NEXT_KEY: &str = "vault.key.next";
const ROTATED_DB: &str = ".rotate.db";

/// Open the vault's database with the key from `vault.key`, finishing a rotation
/// that was interrupted between replacing the database and replacing the key file.
pub(crate) fn open_current(
    dir: &Path,
    passphrase: &Passphrase,
    key: DataKey,
) -> Result<(Connection, DataKey)> {
    let next = dir.join(NEXT_KEY);
    match store::open_connection(dir, &key, Mode::Existing) {
        Ok(conn) => {
            // Any rotation stopped before the swap: the old pair is intact.
            discard_leftovers(dir)?;
            Ok((conn, key))
        }
        Err(Error::WrongPassphrase) if next.exists() => {
            let (_, new_key) = keyfile::read(&next, passphrase)?;
            let conn = store::open_connection(dir, &new_key, Mode::Existing)?;
            fs::rename(&next, dir.join(KEY_FILE))?;
            sync_dir(dir);
            Ok((conn, new_key))
        }
        Err(e) => Err(e),
    }
}

/// Remove what an interrupted rotation or key-file write left behind. Runs after
/// every successful open, when the pair in place is known to work.
fn discard_leftovers(dir: &Path) -> Result<()> {
    // A key-file write killed before its rename leaves `.tmp-<16 hex>`: a copy of the
    // key wrapped under a passphrase that never took effect.
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if let Some(rest) = name.strip_prefix(".tmp-") {
            if rest.len() == 16 && rest.bytes().all(|b| b.is_ascii_hexdigit()) {
                fs::remove_file(dir.join(name.as_ref()))?;
            }
        }
    }
    for name in [
        NEXT_KEY.to_owned(),
        ROTATED_DB.to_owned(),
        format!("{ROTATED_DB}-wal"),
        format!("{ROTATED_DB}-shm"),
        format!("{ROTATED_DB}-journal"),
    ] {
        match fs::remove_file(dir.join(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    Ok(())
}

impl Vault {
    /// Replace the data key with a new random one and re-encrypt the whole database
    /// under it (see the module docs). `passphrase` must be the current passphrase;
    /// it wraps the new key.
    ///
    /// Consumes the vault because its connection must be closed before the database
    /// file is replaced; returns the vault reopened under the new key. On an error the
    /// vault is closed, and [`Vault::open`] with the same passphrase opens it again
    /// (under the old key, or the new one if the swap had begun).
    pub fn rotate_data_key(self, passphrase: &Passphrase) -> Result<Vault> {
        let dir = self.dir().to_owned();
        let (vault_id, _) = keyfile::read(&dir.join(KEY_FILE), passphrase)?;
        if vault_id != self.id() {
            return Err(Error::KeyFile(
                "the key file belongs to another vault".into(),
            ));
        }
        discard_leftovers(&dir)?;
        let new_key = DataKey::random()?;
        let staged = dir.join(ROTATED_DB);
        let made = copy::export_encrypted(&self.conn, &staged, &new_key).and_then(|()| {
            let copy = store::open_file(&staged, &new_key, Mode::Existing)?;
            copy::check_copy(&copy, &self.conn).map_err(|why| {
                Error::Io(std::io::Error::other(format!(
                    "the re-encrypted copy failed a check: {why}"
                )))
            })?;
            store::checkpoint_complete(&copy)
        });
        if let Err(e) = made {
            discard_leftovers(&dir)?;
            return Err(e);
        }
        keyfile::write(
            &dir.join(NEXT_KEY),
            &vault_id,
            passphrase,
            &new_key,
            KdfParams::DEFAULT,
        )?;
        let actor = self.actor.clone();
        store::checkpoint_complete(&self.conn)?;
        // Closes the connection; SQLite removes the (now empty) -wal and -shm.
        drop(self);
        if dir.join(format!("{DB_FILE}-wal")).exists() {
            return Err(Error::Io(std::io::Error::other(
                "the vault is still open elsewhere; close other Spil windows and try again",
            )));
        }
        fs::rename(&staged, dir.join(DB_FILE))?;
        sync_dir(&dir);
        fs::rename(dir.join(NEXT_KEY), dir.join(KEY_FILE))?;
        sync_dir(&dir);
        let conn = store::open_connection(&dir, &new_key, Mode::Existing)?;
        let mut vault = Vault::unlocked(conn, &dir, &actor, vault_id, new_key, &[])?;
        vault.audited(Event::new(Action::Update, "data_key"))?;
        Ok(vault)
    }
}
