//! The CSV import contract: all or nothing, every bad cell named, idempotent,
//! comma or semicolon, with or without BOM.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use spil_core::model::{CaseloadFilter, Status};
use spil_core::Error;

const HEADER: &str = "youth_ref,given_name,family_name,birth_date,gender,bsn,postcode,practice,kern,municipality_code,referral_date,referrer,problem_areas,first_contact_date,triage,session_dates,closed_date,outcome,satisfaction,notes";

fn good() -> String {
    format!(
        "{HEADER}\n\
         J1,Sanne,Jansen,2012-05-17,f,111222333,6951 AB,De Linde,Dieren,GM0275,2024-01-10,gp,sleep;anxiety_mood,2024-01-17,ojg_support,2024-01-17;2024-01-31;2024-02-14,2024-03-01,no_further_care,8,\"slaapt slecht, \"\"moe\"\"\"\n\
         J2,Daan,Bakker,2009-11-02,m,,,De Linde,Dieren,GM0275,2024-02-01,school,substance_use,,,,,,,\n\
         J1,Sanne,Jansen,2012-05-17,f,111222333,6951 AB,De Linde,Dieren,GM0275,2024-06-01,self,parenting,2024-06-03,own_network,2024-06-03,2024-06-20,social_base,,\n\
         J3,,,2015-01-01,x,,,Het Anker,Rheden,GM0275,2024-03-01,youth_doctor,behaviour,2024-03-04,referral_needed,2024-03-04;2024-03-11,2024-03-20,specialist_mental_health,6,\n"
    )
}

fn import(
    v: &mut spil_core::Vault,
    text: &str,
) -> spil_core::Result<spil_core::import::ImportSummary> {
    v.import_csv(text.as_bytes(), |_| {})
}

#[test]
fn imports_a_good_file_and_adds_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let s = import(&mut v, &good()).unwrap();
    assert_eq!(
        (
            s.rows,
            s.trajectories_created,
            s.youths_created,
            s.practices_created
        ),
        (4, 4, 3, 2)
    );
    let rows = v
        .caseload(&CaseloadFilter {
            closed_within_days: Some(100_000),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(rows.len(), 4);
    let waiting: Vec<_> = rows
        .iter()
        .filter(|r| r.status == Status::Waiting)
        .collect();
    assert_eq!(waiting.len(), 1);
    let j1 = rows
        .iter()
        .find(|r| {
            r.youth_ref.as_deref() == Some("J1") && r.closed_date.is_some() && r.conversations == 3
        })
        .unwrap();
    let detail = v.trajectory(&j1.trajectory_id).unwrap();
    assert_eq!(detail.notes.as_deref(), Some("slaapt slecht, \"moe\""));
    assert_eq!(detail.satisfaction, Some(8));
    assert_eq!(detail.triage_history.len(), 1);
    assert_eq!(detail.youth.postcode.as_deref(), Some("6951AB"));

    let again = import(&mut v, &good()).unwrap();
    assert_eq!((again.trajectories_created, again.already_present), (0, 4));
    let after = v
        .caseload(&CaseloadFilter {
            closed_within_days: Some(100_000),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(after.len(), 4);
}

#[test]
fn semicolons_bom_and_missing_optional_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let text = "\u{feff}Youth_Ref;Practice;Referral_Date;Problem_Areas\r\nA1;Praktijk Zuid;2024-04-02;sleep;\r\n";
    // "sleep;" splits into an extra empty cell with ';' as delimiter: flexible rows.
    let text = text.replace("sleep;\r\n", "\"sleep;behaviour\"\r\n");
    let s = import(&mut v, &text).unwrap();
    assert_eq!(s.trajectories_created, 1);
}

#[test]
fn a_bad_file_imports_nothing_and_names_every_bad_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let mut text = good();
    text.push_str("J4,Piet,Smit,2011-01-01,q,123456789,6951AB,De Linde,Dieren,GM0275,2024-13-01,gp,sleep,,,,,,,\n");
    text.push_str(
        "J5,Kim,Vos,2011-01-01,f,,,De Linde,Dieren,GM0275,2024-02-01,gp,sleep,2024-01-01,,,,,,\n",
    );
    text.push_str("J6,Kim,Vos,2011-01-01,f,,,De Linde,Dieren,GM0275,2024-02-01,gp,sleep,2024-02-02,,2024-02-03,2024-02-10,,,\n");
    text.push_str("J7,Kim,Vos,2011-01-01,f,,,De Linde,Dieren,GM0275,2024-02-01,huisarts,sleep;slapen,,,,,,,\n");
    let err = import(&mut v, &text).unwrap_err();
    let Error::Import(errors) = err else {
        panic!("{err}")
    };
    let cells: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    for expected in [
        (6, "gender"),
        (6, "bsn"),
        (6, "referral_date"),
        (7, "first_contact_date"),
        (8, "outcome"),
        (9, "referrer"),
        (9, "problem_areas"),
    ] {
        assert!(cells.contains(&expected), "{expected:?} not in {cells:?}");
    }
    for e in &errors {
        assert!(
            !e.message.contains("123456789") && !e.message.contains("Piet"),
            "client data in {e}"
        );
    }
    assert!(
        v.caseload(&CaseloadFilter::default()).unwrap().is_empty(),
        "nothing imported"
    );
    assert!(v.practices().unwrap().is_empty());
}

#[test]
fn refuses_unknown_and_missing_columns_and_non_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let Error::Import(e) =
        import(&mut v, "youth_ref,practice,datum\nA,B,2024-01-01\n").unwrap_err()
    else {
        panic!()
    };
    assert!(e
        .iter()
        .any(|e| e.column == "datum" && e.rule == "unknown_column"));
    assert!(e
        .iter()
        .any(|e| e.column == "referral_date" && e.rule == "missing_column"));
    let latin1 = b"youth_ref,practice,referral_date,given_name\nA,B,2024-01-01,Jos\xe9\n";
    let Error::Import(e) = v.import_csv(&latin1[..], |_| {}).unwrap_err() else {
        panic!()
    };
    assert_eq!(e[0].line, 2);
    assert_eq!(e[0].rule, "csv_invalid");
}

#[test]
fn a_large_file_streams_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let mut text =
        String::from("youth_ref,practice,referral_date,session_dates,closed_date,outcome\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "Y{i},Praktijk {},2023-0{}-1{},2023-0{}-2{},2023-12-01,no_further_care\n",
            i % 7,
            1 + i % 9,
            i % 10,
            1 + i % 9,
            i % 9
        ));
    }
    let mut calls = 0;
    let s = v.import_csv(text.as_bytes(), |_| calls += 1).unwrap();
    assert_eq!(s.trajectories_created, 3000);
    assert!(calls >= 6);
}
