//! The record-level export: one [`ExportRecord`] per trajectory, built field by field
//! from an allow-list. Why each field is safe to leave the laptop:
//!
//! - `pseudonym`, `youth`, `family`: truncated HMAC-SHA256 under a random key made for
//!   this one export and never stored. Within the file they let a region count unique
//!   youths and families; across files nothing links them, so two exports (a quarter
//!   and the half-year around it) cannot be joined to undo a generalisation.
//! - The quasi-identifiers (age band, gender, practice, kern, municipality, region,
//!   referral and closing period, referrer and its group, earlier trajectories,
//!   siblings in care, family size) are published at the levels [`super::kanon`]
//!   chose for the whole export, so every class has at least k records and l outcomes.
//! - `earlier_trajectories`, `siblings_in_care`, `family_size`: what needs linking
//!   (recurrence, siblings) is counted in the vault and published as a capped count,
//!   a quasi-identifier like the others.
//! - the period flags and `status_at_end`: derived, no dates, part of every class.
//! - `waiting_weeks`, `duration_weeks`: whole weeks, never a day.
//! - `problem_areas`, `triage`, `outcome`: codes from the fixed lists, never free text.
//! - `conversations`, `satisfaction`, `recurred_*`: numbers and flags.
//!
//! Names, BSN, postcode, birth date, notes, the request for help, intake summaries and
//! rationales are not fields of [`ExportRecord`], so no code path can export them.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::hierarchy::{capped, PeriodValue, ReferrerGroup};
use super::kanon::Qi;
use crate::codes::{Gender, Outcome, ProblemArea, Referrer, Triage};
use crate::model::Status;
use crate::report::{AgeBand, Facts, YearMonth};

/// Hex characters kept of a pseudonym: 64 bits, collision-free at regional scale.
const PSEUDONYM_HEX: usize = 16;

/// The allow-list. Serialised as is into JSON; CSV and XLSX use [`COLUMNS`].
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRecord {
    pub pseudonym: String,
    pub youth: String,
    pub family: String,
    /// `YYYY-MM`, `YYYY-Qn`, `YYYY-Hn` or `YYYY`, as generalised.
    pub referral_period: String,
    pub closed_period: Option<String>,
    pub referred_in_period: bool,
    pub closed_in_period: bool,
    pub status_at_end: Option<Status>,
    pub practice: Option<String>,
    pub kern: Option<String>,
    pub municipality: Option<String>,
    pub region: Option<String>,
    /// A band (`0-3` … `18+`), a merged band (`0-11`, `12+`) or `None` (hidden).
    pub age_band: Option<String>,
    /// `None`: hidden for k-anonymity (an unregistered gender is `unknown`).
    pub gender: Option<Gender>,
    pub referrer: Option<Referrer>,
    pub referrer_group: Option<ReferrerGroup>,
    /// Earlier trajectories of the youth in the vault: `0`, `1`, `2`, `3+` (or `1+`).
    pub earlier_trajectories: Option<String>,
    /// Other youths of the family with a trajectory: `0`, `1`, `2+` (or `1+`).
    pub siblings_in_care: Option<String>,
    /// Youths of the family in the vault: `1`, `2`, `3`, `4+` (or `2+`).
    pub family_size: Option<String>,
    pub problem_areas: Vec<ProblemArea>,
    pub triage: Option<Triage>,
    pub conversations: u32,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub waiting_weeks: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub duration_weeks: Option<i64>,
    pub outcome: Option<Outcome>,
    pub satisfaction: Option<u8>,
    pub recurred_6m: Option<bool>,
    pub recurred_12m: Option<bool>,
}

/// Column names of the CSV and XLSX record exports, in order.
pub const COLUMNS: [&str; 28] = [
    "pseudonym",
    "youth",
    "family",
    "referral_period",
    "closed_period",
    "referred_in_period",
    "closed_in_period",
    "status_at_end",
    "practice",
    "kern",
    "municipality",
    "region",
    "age_band",
    "gender",
    "referrer",
    "referrer_group",
    "earlier_trajectories",
    "siblings_in_care",
    "family_size",
    "problem_areas",
    "triage",
    "conversations",
    "waiting_weeks",
    "duration_weeks",
    "outcome",
    "satisfaction",
    "recurred_6m",
    "recurred_12m",
];

/// Truncated HMAC-SHA256 of `kind:id` under the export's key.
pub(crate) fn pseudonym(key: &[u8], kind: &str, id: &str) -> String {
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; this arm is never taken.
        Err(_) => return String::new(),
    };
    mac.update(kind.as_bytes());
    mac.update(b":");
    mac.update(id.as_bytes());
    let mut hex = hex::encode(mac.finalize().into_bytes());
    hex.truncate(PSEUDONYM_HEX);
    hex
}

/// What the vault knows of a youth's history and family, counted before export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Family {
    pub earlier_trajectories: u32,
    pub siblings_in_care: u32,
    pub family_size: u32,
}

/// The quasi-identifiers of facts before generalisation; `show_practice` says whether
/// the practice may be named at all (≥ 10 records).
pub(crate) fn qi(f: &Facts, family: Family, show_practice: bool) -> Qi {
    Qi {
        age_band: f.age_band.map(|b| b.as_str().to_owned()),
        gender: Some(f.gender),
        practice: f.practice.clone().filter(|_| show_practice),
        kern: f.kern.clone(),
        municipality: f.municipality.clone(),
        region: f
            .municipality
            .as_deref()
            .and_then(crate::report::region_of)
            .map(str::to_owned),
        referral_period: f.referral_month.to_string(),
        closed_period: f.closed_month.map(|m| m.to_string()),
        referrer: f.referrer,
        referrer_group: f.referrer.map(ReferrerGroup::of),
        earlier_trajectories: Some(capped(family.earlier_trajectories, 3)),
        siblings_in_care: Some(capped(family.siblings_in_care, 2)),
        family_size: Some(capped(family.family_size.max(1), 4)),
        referred_in_period: f.referred_in_period,
        closed_in_period: f.closed_in_period,
        status_at_end: f.status_at_end,
    }
}

/// Build the record of one trajectory with its published quasi-identifiers.
pub(crate) fn record(key: &[u8], trajectory_id: &str, f: &Facts, q: Qi) -> ExportRecord {
    let mut r = ExportRecord {
        pseudonym: pseudonym(key, "trajectory", trajectory_id),
        youth: pseudonym(key, "youth", &f.youth),
        family: pseudonym(key, "family", &f.family),
        referral_period: String::new(),
        closed_period: None,
        referred_in_period: f.referred_in_period,
        closed_in_period: f.closed_in_period,
        status_at_end: f.status_at_end,
        practice: None,
        kern: None,
        municipality: None,
        region: None,
        age_band: None,
        gender: None,
        referrer: None,
        referrer_group: None,
        earlier_trajectories: None,
        siblings_in_care: None,
        family_size: None,
        problem_areas: f.problem_areas.clone(),
        triage: f.triage,
        conversations: f.conversations,
        waiting_weeks: f.waiting_days.map(|d| d.div_euclid(7)),
        duration_weeks: f.duration_days.map(|d| d.div_euclid(7)),
        outcome: f.outcome,
        satisfaction: f.satisfaction,
        recurred_6m: f.recurred_6m,
        recurred_12m: f.recurred_12m,
    };
    r.set_qi(q);
    r
}

impl ExportRecord {
    /// The record's quasi-identifiers as published.
    pub fn qi(&self) -> Qi {
        Qi {
            age_band: self.age_band.clone(),
            gender: self.gender,
            practice: self.practice.clone(),
            kern: self.kern.clone(),
            municipality: self.municipality.clone(),
            region: self.region.clone(),
            referral_period: self.referral_period.clone(),
            closed_period: self.closed_period.clone(),
            referrer: self.referrer,
            referrer_group: self.referrer_group,
            earlier_trajectories: self.earlier_trajectories.clone(),
            siblings_in_care: self.siblings_in_care.clone(),
            family_size: self.family_size.clone(),
            referred_in_period: self.referred_in_period,
            closed_in_period: self.closed_in_period,
            status_at_end: self.status_at_end,
        }
    }

    /// Publish these quasi-identifiers (the flags and status are not generalised).
    pub fn set_qi(&mut self, q: Qi) {
        self.age_band = q.age_band;
        self.gender = q.gender;
        self.practice = q.practice;
        self.kern = q.kern;
        self.municipality = q.municipality;
        self.region = q.region;
        self.referral_period = q.referral_period;
        self.closed_period = q.closed_period;
        self.referrer = q.referrer;
        self.referrer_group = q.referrer_group;
        self.earlier_trajectories = q.earlier_trajectories;
        self.siblings_in_care = q.siblings_in_care;
        self.family_size = q.family_size;
    }

    /// Back to facts, for the regional report. Weeks become days at the start of the
    /// week, so waiting and duration figures are exact to the week; a generalised
    /// period counts at its first month, a merged age band as unknown.
    pub fn to_facts(&self) -> Facts {
        Facts {
            youth: self.youth.clone(),
            family: self.family.clone(),
            practice: self.practice.clone(),
            kern: self.kern.clone(),
            municipality: self.municipality.clone(),
            referral_month: month(&self.referral_period).unwrap_or(YearMonth { year: 0, month: 1 }),
            closed_month: self.closed_period.as_deref().and_then(month),
            referred_in_period: self.referred_in_period,
            closed_in_period: self.closed_in_period,
            status_at_end: self.status_at_end,
            waiting_days: self.waiting_weeks.map(|w| w * 7),
            duration_days: self.duration_weeks.map(|w| w * 7),
            referrer: self.referrer,
            problem_areas: self.problem_areas.clone(),
            age_band: self.age_band.as_deref().and_then(AgeBand::parse),
            gender: self.gender.unwrap_or(Gender::Unknown),
            triage: self.triage,
            conversations: self.conversations,
            interventions: Vec::new(),
            outcome: self.outcome,
            satisfaction: self.satisfaction,
            recurred_6m: self.recurred_6m,
            recurred_12m: self.recurred_12m,
        }
    }

    /// The record as CSV/XLSX cells, in [`COLUMNS`] order; empty means none.
    pub fn cells(&self) -> [String; 28] {
        fn opt<T: ToString>(v: &Option<T>) -> String {
            v.as_ref().map(T::to_string).unwrap_or_default()
        }
        fn flag(b: bool) -> String {
            u8::from(b).to_string()
        }
        let status = self.status_at_end.map(|s| match s {
            Status::Waiting => "waiting",
            Status::Active => "active",
            Status::Closed => "closed",
        });
        [
            self.pseudonym.clone(),
            self.youth.clone(),
            self.family.clone(),
            self.referral_period.clone(),
            opt(&self.closed_period),
            flag(self.referred_in_period),
            flag(self.closed_in_period),
            opt(&status),
            opt(&self.practice),
            opt(&self.kern),
            opt(&self.municipality),
            opt(&self.region),
            opt(&self.age_band),
            opt(&self.gender),
            opt(&self.referrer),
            opt(&self.referrer_group),
            opt(&self.earlier_trajectories),
            opt(&self.siblings_in_care),
            opt(&self.family_size),
            self.problem_areas
                .iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(","),
            opt(&self.triage),
            self.conversations.to_string(),
            opt(&self.waiting_weeks),
            opt(&self.duration_weeks),
            opt(&self.outcome),
            opt(&self.satisfaction),
            opt(&self.recurred_6m.map(flag)),
            opt(&self.recurred_12m.map(flag)),
        ]
    }
}

fn month(period: &str) -> Option<YearMonth> {
    PeriodValue::parse(period).map(PeriodValue::first_month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_depend_on_the_key_and_the_kind() {
        let a = pseudonym(b"secret-a", "trajectory", "t1");
        assert_eq!(a.len(), 16);
        assert_eq!(a, pseudonym(b"secret-a", "trajectory", "t1"));
        assert_ne!(a, pseudonym(b"secret-b", "trajectory", "t1"));
        assert_ne!(a, pseudonym(b"secret-a", "youth", "t1"));
    }
}
