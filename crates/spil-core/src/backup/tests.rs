//! Unit tests that need the crate's insides: a writer that fails half-way (a full
//! disk or an I/O error), and the format's refusals.

use std::fs::{self, File};
use std::io::{self, Write};

use super::*;
use crate::testutil::{vault, youth_input};

/// Writes `left` bytes, then fails as a full disk does.
struct FailingWriter<'a> {
    inner: &'a mut File,
    left: usize,
    kind: io::ErrorKind,
}

impl Write for FailingWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::new(self.kind, "simulated failure"));
        }
        let n = buf.len().min(self.left);
        self.left -= n;
        self.inner.write(&buf[..n])
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_failing_disk_leaves_the_previous_backup_and_status_intact() {
    let (_dir, mut v) = vault();
    v.add_youth(&youth_input("J1")).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("kluis.spilbackup");
    let first = v.backup(&out).unwrap();
    let before = fs::read(&out).unwrap();
    let status = v.backup_status().unwrap();
    assert_eq!(
        status.last_backup_at.as_deref(),
        Some(first.created_at.as_str())
    );
    v.add_youth(&youth_input("J2")).unwrap();

    for (left, kind) in [
        (0, io::ErrorKind::StorageFull),
        (100, io::ErrorKind::StorageFull),
        (5000, io::ErrorKind::Other),
    ] {
        let err = v
            .backup_through(&out, &mut |f| {
                Box::new(FailingWriter {
                    inner: f,
                    left,
                    kind,
                })
            })
            .unwrap_err();
        assert!(matches!(err, Error::Io(_)), "{err}");
        assert_eq!(fs::read(&out).unwrap(), before, "the old backup changed");
        assert_eq!(
            names(out_dir.path()),
            ["kluis.spilbackup"],
            "scratch files left"
        );
        assert_eq!(
            v.backup_status().unwrap(),
            status,
            "status moved on a failure"
        );
    }
    // The vault itself is fine and the next backup works.
    assert!(v.verify().unwrap().ok());
    v.backup(&out).unwrap();
    assert_ne!(fs::read(&out).unwrap(), before);
}

#[test]
fn refuses_backups_inside_the_vault_or_into_a_missing_folder() {
    let (dir, mut v) = vault();
    let err = v.backup(&dir.path().join("b.spilbackup")).unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(i) if i.rule == "inside_vault"),
        "{err}"
    );
    let err = v
        .backup(Path::new("/no/such/folder/b.spilbackup"))
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid(i) if i.rule == "not_found"),
        "{err}"
    );
}

#[test]
fn inspect_refuses_every_kind_of_damage() {
    let (_dir, mut v) = vault();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("b.spilbackup");
    v.backup(&out).unwrap();
    let good = fs::read(&out).unwrap();
    let header = inspect(&good).unwrap();
    assert_eq!(header.vault_id, v.id());
    assert_eq!(inspect_file(&out).unwrap(), header);

    let damaged = |b: &[u8]| matches!(inspect(b), Err(Error::BackupDamaged(_)));
    assert!(damaged(b""));
    assert!(damaged(b"SQLite format 3\0"));
    assert!(damaged(&good[..good.len() - 1]), "truncated");
    let mut longer = good.clone();
    longer.push(0);
    assert!(damaged(&longer), "extended");
    for at in [9, 20, good.len() / 2, good.len() - 40, good.len() - 1] {
        let mut flipped = good.clone();
        flipped[at] ^= 0x01;
        assert!(damaged(&flipped), "a flipped bit at {at} went unnoticed");
    }
}

#[test]
fn an_interrupted_restore_is_finished_or_undone_at_the_next_open() {
    use super::restore::{stage, OLD, STAGING};
    use crate::testutil::PASS;
    use crate::{Passphrase, Vault};

    let (dir, mut v) = vault();
    v.add_youth(&youth_input("J1")).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("b.spilbackup");
    v.backup(&out).unwrap();
    v.add_youth(&youth_input("J2")).unwrap();
    v.close().unwrap();
    let pass = Passphrase::new(PASS);
    let has_j2 = |v: &mut Vault| !v.find_youths("J2").unwrap().is_empty();

    // Killed while staging (no READY yet): the staging goes, the vault stays.
    fs::create_dir(dir.path().join(STAGING)).unwrap();
    fs::write(dir.path().join(STAGING).join("spil.db"), b"half a database").unwrap();
    let mut v = Vault::open(dir.path(), &pass, "test").unwrap();
    assert!(has_j2(&mut v));
    v.close().unwrap();
    assert!(!dir.path().join(STAGING).exists());

    // Killed mid-swap, after READY, with the old database moved aside: finished.
    let total = fs::metadata(&out).unwrap().len();
    fs::create_dir(dir.path().join(STAGING)).unwrap();
    stage(File::open(&out).unwrap(), total, dir.path(), &pass, "test").unwrap();
    fs::create_dir(dir.path().join(OLD)).unwrap();
    fs::rename(
        dir.path().join("spil.db"),
        dir.path().join(OLD).join("spil.db"),
    )
    .unwrap();
    let mut v = Vault::open(dir.path(), &pass, "test").unwrap();
    assert!(!has_j2(&mut v), "the backup's state was not restored");
    assert!(!v.find_youths("J1").unwrap().is_empty());
    assert!(v.verify().unwrap().ok());
    v.close().unwrap();
    assert!(!dir.path().join(STAGING).exists() && !dir.path().join(OLD).exists());
}
