//! Making a backup, and the backup reminder.

use std::fs::{self, File};
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use rusqlite::OptionalExtension;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{read_parts, write_parts, BackupHeader, Part, FORMAT, VERSION};
use crate::audit::{self, Action, Event};
use crate::store::keyfile::{sync_dir, tempfile_in};
use crate::store::{self, copy, migrations, Mode, DB_FILE, KEY_FILE};
use crate::Rule;
use crate::{Error, Result, Vault};

/// Days after the last backup before the app reminds the worker, unless set.
pub const DEFAULT_REMINDER_DAYS: u32 = 7;
pub(crate) const LAST_BACKUP: &str = "last_backup_at";
const REMINDER_DAYS: &str = "backup_reminder_days";

/// What [`Vault::backup`] wrote.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub created_at: String,
}

/// When the last backup was made and whether a reminder is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupStatus {
    /// RFC 3339, UTC; `None` if this vault was never backed up.
    pub last_backup_at: Option<String>,
    pub days_since_last: Option<i64>,
    pub reminder_days: u32,
    /// No backup yet, or the last is `reminder_days` or more days old.
    pub reminder_due: bool,
}

/// Temporary files of one backup run; removed unless the run succeeded.
struct Scratch(Vec<PathBuf>);

impl Drop for Scratch {
    fn drop(&mut self) {
        for p in &self.0 {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = fs::remove_file(format!("{}{suffix}", p.display()));
            }
        }
    }
}

fn random_name(prefix: &str) -> Result<String> {
    let mut n = [0u8; 8];
    getrandom::getrandom(&mut n).map_err(|e| Error::KeyFile(e.to_string()))?;
    Ok(format!("{prefix}{}", hex::encode(n)))
}

fn sha256_file(path: &Path) -> Result<Part> {
    let mut f = BufReader::new(File::open(path)?);
    let mut h = Sha256::new();
    let len = std::io::copy(&mut f, &mut h)?;
    Ok(Part {
        len,
        sha256: hex::encode(h.finalize()),
    })
}

impl Vault {
    /// Write an encrypted, verified backup of the whole vault to `out` (see the module
    /// docs). `out` must lie outside the vault folder; an existing file there is
    /// replaced only once the new backup is complete and verified.
    pub fn backup(&mut self, out: &Path) -> Result<BackupReport> {
        fn plain(f: &mut File) -> Box<dyn Write + '_> {
            Box::new(f)
        }
        self.backup_through(out, &mut plain)
    }

    /// [`Vault::backup`], writing the packed file through `wrap` (tests put a failing
    /// writer there to play a full disk or an I/O error half-way).
    pub(crate) fn backup_through(
        &mut self,
        out: &Path,
        wrap: &mut dyn for<'f> FnMut(&'f mut File) -> Box<dyn Write + 'f>,
    ) -> Result<BackupReport> {
        let out_dir = self.backup_folder(out)?;
        store::checkpoint(&self.conn)?;
        let key_file = fs::read(self.dir().join(KEY_FILE))?;
        check_space(&out_dir, fs::metadata(self.dir().join(DB_FILE))?.len())?;

        let staged = out_dir.join(random_name(".spil-backup-")? + ".db");
        let mut scratch = Scratch(vec![staged.clone()]);
        copy::export_encrypted(&self.conn, &staged, &self.key)?;
        {
            let copy = store::open_file(&staged, &self.key, Mode::Existing)?;
            copy::check_copy(&copy, &self.conn).map_err(|why| {
                Error::Io(std::io::Error::other(format!(
                    "the backup copy failed a check ({why}); nothing was written"
                )))
            })?;
            store::checkpoint_complete(&copy)?;
        }
        let created_at = crate::now();
        let header = BackupHeader {
            format: FORMAT.into(),
            version: VERSION,
            vault_id: self.id().to_owned(),
            created_at: created_at.clone(),
            schema_version: migrations::SCHEMA_VERSION,
            spil_version: env!("CARGO_PKG_VERSION").into(),
            key_file: Part {
                len: key_file.len() as u64,
                sha256: hex::encode(Sha256::digest(&key_file)),
            },
            database: sha256_file(&staged)?,
        };

        let (tmp, mut file) = tempfile_in(&out_dir)?;
        scratch.0.push(tmp.clone());
        {
            let mut w = wrap(&mut file);
            let mut db = BufReader::new(File::open(&staged)?);
            write_parts(&mut *w, &header, &key_file, &mut db)?;
        }
        file.sync_all()?;
        drop(file);
        // Read back what reached the file before it replaces anything.
        let len = fs::metadata(&tmp)?.len();
        let (back, _) = read_parts(BufReader::new(File::open(&tmp)?), len, &mut std::io::sink())?;
        if back != header {
            return Err(Error::Io(std::io::Error::other(
                "the backup read back differs from what was written",
            )));
        }
        fs::rename(&tmp, out)?;
        sync_dir(&out_dir);
        drop(scratch);

        self.write(|tx, actor| {
            set(tx, LAST_BACKUP, &created_at)?;
            audit::append(tx, actor, &Event::new(Action::Backup, "vault"))
        })?;
        Ok(BackupReport {
            path: out.to_owned(),
            bytes: len,
            created_at,
        })
    }

    /// The folder a backup goes to: it must exist and lie outside the vault folder
    /// (a backup on the same folder is lost with it).
    fn backup_folder(&self, out: &Path) -> Result<PathBuf> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let invalid = |rule, msg| Error::invalid("out", rule, msg);
        if out.file_name().is_none() || out.is_dir() {
            return Err(invalid(Rule::NotAFile, "give a file name for the backup"));
        }
        let folder = parent
            .canonicalize()
            .map_err(|_| invalid(Rule::NotFound, "the backup folder does not exist"))?;
        if folder.starts_with(self.dir().canonicalize()?) {
            return Err(invalid(
                Rule::InsideVault,
                "choose a place outside the vault folder, preferably another disk",
            ));
        }
        Ok(folder)
    }

    /// When the last backup was made and whether the reminder is due.
    pub fn backup_status(&self) -> Result<BackupStatus> {
        let last = get(&self.conn, LAST_BACKUP)?;
        let reminder_days = get(&self.conn, REMINDER_DAYS)?
            .and_then(|d| d.parse().ok())
            .unwrap_or(DEFAULT_REMINDER_DAYS);
        let days_since_last = last
            .as_deref()
            .and_then(|l| chrono::DateTime::parse_from_rfc3339(l).ok())
            .map(|at| (chrono::Utc::now() - at.with_timezone(&chrono::Utc)).num_days());
        Ok(BackupStatus {
            reminder_due: days_since_last.is_none_or(|d| d >= i64::from(reminder_days)),
            last_backup_at: last,
            days_since_last,
            reminder_days,
        })
    }

    /// After how many days without a backup the app reminds (1 to 365).
    pub fn set_backup_reminder_days(&mut self, days: u32) -> Result<()> {
        if !(1..=365).contains(&days) {
            return Err(Error::invalid(
                "reminder_days",
                Rule::OutOfRange,
                "the reminder must lie between 1 and 365 days",
            ));
        }
        self.write(|tx, actor| {
            set(tx, REMINDER_DAYS, &days.to_string())?;
            audit::append(tx, actor, &Event::new(Action::Update, "backup_reminder"))
        })
    }
}

/// A backup needs room for the staged copy and the packed file: twice the database,
/// plus the key file and a margin. Checked first, so a full disk fails before any
/// byte is written.
fn check_space(folder: &Path, db_len: u64) -> Result<()> {
    let needed = db_len.saturating_mul(2).saturating_add(1 << 20);
    let available = fs4::available_space(folder)?;
    if available < needed {
        let mb = |b: u64| b.div_ceil(1 << 20);
        return Err(Error::NoSpace {
            needed_mb: mb(needed),
            available_mb: available >> 20,
        });
    }
    Ok(())
}

pub(crate) fn get(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub(crate) fn set(conn: &rusqlite::Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}
