//! k-anonymity and l-diversity for record exports, by full-domain generalisation
//! chosen with a small lattice search in the style of ARX.
//!
//! **Attacker.** Someone who knows a child (a neighbour, a teacher, a colleague)
//! knows everything about the child that the export publishes except what happened
//! in care: age band, gender, where the family lives and which practice it uses, when
//! the child was referred and when care ended, who referred, and the family's make-up.
//! Those are the quasi-identifiers ([`Qi`]); together with the two period flags and the
//! status at the period's end (derived from the periods, but they split classes once
//! the periods are generalised) they form the equivalence class of a record.
//!
//! **Rules.** Every published class holds the records of at least [`K`] different
//! children (a child referred twice is one child, whose two records may share a class),
//! and every class of
//! closed trajectories holds at least [`L`] distinct outcomes (an outcome left
//! unregistered counts as one value), so knowing the class never tells the outcome.
//! Classes of trajectories still open have no outcome to give away.
//!
//! **Method.** Each quasi-identifier climbs its own hierarchy ([`super::hierarchy`]);
//! a lattice node says one level per attribute for the whole export (full-domain
//! generalisation). Whether a record survives at a node is monotone: a coarser node
//! only merges classes, so a record whose class passed still passes, and a node finer
//! than one that suppresses too much suppresses too much as well. The search visits
//! the nodes by increasing precision loss, never counts a node finer than one that
//! failed, and stops once a node's precision loss alone exceeds the best total loss
//! found. Among the nodes that suppress at most [`SUPPRESSION_BUDGET_PERCENT`] % of
//! the records it takes the one with the least loss, then the lowest, then the first
//! in attribute order, so the same caseload always gives the same export. The records
//! in classes that still fail are suppressed (left out), and the export says how many.
//! If no node keeps within the budget (a very small caseload), the top node is taken
//! and whatever still fails is suppressed.
//!
//! **Loss.** Weighted precision with suppression (Sweeney's Prec, with attribute
//! weights as ARX allows): a record published at a node loses, per attribute,
//! `level / highest level` times the attribute's weight, a suppressed record loses
//! everything. Location weighs double (a municipality's figures are about where
//! children live) and the family counts half; the rest weigh one. The export's loss
//! is the mean over its records divided by the total weight, from 0 (everything as
//! registered) to 1 (nothing left). It is computed in integers, so ties are exact.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::hierarchy::{self, ReferrerGroup};
use crate::codes::{Code, Gender, Outcome, Referrer};
use crate::model::Status;

/// Every published class holds the records of at least this many children.
pub const K: u64 = 5;
/// Every class of closed trajectories holds at least this many distinct outcomes.
pub const L: u64 = 2;
/// The share of records a chosen node may suppress, in percent.
pub const SUPPRESSION_BUDGET_PERCENT: u64 = 5;

/// The generalised attributes, in lattice order.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    AgeBand,
    Gender,
    // Practice, kern, municipality and region together.
    Location,
    ReferralPeriod,
    ClosedPeriod,
    // Referrer code and group.
    Referrer,
    // Earlier trajectories, siblings in care, family size.
    Family,
}

pub const ATTRIBUTES: usize = 7;
/// One level per attribute, in [`Attribute::ALL`] order.
pub type Node = [u8; ATTRIBUTES];

impl Attribute {
    pub const ALL: [Attribute; ATTRIBUTES] = [
        Attribute::AgeBand,
        Attribute::Gender,
        Attribute::Location,
        Attribute::ReferralPeriod,
        Attribute::ClosedPeriod,
        Attribute::Referrer,
        Attribute::Family,
    ];

    /// The names of the levels, from as registered to most general.
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Attribute::AgeBand => &["band", "merged", "hidden"],
            Attribute::Gender => &["shown", "hidden"],
            Attribute::Location => &["practice", "municipality", "region", "hidden"],
            Attribute::ReferralPeriod | Attribute::ClosedPeriod => {
                &["month", "quarter", "half_year", "year"]
            }
            Attribute::Referrer => &["code", "group", "hidden"],
            Attribute::Family => &["exact", "any", "hidden"],
        }
    }

    fn top(self) -> u8 {
        (self.levels().len() - 1) as u8
    }
}

/// The most general node.
pub fn top() -> Node {
    Attribute::ALL.map(Attribute::top)
}

/// The quasi-identifiers of a record, as published (`None` is published as empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Qi {
    pub age_band: Option<String>,
    pub gender: Option<Gender>,
    pub practice: Option<String>,
    pub kern: Option<String>,
    pub municipality: Option<String>,
    pub region: Option<String>,
    pub referral_period: String,
    pub closed_period: Option<String>,
    pub referrer: Option<Referrer>,
    pub referrer_group: Option<ReferrerGroup>,
    pub earlier_trajectories: Option<String>,
    pub siblings_in_care: Option<String>,
    pub family_size: Option<String>,
    pub referred_in_period: bool,
    pub closed_in_period: bool,
    pub status_at_end: Option<Status>,
}

impl Qi {
    /// The quasi-identifiers at `node` (levels below a value's own keep it as is).
    pub fn generalised(&self, node: &Node) -> Qi {
        let mut q = self.clone();
        for (a, &level) in Attribute::ALL.iter().zip(node) {
            q.generalise(*a, level);
        }
        q
    }

    fn generalise(&mut self, a: Attribute, level: u8) {
        match a {
            Attribute::AgeBand => {
                self.age_band = hierarchy::age_band(self.age_band.as_deref(), level)
            }
            Attribute::Gender => self.gender = self.gender.filter(|_| level < 1),
            Attribute::Location => {
                if level >= 1 {
                    (self.practice, self.kern) = (None, None);
                }
                if level >= 2 {
                    self.municipality = None;
                }
                if level >= 3 {
                    self.region = None;
                }
            }
            Attribute::ReferralPeriod => {
                self.referral_period = hierarchy::period(&self.referral_period, level)
            }
            Attribute::ClosedPeriod => {
                self.closed_period = self
                    .closed_period
                    .as_deref()
                    .map(|p| hierarchy::period(p, level))
            }
            Attribute::Referrer => {
                if level >= 1 {
                    self.referrer = None;
                }
                if level >= 2 {
                    self.referrer_group = None;
                }
            }
            Attribute::Family => {
                let f = hierarchy::family_count;
                self.earlier_trajectories = f(self.earlier_trajectories.as_deref(), level, 0);
                self.siblings_in_care = f(self.siblings_in_care.as_deref(), level, 0);
                self.family_size = f(self.family_size.as_deref(), level, 1);
            }
        }
    }

    /// One attribute's value at one level, as a key for interning.
    fn attribute_key(&self, a: Attribute, level: u8) -> String {
        let mut q = self.clone();
        q.generalise(a, level);
        match a {
            Attribute::AgeBand => format!("{:?}", q.age_band),
            Attribute::Gender => format!("{:?}", q.gender),
            Attribute::Location => format!("{:?}", (q.practice, q.kern, q.municipality, q.region)),
            Attribute::ReferralPeriod => q.referral_period,
            Attribute::ClosedPeriod => format!("{:?}", q.closed_period),
            Attribute::Referrer => format!("{:?}", (q.referrer, q.referrer_group)),
            Attribute::Family => format!(
                "{:?}",
                (q.earlier_trajectories, q.siblings_in_care, q.family_size)
            ),
        }
    }

    fn fixed_key(&self) -> String {
        format!(
            "{:?}",
            (
                self.referred_in_period,
                self.closed_in_period,
                self.status_at_end,
                self.closed_period.is_some()
            )
        )
    }
}

/// Records per combination of quasi-identifiers and outcome, before generalisation,
/// and which child each record is about.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    combos: BTreeMap<Qi, Combo>,
}

/// The records of one combination: per outcome, and the child of each (by an id the
/// caller chooses).
#[derive(Debug, Clone, Default)]
struct Combo {
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

/// What the search and the rules are to reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub k: u64,
    pub l: u64,
    pub budget_percent: u64,
}

pub const RULES: Rules = Rules {
    k: K,
    l: L,
    budget_percent: SUPPRESSION_BUDGET_PERCENT,
};

/// One attribute and the level it was published at.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generalised {
    pub attribute: Attribute,
    /// A name from [`Attribute::levels`].
    pub level: String,
}

/// What anonymisation did, as the export, its preview and its summary report it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anonymisation {
    /// The rules: every class at least `k` records, every closed class `l` outcomes.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub k: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub l: u64,
    /// The smallest published class (`None`: nothing published).
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub k_reached: Option<u64>,
    /// The fewest distinct outcomes in a published class of closed trajectories.
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub l_reached: Option<u64>,
    /// Records considered for the export.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub records: u64,
    /// Records left out because their class stayed under k or l.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub suppressed: u64,
    /// Records whose class would break k or l if every attribute were published as
    /// registered: the risk the generalisation removed.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub at_risk_before: u64,
    /// Every attribute with the level applied to all records.
    pub generalisation: Vec<Generalised>,
    /// Information loss, 0 (all as registered) to 1 (nothing left); see the module docs.
    pub loss: f64,
    /// Practices named (≥ 10 records) and practices left blank.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub practices_shown: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub practices_hidden: u64,
}

impl Anonymisation {
    /// The node these levels name (unknown names read as the top level).
    pub fn node(&self) -> Node {
        let mut node = [0; ATTRIBUTES];
        for (i, a) in Attribute::ALL.iter().enumerate() {
            let level = self.generalisation.iter().find(|g| g.attribute == *a);
            node[i] = match level {
                Some(g) => a
                    .levels()
                    .iter()
                    .position(|n| *n == g.level)
                    .map_or(a.top(), |p| p as u8),
                None => 0,
            };
        }
        node
    }
}

/// The search's result: the node, and the classes suppressed at it.
#[derive(Debug, Clone)]
pub struct Choice {
    pub node: Node,
    pub records: u64,
    pub suppressed: u64,
    pub k_reached: Option<u64>,
    pub l_reached: Option<u64>,
    /// Records in classes under k or l at the floor (before generalising).
    pub at_risk_before: u64,
    /// Loss numerator over `records * MAX_PRECISION`.
    loss: u64,
    /// Nodes whose classes were counted (the rest were pruned).
    pub evaluated: usize,
    suppressed_classes: HashSet<Qi>,
    rules: Rules,
}

impl Choice {
    /// A record's quasi-identifiers as published, or `None` when it is suppressed.
    pub fn publish(&self, q: &Qi) -> Option<Qi> {
        let g = q.generalised(&self.node);
        (!self.suppressed_classes.contains(&g)).then_some(g)
    }

    pub fn loss(&self) -> f64 {
        if self.records == 0 {
            0.0
        } else {
            self.loss as f64 / (self.records * MAX_PRECISION) as f64
        }
    }

    pub fn anonymisation(&self) -> Anonymisation {
        Anonymisation {
            k: self.rules.k,
            l: self.rules.l,
            k_reached: self.k_reached,
            l_reached: self.l_reached,
            records: self.records,
            suppressed: self.suppressed,
            at_risk_before: self.at_risk_before,
            generalisation: Attribute::ALL
                .iter()
                .zip(self.node)
                .map(|(a, level)| Generalised {
                    attribute: *a,
                    level: a.levels()[usize::from(level)].into(),
                })
                .collect(),
            loss: self.loss(),
            practices_shown: 0,
            practices_hidden: 0,
        }
    }
}

/// Weight of one level step per attribute, so the loss stays in integers: an
/// attribute fully generalised weighs 12 (`12 / highest level` per step), location
/// 24 (where a child lives is what a municipality's figures are about) and the family
/// counts 6 (a detail next to the others).
const STEP: [u64; ATTRIBUTES] = [6, 12, 8, 4, 4, 6, 3];
const MAX_PRECISION: u64 = 12 * 5 + 24 + 6;

fn precision(node: &Node) -> u64 {
    node.iter().zip(STEP).map(|(&l, s)| u64::from(l) * s).sum()
}

/// A combination with its attribute values interned, per level.
struct Encoded {
    ids: [[u32; 4]; ATTRIBUTES],
    fixed: u32,
    n: u64,
    /// The children of its records that have more than one record in the export
    /// (interned); every other record is a child of its own.
    repeated: Vec<u32>,
    outcomes: u16,
    closed: bool,
}

type ClassKey = [u32; ATTRIBUTES + 1];

struct Class {
    /// Records.
    n: u64,
    /// Different children: `n` less the second and later records of a child.
    children: u64,
    repeated: Vec<u32>,
    outcomes: u16,
    closed: bool,
}

fn outcome_bit(o: Option<Outcome>) -> u16 {
    let i = o
        .and_then(|o| Outcome::ALL.iter().position(|x| *x == o))
        .unwrap_or(15);
    1 << i.min(15)
}

fn encode(counts: &Counts) -> Vec<Encoded> {
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

fn key(c: &Encoded, node: &Node) -> ClassKey {
    let mut k = [c.fixed; ATTRIBUTES + 1];
    for (slot, (ids, &level)) in k.iter_mut().zip(c.ids.iter().zip(node)) {
        *slot = ids[usize::from(level)];
    }
    k
}

fn classes(combos: &[Encoded], node: &Node) -> HashMap<ClassKey, Class> {
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

fn passes(c: &Class, r: &Rules) -> bool {
    c.children >= r.k && (!c.closed || u64::from(c.outcomes.count_ones()) >= r.l)
}

/// Records that must be suppressed at `node`.
fn suppressed_at(combos: &[Encoded], node: &Node, r: &Rules) -> u64 {
    classes(combos, node)
        .values()
        .filter(|c| !passes(c, r))
        .map(|c| c.n)
        .sum()
}

/// Every node between `floor` and the top.
fn nodes(floor: &Node) -> Vec<Node> {
    let top = top();
    let mut all = vec![*floor];
    for (i, &highest) in top.iter().enumerate() {
        all = all
            .into_iter()
            .flat_map(|n| {
                (n[i]..=highest).map(move |l| {
                    let mut m = n;
                    m[i] = l;
                    m
                })
            })
            .collect();
    }
    all
}

/// Choose the node with the least loss that keeps suppression within the budget,
/// never below `floor` (a merge starts from the levels its inputs already have).
pub fn search(counts: &Counts, floor: Node, rules: &Rules) -> Choice {
    let mut floor = floor;
    for (f, t) in floor.iter_mut().zip(top()) {
        *f = (*f).min(t);
    }
    let combos = encode(counts);
    let records: u64 = combos.iter().map(|c| c.n).sum();
    let budget = records * rules.budget_percent / 100;
    let top = top();
    let mut order = nodes(&floor);
    let height = |n: &Node| n.iter().map(|&l| u32::from(l)).sum::<u32>();
    order.sort_by_key(|n| (precision(n), height(n), *n));
    let mut failed: Vec<Node> = Vec::new();
    let mut best: Option<(u64, u32, Node)> = None;
    let mut evaluated = 0;
    for node in order {
        // A published record loses at least the node's precision: no node from here
        // on (they are sorted by precision) can beat the best found.
        if best.is_some_and(|(loss, _, _)| records * precision(&node) > loss) {
            break;
        }
        // Monotone: a node finer than one that failed fails too.
        if failed
            .iter()
            .any(|f| node.iter().zip(f).all(|(n, f)| n <= f))
        {
            continue;
        }
        evaluated += 1;
        let s = suppressed_at(&combos, &node, rules);
        if s > budget {
            failed.push(node);
            continue;
        }
        let loss = (records - s) * precision(&node) + s * MAX_PRECISION;
        let candidate = (loss, height(&node), node);
        if best.is_none_or(|b| candidate < b) {
            best = Some(candidate);
        }
    }
    let (loss, node) = match best {
        Some((loss, _, node)) => (loss, node),
        None => {
            let s = suppressed_at(&combos, &top, rules);
            ((records - s) * precision(&top) + s * MAX_PRECISION, top)
        }
    };
    let mut choice = finish(counts, &combos, node, loss, records, evaluated, rules);
    choice.at_risk_before = suppressed_at(&combos, &floor, rules);
    choice
}

fn finish(
    counts: &Counts,
    combos: &[Encoded],
    node: Node,
    loss: u64,
    records: u64,
    evaluated: usize,
    rules: &Rules,
) -> Choice {
    let cls = classes(combos, &node);
    let mut suppressed_classes = HashSet::new();
    let mut suppressed = 0;
    for (q, c) in counts.combos.keys().zip(combos) {
        if !passes(&cls[&key(c, &node)], rules) {
            suppressed += c.n;
            suppressed_classes.insert(q.generalised(&node));
        }
    }
    let kept = cls.values().filter(|c| passes(c, rules));
    let k_reached = kept.clone().map(|c| c.children).min();
    let l_reached = kept
        .filter(|c| c.closed)
        .map(|c| u64::from(c.outcomes.count_ones()))
        .min();
    Choice {
        node,
        records,
        suppressed,
        k_reached,
        l_reached,
        at_risk_before: 0,
        loss,
        evaluated,
        suppressed_classes,
        rules: *rules,
    }
}

#[cfg(test)]
mod tests;
