//! GP consultations without a client (consultatie / adviesvraag), per practice.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Action, Event};
use crate::model::{changed_fields, deletion};
use crate::Rule;
use crate::{validate, Error, Result, Vault};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GpConsultationInput {
    pub practice_id: String,
    pub date: NaiveDate,
    pub minutes: Option<u32>,
    /// A short topic; no client names belong here.
    pub topic: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GpConsultation {
    pub id: String,
    pub practice_id: String,
    pub date: NaiveDate,
    pub minutes: Option<u32>,
    pub topic: Option<String>,
}

impl GpConsultationInput {
    /// The input with its topic trimmed, or the first rule it breaks.
    fn validated(&self) -> Result<GpConsultationInput> {
        validate::not_future("date", self.date)?;
        if let Some(m) = self.minutes {
            if !(1..=240).contains(&m) {
                return Err(Error::invalid(
                    "minutes",
                    Rule::OutOfRange,
                    "minutes must lie between 1 and 240",
                ));
            }
        }
        Ok(GpConsultationInput {
            topic: validate::text("topic", self.topic.as_deref(), 500)?,
            ..self.clone()
        })
    }
}

fn get(conn: &Connection, id: &str) -> Result<GpConsultationInput> {
    conn.query_row(
        "SELECT practice_id, date, minutes, topic FROM gp_consultations WHERE id = ?1",
        [id],
        |r| {
            Ok(GpConsultationInput {
                practice_id: r.get(0)?,
                date: r.get(1)?,
                minutes: r.get(2)?,
                topic: r.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NotFound("gp_consultation"))
}

impl Vault {
    pub fn add_gp_consultation(&mut self, input: &GpConsultationInput) -> Result<GpConsultation> {
        let GpConsultationInput { topic, .. } = input.validated()?;
        self.practice(&input.practice_id).map_err(|_| {
            Error::invalid("practice_id", Rule::NotFound, "the practice does not exist")
        })?;
        let id = crate::new_id();
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO gp_consultations (id, practice_id, date, minutes, topic, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    input.practice_id,
                    input.date,
                    input.minutes,
                    topic,
                    crate::now()
                ],
            )?;
            audit::append(tx, actor, &Event::new(Action::Create, "gp_consultation"))
        })?;
        Ok(GpConsultation {
            id,
            practice_id: input.practice_id.clone(),
            date: input.date,
            minutes: input.minutes,
            topic,
        })
    }

    /// Correct a consultation. The audit event names the fields that changed; when
    /// none did, nothing is written.
    pub fn update_gp_consultation(
        &mut self,
        id: &str,
        input: &GpConsultationInput,
    ) -> Result<GpConsultation> {
        let new = input.validated()?;
        self.practice(&new.practice_id).map_err(|_| {
            Error::invalid("practice_id", Rule::NotFound, "the practice does not exist")
        })?;
        self.write(|tx, actor| {
            let old = get(tx, id)?;
            let fields = changed_fields!(old, new; practice_id, date, minutes, topic);
            if fields.is_empty() {
                return Ok(());
            }
            tx.execute(
                "UPDATE gp_consultations SET practice_id = ?2, date = ?3, minutes = ?4, topic = ?5
                 WHERE id = ?1",
                params![id, new.practice_id, new.date, new.minutes, new.topic],
            )?;
            audit::append(
                tx,
                actor,
                &Event::new(Action::Update, "gp_consultation").fields(&fields),
            )
        })?;
        Ok(GpConsultation {
            id: id.to_owned(),
            practice_id: new.practice_id,
            date: new.date,
            minutes: new.minutes,
            topic: new.topic,
        })
    }

    /// Delete a consultation entered by mistake. The reason is kept in the vault;
    /// the audit event says only that one was given.
    pub fn delete_gp_consultation(&mut self, id: &str, reason: &str) -> Result<()> {
        let reason = validate::required("reason", reason, 2000)?;
        self.write(|tx, actor| {
            let old = get(tx, id)?;
            tx.execute("DELETE FROM gp_consultations WHERE id = ?1", [id])?;
            deletion::record(
                tx,
                deletion::Kind::GpConsultation,
                id,
                None,
                old.date,
                &reason,
            )?;
            audit::append(
                tx,
                actor,
                &Event::new(Action::Delete, "gp_consultation").fields(&["reason"]),
            )
        })
    }

    /// Consultations, newest first, optionally of one practice.
    pub fn gp_consultations(&mut self, practice_id: Option<&str>) -> Result<Vec<GpConsultation>> {
        let list = {
            let mut stmt = self.conn.prepare(
                "SELECT id, practice_id, date, minutes, topic FROM gp_consultations
                 WHERE ?1 IS NULL OR practice_id = ?1 ORDER BY date DESC, created_at DESC",
            )?;
            let rows = stmt.query_map([practice_id], |r| {
                Ok(GpConsultation {
                    id: r.get(0)?,
                    practice_id: r.get(1)?,
                    date: r.get(2)?,
                    minutes: r.get(3)?,
                    topic: r.get(4)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        self.audited(Event::new(Action::Read, "gp_consultations"))?;
        Ok(list)
    }
}
