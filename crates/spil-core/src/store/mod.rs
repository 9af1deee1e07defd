//! The encrypted store: a vault folder holding `spil.db` (SQLCipher) and `vault.key`.
//!
//! # Opening, in one place and one order
//!
//! [`open_connection`] is the only caller of `Connection::open` in the workspace:
//!
//! 1. refuse a file that starts with SQLite's plaintext header (never create one);
//! 2. key the connection with the raw 256-bit data key (`PRAGMA key = "x'…'"`);
//! 3. verify the key by reading `sqlite_master` (a wrong key fails here, before any
//!    write);
//! 4. pragmas: `foreign_keys = ON`; `secure_delete = ON` so deleted rows are
//!    overwritten, not left in free pages; `temp_store = MEMORY` so sorts and temp
//!    tables never spill to an unencrypted temp file;
//!    `journal_mode = WAL` with `synchronous = FULL`: every COMMIT the worker saw is on
//!    disk after a crash or power loss, and WAL lets the monitoring screen read while
//!    the worker writes. WAL frames are encrypted like the main file; the vault
//!    checkpoints with TRUNCATE on close so no old page images linger in `-wal`;
//! 5. migrations ([`migrations`]).

pub mod keyfile;
pub mod migrations;

use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::{Error, Result};
use keyfile::DataKey;

pub const DB_FILE: &str = "spil.db";
pub const KEY_FILE: &str = "vault.key";
const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the database may be created by this call.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Create,
    Existing,
}

pub(crate) fn open_connection(dir: &Path, key: &DataKey, mode: Mode) -> Result<Connection> {
    let path = dir.join(DB_FILE);
    let flags = match mode {
        Mode::Create => {
            if path.exists() {
                return Err(Error::VaultExists);
            }
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
        }
        Mode::Existing => {
            if !path.exists() {
                return Err(Error::NoVault);
            }
            refuse_plaintext(&path)?;
            OpenFlags::SQLITE_OPEN_READ_WRITE
        }
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;

    let conn = Connection::open_with_flags(&path, flags)?;
    conn.pragma_update(None, "key", key.sqlcipher_literal().as_str())?;
    if mode == Mode::Existing {
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => Error::WrongPassphrase,
            _ => Error::Db(e),
        })?;
    }
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA synchronous = FULL;",
    )?;
    let journal: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !journal.eq_ignore_ascii_case("wal") {
        return Err(Error::Db(rusqlite::Error::InvalidQuery));
    }
    migrations::apply(&conn)?;
    Ok(conn)
}

fn refuse_plaintext(path: &Path) -> Result<()> {
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(path)?;
    let n = f.read(&mut head)?;
    if n == 16 && &head == PLAINTEXT_HEADER {
        return Err(Error::Plaintext);
    }
    Ok(())
}

/// Write the WAL back into the database and truncate it, so the `-wal` file holds no
/// old page images after a lock or exit.
pub(crate) fn checkpoint(conn: &Connection) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// Run raw SQL on a vault, bypassing the API: only for tests that play an insider
/// tampering with the database. Compiled only with the `test-support` feature.
#[cfg(feature = "test-support")]
pub fn tamper_for_tests(dir: &Path, passphrase: &keyfile::Passphrase, sql: &str) -> Result<()> {
    let (_, key) = keyfile::read(&dir.join(KEY_FILE), passphrase)?;
    let conn = open_connection(dir, &key, Mode::Existing)?;
    conn.execute_batch(sql)?;
    checkpoint(&conn)
}
