//! Crash safety, measured: a child process changes the vault and prints what it did
//! only after the call (and so its COMMIT) returned; the parent kills it with SIGKILL
//! at a random moment, reopens the vault and checks that
//!
//! - every acknowledged change is there, and at most one unacknowledged transaction
//!   (the one in flight) got in, whole: an import batch is all there or not at all;
//! - `PRAGMA integrity_check` says ok, `PRAGMA cipher_integrity_check` finds nothing,
//!   foreign keys hold and the audit chain verifies;
//! - during passphrase changes and data-key rotations, the old or the new passphrase
//!   opens the vault, never neither, and nothing committed before is lost.
//!
//! A plain program (`harness = false`): it runs itself again as the child.
//! `cargo test -p spil-core --test crash` runs 50 trials of each;
//! `SPIL_CRASH_TRIALS=1000` runs more (`make crash`); `SPIL_CRASH_SEED=N` replays.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "crash_support/child.rs"]
mod child;
mod common;
#[path = "crash_support/ledger.rs"]
mod ledger;
#[path = "crash_support/running.rs"]
mod running;

use std::path::Path;
use std::time::{Duration, Instant};

use spil_core::store::data_key_for_tests;
use spil_core::{Error, Passphrase, Vault};

use child::{Rng, ROLE};
use ledger::Ledger;
use running::Running;

const OTHER_PASS: &str = "zeven zeeën zonder zeil";

fn main() {
    if let Ok(role) = std::env::var(ROLE) {
        child::run(&role);
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        println!("crash_trials: test\nrekey_trials: test");
        return;
    }
    // libtest's arguments: names filter; flags (and `--skip NAME`) do not.
    let skipped: Vec<&String> = args
        .windows(2)
        .filter(|w| w[0] == "--skip")
        .map(|w| &w[1])
        .collect();
    let filters: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with('-') && !skipped.contains(a))
        .collect();
    let wanted = |name: &str| {
        (filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str())))
            && !skipped.iter().any(|s| name.contains(s.as_str()))
    };
    let trials: u32 = env_or("SPIL_CRASH_TRIALS", 50);
    let seed: u64 = env_or("SPIL_CRASH_SEED", seed_from_clock());
    let start = Instant::now();
    // The two run side by side: one waits on fsync, the other on Argon2id.
    let running: Vec<_> = [
        ("crash_trials", crash_trials as fn(u32, u64) -> String),
        ("rekey_trials", rekey_trials),
    ]
    .into_iter()
    .filter(|(name, _)| wanted(name))
    .map(|(name, test)| {
        println!("test {name} ({trials} trials, SPIL_CRASH_SEED={seed}) ...");
        (name, std::thread::spawn(move || test(trials, seed)))
    })
    .collect();
    let mut passed = 0;
    for (name, handle) in running {
        match handle.join() {
            Ok(summary) => println!("test {name} ... ok: {summary}"),
            Err(_) => {
                println!("test {name} ... FAILED");
                std::process::exit(101);
            }
        }
        passed += 1;
    }
    println!(
        "\ntest result: ok. {passed} passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in {:.2}s\n",
        start.elapsed().as_secs_f64()
    );
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn seed_from_clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
}

/// Random transactions killed at random moments; one vault reused by every trial
/// (created once with Argon2id; the children open it with the raw key).
fn crash_trials(trials: u32, seed: u64) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (practice, key) = {
        let mut v = common::create(dir.path());
        let p = v
            .add_practice(&spil_core::model::PracticeInput {
                name: child::PRACTICE.into(),
                in_practice: true,
                ..Default::default()
            })
            .unwrap();
        let key = data_key_for_tests(&v);
        v.close().unwrap();
        (p.id, key)
    };
    let mut rng = Rng::new(seed);
    let mut ledger = Ledger::default();
    for trial in 0..trials {
        let trial_seed = seed.wrapping_add(u64::from(trial));
        let mut run = Running::spawn(
            "work",
            &[
                ("SPIL_CRASH_DIR", dir.path().display().to_string()),
                ("SPIL_CRASH_KEY", hex(&key)),
                ("SPIL_CRASH_SEED", trial_seed.to_string()),
                ("SPIL_CRASH_PRACTICE", practice.clone()),
            ],
        );
        // One trial in eight kills during the unlock itself.
        if rng.below(8) == 0 {
            std::thread::sleep(Duration::from_millis(rng.below(30)));
        } else {
            run.wait_ready();
            std::thread::sleep(Duration::from_millis(rng.below(300)));
        }
        let lines: Vec<String> = run.kill().into_iter().map(|(_, l)| l).collect();
        let mut v = Vault::open_with_key_for_tests(dir.path(), key, "crash-check").unwrap();
        check_store(&mut v, trial, trial_seed);
        ledger.check(&v, &lines, trial, trial_seed);
        v.close().unwrap();
    }
    assert!(
        ledger.acknowledged() > u64::from(trials),
        "the children hardly wrote anything: {} changes acknowledged",
        ledger.acknowledged()
    );
    ledger.summary()
}

fn check_store(v: &mut Vault, trial: u32, seed: u64) {
    let at = format!("trial {trial} (SPIL_CRASH_SEED={seed})");
    assert!(
        matches!(
            v.audit_status(),
            spil_core::audit::AuditStatus::Intact { .. }
        ),
        "{at}: audit chain {:?}",
        v.audit_status()
    );
    let r = v.verify().unwrap();
    assert_eq!(r.integrity, "ok", "{at}");
    assert!(
        r.cipher_integrity_errors.is_empty(),
        "{at}: {:?}",
        r.cipher_integrity_errors
    );
    assert_eq!(r.foreign_key_violations, 0, "{at}");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Passphrase changes and data-key rotations killed at random moments: afterwards
/// the passphrase before or after the change in flight opens the vault.
fn rekey_trials(trials: u32, seed: u64) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut key = {
        let v = common::create(dir.path());
        let key = data_key_for_tests(&v);
        v.close().unwrap();
        key
    };
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut current = common::PASS.to_owned();
    let mut youths: Vec<String> = Vec::new();
    let mut stats = RekeyStats::default();
    let mut change_ms: u64 = 0;
    for trial in 0..trials {
        let other = if current == common::PASS {
            OTHER_PASS
        } else {
            common::PASS
        }
        .to_owned();
        let mut run = Running::spawn(
            "rekey",
            &[
                ("SPIL_CRASH_DIR", dir.path().display().to_string()),
                (
                    "SPIL_CRASH_SEED",
                    seed.wrapping_add(u64::from(trial)).to_string(),
                ),
                ("SPIL_CRASH_PASS", current.clone()),
                ("SPIL_CRASH_OTHER", other.clone()),
                ("SPIL_CRASH_KEY", hex(&key)),
            ],
        );
        run.wait_ready();
        // A change is two Argon2id runs, then the atomic write, then an audit commit.
        // Half the kills fall anywhere; a quarter aim at the last milliseconds of a
        // change, where the key file is written and renamed; a quarter let the first
        // change or rotation finish and kill somewhere in the next, so rotations (too
        // long for the other windows) are also seen acknowledged and cut mid-swap.
        if trial % 2 == 0 {
            std::thread::sleep(Duration::from_millis(rng.below(500)));
        } else if trial % 4 == 3 {
            run.wait_for("youth ");
            std::thread::sleep(Duration::from_millis(rng.below(change_ms.max(500) * 3)));
        } else {
            if change_ms == 0 {
                let begun = run.wait_for("begin");
                change_ms = (run.wait_for("now ") - begun).as_millis() as u64;
            }
            let begun = run.wait_for("begin");
            let aim = Duration::from_millis(change_ms.saturating_sub(rng.below(25)));
            std::thread::sleep(aim.saturating_sub(begun.elapsed()));
        }
        let lines = run.kill();
        change_ms = measured_change_ms(&lines).unwrap_or(change_ms);
        let lines: Vec<String> = lines.into_iter().map(|(_, l)| l).collect();
        let mut last = current.clone();
        for l in &lines {
            match l.split_once(' ') {
                Some(("now", p)) => {
                    last = p.to_owned();
                    stats.changes += 1;
                }
                Some(("youth", id)) => youths.push(id.to_owned()),
                _ => stats.rotations += u32::from(l == "rotated"),
            }
        }
        stats.observe(dir.path());
        let at = format!("trial {trial} (SPIL_CRASH_SEED={seed})");
        let next = if last == common::PASS {
            OTHER_PASS
        } else {
            common::PASS
        };
        let (mut v, opened) = match Vault::open(dir.path(), &Passphrase::new(&last), "check") {
            Ok(v) => (v, last.clone()),
            Err(Error::WrongPassphrase) => {
                let v = Vault::open(dir.path(), &Passphrase::new(next), "check")
                    .unwrap_or_else(|e| panic!("{at}: neither passphrase opens the vault: {e}"));
                stats.newer_opened += 1;
                (v, next.to_owned())
            }
            Err(e) => panic!("{at}: {e}"),
        };
        check_store(&mut v, trial, seed);
        let stored = spil_core::store::query_for_tests(&v, "SELECT id FROM youths").unwrap();
        let stored: std::collections::HashSet<&str> =
            stored.iter().map(|r| r[0].as_str()).collect();
        for id in &youths {
            assert!(
                stored.contains(id.as_str()),
                "{at}: acknowledged youth {id} lost"
            );
        }
        key = data_key_for_tests(&v);
        v.close().unwrap();
        assert_no_leftovers(dir.path(), &at);
        current = opened;
    }
    stats.to_string()
}

/// What the kills hit, so a run shows it reached the windows that matter.
#[derive(Default)]
struct RekeyStats {
    changes: u32,
    rotations: u32,
    newer_opened: u32,
    rotation_mid_swap: u32,
    rotation_before_swap: u32,
    torn_key_writes: u32,
}

impl RekeyStats {
    /// Look at the folder as the kill left it, before the unlock tidies it.
    fn observe(&mut self, dir: &Path) {
        let has = |n: &str| dir.join(n).exists();
        if has("vault.key.next") && !has(".rotate.db") {
            self.rotation_mid_swap += 1;
        } else if has(".rotate.db") {
            self.rotation_before_swap += 1;
        }
        let torn = std::fs::read_dir(dir).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".tmp-")
        });
        self.torn_key_writes += u32::from(torn);
    }
}

impl std::fmt::Display for RekeyStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} passphrase changes and {} rotations acknowledged; kills left {} key files \
             newer than acknowledged, {} rotations mid-swap (finished at unlock), {} before \
             the swap (undone), {} torn key-file writes (removed)",
            self.changes,
            self.rotations,
            self.newer_opened,
            self.rotation_mid_swap,
            self.rotation_before_swap,
            self.torn_key_writes
        )
    }
}

/// How long the last passphrase change took, from its `begin` to its `now` line.
fn measured_change_ms(lines: &[(Instant, String)]) -> Option<u64> {
    lines
        .windows(2)
        .rev()
        .find(|w| w[0].1 == "begin" && w[1].1.starts_with("now "))
        .map(|w| (w[1].0 - w[0].0).as_millis() as u64)
}

/// After an unlock no half-finished rotation or key-file write remains.
fn assert_no_leftovers(dir: &Path, at: &str) {
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !(name.starts_with(".tmp-") || name.starts_with(".rotate") || name.ends_with(".next")),
            "{at}: {name} left in the vault folder"
        );
    }
}
