//! Inzage: everything stored about one youth, as one document.

use serde::Serialize;

use crate::audit::{self, Action, AuditEntry, Event};
use crate::model::{letter_draft, youth, SavedDraft, TrajectoryDetail, Youth};
use crate::{Result, Vault};

/// A youth's full file. Serialises to the JSON given to the client; [`super::inzage_html`]
/// renders the same data for reading.
#[derive(Debug, Clone, Serialize)]
pub struct InzageDocument {
    pub format: &'static str,
    pub version: u32,
    /// RFC 3339, UTC.
    pub generated_at: String,
    pub generated_by: String,
    pub youth: Youth,
    /// Oldest referral first.
    pub trajectories: Vec<TrajectoryDetail>,
    /// The worker's saved drafts of letters to the GP, one per trajectory at most.
    pub gp_letter_drafts: Vec<SavedDraft>,
    /// Who accessed this file and when, oldest first (up to this document).
    pub access_history: Vec<AuditEntry>,
}

impl Vault {
    /// The youth's whole file (see [`crate::rights`]). Audited as a print: the
    /// document leaves the app.
    pub fn inzage(&mut self, youth_id: &str) -> Result<InzageDocument> {
        let youth = youth::get(&self.conn, youth_id)?;
        let ids: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT id FROM trajectories WHERE youth_id = ?1 ORDER BY referral_date, id",
            )?;
            let rows = stmt.query_map([youth_id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let trajectories = ids
            .iter()
            .map(|id| self.load_trajectory(id))
            .collect::<Result<Vec<_>>>()?;
        let gp_letter_drafts = letter_draft::for_youth(&self.conn, youth_id)?;
        let access_history = audit::for_youth(&self.conn, youth_id)?;
        self.audited(Event::new(Action::Print, "inzage").youth(youth_id))?;
        Ok(InzageDocument {
            format: "spil-inzage",
            version: 1,
            generated_at: crate::now(),
            generated_by: self.actor.clone(),
            youth,
            trajectories,
            gp_letter_drafts,
            access_history,
        })
    }
}
