//! `spil demo` and `spil bench` end to end, through the binary. Nothing here asserts
//! on time: benchmarks are not tests; this proves the machinery runs.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ok, spil};

#[test]
fn demo_fills_a_new_vault_once() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("kluis");
    let v = vault.to_str().unwrap();
    let said = ok(&["demo", "--vault", v, "--trajectories", "150", "--seed", "9"]);
    assert!(said.contains("150 trajectories"), "{said}");
    let list = ok(&["list", "--vault", v, "--json"]);
    assert!(list.contains("practice_name"));
    ok(&["verify", "--vault", v]);
    // Demo data never mixes with other data, demo or real.
    let again = spil(&["demo", "--vault", v, "--trajectories", "10"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("empty vault"));
}

#[test]
fn a_quick_bench_at_tiny_n_prints_every_workload_as_json() {
    let tmp = tempfile::tempdir().unwrap();
    let out = ok(&[
        "bench",
        "--quick",
        "--json",
        "--sizes",
        "25",
        "--dir",
        tmp.path().to_str().unwrap(),
    ]);
    let table: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = table["rows"].as_array().unwrap();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["workload"].as_str().unwrap())
        .collect();
    for w in [
        "generate",
        "argon2id",
        "open_unlock",
        "caseload",
        "trajectory",
        "report",
        "export_aggregate",
        "export_records",
    ] {
        assert!(names.contains(&w), "{w} missing: {names:?}");
    }
    for r in rows {
        assert!(r["encrypted_ms"].as_f64().unwrap() >= 0.0);
        if r["workload"] != "argon2id" {
            assert!(r["plain_ms"].as_f64().is_some() && r["ratio"].as_f64().is_some());
        }
    }
    // The throw-away stores are gone.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn a_bench_worker_refuses_folders_it_did_not_make() {
    let tmp = tempfile::tempdir().unwrap();
    let job = serde_json::json!({
        "store": "plain", "workload": "caseload", "dir": tmp.path().join("kluis"),
        "n": 1, "seed": 1, "until": "2025-01-01", "reps": 1
    });
    let out = spil(&["bench", "--worker", &job.to_string()]);
    assert!(!out.status.success());
}
