//! The anonymised export on real vaults: every format parses (CSV with Python's csv
//! module), JSON matches the shipped schema, k and l hold, no suppressed cell can
//! be recovered, and nothing stored about a person ever appears in any format.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod caseload;
mod common;
mod tables;

use std::collections::HashMap;
use std::io::Read;

use caseload::{caseload, closed, import, Row};
use chrono::NaiveDate;
use proptest::prelude::*;
use spil_core::export::{ExportFormat, ExportLevel, ExportParams, ExportRecord, K, L};
use spil_core::Vault;

const FORMATS: [ExportFormat; 3] = [ExportFormat::Csv, ExportFormat::Json, ExportFormat::Xlsx];
const LEVELS: [ExportLevel; 2] = [ExportLevel::Records, ExportLevel::Aggregate];

fn params(level: ExportLevel, format: ExportFormat) -> ExportParams {
    ExportParams {
        from: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
        level,
        format,
        granularity: Default::default(),
        profile: Some("groningen".into()),
    }
}

fn export(v: &mut Vault, level: ExportLevel, format: ExportFormat) -> Vec<u8> {
    let mut out = Vec::new();
    v.export(&params(level, format), &mut out, |_| {}).unwrap();
    out
}

/// All text in a file: XLSX is a zip of XML parts, read every one.
fn text(format: ExportFormat, bytes: &[u8]) -> String {
    if format != ExportFormat::Xlsx {
        return String::from_utf8(bytes.to_vec()).unwrap();
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        zip.by_index(i).unwrap().read_to_string(&mut all).unwrap();
    }
    all
}

fn records(doc: &serde_json::Value) -> Vec<ExportRecord> {
    serde_json::from_value(doc["records"].clone()).unwrap()
}

/// Every published attribute someone who knows the child can know, by its JSON name.
const QUASI_IDENTIFIERS: [&str; 16] = [
    "age_band",
    "gender",
    "practice",
    "kern",
    "municipality",
    "region",
    "referral_period",
    "closed_period",
    "referrer",
    "referrer_group",
    "earlier_trajectories",
    "siblings_in_care",
    "family_size",
    "referred_in_period",
    "closed_in_period",
    "status_at_end",
];

/// A plain group-by on the JSON as written: every class has ≥ k records, and every
/// class of closed trajectories ≥ l distinct outcomes.
fn assert_k_anonymous(rs: &[ExportRecord]) {
    let mut classes: HashMap<String, (u64, std::collections::HashSet<String>)> = HashMap::new();
    for r in rs {
        let v = serde_json::to_value(r).unwrap();
        let key: Vec<&serde_json::Value> = QUASI_IDENTIFIERS.iter().map(|q| &v[*q]).collect();
        let e = classes
            .entry(serde_json::to_string(&key).unwrap())
            .or_default();
        e.0 += 1;
        if !v["closed_period"].is_null() {
            e.1.insert(v["outcome"].to_string());
        }
    }
    for (class, (n, outcomes)) in classes {
        assert!(n >= K, "{class} occurs {n} times");
        assert!(
            outcomes.is_empty() || outcomes.len() as u64 >= L,
            "{class}: {outcomes:?}"
        );
    }
}

/// Everything a vault stores that identifies a person, as it may appear in text.
fn identifiers(rows: &[Row]) -> Vec<String> {
    let mut out = Vec::new();
    for r in rows {
        let birth: NaiveDate = r.birth_date.parse().unwrap();
        out.extend([
            r.youth_ref.clone(),
            r.given_name.clone(),
            r.family_name.clone(),
            r.notes.clone(),
            r.birth_date.clone(),
            birth.format("%d-%m-%Y").to_string(),
            r.postcode.clone(),
            r.postcode.replace(' ', ""),
        ]);
        if !r.bsn.is_empty() {
            out.push(r.bsn.clone());
        }
    }
    out
}

/// Python's csv module reads the file: returns (header, number of data rows).
fn python_csv(bytes: &[u8]) -> (Vec<String>, usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(&path, bytes).unwrap();
    let script = "import csv, json, sys\n\
        with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n\
        \x20   rows = list(csv.reader(f, delimiter=';', strict=True))\n\
        assert all(len(r) == len(rows[0]) for r in rows), 'ragged rows'\n\
        print(json.dumps([rows[0], len(rows) - 1]))\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Twenty closed trajectories alike enough to be k-anonymous, with two outcomes so
/// they are 2-diverse, and one rare one.
fn uniform_caseload() -> Vec<Row> {
    let mut rows: Vec<Row> = (0..20)
        .map(|i| {
            let outcome = ["no_further_care", "social_base"][i % 2];
            closed(&format!("U{i}"), outcome)
        })
        .collect();
    rows.push(Row {
        gender: "x".into(),
        birth_date: "2004-02-03".into(),
        ..closed("RARE", "dropped_out")
    });
    rows
}

#[test]
fn every_format_parses_validates_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    import(&mut v, &uniform_caseload());

    let json: serde_json::Value =
        serde_json::from_slice(&export(&mut v, ExportLevel::Records, ExportFormat::Json)).unwrap();
    tables::validate(&json);
    // The schema is strict: a field outside the allow-list does not validate.
    let schema: serde_json::Value = serde_json::from_str(spil_core::export::SCHEMA_V1).unwrap();
    let mut leaky = json.clone();
    leaky["records"][0]["given_name"] = "Sanne".into();
    assert!(!jsonschema::is_valid(&schema, &leaky));
    let rs = records(&json);
    assert_eq!(rs.len(), 20, "the rare trajectory is left out");
    assert_eq!(json["anonymisation"]["suppressed"], 1);
    assert_k_anonymous(&rs);
    assert!(
        rs.iter().all(|r| r.practice.as_deref() == Some("De Linde")),
        "20 ≥ 10: named"
    );
    assert_eq!(rs[0].referral_period, "2023-03");
    assert_eq!(json["anonymisation"]["k_reached"], 20);
    assert_eq!(json["anonymisation"]["l_reached"], 2);
    assert_eq!(rs[0].waiting_weeks, Some(1));

    let csv = export(&mut v, ExportLevel::Records, ExportFormat::Csv);
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let (header, n) = python_csv(&csv);
    assert_eq!(header, spil_core::export::record::COLUMNS);
    assert_eq!(n, 20);

    let agg: serde_json::Value =
        serde_json::from_slice(&export(&mut v, ExportLevel::Aggregate, ExportFormat::Json))
            .unwrap();
    tables::validate(&agg);
    tables::assert_protected(&agg);
    let (header, n) = python_csv(&export(&mut v, ExportLevel::Aggregate, ExportFormat::Csv));
    assert_eq!(
        header,
        [
            "table",
            "row",
            "row_label",
            "column",
            "column_label",
            "value"
        ]
    );
    assert!(n > 50);
    for level in LEVELS {
        let xlsx = export(&mut v, level, ExportFormat::Xlsx);
        assert!(text(ExportFormat::Xlsx, &xlsx).contains("toelichting"));
    }
    let log = v.audit_log(None, 200).unwrap();
    let exports = log.iter().filter(|e| e.action == "export").count();
    assert_eq!(exports, 6);
    assert!(log.iter().any(|e| e.what == "export:records:json"));
}

#[test]
fn the_preview_shows_what_the_export_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    import(&mut v, &uniform_caseload());
    let p = params(ExportLevel::Records, ExportFormat::Json);
    let preview = v.export_preview(&p).unwrap();
    let mut out = Vec::new();
    let mut progress = Vec::new();
    let summary = v.export(&p, &mut out, |p| progress.push(p)).unwrap();
    assert_eq!(preview.records, summary.records);
    assert_eq!(preview.anonymisation, summary.anonymisation);
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let written = records(&json);
    assert_eq!(preview.sample.len(), 20);
    assert_eq!(
        preview.sample[0].referral_period,
        written[0].referral_period
    );
    assert_eq!(progress.last().unwrap().written, 20);
    assert_eq!(summary.bytes, out.len() as u64);
    assert!(preview.fields.iter().any(|f| f.name == "age_band"));
    let agg = v
        .export_preview(&params(ExportLevel::Aggregate, ExportFormat::Csv))
        .unwrap();
    assert!(agg
        .aggregates
        .unwrap()
        .tables
        .iter()
        .any(|t| t.name == "closed_by_region_outcome"));
    // Periods are widened, never narrowed: to whole quarters for aggregates.
    let mut odd = params(ExportLevel::Aggregate, ExportFormat::Json);
    odd.from = NaiveDate::from_ymd_opt(2023, 2, 14).unwrap();
    assert_eq!(odd.months().unwrap().0.to_string(), "2023-01");
    odd.from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    assert!(v.export_preview(&odd).is_err());
}

#[test]
fn two_exports_share_no_pseudonym() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    import(&mut v, &uniform_caseload());
    let p = params(ExportLevel::Records, ExportFormat::Json);
    let one = |v: &mut Vault| -> Vec<ExportRecord> {
        let mut out = Vec::new();
        v.export(&p, &mut out, |_| {}).unwrap();
        records(&serde_json::from_slice(&out).unwrap())
    };
    let (a, b) = (one(&mut v), one(&mut v));
    let preview = v.export_preview(&p).unwrap().sample;
    assert_eq!(a.len(), 20);
    let names = |rs: &[ExportRecord]| -> std::collections::HashSet<String> {
        rs.iter()
            .flat_map(|r| [r.pseudonym.clone(), r.youth.clone(), r.family.clone()])
            .collect()
    };
    assert!(names(&a).is_disjoint(&names(&b)));
    assert!(names(&a).is_disjoint(&names(&preview)));
    // Within one file a youth keeps one pseudonym: unique counts still work.
    assert_eq!(names(&a).len(), 20 * 3);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]

    #[test]
    fn nothing_that_identifies_a_person_leaves(rows in caseload(15, 60)) {
        let dir = tempfile::tempdir().unwrap();
        let mut v = common::create(dir.path());
        import(&mut v, &rows);
        let ids: Vec<String> = v
            .caseload(&spil_core::model::CaseloadFilter { closed_within_days: Some(100_000), ..Default::default() })
            .unwrap()
            .into_iter()
            .flat_map(|r| [r.trajectory_id, r.youth_id])
            .chain(identifiers(&rows))
            .collect();
        for level in LEVELS {
            for format in FORMATS {
                let bytes = export(&mut v, level, format);
                let all = text(format, &bytes);
                for id in &ids {
                    prop_assert!(!all.contains(id.as_str()), "{id} in a {format:?} {level:?} export");
                }
                // The 256-bit pseudonym key (64 hex digits) never leaves either.
                let hex_run = all.as_bytes().split(|b| !b.is_ascii_hexdigit()).map(<[u8]>::len).max();
                prop_assert!(hex_run.unwrap_or(0) < 64);
                if format == ExportFormat::Json {
                    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                    tables::validate(&doc);
                    match level {
                        ExportLevel::Records => assert_k_anonymous(&records(&doc)),
                        ExportLevel::Aggregate => tables::assert_protected(&doc),
                    }
                }
            }
        }
    }
}
