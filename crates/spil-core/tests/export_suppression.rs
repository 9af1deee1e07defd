//! Suppression over random tables: small cells are hidden, zeros never, and no hidden
//! cell can be worked out from the published totals, also across tables that share a
//! total.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tables;

use proptest::prelude::*;
use spil_core::export::suppress::{protect, Grid, THRESHOLD};
use tables::{recoverable, Published};

fn grid(cells: Vec<Vec<u64>>, rows: &[&str], measure: &str, dim: &str) -> Grid {
    let c = cells[0].len();
    Grid::new(
        cells,
        rows.iter()
            .map(|r| format!("{measure}|municipality|{r}"))
            .collect(),
        (0..c).map(|j| format!("{measure}|{dim}|{j}")).collect(),
        measure.into(),
    )
}

/// Counts skewed towards small numbers, so suppression has work to do.
fn counts(rows: usize, cols: usize) -> impl Strategy<Value = Vec<Vec<u64>>> {
    let cell = prop_oneof![3 => Just(0u64), 4 => 1u64..=7, 3 => 8u64..60];
    prop::collection::vec(prop::collection::vec(cell, cols), rows)
}

#[test]
fn the_checker_sees_a_lone_hidden_cell() {
    let mut g = grid(
        vec![vec![20, 3, 30], vec![40, 50, 60]],
        &["a", "b"],
        "referrals",
        "x",
    );
    g.hidden[0][1] = true;
    assert_eq!(recoverable(&[Published::from_grid("t", &g)]), ["t[0][1]"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_hidden_cell_is_recoverable(
        (a, b) in (1usize..5, 1usize..5).prop_flat_map(|(r, c)| (counts(r, c), counts(r, 3))),
    ) {
        let rows = ["GM1", "GM2", "GM3", "GM4", "GM5"];
        let n = a.len();
        // Two tables of the same measure by municipality: their row totals must agree.
        let second: Vec<Vec<u64>> = a
            .iter()
            .zip(&b)
            .map(|(ra, rb)| {
                let total: u64 = ra.iter().sum();
                // The same row total, split in the proportion of `rb`'s first column.
                let first = (total * rb[0]).checked_div(rb.iter().sum()).unwrap_or(total);
                vec![first, total - first, 0]
            })
            .collect();
        let mut grids = vec![
            grid(a, &rows[..n], "referrals", "period"),
            grid(second, &rows[..n], "referrals", "gender"),
        ];
        protect(&mut grids, THRESHOLD);
        for g in &grids {
            for (vals, hid) in g.values.iter().zip(&g.hidden) {
                for (&v, &h) in vals.iter().zip(hid) {
                    prop_assert!(!(1..=THRESHOLD).contains(&v) || h, "a small count is visible");
                    prop_assert!(v > 0 || !h, "a zero is hidden");
                }
            }
        }
        let published: Vec<Published> =
            grids.iter().enumerate().map(|(i, g)| Published::from_grid(&format!("t{i}"), g)).collect();
        prop_assert_eq!(recoverable(&published), Vec::<String>::new());
    }
}
