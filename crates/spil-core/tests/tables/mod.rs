//! An independent check that no suppressed cell can be recovered from what is
//! published: linear algebra over every table's row, column and grand totals at once,
//! with shared totals (equal keys) as one unknown.
#![allow(dead_code)]

use std::collections::HashMap;

use spil_core::export::suppress::Grid;
use spil_core::export::{Table, SCHEMA_V1};

/// A published table with its totals: (R+1) × (C+1), `None` = suppressed.
pub struct Published {
    pub name: String,
    pub cells: Vec<Vec<Option<u64>>>,
    pub row_keys: Vec<String>,
    pub column_keys: Vec<String>,
    pub total_key: String,
}

impl Published {
    pub fn from_table(t: &Table) -> Published {
        let mut cells: Vec<Vec<Option<u64>>> = t
            .cells
            .iter()
            .zip(&t.row_totals)
            .map(|(row, total)| row.iter().copied().chain([*total]).collect())
            .collect();
        cells.push(t.column_totals.iter().copied().chain([t.total]).collect());
        Published {
            name: t.name.clone(),
            cells,
            row_keys: t
                .rows
                .iter()
                .map(|r| format!("{}|{}|{}", t.measure, t.row_dimension, r.code))
                .collect(),
            column_keys: t
                .columns
                .iter()
                .map(|c| format!("{}|{}|{}", t.measure, t.column_dimension, c.code))
                .collect(),
            total_key: t.measure.clone(),
        }
    }

    pub fn from_grid(name: &str, g: &Grid) -> Published {
        Published {
            name: name.into(),
            cells: g
                .values
                .iter()
                .zip(&g.hidden)
                .map(|(v, h)| v.iter().zip(h).map(|(&v, &h)| (!h).then_some(v)).collect())
                .collect(),
            row_keys: g.row_keys.clone(),
            column_keys: g.column_keys.clone(),
            total_key: g.total_key.clone(),
        }
    }

    fn key(&self, i: usize, j: usize) -> Option<&str> {
        let (r, c) = (self.cells.len() - 1, self.cells[0].len() - 1);
        match (i == r, j == c) {
            (true, true) => Some(&self.total_key),
            (false, true) => Some(&self.row_keys[i]),
            (true, false) => Some(&self.column_keys[j]),
            _ => None,
        }
    }
}

/// The suppressed cells that the published numbers determine, as "table[i][j]".
pub fn recoverable(tables: &[Published]) -> Vec<String> {
    // One unknown per suppressed inner cell, one per suppressed shared total.
    let mut vars: HashMap<String, usize> = HashMap::new();
    let mut names = Vec::new();
    let var_of = |t: &Published, i: usize, j: usize| match t.key(i, j) {
        Some(k) => format!("total {k}"),
        None => format!("{}[{i}][{j}]", t.name),
    };
    for t in tables {
        for (i, row) in t.cells.iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                if c.is_none() {
                    let v = var_of(t, i, j);
                    if !vars.contains_key(&v) {
                        vars.insert(v.clone(), names.len());
                        names.push(v);
                    }
                }
            }
        }
    }
    // Each line: its cells sum to its total (the last cell of the line).
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for t in tables {
        let (r, c) = (t.cells.len(), t.cells[0].len());
        let lines = (0..r)
            .map(|i| (0..c).map(move |j| (i, j)).collect::<Vec<_>>())
            .chain((0..c).map(|j| (0..r).map(move |i| (i, j)).collect::<Vec<_>>()));
        for line in lines {
            let mut eq = vec![0.0; names.len()];
            let n = line.len();
            for (k, &(i, j)) in line.iter().enumerate() {
                if t.cells[i][j].is_none() {
                    eq[vars[&var_of(t, i, j)]] += if k + 1 == n { -1.0 } else { 1.0 };
                }
            }
            if eq.iter().any(|x| *x != 0.0) {
                rows.push(eq);
            }
        }
    }
    let pivots = rref(&mut rows, names.len());
    // e_h lies in the row space iff h is a pivot whose row has no other entry.
    pivots
        .into_iter()
        .filter(|&(row, col)| {
            rows[row]
                .iter()
                .enumerate()
                .all(|(j, x)| j == col || x.abs() < 1e-9)
        })
        .map(|(_, col)| names[col].clone())
        .collect()
}

/// Reduced row echelon form in place; returns (row, pivot column) pairs.
fn rref(m: &mut [Vec<f64>], cols: usize) -> Vec<(usize, usize)> {
    let mut pivots = Vec::new();
    let mut r = 0;
    for c in 0..cols {
        let Some(p) = (r..m.len()).max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs())) else {
            break;
        };
        if m[p][c].abs() < 1e-9 {
            continue;
        }
        m.swap(r, p);
        let lead = m[r][c];
        for x in m[r].iter_mut() {
            *x /= lead;
        }
        for i in 0..m.len() {
            if i != r && m[i][c].abs() > 1e-12 {
                let f = m[i][c];
                let pivot_row = m[r].clone();
                for (x, y) in m[i].iter_mut().zip(pivot_row) {
                    *x -= f * y;
                }
            }
        }
        pivots.push((r, c));
        r += 1;
        if r == m.len() {
            break;
        }
    }
    pivots
}

/// The document matches the shipped JSON Schema.
pub fn validate(doc: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA_V1).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| {
            format!(
                "{} at {}",
                e.to_string().chars().take(300).collect::<String>(),
                e.instance_path()
            )
        })
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// No suppressed cell of an aggregate document is recoverable; no small count shows.
pub fn assert_protected(doc: &serde_json::Value) {
    let tables: Vec<Table> = serde_json::from_value(doc["tables"].clone()).unwrap();
    let published: Vec<Published> = tables.iter().map(Published::from_table).collect();
    assert_eq!(recoverable(&published), Vec::<String>::new());
    for t in &tables {
        for v in t
            .cells
            .iter()
            .flatten()
            .chain(&t.row_totals)
            .chain(&t.column_totals)
            .flatten()
        {
            assert!(*v == 0 || *v > 7, "{}: a visible count of {v}", t.name);
        }
    }
}
