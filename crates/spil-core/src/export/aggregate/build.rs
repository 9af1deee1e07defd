//! Building the aggregate export: every table and statistic of the requested period,
//! decided step by step with the periods it contains and protected together in one
//! ledger. Where protection fails, tables by kern are withheld one at a time, last
//! first; the loss is counted over the cells written.

use std::collections::BTreeSet;

use super::lines::{link, nest_lines, pool_lines, profile_lines};
use super::period::{restrict, Granularity, Step};
use super::{Aggregates, Built, Label, Loss, Table};
use crate::export::specs::{municipality_rows, specs};
use crate::export::suppress::{Ledger, ReasonCode, Shown};
use crate::export::tables::{keys, position, register, render, statistics, Keys, Spec};
use crate::report::{
    savings_estimate, ConsultationCount, Facts, RegionProfile, Savings, SavingsParams, YearMonth,
};
use crate::{Error, Result};

/// Build every table and statistic of `from..=to` (whole granularity periods) and
/// protect them together with the periods they contain ([`crate::export::suppress`]).
#[allow(clippy::too_many_arguments)]
pub fn build(
    facts: &[Facts],
    consultations: &[ConsultationCount],
    from: YearMonth,
    to: YearMonth,
    granularity: Granularity,
    profile: Option<&RegionProfile>,
    savings: &SavingsParams,
) -> Result<Built> {
    let target = Step { from, to };
    let mut ledger = Ledger::new();
    let mut last: Vec<(Spec, Keys)> = Vec::new();
    let mut withheld: BTreeSet<&'static str> = BTreeSet::new();
    let mut done: Vec<Step> = Vec::new();
    for (n, step) in target.family().into_iter().enumerate() {
        if n > 0 {
            ledger.next_step();
        }
        let sf = restrict(facts, step);
        let sc: Vec<ConsultationCount> = consultations
            .iter()
            .filter(|c| step.contains(c.month))
            .cloned()
            .collect();
        let code = step.code();
        let before = ledger.clone();
        // Each step starts with every table by kern and withholds one at a time, last
        // first, while protection fails: a step's tables depend only on its own data
        // and its parts', whichever export asks for them.
        withheld.clear();
        loop {
            let (specs, pooled) = specs(&sf, &sc, &step.columns(granularity), profile);
            let kern_tables: Vec<&'static str> = specs
                .iter()
                .filter(|s| s.parent.is_some())
                .map(|s| s.name)
                .collect();
            let mut keyed = Vec::new();
            for s in specs {
                let k = keys(&s, &code);
                register(&mut ledger, &s, &k, !withheld.contains(s.name))?;
                keyed.push((s, k));
            }
            pool_lines(&mut ledger, &keyed, &pooled, &code)?;
            if let Some(p) = profile {
                profile_lines(&mut ledger, &keyed, p)?;
            }
            nest_lines(&mut ledger, &keyed)?;
            if let Some(parts) = step
                .children()
                .filter(|p| p.iter().all(|c| done.contains(c)))
            {
                link(&mut ledger, &code, &parts.map(|c| c.code()))?;
            }
            match ledger.protect() {
                Ok(()) => {
                    last = keyed;
                    break;
                }
                Err(Error::TablesUnprotected { cell }) => {
                    let Some(next) = kern_tables.iter().rev().find(|t| !withheld.contains(*t))
                    else {
                        return Err(Error::TablesUnprotected { cell });
                    };
                    withheld.insert(next);
                    ledger = before.clone();
                }
                Err(e) => return Err(e),
            }
        }
        done.push(step);
    }
    let withheld: Vec<Label> = last
        .iter()
        .filter(|(s, _)| withheld.contains(s.name))
        .map(|(s, _)| Label::new(s.name, s.title))
        .collect();
    last.retain(|(s, _)| !withheld.iter().any(|w| w.code == s.name));
    let mut tables = Vec::new();
    let mut notes = Vec::new();
    let mut loss = Loss::default();
    for (s, k) in last {
        let all = k.cells.iter().flatten().chain(&k.rows).chain(&k.columns);
        for i in all.chain([&k.total]).filter_map(|key| ledger.get(key)) {
            loss.cells += 1;
            match (ledger.shown(i), ledger.reason(i)) {
                (Some(Shown::Zero), _) => loss.zero += 1,
                (Some(Shown::Rounded(v)), _) => {
                    loss.rounded += 1;
                    loss.rounding_error += v.abs_diff(ledger.value(i));
                }
                (_, Some((ReasonCode::Protects, _))) => loss.hidden_protecting += 1,
                _ => loss.hidden_small += 1,
            }
        }
        let (t, n) = render(&ledger, s, &k);
        tables.push(t);
        notes.extend(n);
    }
    let statistics = statistics(facts, &municipality_rows(facts, consultations));
    let savings = published_savings(&tables, savings);
    Ok(Built {
        aggregates: Aggregates {
            tables,
            statistics,
            savings,
            withheld,
        },
        notes,
        loss,
    })
}

/// The savings estimate from the published (rounded) closed and no-further-care
/// totals only, so it tells nothing the tables do not.
fn published_savings(tables: &[Table], p: &SavingsParams) -> Option<Savings> {
    let t = tables.iter().find(|t| t.name == "closed_by_outcome")?;
    let closed = t.total?;
    let nfc = t.column_totals[position(&t.columns, "no_further_care")?]?;
    let share = (closed > 0).then(|| nfc as f64 / closed as f64);
    Some(Savings {
        closed,
        no_further_care: nfc,
        share_no_further_care: share,
        share_gp_would_refer: p.share_gp_would_refer,
        average_cost_eur: p.average_cost_eur,
        estimate_eur: savings_estimate(closed as f64, share.unwrap_or(0.0), p),
    })
}
