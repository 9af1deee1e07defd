//! GP consultations without a client (consultatie / adviesvraag), per practice.

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::audit::{self, Action, Event};
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

impl Vault {
    pub fn add_gp_consultation(&mut self, input: &GpConsultationInput) -> Result<GpConsultation> {
        validate::not_future("date", input.date)?;
        if let Some(m) = input.minutes {
            if !(1..=240).contains(&m) {
                return Err(Error::invalid(
                    "minutes",
                    Rule::OutOfRange,
                    "minutes must lie between 1 and 240",
                ));
            }
        }
        let topic = validate::text("topic", input.topic.as_deref(), 500)?;
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
