//! The lattice search: monotone, least loss, deterministic, and what it publishes
//! holds k and l when counted directly on the published values.

use std::collections::HashMap;

use super::choose::{nodes, precision, MAX_PRECISION};
use super::counts::{encode, suppressed_at};
use super::*;
use crate::codes::{Gender, Outcome, Referrer};
use crate::export::hierarchy::ReferrerGroup;
use crate::model::Status;

/// A small deterministic generator (splitmix64), so the cases are the same every run.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize].clone()
    }
}

fn random_record(g: &mut Gen) -> (Qi, Option<Outcome>) {
    let month = g.pick(&[1u32, 2, 3, 4, 5, 6, 7, 8]);
    let closed = g.pick(&[None, Some(3u32), Some(5), Some(6), Some(9)]);
    let (kern, municipality) = g.pick(&[
        ("Velp", "GM0275"),
        ("Dieren", "GM0275"),
        ("Groningen", "GM0014"),
        ("Winsum", "GM1966"),
    ]);
    let referrer = g.pick(&[
        Referrer::Gp,
        Referrer::School,
        Referrer::SelfReferred,
        Referrer::Court,
    ]);
    let q = Qi {
        age_band: Some(g.pick(&["0-3", "4-11", "12-17", "18+"]).to_owned()),
        gender: Some(g.pick(&[Gender::Male, Gender::Female, Gender::X])),
        practice: g.pick(&[None, Some(format!("P {kern}"))]),
        kern: Some(kern.to_owned()),
        municipality: Some(municipality.to_owned()),
        region: crate::report::region_of(municipality).map(str::to_owned),
        referral_period: format!("2026-{month:02}"),
        closed_period: closed.map(|m| format!("2026-{:02}", m.max(month))),
        referrer: Some(referrer),
        referrer_group: Some(ReferrerGroup::of(referrer)),
        earlier_trajectories: Some(g.pick(&["0", "0", "0", "1", "3+"]).to_owned()),
        siblings_in_care: Some(g.pick(&["0", "0", "1"]).to_owned()),
        family_size: Some(g.pick(&["1", "2", "3", "4+"]).to_owned()),
        referred_in_period: true,
        closed_in_period: closed.is_some(),
        status_at_end: Some(if closed.is_some() {
            Status::Closed
        } else {
            Status::Active
        }),
    };
    let outcome = closed.map(|_| {
        g.pick(&[
            Outcome::NoFurtherCare,
            Outcome::NoFurtherCare,
            Outcome::MunicipalTeam,
            Outcome::SpecialistMentalHealth,
        ])
    });
    (q, outcome)
}

fn caseload(seed: u64, n: usize) -> Vec<(Qi, Option<Outcome>)> {
    let mut g = Gen(seed);
    (0..n).map(|_| random_record(&mut g)).collect()
}

/// Every record about a child of its own.
fn counts(records: &[(Qi, Option<Outcome>)]) -> Counts {
    counts_of(records, |i| i)
}

/// Record `i` is about child `child(i)`.
fn counts_of(records: &[(Qi, Option<Outcome>)], child: impl Fn(usize) -> usize) -> Counts {
    let mut c = Counts::default();
    for (i, (q, o)) in records.iter().enumerate() {
        c.add(q.clone(), *o, &child(i).to_string());
    }
    c
}

/// A quarter of the children have a second record somewhere in the caseload.
fn some_twice(i: usize) -> usize {
    if i.is_multiple_of(4) {
        i + 1
    } else {
        i
    }
}

#[test]
fn suppression_never_grows_on_a_coarser_node() {
    for seed in 1..4 {
        let c = counts(&caseload(seed, 300));
        let combos = encode(&c);
        let all = nodes(&[0; ATTRIBUTES]);
        let s: HashMap<Node, u64> = all
            .iter()
            .map(|n| (*n, suppressed_at(&combos, n, &RULES)))
            .collect();
        for n in &all {
            for (i, highest) in top().into_iter().enumerate() {
                if n[i] < highest {
                    let mut up = *n;
                    up[i] += 1;
                    assert!(s[&up] <= s[n], "{up:?} suppresses more than {n:?}");
                }
            }
        }
    }
}

#[test]
fn the_least_loss_within_the_budget_is_chosen_and_pruning_loses_nothing() {
    for seed in 1..6 {
        let c = counts(&caseload(seed, 400));
        let choice = search(&c, [0; ATTRIBUTES], &RULES);
        // Brute force over every node, no pruning.
        let combos = encode(&c);
        let n = c.records();
        let best = nodes(&[0; ATTRIBUTES])
            .into_iter()
            .filter_map(|node| {
                let s = suppressed_at(&combos, &node, &RULES);
                (s * 100 <= n * RULES.budget_percent)
                    .then(|| ((n - s) * precision(&node) + s * MAX_PRECISION, node))
            })
            .min_by_key(|(loss, node)| {
                (
                    *loss,
                    node.iter().map(|&l| u32::from(l)).sum::<u32>(),
                    *node,
                )
            })
            .unwrap();
        assert_eq!((choice.loss, choice.node), best, "seed {seed}");
        assert!(choice.suppressed * 100 <= n * RULES.budget_percent);
        assert!(
            choice.evaluated < nodes(&[0; ATTRIBUTES]).len(),
            "nothing was pruned"
        );
    }
}

#[test]
fn published_classes_hold_k_and_l_counted_directly() {
    for seed in 1..6 {
        let records = caseload(seed, 500);
        let choice = search(&counts_of(&records, some_twice), [0; ATTRIBUTES], &RULES);
        let mut classes: HashMap<Qi, Vec<Option<Outcome>>> = HashMap::new();
        let mut children: HashMap<Qi, std::collections::HashSet<usize>> = HashMap::new();
        let mut kept = 0;
        for (i, (q, o)) in records.iter().enumerate() {
            if let Some(p) = choice.publish(q) {
                classes.entry(p.clone()).or_default().push(*o);
                children.entry(p).or_default().insert(some_twice(i));
                kept += 1;
            }
        }
        assert_eq!(kept + choice.suppressed, 500);
        for (q, outcomes) in &classes {
            assert!(children[q].len() as u64 >= K, "{q:?}");
            if q.closed_period.is_some() {
                let mut distinct = outcomes.clone();
                distinct.sort();
                distinct.dedup();
                assert!(distinct.len() as u64 >= L, "{q:?}: {distinct:?}");
            }
        }
        let a = choice.anonymisation();
        assert!(a.k_reached.unwrap() >= K && a.l_reached.unwrap() >= L);
        assert_eq!(a.node(), choice.node);
    }
}

#[test]
fn a_child_with_several_records_counts_once() {
    // Five open trajectories with the same quasi-identifiers: five children pass,
    // three children (two of them referred twice) do not.
    let (mut q, _) = random_record(&mut Gen(11));
    q.closed_period = None;
    q.closed_in_period = false;
    q.status_at_end = Some(Status::Active);
    let five = vec![(q.clone(), None); 5];
    let combos = encode(&counts(&five));
    assert_eq!(suppressed_at(&combos, &[0; ATTRIBUTES], &RULES), 0);
    let combos = encode(&counts_of(&five, |i| i % 3));
    assert_eq!(suppressed_at(&combos, &[0; ATTRIBUTES], &RULES), 5);
    // Five more records about two other children lift the class to five children.
    let ten = vec![(q, None); 10];
    let combos = encode(&counts_of(&ten, |i| if i < 5 { i % 3 } else { 3 + i % 2 }));
    assert_eq!(suppressed_at(&combos, &[0; ATTRIBUTES], &RULES), 0);
}

#[test]
fn the_same_caseload_in_any_order_gives_the_same_export() {
    let records = caseload(7, 400);
    let mut reversed = records.clone();
    reversed.reverse();
    let a = search(&counts(&records), [0; ATTRIBUTES], &RULES);
    let b = search(&counts(&reversed), [0; ATTRIBUTES], &RULES);
    assert_eq!(
        (a.node, a.suppressed, a.loss),
        (b.node, b.suppressed, b.loss)
    );
    for (q, _) in &records {
        assert_eq!(a.publish(q), b.publish(q));
    }
}

#[test]
fn a_floor_is_respected_and_a_tiny_caseload_takes_the_top() {
    let records = caseload(3, 400);
    let floor = [1, 0, 1, 1, 0, 0, 0];
    let choice = search(&counts(&records), floor, &RULES);
    assert!(choice.node.iter().zip(floor).all(|(n, f)| *n >= f));
    // Three records can never make a class of five: all suppressed, at the top.
    let tiny = search(&counts(&records[..3]), [0; ATTRIBUTES], &RULES);
    assert_eq!(
        (tiny.node, tiny.suppressed, tiny.k_reached),
        (top(), 3, None)
    );
}
