//! The story of one worker's caseload, across the crates, on a real encrypted vault:
//! `spil init` → `spil import` → a new referral → intake → conversations → triage →
//! closure → `spil list` → `spil verify`.

use chrono::NaiveDate;
use spil_core::codes::{
    ClosureReason, Intervention, Mode, Outcome, Participant, ProblemArea, Referrer, Triage, Urgency,
};
use spil_core::model::*;
use spil_core::{Passphrase, Vault};

const PASS: &str = "lindeboom regenjas fluit kompas";

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn a_worker_s_caseload_from_spreadsheet_to_closure() {
    // Scripts give the passphrase through the environment (only this test sets it).
    std::env::set_var("SPIL_PASSPHRASE", PASS);
    let dir = tempfile::tempdir().unwrap();
    let vault_dir = dir.path().join("kluis");

    // 1. init and import through the command line.
    spil_cli::commands::vault::init(&vault_dir).unwrap();
    let csv = dir.path().join("caseload.csv");
    std::fs::write(
        &csv,
        "youth_ref;given_name;family_name;birth_date;gender;practice;kern;municipality_code;referral_date;referrer;problem_areas;session_dates;closed_date;outcome\n\
         R-01;Noor;Visser;2011-04-03;f;Praktijk De Brug;Velp;GM0275;2024-01-09;gp;sleep;2024-01-16;2024-02-01;no_further_care\n\
         R-02;Sem;de Jong;2008-09-21;m;Praktijk De Brug;Velp;GM0275;2024-02-12;school;substance_use;;;\n",
    )
    .unwrap();
    spil_cli::commands::import::run(&vault_dir, &csv).unwrap();
    // A second import of the same sheet adds nothing.
    spil_cli::commands::import::run(&vault_dir, &csv).unwrap();

    // 2. The worker's day, through the core API.
    let mut v = Vault::open(&vault_dir, &Passphrase::new(PASS), "story").unwrap();
    let practice = v.practices().unwrap().remove(0);
    let sister = v.find_youths("R-01").unwrap().first().map(|y| y.id.clone());
    let youth = v
        .add_youth(&YouthInput {
            youth_ref: Some("R-03".into()),
            given_name: Some("Lotte".into()),
            family_name: Some("Visser".into()),
            birth_date: Some(day("2014-06-30")),
            gender: spil_core::codes::Gender::Female,
            sibling_of: sister,
            ..Default::default()
        })
        .unwrap();
    assert!(youth.family_id.is_some(), "sisters share a family");
    let t = v
        .register_referral(&ReferralInput {
            youth_id: youth.id.clone(),
            practice_id: practice.id,
            referral_date: day("2024-03-04"),
            referrer: Some(Referrer::Gp),
            request_for_help: Some("piekert veel, slaapt slecht".into()),
            problem_areas: vec![ProblemArea::AnxietyMood, ProblemArea::Sleep],
            urgency: Urgency::Soon,
        })
        .unwrap();
    v.record_intake(
        &t,
        &IntakeInput {
            date: day("2024-03-11"),
            present: vec![Participant::Youth, Participant::Parents],
            summary: Some("uitgebreide intake".into()),
            screening_instrument: Some("SDQ".into()),
            screening_score: Some(14),
        },
    )
    .unwrap();
    v.decide_triage(
        &t,
        &TriageInput {
            decided_on: day("2024-03-11"),
            decision: Triage::OjgSupport,
            rationale: None,
        },
    )
    .unwrap();
    for d in ["2024-03-18", "2024-04-02", "2024-04-16"] {
        v.add_conversation(
            &t,
            &ConversationInput {
                date: Some(day(d)),
                minutes: Some(45),
                participants: vec![Participant::Youth],
                mode: Some(Mode::InPractice),
                interventions: vec![
                    Intervention::Psychoeducation,
                    Intervention::PsychosocialIntervention,
                ],
                notes: Some("oefeningen ontspanning".into()),
            },
        )
        .unwrap();
    }
    v.close_trajectory(
        &t,
        &ClosureInput {
            closed_date: day("2024-04-30"),
            outcome: Outcome::NoFurtherCare,
            closure_reason: Some(ClosureReason::Planned),
            satisfaction: Some(9),
            gp_feedback_date: Some(day("2024-04-30")),
        },
    )
    .unwrap();

    let all = v
        .caseload(&CaseloadFilter {
            closed_within_days: Some(100_000),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.len(), 3);
    let lotte = all.iter().find(|r| r.trajectory_id == t).unwrap();
    assert_eq!(
        (lotte.status, lotte.conversations, lotte.days_waiting),
        (Status::Closed, 3, 7)
    );
    assert_eq!(
        all.iter().filter(|r| r.status == Status::Waiting).count(),
        1
    );
    let history = v.access_history(&youth.id).unwrap();
    assert!(history.len() >= 8, "every step audited: {}", history.len());
    v.close().unwrap();

    // 3. list and verify through the command line.
    spil_cli::commands::list::run(&vault_dir, true).unwrap();
    spil_cli::commands::vault::verify(&vault_dir).unwrap();
}
