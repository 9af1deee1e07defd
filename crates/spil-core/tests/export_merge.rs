//! The regional merge: the report over merged record exports equals the report over
//! the union of the caseloads (up to what the exports generalised), and bad or
//! repeated inputs are refused.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod caseload;
mod common;
mod tables;

use caseload::{caseload, import, Row};
use chrono::NaiveDate;
use proptest::prelude::*;
use spil_core::export::{merge, Attribute, MergeParams};
use spil_core::report::{Count, Figures, ReportParams};
use spil_core::Vault;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn vault_with(rows: &[Row]) -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    import(&mut v, rows);
    (dir, v)
}

fn inputs(files: &[(&str, &[u8])]) -> Vec<(String, std::io::Cursor<Vec<u8>>)> {
    files
        .iter()
        .map(|(n, b)| (n.to_string(), std::io::Cursor::new(b.to_vec())))
        .collect()
}

fn counts(list: &[Count]) -> Vec<(String, u64)> {
    list.iter().map(|c| (c.code.clone(), c.count)).collect()
}

/// Merged ≤ union per value, and the difference all went to "unknown".
fn generalised(merged: &[Count], union: &[Count]) -> bool {
    let total = |l: &[Count]| l.iter().map(|c| c.count).sum::<u64>();
    total(merged) == total(union)
        && merged.iter().filter(|c| c.code != "unknown").all(|m| {
            union
                .iter()
                .find(|u| u.code == m.code)
                .is_some_and(|u| m.count <= u.count)
        })
}

fn compare(m: &Figures, u: &Figures, gen_outcome: bool, gen_age: bool, gen_gender: bool) {
    assert_eq!(
        (m.referrals, m.unique_youths, m.families, m.closed),
        (u.referrals, u.unique_youths, u.families, u.closed)
    );
    assert_eq!(
        (m.waiting_at_end, m.active_at_end),
        (u.waiting_at_end, u.active_at_end)
    );
    assert_eq!(m.conversations, u.conversations);
    assert_eq!(
        (counts(&m.referrers), counts(&m.problem_areas)),
        (counts(&u.referrers), counts(&u.problem_areas))
    );
    assert_eq!(counts(&m.triage), counts(&u.triage));
    assert_eq!(
        (m.satisfaction.clone(), m.recurrence.clone()),
        (u.satisfaction.clone(), u.recurrence.clone())
    );
    // Weeks, not days, leave the laptop: time figures agree to the week.
    for (a, b) in [
        (&m.waiting_days, &u.waiting_days),
        (&m.duration_days, &u.duration_days),
    ] {
        assert_eq!(a.n, b.n);
        if let (Some(x), Some(y)) = (a.median, b.median) {
            assert!(y - x >= 0.0 && y - x < 7.0, "median {x} vs {y}");
        }
    }
    for (gen, a, b) in [
        (gen_outcome, &m.outcomes, &u.outcomes),
        (gen_age, &m.age_bands, &u.age_bands),
        (gen_gender, &m.genders, &u.genders),
    ] {
        if gen {
            assert!(generalised(a, b), "{a:?} vs {b:?}");
        } else {
            assert_eq!(
                counts(a)
                    .into_iter()
                    .filter(|c| c.1 > 0)
                    .collect::<Vec<_>>(),
                counts(b)
                    .into_iter()
                    .filter(|c| c.1 > 0)
                    .collect::<Vec<_>>()
            );
        }
    }
    if !gen_outcome {
        assert!((m.savings.estimate_eur - u.savings.estimate_eur).abs() < 1e-6);
    }
}

fn prefixed(rows: Vec<Row>, prefix: &str) -> Vec<Row> {
    rows.into_iter()
        .map(|r| Row {
            youth_ref: format!("{prefix}{}", r.youth_ref),
            ..r
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3))]

    #[test]
    fn merged_report_equals_the_report_over_the_union(a in caseload(20, 50), b in caseload(20, 50)) {
        let (a, b) = (prefixed(a, "A"), prefixed(b, "B"));
        let (_da, mut va) = vault_with(&a);
        let (_db, mut vb) = vault_with(&b);
        let union: Vec<Row> = a.iter().chain(&b).cloned().collect();
        let (_du, mut vu) = vault_with(&union);
        let (ea, eb) = (common::records_json(&mut va), common::records_json(&mut vb));
        let region = merge(inputs(&[("a.json", &ea), ("b.json", &eb)]), &MergeParams::default()).unwrap();
        let expected = vu
            .report(&ReportParams { from: Some(d("2023-01-01")), to: Some(d("2024-12-31")), ..Default::default() })
            .unwrap();
        let an: Vec<_> = region.sources.iter().map(|s| s.anonymisation.clone().unwrap()).collect();
        let suppressed = an.iter().map(|x| x.suppressed).sum::<u64>() + region.anonymisation.suppressed;
        // The merged records are re-protected: never below any input's level.
        let merged = region.anonymisation.node();
        for a in &an {
            prop_assert!(a.node().iter().zip(merged).all(|(x, m)| *x <= m));
        }
        let level = |attribute: Attribute| {
            region.anonymisation.generalisation.iter().find(|g| g.attribute == attribute).unwrap().level.clone()
        };
        if suppressed == 0 {
            compare(
                &region.report.overall,
                &expected.overall,
                false,
                level(Attribute::AgeBand) != "band",
                level(Attribute::Gender) != "shown",
            );
        } else {
            prop_assert!(region.report.overall.referrals <= expected.overall.referrals);
        }
        let aggregate = serde_json::to_value(&region.aggregate).unwrap();
        tables::validate(&aggregate);
        tables::assert_protected(&aggregate);
    }
}

#[test]
fn refuses_repeats_other_versions_and_mixed_periods() {
    let rows: Vec<Row> = (0..12)
        .map(|i| caseload::closed(&format!("M{i}"), ["no_further_care", "social_base"][i % 2]))
        .collect();
    let (_d, mut v) = vault_with(&rows);
    let one = common::records_json(&mut v);
    let rule = |files: &[(&str, &[u8])]| match merge(inputs(files), &MergeParams::default()) {
        Err(spil_core::Error::Invalid(i)) => i.rule,
        other => panic!("{other:?}"),
    };
    assert_eq!(rule(&[("a", &one), ("b", &one)]), "duplicate_export");
    // The same file with its pseudonyms repeated under a new id.
    let two = common::records_json(&mut v);
    let mut copied: serde_json::Value = serde_json::from_slice(&one).unwrap();
    copied["export_id"] = "another".into();
    assert_eq!(
        rule(&[("a", &one), ("b", &serde_json::to_vec(&copied).unwrap())]),
        "duplicate_records"
    );
    let mut doc: serde_json::Value = serde_json::from_slice(&one).unwrap();
    doc["version"] = 2.into();
    assert_eq!(
        rule(&[("a", &serde_json::to_vec(&doc).unwrap())]),
        "unsupported_version"
    );
    doc["version"] = 1.into();
    doc["to"] = "2024-06".into();
    assert_eq!(
        rule(&[("a", &two), ("b", &serde_json::to_vec(&doc).unwrap())]),
        "period_mismatch"
    );
    doc["to"] = "2024-12".into();
    // Hygiene: a period no real export has, and values out of range.
    let mut odd = doc.clone();
    (odd["from"], odd["to"]) = ("0000-01".into(), "9999-12".into());
    assert_eq!(
        rule(&[("a", &serde_json::to_vec(&odd).unwrap())]),
        "period_invalid"
    );
    let mut odd = doc.clone();
    odd["records"][0]["conversations"] = 100_000.into();
    assert_eq!(
        rule(&[("a", &serde_json::to_vec(&odd).unwrap())]),
        "out_of_range"
    );
    doc["given_name"] = "Sanne".into();
    assert_eq!(
        rule(&[("a", &serde_json::to_vec(&doc).unwrap())]),
        "unknown_field"
    );
    doc.as_object_mut().unwrap().remove("given_name");
    doc["records"][0]["bsn"] = "111222333".into();
    assert_eq!(
        rule(&[("a", &serde_json::to_vec(&doc).unwrap())]),
        "schema_mismatch"
    );
    assert_eq!(rule(&[("a", b"{}")]), "not_spil_export");
    assert_eq!(rule(&[]), "required");
    let region = merge(inputs(&[("a", &one)]), &MergeParams::default()).unwrap();
    assert_eq!(region.report.overall.closed, 12);
}
