//! The encrypted store: a vault folder holding `spil.db` (SQLCipher) and `vault.key`.
//!
//! # Opening, in one place and one order
//!
//! [`open_connection`] (and [`open_file`] for a copy being checked) is the only caller
//! of `Connection::open` in the workspace (besides the one in-memory connection that
//! brings SQLCipher up, see `sqlcipher_ready`):
//!
//! 1. refuse a file that starts with SQLite's plaintext header (never create one);
//! 2. turn on SQLCipher's memory wiping (`cipher_memory_security`: every buffer it
//!    frees is zeroed, so page contents and key material do not linger in freed heap;
//!    off only in a process that holds synthetic data alone, [`synthetic_data_only`]),
//!    then key the connection with the raw 256-bit data key through `sqlite3_key`,
//!    from a buffer that is zeroized after (`PRAGMA key` text would be copied into
//!    strings nobody wipes);
//! 3. verify the key by reading `sqlite_master` (a wrong key fails here, before any
//!    write), and refuse a database with no schema (`user_version` 0: an emptied or
//!    0-byte file), which would otherwise be turned into a fresh, empty vault;
//! 4. pragmas: `foreign_keys = ON`; `secure_delete = ON` so deleted rows are
//!    overwritten, not left in free pages; `temp_store = MEMORY` so sorts and temp
//!    tables never spill to an unencrypted temp file; journal and sync as below;
//! 5. migrations ([`migrations`]).
//!
//! [`crate::Vault`] then checks that the database belongs to its key file: the vault
//! id is stored inside the database (`settings.vault_id`) and must equal the key
//! file's. A database that is missing, empty, not decrypted by the key file's data
//! key, or another vault's is refused with [`crate::Error::DatabaseRefused`] naming
//! the check, and nothing is written to it.
//!
//! # Journal and sync: WAL with `synchronous = FULL`, and why
//!
//! - **Durability.** In WAL mode a COMMIT appends frames to `spil.db-wal`; with
//!   `synchronous = FULL` the WAL is fsynced before COMMIT returns, so every change the
//!   worker saw saved is still there after a crash or power loss. (`NORMAL` would be
//!   faster but may lose the last transactions on power loss: a note typed during a
//!   conversation must not vanish, and one fsync per save is cheap at a worker's pace.)
//! - **Atomicity.** A transaction's frames count only once its commit frame is
//!   complete and its checksum chain verifies; a torn tail is ignored at the next
//!   open. The crash harness (`tests/crash.rs`) kills a writer with SIGKILL at random
//!   moments and checks that every acknowledged commit survives and that
//!   `integrity_check` and `cipher_integrity_check` stay clean.
//! - **Why not the rollback journal.** It is as safe with `FULL`, but blocks readers
//!   while writing and fsyncs twice per commit. WAL lets the monitoring screen read
//!   while the worker writes.
//! - **Old page images.** WAL frames are encrypted like the main file, but they keep
//!   earlier versions of pages until a checkpoint. The vault checkpoints with
//!   `TRUNCATE` on lock, close and drop, and [`checkpoint_complete`] after destroying
//!   a client file, so no earlier page image lingers in `-wal`.
//!
//! # Copies
//!
//! Backups and data-key rotation write a copy with [`copy::export_encrypted`]
//! (SQLCipher's `sqlcipher_export` into a file keyed explicitly, never plaintext) and
//! compare it with [`copy::content_digest`] before trusting it.

pub(crate) mod copy;
pub mod keyfile;
pub mod migrations;
#[cfg(feature = "bench")]
pub mod plain;
pub mod private;

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

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
    open_file(&dir.join(DB_FILE), key, mode)
}

/// [`open_connection`] for a database file by path: a backup or a rotated copy that is
/// checked before it replaces `spil.db`.
pub(crate) fn open_file(path: &Path, key: &DataKey, mode: Mode) -> Result<Connection> {
    open_keyed(path, Some(key), mode)
}

/// The one `Connection::open`. `key` is `None` only for the benchmark's plaintext
/// comparison store ([`plain`], compiled with the `bench` feature, never for a vault).
fn open_keyed(path: &Path, key: Option<&DataKey>, mode: Mode) -> Result<Connection> {
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
            if key.is_some() {
                refuse_plaintext(path)?;
            }
            OpenFlags::SQLITE_OPEN_READ_WRITE
        }
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;

    let conn = open_raw(path, flags, key)?;
    if mode == Mode::Existing {
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => Error::WrongPassphrase,
            _ => Error::Db(e),
        })?;
        if key.is_some() {
            let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version == 0 {
                return Err(Error::DatabaseRefused(crate::DbCheck::Empty));
            }
        }
    }
    // cache_size: SQLCipher decrypts (and checks the HMAC of) every page it reads from
    // the file, so pages kept decrypted in the cache are what keeps encrypted reads
    // close to plain ones. 64 MiB at most, and only what is read: a worker's 5k
    // caseload is about 20 MB (docs/PERFORMANCE.md).
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA synchronous = FULL;
         PRAGMA cache_size = -65536;",
    )?;
    let journal: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !journal.eq_ignore_ascii_case("wal") {
        return Err(Error::Db(rusqlite::Error::InvalidQuery));
    }
    migrations::apply(&conn)?;
    Ok(conn)
}

/// Open and key a connection, the key before anything else.
///
/// SQLCipher's `sqlcipher_export` (backups and key rotation need it) is registered for
/// new connections by SQLCipher's extra init, which SQLite runs only *after* marking
/// itself initialised. A connection opened by a second thread in that instant lacks
/// the function for good (seen in parallel tests). So the library is brought up once,
/// in [`sqlcipher_ready`], before the first vault connection of the process; every
/// later connection finds the function, and one that does not is an error, not a retry.
// The one place a vault's database is opened (clippy.toml bans it elsewhere).
#[allow(clippy::disallowed_methods)]
fn open_raw(path: &Path, flags: OpenFlags, key: Option<&DataKey>) -> Result<Connection> {
    sqlcipher_ready()?;
    let conn = Connection::open_with_flags(path, flags)?;
    if let Some(key) = key {
        if MEMORY_SECURITY.load(Ordering::SeqCst) {
            conn.execute_batch("PRAGMA cipher_memory_security = ON")?;
        }
        set_key(&conn, key)?;
    }
    if lacks_export(&conn) {
        return Err(not_initialised());
    }
    Ok(conn)
}

/// Key `conn` with SQLCipher's `sqlite3_key`, from the raw-key literal (`x'…'`, so
/// SQLCipher uses the key as is and skips its own PBKDF) held in a zeroizing buffer.
/// `PRAGMA key` would build the statement in an ordinary `String`.
fn set_key(conn: &Connection, key: &DataKey) -> Result<()> {
    let literal = key.sqlcipher_literal();
    let len = std::ffi::c_int::try_from(literal.len())
        .map_err(|_| Error::KeyFile("unexpected key length".into()))?;
    #[allow(unsafe_code)]
    // SAFETY: `conn.handle()` is the live database handle owned by `conn`, used on
    // this thread only for the duration of the call; `literal` outlives the call and
    // `len` is its exact length. SQLCipher copies the key into its own (wiped) memory.
    let rc = unsafe {
        rusqlite::ffi::sqlite3_key(
            conn.handle(),
            literal.as_ptr().cast::<std::ffi::c_void>(),
            len,
        )
    };
    if rc == rusqlite::ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(Error::Db(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rc),
            Some("the database could not be keyed".into()),
        )))
    }
}

/// SQLite and SQLCipher brought up in this process ([`sqlcipher_ready`]).
static READY: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// Whether SQLCipher's memory security is on in this process: it is, unless the
/// process said it holds synthetic data only ([`synthetic_data_only`]).
static MEMORY_SECURITY: AtomicBool = AtomicBool::new(true);

/// For a process that only ever writes and reads synthetic data (`spil demo`, the
/// benchmark's generator): SQLCipher's memory security off. With it on, SQLCipher
/// locks every allocation in RAM and wipes it when freed, one system call each way,
/// which makes bulk writes about fourteen times slower (docs/PERFORMANCE.md); for
/// invented children there is nothing to protect. Key material is wiped either way
/// (SQLCipher's own buffers). Only before the first database of the process is
/// opened: afterwards the setting is fixed and this returns `false`.
pub fn synthetic_data_only() -> bool {
    if READY.get().is_some() {
        return false;
    }
    MEMORY_SECURITY.store(false, Ordering::SeqCst);
    true
}

/// Runs SQLite's initialisation, SQLCipher's extra init included, to completion
/// exactly once per process; threads arriving meanwhile wait on the `OnceLock`. If some
/// other code started the initialisation first, this waits (up to a second) until an
/// in-memory connection shows SQLCipher's functions, so the race above cannot recur.
// In-memory connections that hold no data: they only bring SQLCipher up.
#[allow(clippy::disallowed_methods)]
fn sqlcipher_ready() -> Result<()> {
    let ready = *READY.get_or_init(|| {
        let pragma = if MEMORY_SECURITY.load(Ordering::SeqCst) {
            "PRAGMA cipher_memory_security = ON"
        } else {
            "PRAGMA cipher_memory_security = OFF"
        };
        (0..500).any(|_| {
            let ok = Connection::open_in_memory().is_ok_and(|c| {
                // Global in SQLCipher: set before the first key is set anywhere.
                c.execute_batch(pragma).is_ok() && !lacks_export(&c)
            });
            if !ok {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            ok
        })
    });
    if ready {
        Ok(())
    } else {
        Err(not_initialised())
    }
}

/// Preparing reads no data; any error but a missing function (a wrong key, say) is
/// for the caller's own checks to report.
fn lacks_export(conn: &Connection) -> bool {
    match conn.prepare("SELECT sqlcipher_export('main')") {
        Ok(_) => false,
        Err(e) => e.to_string().contains("no such function"),
    }
}

fn not_initialised() -> Error {
    Error::Io(std::io::Error::other(
        "the encryption library did not initialise; restart Spil",
    ))
}

pub(crate) fn refuse_plaintext(path: &Path) -> Result<()> {
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

/// Checkpoint and insist it completed: every frame is back in the database and the
/// WAL is empty. Used where old page images must be gone (after destroying a file,
/// before replacing the database file).
pub(crate) fn checkpoint_complete(conn: &Connection) -> Result<()> {
    let (busy, log, done): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    if busy != 0 || log != done {
        return Err(Error::Io(std::io::Error::other(
            "the write-ahead log could not be cleared; close other Spil windows and try again",
        )));
    }
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

/// An open vault's data key, for tests that decrypt pages themselves or reopen
/// without the KDF. Compiled only with the `test-support` feature.
#[cfg(feature = "test-support")]
pub fn data_key_for_tests(vault: &crate::Vault) -> [u8; 32] {
    vault.key.bytes()
}

/// Every row of a query as text, bypassing the API and its audit events: for tests
/// that check what is stored. Compiled only with the `test-support` feature.
#[cfg(feature = "test-support")]
pub fn query_for_tests(vault: &crate::Vault, sql: &str) -> Result<Vec<Vec<String>>> {
    let mut stmt = vault.conn.prepare(sql)?;
    let n = stmt.column_count();
    let rows = stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => String::new(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Real(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                        String::from_utf8_lossy(t).into_owned()
                    }
                })
            })
            .collect()
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_security_is_on_and_cannot_be_turned_off_once_a_vault_is_open() {
        let (_dir, v) = crate::testutil::vault();
        let on: String = v
            .conn
            .query_row("PRAGMA cipher_memory_security", [], |r| r.get(0))
            .unwrap();
        assert_eq!(on, "1");
        // Too late in this process: refused, and still on.
        assert!(!synthetic_data_only());
        assert!(MEMORY_SECURITY.load(Ordering::SeqCst));
    }
}
