//! The report and the exports at region scale (100k trajectories, ~500k conversations).
//! The target is a report under 300 ms; `spil bench` tracks it. This test prints the
//! timings of one machine rather than failing on another machine's speed.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

use spil_core::export::{ExportFormat, ExportLevel, ExportParams};
use spil_core::report::{GroupBy, ReportParams};

#[test]
#[ignore = "builds a 100k-trajectory vault (about a minute); run with --release -- --ignored"]
fn a_region_year_report_and_exports_timed() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let s = v.generate_demo(100_000, 7, |_| {}).unwrap();
    eprintln!(
        "{} trajectories, {} conversations",
        s.trajectories, s.conversations
    );
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let r = v
            .report(&ReportParams {
                group_by: Some(GroupBy::Practice),
                ..Default::default()
            })
            .unwrap();
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(r.overall.referrals as usize, s.trajectories);
    }
    eprintln!("report: {best:.0} ms");
    for level in [ExportLevel::Aggregate, ExportLevel::Records] {
        let t = Instant::now();
        let p = ExportParams {
            from: spil_core::today() - chrono::Days::new(730),
            to: spil_core::today(),
            level,
            format: ExportFormat::Csv,
            granularity: Default::default(),
            profile: None,
        };
        let summary = v.export(&p, std::io::sink(), |_| {}).unwrap();
        eprintln!(
            "export {level:?}: {:.0} ms, {} bytes",
            t.elapsed().as_secs_f64() * 1000.0,
            summary.bytes
        );
    }
}
