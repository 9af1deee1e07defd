//! Cell suppression for aggregate tables: small counts are hidden ("geheim"), and
//! enough other cells are hidden with them that no hidden cell can be worked out from
//! the published row, column and grand totals.
//!
//! A table with its totals is a grid of (R+1) × (C+1) cells; the last row and column
//! hold the totals. Think of the hidden cells as edges of a bipartite graph between
//! row lines and column lines. Moving +1/−1 around a cycle of hidden cells keeps every
//! published total the same, so a hidden cell on a cycle cannot be recovered; a hidden
//! cell on no cycle (a *bridge*) can. As long as every hidden cell is positive, both
//! directions of the move stay non-negative. So the rule is:
//!
//! 1. primary: hide every cell (totals included) with a value from 1 to `threshold`;
//! 2. secondary: while some hidden cell is a bridge, hide the cheapest path of visible,
//!    positive cells that closes a cycle through it (cheapest = smallest values, so
//!    the least information is lost). Zero cells are never hidden.
//!
//! Tables that share a total (say referrals per municipality, in several tables) must
//! hide it everywhere or nowhere: [`protect`] repeats both steps over all tables until
//! no shared total is hidden in one table and shown in another.

use std::collections::{BTreeSet, HashMap, HashSet};

/// Counts up to this are hidden (docs/PRIVACY.md: cells of 1–7 are hidden).
pub const THRESHOLD: u64 = 7;

/// A table's counts with its totals, what is hidden, and the keys of shared totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// (R+1) rows of (C+1) values; the last row and the last column are the totals.
    pub values: Vec<Vec<u64>>,
    pub hidden: Vec<Vec<bool>>,
    /// A key per row total, per column total and for the grand total: equal keys in
    /// different tables name the same published number.
    pub row_keys: Vec<String>,
    pub column_keys: Vec<String>,
    pub total_key: String,
}

impl Grid {
    /// A grid from inner cells; totals are added.
    pub fn new(
        cells: Vec<Vec<u64>>,
        row_keys: Vec<String>,
        column_keys: Vec<String>,
        total_key: String,
    ) -> Grid {
        let c = column_keys.len();
        let mut values: Vec<Vec<u64>> = cells
            .into_iter()
            .map(|mut row| {
                row.resize(c, 0);
                let t = row.iter().sum();
                row.push(t);
                row
            })
            .collect();
        let totals: Vec<u64> = (0..=c).map(|j| values.iter().map(|r| r[j]).sum()).collect();
        values.push(totals);
        let hidden = vec![vec![false; c + 1]; values.len()];
        Grid {
            values,
            hidden,
            row_keys,
            column_keys,
            total_key,
        }
    }

    fn rows(&self) -> usize {
        self.values.len()
    }
    fn cols(&self) -> usize {
        self.values[0].len()
    }

    /// The shared key of a total cell, if (i, j) is one.
    pub fn key(&self, i: usize, j: usize) -> Option<&str> {
        let (r, c) = (self.rows() - 1, self.cols() - 1);
        match (i == r, j == c) {
            (true, true) => Some(&self.total_key),
            (false, true) => Some(&self.row_keys[i]),
            (true, false) => Some(&self.column_keys[j]),
            (false, false) => None,
        }
    }

    fn primary(&mut self, threshold: u64) -> bool {
        let mut changed = false;
        for (vals, hid) in self.values.iter().zip(self.hidden.iter_mut()) {
            for (v, h) in vals.iter().zip(hid.iter_mut()) {
                if (1..=threshold).contains(v) && !*h {
                    *h = true;
                    changed = true;
                }
            }
        }
        changed
    }

    /// Hide cells until no hidden cell is a bridge. Returns whether anything changed.
    fn secondary(&mut self) -> bool {
        let mut changed = false;
        while let Some((i, j)) = self.find_bridge() {
            match self.cheapest_cycle_path(i, j) {
                Some(path) => {
                    for (a, b) in path {
                        self.hidden[a][b] = true;
                    }
                }
                // Unreachable while hidden cells are positive (the totals always close
                // a cycle); hide every positive cell rather than publish a bridge.
                None => {
                    for (vals, hid) in self.values.iter().zip(self.hidden.iter_mut()) {
                        for (v, h) in vals.iter().zip(hid.iter_mut()) {
                            *h |= *v > 0;
                        }
                    }
                }
            }
            changed = true;
        }
        changed
    }

    /// Nodes: row lines 0..R+1, then column lines. Is (i, j) on no cycle of hidden cells?
    fn find_bridge(&self) -> Option<(usize, usize)> {
        let (r, c) = (self.rows(), self.cols());
        for i in 0..r {
            for j in 0..c {
                if !self.hidden[i][j] {
                    continue;
                }
                // Can row i reach column j over hidden cells other than (i, j)?
                let mut seen = vec![false; r + c];
                let mut stack = vec![i];
                seen[i] = true;
                while let Some(n) = stack.pop() {
                    for (a, b) in self.hidden_edges_at(n) {
                        if (a, b) == (i, j) {
                            continue;
                        }
                        let other = if n < r { r + b } else { a };
                        if !seen[other] {
                            seen[other] = true;
                            stack.push(other);
                        }
                    }
                }
                if !seen[r + j] {
                    return Some((i, j));
                }
            }
        }
        None
    }

    fn hidden_edges_at(&self, node: usize) -> Vec<(usize, usize)> {
        let r = self.rows();
        if node < r {
            (0..self.cols())
                .filter(|&j| self.hidden[node][j])
                .map(|j| (node, j))
                .collect()
        } else {
            let j = node - r;
            (0..r)
                .filter(|&i| self.hidden[i][j])
                .map(|i| (i, j))
                .collect()
        }
    }

    /// Dijkstra from row line `i` to column line `j` without using cell (i, j): hidden
    /// cells are free, visible positive cells cost their value, zeros are not used.
    /// Returns the visible cells to hide.
    fn cheapest_cycle_path(&self, i: usize, j: usize) -> Option<Vec<(usize, usize)>> {
        let (r, c) = (self.rows(), self.cols());
        let n = r + c;
        let mut dist = vec![u64::MAX; n];
        let mut prev: Vec<Option<(usize, (usize, usize))>> = vec![None; n];
        let mut queue = BTreeSet::new();
        dist[i] = 0;
        queue.insert((0u64, i));
        while let Some((d, node)) = queue.pop_first() {
            if node == r + j {
                break;
            }
            let cells: Vec<(usize, usize)> = if node < r {
                (0..c).map(|b| (node, b)).collect()
            } else {
                (0..r).map(|a| (a, node - r)).collect()
            };
            for (a, b) in cells {
                if (a, b) == (i, j) || (!self.hidden[a][b] && self.values[a][b] == 0) {
                    continue;
                }
                let cost = if self.hidden[a][b] {
                    0
                } else {
                    self.values[a][b]
                };
                let other = if node < r { r + b } else { a };
                let nd = d.saturating_add(cost);
                if nd < dist[other] {
                    queue.remove(&(dist[other], other));
                    dist[other] = nd;
                    prev[other] = Some((node, (a, b)));
                    queue.insert((nd, other));
                }
            }
        }
        let mut path = Vec::new();
        let mut node = r + j;
        while node != i {
            let (p, cell) = prev[node]?;
            if !self.hidden[cell.0][cell.1] {
                path.push(cell);
            }
            node = p;
        }
        Some(path)
    }
}

/// Protect a set of tables together (see the module docs).
pub fn protect(grids: &mut [Grid], threshold: u64) {
    for g in grids.iter_mut() {
        g.primary(threshold);
    }
    loop {
        close_cycles_and_share(grids);
        // The cycle rule holds within each table, but tables that share totals add
        // equations together: a value can follow from two tables that each protect
        // it alone. Solve the published equations of all tables at once, and for a
        // hidden cell they still determine, hide its row and column in that table.
        let determined = determined_cells(grids);
        if determined.is_empty() {
            return;
        }
        for (t, i, j) in determined {
            let g = &mut grids[t];
            for jj in 0..g.cols() {
                if g.values[i][jj] > 0 {
                    g.hidden[i][jj] = true;
                }
            }
            for ii in 0..g.rows() {
                if g.values[ii][j] > 0 {
                    g.hidden[ii][j] = true;
                }
            }
        }
    }
}

fn close_cycles_and_share(grids: &mut [Grid]) {
    loop {
        for g in grids.iter_mut() {
            g.secondary();
        }
        let hidden_keys: HashSet<String> = grids
            .iter()
            .flat_map(|g| {
                let mut keys = Vec::new();
                for i in 0..g.rows() {
                    for j in 0..g.cols() {
                        if g.hidden[i][j] {
                            keys.extend(g.key(i, j).map(str::to_owned));
                        }
                    }
                }
                keys
            })
            .collect();
        let mut changed = false;
        for g in grids.iter_mut() {
            for i in 0..g.rows() {
                for j in 0..g.cols() {
                    if !g.hidden[i][j] && g.key(i, j).is_some_and(|k| hidden_keys.contains(k)) {
                        g.hidden[i][j] = true;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return;
        }
    }
}

/// Hidden cells (table, row, column) whose value the published numbers of all
/// tables together fix. Unknowns are the hidden inner cells and the hidden totals
/// (one unknown per shared key); every row and column of every table says its
/// cells add up to its total. A hidden value is fixed exactly when no solution of
/// the homogeneous system moves it: when its column in the reduced echelon form is
/// a pivot whose row touches no free unknown.
fn determined_cells(grids: &[Grid]) -> Vec<(usize, usize, usize)> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut cells_of: Vec<Vec<(usize, usize, usize)>> = Vec::new();
    let unknown = |t: usize, g: &Grid, i: usize, j: usize| match g.key(i, j) {
        Some(k) => format!("k:{k}"),
        None => format!("c:{t}:{i}:{j}"),
    };
    for (t, g) in grids.iter().enumerate() {
        for i in 0..g.rows() {
            for j in 0..g.cols() {
                if g.hidden[i][j] {
                    let name = unknown(t, g, i, j);
                    let next = index.len();
                    let v = *index.entry(name).or_insert(next);
                    if v == cells_of.len() {
                        cells_of.push(Vec::new());
                    }
                    cells_of[v].push((t, i, j));
                }
            }
        }
    }
    let n = index.len();
    if n == 0 {
        return Vec::new();
    }
    let mut eqs: Vec<Vec<f64>> = Vec::new();
    for (t, g) in grids.iter().enumerate() {
        let (r, c) = (g.rows(), g.cols());
        let lines = (0..r)
            .map(|i| (0..c).map(|j| (i, j)).collect::<Vec<_>>())
            .chain((0..c).map(|j| (0..r).map(|i| (i, j)).collect::<Vec<_>>()));
        for line in lines {
            let mut eq = vec![0.0_f64; n];
            let last = line.len() - 1;
            for (k, &(i, j)) in line.iter().enumerate() {
                if g.hidden[i][j] {
                    eq[index[&unknown(t, g, i, j)]] += if k == last { -1.0 } else { 1.0 };
                }
            }
            if eq.iter().any(|x| x.abs() > 0.5) {
                eqs.push(eq);
            }
        }
    }
    // Gauss-Jordan elimination with partial pivoting; entries stay small integers
    // or simple fractions, so a tolerance separates zero from non-zero safely.
    let mut pivot_of_row: Vec<usize> = Vec::new();
    let mut row = 0;
    for col in 0..n {
        let Some(best) =
            (row..eqs.len()).max_by(|&a, &b| eqs[a][col].abs().total_cmp(&eqs[b][col].abs()))
        else {
            break;
        };
        if eqs[best][col].abs() < 1e-9 {
            continue;
        }
        eqs.swap(row, best);
        let lead = eqs[row][col];
        eqs[row].iter_mut().for_each(|x| *x /= lead);
        let pivot = eqs[row].clone();
        for (r, eq) in eqs.iter_mut().enumerate() {
            let f = eq[col];
            if r != row && f.abs() > 1e-12 {
                eq.iter_mut().zip(&pivot).for_each(|(x, p)| *x -= f * p);
            }
        }
        pivot_of_row.push(col);
        row += 1;
        if row == eqs.len() {
            break;
        }
    }
    let mut out = Vec::new();
    for (r, &col) in pivot_of_row.iter().enumerate() {
        let alone = eqs[r]
            .iter()
            .enumerate()
            .all(|(k, x)| k == col || x.abs() < 1e-9);
        if alone {
            out.extend(cells_of[col].iter().copied());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(cells: Vec<Vec<u64>>) -> Grid {
        let (r, c) = (cells.len(), cells[0].len());
        Grid::new(
            cells,
            (0..r).map(|i| format!("r{i}")).collect(),
            (0..c).map(|j| format!("c{j}")).collect(),
            "t".into(),
        )
    }

    #[test]
    fn a_lone_small_cell_takes_company() {
        let mut g = vec![grid(vec![vec![20, 3, 30], vec![40, 50, 60]])];
        protect(&mut g, THRESHOLD);
        let h = &g[0].hidden;
        assert!(h[0][1]);
        // Row 0 and column 1 each need a second hidden cell; the cheapest cycle runs
        // through 20 (row 0), 40 (column 0) and 50 (column 1, row 1).
        let n: usize = h.iter().flatten().filter(|&&x| x).count();
        assert_eq!(n, 4, "{h:?}");
        assert!(g[0].find_bridge().is_none());
    }

    #[test]
    fn small_totals_are_hidden_and_zeros_never() {
        let mut g = vec![grid(vec![vec![2, 0], vec![30, 40]])];
        protect(&mut g, THRESHOLD);
        let h = &g[0].hidden;
        assert!(h[0][0] && h[0][2], "the row total 2 is small too");
        assert!(!h[0][1], "zero stays visible");
        assert!(g[0].find_bridge().is_none());
    }

    #[test]
    fn shared_totals_hide_in_every_table() {
        let a = Grid::new(
            vec![vec![3, 20]],
            vec!["mun|A".into()],
            vec!["x".into(), "y".into()],
            "t".into(),
        );
        let b = Grid::new(
            vec![vec![23]],
            vec!["mun|A".into()],
            vec!["z".into()],
            "t".into(),
        );
        let mut gs = vec![a, b];
        protect(&mut gs, THRESHOLD);
        let hidden_total = |g: &Grid| g.hidden[0][g.cols() - 1];
        assert_eq!(hidden_total(&gs[0]), hidden_total(&gs[1]));
        assert!(gs.iter().all(|g| g.find_bridge().is_none()));
    }
}
