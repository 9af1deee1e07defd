//! An independent check on published tables: an interval attacker (bound propagation
//! over every row, column and grand total of every table at once, shared totals as one
//! unknown) that must not narrow any hidden cell to fewer than 4 values. It is weaker
//! than the integer program of the Python attack test, but it is written apart from the
//! exporter and runs in every Rust test that writes tables.
#![allow(dead_code)]

use std::collections::HashMap;

use spil_core::export::{Table, SCHEMA_V1};

/// Bounds of a published value: 0 exact, a multiple of 5 within 2, hidden at least 1.
fn bounds(v: Option<u64>) -> (i64, i64) {
    match v {
        None => (1, i64::MAX / 4),
        Some(0) => (0, 0),
        Some(v) => (v as i64 - 2, v as i64 + 2),
    }
}

/// The hidden cells an interval attacker pins to fewer than 4 values, as "table[i][j]".
pub fn pinned(tables: &[Table]) -> Vec<String> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut lo: Vec<i64> = Vec::new();
    let mut hi: Vec<i64> = Vec::new();
    let mut hidden: Vec<(usize, String)> = Vec::new();
    let mut lines: Vec<(usize, Vec<usize>)> = Vec::new();
    // Each table's row unknowns and cell unknowns, for the kern nesting below.
    let mut placed: Vec<(Vec<usize>, Vec<Vec<usize>>)> = Vec::new();
    let mut var = |key: String, v: Option<u64>, lo: &mut Vec<i64>, hi: &mut Vec<i64>| {
        let next = index.len();
        let i = *index.entry(key).or_insert(next);
        if i == lo.len() {
            lo.push(i64::MIN / 4);
            hi.push(i64::MAX / 4);
        }
        let (a, b) = bounds(v);
        lo[i] = lo[i].max(a);
        hi[i] = hi[i].min(b);
        i
    };
    for t in tables {
        let m = &t.measure;
        let rk = |r: &str| format!("{m}|{}|{r}", t.row_dimension);
        let ck = |c: &str| format!("{m}|{}|{c}", t.column_dimension);
        let g = var(m.clone(), t.total, &mut lo, &mut hi);
        let rows: Vec<usize> = t
            .rows
            .iter()
            .zip(&t.row_totals)
            .map(|(r, v)| var(rk(&r.code), *v, &mut lo, &mut hi))
            .collect();
        let cols: Vec<usize> = t
            .columns
            .iter()
            .zip(&t.column_totals)
            .map(|(c, v)| var(ck(&c.code), *v, &mut lo, &mut hi))
            .collect();
        let mut cell = vec![vec![0; cols.len()]; rows.len()];
        for (i, row) in t.cells.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                let name = format!("{}[{i}][{j}]", t.name);
                cell[i][j] = var(name.clone(), *v, &mut lo, &mut hi);
                if v.is_none() {
                    hidden.push((cell[i][j], name));
                }
            }
        }
        for (i, &r) in rows.iter().enumerate() {
            lines.push((r, cell[i].clone()));
        }
        for (j, &c) in cols.iter().enumerate() {
            lines.push((c, cell.iter().map(|row| row[j]).collect()));
        }
        lines.push((g, rows.clone()));
        lines.push((g, cols));
        placed.push((rows, cell));
    }
    // A table by kern names each row's municipality (`GM0275:Dieren`): the kerns of a
    // municipality add up to its row in the table by municipality of the same measure
    // and columns.
    for (k, kt) in tables.iter().enumerate() {
        if kt.row_dimension != "kern" {
            continue;
        }
        let Some(m) = tables.iter().position(|t| {
            t.row_dimension == "municipality"
                && t.measure == kt.measure
                && t.column_dimension == kt.column_dimension
        }) else {
            continue;
        };
        for (i, row) in tables[m].rows.iter().enumerate() {
            let inside: Vec<usize> = (0..kt.rows.len())
                .filter(|&n| kt.rows[n].code.split_once(':').map(|(g, _)| g) == Some(&row.code))
                .collect();
            lines.push((
                placed[m].0[i],
                inside.iter().map(|&n| placed[k].0[n]).collect(),
            ));
            for j in 0..kt.columns.len() {
                lines.push((
                    placed[m].1[i][j],
                    inside.iter().map(|&n| placed[k].1[n][j]).collect(),
                ));
            }
        }
    }
    // total = sum(parts): each unknown lies between what the others allow.
    for _ in 0..200 {
        let mut changed = false;
        for (t, parts) in &lines {
            let (sl, sh): (i64, i64) = parts.iter().fold((0, 0), |(a, b), &p| {
                (a.saturating_add(lo[p]), b.saturating_add(hi[p]))
            });
            let mut tighten = |x: usize, a: i64, b: i64, lo: &mut Vec<i64>, hi: &mut Vec<i64>| {
                if a > lo[x] {
                    lo[x] = a;
                    changed = true;
                }
                if b < hi[x] {
                    hi[x] = b;
                    changed = true;
                }
            };
            tighten(*t, sl, sh, &mut lo, &mut hi);
            for &p in parts {
                let a = lo[*t].saturating_sub(sh.saturating_sub(hi[p]));
                let b = hi[*t].saturating_sub(sl.saturating_sub(lo[p]));
                tighten(p, a, b, &mut lo, &mut hi);
            }
        }
        if !changed {
            break;
        }
    }
    hidden
        .into_iter()
        .filter(|(i, _)| hi[*i].saturating_sub(lo[*i]) < 3)
        .map(|(_, name)| name)
        .collect()
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

/// No hidden cell of an aggregate document is pinned; every visible count is 0 or a
/// multiple of 5 from 10 up.
pub fn assert_protected(doc: &serde_json::Value) {
    let tables: Vec<Table> = serde_json::from_value(doc["tables"].clone()).unwrap();
    assert_eq!(pinned(&tables), Vec::<String>::new());
    for t in &tables {
        for v in t
            .cells
            .iter()
            .flatten()
            .chain(&t.row_totals)
            .chain(&t.column_totals)
            .flatten()
        {
            assert!(
                *v == 0 || (*v >= 10 && *v % 5 == 0),
                "{}: a visible count of {v}",
                t.name
            );
        }
    }
}
