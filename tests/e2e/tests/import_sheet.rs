//! The sheet the worker really has, through the real app's import screen: an
//! Excel workbook (the caseload on its second sheet, dates as date cells) and a
//! CSV as Dutch Excel saves it (Windows-1252 bytes), both by their path. Her
//! name must arrive whole: "Zoë Müller-Çelik".

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use spil_e2e::{App, Result};

const PASSPHRASE: &str = "paard batterij niet plakband";
const NAME: &str = "Zoë Müller-Çelik";

/// A workbook whose first sheet is a note, not the caseload; the caseload is
/// on "Caseload": one youth with a first contact (so she is active).
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let note = book.add_worksheet();
    note.set_name("Uitleg").unwrap();
    note.write_string(0, 0, "Caseload van de OJG").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Caseload").unwrap();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let header = [
        "youth_ref",
        "given_name",
        "family_name",
        "birth_date",
        "bsn",
        "practice",
        "referral_date",
        "first_contact_date",
        "session_dates",
    ];
    for (j, h) in header.iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "X-1").unwrap();
    sheet.write_string(1, 1, "Zoë").unwrap();
    sheet.write_string(1, 2, "Müller-Çelik").unwrap();
    for (col, (y, m, d)) in [(3, (2014, 2, 3)), (6, (2024, 3, 1)), (7, (2024, 3, 4))] {
        let when = ExcelDateTime::from_ymd(y, m, d).unwrap();
        sheet
            .write_datetime_with_format(1, col, &when, &date)
            .unwrap();
    }
    sheet.write_number(1, 4, 111_222_333.0).unwrap();
    sheet.write_string(1, 5, "De Linde").unwrap();
    sheet.write_string(1, 8, "04-03-2024").unwrap();
    book.save_to_buffer().unwrap()
}

/// Opens the file listed in `section` of the overview and checks its name.
async fn open_and_check(app: &App, section: &str) -> Result<()> {
    app.click("#nav-caseload").await?;
    app.wait_for_text(&format!("[data-testid={section}]"), NAME)
        .await?;
    app.click(&format!("[data-testid={section}] button.link"))
        .await?;
    app.wait_for_text("#trajectory-title", NAME).await?;
    Ok(())
}

#[tokio::test]
async fn a_workbook_and_a_windows_csv_arrive_with_her_name_whole() -> Result<()> {
    let app = App::launch("import-sheet").await?;
    app.create_vault(PASSPHRASE).await?;

    app.import_bytes("caseload.xlsx", &workbook(), Some("Caseload"))
        .await?;
    app.wait_for_text("[data-testid=import-done]", "1 rijen")
        .await?;
    app.screenshot("import-xlsx").await?;
    app.assert_accessible("import with a sheet picker").await?;

    // "CSV (gescheiden door lijstscheidingsteken)": semicolons and Windows-1252,
    // written byte by byte (0xEB is ë, 0xFC ü, 0xC7 Ç); no first contact yet.
    let mut csv: Vec<u8> =
        b"youth_ref;given_name;family_name;birth_date;practice;referral_date\r\n".to_vec();
    csv.extend_from_slice(b"C-1;Zo\xeb;M\xfcller-\xc7elik;5-6-2015;De Linde;02-04-2024\r\n");
    app.import_bytes("caseload-excel.csv", &csv, None).await?;
    // Her practice came with the workbook: this summary differs from that one.
    app.wait_for_text("[data-testid=import-done]", "0 nieuwe praktijken")
        .await?;

    open_and_check(&app, "active").await?;
    open_and_check(&app, "waiting").await?;

    // A file that is not there: a clear refusal, nothing lost.
    app.click("#nav-import").await?;
    app.fill("#import-path", "/nergens/caseload.xlsx").await?;
    app.click("[role=form] button.primary").await?;
    app.wait_for_text("[role=alert]", "Er staat geen bestand op dit pad")
        .await?;
    app.close().await
}
