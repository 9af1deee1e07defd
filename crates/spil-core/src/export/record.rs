//! The record-level export: one [`ExportRecord`] per trajectory, built field by field
//! from an allow-list. Why each field is safe to leave the laptop:
//!
//! - `pseudonym`, `youth`, `family`: truncated HMAC-SHA256 under the vault's own
//!   `export_secret`, which never leaves the vault. Without it they cannot be linked
//!   to a trajectory id, let alone a person; they let a region count unique youths and
//!   families and refuse the same trajectory twice in a merge.
//! - `referral_month`, `closed_month`: months, never days.
//! - the period flags and `status_at_end`: derived, no dates.
//! - `waiting_weeks`, `duration_weeks`: whole weeks, so together with the months they
//!   never pin down a day.
//! - `practice` (only when the practice has ≥ 10 published records), `kern`,
//!   `municipality` (CBS code): no address, no postcode.
//! - `age_band` instead of a birth date; `gender`, `referrer`, `problem_areas`,
//!   `triage`, `outcome`: codes from the fixed lists, never free text.
//! - `conversations`, `satisfaction`, `recurred_*`: numbers and flags.
//!
//! Names, BSN, postcode, birth date, notes, the request for help, intake summaries and
//! rationales are not fields of [`ExportRecord`], so no code path can export them.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::kanon::{Level, Qi};
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
    pub referral_month: YearMonth,
    pub closed_month: Option<YearMonth>,
    pub referred_in_period: bool,
    pub closed_in_period: bool,
    pub status_at_end: Option<Status>,
    pub practice: Option<String>,
    pub kern: Option<String>,
    pub municipality: Option<String>,
    pub age_band: Option<AgeBand>,
    /// `None`: generalised for k-anonymity (an unregistered gender is `unknown`).
    pub gender: Option<Gender>,
    pub referrer: Option<Referrer>,
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
pub const COLUMNS: [&str; 23] = [
    "pseudonym",
    "youth",
    "family",
    "referral_month",
    "closed_month",
    "referred_in_period",
    "closed_in_period",
    "status_at_end",
    "practice",
    "kern",
    "municipality",
    "age_band",
    "gender",
    "referrer",
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

/// Truncated HMAC-SHA256 of `kind:id` under the vault's export secret.
// HMAC accepts keys of any length, so `new_from_slice` cannot fail.
#[allow(clippy::expect_used)]
pub(crate) fn pseudonym(secret: &[u8], kind: &str, id: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("any key length");
    mac.update(kind.as_bytes());
    mac.update(b":");
    mac.update(id.as_bytes());
    let mut hex = hex::encode(mac.finalize().into_bytes());
    hex.truncate(PSEUDONYM_HEX);
    hex
}

/// The quasi-identifiers of facts before generalisation.
pub(crate) fn qi(f: &Facts) -> Qi {
    Qi {
        age_band: f.age_band,
        gender: Some(f.gender),
        municipality: f.municipality.clone(),
        outcome: f.outcome,
    }
}

/// Build the record of one trajectory at generalisation `level`; `show_practice` says
/// whether its practice reaches 10 published records.
pub(crate) fn record(
    secret: &[u8],
    trajectory_id: &str,
    f: &Facts,
    level: Level,
    show_practice: bool,
) -> ExportRecord {
    let g = qi(f).generalised(level);
    let location_kept = g.municipality.is_some();
    ExportRecord {
        pseudonym: pseudonym(secret, "trajectory", trajectory_id),
        youth: pseudonym(secret, "youth", &f.youth),
        family: pseudonym(secret, "family", &f.family),
        referral_month: f.referral_month,
        closed_month: f.closed_month,
        referred_in_period: f.referred_in_period,
        closed_in_period: f.closed_in_period,
        status_at_end: f.status_at_end,
        practice: f
            .practice
            .clone()
            .filter(|_| location_kept && show_practice),
        kern: f.kern.clone().filter(|_| location_kept),
        municipality: g.municipality,
        age_band: g.age_band,
        gender: g.gender,
        referrer: f.referrer,
        problem_areas: f.problem_areas.clone(),
        triage: f.triage,
        conversations: f.conversations,
        waiting_weeks: f.waiting_days.map(|d| d.div_euclid(7)),
        duration_weeks: f.duration_days.map(|d| d.div_euclid(7)),
        outcome: g.outcome,
        satisfaction: f.satisfaction,
        recurred_6m: f.recurred_6m,
        recurred_12m: f.recurred_12m,
    }
}

impl ExportRecord {
    /// Back to facts, for the regional report. Weeks become days at the start of the
    /// week, so waiting and duration figures are exact to the week.
    pub fn to_facts(&self) -> Facts {
        Facts {
            youth: self.youth.clone(),
            family: self.family.clone(),
            practice: self.practice.clone(),
            kern: self.kern.clone(),
            municipality: self.municipality.clone(),
            referral_month: self.referral_month,
            closed_month: self.closed_month,
            referred_in_period: self.referred_in_period,
            closed_in_period: self.closed_in_period,
            status_at_end: self.status_at_end,
            waiting_days: self.waiting_weeks.map(|w| w * 7),
            duration_days: self.duration_weeks.map(|w| w * 7),
            referrer: self.referrer,
            problem_areas: self.problem_areas.clone(),
            age_band: self.age_band,
            gender: self.gender.unwrap_or(Gender::Unknown),
            triage: self.triage,
            conversations: self.conversations,
            outcome: self.outcome,
            satisfaction: self.satisfaction,
            recurred_6m: self.recurred_6m,
            recurred_12m: self.recurred_12m,
        }
    }

    /// The record as CSV/XLSX cells, in [`COLUMNS`] order; empty means none.
    pub fn cells(&self) -> [String; 23] {
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
            self.referral_month.to_string(),
            opt(&self.closed_month),
            flag(self.referred_in_period),
            flag(self.closed_in_period),
            opt(&status),
            opt(&self.practice),
            opt(&self.kern),
            opt(&self.municipality),
            opt(&self.age_band.map(AgeBand::as_str)),
            opt(&self.gender),
            opt(&self.referrer),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_depend_on_the_secret_and_the_kind() {
        let a = pseudonym(b"secret-a", "trajectory", "t1");
        assert_eq!(a.len(), 16);
        assert_eq!(a, pseudonym(b"secret-a", "trajectory", "t1"));
        assert_ne!(a, pseudonym(b"secret-b", "trajectory", "t1"));
        assert_ne!(a, pseudonym(b"secret-a", "youth", "t1"));
    }
}
