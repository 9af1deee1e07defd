//! What must hold of a trajectory: the date order, checked after every change inside
//! the change's transaction; the guard that a closed trajectory takes nothing new until
//! it is reopened; and the checks on a referral's fields before it is written.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::ReferralInput;
use crate::model::unique;
use crate::Rule;
use crate::{validate, Error, Result};

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

impl ReferralInput {
    pub(super) fn validated(&self) -> Result<ReferralInput> {
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
