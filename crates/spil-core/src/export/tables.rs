//! The parts of the aggregate tables: column lists, the practice table, the ledger keys
//! and equations of a table, rendering a protected table, and the statistics (medians
//! and means only over ≥ 10 values).

use super::aggregate::{
    CellNote, Label, Statistic, Table, MIN_N_FOR_STATISTICS, MIN_PRACTICE_TOTAL,
};
use super::suppress::{Ledger, Shown};
use crate::codes::Code;
use std::collections::BTreeSet;

use crate::report::{AgeBand, ConsultationCount, Facts, Summary, YearMonth};
use crate::Result;

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
    /// For a table by kern: the table by municipality it breaks down.
    pub(super) parent: Option<&'static str>,
}

pub(super) fn municipality(f: &Facts) -> &str {
    f.municipality.as_deref().unwrap_or("unknown")
}

/// A kern row's code: `GM0275:Dieren`, the municipality first (a CBS code never holds
/// a `:`), `GM0275:unknown` for "kern onbekend".
pub(super) fn kern_code(f_municipality: &str, kern: Option<&str>) -> String {
    format!("{f_municipality}:{}", kern.unwrap_or("unknown"))
}

pub(super) fn kern(f: &Facts) -> String {
    kern_code(municipality(f), f.kern.as_deref())
}

/// The municipality a kern row's code names.
pub(super) fn kern_municipality(code: &str) -> &str {
    code.split_once(':').map_or(code, |(m, _)| m)
}

/// The kern rows of a step: every (municipality, kern) with a referral, a closing or a
/// consultation, by municipality, a municipality's unknown kern last, so that a
/// municipality's kern rows add up to its row.
pub(super) fn kern_rows(facts: &[Facts], consultations: &[ConsultationCount]) -> Vec<Label> {
    let mut pairs: BTreeSet<(String, bool, String)> = BTreeSet::new();
    let mut add = |m: &str, k: Option<&str>| {
        pairs.insert((m.to_owned(), k.is_none(), k.unwrap_or("").to_owned()));
    };
    for f in facts
        .iter()
        .filter(|f| f.referred_in_period || f.closed_in_period)
    {
        add(municipality(f), f.kern.as_deref());
    }
    for c in consultations {
        add(
            c.municipality.as_deref().unwrap_or("unknown"),
            c.kern.as_deref(),
        );
    }
    pairs
        .into_iter()
        .map(|(m, unknown, k)| {
            let place = if m == "unknown" {
                "gemeente onbekend"
            } else {
                m.as_str()
            };
            let kern = if unknown { "kern onbekend" } else { k.as_str() };
            Label::new(
                &kern_code(&m, (!unknown).then_some(k.as_str())),
                format!("{kern} ({place})"),
            )
        })
        .collect()
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

/// Referrals per practice and period; practices under 10 referrals are pooled in
/// `other`. Every practice's counts go into the ledger (unpublished when pooled), so
/// the attacker's equation "other = the pooled practices" links periods exactly.
pub(super) fn practice_table(
    referred: &[&Facts],
    periods: &[Label],
    period: &dyn Fn(YearMonth) -> String,
) -> (Spec, Vec<(String, Vec<u64>)>) {
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
    let mut pooled: Vec<(String, Vec<u64>)> = totals
        .keys()
        .filter(|p| !shown(p))
        .map(|p| ((*p).to_owned(), vec![0u64; periods.len()]))
        .collect();
    for f in referred {
        let p = f.practice.as_deref().unwrap_or("");
        let Some(j) = position(periods, &period(f.referral_month)) else {
            continue;
        };
        if shown(p) {
            if let Some(i) = position(&rows, p) {
                cells[i][j] += 1;
            }
        } else {
            let last = rows.len() - 1;
            cells[last][j] += 1;
            if let Some(e) = pooled.iter_mut().find(|(q, _)| q == p) {
                e.1[j] += 1;
            }
        }
    }
    let spec = Spec {
        name: "referrals_by_practice",
        title: "Aanmeldingen per praktijk en periode",
        measure: "referrals",
        row_dimension: "practice",
        column_dimension: "period",
        rows,
        columns: periods.to_vec(),
        cells,
        parent: None,
    };
    (spec, pooled)
}

/// The ledger key of every cell of a table in period `step`: a quantity has the same
/// key in every table and every export that publishes it.
pub(super) struct Keys {
    pub(super) cells: Vec<Vec<String>>,
    pub(super) rows: Vec<String>,
    pub(super) columns: Vec<String>,
    pub(super) total: String,
}

/// The key of a practice's referrals, pooled or not.
pub(super) fn practice_key(practice: &str, at: &str) -> String {
    format!("referrals|practice={practice}@{at}")
}

pub(super) fn keys(s: &Spec, step: &str) -> Keys {
    let (m, rd, cd) = (s.measure, s.row_dimension, s.column_dimension);
    let row_code = |r: &Label| {
        if rd == "practice" && r.code == "other" {
            format!("other:{step}")
        } else if rd == "kern" {
            escape(&r.code)
        } else {
            r.code.clone()
        }
    };
    let by_period = cd == "period";
    Keys {
        cells: s
            .rows
            .iter()
            .map(|r| {
                s.columns
                    .iter()
                    .map(|c| {
                        if by_period {
                            format!("{m}|{rd}={}@{}", row_code(r), c.code)
                        } else {
                            format!("{m}|{rd}={}|{cd}={}@{step}", row_code(r), c.code)
                        }
                    })
                    .collect()
            })
            .collect(),
        rows: s
            .rows
            .iter()
            .map(|r| format!("{m}|{rd}={}@{step}", row_code(r)))
            .collect(),
        columns: s
            .columns
            .iter()
            .map(|c| {
                if by_period {
                    format!("{m}@{}", c.code)
                } else {
                    format!("{m}|{cd}={}@{step}", c.code)
                }
            })
            .collect(),
        total: format!("{m}@{step}"),
    }
}

/// A kern's name in a ledger key: the key's own separators escaped, so no name can
/// make two quantities share a key or mislead the period links.
fn escape(name: &str) -> String {
    name.replace('%', "%25")
        .replace('|', "%7C")
        .replace('=', "%3D")
        .replace('@', "%40")
}

/// Put a table's cells, totals and equations in the ledger; published unless the
/// table is withheld (its counts are still true quantities the equations hold).
pub(super) fn register(ledger: &mut Ledger, s: &Spec, k: &Keys, publish: bool) -> Result<()> {
    let cell: Vec<Vec<usize>> = s
        .cells
        .iter()
        .zip(&k.cells)
        .map(|(values, keys)| {
            values
                .iter()
                .zip(keys)
                .map(|(v, key)| ledger.quantity(key, *v))
                .collect::<Result<Vec<_>>>()
        })
        .collect::<Result<_>>()?;
    let row_totals: Vec<usize> = s
        .cells
        .iter()
        .zip(&k.rows)
        .map(|(values, key)| ledger.quantity(key, values.iter().sum()))
        .collect::<Result<_>>()?;
    let column_totals: Vec<usize> = k
        .columns
        .iter()
        .enumerate()
        .map(|(j, key)| ledger.quantity(key, s.cells.iter().map(|row| row[j]).sum()))
        .collect::<Result<_>>()?;
    let grand = ledger.quantity(&k.total, s.cells.iter().flatten().sum())?;
    for (total, row) in row_totals.iter().zip(&cell) {
        ledger.line(*total, row.clone())?;
    }
    for (j, total) in column_totals.iter().enumerate() {
        ledger.line(*total, cell.iter().map(|row| row[j]).collect())?;
    }
    ledger.line(grand, row_totals.clone())?;
    ledger.line(grand, column_totals.clone())?;
    if !publish {
        return Ok(());
    }
    for q in cell
        .iter()
        .flatten()
        .chain(&row_totals)
        .chain(&column_totals)
    {
        ledger.publish(*q);
    }
    ledger.publish(grand);
    Ok(())
}

/// A table as published, with why each cell differs from its true count.
pub(super) fn render(ledger: &Ledger, s: Spec, k: &Keys) -> (Table, Vec<CellNote>) {
    let mut notes = Vec::new();
    let mut shown = |key: &str, row: &str, column: &str| -> Option<u64> {
        let i = ledger.get(key)?;
        if let Some((reason, protects)) = ledger.reason(i) {
            notes.push(CellNote {
                table: s.name.to_owned(),
                row: row.to_owned(),
                column: column.to_owned(),
                reason,
                protects: protects.map(describe_key),
            });
        }
        match ledger.shown(i)? {
            Shown::Zero => Some(0),
            Shown::Rounded(v) => Some(v),
            Shown::Hidden => None,
        }
    };
    let (r, c) = (s.rows.len(), s.columns.len());
    let cells = (0..r)
        .map(|i| {
            (0..c)
                .map(|j| shown(&k.cells[i][j], &s.rows[i].code, &s.columns[j].code))
                .collect()
        })
        .collect();
    let row_totals = (0..r)
        .map(|i| shown(&k.rows[i], &s.rows[i].code, "total"))
        .collect();
    let column_totals = (0..c)
        .map(|j| shown(&k.columns[j], "total", &s.columns[j].code))
        .collect();
    let total = shown(&k.total, "total", "total");
    let table = Table {
        name: s.name.into(),
        title: s.title.into(),
        measure: s.measure.into(),
        row_dimension: s.row_dimension.into(),
        column_dimension: s.column_dimension.into(),
        cells,
        row_totals,
        column_totals,
        total,
        rows: s.rows,
        columns: s.columns,
    };
    (table, notes)
}

/// A ledger key as a reader sees it: `referrals|municipality=GM0014|gender=x@2026-Q1`
/// becomes `referrals, GM0014, x, 2026-Q1`.
pub(super) fn describe_key(key: &str) -> String {
    let (what, at) = key.split_once('@').unwrap_or((key, ""));
    what.split('|')
        .map(|part| part.split_once('=').map_or(part, |(_, v)| v))
        .chain((!at.is_empty()).then_some(at))
        .map(unescape)
        .collect::<Vec<_>>()
        .join(", ")
}

fn unescape(part: &str) -> String {
    part.replace("%7C", "|")
        .replace("%3D", "=")
        .replace("%40", "@")
        .replace("%25", "%")
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
