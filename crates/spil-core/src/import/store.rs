//! Writing one checked row: practice, youth, trajectory, conversations and closure.

use crate::codes::Urgency;
use crate::model::{conversation, practice, trajectory, youth};
use crate::model::{ConversationInput, ReferralInput};
use crate::Result;

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
        Some(y) => y.id,
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
