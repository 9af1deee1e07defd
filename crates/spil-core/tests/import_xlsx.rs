//! The caseload as an Excel workbook: real `.xlsx` files, written here by another
//! library than the one Spil reads them with (rust_xlsxwriter writes, calamine
//! reads), so a date cell, a number cell and a name each cross a real file
//! format. Then the refusals: a damaged workbook, a password, an unknown sheet,
//! a file that is no sheet at all, a missing file; each imports nothing.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use spil_core::model::CaseloadFilter;
use spil_core::{Error, Vault};

const HEADER: [&str; 13] = [
    "youth_ref",
    "given_name",
    "family_name",
    "birth_date",
    "gender",
    "bsn",
    "practice",
    "referral_date",
    "referrer",
    "session_dates",
    "closed_date",
    "outcome",
    "satisfaction",
];

/// A cell as the worker typed it: text, a number, or a date (a date cell).
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Date(u16, u8, u8),
    Blank,
}
use Cell::{Blank, Date, Number, Text};

fn write_sheet(sheet: &mut Worksheet, rows: &[Vec<Cell>]) {
    let date = Format::new().set_num_format("dd-mm-yyyy");
    for (j, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (j, cell) in row.iter().enumerate() {
            let c = j as u16;
            match cell {
                Text(s) => {
                    sheet.write_string(r, c, *s).unwrap();
                }
                Number(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Date(y, m, d) => {
                    let d = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet.write_datetime_with_format(r, c, &d, &date).unwrap();
                }
                Blank => {}
            }
        }
    }
}

/// A workbook of two sheets: "Caseload 2024" (first) and "Oud".
fn workbook(first: &[Vec<Cell>], second: &[Vec<Cell>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Caseload 2024").unwrap();
    write_sheet(sheet, first);
    // Formatted but empty cells below the data: Excel keeps them in the used
    // range, and the import must not count them as rows.
    let grey = Format::new().set_background_color(rust_xlsxwriter::Color::Gray);
    for r in 10..14 {
        sheet.write_blank(r, 0, &grey).unwrap();
    }
    let old = book.add_worksheet();
    old.set_name("Oud").unwrap();
    write_sheet(old, second);
    book.save_to_buffer().unwrap()
}

fn zoe() -> Vec<Cell<'static>> {
    vec![
        Text("Z1"),
        Text("Zoë"),
        Text("Müller-Çelik"),
        Date(2014, 2, 3),
        Text("meisje"),
        Number(111_222_333.0),
        Text("De Linde"),
        Date(2024, 1, 5),
        Text("huisarts"),
        Text("08-01-2024;22-01-2024"),
        Date(2024, 2, 1),
        Text("no_further_care"),
        Number(8.0),
    ]
}

fn daan() -> Vec<Cell<'static>> {
    vec![
        Text("D1"),
        Text("Daan"),
        Text("Bakker"),
        Date(2009, 11, 2),
        Text("m"),
        // A BSN starting with 0, typed as a number: Excel drops the zero.
        Number(12_345_672.0),
        Text("Het Anker"),
        Date(2023, 3, 1),
        Text("school"),
        Blank,
        Blank,
        Blank,
        Blank,
    ]
}

fn everything(v: &mut Vault) -> Vec<spil_core::model::TrajectoryDetail> {
    let rows = v
        .caseload(&CaseloadFilter {
            closed_within_days: Some(100_000),
            ..Default::default()
        })
        .unwrap();
    let mut all: Vec<_> = rows
        .iter()
        .map(|r| v.trajectory(&r.trajectory_id).unwrap())
        .collect();
    all.sort_by(|a, b| a.youth.youth_ref.cmp(&b.youth.youth_ref));
    all
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn rule_of(e: &Error) -> String {
    match e {
        Error::Invalid(i) => i.rule.to_string(),
        other => panic!("not a rule error: {other}"),
    }
}

#[test]
fn the_first_sheet_by_default_with_dates_numbers_and_names_as_typed() {
    let bytes = workbook(&[zoe()], &[daan()]);
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let s = v.import_xlsx(&bytes, None, |_| {}).unwrap();
    assert_eq!(
        (s.rows, s.trajectories_created),
        (1, 1),
        "blank rows are no rows"
    );
    let all = everything(&mut v);
    let t = &all[0];
    assert_eq!(t.youth.given_name.as_deref(), Some("Zoë"));
    assert_eq!(t.youth.family_name.as_deref(), Some("Müller-Çelik"));
    assert_eq!(t.youth.birth_date, Some(date(2014, 2, 3)));
    assert_eq!(t.youth.bsn.as_deref(), Some("111222333"));
    assert_eq!(t.referral_date, date(2024, 1, 5));
    assert_eq!(t.satisfaction, Some(8));
    assert_eq!(t.closed_date, Some(date(2024, 2, 1)));

    // The other sheet by its name; importing the first again adds nothing.
    let s = v.import_xlsx(&bytes, Some("Oud"), |_| {}).unwrap();
    assert_eq!(s.trajectories_created, 1);
    let again = v.import_xlsx(&bytes, None, |_| {}).unwrap();
    assert_eq!(again.already_present, 1);
    let all = everything(&mut v);
    assert_eq!(all.len(), 2);
    let d = &all[0];
    assert_eq!(d.youth.youth_ref.as_deref(), Some("D1"));
    assert_eq!(d.youth.bsn.as_deref(), Some("012345672"), "its zero back");
    assert_eq!(d.youth.birth_date, Some(date(2009, 11, 2)));
    assert_eq!(d.referral_date, date(2023, 3, 1));
}

#[test]
fn a_file_is_told_by_its_bytes_not_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    // A workbook saved under a .csv name, and a CSV under an .xlsx name.
    let book = files.path().join("caseload.csv");
    std::fs::write(&book, workbook(&[zoe()], &[daan()])).unwrap();
    let text = files.path().join("caseload.xlsx");
    std::fs::write(
        &text,
        b"youth_ref;given_name;practice;referral_date\r\nC1;Jos\xe9;De Linde;05-01-2024\r\n",
    )
    .unwrap();
    assert_eq!(
        spil_core::import::sheet_names(&book).unwrap(),
        ["Caseload 2024", "Oud"]
    );
    assert!(spil_core::import::sheet_names(&text).unwrap().is_empty());
    let mut v = common::create(dir.path());
    v.import_file(&book, Some("Oud"), |_| {}).unwrap();
    v.import_file(&text, None, |_| {}).unwrap();
    let refs: Vec<_> = everything(&mut v)
        .into_iter()
        .map(|t| (t.youth.youth_ref.unwrap(), t.youth.given_name.unwrap()))
        .collect();
    assert_eq!(
        refs,
        [("C1".into(), "José".into()), ("D1".into(), "Daan".into())]
    );
}

#[test]
fn a_bad_cell_is_named_by_excels_row_and_the_column_header() {
    let mut bad = zoe();
    bad[0] = Text("Z2");
    bad[4] = Text("q");
    bad[7] = Text("31-02-2024");
    let bytes = workbook(&[zoe(), daan(), bad], &[]);
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let Error::Import(rows) = v.import_xlsx(&bytes, None, |_| {}).unwrap_err() else {
        panic!("not an import error")
    };
    let mut cells: Vec<(u64, &str)> = rows.iter().map(|e| (e.line, e.column.as_str())).collect();
    cells.sort();
    assert_eq!(cells, [(4, "gender"), (4, "referral_date")]);
    for e in &rows {
        assert!(!e.message.contains("Zoë") && !e.message.contains("111222333"));
    }
    assert!(everything(&mut v).is_empty(), "nothing imported");
}

#[test]
fn what_cannot_be_read_is_refused_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let good = workbook(&[zoe()], &[]);

    // Cut short, as a broken download or a full USB stick leaves it.
    let cut = &good[..good.len() / 2];
    assert_eq!(
        rule_of(&v.import_xlsx(cut, None, |_| {}).unwrap_err()),
        "workbook_unreadable"
    );
    // A zip archive that is not a workbook.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("notes.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"not a workbook").unwrap();
    let not_a_book = zip.finish().unwrap().into_inner();
    let at = |name: &str, bytes: &[u8]| {
        let p = files.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let mut import = |p: &std::path::Path, sheet: Option<&str>| {
        rule_of(&v.import_file(p, sheet, |_| {}).unwrap_err())
    };
    assert_eq!(
        import(&at("a.xlsx", &not_a_book), None),
        "workbook_unreadable"
    );
    // A password-protected workbook: a compound file holding "EncryptionInfo".
    let mut protected = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    protected.extend(vec![0u8; 500]);
    protected.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    protected.extend(vec![0u8; 500]);
    assert_eq!(
        import(&at("b.xlsx", &protected), None),
        "workbook_protected"
    );
    // The same compound file without it: an Excel 97-2003 .xls.
    assert_eq!(import(&at("c.xls", &protected[..508]), None), "not_a_sheet");
    assert_eq!(
        import(&at("d.csv", b"%PDF-1.7\n1 0 obj\n"), None),
        "not_a_sheet"
    );
    assert_eq!(
        import(&at("e.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), None),
        "not_a_sheet"
    );
    assert_eq!(import(&at("f.xlsx", &good), Some("Blad9")), "unknown_sheet");
    assert_eq!(
        import(&files.path().join("er-niet.xlsx"), None),
        "file_missing"
    );
    assert_eq!(import(files.path(), None), "not_a_file");
    assert!(everything(&mut v).is_empty(), "nothing imported");
}
