//! Which tables one step of an aggregate export has, before protection: the tables
//! by municipality (referrals by period, referrer, age band, gender and triage;
//! problem areas; closed trajectories by outcome and by number of conversations; the
//! region profile's outcome categories; GP consultations), the practice table with its
//! pooled practices, and the three tables by kern (see [`super::aggregate`] for why
//! only those three).

use std::collections::BTreeSet;

use super::aggregate::{Granularity, Label};
use super::tables::{
    age_columns, bucket, bucket_columns, code, code_columns, kern, kern_code, kern_rows,
    municipality, position, practice_table, Spec,
};
use crate::codes::{Code, Gender, Outcome, ProblemArea, Referrer, Triage};
use crate::report::{AgeBand, ConsultationCount, Facts, RegionProfile, YearMonth};

/// Every table of one step, before protection, with the pooled practices.
pub(super) fn specs(
    facts: &[Facts],
    consultations: &[ConsultationCount],
    periods: &[Label],
    profile: Option<&RegionProfile>,
) -> (Vec<Spec>, Vec<(String, Vec<u64>)>) {
    let referred: Vec<&Facts> = facts.iter().filter(|f| f.referred_in_period).collect();
    let closed: Vec<&Facts> = facts.iter().filter(|f| f.closed_in_period).collect();
    let mun_rows = municipality_rows(facts, consultations);
    // The column a month counts in (a quarter step has one column, whatever the
    // granularity).
    let period = |m: YearMonth| {
        periods
            .iter()
            .find(|p| {
                [Granularity::Quarter, Granularity::HalfYear]
                    .iter()
                    .any(|g| g.period_of(m).code == p.code)
            })
            .map_or_else(String::new, |p| p.code.clone())
    };
    let kern_rows = kern_rows(facts, consultations);
    // (name, title, measure, column dimension, columns, rows the table counts, columns of
    // a row), by municipality or by kern.
    let table = |by_kern: bool,
                 name: &'static str,
                 title: &'static str,
                 measure: &'static str,
                 dim: &'static str,
                 columns: Vec<Label>,
                 rows: &[&Facts],
                 cols: &dyn Fn(&Facts) -> Vec<String>| {
        let labels = if by_kern { &kern_rows } else { &mun_rows };
        let mut cells = vec![vec![0u64; columns.len()]; labels.len()];
        for f in rows {
            let row = if by_kern {
                kern(f)
            } else {
                municipality(f).to_owned()
            };
            let i = position(labels, &row).unwrap_or(0);
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
            row_dimension: if by_kern { "kern" } else { "municipality" },
            column_dimension: dim,
            rows: labels.clone(),
            columns,
            cells,
            parent: None,
        }
    };
    let by_mun = |name: &'static str,
                  title: &'static str,
                  measure: &'static str,
                  dim: &'static str,
                  columns: Vec<Label>,
                  rows: &[&Facts],
                  cols: &dyn Fn(&Facts) -> Vec<String>| {
        table(false, name, title, measure, dim, columns, rows, cols)
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
    let (practices, pooled) = practice_table(&referred, periods, &period);
    specs.push(practices);
    let mut consult = vec![vec![0u64; periods.len()]; mun_rows.len()];
    let mut consult_kern = vec![vec![0u64; periods.len()]; kern_rows.len()];
    for c in consultations
        .iter()
        .filter(|c| in_periods(periods, c.month, &period))
    {
        let m = c.municipality.as_deref().unwrap_or("unknown");
        let i = position(&mun_rows, m).unwrap_or(0);
        let ik = position(&kern_rows, &kern_code(m, c.kern.as_deref())).unwrap_or(0);
        if let Some(j) = position(periods, &period(c.month)) {
            consult[i][j] += c.count;
            consult_kern[ik][j] += c.count;
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
        parent: None,
    });
    // The tables by kern (module docs), after every table by municipality.
    specs.push(Spec {
        parent: Some("referrals_by_period"),
        ..table(
            true,
            "referrals_by_kern",
            "Aanmeldingen per kern en periode",
            "referrals",
            "period",
            periods.to_vec(),
            &referred,
            &|f| vec![period(f.referral_month)],
        )
    });
    specs.push(Spec {
        parent: Some("closed_by_outcome"),
        ..table(
            true,
            "closed_by_kern_outcome",
            "Afgesloten trajecten per kern en uitstroom",
            "closed",
            "outcome",
            code_columns::<Outcome>(true),
            &closed,
            &|f| code(f.outcome.map(Outcome::as_str)),
        )
    });
    specs.push(Spec {
        name: "gp_consultations_by_kern",
        title: "Consultaties huisarts per kern en periode",
        measure: "gp_consultations",
        row_dimension: "kern",
        column_dimension: "period",
        rows: kern_rows.clone(),
        columns: periods.to_vec(),
        cells: consult_kern,
        parent: Some("gp_consultations_by_period"),
    });

    (specs, pooled)
}

fn in_periods(periods: &[Label], m: YearMonth, period: &dyn Fn(YearMonth) -> String) -> bool {
    position(periods, &period(m)).is_some()
}

/// Municipalities with a referral, a closing or a consultation in the step.
pub(super) fn municipality_rows(
    facts: &[Facts],
    consultations: &[ConsultationCount],
) -> Vec<Label> {
    let municipalities: BTreeSet<&str> = facts
        .iter()
        .filter(|f| f.referred_in_period || f.closed_in_period)
        .map(municipality)
        .chain(
            consultations
                .iter()
                .map(|c| c.municipality.as_deref().unwrap_or("unknown")),
        )
        .collect();
    municipalities
        .iter()
        .map(|m| Label::new(m, if *m == "unknown" { "onbekend" } else { m }))
        .collect()
}
