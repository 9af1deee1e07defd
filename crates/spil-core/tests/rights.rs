//! Clients' rights on a real encrypted vault: inzage, retention, and destruction
//! that leaves no trace of the destroyed text in any page of any vault file.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "support/pages.rs"]
mod pages;

use chrono::NaiveDate;
use spil_core::codes::{Gender, Outcome, Participant, ProblemArea, Referrer, Triage, Urgency};
use spil_core::model::{
    ClosureInput, ConversationInput, IntakeInput, PracticeInput, ReferralInput, ReopenInput,
    TriageInput, YouthInput,
};
use spil_core::rights::{inzage_html, DestructionReason, RETENTION_YEARS};
use spil_core::store::{data_key_for_tests, query_for_tests, tamper_for_tests};
use spil_core::{Error, Passphrase, Vault};

/// Texts only the destroyed file holds.
const CANARIES: [&str; 11] = [
    "Kanariepietje",    // given name
    "Zwavelsteen",      // family name
    "Oudzwavelnaam",    // an earlier family name, changed before destruction
    "111222333",        // BSN
    "1234KZ",           // postcode
    "hulpvraagkanarie", // request for help
    "intakekanarie",    // intake summary
    "afwegingkanarie",  // triage rationale
    "gesprekkanarie",   // conversation notes (long: overflow pages)
    "heropenkanarie",   // reopening reason
    "conceptkanarie",   // the saved draft of the letter to the GP
];
const SURVIVOR: &str = "blijverkanarie";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

struct Filled {
    target: String,
    survivor: String,
}

fn fill(v: &mut Vault) -> Filled {
    let p = v
        .add_practice(&PracticeInput {
            name: "De Linde".into(),
            in_practice: true,
            ..Default::default()
        })
        .unwrap();
    let referral = |v: &mut Vault, youth: &str, text: &str| {
        v.register_referral(&ReferralInput {
            youth_id: youth.into(),
            practice_id: p.id.clone(),
            referral_date: d("2024-01-08"),
            referrer: Some(Referrer::Gp),
            request_for_help: Some(text.into()),
            problem_areas: vec![ProblemArea::Sleep],
            urgency: Urgency::Normal,
        })
        .unwrap()
    };
    let survivor = v
        .add_youth(&YouthInput {
            youth_ref: Some("S1".into()),
            given_name: Some("Blijver".into()),
            ..Default::default()
        })
        .unwrap();
    let st = referral(v, &survivor.id, "slaapt slecht");
    let note = |text: &str| ConversationInput {
        date: Some(d("2024-01-15")),
        minutes: Some(45),
        notes: Some(text.into()),
        ..Default::default()
    };
    v.add_conversation(&st, &note(SURVIVOR)).unwrap();

    let mut input = YouthInput {
        youth_ref: Some("T1".into()),
        given_name: Some(CANARIES[0].into()),
        family_name: Some(CANARIES[2].into()),
        birth_date: Some(d("2013-07-19")),
        gender: Gender::Female,
        bsn: Some(CANARIES[3].into()),
        postcode: Some("1234 kz".into()),
        sibling_of: Some(survivor.id.clone()),
    };
    let target = v.add_youth(&input).unwrap();
    input.family_name = Some(CANARIES[1].into());
    input.sibling_of = None;
    v.update_youth(&target.id, &input).unwrap();
    let t = referral(v, &target.id, CANARIES[5]);
    v.record_intake(
        &t,
        &IntakeInput {
            date: d("2024-01-10"),
            present: vec![Participant::Youth],
            summary: Some(CANARIES[6].into()),
            screening_instrument: None,
            screening_score: None,
        },
    )
    .unwrap();
    v.decide_triage(
        &t,
        &TriageInput {
            decided_on: d("2024-01-10"),
            decision: Triage::OjgSupport,
            rationale: Some(CANARIES[7].into()),
        },
    )
    .unwrap();
    v.add_conversation(&t, &note(&CANARIES[8].repeat(800)))
        .unwrap();
    v.add_conversation(&t, &note(CANARIES[8])).unwrap();
    let closure = ClosureInput {
        closed_date: d("2024-02-01"),
        outcome: Outcome::NoFurtherCare,
        closure_reason: None,
        satisfaction: Some(8),
        gp_feedback_date: None,
    };
    v.close_trajectory(&t, &closure).unwrap();
    v.reopen_trajectory(
        &t,
        &ReopenInput {
            reopened_on: d("2024-02-05"),
            reason: CANARIES[9].into(),
        },
    )
    .unwrap();
    // The worker's edited letter, saved twice: the second replaces the first.
    v.save_gp_letter_draft(&t, "Eerste versie van de brief")
        .unwrap();
    v.save_gp_letter_draft(&t, &format!("Geachte collega,\n{}", CANARIES[10]))
        .unwrap();
    Filled {
        target: target.id,
        survivor: survivor.id,
    }
}

/// Which of `texts` occur in any decrypted page of the folder.
fn found_in(key: &[u8; 32], dir: &std::path::Path, texts: &[&str]) -> Vec<String> {
    let pages = pages::vault_folder(key, dir);
    texts
        .iter()
        .filter(|t| pages.iter().any(|(_, p)| common::contains(p, t)))
        .map(|t| t.to_string())
        .collect()
}

#[test]
fn destroying_a_file_leaves_no_trace_in_any_vault_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let f = fill(&mut v);
    let key = data_key_for_tests(&v);
    // The control: the page reader sees every canary before destruction.
    assert_eq!(
        found_in(&key, dir.path(), &CANARIES),
        CANARIES,
        "the reader is blind"
    );

    v.destroy_youth(&f.target, DestructionReason::RequestByParent)
        .unwrap();
    let wal = std::fs::metadata(dir.path().join("spil.db-wal")).map_or(0, |m| m.len());
    assert_eq!(wal, 0, "the WAL still holds old pages");
    assert_eq!(
        found_in(&key, dir.path(), &CANARIES),
        Vec::<String>::new(),
        "while open"
    );
    assert!(matches!(v.youth(&f.target), Err(Error::NotFound(_))));
    assert!(v.verify().unwrap().ok());
    // The audit keeps the id and reason; the sibling keeps their file and family.
    let events =
        query_for_tests(&v, "SELECT what FROM audit_log WHERE youth_id IS NOT NULL").unwrap();
    assert!(events
        .iter()
        .any(|e| e[0] == "youth_destroyed:request_by_parent"));
    let survivor = v.youth(&f.survivor).unwrap();
    assert!(survivor.family_id.is_some());
    v.close().unwrap();

    assert_eq!(
        found_in(&key, dir.path(), &CANARIES),
        Vec::<String>::new(),
        "after close"
    );
    assert_eq!(
        found_in(&key, dir.path(), &[SURVIVOR]),
        [SURVIVOR],
        "the survivor's data went too"
    );
    for (name, bytes) in common::all_bytes(dir.path()) {
        for c in CANARIES {
            assert!(!common::contains(&bytes, c), "{c} in {name}");
        }
    }
}

#[test]
fn inzage_holds_the_whole_file_and_only_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let f = fill(&mut v);
    let doc = v.inzage(&f.target).unwrap();
    let json = serde_json::to_string(&doc).unwrap();
    for c in CANARIES.iter().filter(|c| **c != "Oudzwavelnaam") {
        assert!(json.contains(c), "{c} missing from the inzage");
    }
    assert!(
        !json.contains(SURVIVOR) && !json.contains("Blijver"),
        "a sibling's data leaked"
    );
    assert_eq!(doc.trajectories.len(), 1);
    assert_eq!(doc.trajectories[0].conversations.len(), 2);
    // The saved letter draft is part of the file, as last saved.
    assert_eq!(doc.gp_letter_drafts.len(), 1);
    assert_eq!(
        doc.gp_letter_drafts[0].trajectory_id,
        doc.trajectories[0].id
    );
    assert!(
        !json.contains("Eerste versie"),
        "only the draft as last saved"
    );
    assert!(doc.access_history.iter().any(|e| e.what == "youth"));
    let last = &v.audit_log(None, 1).unwrap()[0];
    assert_eq!(
        (last.action.as_str(), last.what.as_str()),
        ("print", "inzage")
    );
    assert_eq!(last.youth_id.as_deref(), Some(f.target.as_str()));

    let html = inzage_html(&doc);
    assert!(html.contains(CANARIES[6]) && html.contains("Persoonsgegevens"));
    assert!(html.contains("Concept brief aan de huisarts") && html.contains(CANARIES[10]));
    let mut doc = doc;
    doc.trajectories[0].conversations[1].notes = Some("<script>alert(1)</script>".into());
    let html = inzage_html(&doc);
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
    assert!(matches!(v.inzage("no-such-youth"), Err(Error::NotFound(_))));
}

#[test]
fn retention_lists_files_unchanged_for_longer_than_the_term() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let f = fill(&mut v);
    assert!(v.retention_due().unwrap().is_empty());
    v.close().unwrap();
    // Age every row of the survivor's file by 21 years; the other file stays recent.
    let old = "'2004-01-01T10:00:00.000Z'";
    let sql = format!(
        "UPDATE youths SET updated_at = {old} WHERE id = '{s}';
         UPDATE trajectories SET updated_at = {old} WHERE youth_id = '{s}';
         UPDATE conversations SET created_at = {old}
           WHERE trajectory_id IN (SELECT id FROM trajectories WHERE youth_id = '{s}');",
        s = f.survivor
    );
    let pass = Passphrase::new(common::PASS);
    tamper_for_tests(dir.path(), &pass, &sql).unwrap();
    let mut v = common::open(dir.path());
    let due = v.retention_due().unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].youth_id, f.survivor);
    assert_eq!(due[0].last_change, "2004-01-01T10:00:00.000Z");
    assert_eq!(due[0].trajectories, 1);
    // The term lives in the vault: never below 20 years, and changing it is audited.
    assert_eq!(v.retention_years().unwrap(), RETENTION_YEARS);
    for bad in [0, 1, 19, 101] {
        assert!(
            matches!(v.set_retention_years(bad), Err(Error::Invalid(_))),
            "{bad}"
        );
    }
    v.set_retention_years(30).unwrap();
    assert!(v.retention_due().unwrap().is_empty());
    let log = v.audit_log(None, 5).unwrap();
    assert!(
        log.iter().any(|e| e.what == "retention_years:20->30"),
        "{log:?}"
    );
    v.set_retention_years(RETENTION_YEARS).unwrap();
    assert_eq!(v.retention_due().unwrap().len(), 1);
    // One recent conversation makes the file current again.
    v.close().unwrap();
    tamper_for_tests(
        dir.path(),
        &pass,
        &format!(
            "UPDATE conversations SET created_at = '2099-01-01T00:00:00.000Z'
             WHERE trajectory_id IN (SELECT id FROM trajectories WHERE youth_id = '{}')",
            f.survivor
        ),
    )
    .unwrap();
    let mut v = common::open(dir.path());
    assert!(v.retention_due().unwrap().is_empty());
    // Destruction for retention checks the term.
    assert!(matches!(
        v.destroy_youth(&f.survivor, DestructionReason::RetentionExpired),
        Err(Error::RetentionNotDue)
    ));
    v.destroy_youth(&f.survivor, DestructionReason::RequestByYouth)
        .unwrap();
    assert!(v.verify().unwrap().ok());
}
