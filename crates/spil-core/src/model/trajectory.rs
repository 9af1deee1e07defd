//! Trajectories (trajecten): referral, first contact, intake, triage, closure and
//! reopening. Conversations live in `conversation.rs`.
//!
//! Every change runs [`check_dates`] inside its transaction before committing, so the
//! date order referral ≤ first contact ≤ intake/conversations ≤ closure holds however
//! the trajectory was reached. A closed trajectory takes no new contact, intake,
//! triage or conversation until it is reopened (with a reason, history kept).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Action, Event};
use crate::codes::{ClosureReason, Outcome, Participant, ProblemArea, Referrer, Triage, Urgency};
use crate::model::{changed_fields, join_codes, unique};
use crate::Rule;
use crate::{validate, Error, Result, Vault};

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

/// Dates of one trajectory, for the order rules.
struct Dates {
    referral: NaiveDate,
    first_contact: Option<NaiveDate>,
    intake: Option<NaiveDate>,
    first_conversation: Option<NaiveDate>,
    last_conversation: Option<NaiveDate>,
    first_triage: Option<NaiveDate>,
    closed: Option<NaiveDate>,
    birth: Option<NaiveDate>,
}

fn dates(conn: &Connection, id: &str) -> Result<Dates> {
    conn.query_row(
        "SELECT t.referral_date, t.first_contact_date, i.date,
                (SELECT min(date) FROM conversations WHERE trajectory_id = t.id),
                (SELECT max(date) FROM conversations WHERE trajectory_id = t.id),
                (SELECT min(decided_on) FROM triage_decisions WHERE trajectory_id = t.id),
                t.closed_date, y.birth_date
         FROM trajectories t JOIN youths y ON y.id = t.youth_id
         LEFT JOIN intakes i ON i.trajectory_id = t.id WHERE t.id = ?1",
        [id],
        |r| {
            Ok(Dates {
                referral: r.get(0)?,
                first_contact: r.get(1)?,
                intake: r.get(2)?,
                first_conversation: r.get(3)?,
                last_conversation: r.get(4)?,
                first_triage: r.get(5)?,
                closed: r.get(6)?,
                birth: r.get(7)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound("trajectory"))
}

/// The date-order rules of one trajectory, checked after every change.
pub(crate) fn check_dates(conn: &Connection, id: &str) -> Result<()> {
    let d = dates(conn, id)?;
    if let Some(b) = d.birth {
        validate::order(
            "birth_date",
            b,
            d.referral,
            "the birth date is after the referral date",
        )?;
    }
    if let Some(fc) = d.first_contact {
        validate::order(
            "first_contact_date",
            d.referral,
            fc,
            "the first contact is before the referral date",
        )?;
    }
    let start = d.first_contact.unwrap_or(d.referral);
    if let Some(i) = d.intake {
        validate::order(
            "date",
            start,
            i,
            "the intake is before the referral or first contact",
        )?;
    }
    if let Some(c) = d.first_conversation {
        validate::order(
            "date",
            start,
            c,
            "a conversation is before the referral or first contact",
        )?;
    }
    if let Some(t) = d.first_triage {
        validate::order(
            "decided_on",
            d.referral,
            t,
            "the triage decision is before the referral date",
        )?;
    }
    if let Some(closed) = d.closed {
        let latest = [Some(start), d.intake, d.last_conversation]
            .into_iter()
            .flatten()
            .max();
        if let Some(latest) = latest {
            validate::order(
                "closed_date",
                latest,
                closed,
                "the closure is before the last contact",
            )?;
        }
    }
    Ok(())
}

pub(crate) fn require_open(conn: &Connection, id: &str) -> Result<()> {
    let closed: Option<Option<String>> = conn
        .query_row(
            "SELECT closed_date FROM trajectories WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match closed {
        None => Err(Error::NotFound("trajectory")),
        Some(Some(_)) => Err(Error::invalid(
            "trajectory",
            Rule::TrajectoryClosed,
            "the trajectory is closed; reopen it first",
        )),
        Some(None) => Ok(()),
    }
}

pub(crate) fn youth_of(conn: &Connection, id: &str) -> Result<String> {
    conn.query_row(
        "SELECT youth_id FROM trajectories WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(Error::NotFound("trajectory"))
}

/// Fill in the first contact when none was recorded: any conversation or intake is a
/// contact, so the earliest of them is the first one.
pub(crate) fn default_first_contact(conn: &Connection, id: &str, date: NaiveDate) -> Result<()> {
    conn.execute(
        "UPDATE trajectories SET first_contact_date = ?2 WHERE id = ?1 AND first_contact_date IS NULL",
        params![id, date],
    )?;
    Ok(())
}

/// A referral as stored, for working out which fields a correction changes.
fn current_referral(tx: &Connection, id: &str) -> Result<ReferralInput> {
    type Head = (
        String,
        String,
        NaiveDate,
        Option<Referrer>,
        Option<String>,
        Urgency,
    );
    let (youth_id, practice_id, referral_date, referrer, request_for_help, urgency): Head = tx
        .query_row(
            "SELECT youth_id, practice_id, referral_date, referrer, request_for_help, urgency
             FROM trajectories WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .optional()?
        .ok_or(Error::NotFound("trajectory"))?;
    let problem_areas = {
        let mut stmt = tx
            .prepare_cached("SELECT code FROM trajectory_problem_areas WHERE trajectory_id = ?1")?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        unique(rows.collect::<rusqlite::Result<Vec<ProblemArea>>>()?)
    };
    Ok(ReferralInput {
        youth_id,
        practice_id,
        referral_date,
        referrer,
        request_for_help,
        problem_areas,
        urgency,
    })
}

/// An intake's columns as stored (participants joined), to compare a correction with.
struct StoredIntake {
    date: NaiveDate,
    present: String,
    summary: Option<String>,
    screening_instrument: Option<String>,
    screening_score: Option<i64>,
}

fn stored_intake(tx: &Connection, id: &str) -> Result<Option<StoredIntake>> {
    Ok(tx
        .query_row(
            "SELECT date, present, summary, screening_instrument, screening_score
             FROM intakes WHERE trajectory_id = ?1",
            [id],
            |r| {
                Ok(StoredIntake {
                    date: r.get(0)?,
                    present: r.get(1)?,
                    summary: r.get(2)?,
                    screening_instrument: r.get(3)?,
                    screening_score: r.get(4)?,
                })
            },
        )
        .optional()?)
}

impl ReferralInput {
    fn validated(&self) -> Result<ReferralInput> {
        validate::not_future("referral_date", self.referral_date)?;
        Ok(ReferralInput {
            request_for_help: validate::text(
                "request_for_help",
                self.request_for_help.as_deref(),
                4000,
            )?,
            problem_areas: unique(self.problem_areas.clone()),
            ..self.clone()
        })
    }
}

/// Insert a validated referral inside a transaction (API and import).
pub(crate) fn insert(tx: &Connection, actor: &str, r: &ReferralInput) -> Result<String> {
    let exists: Option<String> = tx
        .query_row(
            "SELECT id FROM trajectories WHERE youth_id = ?1 AND referral_date = ?2",
            params![r.youth_id, r.referral_date],
            |row| row.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Err(Error::invalid(
            "referral_date",
            Rule::Duplicate,
            "this youth already has a referral on this date",
        ));
    }
    let known = |table: &str, id: &str| -> Result<bool> {
        Ok(tx
            .query_row(
                &format!("SELECT 1 FROM {table} WHERE id = ?1"),
                [id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    };
    if !known("youths", &r.youth_id)? {
        return Err(Error::invalid(
            "youth_id",
            Rule::NotFound,
            "the youth does not exist",
        ));
    }
    if !known("practices", &r.practice_id)? {
        return Err(Error::invalid(
            "practice_id",
            Rule::NotFound,
            "the practice does not exist",
        ));
    }
    let id = crate::new_id();
    let now = crate::now();
    tx.execute(
        "INSERT INTO trajectories (id, youth_id, practice_id, referral_date, referrer, request_for_help, urgency, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![id, r.youth_id, r.practice_id, r.referral_date, r.referrer, r.request_for_help, r.urgency, now],
    )?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO trajectory_problem_areas (trajectory_id, code) VALUES (?1, ?2)",
    )?;
    for p in &r.problem_areas {
        stmt.execute(params![id, p])?;
    }
    audit::append(
        tx,
        actor,
        &Event::new(Action::Create, "referral")
            .youth(&r.youth_id)
            .trajectory(&id),
    )?;
    check_dates(tx, &id)?;
    Ok(id)
}

/// Close inside a transaction: outcome, reason, satisfaction and feedback date at once.
pub(crate) fn close(tx: &Connection, actor: &str, id: &str, c: &ClosureInput) -> Result<()> {
    require_open(tx, id)?;
    validate::not_future("closed_date", c.closed_date)?;
    if let Some(s) = c.satisfaction {
        if !(1..=10).contains(&s) {
            return Err(Error::invalid(
                "satisfaction",
                Rule::OutOfRange,
                "satisfaction is a mark from 1 to 10",
            ));
        }
    }
    if let Some(f) = c.gp_feedback_date {
        validate::not_future("gp_feedback_date", f)?;
    }
    tx.execute(
        "UPDATE trajectories SET closed_date = ?2, outcome = ?3, closure_reason = ?4, satisfaction = ?5,
                gp_feedback_date = coalesce(?6, gp_feedback_date), updated_at = ?7 WHERE id = ?1",
        params![id, c.closed_date, c.outcome, c.closure_reason, c.satisfaction, c.gp_feedback_date, crate::now()],
    )?;
    let youth = youth_of(tx, id)?;
    audit::append(
        tx,
        actor,
        &Event::new(Action::Update, "closure")
            .youth(&youth)
            .trajectory(id),
    )?;
    check_dates(tx, id)?;
    if let Some(f) = c.gp_feedback_date {
        let referral: NaiveDate = tx.query_row(
            "SELECT referral_date FROM trajectories WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        validate::order(
            "gp_feedback_date",
            referral,
            f,
            "the feedback date is before the referral date",
        )?;
    }
    Ok(())
}

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

#[cfg(test)]
#[path = "trajectory_tests.rs"]
mod tests;
