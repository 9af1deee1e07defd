//! Every figure of the monitoring report, computed from [`Facts`] alone (a pure
//! function: the tests feed it hand-made rows and compare with hand-computed numbers).
//!
//! Bases, stated once:
//! - *referrals* and the referrer, problem-area, age, gender and triage distributions:
//!   trajectories referred in the period;
//! - *waiting / active / open*: status on the period's last day;
//! - *closed* and the conversation, intervention, duration, outcome, satisfaction,
//!   recurrence and savings figures: trajectories closed in the period;
//! - *waiting time*: referrals in the period that have had a first contact.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::facts::{AgeBand, Facts};
use super::labels::{nl, UNKNOWN};
use super::profile::{Category, RegionProfile};
use super::stats::{share, Count, Summary};
use super::SavingsParams;
use crate::codes::{Code, Gender, Intervention, Outcome, ProblemArea};
use crate::model::Status;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub referrals: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub unique_youths: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub families: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub waiting_at_end: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub active_at_end: u64,
    /// Waiting plus active: every trajectory not closed on the period's last day.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub open_at_end: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub closed: u64,
    pub waiting_days: Summary,
    pub conversations: ConversationFigures,
    pub duration_days: Summary,
    pub outcomes: Vec<Count>,
    /// The outcomes in the chosen region profile's categories.
    pub region_outcomes: Option<Vec<Count>>,
    pub referrers: Vec<Count>,
    pub region_referrers: Option<Vec<Count>>,
    /// Several per referral: shares are of referrals and add up to more than 1.
    pub problem_areas: Vec<Count>,
    /// The intervention mix: closed trajectories whose conversations used each
    /// intervention. Several per trajectory: shares are of closed trajectories and add
    /// up to more than 1. Not in a merged regional report (record exports do not carry
    /// interventions).
    pub interventions: Vec<Count>,
    pub age_bands: Vec<Count>,
    pub genders: Vec<Count>,
    pub triage: Vec<Count>,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub gp_consultations: u64,
    pub satisfaction: Summary,
    pub recurrence: Recurrence,
    pub savings: Savings,
}

/// Conversations per closed trajectory, in the buckets of the pilot reports.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConversationFigures {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub closed: u64,
    pub mean: Option<f64>,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub zero: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub one: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub two_to_seven: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub eight_plus: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub one_to_five: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub six_plus: u64,
    /// The same six buckets in the pilots' order (0, 1, 2–7, 8+, then 1–5, 6+),
    /// each with its share of the closed trajectories, as a chart or table shows them.
    pub buckets: Vec<ConversationBucket>,
}

/// One bucket of conversations per closed trajectory.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationBucket {
    /// `0`, `1`, `2–7`, `8+`, `1–5` or `6+`.
    pub label: String,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub count: u64,
    /// Of the closed trajectories; none when nothing closed.
    pub share: Option<f64>,
}

/// "Outcome in Zicht": closed trajectories followed by a new referral of the same
/// youth. Only trajectories whose whole window has passed are counted (`eligible`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Recurrence {
    pub within_6_months: RecurrenceFigure,
    pub within_12_months: RecurrenceFigure,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecurrenceFigure {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub eligible: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub recurred: u64,
    pub share: Option<f64>,
}

/// closed × share with no further care × share the GP would have referred × average
/// cost, with the parameters beside the result.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Savings {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub closed: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub no_further_care: u64,
    pub share_no_further_care: Option<f64>,
    pub share_gp_would_refer: f64,
    pub average_cost_eur: f64,
    pub estimate_eur: f64,
}

/// The savings formula (docs/DESIGN.md, "Monitoring"), as the Rheden proposal computed it.
pub fn savings_estimate(closed: f64, share_no_further_care: f64, p: &SavingsParams) -> f64 {
    closed * share_no_further_care * p.share_gp_would_refer * p.average_cost_eur
}

/// Compute every figure over `facts`; `gp_consultations` is the count for the same
/// selection (consultations have no trajectory).
pub fn figures(
    facts: &[&Facts],
    gp_consultations: u64,
    profile: Option<&RegionProfile>,
    savings: &SavingsParams,
) -> Figures {
    let referred: Vec<&Facts> = facts
        .iter()
        .copied()
        .filter(|f| f.referred_in_period)
        .collect();
    let closed: Vec<&Facts> = facts
        .iter()
        .copied()
        .filter(|f| f.closed_in_period)
        .collect();
    let n_ref = referred.len() as u64;
    let n_closed = closed.len() as u64;
    let at_end = |s: Status| facts.iter().filter(|f| f.status_at_end == Some(s)).count() as u64;
    let (waiting, active) = (at_end(Status::Waiting), at_end(Status::Active));
    let distinct = |key: fn(&Facts) -> &str| {
        referred
            .iter()
            .map(|f| key(f))
            .collect::<HashSet<_>>()
            .len() as u64
    };
    let no_further_care = closed
        .iter()
        .filter(|f| f.outcome == Some(Outcome::NoFurtherCare))
        .count() as u64;
    let share_nfc = share(no_further_care, n_closed);
    Figures {
        referrals: n_ref,
        unique_youths: distinct(|f| &f.youth),
        families: distinct(|f| &f.family),
        waiting_at_end: waiting,
        active_at_end: active,
        open_at_end: waiting + active,
        closed: n_closed,
        waiting_days: Summary::of(referred.iter().filter_map(|f| f.waiting_days).collect()),
        conversations: conversations(&closed),
        duration_days: Summary::of(closed.iter().filter_map(|f| f.duration_days).collect()),
        outcomes: codes(&closed, |f| f.outcome, false),
        region_outcomes: profile.map(|p| {
            categories(&closed, &p.outcomes, |f| {
                f.outcome
                    .and_then(|o| p.outcome_category(o))
                    .map(|c| c.code.as_str())
            })
        }),
        referrers: codes(&referred, |f| f.referrer, true),
        region_referrers: profile.filter(|p| !p.referrers.is_empty()).map(|p| {
            categories(&referred, &p.referrers, |f| {
                f.referrer
                    .and_then(|r| p.referrer_category(r))
                    .map(|c| c.code.as_str())
            })
        }),
        problem_areas: each::<ProblemArea>(&referred, |f| &f.problem_areas),
        interventions: each::<Intervention>(&closed, |f| &f.interventions),
        age_bands: age_bands(&referred),
        genders: codes(&referred, |f| Some::<Gender>(f.gender), false),
        triage: codes(&referred, |f| f.triage, true),
        gp_consultations,
        satisfaction: Summary::of(
            closed
                .iter()
                .filter_map(|f| f.satisfaction.map(i64::from))
                .collect(),
        ),
        recurrence: Recurrence {
            within_6_months: recurrence(&closed, |f| f.recurred_6m),
            within_12_months: recurrence(&closed, |f| f.recurred_12m),
        },
        savings: Savings {
            closed: n_closed,
            no_further_care,
            share_no_further_care: share_nfc,
            share_gp_would_refer: savings.share_gp_would_refer,
            average_cost_eur: savings.average_cost_eur,
            estimate_eur: savings_estimate(n_closed as f64, share_nfc.unwrap_or(0.0), savings),
        },
    }
}

/// Every code of a list that a row may have several of, with the rows that have it;
/// shares are of all `rows`, so they add up to more than 1.
fn each<C: Code + PartialEq>(rows: &[&Facts], of: impl Fn(&Facts) -> &[C]) -> Vec<Count> {
    C::ALL
        .iter()
        .map(|&c| {
            let n = rows.iter().filter(|f| of(f).contains(&c)).count() as u64;
            Count::new(c.as_str(), nl(c), n, rows.len() as u64)
        })
        .collect()
}

fn conversations(closed: &[&Facts]) -> ConversationFigures {
    let mut c = ConversationFigures {
        closed: closed.len() as u64,
        ..Default::default()
    };
    for f in closed {
        match f.conversations {
            0 => c.zero += 1,
            1 => c.one += 1,
            2..=7 => c.two_to_seven += 1,
            _ => c.eight_plus += 1,
        }
        match f.conversations {
            0 => {}
            1..=5 => c.one_to_five += 1,
            _ => c.six_plus += 1,
        }
    }
    let total: u64 = closed.iter().map(|f| u64::from(f.conversations)).sum();
    c.mean = share(total, c.closed);
    c.buckets = [
        ("0", c.zero),
        ("1", c.one),
        ("2–7", c.two_to_seven),
        ("8+", c.eight_plus),
        ("1–5", c.one_to_five),
        ("6+", c.six_plus),
    ]
    .into_iter()
    .map(|(label, count)| ConversationBucket {
        label: label.to_owned(),
        count,
        share: share(count, c.closed),
    })
    .collect();
    c
}

/// A distribution over a code list, every code listed (zeros too) in list order;
/// "unknown" is listed when `always_unknown` or when something is unknown.
fn codes<C: Code + PartialEq>(
    rows: &[&Facts],
    value: impl Fn(&Facts) -> Option<C>,
    always_unknown: bool,
) -> Vec<Count> {
    let base = rows.len() as u64;
    let mut out: Vec<Count> = C::ALL
        .iter()
        .map(|&c| {
            let n = rows.iter().filter(|f| value(f) == Some(c)).count() as u64;
            Count::new(c.as_str(), nl(c), n, base)
        })
        .collect();
    let unknown = rows.iter().filter(|f| value(f).is_none()).count() as u64;
    if always_unknown || unknown > 0 {
        out.push(Count::new("unknown", UNKNOWN, unknown, base));
    }
    out
}

/// A distribution over a region's categories; `code_of` gives a row's category code.
fn categories<'p, K>(
    rows: &[&Facts],
    cats: &'p [Category<K>],
    code_of: impl Fn(&Facts) -> Option<&'p str>,
) -> Vec<Count> {
    let base = rows.len() as u64;
    let mut out: Vec<Count> = cats
        .iter()
        .map(|cat| {
            let n = rows
                .iter()
                .filter(|f| code_of(f) == Some(cat.code.as_str()))
                .count();
            Count::new(&cat.code, cat.label.clone(), n as u64, base)
        })
        .collect();
    let unknown = rows.iter().filter(|f| code_of(f).is_none()).count() as u64;
    if unknown > 0 {
        out.push(Count::new("unknown", UNKNOWN, unknown, base));
    }
    out
}

fn age_bands(rows: &[&Facts]) -> Vec<Count> {
    let base = rows.len() as u64;
    let mut out: Vec<Count> = AgeBand::ALL
        .iter()
        .map(|&b| {
            let n = rows.iter().filter(|f| f.age_band == Some(b)).count() as u64;
            Count::new(b.as_str(), b.label(), n, base)
        })
        .collect();
    let unknown = rows.iter().filter(|f| f.age_band.is_none()).count() as u64;
    out.push(Count::new("unknown", UNKNOWN, unknown, base));
    out
}

fn recurrence(closed: &[&Facts], flag: fn(&Facts) -> Option<bool>) -> RecurrenceFigure {
    let known: Vec<bool> = closed.iter().filter_map(|f| flag(f)).collect();
    let recurred = known.iter().filter(|&&r| r).count() as u64;
    RecurrenceFigure {
        eligible: known.len() as u64,
        recurred,
        share: share(recurred, known.len() as u64),
    }
}
