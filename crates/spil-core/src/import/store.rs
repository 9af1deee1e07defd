//! Writing one checked row: practice, youth, trajectory, conversations and closure.

use crate::codes::Urgency;
use crate::model::{conversation, practice, trajectory, youth};
use crate::model::{ConversationInput, ReferralInput};
use crate::model::{Youth, YouthInput};
use crate::{Error, Result, Rule};

use super::parse::Row;
use super::ImportSummary;

pub(super) fn store_row(
    tx: &rusqlite::Connection,
    actor: &str,
    row: &Row,
    summary: &mut ImportSummary,
) -> Result<()> {
    let youth_ref = row.youth.youth_ref.as_deref().unwrap_or_default();
    let youth_id = match youth::find_by_ref(tx, youth_ref)? {
        Some(y) => {
            same_child(&y, &row.youth)?;
            y.id
        }
        None => {
            summary.youths_created += 1;
            youth::insert(tx, actor, &row.youth)?
        }
    };
    let exists: Option<String> = rusqlite::OptionalExtension::optional(tx.query_row(
        "SELECT id FROM trajectories WHERE youth_id = ?1 AND referral_date = ?2",
        rusqlite::params![youth_id, row.referral_date],
        |r| r.get(0),
    ))?;
    if exists.is_some() {
        summary.already_present += 1;
        return Ok(());
    }
    let practice_id = match practice::find_by_name(tx, &row.practice.name)? {
        Some(p) => p.id,
        None => {
            summary.practices_created += 1;
            practice::insert(tx, actor, &row.practice)?
        }
    };
    let tid = trajectory::insert(
        tx,
        actor,
        &ReferralInput {
            youth_id,
            practice_id,
            referral_date: row.referral_date,
            referrer: row.referrer,
            request_for_help: None,
            problem_areas: crate::model::unique(row.problem_areas.clone()),
            urgency: Urgency::Normal,
        },
    )?;
    if let Some(notes) = &row.notes {
        tx.execute(
            "UPDATE trajectories SET notes = ?2 WHERE id = ?1",
            rusqlite::params![tid, notes],
        )?;
    }
    if let Some(fc) = row.first_contact {
        tx.execute(
            "UPDATE trajectories SET first_contact_date = ?2 WHERE id = ?1",
            rusqlite::params![tid, fc],
        )?;
    }
    let mut sessions = row.sessions.clone();
    sessions.sort();
    for d in sessions {
        conversation::insert(
            tx,
            actor,
            &tid,
            &ConversationInput {
                date: Some(d),
                ..Default::default()
            },
            None,
        )?;
    }
    if let Some(t) = row.triage {
        let on = row.first_contact.unwrap_or(row.referral_date);
        tx.execute(
            "INSERT INTO triage_decisions (id, trajectory_id, decided_on, decision, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![crate::new_id(), tid, on, t, crate::now()],
        )?;
    }
    trajectory::check_dates(tx, &tid)?;
    if let Some(c) = &row.closure {
        trajectory::close(tx, actor, &tid, c)?;
    }
    summary.trajectories_created += 1;
    Ok(())
}

/// A row whose `youth_ref` is already in the vault must be about the same child:
/// where both the vault and the row give a name, birth date or BSN, they agree
/// (names without regard to case or surrounding spaces). Otherwise the reference
/// was reused for another child, and taking the row as "already present" would
/// drop that child without a word.
fn same_child(known: &Youth, row: &YouthInput) -> Result<()> {
    fn differ(a: Option<&str>, b: Option<&str>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => a.trim().to_lowercase() != b.trim().to_lowercase(),
            _ => false,
        }
    }
    fn digits(s: &Option<String>) -> Option<String> {
        s.as_ref()
            .map(|s| s.chars().filter(char::is_ascii_digit).collect())
    }
    let birth_differs = matches!((known.birth_date, row.birth_date), (Some(a), Some(b)) if a != b);
    if differ(known.given_name.as_deref(), row.given_name.as_deref())
        || differ(known.family_name.as_deref(), row.family_name.as_deref())
        || differ(digits(&known.bsn).as_deref(), digits(&row.bsn).as_deref())
        || birth_differs
    {
        return Err(Error::invalid(
            "youth_ref",
            Rule::YouthRefTaken,
            "this youth_ref belongs to another child (name, birth date or BSN differ); give this child a reference of their own",
        ));
    }
    Ok(())
}
