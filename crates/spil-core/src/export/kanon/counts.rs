//! Counting: the records per combination of quasi-identifiers (and which child each is
//! about), interned once so that the classes at any node can be counted quickly, and
//! whether a class holds k children and, when closed, l outcomes.

use std::collections::{BTreeMap, HashMap};

use super::generalise::{Attribute, Node, Qi, ATTRIBUTES};
use super::Rules;
use crate::codes::{Code, Outcome};

/// Records per combination of quasi-identifiers and outcome, before generalisation,
/// and which child each record is about.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub(super) combos: BTreeMap<Qi, Combo>,
}

/// The records of one combination: per outcome, and the child of each (by an id the
/// caller chooses).
#[derive(Debug, Clone, Default)]
pub(super) struct Combo {
    outcomes: BTreeMap<Option<Outcome>, u64>,
    children: Vec<String>,
}

impl Counts {
    /// One record about `child` (a youth id or its pseudonym).
    pub fn add(&mut self, q: Qi, outcome: Option<Outcome>, child: &str) {
        let combo = self.combos.entry(q).or_default();
        *combo.outcomes.entry(outcome).or_default() += 1;
        combo.children.push(child.to_owned());
    }

    pub fn records(&self) -> u64 {
        self.combos.values().map(|c| c.children.len() as u64).sum()
    }
}

/// A combination with its attribute values interned, per level.
pub(super) struct Encoded {
    ids: [[u32; 4]; ATTRIBUTES],
    fixed: u32,
    pub(super) n: u64,
    /// The children of its records that have more than one record in the export
    /// (interned); every other record is a child of its own.
    repeated: Vec<u32>,
    outcomes: u16,
    closed: bool,
}

pub(super) type ClassKey = [u32; ATTRIBUTES + 1];

pub(super) struct Class {
    /// Records.
    n: u64,
    /// Different children: `n` less the second and later records of a child.
    pub(super) children: u64,
    repeated: Vec<u32>,
    pub(super) outcomes: u16,
    pub(super) closed: bool,
}

fn outcome_bit(o: Option<Outcome>) -> u16 {
    let i = o
        .and_then(|o| Outcome::ALL.iter().position(|x| *x == o))
        .unwrap_or(15);
    1 << i.min(15)
}

pub(super) fn encode(counts: &Counts) -> Vec<Encoded> {
    let mut records_of: HashMap<&str, u32> = HashMap::new();
    for child in counts.combos.values().flat_map(|c| &c.children) {
        *records_of.entry(child.as_str()).or_default() += 1;
    }
    let mut children: HashMap<&str, u32> = HashMap::new();
    let mut interned: HashMap<(usize, String), u32> = HashMap::new();
    let mut id = |slot: usize, key: String| {
        let next = interned.len() as u32;
        *interned.entry((slot, key)).or_insert(next)
    };
    counts
        .combos
        .iter()
        .map(|(q, combo)| {
            let repeated = combo
                .children
                .iter()
                .filter(|c| records_of[c.as_str()] > 1)
                .map(|c| {
                    let next = children.len() as u32;
                    *children.entry(c.as_str()).or_insert(next)
                })
                .collect();
            let mut ids = [[0; 4]; ATTRIBUTES];
            for (i, a) in Attribute::ALL.iter().enumerate() {
                for level in 0..=a.top() {
                    ids[i][usize::from(level)] = id(i, q.attribute_key(*a, level));
                }
            }
            Encoded {
                ids,
                fixed: id(ATTRIBUTES, q.fixed_key()),
                n: combo.children.len() as u64,
                repeated,
                outcomes: combo.outcomes.keys().fold(0, |m, o| m | outcome_bit(*o)),
                closed: q.closed_period.is_some(),
            }
        })
        .collect()
}

pub(super) fn key(c: &Encoded, node: &Node) -> ClassKey {
    let mut k = [c.fixed; ATTRIBUTES + 1];
    for (slot, (ids, &level)) in k.iter_mut().zip(c.ids.iter().zip(node)) {
        *slot = ids[usize::from(level)];
    }
    k
}

pub(super) fn classes(combos: &[Encoded], node: &Node) -> HashMap<ClassKey, Class> {
    let mut classes: HashMap<ClassKey, Class> = HashMap::new();
    for c in combos {
        let e = classes.entry(key(c, node)).or_insert(Class {
            n: 0,
            children: 0,
            repeated: Vec::new(),
            outcomes: 0,
            closed: c.closed,
        });
        e.n += c.n;
        e.repeated.extend_from_slice(&c.repeated);
        e.outcomes |= c.outcomes;
    }
    for c in classes.values_mut() {
        let records = c.repeated.len() as u64;
        c.repeated.sort_unstable();
        c.repeated.dedup();
        c.children = c.n - (records - c.repeated.len() as u64);
    }
    classes
}

pub(super) fn passes(c: &Class, r: &Rules) -> bool {
    c.children >= r.k && (!c.closed || u64::from(c.outcomes.count_ones()) >= r.l)
}

/// Records that must be suppressed at `node`.
pub(super) fn suppressed_at(combos: &[Encoded], node: &Node, r: &Rules) -> u64 {
    classes(combos, node)
        .values()
        .filter(|c| !passes(c, r))
        .map(|c| c.n)
        .sum()
}
