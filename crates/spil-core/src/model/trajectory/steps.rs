//! The steps of a trajectory as `Vault` methods: register and correct a referral, record
//! the first contact, the intake and triage decisions, close, reopen and record the GP
//! feedback. Each runs in one transaction, writes its audit event and checks the date
//! order before committing.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

use super::rows::{close, current_referral, default_first_contact, insert, stored_intake};
use super::rows::{youth_of, StoredIntake};
use super::rules::{check_dates, require_open};
use super::{ClosureInput, IntakeInput, ReferralInput, ReopenInput, TriageDecision, TriageInput};
use crate::audit::{self, Action, Event};
use crate::model::{changed_fields, join_codes, unique};
use crate::Rule;
use crate::{validate, Error, Result, Vault};

impl Vault {
    /// Register a referral (aanmelding) for an existing youth; returns the trajectory id.
    pub fn register_referral(&mut self, input: &ReferralInput) -> Result<String> {
        let r = input.validated()?;
        self.write(|tx, actor| insert(tx, actor, &r))
    }

    /// Correct a referral's details while the trajectory is open. The youth stays
    /// (`youth_id` is not read). The audit event names the fields that changed; when
    /// none did, nothing is written.
    pub fn update_referral(&mut self, id: &str, input: &ReferralInput) -> Result<()> {
        let r = input.validated()?;
        self.write(|tx, actor| {
            require_open(tx, id)?;
            let old = current_referral(tx, id)?;
            let new = ReferralInput {
                youth_id: old.youth_id.clone(),
                ..r
            };
            let fields = changed_fields!(old, new; practice_id, referral_date, referrer,
                request_for_help, problem_areas, urgency);
            if fields.is_empty() {
                return Ok(());
            }
            if old.practice_id != new.practice_id {
                let known: Option<i64> = tx
                    .query_row(
                        "SELECT 1 FROM practices WHERE id = ?1",
                        [&new.practice_id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if known.is_none() {
                    return Err(Error::invalid(
                        "practice_id",
                        Rule::NotFound,
                        "the practice does not exist",
                    ));
                }
            }
            if old.referral_date != new.referral_date {
                let clash: Option<String> = tx
                    .query_row(
                        "SELECT id FROM trajectories WHERE youth_id = ?1 AND referral_date = ?2 AND id <> ?3",
                        params![new.youth_id, new.referral_date, id],
                        |row| row.get(0),
                    )
                    .optional()?;
                if clash.is_some() {
                    return Err(Error::invalid(
                        "referral_date",
                        Rule::Duplicate,
                        "this youth already has a referral on this date",
                    ));
                }
            }
            tx.execute(
                "UPDATE trajectories SET practice_id = ?2, referral_date = ?3, referrer = ?4,
                        request_for_help = ?5, urgency = ?6, updated_at = ?7 WHERE id = ?1",
                params![
                    id,
                    new.practice_id,
                    new.referral_date,
                    new.referrer,
                    new.request_for_help,
                    new.urgency,
                    crate::now()
                ],
            )?;
            tx.execute(
                "DELETE FROM trajectory_problem_areas WHERE trajectory_id = ?1",
                [id],
            )?;
            for p in &new.problem_areas {
                tx.execute(
                    "INSERT INTO trajectory_problem_areas (trajectory_id, code) VALUES (?1, ?2)",
                    params![id, p],
                )?;
            }
            audit::append(
                tx,
                actor,
                &Event::new(Action::Update, "referral")
                    .youth(&new.youth_id)
                    .trajectory(id)
                    .fields(&fields),
            )?;
            check_dates(tx, id)
        })
    }

    /// Record (or correct) the date of the first contact.
    pub fn record_first_contact(&mut self, id: &str, date: NaiveDate) -> Result<()> {
        validate::not_future("first_contact_date", date)?;
        self.write(|tx, actor| {
            require_open(tx, id)?;
            let old: Option<NaiveDate> = tx.query_row(
                "SELECT first_contact_date FROM trajectories WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            if old == Some(date) {
                return Ok(());
            }
            // A correction names the field; a first record is a plain update.
            let fields: &[&str] = if old.is_some() {
                &["first_contact_date"]
            } else {
                &[]
            };
            tx.execute(
                "UPDATE trajectories SET first_contact_date = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, date, crate::now()],
            )?;
            let youth = youth_of(tx, id)?;
            audit::append(
                tx,
                actor,
                &Event::new(Action::Update, "first_contact")
                    .youth(&youth)
                    .trajectory(id)
                    .fields(fields),
            )?;
            check_dates(tx, id)
        })
    }

    /// Record (or correct) the intake.
    pub fn record_intake(&mut self, id: &str, input: &IntakeInput) -> Result<()> {
        validate::not_future("date", input.date)?;
        let summary = validate::text("summary", input.summary.as_deref(), 8000)?;
        let instrument = validate::text(
            "screening_instrument",
            input.screening_instrument.as_deref(),
            40,
        )?;
        if let Some(s) = input.screening_score {
            if !(0..=1000).contains(&s) {
                return Err(Error::invalid(
                    "screening_score",
                    Rule::OutOfRange,
                    "the score must lie between 0 and 1000",
                ));
            }
        }
        let new = StoredIntake {
            date: input.date,
            present: join_codes(&unique(input.present.clone())),
            summary,
            screening_instrument: instrument,
            screening_score: input.screening_score,
        };
        self.write(|tx, actor| {
            require_open(tx, id)?;
            let old = stored_intake(tx, id)?;
            let fields = match &old {
                Some(old) => changed_fields!(old, new; date, present, summary,
                    screening_instrument, screening_score),
                None => Vec::new(),
            };
            if old.is_some() && fields.is_empty() {
                return Ok(());
            }
            tx.execute(
                "INSERT INTO intakes (trajectory_id, date, present, summary, screening_instrument, screening_score, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (trajectory_id) DO UPDATE SET date = excluded.date, present = excluded.present,
                    summary = excluded.summary, screening_instrument = excluded.screening_instrument,
                    screening_score = excluded.screening_score, updated_at = excluded.updated_at",
                params![id, new.date, new.present, new.summary, new.screening_instrument, new.screening_score, crate::now()],
            )?;
            default_first_contact(tx, id, input.date)?;
            let youth = youth_of(tx, id)?;
            audit::append(
                tx,
                actor,
                &Event::new(Action::Update, "intake").youth(&youth).trajectory(id).fields(&fields),
            )?;
            check_dates(tx, id)
        })
    }

    /// Record a triage decision. Earlier decisions are kept as history.
    pub fn decide_triage(&mut self, id: &str, input: &TriageInput) -> Result<TriageDecision> {
        validate::not_future("decided_on", input.decided_on)?;
        let rationale = validate::text("rationale", input.rationale.as_deref(), 4000)?;
        let tid = crate::new_id();
        let now = crate::now();
        self.write(|tx, actor| {
            require_open(tx, id)?;
            tx.execute(
                "INSERT INTO triage_decisions (id, trajectory_id, decided_on, decision, rationale, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![tid, id, input.decided_on, input.decision, rationale, now],
            )?;
            let youth = youth_of(tx, id)?;
            audit::append(tx, actor, &Event::new(Action::Create, "triage").youth(&youth).trajectory(id))?;
            check_dates(tx, id)
        })?;
        Ok(TriageDecision {
            id: tid,
            decided_on: input.decided_on,
            decision: input.decision,
            rationale,
            recorded_at: now,
        })
    }

    /// Close with outcome, reason and satisfaction in one transaction.
    pub fn close_trajectory(&mut self, id: &str, input: &ClosureInput) -> Result<()> {
        self.write(|tx, actor| close(tx, actor, id, input))
    }

    /// Undo a closure, keeping the earlier closure as history.
    pub fn reopen_trajectory(&mut self, id: &str, input: &ReopenInput) -> Result<()> {
        validate::not_future("reopened_on", input.reopened_on)?;
        let reason = validate::required("reason", &input.reason, 2000)?;
        self.write(|tx, actor| {
            let prev: Option<(Option<NaiveDate>, Option<String>, Option<String>)> = tx
                .query_row(
                    "SELECT closed_date, outcome, closure_reason FROM trajectories WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let (Some(closed), Some(outcome), reason_code) = prev.ok_or(Error::NotFound("trajectory"))? else {
                return Err(Error::invalid("trajectory", Rule::TrajectoryOpen, "the trajectory is not closed"));
            };
            validate::order("reopened_on", closed, input.reopened_on, "reopening is before the closure date")?;
            tx.execute(
                "INSERT INTO reopenings (id, trajectory_id, reopened_on, reason, prev_closed_date, prev_outcome, prev_closure_reason, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![crate::new_id(), id, input.reopened_on, reason, closed, outcome, reason_code, crate::now()],
            )?;
            tx.execute(
                "UPDATE trajectories SET closed_date = NULL, outcome = NULL, closure_reason = NULL,
                        satisfaction = NULL, updated_at = ?2 WHERE id = ?1",
                params![id, crate::now()],
            )?;
            let youth = youth_of(tx, id)?;
            audit::append(tx, actor, &Event::new(Action::Update, "reopen").youth(&youth).trajectory(id))
        })
    }

    /// Record the date the feedback letter went to the GP (also after closure).
    pub fn record_gp_feedback(&mut self, id: &str, date: NaiveDate) -> Result<()> {
        validate::not_future("gp_feedback_date", date)?;
        self.write(|tx, actor| {
            let referral: NaiveDate = tx
                .query_row(
                    "SELECT referral_date FROM trajectories WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(Error::NotFound("trajectory"))?;
            validate::order(
                "gp_feedback_date",
                referral,
                date,
                "the feedback date is before the referral date",
            )?;
            tx.execute(
                "UPDATE trajectories SET gp_feedback_date = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, date, crate::now()],
            )?;
            let youth = youth_of(tx, id)?;
            audit::append(
                tx,
                actor,
                &Event::new(Action::Update, "gp_feedback")
                    .youth(&youth)
                    .trajectory(id),
            )
        })
    }
}
