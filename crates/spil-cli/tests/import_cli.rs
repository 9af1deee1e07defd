//! `spil import` of an Excel workbook through the binary: the first sheet by
//! default, another by `--sheet`, and a one-line error for a sheet that is not there.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ok, s, spil};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const HEADER: [&str; 6] = [
    "youth_ref",
    "given_name",
    "family_name",
    "bsn",
    "practice",
    "referral_date",
];

/// Two sheets, one youth on each; the BSN a number cell, the date a date cell.
fn workbook() -> Vec<u8> {
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let mut book = Workbook::new();
    for (name, row) in [
        ("Huidig", ("H1", "Zoë", "Müller-Çelik", 111_222_333.0)),
        ("Oud", ("O1", "José", "Smit", 12_345_672.0)),
    ] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (j, h) in HEADER.iter().enumerate() {
            sheet.write_string(0, j as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, row.0).unwrap();
        sheet.write_string(1, 1, row.1).unwrap();
        sheet.write_string(1, 2, row.2).unwrap();
        sheet.write_number(1, 3, row.3).unwrap();
        sheet.write_string(1, 4, "De Linde").unwrap();
        let d = ExcelDateTime::from_ymd(2024, 3, 1).unwrap();
        sheet.write_datetime_with_format(1, 5, &d, &date).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn import_a_workbook_and_pick_its_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("kluis");
    let book = tmp.path().join("caseload.xlsx");
    std::fs::write(&book, workbook()).unwrap();
    ok(&["init", "--vault", s(&vault)]);

    let said = ok(&["import", "--vault", s(&vault), s(&book), "--sheet", "Oud"]);
    assert!(said.starts_with("1 rows: 1 trajectories"), "{said}");
    let list = ok(&["list", "--vault", s(&vault), "--json", "--all"]);
    assert!(list.contains("José") && !list.contains("Zoë"), "{list}");

    ok(&["import", "--vault", s(&vault), s(&book)]);
    let list = ok(&["list", "--vault", s(&vault), "--json", "--all"]);
    assert!(
        list.contains("Zoë") && list.contains("Müller-Çelik"),
        "{list}"
    );

    let out = spil(&["import", "--vault", s(&vault), s(&book), "--sheet", "Blad1"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no sheet by this name"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    let csv = tmp.path().join("caseload.csv");
    std::fs::write(
        &csv,
        "youth_ref,practice,referral_date\nC1,De Linde,2024-03-01\n",
    )
    .unwrap();
    let out = spil(&["import", "--vault", s(&vault), s(&csv), "--sheet", "Oud"]);
    assert!(!out.status.success());
    let list = ok(&["list", "--vault", s(&vault), "--json", "--all"]);
    assert!(!list.contains("C1"), "nothing of the refused file: {list}");
}
