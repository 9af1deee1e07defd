//! The CSV import contract: all or nothing, every bad cell named, idempotent,
//! comma or semicolon, with or without BOM, and the sheet as Dutch Excel writes it
//! (Windows-1252, day-first dates, Dutch labels).

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use spil_core::model::{CaseloadFilter, Status, StatusFilter};
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
    text.push_str("J7,Kim,Vos,2011-01-01,f,,,De Linde,Dieren,GM0275,2024-02-01,buurvrouw,sleep;zwemmen,,,,,,,\n");
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
fn refuses_unknown_and_missing_columns() {
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
}

/// Names of the youths in the vault, as stored.
fn names(v: &mut spil_core::Vault) -> Vec<String> {
    let mut names: Vec<String> = v
        .find_youths("")
        .unwrap()
        .into_iter()
        .map(|y| {
            format!(
                "{} {}",
                y.given_name.unwrap_or_default(),
                y.family_name.unwrap_or_default()
            )
        })
        .collect();
    names.sort();
    names
}

#[test]
fn the_sheet_as_dutch_excel_saves_it() {
    // "CSV (gescheiden door lijstscheidingsteken)": semicolons, CRLF, Windows-1252
    // bytes (written out by hand: 0xEB is ë, 0xFC ü, 0xC7 Ç), day-first dates
    // without leading zeros, and the labels the worker sees instead of codes.
    let mut sheet: Vec<u8> = Vec::new();
    sheet.extend_from_slice(b"youth_ref;given_name;family_name;birth_date;gender;practice;referral_date;referrer;problem_areas;first_contact_date;session_dates;closed_date;outcome\r\n");
    sheet.extend_from_slice(b"Z1;Zo\xeb;M\xfcller-\xc7elik;3-2-2014;v;De Linde;5-1-2024;huisarts;slapen;08-01-2024;08-01-2024;01-02-2024;no_further_care\r\n");
    sheet.extend_from_slice(b"Z2;Jos\xe9;Smit;2012-05-17;jongen;De Linde;2024-01-10;School;\"druk gedrag, concentratie\";;;;\r\n");
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let s = v.import_csv(&sheet[..], |_| {});
    let s = match s {
        Ok(s) => s,
        Err(Error::Import(rows)) => panic!("refused: {rows:?}"),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(s.trajectories_created, 2);
    assert_eq!(names(&mut v), ["José Smit", "Zoë Müller-Çelik"]);
}

#[test]
fn utf16_and_tabs_as_excel_unicode_text() {
    let text =
        "youth_ref\tgiven_name\tpractice\treferral_date\r\nU1\tZoë\tDe Linde\t05-01-2024\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    v.import_csv(&bytes[..], |_| {}).unwrap();
    assert_eq!(names(&mut v), ["Zoë "]);
}

#[test]
fn a_reference_reused_for_another_child_is_an_error_on_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    import(
        &mut v,
        "youth_ref,given_name,family_name,birth_date,practice,referral_date\nR1,Sanne,Jansen,2012-05-17,De Linde,2024-01-10\n",
    )
    .unwrap();
    // The same child again (case and spaces aside): a new trajectory for her.
    let same = import(
        &mut v,
        "youth_ref,given_name,family_name,birth_date,practice,referral_date\nR1, sanne ,JANSEN,17-05-2012,De Linde,2024-06-01\n",
    )
    .unwrap();
    assert_eq!((same.trajectories_created, same.youths_created), (1, 0));
    // Another child under R1, in the vault and within one file: both refused by row.
    let Error::Import(rows) = import(
        &mut v,
        "youth_ref,given_name,family_name,birth_date,practice,referral_date\nR2,Kim,Vos,2011-01-01,De Linde,2024-02-01\nR1,Daan,Bakker,2009-11-02,De Linde,2024-02-01\nR2,Kim,Vos,2011-03-01,De Linde,2024-03-01\n",
    )
    .unwrap_err() else {
        panic!()
    };
    let found: Vec<(u64, &str, String)> = rows
        .iter()
        .map(|r| (r.line, r.column.as_str(), r.rule.to_string()))
        .collect();
    assert_eq!(
        found,
        [
            (3, "youth_ref", "youth_ref_taken".to_owned()),
            (4, "youth_ref", "youth_ref_taken".to_owned())
        ]
    );
    assert_eq!(
        names(&mut v),
        ["Sanne Jansen"],
        "nothing of that file went in"
    );
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
    let mut seen = Vec::new();
    let s = v
        .import_csv(text.as_bytes(), |p| seen.push((p.rows, p.rows_total)))
        .unwrap();
    assert_eq!(s.trajectories_created, 3000);
    assert!(seen.len() >= 6);
    assert!(seen.iter().all(|&(_, total)| total == 3000));
    assert_eq!(seen.last(), Some(&(3000, 3000)));
}

#[test]
fn a_file_closed_years_ago_is_found_with_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    import(
        &mut v,
        "youth_ref,given_name,practice,referral_date,first_contact_date,session_dates,closed_date,outcome\n\
         OLD,Oud,De Linde,2021-02-01,2021-02-03,2021-02-03,2021-03-01,no_further_care\n\
         NEW,Nieuw,De Linde,2024-02-01,,,,\n",
    )
    .unwrap();
    let refs = |f: CaseloadFilter, v: &mut spil_core::Vault| -> Vec<String> {
        let mut r: Vec<String> = v
            .caseload(&f)
            .unwrap()
            .into_iter()
            .filter_map(|r| r.youth_ref)
            .collect();
        r.sort();
        r
    };
    assert_eq!(refs(CaseloadFilter::default(), &mut v), ["NEW"]);
    let all = CaseloadFilter {
        all: true,
        ..Default::default()
    };
    assert_eq!(refs(all.clone(), &mut v), ["NEW", "OLD"]);
    let old = CaseloadFilter {
        year: Some(2021),
        ..all.clone()
    };
    assert_eq!(refs(old, &mut v), ["OLD"]);
    let closed = CaseloadFilter {
        status: Some(StatusFilter::Closed),
        search: Some("oud".into()),
        ..all
    };
    assert_eq!(refs(closed, &mut v), ["OLD"]);
}
