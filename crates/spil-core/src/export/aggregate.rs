//! The aggregate export: count tables by municipality (and by practice where a practice
//! has at least 10 referrals), periods in quarters or half-years, protected together by
//! [`super::suppress`]; medians and means only where at least 10 values lie behind them.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::tables::{
    age_columns, bucket, bucket_columns, code, code_columns, municipality, position,
    practice_table, statistics, suppressed, Spec,
};
use crate::codes::{Code, Gender, Outcome, ProblemArea, Referrer, Triage};
use crate::report::{
    figures, AgeBand, ConsultationCount, Facts, RegionProfile, Savings, SavingsParams, YearMonth,
};

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
}

/// Build every table and statistic, then suppress.
pub fn build(
    facts: &[Facts],
    consultations: &[ConsultationCount],
    periods: &[Label],
    granularity: Granularity,
    profile: Option<&RegionProfile>,
    savings: &SavingsParams,
) -> Aggregates {
    let referred: Vec<&Facts> = facts.iter().filter(|f| f.referred_in_period).collect();
    let closed: Vec<&Facts> = facts.iter().filter(|f| f.closed_in_period).collect();
    let municipalities: BTreeSet<&str> = facts
        .iter()
        .map(municipality)
        .chain(
            consultations
                .iter()
                .map(|c| c.municipality.as_deref().unwrap_or("unknown")),
        )
        .collect();
    let mun_rows: Vec<Label> = municipalities
        .iter()
        .map(|m| Label::new(m, if *m == "unknown" { "onbekend" } else { m }))
        .collect();
    let period = |m: YearMonth| granularity.period_of(m).code;

    // (name, title, measure, column dimension, columns, rows the table counts, columns of a row)
    let by_mun = |name,
                  title,
                  measure,
                  dim,
                  columns: Vec<Label>,
                  rows: &[&Facts],
                  cols: &dyn Fn(&Facts) -> Vec<String>| {
        let mut cells = vec![vec![0u64; columns.len()]; mun_rows.len()];
        for f in rows {
            let i = position(&mun_rows, municipality(f)).unwrap_or(0);
            for code in cols(f) {
                if let Some(j) = position(&columns, &code) {
                    cells[i][j] += 1;
                }
            }
        }
        Spec {
            name,
            title,
            measure,
            row_dimension: "municipality",
            column_dimension: dim,
            rows: mun_rows.clone(),
            columns,
            cells,
        }
    };
    let mut specs = vec![
        by_mun(
            "referrals_by_period",
            "Aanmeldingen per periode",
            "referrals",
            "period",
            periods.to_vec(),
            &referred,
            &|f| vec![period(f.referral_month)],
        ),
        by_mun(
            "referrals_by_referrer",
            "Aanmeldingen per verwijzer",
            "referrals",
            "referrer",
            code_columns::<Referrer>(true),
            &referred,
            &|f| code(f.referrer.map(Referrer::as_str)),
        ),
        by_mun(
            "referrals_by_age_band",
            "Aanmeldingen per leeftijd",
            "referrals",
            "age_band",
            age_columns(),
            &referred,
            &|f| code(f.age_band.map(AgeBand::as_str)),
        ),
        by_mun(
            "referrals_by_gender",
            "Aanmeldingen per geslacht",
            "referrals",
            "gender",
            code_columns::<Gender>(false),
            &referred,
            &|f| code(Some(f.gender.as_str())),
        ),
        by_mun(
            "referrals_by_triage",
            "Aanmeldingen per afweging",
            "referrals",
            "triage",
            code_columns::<Triage>(true),
            &referred,
            &|f| code(f.triage.map(Triage::as_str)),
        ),
        by_mun(
            "problem_areas",
            "Probleemgebieden (meerdere per aanmelding)",
            "problem_area_mentions",
            "problem_area",
            code_columns::<ProblemArea>(false),
            &referred,
            &|f| {
                f.problem_areas
                    .iter()
                    .map(|a| a.as_str().to_owned())
                    .collect()
            },
        ),
        by_mun(
            "closed_by_outcome",
            "Afgesloten trajecten per uitstroom",
            "closed",
            "outcome",
            code_columns::<Outcome>(true),
            &closed,
            &|f| code(f.outcome.map(Outcome::as_str)),
        ),
        by_mun(
            "closed_by_conversations",
            "Afgesloten trajecten per aantal gesprekken",
            "closed",
            "conversations",
            bucket_columns(),
            &closed,
            &|f| vec![bucket(f.conversations).to_owned()],
        ),
    ];
    if let Some(p) = profile {
        let mut cols: Vec<Label> = p
            .outcomes
            .iter()
            .map(|c| Label::new(&c.code, c.label.clone()))
            .collect();
        cols.push(Label::new("unknown", "onbekend"));
        specs.push(by_mun(
            "closed_by_region_outcome",
            "Afgesloten trajecten per uitstroom (regio)",
            "closed",
            "region_outcome",
            cols,
            &closed,
            &|f| {
                code(
                    f.outcome
                        .and_then(|o| p.outcome_category(o))
                        .map(|c| c.code.as_str()),
                )
            },
        ));
    }
    specs.push(practice_table(&referred, periods, &period));
    let mut consult = vec![vec![0u64; periods.len()]; mun_rows.len()];
    for c in consultations {
        let i = position(&mun_rows, c.municipality.as_deref().unwrap_or("unknown")).unwrap_or(0);
        if let Some(j) = position(periods, &period(c.month)) {
            consult[i][j] += c.count;
        }
    }
    specs.push(Spec {
        name: "gp_consultations_by_period",
        title: "Consultaties huisarts per periode",
        measure: "gp_consultations",
        row_dimension: "municipality",
        column_dimension: "period",
        rows: mun_rows.clone(),
        columns: periods.to_vec(),
        cells: consult,
    });

    let tables = suppressed(specs);
    let statistics = statistics(facts, &mun_rows);
    let overall = figures(&facts.iter().collect::<Vec<_>>(), 0, None, savings).savings;
    // The estimate divides back to the no-further-care count: publish it only with that count.
    let visible = tables
        .iter()
        .find(|t| t.name == "closed_by_outcome")
        .is_some_and(|t| {
            t.total.is_some()
                && position(&t.columns, "no_further_care")
                    .is_some_and(|j| t.column_totals[j].is_some())
        });
    Aggregates {
        tables,
        statistics,
        savings: visible.then_some(overall),
    }
}
