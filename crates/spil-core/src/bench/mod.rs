//! Benchmarks: each workload on an encrypted vault and on the same data in a plain
//! SQLite file, in the same run. Compiled only with the `bench` feature (`spil bench`,
//! the criterion benches); nothing here is reachable from the app.
//!
//! - A [`Job`] is one workload on one store at one size, repeated `reps` times.
//!   [`execute`] runs it in this process; `spil bench` runs each job in a child
//!   process of its own, so one job's peak memory is not another's.
//! - Both stores hold the same caseload: [`Vault::generate_demo_until`] with the
//!   same seed and end date gives the same rows, ids included.
//! - The plain store opens through the same code as a vault, without a key
//!   ([`crate::store::plain`]), so the ratio is the price of the encryption alone.
//! - Open + unlock is timed *after* the key is unwrapped: Argon2id's deliberate cost
//!   is its own row, so the cost of SQLCipher itself is visible.
//! - Peak memory: the kernel's high-water mark (`VmHWM`) is reset once the store is
//!   open (`/proc/self/clear_refs`), so the figure is the job's own peak resident
//!   set; the growth over the resident set at the start is reported beside it.

mod run;
mod table;
mod workloads;

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use run::{run, Plan};
pub use table::{Machine, Row, Table};
pub use workloads::{create, execute, open};

/// The passphrase of the throw-away benchmark vaults.
pub const PASSPHRASE: &str = "alleen voor de benchmark: paard batterij niet plakband";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Store {
    Encrypted,
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Workload {
    /// `spil demo`: N trajectories with ~5 conversations each, in batches.
    Generate,
    /// Unwrapping the data key (encrypted only; deliberately slow).
    Argon2id,
    /// Opening the database once the key is known: keying, pragmas, migrations
    /// check, audit-chain check and the unlock event.
    OpenUnlock,
    /// `Vault::caseload` with no filter: the first screen after unlock.
    Caseload,
    /// `Vault::caseload` searching a name (cannot use an index: `%…%`).
    CaseloadSearch,
    /// `Vault::trajectory`: one trajectory's page.
    Trajectory,
    /// One plain pass over the rows the report reads (the covering index joined to
    /// the youths, every column decoded), and nothing else: the least any report can
    /// cost, the floor the report is measured against.
    Scan,
    /// `Vault::report`: the full monitoring report over the whole caseload.
    Report,
    /// `Vault::export`, aggregate level, CSV, the whole two years.
    ExportAggregate,
    /// `Vault::export`, record level, CSV, the whole two years.
    ExportRecords,
}

impl Workload {
    pub const ALL: [Workload; 10] = [
        Workload::Generate,
        Workload::Argon2id,
        Workload::OpenUnlock,
        Workload::Caseload,
        Workload::CaseloadSearch,
        Workload::Trajectory,
        Workload::Scan,
        Workload::Report,
        Workload::ExportAggregate,
        Workload::ExportRecords,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Workload::Generate => "generate",
            Workload::Argon2id => "argon2id",
            Workload::OpenUnlock => "open_unlock",
            Workload::Caseload => "caseload",
            Workload::CaseloadSearch => "caseload_search",
            Workload::Trajectory => "trajectory",
            Workload::Scan => "scan",
            Workload::Report => "report",
            Workload::ExportAggregate => "export_aggregate",
            Workload::ExportRecords => "export_records",
        }
    }

    /// Whether the plain store runs it too (Argon2id has nothing to compare with).
    pub fn compared(self) -> bool {
        self != Workload::Argon2id
    }
}

/// One workload on one store at one size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub store: Store,
    pub workload: Workload,
    /// The store's folder (created by the `Generate` job).
    pub dir: PathBuf,
    pub n: usize,
    pub seed: u64,
    /// The demo caseload's last day, the same for both stores.
    pub until: NaiveDate,
    pub reps: usize,
}

/// What one job measured.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    pub samples_ms: Vec<f64>,
    /// Peak resident set during the timed part, in KiB (Linux only).
    pub peak_rss_kib: Option<u64>,
    /// That peak above the resident set when the timed part began.
    pub rss_growth_kib: Option<u64>,
}

impl Measurement {
    pub fn median_ms(&self) -> f64 {
        median(&self.samples_ms)
    }
}

pub fn median(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

#[cfg(test)]
mod tests;
