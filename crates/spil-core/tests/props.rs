//! Properties on a real encrypted vault: any valid caseload sheet imports and lists
//! back as written (and re-importing adds nothing); any sequence of changes to a
//! trajectory either keeps the date rules or is refused naming a field, changing
//! nothing. One vault per property (Argon2id once), each case under its own refs.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::cell::RefCell;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use spil_core::codes::{Outcome, ProblemArea, Urgency};
use spil_core::model::{
    CaseloadFilter, ClosureInput, ConversationInput, PracticeInput, ReferralInput, ReopenInput,
    YouthInput,
};
use spil_core::{Error, Vault};

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        // Cases are cheap to regenerate; no regression files in the source tree.
        failure_persistence: None,
        ..Config::default()
    })
}

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + Days::new(n)
}

#[derive(Debug, Clone)]
struct Row {
    given_name: String,
    practice: usize,
    referral: u64,
    problems: Vec<usize>,
    /// Offsets from the referral, sorted.
    sessions: Vec<u64>,
    closed: Option<(u64, usize)>,
    notes: String,
}

fn row() -> impl Strategy<Value = Row> {
    (
        "[A-Za-zéëï' ,\"-]{0,20}",
        0..3usize,
        0..700u64,
        proptest::collection::vec(0..ProblemArea::ALL.len(), 0..4),
        proptest::collection::vec(0..60u64, 0..7),
        proptest::option::of((0..30u64, 0..Outcome::ALL.len())),
        "[a-z ,;\"\n\té€😀]{0,200}",
    )
        .prop_map(
            |(given_name, practice, referral, problems, mut sessions, closed, notes)| {
                sessions.sort();
                Row {
                    given_name,
                    practice,
                    referral,
                    problems,
                    sessions,
                    closed,
                    notes,
                }
            },
        )
}

use spil_core::codes::Code;

fn csv_of(prefix: &str, rows: &[Row]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "youth_ref",
        "given_name",
        "practice",
        "referral_date",
        "problem_areas",
        "session_dates",
        "closed_date",
        "outcome",
        "notes",
    ])
    .unwrap();
    for (i, r) in rows.iter().enumerate() {
        let sessions: Vec<String> = r
            .sessions
            .iter()
            .map(|s| day(r.referral + s).to_string())
            .collect();
        let last = r.sessions.last().copied().unwrap_or(0);
        let problems: Vec<&str> = r
            .problems
            .iter()
            .map(|p| ProblemArea::ALL[*p].as_str())
            .collect();
        let (closed, outcome) = match r.closed {
            Some((after, o)) => (
                day(r.referral + last + after).to_string(),
                Outcome::ALL[o].as_str().to_owned(),
            ),
            None => (String::new(), String::new()),
        };
        w.write_record([
            format!("{prefix}-{i}"),
            r.given_name.clone(),
            format!("Praktijk {}", r.practice),
            day(r.referral).to_string(),
            problems.join(";"),
            sessions.join(";"),
            closed,
            outcome,
            r.notes.clone(),
        ])
        .unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn an_imported_sheet_lists_back_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let vault = RefCell::new(common::create(dir.path()));
    let case = RefCell::new(0u32);
    let strategy = proptest::collection::vec(row(), 1..6);
    runner(40)
        .run(&strategy, |rows| {
            let v = &mut *vault.borrow_mut();
            *case.borrow_mut() += 1;
            let prefix = format!("P{}", case.borrow());
            let sheet = csv_of(&prefix, &rows);
            let s = v.import_csv(sheet.as_bytes(), |_| {}).unwrap();
            prop_assert_eq!(s.trajectories_created, rows.len() as u64);
            let again = v.import_csv(sheet.as_bytes(), |_| {}).unwrap();
            prop_assert_eq!(again.trajectories_created, 0);
            prop_assert_eq!(again.already_present, rows.len() as u64);
            let filter = CaseloadFilter {
                search: Some(format!("{prefix}-")),
                closed_within_days: Some(36_500),
                ..Default::default()
            };
            let listed = v.caseload(&filter).unwrap();
            prop_assert_eq!(listed.len(), rows.len());
            for (i, r) in rows.iter().enumerate() {
                let want_ref = format!("{prefix}-{i}");
                let l = listed
                    .iter()
                    .find(|l| l.youth_ref.as_deref() == Some(want_ref.as_str()))
                    .unwrap();
                let name = Some(r.given_name.trim()).filter(|n| !n.is_empty());
                prop_assert_eq!(l.given_name.as_deref(), name);
                prop_assert_eq!(&l.practice_name, &format!("Praktijk {}", r.practice));
                prop_assert_eq!(l.referral_date, day(r.referral));
                prop_assert_eq!(l.conversations, r.sessions.len() as i64);
                prop_assert_eq!(l.outcome, r.closed.map(|(_, o)| Outcome::ALL[o]));
                let detail = v.trajectory(&l.trajectory_id).unwrap();
                let notes = Some(r.notes.trim()).filter(|n| !n.is_empty());
                prop_assert_eq!(detail.notes.as_deref(), notes);
                let mut problems: Vec<ProblemArea> =
                    r.problems.iter().map(|p| ProblemArea::ALL[*p]).collect();
                problems.sort();
                problems.dedup();
                prop_assert_eq!(detail.problem_areas, problems);
            }
            Ok(())
        })
        .unwrap();
    assert!(vault.borrow_mut().verify().unwrap().ok());
}

/// A change to a trajectory, with dates as offsets from 2022-01-01.
#[derive(Debug, Clone)]
enum Op {
    FirstContact(u64),
    Conversation(u64),
    Close(u64),
    Reopen(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..200u64).prop_map(Op::FirstContact),
        (0..200u64).prop_map(Op::Conversation),
        (0..200u64).prop_map(Op::Close),
        (0..200u64).prop_map(Op::Reopen),
    ]
}

#[test]
fn trajectory_changes_keep_the_date_rules_or_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let vault = RefCell::new(common::create(dir.path()));
    let practice = vault
        .borrow_mut()
        .add_practice(&PracticeInput {
            name: "P".into(),
            in_practice: true,
            ..Default::default()
        })
        .unwrap()
        .id;
    let case = RefCell::new(0u32);
    runner(40)
        .run(
            &(0..100u64, proptest::collection::vec(op(), 1..12)),
            |(referral, ops)| {
                let v: &mut Vault = &mut vault.borrow_mut();
                *case.borrow_mut() += 1;
                let youth = v
                    .add_youth(&YouthInput {
                        youth_ref: Some(format!("Q{}", case.borrow())),
                        ..Default::default()
                    })
                    .unwrap();
                let t = v
                    .register_referral(&ReferralInput {
                        youth_id: youth.id,
                        practice_id: practice.clone(),
                        referral_date: day(referral),
                        referrer: None,
                        request_for_help: None,
                        problem_areas: vec![],
                        urgency: Urgency::Normal,
                    })
                    .unwrap();
                for op in ops {
                    let before = v.trajectory(&t).unwrap();
                    let result = match op {
                        Op::FirstContact(d) => v.record_first_contact(&t, day(d)),
                        Op::Conversation(d) => v
                            .add_conversation(
                                &t,
                                &ConversationInput {
                                    date: Some(day(d)),
                                    ..Default::default()
                                },
                            )
                            .map(drop),
                        Op::Close(d) => v.close_trajectory(
                            &t,
                            &ClosureInput {
                                closed_date: day(d),
                                outcome: Outcome::NoFurtherCare,
                                closure_reason: None,
                                satisfaction: None,
                                gp_feedback_date: None,
                            },
                        ),
                        Op::Reopen(d) => v.reopen_trajectory(
                            &t,
                            &ReopenInput {
                                reopened_on: day(d),
                                reason: "opnieuw".into(),
                            },
                        ),
                    };
                    let after = v.trajectory(&t).unwrap();
                    match result {
                        Ok(()) => {}
                        Err(Error::Invalid(i)) => {
                            prop_assert!(!i.field.is_empty() && !i.message.is_empty());
                            prop_assert_eq!(&before, &after, "a refused change changed something");
                        }
                        Err(e) => return Err(TestCaseError::fail(format!("unexpected error {e}"))),
                    }
                    // The rules, whatever got through.
                    let start = after.first_contact_date.unwrap_or(after.referral_date);
                    prop_assert!(after.referral_date <= start);
                    for c in &after.conversations {
                        prop_assert!(start <= c.date);
                    }
                    if let Some(closed) = after.closed_date {
                        prop_assert!(after.conversations.iter().all(|c| c.date <= closed));
                        prop_assert!(start <= closed);
                    }
                }
                Ok(())
            },
        )
        .unwrap();
    assert!(vault.borrow_mut().verify().unwrap().ok());
}
