//! Choosing what to withhold: the loss of a node, the lattice search for the node with
//! the least loss within the suppression budget, and the [`Choice`] it makes (the node,
//! and the classes suppressed at it), which publishes each record or leaves it out.

use std::collections::HashSet;

use super::counts::{classes, encode, key, passes, suppressed_at, Counts, Encoded};
use super::generalise::{top, Attribute, Node, Qi, ATTRIBUTES};
use super::{Anonymisation, Generalised, Rules};

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
    pub(super) loss: u64,
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
pub(super) const MAX_PRECISION: u64 = 12 * 5 + 24 + 6;

pub(super) fn precision(node: &Node) -> u64 {
    node.iter().zip(STEP).map(|(&l, s)| u64::from(l) * s).sum()
}

/// Every node between `floor` and the top.
pub(super) fn nodes(floor: &Node) -> Vec<Node> {
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
