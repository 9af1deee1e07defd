//! Criterion benchmarks of the core's read paths, encrypted vault beside plain SQLite.
//!
//! `cargo bench -p spil-core --features bench` (or `make bench`). Sizes come from
//! `SPIL_BENCH_SIZES` (default `1000,10000`); `spil bench` covers 100k, open + unlock
//! and peak memory. Every call is audited, as in the app.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::io::BufWriter;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use spil_core::bench::{create, open, Store};
use spil_core::export::{ExportFormat, ExportLevel, ExportParams};
use spil_core::model::CaseloadFilter;
use spil_core::report::ReportParams;
use spil_core::Vault;

const STORES: [Store; 2] = [Store::Encrypted, Store::Plain];

fn sizes() -> Vec<usize> {
    std::env::var("SPIL_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn name(s: Store) -> &'static str {
    match s {
        Store::Encrypted => "encrypted",
        Store::Plain => "plain",
    }
}

/// Both stores with the same caseload of `n` trajectories.
fn fixtures(root: &std::path::Path, n: usize) -> Vec<(Store, Vault)> {
    let until = spil_core::today();
    STORES
        .iter()
        .map(|&s| {
            let dir = root.join(format!("{n}-{}", name(s)));
            let mut v = create(s, &dir).expect("create store");
            v.generate_demo_until(n, 1, until, |_| {})
                .expect("generate");
            v.close().expect("close");
            (s, open(s, &dir).expect("open"))
        })
        .collect()
}

fn export(v: &mut Vault, level: ExportLevel, out: &std::path::Path) {
    let to = spil_core::today();
    let p = ExportParams {
        from: to - chrono::Days::new(730),
        to,
        level,
        format: ExportFormat::Csv,
        granularity: Default::default(),
        profile: None,
    };
    let file = BufWriter::new(std::fs::File::create(out).expect("export file"));
    black_box(v.export(&p, file, |_| {}).expect("export"));
}

fn store_benches(c: &mut Criterion) {
    let root = tempfile::tempdir().expect("temp dir");
    for n in sizes() {
        let mut stores = fixtures(root.path(), n);
        let ids: Vec<String> = stores[0]
            .1
            .caseload(&CaseloadFilter::default())
            .expect("caseload")
            .into_iter()
            .take(16)
            .map(|r| r.trajectory_id)
            .collect();
        let out = root.path().join("export.csv");
        let mut g = c.benchmark_group(format!("n{n}"));
        g.sample_size(10);
        for (s, v) in &mut stores {
            let id = BenchmarkId::new("caseload", name(*s));
            g.bench_function(id, |b| {
                b.iter(|| black_box(v.caseload(&CaseloadFilter::default()).expect("caseload")))
            });
            let mut i = 0;
            g.bench_function(BenchmarkId::new("trajectory", name(*s)), |b| {
                b.iter(|| {
                    i += 1;
                    black_box(v.trajectory(&ids[i % ids.len()]).expect("page"))
                })
            });
            g.bench_function(BenchmarkId::new("report", name(*s)), |b| {
                b.iter(|| black_box(v.report(&ReportParams::default()).expect("report")))
            });
            g.bench_function(BenchmarkId::new("export_aggregate", name(*s)), |b| {
                b.iter(|| export(v, ExportLevel::Aggregate, &out))
            });
            g.bench_function(BenchmarkId::new("export_records", name(*s)), |b| {
                b.iter(|| export(v, ExportLevel::Records, &out))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, store_benches);
criterion_main!(benches);
