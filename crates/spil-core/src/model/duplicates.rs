//! Possible duplicates: before a new youth is registered, the youths already in
//! the vault under another own reference with the same names and birth date.
//!
//! Names are compared as [`super::names::fold`] reads them (no case, no accents).
//! The answer names the other file by its own reference and status only: enough
//! for the worker to look it up, nothing of its content.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use super::caseload::{status, Status};
use super::names::fold;
use super::YouthInput;
use crate::audit::{Action, Event};
use crate::{Result, Vault};

/// A youth already in the vault who may be the one being registered.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PossibleDuplicate {
    pub youth_ref: Option<String>,
    /// The status of their latest trajectory; `None` when they have none.
    pub status: Option<Status>,
}

fn given(s: &Option<String>) -> Option<String> {
    s.as_deref().map(fold).filter(|s| !s.is_empty())
}

impl Vault {
    /// The youths with the same given name, family name and birth date as `y`, under
    /// another own reference (or none), ordered by reference. Nothing is compared, and
    /// nothing audited, unless all three are given. An audited search: it reads
    /// other clients' names.
    pub fn possible_duplicates(&mut self, y: &YouthInput) -> Result<Vec<PossibleDuplicate>> {
        let (Some(given_name), Some(family_name), Some(birth_date)) =
            (given(&y.given_name), given(&y.family_name), y.birth_date)
        else {
            return Ok(Vec::new());
        };
        let own_ref = y.youth_ref.as_deref().map(str::trim).unwrap_or_default();
        let candidates = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, youth_ref, given_name, family_name FROM youths WHERE birth_date = ?1",
            )?;
            let rows = stmt.query_map([birth_date], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut found = Vec::new();
        for (id, youth_ref, g, f) in candidates {
            let same =
                given(&g).as_ref() == Some(&given_name) && given(&f).as_ref() == Some(&family_name);
            let other_ref = own_ref.is_empty() || youth_ref.as_deref() != Some(own_ref);
            if !(same && other_ref) {
                continue;
            }
            let latest = self
                .conn
                .query_row(
                    "SELECT first_contact_date, closed_date FROM trajectories
                     WHERE youth_id = ?1 ORDER BY referral_date DESC, id DESC LIMIT 1",
                    [&id],
                    |r| Ok(status(r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            found.push(PossibleDuplicate {
                youth_ref,
                status: latest,
            });
        }
        found.sort_by(|a, b| a.youth_ref.cmp(&b.youth_ref));
        self.audited(Event::new(Action::Search, "youth_duplicates"))?;
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Outcome, ProblemArea, Urgency};
    use crate::model::{ClosureInput, ReferralInput};
    use crate::testutil::{date, practice_input, vault, youth_input};

    fn named(youth_ref: &str, given: &str, family: &str, born: &str) -> YouthInput {
        YouthInput {
            given_name: Some(given.into()),
            family_name: Some(family.into()),
            birth_date: Some(date(born)),
            bsn: None,
            ..youth_input(youth_ref)
        }
    }

    #[test]
    fn same_names_and_birth_date_under_another_reference() {
        let (_dir, mut v) = vault();
        let p = v.add_practice(&practice_input("De Linde")).unwrap();
        let a = v
            .add_youth(&named("A1", "José", "de Vries", "2012-05-17"))
            .unwrap();
        v.add_youth(&named("A2", "Jose", "De  Vries", "2012-05-17"))
            .unwrap();
        v.add_youth(&named("A3", "José", "de Vries", "2012-05-18"))
            .unwrap();
        v.add_youth(&named("A4", "Josée", "de Vries", "2012-05-17"))
            .unwrap();
        let t = v
            .register_referral(&ReferralInput {
                youth_id: a.id.clone(),
                practice_id: p.id,
                referral_date: date("2024-03-01"),
                referrer: None,
                request_for_help: None,
                problem_areas: vec![ProblemArea::Sleep],
                urgency: Urgency::Normal,
            })
            .unwrap();
        v.close_trajectory(
            &t,
            &ClosureInput {
                closed_date: date("2024-04-01"),
                outcome: Outcome::NoFurtherCare,
                closure_reason: None,
                satisfaction: None,
                gp_feedback_date: None,
            },
        )
        .unwrap();

        let typed = named("B1", "JOSÉ", " de vries ", "2012-05-17");
        let found = v.possible_duplicates(&typed).unwrap();
        assert_eq!(
            found,
            vec![
                PossibleDuplicate {
                    youth_ref: Some("A1".into()),
                    status: Some(Status::Closed),
                },
                PossibleDuplicate {
                    youth_ref: Some("A2".into()),
                    status: None,
                },
            ]
        );
        // The same reference is not "another" youth (the core refuses that anyway).
        let same_ref = named("A1", "José", "de Vries", "2012-05-17");
        let found = v.possible_duplicates(&same_ref).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].youth_ref.as_deref(), Some("A2"));
        // Without a reference typed, every match counts.
        let no_ref = YouthInput {
            youth_ref: None,
            ..typed.clone()
        };
        assert_eq!(v.possible_duplicates(&no_ref).unwrap().len(), 2);
        // Read-only: nothing was added, one search event per comparison.
        assert_eq!(v.find_youths("").unwrap().len(), 4);
        let searches = v
            .audit_log(None, 50)
            .unwrap()
            .into_iter()
            .filter(|e| e.what == "youth_duplicates" && e.action == "search")
            .count();
        assert_eq!(searches, 3);
    }

    #[test]
    fn nothing_is_compared_without_both_names_and_a_birth_date() {
        let (_dir, mut v) = vault();
        v.add_youth(&named("A1", "Sanne", "Jansen", "2012-05-17"))
            .unwrap();
        let mut typed = named("B1", "Sanne", "Jansen", "2012-05-17");
        assert_eq!(v.possible_duplicates(&typed).unwrap().len(), 1);
        typed.birth_date = None;
        assert!(v.possible_duplicates(&typed).unwrap().is_empty());
        typed.birth_date = Some(date("2012-05-17"));
        typed.family_name = Some("  ".into());
        assert!(v.possible_duplicates(&typed).unwrap().is_empty());
    }
}
