//! Protection of the aggregate tables: what an attacker who holds every table Spil
//! exported from a vault can still work out, and what Spil publishes so that the
//! answer is "nothing exact".
//!
//! # The attacker
//!
//! They hold every aggregate export of one calendar year from the same vault: the
//! year, its two half-years and its four quarters (the periods the app offers), in
//! every granularity. They know how the tables are built: every row and column adds
//! up to its total, a municipality's total is the same number in every table of the
//! same measure, a year is the sum of its half-years and a half-year of its quarters,
//! a region category is the sum of its outcomes, a municipality's cell is the sum of
//! its kerns' cells (the tables by kern, [`super::aggregate`]). They solve all of that
//! as one integer program, knowing that a hidden count is at least 1 because zeros are
//! published.
//!
//! # The method: hide 1–7, round the rest to multiples of 5, audit
//!
//! - A count of 0 is published as 0. A count of 1 to 7 is hidden ("geheim").
//! - Every other count, totals included, is published rounded to the nearest multiple
//!   of 5 ([`round`]): 8 to 12 become 10, 13 to 17 become 15. A published 10 tells
//!   the attacker only that the count lies between 8 and 12.
//! - Cell suppression alone (hide small cells, then hide more until every hidden cell
//!   lies on a cycle of hidden cells) was tried first and fails this attacker: with
//!   exact totals, a cell of 1 is pinned whenever the cycle's other cells are 1 too,
//!   and the year, half-year and quarter tables add so many equations that the hidden
//!   cells cascade until most of a table is gone. Rounding, as CBS does, leaves every
//!   equation a band of width 4 on each side; that freedom adds up over the cells of a
//!   row instead of cancelling, so a hidden cell keeps many possible values while a
//!   municipality's analyst reads every published count to within 2. Protection
//!   intervals (Tau-Argus) give the same kind of guarantee but need an interval per
//!   cell in the file; multiples of 5 are what Dutch municipalities already read.
//! - Rounding alone is not a proof. Before anything is written, [`super::audit`]
//!   solves the attacker's integer program with an LP/ILP solver and exhibits, for
//!   every hidden cell, at least four integer solutions that agree with every
//!   published number, each checked exactly in integer arithmetic (the solver only
//!   proposes them). A hidden cell with fewer than four possible values is *pinned*.
//! - Greedy repair: while a hidden cell is pinned, hide the cheapest published cell
//!   of the period being decided that shares an equation with it (the smallest count;
//!   the nearest equation first), and audit again. If nothing is left to hide, the
//!   export fails with [`crate::Error::TablesUnprotected`] and nothing is written.
//!
//! # Periods are decided one after another
//!
//! A quarter's export must not change once the next quarter's data exist: a worker
//! who exported Q1 in April and the year in January hands the attacker both. So the
//! periods of a year are decided in a fixed order, Q1, Q2, H1, Q3, Q4, H2, year, each
//! from its own data and what the earlier ones already published; a later period only
//! hides more of its own cells to protect an earlier one. The same vault, period and
//! settings therefore always give the same cells and the same hidden pattern, and an
//! export of a period depends only on the periods it contains.
//!
//! Every count in the tables is additive over periods (referrals, problem-area
//! mentions, closed trajectories and consultations are each counted in the month they
//! happen), so these links are exact. Non-additive figures (medians, means) are not
//! counts: they are published only over at least 10 values and are not part of the
//! attacker's equations.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Counts up to this are hidden (cells of 1–7).
pub const THRESHOLD: u64 = 7;
/// Published counts are rounded to a multiple of this.
pub const BASE: u64 = 5;

/// A count as published: its nearest multiple of [`BASE`].
pub fn round(v: u64) -> u64 {
    (v + BASE / 2) / BASE * BASE
}

/// The true counts a published rounded value can stand for.
pub fn band(published: u64) -> (u64, u64) {
    (published.saturating_sub(BASE / 2), published + BASE / 2)
}

/// How one quantity is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Exactly 0.
    Zero,
    /// Rounded to this multiple of 5.
    Rounded(u64),
    /// "geheim".
    Hidden,
}

/// Why a cell is not shown as its true count: for the preview, never in the file.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// A count of 1–7.
    Small,
    /// Hidden so that another hidden cell keeps enough possible values.
    Protects,
    /// Published as a multiple of 5.
    Rounded,
}

/// The equations of the attacker and the published state of every quantity, over the
/// periods decided so far.
#[derive(Debug, Default, Clone)]
pub struct Ledger {
    keys: Vec<String>,
    index: HashMap<String, usize>,
    values: Vec<u64>,
    shown: Vec<Option<Shown>>,
    /// For a hidden cell that protects another: that cell.
    protects: Vec<Option<usize>>,
    step_of: Vec<usize>,
    lines: Vec<(usize, Vec<usize>)>,
    line_step: Vec<usize>,
    line_set: HashSet<(usize, Vec<usize>)>,
    /// The inner cells of each table, over all periods: the audit first looks for
    /// other solutions inside a hidden cell's own table, with every total held.
    groups: std::collections::BTreeMap<String, Vec<usize>>,
    step: usize,
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// Start deciding the next period.
    pub fn next_step(&mut self) {
        self.step += 1;
    }

    /// Register a quantity by its key; the same key must always have the same count.
    pub fn quantity(&mut self, key: &str, value: u64) -> Result<usize> {
        if let Some(&i) = self.index.get(key) {
            if self.values[i] != value {
                return Err(inconsistent(key));
            }
            return Ok(i);
        }
        let i = self.keys.len();
        self.keys.push(key.to_owned());
        self.index.insert(key.to_owned(), i);
        self.values.push(value);
        self.shown.push(None);
        self.protects.push(None);
        self.step_of.push(self.step);
        Ok(i)
    }

    /// A quantity known to be zero because its row or column is absent from a period.
    pub fn absent(&mut self, key: &str) -> Result<usize> {
        self.quantity(key, 0)
    }

    /// Note the inner cells of one table (of one period).
    pub fn group(&mut self, table: &str, cells: Vec<usize>) {
        self.groups
            .entry(table.to_owned())
            .or_default()
            .extend(cells);
    }

    /// The inner cells of every table, over all periods, by table name.
    pub fn groups(&self) -> impl Iterator<Item = &Vec<usize>> {
        self.groups.values()
    }

    pub fn get(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// `total` = sum of `parts`, an equation the attacker knows.
    pub fn line(&mut self, total: usize, mut parts: Vec<usize>) -> Result<()> {
        parts.sort_unstable();
        let sum: u64 = parts.iter().map(|&p| self.values[p]).sum();
        if sum != self.values[total] {
            return Err(inconsistent(&self.keys[total]));
        }
        if self.line_set.insert((total, parts.clone())) {
            self.lines.push((total, parts));
            self.line_step.push(self.step);
        }
        Ok(())
    }

    /// Mark a quantity as published in a table; decided now if it was not yet.
    pub fn publish(&mut self, i: usize) {
        if self.shown[i].is_none() {
            let v = self.values[i];
            self.shown[i] = Some(match v {
                0 => Shown::Zero,
                v if v <= THRESHOLD => Shown::Hidden,
                v => Shown::Rounded(round(v)),
            });
            self.step_of[i] = self.step;
        }
    }

    pub fn shown(&self, i: usize) -> Option<Shown> {
        self.shown[i]
    }

    pub fn value(&self, i: usize) -> u64 {
        self.values[i]
    }

    pub fn key(&self, i: usize) -> &str {
        &self.keys[i]
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn lines(&self) -> &[(usize, Vec<usize>)] {
        &self.lines
    }

    /// The quantities connected, over equations, to an equation or a decision of the
    /// current period: only their possible values can have changed since the earlier
    /// periods were audited.
    pub fn touched(&self) -> HashSet<usize> {
        let mut lines_of: HashMap<usize, Vec<usize>> = HashMap::new();
        for (n, (t, parts)) in self.lines.iter().enumerate() {
            for &q in std::iter::once(t).chain(parts) {
                lines_of.entry(q).or_default().push(n);
            }
        }
        let mut seen: HashSet<usize> = (0..self.keys.len())
            .filter(|&i| self.step_of[i] == self.step)
            .collect();
        for (n, (t, parts)) in self.lines.iter().enumerate() {
            if self.line_step[n] == self.step {
                seen.insert(*t);
                seen.extend(parts.iter().copied());
            }
        }
        let mut stack: Vec<usize> = seen.iter().copied().collect();
        while let Some(q) = stack.pop() {
            for &n in lines_of.get(&q).into_iter().flatten() {
                let (t, parts) = &self.lines[n];
                for &r in std::iter::once(t).chain(parts) {
                    if seen.insert(r) {
                        stack.push(r);
                    }
                }
            }
        }
        seen
    }

    /// Why quantity `i` is not shown as its true count, and the cell it protects.
    pub fn reason(&self, i: usize) -> Option<(ReasonCode, Option<&str>)> {
        match self.shown[i]? {
            Shown::Zero => None,
            Shown::Rounded(_) => Some((ReasonCode::Rounded, None)),
            Shown::Hidden => match self.protects[i] {
                Some(p) => Some((ReasonCode::Protects, Some(&self.keys[p]))),
                None => Some((ReasonCode::Small, None)),
            },
        }
    }

    /// Audit, and hide more of this period's cells until no hidden cell is pinned.
    pub fn protect(&mut self) -> Result<()> {
        // Hidden counts of earlier periods that nothing new reaches keep their proof.
        let touched = self.touched();
        let mut settled: HashSet<usize> = (0..self.keys.len())
            .filter(|i| !touched.contains(i))
            .collect();
        loop {
            let Some(pinned) = super::audit::pinned(self, &mut settled)? else {
                return Ok(());
            };
            let Some(cover) = self.cheapest_cover(pinned) else {
                return Err(Error::TablesUnprotected {
                    cell: self.keys[pinned].clone(),
                });
            };
            self.shown[cover] = Some(Shown::Hidden);
            self.protects[cover] = Some(pinned);
        }
    }

    /// The published cell of the current period nearest to `pinned` over the
    /// equations, smallest count first, then by key.
    fn cheapest_cover(&self, pinned: usize) -> Option<usize> {
        let mut lines_of: HashMap<usize, Vec<usize>> = HashMap::new();
        for (n, (t, parts)) in self.lines.iter().enumerate() {
            for &q in std::iter::once(t).chain(parts) {
                lines_of.entry(q).or_default().push(n);
            }
        }
        let mut seen: BTreeSet<usize> = BTreeSet::from([pinned]);
        let mut frontier = vec![pinned];
        while !frontier.is_empty() {
            let mut next = BTreeSet::new();
            for q in &frontier {
                for &n in lines_of.get(q).into_iter().flatten() {
                    let (t, parts) = &self.lines[n];
                    for &r in std::iter::once(t).chain(parts) {
                        if seen.insert(r) {
                            next.insert(r);
                        }
                    }
                }
            }
            let best = next
                .iter()
                .copied()
                .filter(|&r| {
                    self.step_of[r] == self.step && matches!(self.shown[r], Some(Shown::Rounded(_)))
                })
                .min_by(|&a, &b| {
                    (self.values[a], &self.keys[a]).cmp(&(self.values[b], &self.keys[b]))
                });
            if best.is_some() {
                return best;
            }
            frontier = next.into_iter().collect();
        }
        None
    }
}

fn inconsistent(key: &str) -> Error {
    Error::TablesUnprotected {
        cell: format!("{key} (inconsistent counts)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_bands() {
        assert_eq!(round(8), 10);
        assert_eq!(round(12), 10);
        assert_eq!(round(13), 15);
        assert_eq!(round(100), 100);
        for v in 8..200 {
            let (lo, hi) = band(round(v));
            assert!((lo..=hi).contains(&v));
            assert_eq!(hi - lo, 4);
        }
    }

    /// A 2×2 table of ones with small totals is all hidden; the grand total 4 too.
    /// Every hidden cell is pinned at 1 unless something larger is hidden with it.
    #[test]
    fn ones_with_exact_zeros_get_company() {
        let mut l = Ledger::new();
        let c = |l: &mut Ledger, k: &str, v| l.quantity(k, v).unwrap();
        let a = c(&mut l, "a", 1);
        let b = c(&mut l, "b", 20);
        let ra = c(&mut l, "ra", 1);
        let rb = c(&mut l, "rb", 20);
        let t = c(&mut l, "t", 21);
        l.line(ra, vec![a]).unwrap();
        l.line(rb, vec![b]).unwrap();
        l.line(t, vec![ra, rb]).unwrap();
        l.line(t, vec![a, b]).unwrap();
        for i in 0..l.len() {
            l.publish(i);
        }
        l.protect().unwrap();
        assert_eq!(l.shown(a), Some(Shown::Hidden));
        // 20 and 21 are rounded to 20 ([18, 22]): a = t - b lies in [1, 4]: four values.
        assert_eq!(l.shown(b), Some(Shown::Rounded(20)));
    }

    /// a + b = t with a = b = 1, and t = t2 - s with t2 = 22 and s = 20 both published
    /// as 20 ([18, 22]): t lies in [2, 4], so a in [1, 3]: pinned until s or t2 hides.
    #[test]
    fn a_pinned_cell_is_covered() {
        let mut l = Ledger::new();
        let a = l.quantity("a", 1).unwrap();
        let b = l.quantity("b", 1).unwrap();
        let t = l.quantity("t", 2).unwrap();
        let s = l.quantity("s", 20).unwrap();
        let t2 = l.quantity("t2", 22).unwrap();
        l.line(t, vec![a, b]).unwrap();
        l.line(t2, vec![t, s]).unwrap();
        for i in 0..l.len() {
            l.publish(i);
        }
        let mut settled = HashSet::new();
        assert_eq!(
            super::super::audit::pinned(&l, &mut settled).unwrap(),
            Some(a)
        );
        l.protect().unwrap();
        assert_eq!(
            l.shown(s),
            Some(Shown::Hidden),
            "the cheaper neighbour hides"
        );
        assert_eq!(l.reason(s), Some((ReasonCode::Protects, Some("a"))));
        assert_eq!(l.shown(t2), Some(Shown::Rounded(20)));
        assert_eq!(l.reason(a), Some((ReasonCode::Small, None)));
    }
}
