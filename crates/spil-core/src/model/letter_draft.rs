//! The worker's edited draft of the letter to the GP, kept per trajectory.
//!
//! [`crate::letter::gp_letter`] composes a draft from the trajectory; the worker
//! edits it, and the edited text is kept in the vault (table `gp_letter_drafts`)
//! until she discards it to compose afresh. The text is free text about the client:
//! the audit events name the action and the record kind only, never the text. The
//! draft is part of the client's file: it is in the inzage, and it goes when the
//! trajectory is destroyed.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Action, Event};
use crate::{validate, Result, Vault};

/// The longest letter the vault keeps, in characters.
pub const LETTER_MAX: usize = 20_000;
/// The record kind in audit events.
const WHAT: &str = "gp_letter_draft";

/// The letter to the GP as the letter screen shows it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GpLetter {
    pub text: String,
    /// The worker's saved draft (`true`), or freshly composed from the trajectory.
    pub saved: bool,
    /// When the draft was saved, RFC 3339 UTC; `None` when freshly composed.
    pub saved_at: Option<String>,
}

/// A saved draft, as the inzage lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedDraft {
    pub trajectory_id: String,
    pub text: String,
    pub saved_at: String,
}

fn get(conn: &Connection, trajectory_id: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT text, saved_at FROM gp_letter_drafts WHERE trajectory_id = ?1",
            [trajectory_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Whether the trajectory has a saved draft.
pub(crate) fn exists(conn: &Connection, trajectory_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM gp_letter_drafts WHERE trajectory_id = ?1")?
        .exists([trajectory_id])?)
}

/// The saved drafts of a youth's trajectories, oldest referral first.
pub(crate) fn for_youth(conn: &Connection, youth_id: &str) -> Result<Vec<SavedDraft>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.trajectory_id, d.text, d.saved_at FROM gp_letter_drafts d
         JOIN trajectories t ON t.id = d.trajectory_id
         WHERE t.youth_id = ?1 ORDER BY t.referral_date, t.id",
    )?;
    let rows = stmt.query_map([youth_id], |r| {
        Ok(SavedDraft {
            trajectory_id: r.get(0)?,
            text: r.get(1)?,
            saved_at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Vault {
    /// The letter to the GP for a trajectory: the worker's saved draft when there is
    /// one, else composed afresh ([`crate::letter::gp_letter`]), dated `today`. An
    /// audited read either way.
    pub fn gp_letter(&mut self, trajectory_id: &str, today: chrono::NaiveDate) -> Result<GpLetter> {
        let youth = super::trajectory::youth_of(&self.conn, trajectory_id)?;
        if let Some((text, saved_at)) = get(&self.conn, trajectory_id)? {
            self.audited(
                Event::new(Action::Read, WHAT)
                    .youth(&youth)
                    .trajectory(trajectory_id),
            )?;
            return Ok(GpLetter {
                text,
                saved: true,
                saved_at: Some(saved_at),
            });
        }
        let detail = self.trajectory(trajectory_id)?;
        Ok(GpLetter {
            text: crate::letter::gp_letter(&detail, today),
            saved: false,
            saved_at: None,
        })
    }

    /// Keep the worker's edited letter, replacing an earlier draft. Empty text is
    /// refused (discard the draft instead). Returns the letter as kept.
    pub fn save_gp_letter_draft(&mut self, trajectory_id: &str, text: &str) -> Result<GpLetter> {
        let text = validate::required("text", text, LETTER_MAX)?;
        let youth = super::trajectory::youth_of(&self.conn, trajectory_id)?;
        let saved_at = crate::now();
        self.write(|tx, actor| {
            let replaced = tx.execute(
                "UPDATE gp_letter_drafts SET text = ?2, saved_at = ?3 WHERE trajectory_id = ?1",
                params![trajectory_id, text, saved_at],
            )? > 0;
            if !replaced {
                tx.execute(
                    "INSERT INTO gp_letter_drafts (trajectory_id, text, saved_at) VALUES (?1, ?2, ?3)",
                    params![trajectory_id, text, saved_at],
                )?;
            }
            let action = if replaced {
                Action::Update
            } else {
                Action::Create
            };
            audit::append(
                tx,
                actor,
                &Event::new(action, WHAT)
                    .youth(&youth)
                    .trajectory(trajectory_id),
            )
        })?;
        Ok(GpLetter {
            text,
            saved: true,
            saved_at: Some(saved_at),
        })
    }

    /// Discard the saved draft, so the next [`Vault::gp_letter`] composes afresh.
    /// Discarding when there is none changes nothing and writes no event.
    pub fn discard_gp_letter_draft(&mut self, trajectory_id: &str) -> Result<()> {
        let youth = super::trajectory::youth_of(&self.conn, trajectory_id)?;
        self.write(|tx, actor| {
            let gone = tx.execute(
                "DELETE FROM gp_letter_drafts WHERE trajectory_id = ?1",
                [trajectory_id],
            )?;
            if gone > 0 {
                audit::append(
                    tx,
                    actor,
                    &Event::new(Action::Delete, WHAT)
                        .youth(&youth)
                        .trajectory(trajectory_id),
                )?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{date, with_referral};

    #[test]
    fn a_saved_draft_comes_back_until_discarded() {
        let (_dir, mut v, t) = with_referral();
        assert!(!v.trajectory(&t).unwrap().has_letter_draft);
        let fresh = v.gp_letter(&t, date("2024-03-02")).unwrap();
        assert!(!fresh.saved && fresh.saved_at.is_none());
        assert!(fresh.text.contains("S (hulpvraag)"), "{}", fresh.text);

        let edited = format!("{}\nPS: bel mij gerust.", fresh.text);
        let kept = v.save_gp_letter_draft(&t, &edited).unwrap();
        assert!(kept.saved);
        // The file says there is a draft, so the letter screen can show it at once.
        assert!(v.trajectory(&t).unwrap().has_letter_draft);
        let back = v.gp_letter(&t, date("2024-03-09")).unwrap();
        assert_eq!((back.text.as_str(), back.saved), (edited.trim(), true));
        assert_eq!(back.saved_at, kept.saved_at);

        // A second save replaces the first: one draft per trajectory.
        v.save_gp_letter_draft(&t, "Tweede versie").unwrap();
        assert_eq!(
            v.gp_letter(&t, date("2024-03-09")).unwrap().text,
            "Tweede versie"
        );
        let n: i64 = v
            .conn
            .query_row("SELECT count(*) FROM gp_letter_drafts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);

        v.discard_gp_letter_draft(&t).unwrap();
        assert!(!v.trajectory(&t).unwrap().has_letter_draft);
        let again = v.gp_letter(&t, date("2024-03-09")).unwrap();
        assert!(!again.saved);
        assert!(again.text.contains("Datum: 09-03-2024"), "{}", again.text);
        // Discarding twice is harmless.
        v.discard_gp_letter_draft(&t).unwrap();
    }

    #[test]
    fn audited_by_action_never_with_the_text() {
        let (_dir, mut v, t) = with_referral();
        v.save_gp_letter_draft(&t, "Geheime zin over Sanne")
            .unwrap();
        v.save_gp_letter_draft(&t, "Nog een geheime zin").unwrap();
        v.gp_letter(&t, date("2024-03-09")).unwrap();
        v.discard_gp_letter_draft(&t).unwrap();
        let log = v.audit_log(None, 20).unwrap();
        let drafts: Vec<(&str, Option<&str>)> = log
            .iter()
            .filter(|e| e.what == WHAT)
            .map(|e| (e.action.as_str(), e.trajectory_id.as_deref()))
            .collect();
        assert_eq!(
            drafts,
            vec![
                ("delete", Some(t.as_str())),
                ("read", Some(t.as_str())),
                ("update", Some(t.as_str())),
                ("create", Some(t.as_str())),
            ]
        );
        for e in &log {
            let all = format!("{e:?}");
            assert!(
                !all.contains("geheime") && !all.contains("Geheime"),
                "{all}"
            );
        }
    }

    #[test]
    fn empty_text_and_unknown_trajectories_are_refused() {
        let (_dir, mut v, t) = with_referral();
        let e = v.save_gp_letter_draft(&t, "  \n ").unwrap_err();
        assert_eq!(e.code(), "invalid");
        assert_eq!(
            v.save_gp_letter_draft("nope", "x").unwrap_err().code(),
            "not_found"
        );
        assert_eq!(
            v.gp_letter("nope", date("2024-03-09")).unwrap_err().code(),
            "not_found"
        );
        assert_eq!(
            v.discard_gp_letter_draft("nope").unwrap_err().code(),
            "not_found"
        );
    }
}
