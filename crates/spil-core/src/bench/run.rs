//! The whole benchmark: for each size, generate both stores, then run every workload
//! on the encrypted store and right after on the plain one, so drift in the machine's
//! load hits both alike.

use std::path::Path;

use super::table::{Machine, Row, Table};
use super::{Job, Measurement, Store, Workload};
use crate::Result;

/// Which sizes and how many repetitions.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub sizes: Vec<usize>,
    pub seed: u64,
    pub quick: bool,
}

impl Plan {
    /// N = 1k, 10k and 100k trajectories, and 5k: one busy worker's caseload, the
    /// size the app's targets are set for.
    pub fn full() -> Plan {
        Plan {
            sizes: vec![1_000, 5_000, 10_000, 100_000],
            seed: 1,
            quick: false,
        }
    }

    /// A check that everything runs: N = 1k, few repetitions.
    pub fn quick() -> Plan {
        Plan {
            sizes: vec![1_000],
            seed: 1,
            quick: true,
        }
    }

    /// Repetitions of a workload: fewer for the slow ones and the big sizes.
    pub fn reps(&self, w: Workload, n: usize) -> usize {
        let (quick, full) = match w {
            Workload::Generate => (1, 1),
            Workload::Argon2id => (1, 3),
            Workload::OpenUnlock => (3, 7),
            Workload::Caseload | Workload::CaseloadSearch => (3, 11),
            Workload::Trajectory => (5, 31),
            Workload::Scan
            | Workload::Report
            | Workload::ExportAggregate
            | Workload::ExportRecords => (1, if n >= 100_000 { 3 } else { 5 }),
        };
        if self.quick {
            quick
        } else {
            full
        }
    }
}

/// Run the plan with stores under `root`. `exec` runs one job (in this process with
/// [`super::execute`], or in a child process); `progress` hears what is running.
pub fn run(
    plan: &Plan,
    root: &Path,
    mut exec: impl FnMut(&Job) -> Result<Measurement>,
    mut progress: impl FnMut(&str),
) -> Result<Table> {
    let until = crate::today();
    let mut rows = Vec::new();
    for &n in &plan.sizes {
        let dir_of = |s: Store| root.join(format!("n{n}-{}", store_name(s)));
        let job = |store: Store, workload: Workload| Job {
            store,
            workload,
            dir: dir_of(store),
            n,
            seed: plan.seed,
            until,
            reps: plan.reps(workload, n),
        };
        for w in Workload::ALL {
            progress(&format!("N = {n}: {}", w.as_str()));
            let enc = exec(&job(Store::Encrypted, w))?;
            let plain = if w.compared() {
                Some(exec(&job(Store::Plain, w))?)
            } else {
                None
            };
            rows.push(Row::new(w, n, plan.reps(w, n), &enc, plain.as_ref()));
        }
        for s in [Store::Encrypted, Store::Plain] {
            let _ = std::fs::remove_dir_all(dir_of(s));
        }
    }
    Ok(Table {
        machine: Machine::this(),
        seed: plan.seed,
        quick: plan.quick,
        rows,
    })
}

fn store_name(s: Store) -> &'static str {
    match s {
        Store::Encrypted => "encrypted",
        Store::Plain => "plain",
    }
}
