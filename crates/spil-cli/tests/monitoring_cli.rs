//! `spil report`, `spil export` and `spil merge` end to end, through the binary.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ok, s, spil};

/// Twelve closed trajectories, alike enough to pass k-anonymity.
fn caseload(prefix: &str) -> String {
    let mut csv = String::from(
        "youth_ref,given_name,birth_date,gender,practice,kern,municipality_code,referral_date,referrer,first_contact_date,session_dates,closed_date,outcome\n",
    );
    for i in 0..12 {
        let outcome = if i < 5 {
            "no_further_care"
        } else {
            "youth_care_local"
        };
        csv.push_str(&format!(
            "{prefix}{i},Sanne,2012-05-17,f,De Linde,Dieren,GM0275,2024-03-01,gp,2024-03-08,2024-03-08;2024-03-15,2024-04-30,{outcome}\n"
        ));
    }
    csv
}

#[test]
fn report_export_and_merge_through_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let p = |name: &str| tmp.path().join(name);
    for (vault, prefix) in [("a", "A"), ("b", "B")] {
        std::fs::write(p(&format!("{vault}.csv")), caseload(prefix)).unwrap();
        ok(&["init", "--vault", s(&p(vault))]);
        ok(&[
            "import",
            "--vault",
            s(&p(vault)),
            s(&p(&format!("{vault}.csv"))),
        ]);
    }
    let table = ok(&[
        "report",
        "--vault",
        s(&p("a")),
        "--by",
        "kern",
        "--profile",
        "gelderland-midden",
    ]);
    assert!(
        table.contains("Aanmeldingen") && table.contains("Dieren"),
        "{table}"
    );
    assert!(
        table.contains("€ 2.414"),
        "the parameters are printed: {table}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "report",
        "--vault",
        s(&p("a")),
        "--json",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
    ]))
    .unwrap();
    assert_eq!(json["overall"]["closed"], 12);

    let range = ["--from", "2024-01-01", "--to", "2024-12-31"];
    for (vault, out) in [("a", "a.json"), ("b", "b.json")] {
        let dir = p(vault);
        let mut args = vec!["export", "--vault", s(&dir)];
        args.extend(range);
        let file = p(out);
        args.extend(["--out", s(&file), "--level", "records"]);
        assert!(ok(&args).contains("12 records"));
    }
    for out in ["agg.csv", "agg.xlsx"] {
        let dir = p("a");
        let mut args = vec!["export", "--vault", s(&dir)];
        args.extend(range);
        let file = p(out);
        args.extend(["--out", s(&file)]);
        ok(&args);
        assert!(std::fs::metadata(&file).unwrap().len() > 0);
    }
    let summary = ok(&[
        "merge",
        s(&p("a.json")),
        s(&p("b.json")),
        "--out",
        s(&p("region.json")),
        "--profile",
        "groningen",
    ]);
    assert!(summary.contains("24 records"), "{summary}");
    let region: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p("region.json")).unwrap()).unwrap();
    // Only protected figures: no unprotected report, counts rounded (24 -> 25).
    assert!(region.get("report").is_none(), "{region}");
    let by_period = region["aggregate"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "referrals_by_period")
        .unwrap();
    assert_eq!(by_period["total"], 25);
    // The same export twice is refused with a one-line error and a non-zero status.
    let twice = spil(&[
        "merge",
        s(&p("a.json")),
        s(&p("a.json")),
        "--out",
        s(&p("x.json")),
    ]);
    assert!(!twice.status.success());
    assert!(String::from_utf8_lossy(&twice.stderr).contains("same export"));
}

/// A practice named as a spreadsheet formula is written as text, never as a formula.
#[test]
fn a_formula_in_a_practice_name_stays_text() {
    let tmp = tempfile::tempdir().unwrap();
    let p = |name: &str| tmp.path().join(name);
    let evil = "=HYPERLINK(\"https://example.org\",\"klik\")";
    let csv = caseload("E").replace("De Linde", &format!("\"{}\"", evil.replace('"', "\"\"")));
    std::fs::write(p("e.csv"), csv).unwrap();
    ok(&["init", "--vault", s(&p("v"))]);
    ok(&["import", "--vault", s(&p("v")), s(&p("e.csv"))]);
    let (text, fields) = export_2024_csv(&p("v"), &p("agg.csv"), "aggregate");
    let mut named = false;
    for field in &fields {
        assert!(
            !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell starts like a formula: {field:?}"
        );
        named |= *field == format!("'{evil}");
    }
    assert!(named, "the practice is named, as text: {text}");

    // The record export writes practice, kern and municipality as text cells too.
    let (_, fields) = export_2024_csv(&p("v"), &p("records.csv"), "records");
    for field in &fields {
        assert!(
            !field.starts_with(['=', '+', '@', '\t', '\r']),
            "a record cell starts like a formula: {field:?}"
        );
    }
}

/// Exports 2024 from `vault` at `level` as CSV to `out`; the file's text and every
/// cell of its rows under the header.
fn export_2024_csv(
    vault: &std::path::Path,
    out: &std::path::Path,
    level: &str,
) -> (String, Vec<String>) {
    ok(&[
        "export",
        "--vault",
        s(vault),
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--level",
        level,
        "--out",
        s(out),
    ]);
    let text = std::fs::read_to_string(out).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let fields = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    (text, fields)
}
