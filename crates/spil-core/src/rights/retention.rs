//! Retention (bewaartermijn) and destruction (vernietiging) of a youth's file.

use serde::{Deserialize, Serialize};

use crate::audit::{self, Action, Event};
use crate::model::youth;
use crate::Rule;
use crate::{store, Error, Result, Vault};

/// Jeugdwet art. 7.3.8: a file is kept twenty years after its last change. The
/// vault's term is never below this.
pub const RETENTION_YEARS: u32 = 20;
/// The longest term the vault accepts.
pub const MAX_RETENTION_YEARS: u32 = 100;
/// Where the vault keeps its term (inside the encrypted database).
const TERM_SETTING: &str = "retention_years";

/// Why a file was destroyed. A code, not free text: the reason stays in the audit
/// log after the file is gone, so it must carry no client data.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DestructionReason {
    /// The retention period has passed.
    RetentionExpired,
    /// The youth (12 or older) asked for destruction.
    RequestByYouth,
    /// A parent or guardian asked for destruction.
    RequestByParent,
    /// Registered by mistake (e.g. a duplicate or the wrong person).
    RegisteredInError,
}

impl DestructionReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DestructionReason::RetentionExpired => "retention_expired",
            DestructionReason::RequestByYouth => "request_by_youth",
            DestructionReason::RequestByParent => "request_by_parent",
            DestructionReason::RegisteredInError => "registered_in_error",
        }
    }
}

/// A file past its retention period.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetentionItem {
    pub youth_id: String,
    pub youth_ref: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// The latest change to any part of the file, RFC 3339 UTC.
    pub last_change: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub trajectories: i64,
}

/// The latest change to a youth's file: the youth row and every row hanging off
/// their trajectories. Timestamps are all `crate::now()` text, so they compare as text.
const LAST_CHANGE: &str = "
    SELECT y.id, y.youth_ref, y.given_name, y.family_name,
           max(y.updated_at,
               coalesce((SELECT max(t.updated_at) FROM trajectories t WHERE t.youth_id = y.id), ''),
               coalesce((SELECT max(i.updated_at) FROM intakes i
                         JOIN trajectories t ON t.id = i.trajectory_id WHERE t.youth_id = y.id), ''),
               coalesce((SELECT max(c.created_at) FROM conversations c
                         JOIN trajectories t ON t.id = c.trajectory_id WHERE t.youth_id = y.id), ''),
               coalesce((SELECT max(d.created_at) FROM triage_decisions d
                         JOIN trajectories t ON t.id = d.trajectory_id WHERE t.youth_id = y.id), ''),
               coalesce((SELECT max(r.created_at) FROM reopenings r
                         JOIN trajectories t ON t.id = r.trajectory_id WHERE t.youth_id = y.id), ''),
               coalesce((SELECT max(g.saved_at) FROM gp_letter_drafts g
                         JOIN trajectories t ON t.id = g.trajectory_id WHERE t.youth_id = y.id), '')
           ) AS last_change,
           (SELECT count(*) FROM trajectories t WHERE t.youth_id = y.id) AS trajectories
    FROM youths y";

/// Check a retention term: at least the law's [`RETENTION_YEARS`], at most
/// [`MAX_RETENTION_YEARS`].
pub fn validate_retention_years(years: u32) -> Result<()> {
    if (RETENTION_YEARS..=MAX_RETENTION_YEARS).contains(&years) {
        Ok(())
    } else {
        Err(Error::invalid(
            "retention_years",
            Rule::OutOfRange,
            format!(
                "the retention term must lie between {RETENTION_YEARS} and {MAX_RETENTION_YEARS} years"
            ),
        ))
    }
}

/// The moment a file's last change must precede to be past a term of `years`.
fn cutoff(years: u32) -> Result<String> {
    Ok(chrono::Utc::now()
        .checked_sub_months(chrono::Months::new(years * 12))
        .ok_or_else(|| Error::invalid("retention_years", Rule::OutOfRange, "too many years"))?
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

/// Delete every row of one youth's file (the caller audits and checkpoints).
pub(crate) fn delete_youth_rows(tx: &rusqlite::Connection, youth_id: &str) -> Result<()> {
    let y = youth::get(tx, youth_id)?;
    // Intakes, triage, conversations, problem areas, reopenings, the reasons of
    // deleted conversations and the saved letter drafts cascade.
    tx.execute("DELETE FROM trajectories WHERE youth_id = ?1", [youth_id])?;
    tx.execute("DELETE FROM youths WHERE id = ?1", [youth_id])?;
    if let Some(f) = y.family_id {
        tx.execute(
            "DELETE FROM families WHERE id = ?1
             AND NOT EXISTS (SELECT 1 FROM youths WHERE family_id = ?1)",
            [f],
        )?;
    }
    Ok(())
}

/// The ids of the youths whose file is past the vault's retention term: the test
/// [`Vault::retention_due`] and a destruction for retention apply. Not audited: the
/// caller's read is.
pub(crate) fn files_past_retention(vault: &Vault) -> Result<std::collections::HashSet<String>> {
    let cutoff = cutoff(vault.retention_years()?)?;
    let mut stmt = vault.conn.prepare(&format!(
        "SELECT id FROM ({LAST_CHANGE}) WHERE last_change < ?1"
    ))?;
    let rows = stmt.query_map([cutoff], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Vault {
    /// The vault's retention term in years: [`RETENTION_YEARS`] unless changed.
    pub fn retention_years(&self) -> Result<u32> {
        Ok(crate::backup::get_setting(&self.conn, TERM_SETTING)?
            .and_then(|v| v.parse().ok())
            .filter(|y| validate_retention_years(*y).is_ok())
            .unwrap_or(RETENTION_YEARS))
    }

    /// Change the retention term ([`validate_retention_years`]); audited with the
    /// old and the new term.
    pub fn set_retention_years(&mut self, years: u32) -> Result<()> {
        validate_retention_years(years)?;
        let old = self.retention_years()?;
        let what = format!("retention_years:{old}->{years}");
        self.write(|tx, actor| {
            crate::backup::set_setting(tx, TERM_SETTING, &years.to_string())?;
            audit::append(tx, actor, &Event::new(Action::Update, &what))
        })
    }

    /// Files past the vault's retention term, oldest first. An audited read: the
    /// list names clients.
    pub fn retention_due(&mut self) -> Result<Vec<RetentionItem>> {
        let cutoff = cutoff(self.retention_years()?)?;
        let items = {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT * FROM ({LAST_CHANGE}) WHERE last_change < ?1 ORDER BY last_change, id"
            ))?;
            let rows = stmt.query_map([cutoff], |r| {
                Ok(RetentionItem {
                    youth_id: r.get(0)?,
                    youth_ref: r.get(1)?,
                    given_name: r.get(2)?,
                    family_name: r.get(3)?,
                    last_change: r.get(4)?,
                    trajectories: r.get(5)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        self.audited(Event::new(Action::Read, "retention"))?;
        Ok(items)
    }

    /// Destroy a youth's file for good (see [`crate::rights`]): the youth, their
    /// trajectories and everything in them, and their family link if no one else
    /// shares it. The audit event keeps the id and the reason. Past events about the
    /// youth stay in the audit log: they hold ids and record kinds, no client data.
    ///
    /// For [`DestructionReason::RetentionExpired`] the file's last change must lie
    /// further back than the vault's term. A tombstone is written first
    /// ([`super::tombstone`]), so the destruction survives restoring an older backup.
    pub fn destroy_youth(&mut self, youth_id: &str, reason: DestructionReason) -> Result<()> {
        youth::get(&self.conn, youth_id)?;
        if reason == DestructionReason::RetentionExpired {
            let due: bool = self.conn.query_row(
                &format!("SELECT last_change < ?2 FROM ({LAST_CHANGE}) WHERE id = ?1"),
                rusqlite::params![youth_id, cutoff(self.retention_years()?)?],
                |r| r.get(0),
            )?;
            if !due {
                return Err(Error::RetentionNotDue);
            }
        }
        super::tombstone::record(self, youth_id, reason)?;
        let what = format!("youth_destroyed:{}", reason.as_str());
        self.write(|tx, actor| {
            delete_youth_rows(tx, youth_id)?;
            audit::append(
                tx,
                actor,
                &Event::new(Action::Delete, &what).youth(youth_id),
            )
        })?;
        // The WAL still holds the pages as they were before the delete.
        store::checkpoint_complete(&self.conn)
    }
}
