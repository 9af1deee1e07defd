//! `spil list --status` and `--sort` through the binary, on a vault made by
//! `spil import`; past retention on files aged by hand, as an insider would.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ok, s, spil, PASS};
use spil_core::store::tamper_for_tests;
use spil_core::Passphrase;

const CSV: &str = "youth_ref,given_name,family_name,birth_date,practice,referral_date,first_contact_date,session_dates,closed_date,outcome
W1,Bram,Zwart,2012-01-01,De Linde,2024-02-01,,,,
W2,Anna,Ärmel,2012-01-01,De Linde,2024-01-01,,,,
A1,Cees,Bakker,2012-01-01,De Linde,2024-01-10,2024-01-12,2024-01-12;2024-01-20,,
C1,Dirk,Claes,,De Linde,2003-01-10,2003-01-12,2003-01-12,2003-03-01,no_further_care
C2,Eva,Dekker,2011-01-01,De Linde,2020-01-10,2020-01-12,2020-01-12,2020-03-01,no_further_care
";

fn refs(json: &str) -> Vec<String> {
    let rows: serde_json::Value = serde_json::from_str(json).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["youth_ref"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn list_by_status_and_sorted() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("kluis");
    let csv = tmp.path().join("caseload.csv");
    std::fs::write(&csv, CSV).unwrap();
    ok(&["init", "--vault", s(&vault)]);
    ok(&["import", "--vault", s(&vault), s(&csv)]);
    let v = s(&vault);

    let list = |extra: &[&str]| {
        let mut args = vec!["list", "--vault", v, "--json"];
        args.extend_from_slice(extra);
        refs(&ok(&args))
    };
    assert_eq!(list(&["--status", "waiting"]), ["W2", "W1"]);
    assert_eq!(list(&["--status", "active"]), ["A1"]);
    assert_eq!(list(&["--status", "closed", "--all"]), ["C2", "C1"]);
    // Nothing is past retention while every file was changed today.
    assert!(list(&["--status", "past-retention"]).is_empty());
    // Names sort without regard to accents: Ärmel before Bakker.
    assert_eq!(
        list(&["--all", "--sort", "name"]),
        ["W2", "A1", "C1", "C2", "W1"]
    );
    assert_eq!(
        list(&["--all", "--sort", "referral", "--descending"]),
        ["W1", "A1", "W2", "C2", "C1"]
    );

    // C1's file was last changed when it closed in 2003: past the 20 years.
    let old = "'2003-03-01T12:00:00.000Z'";
    tamper_for_tests(
        &vault,
        &Passphrase::new(PASS),
        &format!(
            "UPDATE youths SET updated_at = {old} WHERE youth_ref = 'C1';
             UPDATE trajectories SET updated_at = {old}
               WHERE youth_id = (SELECT id FROM youths WHERE youth_ref = 'C1');
             UPDATE conversations SET created_at = {old} WHERE trajectory_id IN
               (SELECT t.id FROM trajectories t JOIN youths y ON y.id = t.youth_id
                WHERE y.youth_ref = 'C1');
             UPDATE triage_decisions SET created_at = {old} WHERE trajectory_id IN
               (SELECT t.id FROM trajectories t JOIN youths y ON y.id = t.youth_id
                WHERE y.youth_ref = 'C1');
             UPDATE intakes SET updated_at = {old} WHERE trajectory_id IN
               (SELECT t.id FROM trajectories t JOIN youths y ON y.id = t.youth_id
                WHERE y.youth_ref = 'C1');"
        ),
    )
    .unwrap();
    assert_eq!(list(&["--status", "past-retention"]), ["C1"]);
    let table = ok(&["list", "--vault", v, "--status", "past-retention"]);
    assert!(table.contains("C1") && !table.contains("C2"), "{table}");

    let out = spil(&["list", "--vault", v, "--status", "gone"]);
    assert!(!out.status.success());
    let out = spil(&["list", "--vault", v, "--descending"]);
    assert!(!out.status.success(), "--descending needs --sort");
}
