use super::workloads::{create, open};
use super::*;

/// The caseload as one text, to compare the two stores.
fn digest(v: &crate::Vault) -> String {
    v.conn
        .query_row(
            "SELECT count(*) || ':' || group_concat(id || referral_date || coalesce(outcome, '-'), '|')
             FROM (SELECT * FROM trajectories ORDER BY id)",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn both_stores_hold_the_same_caseload_and_only_one_is_encrypted() {
    let root = tempfile::tempdir().unwrap();
    let until = crate::today();
    let mut digests = Vec::new();
    for store in [Store::Encrypted, Store::Plain] {
        let dir = root.path().join(format!("{store:?}"));
        let mut v = create(store, &dir).unwrap();
        v.generate_demo_until(120, 5, until, |_| {}).unwrap();
        v.close().unwrap();
        let v = open(store, &dir).unwrap();
        digests.push(digest(&v));
    }
    assert_eq!(digests[0], digests[1]);
    assert!(digests[0].starts_with("120:"));
    let enc = std::fs::read(root.path().join("Encrypted").join(crate::store::DB_FILE)).unwrap();
    assert_ne!(&enc[..6], b"SQLite");
    let plain = root
        .path()
        .join("Plain")
        .join(crate::store::plain::PLAIN_DB_FILE);
    assert_eq!(&std::fs::read(plain).unwrap()[..6], b"SQLite");
}

#[test]
fn a_quick_run_at_tiny_n_fills_every_row() {
    let root = tempfile::tempdir().unwrap();
    let plan = Plan {
        sizes: vec![40],
        seed: 2,
        quick: true,
    };
    let mut heard = 0;
    let table = run(&plan, root.path(), execute, |_| heard += 1).unwrap();
    assert_eq!(table.rows.len(), Workload::ALL.len());
    assert_eq!(heard, Workload::ALL.len());
    for r in &table.rows {
        assert!(r.encrypted_ms.is_finite() && r.encrypted_ms >= 0.0, "{r:?}");
        assert_eq!(r.plain_ms.is_some(), r.workload.compared(), "{r:?}");
        if cfg!(target_os = "linux") {
            assert!(r.encrypted_peak_rss_kib.is_some(), "{r:?}");
        }
    }
    let text = table.to_text();
    assert!(text.contains("export_records") && text.contains("open_unlock"));
    let json: serde_json::Value = serde_json::from_str(&table.to_json()).unwrap();
    assert_eq!(json["rows"][3]["workload"], "caseload");
    assert!(json["rows"][3]["encrypted_ms"].is_number());
    // The stores are removed after each size.
    assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
}

#[test]
fn median_of_odd_and_even_counts() {
    assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
    assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    assert!(median(&[]).is_nan());
}
