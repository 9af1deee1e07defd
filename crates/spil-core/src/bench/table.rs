//! The benchmark's results: one row per workload and size, as a table or JSON.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::{Measurement, Workload};

/// Where the figures were measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory_mib: u64,
    pub os: String,
    pub sqlite: String,
    /// `release` or `debug`; debug figures say little.
    pub build: String,
}

impl Machine {
    pub fn this() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split(':').nth(1))
            .map(|s| s.trim().to_owned())
            .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory_mib = meminfo
            .lines()
            .find(|l| l.starts_with("MemTotal:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|k| k.parse::<u64>().ok())
            .map_or(0, |k| k / 1024);
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
        Machine {
            cpu,
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_mib,
            os: format!("{} {}", std::env::consts::OS, kernel.trim()),
            sqlite: format!("SQLite {} (SQLCipher, bundled)", rusqlite::version()),
            build: if cfg!(debug_assertions) {
                "debug".into()
            } else {
                "release".into()
            },
        }
    }
}

/// One workload at one size: medians in milliseconds, peaks in KiB.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub workload: Workload,
    pub n: usize,
    pub reps: usize,
    pub encrypted_ms: f64,
    /// `None` where there is nothing to compare (Argon2id).
    pub plain_ms: Option<f64>,
    /// Encrypted over plain.
    pub ratio: Option<f64>,
    /// The first repetition alone: a cold page cache, as right after unlock.
    pub encrypted_first_ms: f64,
    pub plain_first_ms: Option<f64>,
    pub encrypted_peak_rss_kib: Option<u64>,
    pub plain_peak_rss_kib: Option<u64>,
    pub encrypted_rss_growth_kib: Option<u64>,
    pub plain_rss_growth_kib: Option<u64>,
}

impl Row {
    pub fn new(
        w: Workload,
        n: usize,
        reps: usize,
        enc: &Measurement,
        plain: Option<&Measurement>,
    ) -> Row {
        let encrypted_ms = enc.median_ms();
        let plain_ms = plain.map(Measurement::median_ms);
        Row {
            workload: w,
            n,
            reps,
            encrypted_ms,
            plain_ms,
            ratio: plain_ms.filter(|p| *p > 0.0).map(|p| encrypted_ms / p),
            encrypted_first_ms: first(enc),
            plain_first_ms: plain.map(first),
            encrypted_peak_rss_kib: enc.peak_rss_kib,
            plain_peak_rss_kib: plain.and_then(|p| p.peak_rss_kib),
            encrypted_rss_growth_kib: enc.rss_growth_kib,
            plain_rss_growth_kib: plain.and_then(|p| p.rss_growth_kib),
        }
    }
}

fn first(m: &Measurement) -> f64 {
    m.samples_ms.first().copied().unwrap_or(f64::NAN)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub machine: Machine,
    pub seed: u64,
    pub quick: bool,
    pub rows: Vec<Row>,
}

fn ms(x: f64) -> String {
    if x.is_nan() {
        "-".into()
    } else if x < 10.0 {
        format!("{x:.2}")
    } else if x < 1000.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.0}")
    }
}

fn mib(k: Option<u64>) -> String {
    k.map_or("-".into(), |k| format!("{:.1}", k as f64 / 1024.0))
}

impl Table {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A plain-text table for the terminal and for docs/PERFORMANCE.md.
    pub fn to_text(&self) -> String {
        let m = &self.machine;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} · {} cores · {} MiB · {} · {} build{}",
            m.cpu,
            m.cores,
            m.memory_mib,
            m.sqlite,
            m.build,
            if self.quick { " · quick" } else { "" }
        );
        let _ = writeln!(
            s,
            "medians in ms (cold = first repetition only); peak = peak resident set of the \
             job's process, growth = above its start, MiB"
        );
        let _ = writeln!(
            s,
            "{:<17} {:>7} {:>4} {:>10} {:>10} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
            "workload",
            "N",
            "reps",
            "encrypted",
            "plain",
            "ratio",
            "enc cold",
            "pl. cold",
            "enc peak",
            "pl. peak",
            "enc grow",
            "pl. grow"
        );
        for r in &self.rows {
            let _ = writeln!(
                s,
                "{:<17} {:>7} {:>4} {:>10} {:>10} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
                r.workload.as_str(),
                r.n,
                r.reps,
                ms(r.encrypted_ms),
                r.plain_ms.map_or("-".into(), ms),
                r.ratio.map_or("-".into(), |x| format!("{x:.2}")),
                ms(r.encrypted_first_ms),
                r.plain_first_ms.map_or("-".into(), ms),
                mib(r.encrypted_peak_rss_kib),
                mib(r.plain_peak_rss_kib),
                mib(r.encrypted_rss_growth_kib),
                mib(r.plain_rss_growth_kib),
            );
        }
        s
    }
}
