//! The monitoring report municipalities and regions ask for (docs/DESIGN.md, "Monitoring").
//!
//! Two halves, so the figures can be tested on plain data:
//! - [`load`] reads the vault in a few whole-table scans and reduces each trajectory to
//!   [`Facts`] (flags for the period, intervals, age band, recurrence);
//! - [`compute`] is a pure function from facts to a [`Report`]: overall and per group
//!   (practice, kern or municipality), optionally in a region's categories
//!   ([`RegionProfile`]).
//!
//! The regional merge (`export::merge`) builds facts from anonymised records and runs
//! the same [`compute`], so a region's report means what a worker's report means.
//! `spil report --json` and the app's monitoring screen show the same [`Report`].

mod facts;
mod figures;
mod labels;
pub(crate) mod load;
mod profile;
mod settings;
mod stats;
mod stream;

use std::collections::BTreeMap;

use crate::Rule;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use facts::{recurrence, AgeBand, ConsultationCount, Facts, Period, YearMonth};
pub use figures::{
    figures, savings_estimate, ConversationFigures, Figures, Recurrence, RecurrenceFigure, Savings,
};
pub(crate) use labels::nl as label_nl;
pub use profile::{
    region_of, shipped_profiles, Category, CategoryLabel, ProfileInfo, RegionProfile,
};
pub use stats::{share, Count, Summary};
pub(crate) use stream::stream;

use crate::audit::{Action, Event};
use crate::{Error, Result, Vault};

/// How to split the report into groups.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Practice,
    Kern,
    Municipality,
}

impl GroupBy {
    pub fn key(self, f: &Facts) -> Option<&str> {
        match self {
            GroupBy::Practice => f.practice.as_deref(),
            GroupBy::Kern => f.kern.as_deref(),
            GroupBy::Municipality => f.municipality.as_deref(),
        }
    }
    fn consultation_key(self, c: &ConsultationCount) -> Option<&str> {
        match self {
            GroupBy::Practice => c.practice.as_deref(),
            GroupBy::Kern => c.kern.as_deref(),
            GroupBy::Municipality => c.municipality.as_deref(),
        }
    }
}

/// The two parameters of the savings estimate; defaults are Rheden's 2019 figures.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SavingsParams {
    /// Share of referrals the GP would have sent to tailored care without an OJG.
    pub share_gp_would_refer: f64,
    /// Average cost of one tailored care provision (maatwerkvoorziening), in euros.
    pub average_cost_eur: f64,
}

impl Default for SavingsParams {
    fn default() -> Self {
        SavingsParams {
            share_gp_would_refer: 0.63,
            average_cost_eur: 2414.0,
        }
    }
}

impl SavingsParams {
    pub fn validated(self) -> Result<SavingsParams> {
        if !(0.0..=1.0).contains(&self.share_gp_would_refer) {
            return Err(Error::invalid(
                "share_gp_would_refer",
                Rule::OutOfRange,
                "the share lies between 0 and 1",
            ));
        }
        if !self.average_cost_eur.is_finite() || self.average_cost_eur < 0.0 {
            return Err(Error::invalid(
                "average_cost_eur",
                Rule::OutOfRange,
                "the average cost is a positive amount",
            ));
        }
        Ok(self)
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportParams {
    /// First day of the period; `None`: from the first referral.
    pub from: Option<NaiveDate>,
    /// Last day of the period; `None`: today.
    pub to: Option<NaiveDate>,
    pub group_by: Option<GroupBy>,
    /// A region profile name (see [`shipped_profiles`]).
    pub profile: Option<String>,
    pub savings: SavingsParams,
}

/// Everything [`compute`] needs besides the rows.
#[derive(Debug, Clone)]
pub struct Context {
    pub period: Period,
    /// The day the report is made: recurrence windows must have passed by then.
    pub as_of: NaiveDate,
    pub group_by: Option<GroupBy>,
    pub profile: Option<RegionProfile>,
    pub savings: SavingsParams,
}

impl ReportParams {
    /// Check the parameters and fix the period against `as_of`.
    pub fn context(&self, as_of: NaiveDate) -> Result<Context> {
        let to = self.to.unwrap_or(as_of);
        if self.from.is_some_and(|f| f > to) {
            return Err(Error::invalid(
                "from",
                Rule::Order,
                "the period starts after it ends",
            ));
        }
        Ok(Context {
            period: Period {
                from: self.from,
                to,
            },
            as_of,
            group_by: self.group_by,
            profile: self
                .profile
                .as_deref()
                .map(RegionProfile::named)
                .transpose()?,
            savings: self.savings.validated()?,
        })
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    pub as_of: NaiveDate,
    pub group_by: Option<GroupBy>,
    pub profile: Option<ProfileInfo>,
    /// Printed beside the savings estimate, always.
    pub savings_parameters: SavingsParams,
    pub overall: Figures,
    /// One per practice, kern or municipality; unknown last.
    pub groups: Vec<GroupFigures>,
    /// Month by month over the period (from its first referral when it has no
    /// start): the waiting-time trend the monitoring screen charts.
    #[serde(default)]
    pub months: Vec<MonthFigures>,
}

/// One month of the period: the referrals made in it and how long those with a
/// first contact waited for it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthFigures {
    pub month: YearMonth,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub referrals: u64,
    pub waiting_days: Summary,
}

/// [`MonthFigures`] for every month from the period's first to its last, empty
/// months included (a gap in a trend is a figure too).
fn monthly(facts: &[Facts], period: &Period) -> Vec<MonthFigures> {
    let referred: Vec<&Facts> = facts.iter().filter(|f| f.referred_in_period).collect();
    let first = match period.from {
        Some(from) => YearMonth::of(from),
        None => match referred.iter().map(|f| f.referral_month).min() {
            Some(m) => m,
            None => return Vec::new(),
        },
    };
    let last = YearMonth::of(period.to);
    let mut by_month: BTreeMap<YearMonth, Vec<i64>> = BTreeMap::new();
    let mut counts: BTreeMap<YearMonth, u64> = BTreeMap::new();
    for f in &referred {
        *counts.entry(f.referral_month).or_default() += 1;
        if let Some(days) = f.waiting_days {
            by_month.entry(f.referral_month).or_default().push(days);
        }
    }
    let mut out = Vec::new();
    let mut month = first;
    while month <= last {
        out.push(MonthFigures {
            month,
            referrals: counts.get(&month).copied().unwrap_or(0),
            waiting_days: Summary::of(by_month.remove(&month).unwrap_or_default()),
        });
        month = YearMonth::of(month.first_day() + chrono::Months::new(1));
    }
    out
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupFigures {
    /// The practice name, kern or CBS municipality code; `None` when unknown.
    pub key: Option<String>,
    pub label: String,
    pub figures: Figures,
}

/// The whole report from facts: pure, so the merge and the tests use it as is.
pub fn compute(facts: &[Facts], consultations: &[ConsultationCount], ctx: &Context) -> Report {
    let profile = ctx.profile.as_ref();
    let all: Vec<&Facts> = facts.iter().collect();
    let total_consultations = consultations.iter().map(|c| c.count).sum();
    let overall = figures(&all, total_consultations, profile, &ctx.savings);
    let mut groups = Vec::new();
    if let Some(by) = ctx.group_by {
        // BTreeMap: groups in name order; `None` (unknown) sorts first, moved last below.
        let mut split: BTreeMap<Option<&str>, (Vec<&Facts>, u64)> = BTreeMap::new();
        for f in facts {
            split.entry(by.key(f)).or_default().0.push(f);
        }
        for c in consultations {
            split.entry(by.consultation_key(c)).or_default().1 += c.count;
        }
        for (key, (rows, consults)) in split {
            groups.push(GroupFigures {
                key: key.map(str::to_owned),
                label: key.unwrap_or(labels::UNKNOWN).to_owned(),
                figures: figures(&rows, consults, profile, &ctx.savings),
            });
        }
        if groups.first().is_some_and(|g| g.key.is_none()) {
            groups.rotate_left(1);
        }
    }
    Report {
        from: ctx.period.from,
        to: ctx.period.to,
        as_of: ctx.as_of,
        group_by: ctx.group_by,
        profile: profile.map(RegionProfile::info),
        savings_parameters: ctx.savings,
        overall,
        groups,
        months: monthly(facts, &ctx.period),
    }
}

impl Vault {
    /// The monitoring report over this vault (an audited read).
    pub fn report(&mut self, p: &ReportParams) -> Result<Report> {
        let ctx = p.context(crate::today())?;
        let facts = load::facts(&self.conn, &ctx.period, ctx.as_of)?;
        let consultations = load::consultations(&self.conn, &ctx.period)?;
        let report = compute(&facts, &consultations, &ctx);
        self.audited(Event::new(Action::Read, "report"))?;
        Ok(report)
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
