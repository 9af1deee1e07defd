//! The vault on disk: encrypted, nothing identifying in any file, wrong passphrase
//! refused without writing, plaintext refused, audit chain tamper-evident.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use spil_core::codes::{Gender, Mode, ProblemArea, Referrer, Urgency};
use spil_core::model::{ConversationInput, PracticeInput, ReferralInput, YouthInput};
use spil_core::{Error, Passphrase, Vault};

const CANARIES: [&str; 6] = [
    "Zwaantje",           // given name
    "Oosterbroekhuis",    // family name
    "111222333",          // BSN
    "2013-07-19",         // birth date
    "6951AB",             // postcode
    "nachtmerriekanarie", // conversation note
];

fn fill(v: &mut Vault) {
    let p = v
        .add_practice(&PracticeInput {
            name: "Praktijk Dieren".into(),
            in_practice: true,
            ..Default::default()
        })
        .unwrap();
    let y = v
        .add_youth(&YouthInput {
            youth_ref: Some("R1".into()),
            given_name: Some(CANARIES[0].into()),
            family_name: Some(CANARIES[1].into()),
            birth_date: NaiveDate::from_ymd_opt(2013, 7, 19),
            gender: Gender::Male,
            bsn: Some(CANARIES[2].into()),
            postcode: Some("6951 ab".into()),
            sibling_of: None,
        })
        .unwrap();
    let t = v
        .register_referral(&ReferralInput {
            youth_id: y.id,
            practice_id: p.id,
            referral_date: NaiveDate::from_ymd_opt(2024, 1, 8).unwrap(),
            referrer: Some(Referrer::Gp),
            request_for_help: Some("slaapproblemen".into()),
            problem_areas: vec![ProblemArea::Sleep],
            urgency: Urgency::Normal,
        })
        .unwrap();
    v.add_conversation(
        &t,
        &ConversationInput {
            date: NaiveDate::from_ymd_opt(2024, 1, 15),
            minutes: Some(50),
            mode: Some(Mode::Home),
            notes: Some(format!("{} en meer", CANARIES[5])),
            ..Default::default()
        },
    )
    .unwrap();
}

#[test]
fn nothing_identifying_appears_in_any_vault_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    fill(&mut v);
    // Check while open (the -wal and -shm files exist now) and after closing.
    for (name, bytes) in common::all_bytes(dir.path()) {
        for c in CANARIES {
            assert!(
                !common::contains(&bytes, c),
                "{c} found in {name} while open"
            );
        }
    }
    v.close().unwrap();
    let files = common::all_bytes(dir.path());
    assert!(files.iter().any(|(n, _)| n == "spil.db"));
    for (name, bytes) in files {
        if name == "spil.db" {
            assert!(
                !bytes.starts_with(b"SQLite format 3"),
                "database is plaintext"
            );
        }
        for c in CANARIES {
            assert!(!common::contains(&bytes, c), "{c} found in {name}");
        }
    }
}

#[test]
fn wrong_passphrase_fails_cleanly_and_writes_nothing_to_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    fill(&mut v);
    v.close().unwrap();
    let before = std::fs::read(dir.path().join("spil.db")).unwrap();
    let err = Vault::open(dir.path(), &Passphrase::new("verkeerd wachtwoord"), "test").unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase), "{err}");
    assert_eq!(err.code(), "wrong_passphrase");
    assert_eq!(std::fs::read(dir.path().join("spil.db")).unwrap(), before);
    // The failed attempt is audited at the next unlock.
    let mut v = common::open(dir.path());
    let report = v.verify().unwrap();
    assert!(report.ok(), "{report:?}");
    let events = v.audit_log(None, 10).unwrap();
    assert!(events.iter().any(|e| e.action == "unlock_failed"));
    v.close().unwrap();
    assert!(!dir.path().join("failed-unlocks").exists());
}

#[test]
fn refuses_plaintext_and_missing_and_existing_vaults() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        Vault::open(dir.path(), &Passphrase::new(common::PASS), "t"),
        Err(Error::NoVault)
    ));
    common::create(dir.path()).close().unwrap();
    assert!(matches!(
        Vault::create(dir.path(), &Passphrase::new(common::PASS), "t"),
        Err(Error::VaultExists)
    ));
    // Replace the database by a plaintext SQLite file: it must be refused, not used.
    let db = dir.path().join("spil.db");
    std::fs::remove_file(&db).unwrap();
    let mut plain = b"SQLite format 3\0".to_vec();
    plain.resize(4096, 0);
    std::fs::write(&db, plain).unwrap();
    let err = Vault::open(dir.path(), &Passphrase::new(common::PASS), "t").unwrap_err();
    assert!(matches!(err, Error::Plaintext), "{err}");
}

#[test]
fn verify_detects_an_altered_audit_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    fill(&mut v);
    let report = v.verify().unwrap();
    assert!(report.ok());
    assert!(report.audit_events >= 5);
    v.close().unwrap();
    // Tamper through SQL with the right key (an insider): drop the guard triggers
    // and rewrite one event.
    spil_core::store::tamper_for_tests(
        dir.path(),
        &Passphrase::new(common::PASS),
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET what = 'nothing' WHERE seq = 2;",
    )
    .unwrap();
    let mut v = common::open(dir.path());
    let err = v.verify().unwrap_err();
    assert!(matches!(err, Error::AuditBroken { seq: 2, .. }), "{err}");
}

#[test]
fn verify_detects_a_removed_tail() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    fill(&mut v);
    v.close().unwrap();
    spil_core::store::tamper_for_tests(dir.path(), &Passphrase::new(common::PASS), "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log);").unwrap();
    let mut v = common::open(dir.path());
    assert!(matches!(v.verify(), Err(Error::AuditBroken { .. })));
}

#[test]
fn the_audit_log_refuses_updates() {
    let dir = tempfile::tempdir().unwrap();
    common::create(dir.path()).close().unwrap();
    let err = spil_core::store::tamper_for_tests(
        dir.path(),
        &Passphrase::new(common::PASS),
        "UPDATE audit_log SET what = 'x';",
    )
    .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}

#[test]
fn passphrase_change_rewraps_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    fill(&mut v);
    let new = Passphrase::new("fiets lantaarn zonnebloem kade");
    assert!(v
        .change_passphrase(&Passphrase::new(common::PASS), &Passphrase::new("kort"))
        .is_err());
    v.change_passphrase(&Passphrase::new(common::PASS), &new)
        .unwrap();
    v.close().unwrap();
    assert!(Vault::open(dir.path(), &Passphrase::new(common::PASS), "t").is_err());
    let mut v = Vault::open(dir.path(), &new, "t").unwrap();
    assert_eq!(v.caseload(&Default::default()).unwrap().len(), 1);
}

#[test]
fn the_audit_log_pages_newest_first_and_filters_by_action() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    fill(&mut v);
    let all = v.audit_log(None, 1000).unwrap();
    assert!(all.windows(2).all(|w| w[0].seq > w[1].seq), "newest first");
    let creates = v.audit_log_of(None, 1000, Some("create")).unwrap();
    assert!(!creates.is_empty());
    assert!(creates.iter().all(|e| e.action == "create"));
    let older = v
        .audit_log_of(Some(creates[0].seq), 1000, Some("create"))
        .unwrap();
    assert_eq!(older.len(), creates.len() - 1);
    assert!(v
        .audit_log_of(None, 10, Some("nothing"))
        .unwrap()
        .is_empty());
}
