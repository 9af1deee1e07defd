//! What the crash harness knows is committed, checked against the reopened vault.

use std::collections::{HashMap, HashSet};

use spil_core::store::query_for_tests;
use spil_core::Vault;

/// The vault as last verified (everything in it counts as committed from then on).
#[derive(Default)]
pub struct Ledger {
    youths: HashSet<String>,
    trajectories: HashSet<String>,
    conversations: HashMap<String, u64>,
    closed: HashSet<String>,
    batches: HashMap<String, u64>,
    acknowledged: u64,
    in_flight_found: u32,
    imports_cut: u32,
}

/// What one child acknowledged before it was killed.
#[derive(Default)]
struct Acks {
    youths: HashSet<String>,
    trajectories: HashSet<String>,
    conversations: HashMap<String, u64>,
    closed: HashSet<String>,
    begun: HashMap<String, u64>,
    batches: HashMap<String, u64>,
}

/// The vault as found after the kill. Import batches (youth refs `B…`) are kept
/// apart: their rows are one transaction, checked all or nothing.
#[derive(Default)]
struct Found {
    youths: HashSet<String>,
    trajectories: HashSet<String>,
    conversations: HashMap<String, u64>,
    closed: HashSet<String>,
    batches: HashMap<String, u64>,
}

fn parse(lines: &[String]) -> (Acks, u64) {
    let mut a = Acks::default();
    let mut n = 0;
    for l in lines {
        let parts: Vec<&str> = l.split(' ').collect();
        match parts.as_slice() {
            ["youth", id] => {
                a.youths.insert(id.to_string());
            }
            ["traj", id] => {
                a.trajectories.insert(id.to_string());
            }
            ["conv", t, k] => {
                a.conversations.insert(t.to_string(), k.parse().unwrap());
            }
            ["close", t] => {
                a.closed.insert(t.to_string());
            }
            ["begin", p, k] => {
                a.begun.insert(p.to_string(), k.parse().unwrap());
            }
            ["batch", p, k] => {
                a.batches.insert(p.to_string(), k.parse().unwrap());
            }
            _ => continue,
        }
        n += u64::from(parts[0] != "begin");
    }
    (a, n)
}

fn found(v: &Vault) -> Found {
    let mut f = Found::default();
    for r in query_for_tests(v, "SELECT id, coalesce(youth_ref, '') FROM youths").unwrap() {
        match r[1].strip_prefix('B').and_then(|s| s.rsplit_once('-')) {
            Some((prefix, _)) => *f.batches.entry(format!("B{prefix}")).or_default() += 1,
            None => {
                f.youths.insert(r[0].clone());
            }
        }
    }
    let sql = "SELECT t.id, (t.closed_date IS NOT NULL),
                      (SELECT count(*) FROM conversations c WHERE c.trajectory_id = t.id)
               FROM trajectories t JOIN youths y ON y.id = t.youth_id
               WHERE y.youth_ref NOT LIKE 'B%'";
    for r in query_for_tests(v, sql).unwrap() {
        f.trajectories.insert(r[0].clone());
        if r[1] == "1" {
            f.closed.insert(r[0].clone());
        }
        f.conversations.insert(r[0].clone(), r[2].parse().unwrap());
    }
    f
}

fn missing<'a>(
    want: impl IntoIterator<Item = &'a String>,
    have: &HashSet<String>,
) -> Vec<&'a String> {
    want.into_iter().filter(|x| !have.contains(*x)).collect()
}

impl Ledger {
    pub fn acknowledged(&self) -> u64 {
        self.acknowledged
    }

    pub fn summary(&self) -> String {
        format!(
            "{} changes acknowledged and found; {} kills hit an import, {} found the \
             transaction in flight committed (whole)",
            self.acknowledged, self.imports_cut, self.in_flight_found
        )
    }

    pub fn check(&mut self, v: &Vault, lines: &[String], trial: u32, seed: u64) {
        let at = format!("trial {trial} (SPIL_CRASH_SEED={seed})");
        let (acks, n) = parse(lines);
        self.acknowledged += n;
        let f = found(v);

        // Durability: what was there stays; what was acknowledged arrived.
        for (what, want, have) in [
            (
                "youth",
                self.youths.iter().chain(&acks.youths).collect::<Vec<_>>(),
                &f.youths,
            ),
            (
                "trajectory",
                self.trajectories.iter().chain(&acks.trajectories).collect(),
                &f.trajectories,
            ),
            (
                "closure",
                self.closed.iter().chain(&acks.closed).collect(),
                &f.closed,
            ),
        ] {
            let lost = missing(want, have);
            assert!(lost.is_empty(), "{at}: acknowledged {what} lost: {lost:?}");
        }
        for (t, k) in self.conversations.iter().chain(&acks.conversations) {
            let have = f.conversations.get(t).copied().unwrap_or(0);
            assert!(
                have >= *k,
                "{at}: trajectory {t} has {have} conversations, {k} acknowledged"
            );
        }
        // Atomicity: every import batch is whole.
        for (prefix, have) in &f.batches {
            let want = self.batches.get(prefix).or(acks.begun.get(prefix));
            assert_eq!(Some(have), want, "{at}: import batch {prefix} is partial");
        }
        for prefix in self.batches.keys().chain(acks.batches.keys()) {
            assert!(
                f.batches.contains_key(prefix),
                "{at}: acknowledged import {prefix} lost"
            );
        }
        // At most the one transaction in flight got in unacknowledged.
        let known_conv = |t: &String| {
            self.conversations
                .get(t)
                .copied()
                .unwrap_or(0)
                .max(acks.conversations.get(t).copied().unwrap_or(0))
        };
        let extra = f
            .youths
            .iter()
            .filter(|y| !self.youths.contains(*y) && !acks.youths.contains(*y))
            .count() as u64
            + f.trajectories
                .iter()
                .filter(|t| !self.trajectories.contains(*t) && !acks.trajectories.contains(*t))
                .count() as u64
            + f.closed
                .iter()
                .filter(|t| !self.closed.contains(*t) && !acks.closed.contains(*t))
                .count() as u64
            + f.conversations
                .iter()
                .map(|(t, k)| k.saturating_sub(known_conv(t)))
                .sum::<u64>()
            + f.batches
                .keys()
                .filter(|p| !self.batches.contains_key(*p) && !acks.batches.contains_key(*p))
                .count() as u64;
        assert!(
            extra <= 1,
            "{at}: {extra} unacknowledged transactions got in"
        );
        self.in_flight_found += extra as u32;
        self.imports_cut += acks
            .begun
            .keys()
            .filter(|p| !acks.batches.contains_key(*p))
            .count() as u32;

        self.youths = f.youths;
        self.trajectories = f.trajectories;
        self.conversations = f.conversations;
        self.closed = f.closed;
        self.batches = f.batches;
    }
}
