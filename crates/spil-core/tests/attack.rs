//! What a thief, a careless restore or a tampered folder finds, on real encrypted
//! vaults: a destroyed file stays destroyed after restoring an older backup; a
//! restore over a vault needs its passphrase or keeps it aside; a database that is
//! not the key file's is refused and left as it was; vault files are private.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use spil_core::backup::{RestoreAuthority, RestoreReport};
use spil_core::model::YouthInput;
use spil_core::rights::DestructionReason;
use spil_core::store::{tamper_for_tests, DB_FILE, KEY_FILE};
use spil_core::{DbCheck, Error, Passphrase, Vault};

const CANARY: &str = "Tombekanarie";

fn pass() -> Passphrase {
    Passphrase::new(common::PASS)
}

/// A vault in `root/kluis` (so what a restore keeps aside lands inside `root`),
/// with two youths; returns the canary youth's id.
fn vault_with_canary(root: &Path) -> (PathBuf, Vault, String) {
    let dir = root.join("kluis");
    let mut v = common::create(&dir);
    v.add_youth(&YouthInput {
        youth_ref: Some("B1".into()),
        given_name: Some("Blijft".into()),
        ..Default::default()
    })
    .unwrap();
    let canary = v
        .add_youth(&YouthInput {
            youth_ref: Some("K1".into()),
            given_name: Some(CANARY.into()),
            bsn: Some("111222333".into()),
            ..Default::default()
        })
        .unwrap();
    (dir, v, canary.id)
}

fn restore(
    backup: &Path,
    dir: &Path,
    authority: Option<RestoreAuthority<'_>>,
) -> spil_core::Result<(Vault, RestoreReport)> {
    let mut open = None;
    let report = Vault::restore_over(backup, dir, &pass(), authority, &mut open, "test")?;
    Ok((open.expect("restored and open"), report))
}

fn names(v: &mut Vault) -> Vec<String> {
    v.find_youths("")
        .unwrap()
        .into_iter()
        .filter_map(|y| y.given_name)
        .collect()
}

#[test]
fn a_destroyed_file_stays_gone_after_restoring_an_older_backup() {
    let root = tempfile::tempdir().unwrap();
    let (dir, mut v, canary) = vault_with_canary(root.path());
    let backup = root.path().join("voor.spilbak");
    v.backup(&backup).unwrap();
    v.destroy_youth(&canary, DestructionReason::RequestByParent)
        .unwrap();
    v.close().unwrap();

    let (mut r, report) = restore(
        &backup,
        &dir,
        Some(RestoreAuthority::CurrentPassphrase(&pass())),
    )
    .unwrap();
    assert_eq!(report.destructions_reapplied, 1);
    assert_eq!(names(&mut r), vec!["Blijft".to_owned()]);
    assert!(matches!(r.youth(&canary), Err(Error::NotFound(_))));
    let log = r.audit_log(None, 20).unwrap();
    assert!(
        log.iter()
            .any(|e| e.what == "youth_destroyed_again:request_by_parent"
                && e.youth_id.as_deref() == Some(canary.as_str())),
        "{log:?}"
    );
    r.close().unwrap();
    // Nothing of the canary in any file of the vault folder.
    for (name, bytes) in common::all_bytes(&dir) {
        assert!(!common::contains(&bytes, CANARY), "{name}");
    }
    // And opening again finds nothing more to do.
    let mut again = common::open(&dir);
    assert_eq!(names(&mut again), vec!["Blijft".to_owned()]);
}

#[test]
fn a_forged_tombstone_destroys_nothing_and_verify_says_so() {
    let root = tempfile::tempdir().unwrap();
    let (dir, v, canary) = vault_with_canary(root.path());
    let id = v.id().to_owned();
    v.close().unwrap();
    std::fs::write(
        dir.join("tombstones"),
        format!(
            "spil-tombstones 1 {id}\n{canary}\t2026-01-01T00:00:00.000Z\trequest_by_youth\t{}\n",
            "00".repeat(32)
        ),
    )
    .unwrap();
    let mut v = common::open(&dir);
    assert!(
        v.youth(&canary).is_ok(),
        "a forged tombstone must not destroy"
    );
    let report = v.verify().unwrap();
    assert_eq!(report.invalid_tombstones, 1);
    assert!(!report.ok());
}

#[test]
fn a_restore_over_a_locked_vault_needs_its_passphrase_or_keeps_it_aside() {
    let root = tempfile::tempdir().unwrap();
    let (dir, mut v, _) = vault_with_canary(root.path());
    let backup = root.path().join("b.spilbak");
    v.backup(&backup).unwrap();
    v.add_youth(&YouthInput {
        youth_ref: Some("N1".into()),
        given_name: Some("Nieuw".into()),
        ..Default::default()
    })
    .unwrap();
    v.close().unwrap();
    let before = common::all_bytes(&dir);

    // The backup's passphrase alone does not replace the vault.
    let err = restore(&backup, &dir, None).unwrap_err();
    assert!(matches!(err, Error::RestoreNeedsPassphrase), "{err}");
    // A wrong current passphrase is refused and recorded (slowing the next try).
    let wrong = Passphrase::new("niet de goede wachtwoordzin");
    let err = restore(
        &backup,
        &dir,
        Some(RestoreAuthority::CurrentPassphrase(&wrong)),
    )
    .unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase), "{err}");
    let now: Vec<_> = common::all_bytes(&dir)
        .into_iter()
        .filter(|(n, _)| n != "failed-unlocks")
        .collect();
    assert_eq!(now, before, "the vault is untouched");
    assert!(dir.join("failed-unlocks").exists());

    // "Forgot my passphrase": restored, and the old vault kept aside, encrypted.
    let (mut r, report) = restore(&backup, &dir, Some(RestoreAuthority::KeepAside)).unwrap();
    assert!(!names(&mut r).contains(&"Nieuw".to_owned()));
    // The failed attempt above is in the restored vault's log.
    assert!(r
        .audit_log(None, 50)
        .unwrap()
        .iter()
        .any(|e| e.action == "unlock_failed"));
    r.close().unwrap();
    let aside = report.kept_aside.expect("the old vault is kept aside");
    assert!(aside.starts_with(root.path()) && aside != dir);
    assert!(aside.join(DB_FILE).is_file() && aside.join(KEY_FILE).is_file());
    for (name, bytes) in common::all_bytes(&aside) {
        assert!(!common::contains(&bytes, "Nieuw"), "{name} is encrypted");
    }
    let mut old = common::open(&aside);
    assert!(names(&mut old).contains(&"Nieuw".to_owned()));
}

#[test]
fn an_empty_replaced_or_foreign_database_is_refused_and_left_untouched() {
    let root = tempfile::tempdir().unwrap();
    let (dir, v, _) = vault_with_canary(root.path());
    v.close().unwrap();
    let db = dir.join(DB_FILE);
    let original = std::fs::read(&db).unwrap();
    let refused = |want: DbCheck| {
        let before = std::fs::read(&db).ok();
        let err = Vault::open(&dir, &pass(), "test").unwrap_err();
        assert!(
            matches!(err, Error::DatabaseRefused(c) if c == want),
            "{want:?} expected, got {err}"
        );
        assert_eq!(std::fs::read(&db).ok(), before, "{want:?}: left untouched");
        assert!(!dir.join("spil.db-wal").exists());
    };

    std::fs::write(&db, b"").unwrap();
    refused(DbCheck::Empty);

    std::fs::remove_file(&db).unwrap();
    refused(DbCheck::Missing);

    // Another vault's database (another data key).
    let other = common::create(&root.path().join("ander"));
    other.close().unwrap();
    std::fs::copy(root.path().join("ander").join(DB_FILE), &db).unwrap();
    refused(DbCheck::NotThisKey);

    // This vault's key, but no schema (user_version 0), or another vault's id.
    std::fs::write(&db, &original).unwrap();
    tamper_for_tests(&dir, &pass(), "PRAGMA user_version = 0").unwrap();
    refused(DbCheck::Empty);
    std::fs::write(&db, &original).unwrap();
    tamper_for_tests(
        &dir,
        &pass(),
        "UPDATE settings SET value = 'ander' WHERE key = 'vault_id'",
    )
    .unwrap();
    refused(DbCheck::OtherVault);

    std::fs::write(&db, &original).unwrap();
    assert!(common::open(&dir).verify().unwrap().ok());
}

#[cfg(unix)]
#[test]
fn vault_backup_and_inzage_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let root = tempfile::tempdir().unwrap();
    let (dir, mut v, canary) = vault_with_canary(root.path());
    let backup = root.path().join("b.spilbak");
    v.backup(&backup).unwrap();
    let other = v.find_youths("B1").unwrap()[0].id.clone();
    v.destroy_youth(&other, DestructionReason::RegisteredInError)
        .unwrap();
    let inzage = root.path().join("inzage.json");
    let doc = v.inzage(&canary).unwrap();
    spil_core::store::private::write(&inzage, format!("{doc:?}").as_bytes()).unwrap();
    assert_eq!(mode(&dir), 0o700);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            assert_eq!(mode(&p), 0o600, "{}", p.display());
        }
    }
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(mode(&inzage), 0o600);
    let report = v.verify().unwrap();
    assert!(report.folder_open_to.is_none() && report.ok());
    // `verify` says so when the folder is opened up behind the app's back.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o750)).unwrap();
    let report = v.verify().unwrap();
    assert_eq!(
        report.folder_open_to.as_deref(),
        Some("group or others (mode 750)")
    );
    assert!(!report.ok());
    v.close().unwrap();

    // A vault left readable by an older version is tightened at the next open.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(dir.join(DB_FILE), std::fs::Permissions::from_mode(0o644)).unwrap();
    common::open(&dir).close().unwrap();
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join(DB_FILE)), 0o600);
}

#[test]
fn a_wrong_passphrase_in_a_passphrase_change_is_audited() {
    let root = tempfile::tempdir().unwrap();
    let (_, mut v, _) = vault_with_canary(root.path());
    let err = v
        .change_passphrase(
            &Passphrase::new("dit is hem echt niet"),
            &Passphrase::new("kroket fluit wolkbreuk stoeptegel"),
        )
        .unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase));
    let log = v.audit_log(None, 3).unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "unlock_failed" && e.what == "passphrase_change"),
        "{log:?}"
    );
}
