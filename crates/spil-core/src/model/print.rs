//! Printing is an access of its own (NEN 7513): a printed letter or file leaves the
//! vault's protection. The webview prints; the app records what it printed first.

use serde::{Deserialize, Serialize};

use crate::audit::{Action, Event};
use crate::{Result, Vault};

/// What the worker printed, with the file it came from.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Printed {
    /// The feedback letter to the GP of one trajectory.
    GpLetter { trajectory_id: String },
    /// A youth's whole file (inzage).
    Inzage { youth_id: String },
    /// The monitoring report: figures only, no client.
    Report,
}

impl Vault {
    /// Record a print before the webview prints; an unknown file is refused.
    pub fn record_print(&mut self, printed: &Printed) -> Result<()> {
        match printed {
            Printed::GpLetter { trajectory_id } => {
                let youth = super::trajectory::youth_of(&self.conn, trajectory_id)?;
                self.audited(
                    Event::new(Action::Print, "gp_letter")
                        .youth(&youth)
                        .trajectory(trajectory_id),
                )
            }
            Printed::Inzage { youth_id } => {
                super::youth::get(&self.conn, youth_id)?;
                self.audited(Event::new(Action::Print, "inzage").youth(youth_id))
            }
            Printed::Report => self.audited(Event::new(Action::Print, "report")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil;

    #[test]
    fn prints_are_audited_with_their_file_and_unknown_files_refused() {
        let (_dir, mut v, t) = testutil::with_referral();
        let youth = super::super::trajectory::youth_of(&v.conn, &t).unwrap();
        v.record_print(&Printed::GpLetter {
            trajectory_id: t.clone(),
        })
        .unwrap();
        v.record_print(&Printed::Inzage {
            youth_id: youth.clone(),
        })
        .unwrap();
        v.record_print(&Printed::Report).unwrap();
        let log = v.audit_log(None, 10).unwrap();
        let prints: Vec<(&str, Option<&str>, Option<&str>)> = log
            .iter()
            .filter(|e| e.action == "print")
            .map(|e| {
                (
                    e.what.as_str(),
                    e.youth_id.as_deref(),
                    e.trajectory_id.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            prints,
            vec![
                ("report", None, None),
                ("inzage", Some(youth.as_str()), None),
                ("gp_letter", Some(youth.as_str()), Some(t.as_str())),
            ]
        );
        let unknown = v
            .record_print(&Printed::GpLetter {
                trajectory_id: "nope".into(),
            })
            .unwrap_err();
        assert_eq!(unknown.code(), "not_found");
    }
}
