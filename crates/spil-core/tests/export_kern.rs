//! The tables by kern on a real demo vault: every kern row names its municipality,
//! a municipality's kern rows add up to its row wherever the cells are published,
//! hidden and rounded kern cells follow the rules and carry their reason in the
//! preview, and the referrals per kern agree with the monitoring report's count.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod tables;

use std::collections::HashMap;

use chrono::NaiveDate;
use spil_core::export::suppress::{band, ReasonCode};
use spil_core::export::{CellNote, ExportFormat, ExportLevel, ExportParams, Table};
use spil_core::report::{GroupBy, ReportParams};

const KERN_TABLES: [(&str, &str); 3] = [
    ("referrals_by_kern", "referrals_by_period"),
    ("closed_by_kern_outcome", "closed_by_outcome"),
    ("gp_consultations_by_kern", "gp_consultations_by_period"),
];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn params(from: NaiveDate, to: NaiveDate) -> ExportParams {
    ExportParams {
        from,
        to,
        level: ExportLevel::Aggregate,
        format: ExportFormat::Json,
        granularity: Default::default(),
        profile: None,
    }
}

/// The range of true counts a published value allows (hidden: 1 up).
fn range(v: Option<u64>) -> (u64, u64) {
    match v {
        None => (1, u64::MAX / 4),
        Some(0) => (0, 0),
        Some(p) => band(p),
    }
}

/// The published values of row `i` of a table: its cells, then its total.
fn row(t: &Table, i: usize) -> Vec<Option<u64>> {
    t.cells[i]
        .iter()
        .copied()
        .chain([t.row_totals[i]])
        .collect()
}

#[test]
fn kern_rows_nest_in_municipalities_and_follow_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(&dir.path().join("kluis"));
    v.generate_demo_until(400, 3, day(2025, 12, 31), |_| {})
        .unwrap();
    let (from, to) = (day(2025, 1, 1), day(2025, 6, 30));
    let preview = v.export_preview(&params(from, to)).unwrap();
    let agg = preview.aggregates.unwrap();
    assert_eq!(
        agg.withheld,
        vec![],
        "the demo's kern tables can be protected"
    );
    let table = |name: &str| agg.tables.iter().find(|t| t.name == name).unwrap();
    let note = |t: &str, r: &str, c: &str| -> Option<&CellNote> {
        preview
            .notes
            .iter()
            .find(|n| n.table == t && n.row == r && n.column == c)
    };
    let mut hidden_kern_cells = 0;
    for (kern_name, mun_name) in KERN_TABLES {
        let (k, m) = (table(kern_name), table(mun_name));
        assert_eq!(k.row_dimension, "kern");
        assert_eq!((&k.measure, &k.columns), (&m.measure, &m.columns));
        assert_eq!(
            (&k.column_totals, k.total),
            (&m.column_totals, m.total),
            "{kern_name}: the same quantities as {mun_name}"
        );
        // Every kern row names a municipality of the table by municipality, and every
        // municipality has kern rows ("kern onbekend" included).
        for r in &k.rows {
            let (mun, _) = r.code.split_once(':').expect("municipality:kern");
            assert!(m.rows.iter().any(|x| x.code == mun), "{}", r.code);
        }
        for (i, mr) in m.rows.iter().enumerate() {
            let inside: Vec<usize> = (0..k.rows.len())
                .filter(|&n| k.rows[n].code.split_once(':').unwrap().0 == mr.code)
                .collect();
            assert!(!inside.is_empty(), "{kern_name}: {} has no kern", mr.code);
            let total = row(m, i);
            for (j, mv) in total.iter().enumerate() {
                let kv: Vec<Option<u64>> = inside.iter().map(|&n| row(k, n)[j]).collect();
                if mv.is_none() || kv.iter().any(Option::is_none) {
                    continue;
                }
                // Published cells: the kerns' possible sums meet the municipality's band.
                let (lo, hi) = kv.iter().fold((0, 0), |(a, b), v| {
                    let (x, y) = range(*v);
                    (a + x, b + y)
                });
                let (mlo, mhi) = range(*mv);
                assert!(
                    lo <= mhi && mlo <= hi,
                    "{kern_name} {}[{j}]: kerns {kv:?}, municipality {mv:?}",
                    mr.code
                );
                assert_eq!(
                    kv.iter().all(|v| *v == Some(0)),
                    *mv == Some(0),
                    "zeros are exact"
                );
            }
        }
        // Hidden and rounded kern cells carry their reason; zeros carry none.
        for (i, r) in k.rows.iter().enumerate() {
            let columns = k.columns.iter().map(|c| c.code.as_str()).chain(["total"]);
            for (v, c) in row(k, i).into_iter().zip(columns) {
                let n = note(kern_name, &r.code, c);
                match v {
                    Some(0) => assert!(n.is_none()),
                    Some(p) => {
                        assert!(p >= 10 && p % 5 == 0, "{kern_name} {} {c}: {p}", r.code);
                        assert_eq!(n.map(|n| n.reason), Some(ReasonCode::Rounded));
                    }
                    None => {
                        hidden_kern_cells += 1;
                        let n = n.expect("a hidden kern cell has a reason");
                        match n.reason {
                            ReasonCode::Small => assert!(n.protects.is_none()),
                            ReasonCode::Protects => assert!(n.protects.is_some()),
                            ReasonCode::Rounded => panic!("hidden, not rounded"),
                        }
                    }
                }
            }
        }
    }
    assert!(
        hidden_kern_cells > 0,
        "a 400-trajectory caseload has small kerns"
    );

    // The referrals per kern agree with the monitoring report's own count (the demo's
    // kern names are unique across municipalities).
    let report = v
        .report(&ReportParams {
            from: Some(from),
            to: Some(to),
            group_by: Some(GroupBy::Kern),
            profile: None,
            savings: Default::default(),
        })
        .unwrap();
    let truth: HashMap<String, u64> = report
        .groups
        .iter()
        .map(|g| {
            (
                g.key.clone().unwrap_or_else(|| "unknown".into()),
                g.figures.referrals,
            )
        })
        .collect();
    let k = table("referrals_by_kern");
    for (i, r) in k.rows.iter().enumerate() {
        let kern = r.code.split_once(':').unwrap().1;
        let n = truth.get(kern).copied().unwrap_or(0);
        match k.row_totals[i] {
            Some(p) => assert!(p == n && n == 0 || (n > 7 && p.abs_diff(n) <= 2), "{kern}"),
            None => assert!(
                (1..=7).contains(&n)
                    || note("referrals_by_kern", &r.code, "total")
                        .is_some_and(|x| x.reason == ReasonCode::Protects),
                "{kern}: {n} hidden without a reason"
            ),
        }
    }

    // The file carries what the preview showed, and the independent interval attacker
    // (with the kern nesting) pins nothing.
    let mut out = Vec::new();
    v.export(&params(from, to), &mut out, |_| {}).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    tables::validate(&doc);
    tables::assert_protected(&doc);
    let written: Vec<Table> = serde_json::from_value(doc["tables"].clone()).unwrap();
    assert_eq!(written, agg.tables);
    assert_eq!(doc["withheld"], serde_json::json!([]));
}

/// The same vault and period give the same kern cells and the same hidden pattern.
#[test]
fn kern_tables_are_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(&dir.path().join("kluis"));
    v.generate_demo_until(200, 6, day(2025, 12, 31), |_| {})
        .unwrap();
    let p = params(day(2025, 4, 1), day(2025, 6, 30));
    let a = v.export_preview(&p).unwrap();
    let b = v.export_preview(&p).unwrap();
    assert_eq!(a.aggregates, b.aggregates);
    assert_eq!(a.notes, b.notes);
    assert!(a
        .aggregates
        .unwrap()
        .tables
        .iter()
        .any(|t| t.row_dimension == "kern"));
}
