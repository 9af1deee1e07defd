//! The parts of the aggregate tables: column lists, the practice table, suppression
//! of the whole set, and the statistics (medians and means only over ≥ 10 values).

use super::aggregate::{Label, Statistic, Table, MIN_N_FOR_STATISTICS, MIN_PRACTICE_TOTAL};
use super::suppress::{protect, Grid, THRESHOLD};
use crate::codes::Code;
use crate::report::{AgeBand, Facts, Summary, YearMonth};

/// A table before suppression: which rows, which columns, where each fact counts.
pub(super) struct Spec {
    pub(super) name: &'static str,
    pub(super) title: &'static str,
    pub(super) measure: &'static str,
    pub(super) row_dimension: &'static str,
    pub(super) column_dimension: &'static str,
    pub(super) rows: Vec<Label>,
    pub(super) columns: Vec<Label>,
    pub(super) cells: Vec<Vec<u64>>,
}

pub(super) fn municipality(f: &Facts) -> &str {
    f.municipality.as_deref().unwrap_or("unknown")
}

pub(super) fn code_columns<C: Code>(unknown: bool) -> Vec<Label> {
    let mut v: Vec<Label> = C::ALL
        .iter()
        .map(|&c| Label::new(c.as_str(), crate::report::label_nl(c)))
        .collect();
    if unknown {
        v.push(Label::new("unknown", "onbekend"));
    }
    v
}

pub(super) fn position(columns: &[Label], code: &str) -> Option<usize> {
    columns.iter().position(|c| c.code == code)
}

/// The one column a row counts in: its code, or `unknown`.
pub(super) fn code(c: Option<&str>) -> Vec<String> {
    vec![c.unwrap_or("unknown").to_owned()]
}

pub(super) fn age_columns() -> Vec<Label> {
    let mut v: Vec<Label> = AgeBand::ALL
        .iter()
        .map(|b| Label::new(b.as_str(), b.label()))
        .collect();
    v.push(Label::new("unknown", "onbekend"));
    v
}

pub(super) fn bucket(n: u32) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2..=7 => "2-7",
        _ => "8+",
    }
}

pub(super) fn bucket_columns() -> Vec<Label> {
    ["0", "1", "2-7", "8+"]
        .iter()
        .map(|b| Label::new(b, format!("{b} gesprekken")))
        .collect()
}

/// Referrals per practice and period; practices under 10 referrals are pooled.
pub(super) fn practice_table(
    referred: &[&Facts],
    periods: &[Label],
    period: &dyn Fn(YearMonth) -> String,
) -> Spec {
    let mut totals: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in referred {
        *totals
            .entry(f.practice.as_deref().unwrap_or(""))
            .or_default() += 1;
    }
    let shown = |p: &str| !p.is_empty() && totals.get(p).is_some_and(|&n| n >= MIN_PRACTICE_TOTAL);
    let mut rows: Vec<Label> = totals
        .keys()
        .filter(|p| shown(p))
        .map(|p| Label::new(p, *p))
        .collect();
    rows.push(Label::new("other", "overige praktijken"));
    let mut cells = vec![vec![0u64; periods.len()]; rows.len()];
    for f in referred {
        let p = f.practice.as_deref().unwrap_or("");
        let i = if shown(p) {
            position(&rows, p).unwrap_or(rows.len() - 1)
        } else {
            rows.len() - 1
        };
        if let Some(j) = position(periods, &period(f.referral_month)) {
            cells[i][j] += 1;
        }
    }
    Spec {
        name: "referrals_by_practice",
        title: "Aanmeldingen per praktijk en periode",
        measure: "referrals",
        row_dimension: "practice",
        column_dimension: "period",
        rows,
        columns: periods.to_vec(),
        cells,
    }
}

pub(super) fn suppressed(specs: Vec<Spec>) -> Vec<Table> {
    let mut grids: Vec<Grid> = specs
        .iter()
        .map(|s| {
            Grid::new(
                s.cells.clone(),
                s.rows
                    .iter()
                    .map(|r| format!("{}|{}|{}", s.measure, s.row_dimension, r.code))
                    .collect(),
                s.columns
                    .iter()
                    .map(|c| format!("{}|{}|{}", s.measure, s.column_dimension, c.code))
                    .collect(),
                s.measure.to_owned(),
            )
        })
        .collect();
    protect(&mut grids, THRESHOLD);
    specs
        .into_iter()
        .zip(grids)
        .map(|(s, g)| {
            let (r, c) = (s.rows.len(), s.columns.len());
            let cell = |i: usize, j: usize| (!g.hidden[i][j]).then_some(g.values[i][j]);
            Table {
                name: s.name.into(),
                title: s.title.into(),
                measure: s.measure.into(),
                row_dimension: s.row_dimension.into(),
                column_dimension: s.column_dimension.into(),
                cells: (0..r)
                    .map(|i| (0..c).map(|j| cell(i, j)).collect())
                    .collect(),
                row_totals: (0..r).map(|i| cell(i, c)).collect(),
                column_totals: (0..c).map(|j| cell(r, j)).collect(),
                total: cell(r, c),
                rows: s.rows,
                columns: s.columns,
            }
        })
        .collect()
}

pub(super) fn statistics(facts: &[Facts], mun_rows: &[Label]) -> Vec<Statistic> {
    let stat = |group: &str, label: &str, rows: Vec<&Facts>| {
        let enough = |s: Summary| {
            if s.n >= MIN_N_FOR_STATISTICS {
                s
            } else {
                Summary::default()
            }
        };
        let waiting = enough(Summary::of(
            rows.iter()
                .filter(|f| f.referred_in_period)
                .filter_map(|f| f.waiting_days)
                .collect(),
        ));
        let closed: Vec<&&Facts> = rows.iter().filter(|f| f.closed_in_period).collect();
        let duration = enough(Summary::of(
            closed.iter().filter_map(|f| f.duration_days).collect(),
        ));
        let conversations = enough(Summary::of(
            closed.iter().map(|f| i64::from(f.conversations)).collect(),
        ));
        let satisfaction = enough(Summary::of(
            closed
                .iter()
                .filter_map(|f| f.satisfaction.map(i64::from))
                .collect(),
        ));
        Statistic {
            group: group.into(),
            label: label.into(),
            waiting_days_median: waiting.median,
            waiting_days_p90: waiting.p90,
            duration_days_median: duration.median,
            conversations_mean: conversations.mean,
            satisfaction_mean: satisfaction.mean,
        }
    };
    let mut out: Vec<Statistic> = mun_rows
        .iter()
        .map(|m| {
            stat(
                &m.code,
                &m.label,
                facts.iter().filter(|f| municipality(f) == m.code).collect(),
            )
        })
        .collect();
    out.push(stat("total", "totaal", facts.iter().collect()));
    out
}
