//! The trust commands on a real encrypted vault: backup, the reminder, restore
//! (refusals that leave the worker working, and a wrong passphrase that locks).

use std::path::Path;

use spil_core::model::PracticeInput;
use spil_core::{Passphrase, Vault};

use super::*;
use crate::commands::settings::{self, Settings};

const PASS: &str = "paard batterij niet plakband";

/// An app state with an open vault and backups going to `backups`.
fn app(data: &Path, backups: &Path) -> AppState {
    let state = AppState::new(data.to_owned());
    let vault = Vault::create(&state.vault_dir(), &Passphrase::new(PASS), "test").unwrap();
    *state.slot().unwrap() = Some(vault);
    let s = Settings {
        backup_folder: backups.display().to_string(),
        ..settings::load(data)
    };
    settings::store(data, &s).unwrap();
    state
}

fn add_practice(state: &AppState, name: &str) {
    state
        .with_vault(|v| {
            v.add_practice(&PracticeInput {
                name: name.into(),
                in_practice: true,
                ..Default::default()
            })
        })
        .unwrap();
}

fn practice_names(state: &AppState) -> Vec<String> {
    let practices = state.with_vault(|v| v.practices()).unwrap();
    practices.into_iter().map(|p| p.name).collect()
}

#[test]
fn backup_files_are_named_by_their_local_time() {
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 5)
        .unwrap()
        .and_hms_opt(9, 3, 7)
        .unwrap();
    assert_eq!(
        backup_file_name(at),
        "spil-backup-2026-11-05-090307.spilbak"
    );
}

#[test]
fn a_backup_updates_the_last_backup_and_stops_the_reminder() {
    let (data, backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let folder = backups.path().join("nieuw");
    let state = app(data.path(), &folder);
    let before = backup_info_of(&state).unwrap();
    assert_eq!(before.last_backup_at, None);
    assert!(before.reminder_due, "never backed up");
    assert_eq!(before.folder, folder.display().to_string());

    let done = make_backup_in(&state).unwrap();
    assert!(Path::new(&done.path).starts_with(&folder), "folder made");
    assert!(done.kilobytes > 0);
    let after = backup_info_of(&state).unwrap();
    assert_eq!(
        after.last_backup_at.as_deref(),
        Some(done.created_at.as_str())
    );
    assert_eq!(after.last_backup_path.as_deref(), Some(done.path.as_str()));
    assert_eq!(after.days_since_last, Some(0));
    assert!(!after.reminder_due);
    let listed = list_backups_in(&folder);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].path, done.path);
    assert!(list_backups_in(&backups.path().join("none")).is_empty());

    state
        .with_vault(|v| v.set_backup_reminder_days(30))
        .unwrap();
    assert_eq!(backup_info_of(&state).unwrap().reminder_days, 30);
}

#[test]
fn restore_brings_back_the_backup_and_a_wrong_passphrase_changes_nothing() {
    let (data, backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let state = app(data.path(), backups.path());
    add_practice(&state, "Voor de back-up");
    let done = make_backup_in(&state).unwrap();
    add_practice(&state, "Na de back-up");

    let err = restore_into(
        &state,
        Path::new(&done.path),
        "verkeerde zin".into(),
        Some(PASS.into()),
        false,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPassphrase);
    assert!(
        state.slot().unwrap().is_some(),
        "a mistyped passphrase is refused before the open vault is closed"
    );
    assert_eq!(
        practice_names(&state).len(),
        2,
        "the current vault is unchanged"
    );

    // Over the vault, the backup's passphrase alone is not enough.
    let err = restore_into(&state, Path::new(&done.path), PASS.into(), None, false).unwrap_err();
    assert_eq!(err.code, ErrorCode::RestoreNeedsPassphrase);
    assert!(state.slot().unwrap().is_some(), "still unlocked");
    let err = restore_into(
        &state,
        Path::new(&done.path),
        PASS.into(),
        Some("niet mijn wachtwoordzin".into()),
        false,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongPassphrase);
    assert!(state.slot().unwrap().is_some(), "still unlocked");

    let restored = restore_into(
        &state,
        Path::new(&done.path),
        PASS.into(),
        Some(PASS.into()),
        false,
    )
    .unwrap();
    assert_eq!(restored.destructions_reapplied, 0);
    let aside = restored.kept_aside.expect("the replaced vault is kept");
    assert!(Path::new(&aside).join("vault.key").is_file());
    assert_eq!(restored.backup_created_at, done.created_at);
    assert_eq!(practice_names(&state), ["Voor de back-up"]);
    let log = state
        .with_vault(|v| v.audit_log_of(None, 5, Some("restore")))
        .unwrap();
    assert_eq!(log.len(), 1, "the restore is audited");
}

#[test]
fn a_damaged_or_foreign_backup_is_refused_and_the_vault_stays_open() {
    let (data, backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let state = app(data.path(), backups.path());
    let done = make_backup_in(&state).unwrap();

    let missing = restore_into(
        &state,
        &backups.path().join("none.spilbak"),
        PASS.into(),
        Some(PASS.into()),
        false,
    );
    assert_eq!(missing.unwrap_err().field.as_deref(), Some("path"));

    let mut bytes = std::fs::read(&done.path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    let damaged = backups.path().join("damaged.spilbak");
    std::fs::write(&damaged, &bytes).unwrap();
    let err = restore_into(&state, &damaged, PASS.into(), Some(PASS.into()), false).unwrap_err();
    assert_eq!(err.code, ErrorCode::BackupDamaged);
    assert!(!err.message.contains('\n'), "one line: {}", err.message);
    assert!(state.slot().unwrap().is_some(), "still unlocked");

    let (other_data, other_backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let other = app(other_data.path(), other_backups.path());
    let foreign = make_backup_in(&other).unwrap();
    let err = restore_into(
        &state,
        Path::new(&foreign.path),
        PASS.into(),
        Some(PASS.into()),
        false,
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::BackupForeign);
    assert!(state.slot().unwrap().is_some(), "still unlocked");
}

#[test]
fn inzage_json_needs_an_existing_folder() {
    let (data, backups) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let state = app(data.path(), backups.path());
    let err = save_inzage_json_in(&state, "any", &backups.path().join("none")).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("folder"));
    let err = save_inzage_json_in(&state, "no-such-youth", backups.path()).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}
