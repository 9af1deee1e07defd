//! Conversations (gesprekken): the OJG's sessions within a trajectory.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Action, Event};
use crate::codes::{Intervention, Mode, Participant};
use crate::model::deletion;
use crate::model::trajectory::{check_dates, default_first_contact, require_open, youth_of};
use crate::model::{changed_fields, join_codes, split_codes, unique};
use crate::Rule;
use crate::{validate, Error, Result, Vault};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ConversationInput {
    pub date: Option<NaiveDate>,
    pub minutes: Option<u32>,
    pub participants: Vec<Participant>,
    pub mode: Option<Mode>,
    pub interventions: Vec<Intervention>,
    pub notes: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: String,
    pub date: NaiveDate,
    pub minutes: Option<u32>,
    pub participants: Vec<Participant>,
    pub mode: Option<Mode>,
    pub interventions: Vec<Intervention>,
    pub notes: Option<String>,
}

/// Insert inside a transaction (API and import). The trajectory must be open.
pub(crate) fn insert(
    tx: &Connection,
    actor: &str,
    trajectory: &str,
    c: &ConversationInput,
    replacing: Option<&str>,
) -> Result<String> {
    insert_naming(tx, actor, trajectory, c, replacing, &[])
}

/// [`insert`], with the audit event naming `fields` (those a correction changed).
fn insert_naming(
    tx: &Connection,
    actor: &str,
    trajectory: &str,
    c: &ConversationInput,
    replacing: Option<&str>,
    fields: &[&str],
) -> Result<String> {
    let date = c
        .date
        .ok_or_else(|| Error::invalid("date", Rule::Required, "required"))?;
    validate::not_future("date", date)?;
    if let Some(m) = c.minutes {
        if !(1..=600).contains(&m) {
            return Err(Error::invalid(
                "minutes",
                Rule::OutOfRange,
                "minutes must lie between 1 and 600",
            ));
        }
    }
    let notes = validate::text("notes", c.notes.as_deref(), 20_000)?;
    require_open(tx, trajectory)?;
    let id = replacing.map_or_else(crate::new_id, str::to_owned);
    tx.execute(
        "INSERT INTO conversations (id, trajectory_id, date, minutes, participants, mode, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, trajectory, date, c.minutes, join_codes(&unique(c.participants.clone())), c.mode, notes, crate::now()],
    )?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO conversation_interventions (conversation_id, code) VALUES (?1, ?2)",
    )?;
    for i in unique(c.interventions.clone()) {
        stmt.execute(params![id, i])?;
    }
    default_first_contact(tx, trajectory, date)?;
    let youth = youth_of(tx, trajectory)?;
    audit::append(
        tx,
        actor,
        &Event::new(
            if replacing.is_some() {
                Action::Update
            } else {
                Action::Create
            },
            "conversation",
        )
        .youth(&youth)
        .trajectory(trajectory)
        .fields(fields),
    )?;
    check_dates(tx, trajectory)?;
    Ok(id)
}

pub(crate) fn for_trajectory(conn: &Connection, trajectory: &str) -> Result<Vec<Conversation>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.date, c.minutes, c.participants, c.mode, c.notes,
                (SELECT group_concat(code, ';') FROM conversation_interventions WHERE conversation_id = c.id)
         FROM conversations c WHERE c.trajectory_id = ?1 ORDER BY c.date, c.created_at",
    )?;
    let rows = stmt.query_map([trajectory], |r| {
        Ok(Conversation {
            id: r.get(0)?,
            date: r.get(1)?,
            minutes: r.get(2)?,
            participants: split_codes(&r.get::<_, String>(3)?),
            mode: r.get(4)?,
            notes: r.get(5)?,
            interventions: split_codes(&r.get::<_, Option<String>>(6)?.unwrap_or_default()),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Vault {
    /// Add a conversation to an open trajectory.
    pub fn add_conversation(
        &mut self,
        trajectory: &str,
        input: &ConversationInput,
    ) -> Result<String> {
        self.write(|tx, actor| insert(tx, actor, trajectory, input, None))
    }

    /// Correct a conversation's details (the trajectory must be open). The audit
    /// event names the fields that changed; when none did, nothing is written.
    pub fn update_conversation(&mut self, id: &str, input: &ConversationInput) -> Result<()> {
        self.write(|tx, actor| {
            let (trajectory, _) = trajectory_of(tx, id)?;
            require_open(tx, &trajectory)?;
            let old = for_trajectory(tx, &trajectory)?
                .into_iter()
                .find(|c| c.id == id)
                .ok_or(Error::NotFound("conversation"))?;
            let new = ConversationInput {
                date: input.date,
                minutes: input.minutes,
                participants: unique(input.participants.clone()),
                mode: input.mode,
                interventions: unique(input.interventions.clone()),
                notes: validate::text("notes", input.notes.as_deref(), 20_000)?,
            };
            let was = ConversationInput {
                date: Some(old.date),
                minutes: old.minutes,
                participants: unique(old.participants),
                mode: old.mode,
                interventions: unique(old.interventions),
                notes: old.notes,
            };
            let fields = changed_fields!(was, new; date, minutes, participants, mode,
                interventions, notes);
            if fields.is_empty() {
                return Ok(());
            }
            // Replace the row under the same id; its interventions go with it (cascade).
            tx.execute("DELETE FROM conversations WHERE id = ?1", [id])?;
            insert_naming(tx, actor, &trajectory, &new, Some(id), &fields).map(drop)
        })
    }

    /// Delete a conversation entered by mistake (the trajectory must be open). The
    /// reason is kept in the vault; the audit event says only that one was given.
    pub fn delete_conversation(&mut self, id: &str, reason: &str) -> Result<()> {
        let reason = validate::required("reason", reason, 2000)?;
        self.write(|tx, actor| {
            let (trajectory, date) = trajectory_of(tx, id)?;
            require_open(tx, &trajectory)?;
            tx.execute("DELETE FROM conversations WHERE id = ?1", [id])?;
            // The file changed: its retention term runs from now.
            tx.execute(
                "UPDATE trajectories SET updated_at = ?2 WHERE id = ?1",
                params![trajectory, crate::now()],
            )?;
            deletion::record(
                tx,
                deletion::Kind::Conversation,
                id,
                Some(&trajectory),
                date,
                &reason,
            )?;
            let youth = youth_of(tx, &trajectory)?;
            audit::append(
                tx,
                actor,
                &Event::new(Action::Delete, "conversation")
                    .youth(&youth)
                    .trajectory(&trajectory)
                    .fields(&["reason"]),
            )?;
            check_dates(tx, &trajectory)
        })
    }
}

/// The trajectory and date of a conversation.
fn trajectory_of(tx: &Connection, id: &str) -> Result<(String, NaiveDate)> {
    tx.query_row(
        "SELECT trajectory_id, date FROM conversations WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or(Error::NotFound("conversation"))
}
