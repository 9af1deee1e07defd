//! Protection over random tables: zeros exact, 1–7 hidden, the rest multiples of 5,
//! and no hidden cell pinned. Checked apart from the exporter twice: by the interval
//! attacker of `tables`, and on small tables by enumerating every integer solution.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tables;

use proptest::prelude::*;
use spil_core::export::suppress::{band, Ledger, Shown, THRESHOLD};
use spil_core::export::{Label, Table};

/// Counts skewed towards small numbers, so protection has work to do.
fn counts(rows: usize, cols: usize) -> impl Strategy<Value = Vec<Vec<u64>>> {
    let cell = prop_oneof![3 => Just(0u64), 4 => 1u64..=7, 3 => 8u64..40];
    prop::collection::vec(prop::collection::vec(cell, cols), rows)
}

/// One table through the ledger, as the exporter registers it; returns the ledger
/// indices of the (R+1) × (C+1) grid, totals last.
fn protect(cells: &[Vec<u64>]) -> (Ledger, Vec<Vec<usize>>) {
    let (r, c) = (cells.len(), cells[0].len());
    let mut l = Ledger::new();
    let mut grid = vec![vec![0usize; c + 1]; r + 1];
    for i in 0..=r {
        for j in 0..=c {
            let v: u64 = match (i < r, j < c) {
                (true, true) => cells[i][j],
                (true, false) => cells[i].iter().sum(),
                (false, true) => cells.iter().map(|row| row[j]).sum(),
                (false, false) => cells.iter().flatten().sum(),
            };
            grid[i][j] = l.quantity(&format!("q{i}.{j}"), v).unwrap();
        }
    }
    for row in &grid {
        l.line(row[c], row[..c].to_vec()).unwrap();
    }
    for (j, &total) in grid[r].iter().enumerate() {
        l.line(total, grid[..r].iter().map(|row| row[j]).collect())
            .unwrap();
    }
    for q in grid.iter().flatten() {
        l.publish(*q);
    }
    l.protect().unwrap();
    (l, grid)
}

fn table(l: &Ledger, grid: &[Vec<usize>]) -> Table {
    let (r, c) = (grid.len() - 1, grid[0].len() - 1);
    let v = |q: usize| match l.shown(q) {
        Some(Shown::Zero) => Some(0),
        Some(Shown::Rounded(v)) => Some(v),
        _ => None,
    };
    Table {
        name: "t".into(),
        title: "t".into(),
        measure: "m".into(),
        row_dimension: "r".into(),
        column_dimension: "c".into(),
        rows: (0..r).map(|i| Label::new(&i.to_string(), "")).collect(),
        columns: (0..c).map(|j| Label::new(&j.to_string(), "")).collect(),
        cells: (0..r)
            .map(|i| (0..c).map(|j| v(grid[i][j])).collect())
            .collect(),
        row_totals: (0..r).map(|i| v(grid[i][c])).collect(),
        column_totals: (0..c).map(|j| v(grid[r][j])).collect(),
        total: v(grid[r][c]),
    }
}

/// Bounds of the inner cells, row totals, column totals and the grand total.
type Bounds<'a> = (
    &'a [(i64, i64)],
    &'a [(i64, i64)],
    &'a [(i64, i64)],
    (i64, i64),
);

/// Every value each hidden cell takes over all integer solutions of the published
/// table (cells and totals within their bands, hidden ≥ 1, sums exact), by search.
fn feasible_values(t: &Table, cap: i64) -> Vec<std::collections::BTreeSet<i64>> {
    let (r, c) = (t.rows.len(), t.columns.len());
    let range = |v: Option<u64>| -> (i64, i64) {
        match v {
            None => (1, cap),
            Some(0) => (0, 0),
            Some(p) => {
                let (a, b) = band(p);
                (a as i64, b as i64)
            }
        }
    };
    let inner: Vec<(i64, i64)> = t.cells.iter().flatten().map(|v| range(*v)).collect();
    let rows: Vec<(i64, i64)> = t.row_totals.iter().map(|v| range(*v)).collect();
    let cols: Vec<(i64, i64)> = t.column_totals.iter().map(|v| range(*v)).collect();
    let total = range(t.total);
    let hidden: Vec<usize> = (0..r * c)
        .filter(|&k| t.cells[k / c][k % c].is_none())
        .collect();
    let mut seen = vec![std::collections::BTreeSet::new(); hidden.len()];
    let mut x = vec![0i64; r * c];
    fn go(
        k: usize,
        x: &mut [i64],
        dims: (usize, usize),
        b: Bounds<'_>,
        hidden: &[usize],
        seen: &mut [std::collections::BTreeSet<i64>],
    ) {
        let (r, c) = dims;
        let (inner, rows, cols, total) = b;
        if k == r * c {
            let ok_cols = (0..c).all(|j| {
                let s: i64 = (0..r).map(|i| x[i * c + j]).sum();
                cols[j].0 <= s && s <= cols[j].1
            });
            let s: i64 = x.iter().sum();
            if ok_cols && total.0 <= s && s <= total.1 {
                for (n, &h) in hidden.iter().enumerate() {
                    seen[n].insert(x[h]);
                }
            }
            return;
        }
        let (i, j) = (k / c, k % c);
        for v in inner[k].0..=inner[k].1 {
            x[k] = v;
            let row_sum: i64 = (0..=j).map(|jj| x[i * c + jj]).sum();
            if row_sum > rows[i].1 || (j == c - 1 && row_sum < rows[i].0) {
                continue;
            }
            let col_sum: i64 = (0..=i).map(|ii| x[ii * c + j]).sum();
            let all: i64 = x[..=k].iter().sum();
            if col_sum > cols[j].1 || all > total.1 {
                continue;
            }
            go(k + 1, x, dims, b, hidden, seen);
        }
    }
    go(
        0,
        &mut x,
        (r, c),
        (&inner, &rows, &cols, total),
        &hidden,
        &mut seen,
    );
    seen
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn small_hidden_zeros_exact_rest_rounded_none_pinned(
        cells in (1usize..5, 1usize..5).prop_flat_map(|(r, c)| counts(r, c)),
    ) {
        let (l, grid) = protect(&cells);
        for q in grid.iter().flatten() {
            let v = l.value(*q);
            match l.shown(*q) {
                Some(Shown::Zero) => prop_assert_eq!(v, 0),
                Some(Shown::Hidden) => prop_assert!(v > 0),
                Some(Shown::Rounded(p)) => {
                    prop_assert!(v > THRESHOLD && p % 5 == 0 && p.abs_diff(v) <= 2)
                }
                None => prop_assert!(false, "undecided"),
            }
        }
        let t = table(&l, &grid);
        prop_assert_eq!(tables::pinned(std::slice::from_ref(&t)), Vec::<String>::new());
    }

    #[test]
    fn on_small_tables_every_hidden_cell_keeps_four_values(
        cells in (1usize..3, 1usize..4).prop_flat_map(|(r, c)| counts(r, c)),
    ) {
        let (l, grid) = protect(&cells);
        let t = table(&l, &grid);
        // Every solution up to the published grand total's band (20 if it is hidden).
        let cap = t.total.map_or(20, |v| band(v).1 as i64);
        for values in feasible_values(&t, cap) {
            prop_assert!(values.len() >= 4, "{:?}: {:?}", t, values);
        }
    }
}
