//! Reading and writing trajectory rows inside a caller's transaction. Conversations and
//! the import share these: inserting a referral, closing, the youth of a trajectory and
//! the default first contact. A correction compares its input with the referral and
//! intake as stored, read here.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::rules::{check_dates, require_open};
use super::{ClosureInput, ReferralInput};
use crate::audit::{self, Action, Event};
use crate::codes::{ProblemArea, Referrer, Urgency};
use crate::model::unique;
use crate::Rule;
use crate::{validate, Error, Result};

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
pub(super) fn current_referral(tx: &Connection, id: &str) -> Result<ReferralInput> {
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
pub(super) struct StoredIntake {
    pub(super) date: NaiveDate,
    pub(super) present: String,
    pub(super) summary: Option<String>,
    pub(super) screening_instrument: Option<String>,
    pub(super) screening_score: Option<i64>,
}

pub(super) fn stored_intake(tx: &Connection, id: &str) -> Result<Option<StoredIntake>> {
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
