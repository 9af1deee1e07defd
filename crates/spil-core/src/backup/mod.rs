//! Backups: one encrypted file that restores a whole vault.
//!
//! # What a backup holds, and why it is safe to carry around
//!
//! A backup packs the vault's key file (the data key wrapped under the passphrase,
//! exactly as on disk) and an encrypted copy of the database made with
//! `sqlcipher_export` under the same data key ([`crate::store::copy`]). Nothing in it
//! is plaintext: without the passphrase that was current when the backup was made, it
//! opens nothing. Restoring asks for that passphrase.
//!
//! # Format (version 1)
//!
//! ```text
//! "SPIL-BAK"            8 bytes, magic
//! header length         u32, little-endian, 1..=65536
//! header                JSON: format, version, vault id, created at, schema version,
//!                       length and SHA-256 of each part
//! key file              the vault's `vault.key`
//! database              the encrypted copy of `spil.db`
//! checksum              SHA-256 of every byte before it (32 bytes)
//! ```
//!
//! The file's length must equal the sum of the parts, so a truncated, extended or
//! crafted file is refused before anything is allocated or written.
//!
//! # Writing ([`Vault::backup`](crate::Vault::backup)) and restoring
//!
//! A backup is checked before it is trusted: the copy is opened with the data key,
//! passes `integrity_check`, `cipher_integrity_check` (every page's HMAC) and the
//! foreign keys, and its content digest equals the live database's. A broken audit
//! chain does not block a backup or restore; it is reported at unlock. The file is written to
//! a temporary name, fsynced, read back and verified, then renamed over the target,
//! after a free-space check. Restoring ([`restore`]) verifies the same way and swaps
//! the vault only once the restored copy passed every check.

mod make;
mod restore;

use std::io::{Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

pub(crate) use make::{get as get_setting, set as set_setting};
pub use make::{BackupReport, BackupStatus, DEFAULT_REMINDER_DAYS};
pub(crate) use restore::recover_interrupted_restore;
pub use restore::{RestoreAuthority, RestoreReport};

const MAGIC: &[u8; 8] = b"SPIL-BAK";
const FORMAT: &str = "spil-backup";
const VERSION: u32 = 1;
const MAX_HEADER: u64 = 64 * 1024;
const MAX_KEY_FILE: u64 = 64 * 1024;
const CHECKSUM_LEN: u64 = 32;

/// Length and SHA-256 (hex) of one part of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub len: u64,
    pub sha256: String,
}

/// What a backup says about itself; shown before restoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupHeader {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub schema_version: u32,
    pub spil_version: String,
    pub key_file: Part,
    pub database: Part,
}

impl BackupHeader {
    fn check(&self) -> Result<()> {
        if self.format != FORMAT {
            return Err(damaged("not a Spil backup"));
        }
        if self.version != VERSION {
            return Err(damaged("made by a newer Spil; update Spil"));
        }
        let hex64 = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex64(&self.key_file.sha256) || !hex64(&self.database.sha256) {
            return Err(damaged("unexpected checksum field"));
        }
        if self.key_file.len == 0 || self.key_file.len > MAX_KEY_FILE || self.database.len == 0 {
            return Err(damaged("unexpected part size"));
        }
        if self.vault_id.is_empty() || self.vault_id.len() > 64 {
            return Err(damaged("unexpected vault id"));
        }
        Ok(())
    }
}

pub(crate) fn damaged(why: &str) -> Error {
    Error::BackupDamaged(why.into())
}

/// Check a backup held in memory (structure, sizes, checksums) and return its header.
/// Needs no passphrase; used by the fuzz target and by tests.
pub fn inspect(bytes: &[u8]) -> Result<BackupHeader> {
    let (header, _) = read_parts(bytes, bytes.len() as u64, &mut std::io::sink())?;
    Ok(header)
}

/// [`inspect`] for a backup file, streamed (a backup can be large).
pub fn inspect_file(path: &Path) -> Result<BackupHeader> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let (header, _) = read_parts(std::io::BufReader::new(file), len, &mut std::io::sink())?;
    Ok(header)
}

/// [`inspect_file`], and the passphrase opens the backup's key: what a restore checks
/// before the open vault is closed, so a mistyped passphrase leaves the worker where
/// they were. Reads the whole file once and derives the key once (Argon2id).
pub fn check_file(path: &Path, passphrase: &crate::Passphrase) -> Result<BackupHeader> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let (header, key_file) = read_parts(std::io::BufReader::new(file), len, &mut std::io::sink())?;
    crate::store::keyfile::unwrap(&key_file, passphrase)?;
    Ok(header)
}

/// A reader that hashes everything read through it.
struct Hashing<R> {
    inner: R,
    hash: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

fn read_exact(r: &mut impl Read, buf: &mut [u8]) -> Result<()> {
    r.read_exact(buf).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => damaged("the file is cut short"),
        _ => Error::Io(e),
    })
}

/// Read and check a whole backup of `total` bytes, writing the database part to
/// `db_out`. Returns the header and the key file. Errors of `db_out` (a full disk
/// while restoring) are I/O errors; everything wrong with the input is "damaged".
pub(crate) fn read_parts(
    input: impl Read,
    total: u64,
    db_out: &mut dyn Write,
) -> Result<(BackupHeader, Vec<u8>)> {
    let mut r = Hashing {
        inner: input,
        hash: Sha256::new(),
    };
    let mut magic = [0u8; 8];
    read_exact(&mut r, &mut magic)?;
    if &magic != MAGIC {
        return Err(damaged("not a Spil backup"));
    }
    let mut len = [0u8; 4];
    read_exact(&mut r, &mut len)?;
    let header_len = u64::from(u32::from_le_bytes(len));
    if header_len == 0 || header_len > MAX_HEADER {
        return Err(damaged("unexpected header size"));
    }
    let mut header_bytes = vec![0u8; header_len as usize];
    read_exact(&mut r, &mut header_bytes)?;
    let header: BackupHeader =
        serde_json::from_slice(&header_bytes).map_err(|_| damaged("unreadable header"))?;
    header.check()?;
    let expected = [
        header_len,
        header.key_file.len,
        header.database.len,
        CHECKSUM_LEN,
    ]
    .into_iter()
    .try_fold(12u64, u64::checked_add);
    if expected != Some(total) {
        return Err(damaged("its size does not match its header"));
    }
    let mut key_file = vec![0u8; header.key_file.len as usize];
    read_exact(&mut r, &mut key_file)?;
    if hex::encode(Sha256::digest(&key_file)) != header.key_file.sha256 {
        return Err(damaged("the key file part does not match its checksum"));
    }
    copy_database(&mut r, header.database.len, &header.database.sha256, db_out)?;
    let computed = r.hash.finalize_reset();
    let mut stored = [0u8; 32];
    read_exact(&mut r.inner, &mut stored)?;
    if computed.as_slice() != stored {
        return Err(damaged("the file checksum does not match"));
    }
    Ok((header, key_file))
}

fn copy_database(r: &mut impl Read, len: u64, sha: &str, out: &mut dyn Write) -> Result<()> {
    let mut hash = Sha256::new();
    let mut left = len;
    let mut buf = vec![0u8; 64 * 1024];
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        read_exact(r, &mut buf[..n])?;
        hash.update(&buf[..n]);
        out.write_all(&buf[..n])?;
        left -= n as u64;
    }
    if hex::encode(hash.finalize()) != sha {
        return Err(damaged("the database part does not match its checksum"));
    }
    Ok(())
}

/// Write a backup: magic, header, key file, database (read from `db`), checksum.
pub(crate) fn write_parts(
    out: &mut dyn Write,
    header: &BackupHeader,
    key_file: &[u8],
    db: &mut dyn Read,
) -> Result<()> {
    let header_json = serde_json::to_vec(header).map_err(|e| damaged(&e.to_string()))?;
    let mut hash = Sha256::new();
    let mut put = |out: &mut dyn Write, bytes: &[u8]| -> std::io::Result<()> {
        hash.update(bytes);
        out.write_all(bytes)
    };
    put(out, MAGIC)?;
    put(out, &(header_json.len() as u32).to_le_bytes())?;
    put(out, &header_json)?;
    put(out, key_file)?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = db.read(&mut buf)?;
        if n == 0 {
            break;
        }
        put(out, &buf[..n])?;
    }
    out.write_all(&hash.finalize())?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests;
