//! Deletions made as a correction: a conversation or a GP consultation that was
//! entered by mistake. The record goes; the reason stays in the vault (it may name
//! the client, so the audit event says only that a reason was kept).

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::Result;

/// What kind of record was deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Conversation,
    GpConsultation,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Conversation => "conversation",
            Kind::GpConsultation => "gp_consultation",
        }
    }
}

/// A deleted conversation of a trajectory: its date and the reason given.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deletion {
    pub record_date: NaiveDate,
    pub reason: String,
    pub deleted_at: String,
}

/// Keep the reason for a deletion, inside the transaction that deletes the record.
pub(crate) fn record(
    tx: &Connection,
    kind: Kind,
    record_id: &str,
    trajectory: Option<&str>,
    record_date: NaiveDate,
    reason: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO deletions (id, kind, record_id, trajectory_id, record_date, reason, deleted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            crate::new_id(),
            kind.as_str(),
            record_id,
            trajectory,
            record_date,
            reason,
            crate::now()
        ],
    )?;
    Ok(())
}

/// The conversations deleted from a trajectory, oldest deletion first.
pub(crate) fn for_trajectory(conn: &Connection, trajectory: &str) -> Result<Vec<Deletion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT record_date, reason, deleted_at FROM deletions
         WHERE trajectory_id = ?1 AND kind = 'conversation' ORDER BY deleted_at, id",
    )?;
    let rows = stmt.query_map([trajectory], |r| {
        Ok(Deletion {
            record_date: r.get(0)?,
            reason: r.get(1)?,
            deleted_at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
