//! The benchmark's plaintext comparison store. Compiled only with the `bench` feature.
//!
//! `spil bench` runs every workload twice, on a vault and on the same data in a plain
//! SQLite file, to show what encryption costs. This is the only way a plaintext
//! database is opened, and it is fenced off from user data:
//!
//! - it uses its own file name, [`PLAIN_DB_FILE`], never `spil.db`, so a vault's
//!   opening code never finds it (and refuses plaintext anyway);
//! - it refuses a folder holding a vault key file or a vault database;
//! - it refuses an existing file that is not plaintext, so it cannot be pointed at an
//!   encrypted database either;
//! - it goes through the same opening code as a vault (pragmas, WAL, migrations), so
//!   the two stores differ by the encryption alone.

use std::io::Read;
use std::path::Path;

use rusqlite::Connection;

use super::{open_keyed, Mode, DB_FILE, KEY_FILE, PLAINTEXT_HEADER};
use crate::Rule;
use crate::{Error, Result};

pub const PLAIN_DB_FILE: &str = "plain-benchmark.db";

/// Open (or create) the plaintext comparison store in `dir`.
pub(crate) fn open_plain_for_benchmark(dir: &Path, mode: Mode) -> Result<Connection> {
    if dir.join(KEY_FILE).exists() || dir.join(DB_FILE).exists() {
        return Err(Error::VaultExists);
    }
    let path = dir.join(PLAIN_DB_FILE);
    if mode == Mode::Existing && path.exists() {
        let mut head = [0u8; 16];
        let n = std::fs::File::open(&path)?.read(&mut head)?;
        if n != 16 || &head != PLAINTEXT_HEADER {
            return Err(Error::invalid(
                "dir",
                Rule::NotPlain,
                "not a plaintext benchmark database",
            ));
        }
    }
    open_keyed(&path, None, mode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{vault, PASS};
    use crate::{Passphrase, Vault};

    #[test]
    fn the_plain_store_stays_away_from_vaults_and_vaults_refuse_it() {
        let (dir, v) = vault();
        drop(v);
        // Not in a vault folder.
        let err = open_plain_for_benchmark(dir.path(), Mode::Create).unwrap_err();
        assert!(matches!(err, Error::VaultExists), "{err}");

        // A plain file created elsewhere is plaintext on disk...
        let plain = tempfile::tempdir().unwrap();
        let conn = open_plain_for_benchmark(plain.path(), Mode::Create).unwrap();
        conn.execute("INSERT INTO settings VALUES ('x', 'y')", [])
            .unwrap();
        drop(conn);
        let bytes = std::fs::read(plain.path().join(PLAIN_DB_FILE)).unwrap();
        assert_eq!(&bytes[..16], PLAINTEXT_HEADER);
        assert!(open_plain_for_benchmark(plain.path(), Mode::Existing).is_ok());

        // ...and the normal path refuses it, even dressed up as a vault's database.
        std::fs::copy(plain.path().join(PLAIN_DB_FILE), dir.path().join(DB_FILE)).unwrap();
        let err = Vault::open(dir.path(), &Passphrase::new(PASS), "test").unwrap_err();
        assert!(matches!(err, Error::Plaintext), "{err}");

        // The plain opener refuses an encrypted file under its own name.
        let other = tempfile::tempdir().unwrap();
        let (enc_dir, v) = vault();
        drop(v);
        std::fs::copy(
            enc_dir.path().join(DB_FILE),
            other.path().join(PLAIN_DB_FILE),
        )
        .unwrap();
        let err = open_plain_for_benchmark(other.path(), Mode::Existing).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{err}");
    }
}
