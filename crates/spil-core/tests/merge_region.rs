//! The region file as the app's merge screen makes it: every chosen file checked on
//! its own (a refused file keeps its rule and leaves the others in), the protected
//! figures before writing, and the write: atomic, private, never over an input,
//! recorded in a vault's audit log by counts only. Real encrypted vaults and real
//! files in a temporary folder; the region file is read back with serde_json, not
//! with the code that wrote it.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod caseload;
mod common;

use std::path::{Path, PathBuf};

use caseload::{import, Row};
use serde_json::Value;
use spil_core::export::{merge_files, preview_files, write_region, MergeParams};
use spil_core::Vault;

/// A vault of `n` closed trajectories (two outcomes, so l-diversity holds) and its
/// record export for 2023–2024 written to `dir/name`.
fn export(dir: &Path, prefix: &str, n: usize, name: &str) -> PathBuf {
    let rows: Vec<Row> = (0..n)
        .map(|i| {
            caseload::closed(
                &format!("{prefix}{i}"),
                ["no_further_care", "youth_care_local"][i % 2],
            )
        })
        .collect();
    let vault_dir = dir.join(format!("vault-{prefix}"));
    let mut v = common::create(&vault_dir);
    import(&mut v, &rows);
    let path = dir.join(name);
    std::fs::write(&path, common::records_json(&mut v)).unwrap();
    path
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Records in an export, counted from its JSON.
fn records_in(path: &Path) -> u64 {
    json(path)["records"].as_array().unwrap().len() as u64
}

#[test]
fn a_refused_file_keeps_its_rule_and_the_others_are_merged() {
    let tmp = tempfile::tempdir().unwrap();
    let a = export(tmp.path(), "A", 12, "a.json");
    let b = export(tmp.path(), "B", 14, "b.json");
    let not_json = tmp.path().join("notes.json");
    std::fs::write(&not_json, "dit is geen json").unwrap();
    let missing = tmp.path().join("weg.json");
    let folder = tmp.path().join("map");
    std::fs::create_dir(&folder).unwrap();
    let paths = vec![a.clone(), not_json, b.clone(), a.clone(), missing, folder];
    let preview = preview_files(&paths, &MergeParams::default()).unwrap();

    let rules: Vec<Option<&str>> = preview
        .files
        .iter()
        .map(|f| f.refused.as_ref().map(|r| r.rule.code()))
        .collect();
    assert_eq!(
        rules,
        [
            None,
            Some("not_json"),
            None,
            Some("duplicate_export"),
            Some("file_missing"),
            Some("not_a_file"),
        ]
    );
    // Every file is listed as given, named without its folder.
    let names: Vec<&str> = preview.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "a.json",
            "notes.json",
            "b.json",
            "a.json",
            "weg.json",
            "map"
        ]
    );
    let first = &preview.files[0];
    assert_eq!(first.records, Some(records_in(&a)));
    assert_eq!(
        first.export_id.as_deref(),
        json(&a)["export_id"].as_str(),
        "the export id as the file has it"
    );
    assert_eq!(
        (
            first.from.unwrap().to_string(),
            first.to.unwrap().to_string()
        ),
        ("2023-01".to_owned(), "2024-12".to_owned())
    );
    // The repeat was read (its contents are known) and refused for fitting badly.
    assert_eq!(preview.files[3].records, first.records);

    let region = preview.region.expect("two files were accepted");
    assert_eq!(region.files, 2);
    assert_eq!(region.records, records_in(&a) + records_in(&b));
    assert!(!region.aggregates.tables.is_empty());
    // No refused file: nothing to show but the list.
    let none = preview_files(&[tmp.path().join("weg.json")], &MergeParams::default()).unwrap();
    assert!(none.region.is_none());
    assert_eq!(none.files.len(), 1);
}

#[test]
fn a_file_of_another_period_or_the_same_trajectories_is_refused_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let a = export(tmp.path(), "A", 12, "a.json");
    let mut other = json(&a);
    other["export_id"] = "a-copy".into();
    let copy = tmp.path().join("copy.json");
    std::fs::write(&copy, serde_json::to_vec(&other).unwrap()).unwrap();
    other["export_id"] = "another-period".into();
    other["to"] = "2024-06".into();
    let shorter = tmp.path().join("shorter.json");
    std::fs::write(&shorter, serde_json::to_vec(&other).unwrap()).unwrap();
    let preview = preview_files(&[a, copy, shorter], &MergeParams::default()).unwrap();
    let rules: Vec<Option<&str>> = preview
        .files
        .iter()
        .map(|f| f.refused.as_ref().map(|r| r.rule.code()))
        .collect();
    assert_eq!(
        rules,
        [None, Some("duplicate_records"), Some("period_mismatch")]
    );
    assert_eq!(preview.region.unwrap().files, 1);
}

#[test]
fn the_region_file_is_written_whole_private_and_never_over_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let a = export(tmp.path(), "A", 12, "a.json");
    let b = export(tmp.path(), "B", 14, "b.json");
    let inputs = vec![a.clone(), b.clone()];
    let region = merge_files(&inputs, &MergeParams::default()).unwrap();
    let out_dir = tmp.path().join("regio");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("regio.json");
    let written = write_region(&region, &out, &inputs).unwrap();
    assert_eq!((written.files, written.records), (2, 26));
    assert_eq!(written.bytes, std::fs::metadata(&out).unwrap().len());

    // Read back by serde_json: two sources, their records the inputs' own counts,
    // only protected figures (no unprotected report).
    let file = json(&out);
    assert_eq!(file["format"], "spil-region");
    let sources = file["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2);
    let counted: u64 = sources.iter().map(|s| s["records"].as_u64().unwrap()).sum();
    assert_eq!(counted, records_in(&a) + records_in(&b));
    assert!(file.get("report").is_none());
    assert_eq!(sources[0]["name"], "a.json", "no folder in the region file");
    // 26 referrals in 2023, published rounded to a multiple of 5.
    let by_period = file["aggregate"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "referrals_by_period")
        .unwrap();
    assert_eq!(by_period["total"], 25);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
    }
    // Nothing else was left beside it (no temporary file).
    let left: Vec<_> = std::fs::read_dir(&out_dir).unwrap().collect();
    assert_eq!(left.len(), 1);

    // Over an existing region file: replaced whole.
    std::fs::write(&out, "oud").unwrap();
    write_region(&region, &out, &inputs).unwrap();
    assert_eq!(json(&out)["format"], "spil-region");

    // Over an input, also by another spelling of its path: refused, input untouched.
    let before = std::fs::read(&b).unwrap();
    let same = tmp.path().join("regio/../b.json");
    for target in [b.clone(), same] {
        match write_region(&region, &target, &inputs) {
            Err(spil_core::Error::Invalid(i)) => assert_eq!(i.rule, "overwrites_input"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(std::fs::read(&b).unwrap(), before);
}

#[test]
fn merging_files_refuses_the_whole_merge_on_any_bad_file() {
    let tmp = tempfile::tempdir().unwrap();
    let a = export(tmp.path(), "A", 12, "a.json");
    let bad = tmp.path().join("bad.json");
    std::fs::write(&bad, "{}").unwrap();
    match merge_files(&[a, bad], &MergeParams::default()) {
        Err(spil_core::Error::Invalid(i)) => {
            assert_eq!(
                (i.rule.code(), i.field.as_str()),
                ("not_spil_export", "bad.json")
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_merge_is_recorded_in_the_vault_by_counts_only() {
    let tmp = tempfile::tempdir().unwrap();
    let a = export(tmp.path(), "A", 12, "a-geheim-pad.json");
    let region = merge_files(std::slice::from_ref(&a), &MergeParams::default()).unwrap();
    let written = write_region(&region, &tmp.path().join("regio.json"), &[a]).unwrap();
    let vault_dir = tmp.path().join("coordinator");
    let mut v: Vault = common::create(&vault_dir);
    v.record_region_merge(&written).unwrap();
    let log = v.audit_log(None, 5).unwrap();
    let event = log
        .iter()
        .find(|e| e.what.starts_with("region_merge"))
        .expect("a region_merge event");
    assert_eq!(event.action, "export");
    assert_eq!(event.what, "region_merge:files=1,records=12");
    assert!(!event.what.contains("geheim") && !event.what.contains('/'));
}

#[test]
fn exports_whose_records_were_all_suppressed_still_merge() {
    let tmp = tempfile::tempdir().unwrap();
    // Two trajectories: too few for k = 5, so the export holds no records.
    let a = export(tmp.path(), "A", 2, "a.json");
    assert_eq!(records_in(&a), 0);
    let preview = preview_files(std::slice::from_ref(&a), &MergeParams::default()).unwrap();
    let region = preview.region.expect("an empty export is still an export");
    assert_eq!((region.files, region.records), (1, 0));
    let merged = merge_files(std::slice::from_ref(&a), &MergeParams::default()).unwrap();
    write_region(&merged, &tmp.path().join("regio.json"), &[a]).unwrap();
}
