//! Trajectories (trajecten): referral, first contact, intake, triage, closure and
//! reopening. Conversations live in `conversation.rs`.
//!
//! Every change runs [`check_dates`] inside its transaction before committing, so the
//! date order referral ≤ first contact ≤ intake/conversations ≤ closure holds however
//! the trajectory was reached. A closed trajectory takes no new contact, intake,
//! triage or conversation until it is reopened (with a reason, history kept).
//!
//! This file holds the records a caller passes in and gets back. The rest is split by
//! concern:
//! - `rules`: the date order checked after every change, the guard that a closed
//!   trajectory takes nothing new, and the checks on a referral's fields.
//! - `rows`: reading and writing trajectory rows inside a caller's transaction; the
//!   helpers conversations and the import share (insert a referral, close, the youth
//!   of a trajectory) and the stored referral and intake a correction is compared with.
//! - `steps`: the `impl Vault` methods, one per step of the workflow, each in its own
//!   transaction with its audit event.

mod rows;
mod rules;
mod steps;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::{ClosureReason, Outcome, Participant, ProblemArea, Referrer, Triage, Urgency};

pub(crate) use rows::{close, default_first_contact, insert, youth_of};
pub(crate) use rules::{check_dates, require_open};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferralInput {
    pub youth_id: String,
    pub practice_id: String,
    pub referral_date: NaiveDate,
    pub referrer: Option<Referrer>,
    pub request_for_help: Option<String>,
    pub problem_areas: Vec<ProblemArea>,
    pub urgency: Urgency,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntakeInput {
    pub date: NaiveDate,
    pub present: Vec<Participant>,
    pub summary: Option<String>,
    pub screening_instrument: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub screening_score: Option<i64>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriageInput {
    pub decided_on: NaiveDate,
    pub decision: Triage,
    pub rationale: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriageDecision {
    pub id: String,
    pub decided_on: NaiveDate,
    pub decision: Triage,
    pub rationale: Option<String>,
    pub recorded_at: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClosureInput {
    pub closed_date: NaiveDate,
    pub outcome: Outcome,
    pub closure_reason: Option<ClosureReason>,
    pub satisfaction: Option<u8>,
    pub gp_feedback_date: Option<NaiveDate>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReopenInput {
    pub reopened_on: NaiveDate,
    pub reason: String,
}

#[cfg(test)]
mod tests;
