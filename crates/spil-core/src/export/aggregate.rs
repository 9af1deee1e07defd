//! The aggregate export: count tables by municipality (and by practice where a practice
//! has at least 10 referrals), periods in quarters or half-years, protected together by
//! [`super::suppress`]; medians and means only where at least 10 values lie behind them.
//!
//! # Tables by kern
//!
//! A municipality such as Rheden reports per kern (village or district), so three
//! tables are also offered by kern: referrals by kern and period, closed trajectories
//! by kern and outcome, and GP consultations by kern and period. Those are the figures
//! a kern is steered on (how many children come in, where they go next, how much the
//! GP asks). The other breakdowns (referrer, age band, gender, triage, problem areas,
//! number of conversations, region categories) are not offered by kern: a kern has a
//! few dozen referrals a year, so split by a second dimension nearly every kern cell
//! would be 1–7 and hidden, and each such table adds cells the audit has to protect
//! while telling the reader almost nothing.
//!
//! A kern row's code names its municipality first, `GM0275:Dieren` (a CBS code holds
//! no `:`), and its label reads `Dieren (GM0275)`; trajectories whose practice has no
//! kern form the row `GM0275:unknown`, "kern onbekend". So the kern rows of a
//! municipality add up exactly to its row, and the ledger holds that as equations
//! (municipality cell = sum of its kern cells, in every column and the row total, of
//! the same measure and period); the audit and the greedy repair see them like any
//! other equation. The column totals and grand total of a kern table are the same
//! quantities as those of its municipality table.
//!
//! Small kerns are not pooled the way small practices are: a practice is pooled so its
//! name stays out of the file, while a kern is a place the municipality already
//! publishes, and a pool would only be the difference between the municipality row
//! and the named kerns. A small kern's counts of 1–7 are hidden like any other cell.
//!
//! Where protection cannot be met with a kern table, the step withholds it instead of
//! failing the export: the step is decided again without publishing that table (its
//! counts stay in the ledger as unpublished quantities, so the links between periods
//! still hold), the last kern table first, until protection holds or no kern table is
//! left (then the export fails as before). A withheld table is listed in
//! [`Aggregates::withheld`], in the file and the preview. Each step starts with every
//! kern table again, so what a step publishes depends only on its own data and its
//! parts', whichever export asks for it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::specs::{municipality_rows, specs};
use super::suppress::{Ledger, ReasonCode, Shown};
use super::tables::{
    kern_municipality, keys, position, practice_key, register, render, statistics, Keys, Spec,
};
use crate::codes::{Code, Outcome};
use crate::report::{
    savings_estimate, ConsultationCount, Facts, RegionProfile, Savings, SavingsParams, YearMonth,
};
use crate::{Error, Result};

/// Medians and means are published only over at least this many values.
pub const MIN_N_FOR_STATISTICS: u64 = 10;
/// A practice is named only with at least this many referrals (docs/PRIVACY.md).
pub const MIN_PRACTICE_TOTAL: usize = 10;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    #[default]
    Quarter,
    HalfYear,
}

impl Granularity {
    pub fn months(self) -> u32 {
        match self {
            Granularity::Quarter => 3,
            Granularity::HalfYear => 6,
        }
    }
    /// The period a month falls in: code (`2024-Q1`, `2024-H2`) and Dutch label.
    pub fn period_of(self, m: YearMonth) -> Label {
        let n = (m.month - 1) / self.months() + 1;
        let (code, nl) = match self {
            Granularity::Quarter => ("Q", "kwartaal"),
            Granularity::HalfYear => ("H", "halfjaar"),
        };
        Label::new(
            &format!("{}-{code}{n}", m.year),
            format!("{} {nl} {n}", m.year),
        )
    }
    /// The first month of the period `m` falls in.
    pub fn start(self, m: YearMonth) -> YearMonth {
        YearMonth {
            month: (m.month - 1) / self.months() * self.months() + 1,
            ..m
        }
    }
    /// The periods covering `from..=to`, in order.
    pub fn periods(self, from: YearMonth, to: YearMonth) -> Vec<Label> {
        let mut out = Vec::new();
        let mut m = self.start(from);
        while m <= to {
            out.push(self.period_of(m));
            let next = m.first_day() + chrono::Months::new(self.months());
            m = YearMonth::of(next);
        }
        out
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub code: String,
    pub label: String,
}

impl Label {
    pub fn new(code: &str, label: impl Into<String>) -> Label {
        Label {
            code: code.to_owned(),
            label: label.into(),
        }
    }
}

/// One published table; `None` in a cell or total means suppressed ("geheim").
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub name: String,
    pub title: String,
    pub measure: String,
    pub row_dimension: String,
    pub column_dimension: String,
    pub rows: Vec<Label>,
    pub columns: Vec<Label>,
    #[cfg_attr(feature = "specta", specta(type = Vec<Vec<Option<u32>>>))]
    pub cells: Vec<Vec<Option<u64>>>,
    #[cfg_attr(feature = "specta", specta(type = Vec<Option<u32>>))]
    pub row_totals: Vec<Option<u64>>,
    #[cfg_attr(feature = "specta", specta(type = Vec<Option<u32>>))]
    pub column_totals: Vec<Option<u64>>,
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub total: Option<u64>,
}

/// Medians and means for one municipality (or `total`); `None` where n < 10.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statistic {
    pub group: String,
    pub label: String,
    pub waiting_days_median: Option<f64>,
    pub waiting_days_p90: Option<f64>,
    pub duration_days_median: Option<f64>,
    pub conversations_mean: Option<f64>,
    pub satisfaction_mean: Option<f64>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aggregates {
    pub tables: Vec<Table>,
    pub statistics: Vec<Statistic>,
    /// Left out when it would reveal a suppressed count.
    pub savings: Option<Savings>,
    /// Tables by kern left out because protection could not be met with them.
    pub withheld: Vec<Label>,
}

// The file never carries these notes: they would tell which hidden cells are small.
/// Why one published cell differs from its true count, for the preview.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellNote {
    pub table: String,
    /// Row code, or `total`.
    pub row: String,
    /// Column code, or `total`.
    pub column: String,
    pub reason: ReasonCode,
    /// The hidden cell a `protects` cell protects, as `measure, row, column, period`.
    pub protects: Option<String>,
}

/// The tables as they will be written, and the reasons behind every hidden or rounded
/// cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub aggregates: Aggregates,
    pub notes: Vec<CellNote>,
    pub loss: Loss,
}

/// What protection cost, over every cell and total of the written tables.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loss {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub cells: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub zero: u64,
    /// Hidden because 1–7.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub hidden_small: u64,
    /// Hidden to protect another hidden cell.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub hidden_protecting: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub rounded: u64,
    /// Sum of |published − true| over the rounded cells.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub rounding_error: u64,
}

/// A period whose tables are decided as one step ([`super::suppress`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Step {
    from: YearMonth,
    to: YearMonth,
}

impl Step {
    fn months(self) -> u32 {
        ((self.to.year - self.from.year) * 12 + self.to.month as i32 - self.from.month as i32 + 1)
            .max(0) as u32
    }
    fn shape(self) -> Option<Granularity> {
        let aligned = self.from.year == self.to.year;
        match self.months() {
            3 if aligned && self.from.month % 3 == 1 => Some(Granularity::Quarter),
            6 if aligned && self.from.month % 6 == 1 => Some(Granularity::HalfYear),
            _ => None,
        }
    }
    fn is_year(self) -> bool {
        self.from.year == self.to.year && self.from.month == 1 && self.to.month == 12
    }
    fn code(self) -> String {
        match self.shape() {
            Some(g) => g.period_of(self.from).code,
            None if self.is_year() => self.from.year.to_string(),
            None => format!("{}..{}", self.from, self.to),
        }
    }
    fn label(self) -> Label {
        match self.shape() {
            Some(g) => g.period_of(self.from),
            None => Label::new(&self.code(), self.code()),
        }
    }
    fn contains(self, m: YearMonth) -> bool {
        self.from <= m && m <= self.to
    }
    fn half(self, second: bool) -> Step {
        let n = self.months() / 2;
        let start = self.from.first_day() + chrono::Months::new(if second { n } else { 0 });
        let end = start + chrono::Months::new(n - 1);
        Step {
            from: YearMonth::of(start),
            to: YearMonth::of(end),
        }
    }
    /// A year's halves, a half-year's quarters.
    fn children(self) -> Option<[Step; 2]> {
        (self.is_year() || self.shape() == Some(Granularity::HalfYear))
            .then(|| [self.half(false), self.half(true)])
    }
    /// The steps that decide this period, in order: its parts first.
    fn family(self) -> Vec<Step> {
        let mut out = Vec::new();
        if let Some(parts) = self.children() {
            for p in parts {
                out.extend(p.family());
            }
        }
        out.push(self);
        out
    }
    /// The columns of a table by period: the step's own periods of `granularity`.
    fn columns(self, granularity: Granularity) -> Vec<Label> {
        if self.shape().is_some() && self.months() <= granularity.months() {
            vec![self.label()]
        } else {
            granularity.periods(self.from, self.to)
        }
    }
}

/// Facts as seen from a part of their period.
fn restrict(facts: &[Facts], step: Step) -> Vec<Facts> {
    facts
        .iter()
        .map(|f| {
            let mut g = f.clone();
            g.referred_in_period = f.referred_in_period && step.contains(f.referral_month);
            g.closed_in_period =
                f.closed_in_period && f.closed_month.is_some_and(|m| step.contains(m));
            g
        })
        .collect()
}

/// Build every table and statistic of `from..=to` (whole granularity periods) and
/// protect them together with the periods they contain ([`super::suppress`]).
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

/// The pooled `other` practices: every pooled practice's count is a quantity (never
/// published by this step) and `other` is their sum, in every column and the total.
fn pool_lines(
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
fn profile_lines(ledger: &mut Ledger, keyed: &[(Spec, Keys)], p: &RegionProfile) -> Result<()> {
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
fn nest_lines(ledger: &mut Ledger, keyed: &[(Spec, Keys)]) -> Result<()> {
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
fn link(ledger: &mut Ledger, code: &str, parts: &[String; 2]) -> Result<()> {
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
