//! `spil bench`: every workload on an encrypted vault beside the same data in plain
//! SQLite, each job in a child process of its own (`spil bench --worker JOB`) so that
//! its peak memory is its own. The stores are throw-away folders, removed afterwards.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use spil_core::bench::{self, Job, Measurement, Plan};

use super::{CliError, CliResult};

pub struct BenchArgs {
    pub json: bool,
    pub quick: bool,
    pub sizes: Option<Vec<usize>>,
    pub dir: Option<PathBuf>,
}

pub fn run(args: &BenchArgs) -> CliResult {
    let mut plan = if args.quick {
        Plan::quick()
    } else {
        Plan::full()
    };
    if let Some(sizes) = &args.sizes {
        plan.sizes = sizes.clone();
    }
    let base = args.dir.clone().unwrap_or_else(std::env::temp_dir);
    let root = base.join(format!("spil-bench-{}", std::process::id()));
    std::fs::create_dir_all(&root)?;
    let result = bench::run(&plan, &root, in_child, |what| eprintln!("bench: {what}"));
    let _ = std::fs::remove_dir_all(&root);
    let table = result?;
    if args.json {
        println!("{}", table.to_json());
    } else {
        print!("{}", table.to_text());
    }
    Ok(())
}

/// Run one job in a child process: this same program with `bench --worker`.
fn in_child(job: &Job) -> spil_core::Result<Measurement> {
    let fail = |m: String| spil_core::Error::Io(std::io::Error::other(m));
    let exe = std::env::current_exe()?;
    let spec = serde_json::to_string(job).map_err(|e| fail(e.to_string()))?;
    let out = Command::new(exe)
        .args(["bench", "--worker", &spec])
        .stderr(Stdio::inherit())
        .output()?;
    if !out.status.success() {
        return Err(fail(format!(
            "benchmark job {} failed",
            job.workload.as_str()
        )));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| fail(e.to_string()))
}

/// The child's side: run the job, print its measurement as JSON.
pub fn worker(spec: &str) -> CliResult {
    let job: Job =
        serde_json::from_str(spec).map_err(|e| CliError::msg(format!("bad benchmark job: {e}")))?;
    if !is_throwaway(&job.dir) {
        return Err(CliError::msg(
            "benchmark stores live in a spil-bench-* folder".into(),
        ));
    }
    let m = bench::execute(&job)?;
    println!(
        "{}",
        serde_json::to_string(&m).map_err(|e| CliError::msg(e.to_string()))?
    );
    Ok(())
}

/// Jobs only ever touch the folders `run` made.
fn is_throwaway(dir: &Path) -> bool {
    dir.parent()
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("spil-bench-"))
}
