//! The report reads each trajectory's conversation count, current triage decision,
//! problem areas (migration 0002) and interventions (0003) from columns kept by
//! triggers. After every
//! kind of change to the tables they summarise, they must equal a recomputation.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use spil_core::codes::{Intervention, Mode, Participant, Triage};
use spil_core::model::{ConversationInput, TriageInput};
use spil_core::rights::DestructionReason;
use spil_core::store::{query_for_tests, tamper_for_tests};
use spil_core::{Passphrase, Vault};

const PASS: &str = "paard batterij niet plakband";

/// Trajectories whose derived columns disagree with the tables, by id.
const DRIFT: &str = "
    SELECT t.id FROM trajectories t
    WHERE t.conversation_count <>
            (SELECT count(*) FROM conversations c WHERE c.trajectory_id = t.id)
       OR t.current_triage IS NOT
            (SELECT decision FROM triage_decisions d WHERE d.trajectory_id = t.id
             ORDER BY d.created_at DESC, d.id DESC LIMIT 1)
       OR t.problem_area_codes <> coalesce(
            (SELECT group_concat(code, ';' ORDER BY code) FROM trajectory_problem_areas p
             WHERE p.trajectory_id = t.id), '')
       OR t.intervention_codes <> coalesce(
            (SELECT group_concat(code, ';' ORDER BY code) FROM
                (SELECT DISTINCT i.code FROM conversation_interventions i
                 JOIN conversations c ON c.id = i.conversation_id
                 WHERE c.trajectory_id = t.id)), '')";

fn one(v: &Vault, sql: &str) -> String {
    query_for_tests(v, sql).unwrap().remove(0).remove(0)
}

fn assert_no_drift(v: &Vault, after: &str) {
    let drift = query_for_tests(v, DRIFT).unwrap();
    assert!(
        drift.is_empty(),
        "after {after}: {} trajectories drifted",
        drift.len()
    );
}

#[test]
fn derived_columns_follow_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let pass = Passphrase::new(PASS);
    let mut v = Vault::create(dir.path(), &pass, "test").unwrap();
    v.generate_demo(300, 7, |_| {}).unwrap();
    assert_no_drift(&v, "inserts");
    // Not vacuous: the demo has conversations, decisions and problem areas.
    let filled = one(
        &v,
        "SELECT sum(conversation_count) > 0 AND count(current_triage) > 0
                AND sum(problem_area_codes <> '') > 0
                AND sum(intervention_codes <> '') > 0 FROM trajectories",
    );
    assert_eq!(filled, "1");

    // Through the API: a conversation, a new decision, a destroyed file.
    let open = one(
        &v,
        "SELECT id FROM trajectories WHERE closed_date IS NULL AND first_contact_date IS NOT NULL
         ORDER BY id LIMIT 1",
    );
    let day = spil_core::today();
    v.add_conversation(
        &open,
        &ConversationInput {
            date: Some(day),
            minutes: Some(45),
            participants: vec![Participant::Youth],
            mode: Some(Mode::InPractice),
            interventions: vec![Intervention::CareMediation, Intervention::Psychoeducation],
            notes: None,
        },
    )
    .unwrap();
    v.decide_triage(
        &open,
        &TriageInput {
            decided_on: day,
            decision: Triage::ReferralNeeded,
            rationale: None,
        },
    )
    .unwrap();
    assert_eq!(
        one(
            &v,
            &format!("SELECT current_triage FROM trajectories WHERE id = '{open}'")
        ),
        "referral_needed"
    );
    let youth = one(
        &v,
        "SELECT t.youth_id FROM conversations c JOIN trajectories t ON t.id = c.trajectory_id
         ORDER BY c.id LIMIT 1",
    );
    v.destroy_youth(&youth, DestructionReason::RequestByParent)
        .unwrap();
    assert_no_drift(&v, "the API's changes");
    v.close().unwrap();

    // Behind the API's back: every trigger, including moves between trajectories.
    for (what, sql) in [
        (
            "deleting conversations",
            "DELETE FROM conversations WHERE rowid % 7 = 0",
        ),
        (
            "moving a conversation",
            "UPDATE conversations SET trajectory_id = (SELECT max(id) FROM trajectories)
             WHERE rowid = (SELECT min(rowid) FROM conversations)",
        ),
        (
            "deleting decisions",
            "DELETE FROM triage_decisions WHERE rowid % 5 = 0",
        ),
        (
            "re-dating a decision",
            "UPDATE triage_decisions SET created_at = '2000-01-01T00:00:00Z'
             WHERE rowid = (SELECT max(rowid) FROM triage_decisions)",
        ),
        (
            "moving a decision",
            "UPDATE triage_decisions SET trajectory_id = (SELECT min(id) FROM trajectories)
             WHERE rowid = (SELECT min(rowid) FROM triage_decisions)",
        ),
        (
            "deleting problem areas",
            "DELETE FROM trajectory_problem_areas
             WHERE trajectory_id IN (SELECT id FROM trajectories WHERE rowid % 3 = 0)",
        ),
        (
            "recoding a problem area",
            "UPDATE OR IGNORE trajectory_problem_areas SET code = 'zzz_last'
             WHERE trajectory_id = (SELECT min(trajectory_id) FROM trajectory_problem_areas)",
        ),
        (
            "deleting interventions",
            "DELETE FROM conversation_interventions WHERE substr(conversation_id, 36, 1) IN ('0', '4', '8', 'c')",
        ),
        (
            "recoding an intervention",
            "UPDATE OR IGNORE conversation_interventions SET code = 'zzz_last'
             WHERE conversation_id = (SELECT min(conversation_id) FROM conversation_interventions)",
        ),
        (
            "moving an intervention",
            "UPDATE OR IGNORE conversation_interventions SET conversation_id =
                 (SELECT max(id) FROM conversations)
             WHERE conversation_id = (SELECT min(conversation_id) FROM conversation_interventions)",
        ),
        (
            "deleting a trajectory",
            "DELETE FROM trajectories WHERE rowid % 11 = 0",
        ),
    ] {
        tamper_for_tests(dir.path(), &pass, sql).unwrap();
        let v = Vault::open(dir.path(), &pass, "test").unwrap();
        assert_no_drift(&v, what);
        v.close().unwrap();
    }
}
