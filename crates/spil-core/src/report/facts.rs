//! What the report counts: one [`Facts`] row per trajectory, already reduced to what a
//! figure needs (flags for the period, intervals in days, age band, recurrence).
//!
//! Two sources produce facts: the vault (exact dates, [`derive`]) and a merge of
//! record-level exports (months and weeks, see `export::merge`). Because every figure
//! is computed from facts alone, a worker's report and a region's report over merged
//! exports are the same computation.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::codes::{Gender, Intervention, Outcome, ProblemArea, Referrer, Triage};
use crate::model::Status;

/// A calendar month, written `YYYY-MM`: the finest date an export carries.
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = String))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn of(d: NaiveDate) -> Self {
        YearMonth {
            year: d.year(),
            month: d.month(),
        }
    }
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }
    pub fn last_day(self) -> NaiveDate {
        self.first_day()
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }
    /// The quarter (1–4) this month falls in.
    pub fn quarter(self) -> u32 {
        (self.month - 1) / 3 + 1
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for YearMonth {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not a month (YYYY-MM)");
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        let (year, month) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if y.len() != 4 || m.len() != 2 || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(YearMonth { year, month })
    }
}

impl Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Age at referral in the bands the regions report (and the only age an export holds).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AgeBand {
    #[serde(rename = "0-3")]
    Age0To3,
    #[serde(rename = "4-11")]
    Age4To11,
    #[serde(rename = "12-17")]
    Age12To17,
    #[serde(rename = "18+")]
    Age18Plus,
}

impl AgeBand {
    pub const ALL: [AgeBand; 4] = [
        AgeBand::Age0To3,
        AgeBand::Age4To11,
        AgeBand::Age12To17,
        AgeBand::Age18Plus,
    ];

    /// The band of someone born on `birth` at date `at`; `None` before birth.
    pub fn at(birth: NaiveDate, at: NaiveDate) -> Option<AgeBand> {
        let age = at.years_since(birth)?;
        Some(match age {
            0..=3 => AgeBand::Age0To3,
            4..=11 => AgeBand::Age4To11,
            12..=17 => AgeBand::Age12To17,
            _ => AgeBand::Age18Plus,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AgeBand::Age0To3 => "0-3",
            AgeBand::Age4To11 => "4-11",
            AgeBand::Age12To17 => "12-17",
            AgeBand::Age18Plus => "18+",
        }
    }

    pub fn parse(s: &str) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|b| b.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeBand::Age0To3 => "0–3 jaar",
            AgeBand::Age4To11 => "4–11 jaar",
            AgeBand::Age12To17 => "12–17 jaar",
            AgeBand::Age18Plus => "18 jaar en ouder",
        }
    }
}

/// The reporting period: `from` (open if `None`) to `to`, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= d) && d <= self.to
    }
}

/// One trajectory as the figures see it. `None` in a location, age band or outcome
/// means unknown, or generalised away by an export.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// A key that is equal for the trajectories of one youth (an id or a pseudonym).
    pub youth: String,
    /// A key that is equal for the youths of one family.
    pub family: String,
    pub practice: Option<String>,
    pub kern: Option<String>,
    pub municipality: Option<String>,
    pub referral_month: YearMonth,
    pub closed_month: Option<YearMonth>,
    pub referred_in_period: bool,
    pub closed_in_period: bool,
    /// Where the trajectory stood on the period's last day; `None` if referred later.
    pub status_at_end: Option<Status>,
    /// Referral → first contact.
    pub waiting_days: Option<i64>,
    /// Referral → closure.
    pub duration_days: Option<i64>,
    pub referrer: Option<Referrer>,
    pub problem_areas: Vec<ProblemArea>,
    pub age_band: Option<AgeBand>,
    pub gender: Gender,
    /// The current (latest) triage decision.
    pub triage: Option<Triage>,
    pub conversations: u32,
    /// The interventions its conversations used, each once, in code order. Empty in
    /// facts read back from a record export, which does not carry them.
    pub interventions: Vec<Intervention>,
    pub outcome: Option<Outcome>,
    pub satisfaction: Option<u8>,
    /// For a trajectory closed in the period: was the youth referred again within 6
    /// (12) months of closing? `None` while that window has not yet passed.
    pub recurred_6m: Option<bool>,
    pub recurred_12m: Option<bool>,
}

/// GP consultations of one practice in one month (they carry no client).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationCount {
    pub month: YearMonth,
    pub practice: Option<String>,
    pub kern: Option<String>,
    pub municipality: Option<String>,
    pub count: u64,
}

/// A trajectory as stored, with its children already counted.
#[derive(Debug, Clone)]
pub(crate) struct RawTrajectory {
    pub id: String,
    pub youth_id: String,
    pub family_id: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub gender: Gender,
    pub practice_id: String,
    pub referral_date: NaiveDate,
    pub referrer: Option<Referrer>,
    pub first_contact: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
    pub satisfaction: Option<u8>,
    pub conversations: u32,
    pub triage: Option<Triage>,
    pub problem_areas: Vec<ProblemArea>,
    pub interventions: Vec<Intervention>,
}

/// Where a practice is; what groups and exports may show of it.
#[derive(Debug, Clone, Default)]
pub(crate) struct PracticeInfo {
    pub name: String,
    pub kern: Option<String>,
    pub municipality: Option<String>,
}

/// Was the youth referred again in the `months` after `closed`? `None` while that
/// window has not passed by `as_of` (counting it as "no" would flatter recent months).
pub fn recurrence(
    closed: NaiveDate,
    referrals_of_youth: &[NaiveDate],
    months: u32,
    as_of: NaiveDate,
) -> Option<bool> {
    let end = closed.checked_add_months(Months::new(months))?;
    if end > as_of {
        return None;
    }
    Some(referrals_of_youth.iter().any(|&d| d > closed && d <= end))
}

fn status_at(t: &RawTrajectory, end: NaiveDate) -> Option<Status> {
    if t.referral_date > end {
        None
    } else if t.closed.is_some_and(|c| c <= end) {
        Some(Status::Closed)
    } else if t.first_contact.is_some_and(|c| c <= end) {
        Some(Status::Active)
    } else {
        Some(Status::Waiting)
    }
}

/// Reduce a stored trajectory to its facts. `referrals_of_youth` holds the referral
/// dates of every trajectory of the same youth (for recurrence).
pub(crate) fn derive(
    t: &RawTrajectory,
    practice: &PracticeInfo,
    period: &Period,
    as_of: NaiveDate,
    referrals_of_youth: &[NaiveDate],
) -> Facts {
    let closed_in_period = t.closed.is_some_and(|c| period.contains(c));
    let recur = |months| {
        t.closed
            .filter(|_| closed_in_period)
            .and_then(|c| recurrence(c, referrals_of_youth, months, as_of))
    };
    Facts {
        youth: t.youth_id.clone(),
        family: t.family_id.clone().unwrap_or_else(|| t.youth_id.clone()),
        practice: Some(practice.name.clone()),
        kern: practice.kern.clone(),
        municipality: practice.municipality.clone(),
        referral_month: YearMonth::of(t.referral_date),
        closed_month: t.closed.map(YearMonth::of),
        referred_in_period: period.contains(t.referral_date),
        closed_in_period,
        status_at_end: status_at(t, period.to),
        waiting_days: t.first_contact.map(|c| (c - t.referral_date).num_days()),
        duration_days: t.closed.map(|c| (c - t.referral_date).num_days()),
        referrer: t.referrer,
        problem_areas: t.problem_areas.clone(),
        age_band: t.birth_date.and_then(|b| AgeBand::at(b, t.referral_date)),
        gender: t.gender,
        triage: t.triage,
        conversations: t.conversations,
        interventions: t.interventions.clone(),
        outcome: t.outcome,
        satisfaction: t.satisfaction,
        recurred_6m: recur(6),
        recurred_12m: recur(12),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn age_bands_are_whole_years_at_referral() {
        let birth = d("2012-05-17");
        assert_eq!(AgeBand::at(birth, d("2016-05-16")), Some(AgeBand::Age0To3));
        assert_eq!(AgeBand::at(birth, d("2016-05-17")), Some(AgeBand::Age4To11));
        assert_eq!(
            AgeBand::at(birth, d("2024-05-17")),
            Some(AgeBand::Age12To17)
        );
        assert_eq!(
            AgeBand::at(birth, d("2030-05-17")),
            Some(AgeBand::Age18Plus)
        );
        assert_eq!(AgeBand::at(birth, d("2012-01-01")), None);
    }

    #[test]
    fn recurrence_needs_the_whole_window() {
        let closed = d("2023-01-31");
        let later = [d("2022-06-01"), d("2023-07-31")];
        // 2023-01-31 + 6 months = 2023-07-31: a referral on that day counts.
        assert_eq!(recurrence(closed, &later, 6, d("2024-01-01")), Some(true));
        assert_eq!(
            recurrence(closed, &later[..1], 6, d("2024-01-01")),
            Some(false)
        );
        // The window has not passed yet: unknown, not "no".
        assert_eq!(recurrence(closed, &later[..1], 12, d("2023-12-31")), None);
    }

    #[test]
    fn months_parse_print_and_bound() {
        let m: YearMonth = "2024-02".parse().unwrap();
        assert_eq!(m.to_string(), "2024-02");
        assert_eq!(m.last_day(), d("2024-02-29"));
        assert_eq!(m.quarter(), 1);
        assert!("2024-2".parse::<YearMonth>().is_err());
        assert!("2024-13".parse::<YearMonth>().is_err());
    }
}
