//! The export's self-audit: for every hidden count, find at least four integer
//! solutions of everything published that give it four different values.
//!
//! The attacker's program ([`super::suppress`]): one integer unknown per quantity;
//! a published 0 is 0; a published multiple of 5 lies in its band of ±2; a hidden
//! count is at least 1; a count that was never published is at least 0; every
//! equation of the [`Ledger`] holds. An LP/ILP solver (`good_lp` with the pure-Rust
//! `microlp` backend) proposes solutions that maximise, minimise or fix a hidden
//! count. The solver works in floating point, so a proposal is only a candidate: it
//! is rounded to integers and counts only if it satisfies every bound and equation
//! exactly, in `i64` arithmetic. The true counts are the first solution.
//!
//! Most hidden counts are settled in a small neighbourhood: first the inner cells of
//! their own tables, then the quantities within two equations of them, the rest held
//! at their true values (which keeps every proposal a solution of the whole program);
//! only the rest are solved over everything. A hidden
//! count for which no four verified values turn up is *pinned*, and is reported.

use std::collections::{BTreeSet, HashMap, HashSet};

use good_lp::solvers::microlp::microlp;
use good_lp::{variable, Expression, ProblemVariables, Solution, SolverModel, Variable};

use super::suppress::{band, Ledger, Shown};
use crate::Result;

/// Distinct values every hidden count must be able to take.
pub const MIN_VALUES: usize = 4;

/// What a solve looks for; a sum is maximised.
#[derive(Clone)]
enum Goal {
    Max(usize),
    Min(usize),
    Fix(usize, i64),
    Sum(Vec<(usize, f64)>),
}

struct Program<'a> {
    ledger: &'a Ledger,
    lo: Vec<i64>,
    hi: Vec<i64>,
    truth: Vec<i64>,
    lines_of: Vec<Vec<usize>>,
}

impl<'a> Program<'a> {
    fn new(ledger: &'a Ledger) -> Program<'a> {
        let n = ledger.len();
        let truth: Vec<i64> = (0..n).map(|i| ledger.value(i) as i64).collect();
        let top = truth.iter().copied().max().unwrap_or(0) * 4 + 100;
        let (mut lo, mut hi) = (vec![0; n], vec![top; n]);
        for i in 0..n {
            match ledger.shown(i) {
                Some(Shown::Zero) => hi[i] = 0,
                Some(Shown::Rounded(r)) => {
                    let (a, b) = band(r);
                    (lo[i], hi[i]) = (a as i64, b as i64);
                }
                Some(Shown::Hidden) => lo[i] = 1,
                None => {}
            }
        }
        let mut lines_of = vec![Vec::new(); n];
        for (k, (t, parts)) in ledger.lines().iter().enumerate() {
            for &q in std::iter::once(t).chain(parts) {
                lines_of[q].push(k);
            }
        }
        Program {
            ledger,
            lo,
            hi,
            truth,
            lines_of,
        }
    }

    /// Does `x` satisfy every bound and every equation, exactly?
    fn verify(&self, x: &[i64]) -> bool {
        x.len() == self.truth.len()
            && x.iter()
                .zip(self.lo.iter().zip(&self.hi))
                .all(|(v, (a, b))| a <= v && v <= b)
            && self
                .ledger
                .lines()
                .iter()
                .all(|(t, parts)| parts.iter().map(|&p| x[p]).sum::<i64>() == x[*t])
    }

    /// The quantities within `hops` equations of `h`.
    fn near(&self, h: usize, hops: usize) -> BTreeSet<usize> {
        let mut seen = BTreeSet::from([h]);
        let mut frontier = vec![h];
        for _ in 0..hops {
            if frontier.is_empty() {
                break;
            }
            let mut next = Vec::new();
            for q in frontier {
                for &k in &self.lines_of[q] {
                    let (t, parts) = &self.ledger.lines()[k];
                    for &r in std::iter::once(t).chain(parts) {
                        if seen.insert(r) {
                            next.push(r);
                        }
                    }
                }
            }
            frontier = next;
        }
        seen
    }

    /// The quantities connected to `h` over equations.
    fn component(&self, h: usize) -> BTreeSet<usize> {
        self.near(h, usize::MAX)
    }

    /// A verified solution with `free` unknowns (others at their true values).
    fn solve(&self, free: &BTreeSet<usize>, goal: &Goal) -> Option<Vec<i64>> {
        let mut vars = ProblemVariables::new();
        let mut var_of: HashMap<usize, Variable> = HashMap::new();
        for &q in free {
            let (mut a, mut b) = (self.lo[q], self.hi[q]);
            if let Goal::Fix(h, v) = goal {
                if q == *h {
                    if *v < a || *v > b {
                        return None;
                    }
                    (a, b) = (*v, *v);
                }
            }
            var_of.insert(
                q,
                vars.add(variable().integer().min(a as f64).max(b as f64)),
            );
        }
        let problem = match goal {
            Goal::Max(h) => vars.maximise(*var_of.get(h)?),
            Goal::Min(h) => vars.minimise(*var_of.get(h)?),
            Goal::Fix(h, _) => {
                var_of.get(h)?;
                vars.minimise(Expression::from(0.0))
            }
            Goal::Sum(weights) => {
                let mut e = Expression::from(0.0);
                for (q, w) in weights {
                    if let Some(v) = var_of.get(q) {
                        e.add_mul(*w, *v);
                    }
                }
                vars.maximise(e)
            }
        };
        let mut model = problem.using(microlp);
        let mut used = BTreeSet::new();
        for q in free {
            used.extend(self.lines_of[*q].iter().copied());
        }
        for k in used {
            let (t, parts) = &self.ledger.lines()[k];
            let mut e = Expression::from(0.0);
            let mut add = |q: usize, sign: f64| match var_of.get(&q) {
                Some(v) => e.add_mul(sign, *v),
                None => e += sign * self.truth[q] as f64,
            };
            for &p in parts {
                add(p, 1.0);
            }
            add(*t, -1.0);
            model = model.with(e.eq(0.0));
        }
        let solution = model.solve().ok()?;
        let mut x = self.truth.clone();
        for (q, v) in &var_of {
            let f = solution.value(*v);
            if !f.is_finite() {
                return None;
            }
            x[*q] = f.round() as i64;
        }
        self.verify(&x).then_some(x)
    }
}

/// The first hidden count (in ledger order) with fewer than [`MIN_VALUES`] verified
/// possible values, or `None` when every hidden count has them. Counts in `settled`
/// are skipped, and every count proven here is added to it: the caller keeps it only
/// while the program merely loosens (hiding a published count widens its bounds, so
/// every solution found stays a solution).
pub fn pinned(ledger: &Ledger, settled: &mut HashSet<usize>) -> Result<Option<usize>> {
    let program = Program::new(ledger);
    let hidden: Vec<usize> = (0..ledger.len())
        .filter(|&i| ledger.shown(i) == Some(Shown::Hidden) && !settled.contains(&i))
        .collect();
    if !program.verify(&program.truth) {
        // The true counts break a published bound: a bug, never publish.
        return Ok(hidden.first().copied().or(Some(0)));
    }
    let mut values: HashMap<usize, BTreeSet<i64>> = hidden
        .iter()
        .map(|&h| (h, BTreeSet::from([program.truth[h]])))
        .collect();
    let record = |x: &[i64], values: &mut HashMap<usize, BTreeSet<i64>>| {
        for (h, set) in values.iter_mut() {
            set.insert(x[*h]);
        }
    };
    let groups: Vec<&Vec<usize>> = ledger.groups().collect();
    let mut groups_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (g, cells) in groups.iter().enumerate() {
        for &q in cells.iter() {
            groups_of.entry(q).or_default().push(g);
        }
    }
    let mut components: Vec<BTreeSet<usize>> = Vec::new();
    let mut component_of: HashMap<usize, usize> = HashMap::new();
    for &h in &hidden {
        if !component_of.contains_key(&h) {
            let c = program.component(h);
            for &q in &c {
                component_of.insert(q, components.len());
            }
            components.push(c);
        }
    }
    // Each hidden count settles in the cheapest place it can: its own table in every
    // period (totals held), then two equations out, then its whole component; before
    // the per-count solves of a component, four solves push all its hidden counts up
    // and down at once.
    let mut batched: HashSet<usize> = HashSet::new();
    for &h in &hidden {
        let own: BTreeSet<usize> = groups_of
            .get(&h)
            .into_iter()
            .flatten()
            .flat_map(|&g| groups[g].iter().copied())
            .collect();
        let c = component_of[&h];
        for (level, free) in [own, program.near(h, 2), components[c].clone()]
            .into_iter()
            .enumerate()
        {
            if values[&h].len() >= MIN_VALUES {
                break;
            }
            if free.is_empty() {
                continue;
            }
            if level == 2 && batched.insert(c) {
                let inside: Vec<usize> = hidden
                    .iter()
                    .copied()
                    .filter(|q| components[c].contains(q))
                    .collect();
                for sign in [1.0, -1.0] {
                    for alternate in [false, true] {
                        let weights = inside
                            .iter()
                            .enumerate()
                            .map(|(n, &q)| {
                                let flip = if alternate && n % 2 == 1 { -1.0 } else { 1.0 };
                                (q, sign * flip)
                            })
                            .collect();
                        if let Some(x) = program.solve(&free, &Goal::Sum(weights)) {
                            record(&x, &mut values);
                        }
                    }
                }
                if values[&h].len() >= MIN_VALUES {
                    break;
                }
            }
            for goal in [Goal::Max(h), Goal::Min(h)] {
                if let Some(x) = program.solve(&free, &goal) {
                    record(&x, &mut values);
                }
            }
            let (lo, hi) = match (values[&h].first(), values[&h].last()) {
                (Some(a), Some(b)) => (*a, *b),
                _ => continue,
            };
            // A few tries between the extremes; the polytope is convex, so the values
            // next to a known one are the likeliest to be integral solutions too.
            let mut v = lo + 1;
            let mut tries = 0;
            while v < hi && values[&h].len() < MIN_VALUES && tries < 2 * MIN_VALUES {
                if !values[&h].contains(&v) {
                    tries += 1;
                    if let Some(x) = program.solve(&free, &Goal::Fix(h, v)) {
                        record(&x, &mut values);
                    }
                }
                v += 1;
            }
        }
        if values[&h].len() < MIN_VALUES {
            return Ok(Some(h));
        }
        settled.insert(h);
    }
    Ok(None)
}
