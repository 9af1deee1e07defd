//! The equations between published quantities that the ledger holds, so the audit
//! and the repair see every way one count follows from others: pooled practices add
//! up to `other`, region categories to their outcomes, kerns to their municipality,
//! and a period's counts to its parts'.

use crate::codes::{Code, Outcome};
use crate::export::suppress::Ledger;
use crate::export::tables::{kern_municipality, position, practice_key, Keys, Spec};
use crate::report::RegionProfile;
use crate::Result;

/// The pooled `other` practices: every pooled practice's count is a quantity (never
/// published by this step) and `other` is their sum, in every column and the total.
pub(super) fn pool_lines(
    ledger: &mut Ledger,
    keyed: &[(Spec, Keys)],
    pooled: &[(String, Vec<u64>)],
    code: &str,
) -> Result<()> {
    let Some((s, k)) = keyed
        .iter()
        .find(|(s, _)| s.name == "referrals_by_practice")
    else {
        return Ok(());
    };
    let other = s.rows.len() - 1;
    for (j, c) in s.columns.iter().enumerate() {
        let parts = pooled
            .iter()
            .map(|(p, counts)| ledger.quantity(&practice_key(p, &c.code), counts[j]))
            .collect::<Result<Vec<_>>>()?;
        let total = ledger.quantity(&k.cells[other][j], s.cells[other][j])?;
        ledger.line(total, parts)?;
    }
    let parts = pooled
        .iter()
        .map(|(p, counts)| ledger.quantity(&practice_key(p, code), counts.iter().sum()))
        .collect::<Result<Vec<_>>>()?;
    let total = ledger.quantity(&k.rows[other], s.cells[other].iter().sum())?;
    ledger.line(total, parts)
}

/// A region category is the sum of the outcomes it maps.
pub(super) fn profile_lines(
    ledger: &mut Ledger,
    keyed: &[(Spec, Keys)],
    p: &RegionProfile,
) -> Result<()> {
    let find = |name: &str| keyed.iter().find(|(s, _)| s.name == name);
    let (Some((os, ok)), Some((rs, rk))) =
        (find("closed_by_outcome"), find("closed_by_region_outcome"))
    else {
        return Ok(());
    };
    let category = |o: &str| -> String {
        Outcome::ALL
            .iter()
            .find(|x| x.as_str() == o)
            .and_then(|x| p.outcome_category(*x))
            .map_or("unknown".to_owned(), |c| c.code.clone())
    };
    // (keys of the outcome cells, keys of the region cells) per row, then the totals.
    let mut groups: Vec<(&Vec<String>, &Vec<String>)> = Vec::new();
    for (i, row) in os.rows.iter().enumerate() {
        if let Some(r) = position(&rs.rows, &row.code) {
            groups.push((&ok.cells[i], &rk.cells[r]));
        }
    }
    groups.push((&ok.columns, &rk.columns));
    for (outcome_keys, region_keys) in groups {
        for (j, c) in rs.columns.iter().enumerate() {
            let parts: Vec<usize> = os
                .columns
                .iter()
                .zip(outcome_keys)
                .filter(|(o, _)| category(&o.code) == c.code)
                .filter_map(|(_, key)| ledger.get(key))
                .collect();
            if let Some(total) = ledger.get(&region_keys[j]) {
                ledger.line(total, parts)?;
            }
        }
    }
    Ok(())
}

/// A municipality's count is the sum of its kerns' counts, in every column and the
/// row total: the equations that make the kern rows add up to the municipality row.
pub(super) fn nest_lines(ledger: &mut Ledger, keyed: &[(Spec, Keys)]) -> Result<()> {
    for (ks, kk) in keyed {
        let Some((ms, mk)) = ks
            .parent
            .and_then(|p| keyed.iter().find(|(s, _)| s.name == p))
        else {
            continue;
        };
        for (i, m) in ms.rows.iter().enumerate() {
            let kerns: Vec<usize> = ks
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| kern_municipality(&r.code) == m.code)
                .map(|(n, _)| n)
                .collect();
            for j in 0..ms.columns.len() {
                let parts = kerns
                    .iter()
                    .map(|&n| ledger.quantity(&kk.cells[n][j], ks.cells[n][j]))
                    .collect::<Result<Vec<_>>>()?;
                let total = ledger.quantity(&mk.cells[i][j], ms.cells[i][j])?;
                ledger.line(total, parts)?;
            }
            let parts = kerns
                .iter()
                .map(|&n| ledger.quantity(&kk.rows[n], ks.cells[n].iter().sum()))
                .collect::<Result<Vec<_>>>()?;
            let total = ledger.quantity(&mk.rows[i], ms.cells[i].iter().sum())?;
            ledger.line(total, parts)?;
        }
    }
    Ok(())
}

/// A period's counts are the sums of its parts' counts: `k@period = k@a + k@b` for
/// every key of the period. A key missing from a part is 0 there (its row is absent,
/// which the attacker sees), except a practice's count, which is never published
/// when absent.
pub(super) fn link(ledger: &mut Ledger, code: &str, parts: &[String; 2]) -> Result<()> {
    let suffix = format!("@{code}");
    let keys: Vec<(usize, String)> = (0..ledger.len())
        .filter_map(|i| {
            let key = ledger.key(i);
            let stem = key.strip_suffix(&suffix)?;
            (!stem.contains("=other:")).then(|| (i, stem.to_owned()))
        })
        .collect();
    for (total, stem) in keys {
        let mut ps = Vec::new();
        for part in parts {
            let key = format!("{stem}@{part}");
            let q = match ledger.get(&key) {
                Some(q) => q,
                None => {
                    let q = ledger.absent(&key)?;
                    if !stem.contains("|practice=") {
                        ledger.publish(q);
                    }
                    q
                }
            };
            ps.push(q);
        }
        ledger.line(total, ps)?;
    }
    Ok(())
}
