//! Running one [`Job`] in this process: set up (untimed), reset the memory
//! high-water mark, time `reps` repetitions.

use std::fs;
use std::hint::black_box;
use std::io::BufWriter;
use std::path::Path;
use std::time::Instant;

use super::{Job, Measurement, Store, Workload, PASSPHRASE};
use crate::export::{ExportFormat, ExportLevel, ExportParams};
use crate::model::CaseloadFilter;
use crate::report::ReportParams;
use crate::store::keyfile::{self, DataKey};
use crate::store::{self, plain, Mode, KEY_FILE};
use crate::{Passphrase, Result, Vault};

const ACTOR: &str = "benchmark";
/// Trajectory pages are spread over this many different trajectories.
const PAGES: usize = 16;

fn passphrase() -> Passphrase {
    Passphrase::new(PASSPHRASE)
}

/// A new, empty store of either kind.
pub fn create(store: Store, dir: &Path) -> Result<Vault> {
    match store {
        Store::Encrypted => Vault::create(dir, &passphrase(), ACTOR),
        Store::Plain => {
            fs::create_dir_all(dir)?;
            let conn = plain::open_plain_for_benchmark(dir, Mode::Create)?;
            let mut v = Vault::unlocked(conn, dir, ACTOR, "plain".into(), DataKey::random()?, &[])?;
            v.init_secrets()?;
            Ok(v)
        }
    }
}

/// Open an existing store (for the encrypted one: with Argon2id, as the app does).
pub fn open(store: Store, dir: &Path) -> Result<Vault> {
    match store {
        Store::Encrypted => Vault::open(dir, &passphrase(), ACTOR),
        Store::Plain => open_plain(dir),
    }
}

fn open_plain(dir: &Path) -> Result<Vault> {
    let conn = plain::open_plain_for_benchmark(dir, Mode::Existing)?;
    Vault::unlocked(conn, dir, ACTOR, "plain".into(), DataKey::random()?, &[])
}

/// Memory figures from `/proc/self/status` (Linux); `None` elsewhere.
fn status_kib(field: &str) -> Option<u64> {
    let s = fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reset the high-water mark to the current resident set; returns that set.
fn reset_peak() -> Option<u64> {
    fs::write("/proc/self/clear_refs", "5").ok()?;
    status_kib("VmRSS:")
}

/// Time `reps` calls of `f`, with the memory peak over all of them.
fn timed(reps: usize, f: impl FnMut(usize) -> Result<()>) -> Result<Measurement> {
    timed_after(reps, Ok, f)
}

/// Like [`timed`], with an untimed `setup` before each call whose memory does not
/// count either (the high-water mark is reset after it).
fn timed_after<S>(
    reps: usize,
    mut setup: impl FnMut(usize) -> Result<S>,
    mut f: impl FnMut(S) -> Result<()>,
) -> Result<Measurement> {
    let mut m = Measurement::default();
    for i in 0..reps.max(1) {
        let s = setup(i)?;
        let start = reset_peak();
        let t = Instant::now();
        f(s)?;
        m.samples_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let peak = start.and_then(|_| status_kib("VmHWM:"));
        let growth = peak.zip(start).map(|(p, s)| p.saturating_sub(s));
        m.peak_rss_kib = m.peak_rss_kib.max(peak);
        m.rss_growth_kib = m.rss_growth_kib.max(growth);
    }
    Ok(m)
}

fn export_params(job: &Job, level: ExportLevel) -> ExportParams {
    ExportParams {
        from: job.until - chrono::Days::new(730),
        to: job.until,
        level,
        format: ExportFormat::Csv,
        granularity: Default::default(),
        profile: None,
    }
}

/// Run one job in this process.
pub fn execute(job: &Job) -> Result<Measurement> {
    let dir = job.dir.as_path();
    match job.workload {
        Workload::Generate => {
            // Invented children only: without SQLCipher's memory security, as
            // `spil demo` (the other workloads keep it, as the app does).
            crate::store::synthetic_data_only();
            let mut v = create(job.store, dir)?;
            let m = timed(1, |_| {
                v.generate_demo_until(job.n, job.seed, job.until, |_| {})
                    .map(drop)
            })?;
            v.close()?;
            Ok(m)
        }
        Workload::Argon2id => timed(job.reps, |_| {
            keyfile::read(&dir.join(KEY_FILE), &passphrase()).map(drop)
        }),
        Workload::OpenUnlock => match job.store {
            Store::Encrypted => {
                // Argon2id runs before each repetition, outside the timing: the key
                // is unwrapped exactly as `Vault::open` does, then the rest is timed.
                let mut opened = Vec::with_capacity(job.reps);
                let m = timed_after(
                    job.reps,
                    |_| keyfile::read(&dir.join(KEY_FILE), &passphrase()),
                    |(id, key)| {
                        let conn = store::open_connection(dir, &key, Mode::Existing)?;
                        let failures = crate::vault::read_failures(dir);
                        opened.push(Vault::unlocked(conn, dir, ACTOR, id, key, &failures)?);
                        Ok(())
                    },
                );
                drop(opened);
                m
            }
            Store::Plain => {
                let mut opened = Vec::with_capacity(job.reps);
                let m = timed(job.reps, |_| {
                    opened.push(open_plain(dir)?);
                    Ok(())
                });
                drop(opened);
                m
            }
        },
        w => {
            let mut v = open(job.store, dir)?;
            let ids = page_ids(&v)?;
            let out = dir.join("benchmark-export.csv");
            let m = timed(job.reps, |i| {
                match w {
                    Workload::Caseload => {
                        black_box(v.caseload(&CaseloadFilter::default())?);
                    }
                    Workload::CaseloadSearch => {
                        let filter = CaseloadFilter {
                            search: Some("Bakker".into()),
                            ..Default::default()
                        };
                        black_box(v.caseload(&filter)?);
                    }
                    Workload::Trajectory => {
                        if let Some(id) = ids.get(i % ids.len().max(1)) {
                            black_box(v.trajectory(id)?);
                        }
                    }
                    Workload::Scan => {
                        black_box(crate::report::load::trajectories(&v.conn)?);
                    }
                    Workload::Report => {
                        black_box(v.report(&ReportParams::default())?);
                    }
                    Workload::ExportAggregate | Workload::ExportRecords => {
                        let level = if w == Workload::ExportAggregate {
                            ExportLevel::Aggregate
                        } else {
                            ExportLevel::Records
                        };
                        let file = BufWriter::new(fs::File::create(&out)?);
                        black_box(v.export(&export_params(job, level), file, |_| {})?);
                    }
                    _ => unreachable!("handled above"),
                }
                Ok(())
            })?;
            let _ = fs::remove_file(&out);
            v.close()?;
            Ok(m)
        }
    }
}

/// Trajectories spread evenly over the caseload; the same ids in both stores.
fn page_ids(v: &Vault) -> Result<Vec<String>> {
    let n: i64 = v
        .conn
        .query_row("SELECT count(*) FROM trajectories", [], |r| r.get(0))?;
    let mut stmt = v
        .conn
        .prepare("SELECT id FROM trajectories ORDER BY id LIMIT 1 OFFSET ?1")?;
    let mut ids = Vec::new();
    for k in 0..PAGES as i64 {
        let offset = (n * (2 * k + 1)) / (2 * PAGES as i64);
        if let Some(id) = stmt.query_map([offset], |r| r.get::<_, String>(0))?.next() {
            ids.push(id?);
        }
    }
    ids.dedup();
    Ok(ids)
}
