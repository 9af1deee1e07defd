//! The story of one worker's caseload, across the crates, on a real encrypted vault:
//! `spil init` → `spil import` → a new referral → intake → conversations → triage →
//! closure → the monitoring report → an anonymised export → `spil list` → `spil verify`.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use spil_core::codes::{
    ClosureReason, Intervention, Mode, Outcome, Participant, ProblemArea, Referrer, Triage, Urgency,
};
use spil_core::export::{ExportFormat, ExportLevel, ExportParams, Granularity};
use spil_core::model::*;
use spil_core::report::ReportParams;
use spil_core::{Passphrase, Vault};

const PASS: &str = "lindeboom regenjas fluit kompas";

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Every number in a JSON value, however nested (a table's cells and totals).
fn numbers(v: &serde_json::Value, out: &mut Vec<u64>) {
    match v {
        serde_json::Value::Number(n) => out.extend(n.as_u64()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| numbers(i, out)),
        _ => {}
    }
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
    spil_cli::commands::import::run(&vault_dir, &csv, None).unwrap();
    // A second import of the same sheet adds nothing.
    spil_cli::commands::import::run(&vault_dir, &csv, None).unwrap();

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

    // 3. The monitoring report over the first half of 2024.
    let report = v
        .report(&ReportParams {
            from: Some(day("2024-01-01")),
            to: Some(day("2024-06-30")),
            ..Default::default()
        })
        .unwrap();
    let f = &report.overall;
    assert_eq!((f.referrals, f.unique_youths, f.families), (3, 3, 2));
    assert_eq!((f.closed, f.waiting_at_end, f.open_at_end), (2, 1, 1));
    // Noor: 1 conversation (the import's session date); Lotte: 3.
    let c = &f.conversations;
    assert_eq!(
        (c.closed, c.one, c.two_to_seven, c.eight_plus),
        (2, 1, 1, 0)
    );
    assert_eq!(c.mean, Some(2.0));
    let no_further_care = f
        .outcomes
        .iter()
        .find(|o| o.code == "no_further_care")
        .unwrap();
    assert_eq!(no_further_care.count, 2);
    assert_eq!(f.waiting_days.n, 2, "Noor and Lotte had a first contact");
    assert_eq!(report.months.len(), 6);

    // 4. An anonymised export of the same half-year leaves no name, reference,
    //    note or exact date, and every small count in it is hidden.
    let mut json = Vec::new();
    let summary = v
        .export(
            &ExportParams {
                from: day("2024-01-01"),
                to: day("2024-06-30"),
                level: ExportLevel::Aggregate,
                format: ExportFormat::Json,
                granularity: Granularity::HalfYear,
                profile: None,
            },
            &mut json,
            |_| {},
        )
        .unwrap();
    assert!(summary.bytes > 0);
    let text = String::from_utf8(json).unwrap();
    for secret in [
        "Noor",
        "Lotte",
        "Visser",
        "R-01",
        "R-03",
        "piekert",
        "ontspanning",
        "2011-04-03",
        "2024-03-04",
    ] {
        assert!(!text.contains(secret), "{secret} left the vault");
    }
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["format"], "spil-export");
    let mut published = Vec::new();
    for table in doc["tables"].as_array().unwrap() {
        for key in ["cells", "row_totals", "column_totals", "total"] {
            numbers(&table[key], &mut published);
        }
    }
    assert!(!published.is_empty(), "the export has tables");
    assert!(
        published.iter().all(|&n| n == 0 || n > 7),
        "a count of 1-7 was published: {published:?}"
    );
    v.close().unwrap();

    // 5. list and verify through the command line.
    // The overview lists what is waiting or active, and files closed in the last 90
    // days: Noor and Lotte were closed in 2024, so only Sem is on it.
    let listed =
        spil_cli::commands::list::render(&vault_dir, &CaseloadFilter::default(), true).unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    assert_eq!(rows.len(), 1, "{listed}");
    assert_eq!(rows[0]["youth_ref"], "R-02", "{listed}");
    assert_eq!(rows[0]["status"], "waiting", "{listed}");
    // `spil list --all` finds every file, however long ago it was closed.
    let all = CaseloadFilter {
        all: true,
        ..Default::default()
    };
    let listed = spil_cli::commands::list::render(&vault_dir, &all, true).unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    assert_eq!(rows.len(), 3, "{listed}");
    spil_cli::commands::vault::verify(&vault_dir).unwrap();
}
