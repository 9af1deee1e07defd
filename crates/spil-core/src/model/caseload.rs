//! Reading the caseload: the overview (waiting, active, recently closed) and one
//! trajectory's whole page. Both are audited reads.
//!
//! The overview is filtered and ordered here, not in the app: by status (including
//! "past retention": closed trajectories of files due for destruction under the
//! vault's retention term, the same test [`Vault::retention_due`] applies), and by
//! any of its columns in either direction.

use std::cmp::Ordering;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::audit::{Action, Event};
use crate::codes::{ClosureReason, Outcome, Participant, ProblemArea, Referrer, Urgency};
use crate::model::conversation::{self, Conversation};
use crate::model::deletion::{self, Deletion};
use crate::model::letter_draft;
use crate::model::names::fold;
use crate::model::trajectory::TriageDecision;
use crate::model::{split_codes, youth, Practice, Youth};
use crate::{Error, Result, Vault};

/// A conversation count above this flags a trajectory for review.
pub const MANY_CONVERSATIONS: i64 = 5;
/// Days without contact after which an active trajectory is flagged.
pub const QUIET_DAYS: i64 = 28;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Waiting,
    Active,
    Closed,
}

/// Which trajectories the overview lists.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    Waiting,
    Active,
    Closed,
    /// Closed, in a file past the vault's retention term (due for destruction),
    /// however long ago it closed.
    PastRetention,
}

/// A column the overview can be ordered by.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Family name, then given name (without regard to case or accents), then own reference.
    Name,
    Practice,
    ReferralDate,
    DaysWaiting,
    /// Normal, soon, urgent.
    Urgency,
    LastContact,
    Conversations,
    ClosedDate,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortDirection {
    #[default]
    Ascending,
    Descending,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseloadFilter {
    pub practice_id: Option<String>,
    /// Part of a name or own reference.
    pub search: Option<String>,
    pub status: Option<StatusFilter>,
    /// Closed trajectories are listed when closed within this many days (default 90).
    pub closed_within_days: Option<u32>,
    /// Every file, closed at any time (for an inzage or destruction request about
    /// an old file); `closed_within_days` is then ignored.
    pub all: bool,
    /// Only trajectories referred in this year.
    pub year: Option<i32>,
    /// Order by this column; without it, the overview's own order (waiting oldest
    /// first, active longest without contact first, closed newest first). Rows
    /// without a value in the column (no contact yet, not closed) come last in
    /// either direction; ties keep the overview's own order.
    pub sort: Option<SortKey>,
    pub direction: SortDirection,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseloadRow {
    pub trajectory_id: String,
    pub youth_id: String,
    pub youth_ref: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub practice_id: String,
    pub practice_name: String,
    pub referral_date: NaiveDate,
    pub urgency: Urgency,
    pub status: Status,
    /// Waiting: days since referral until today. Otherwise: referral → first contact.
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub days_waiting: i64,
    pub last_contact: Option<NaiveDate>,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub conversations: i64,
    pub closed_date: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
    pub flag_many_conversations: bool,
    pub flag_no_recent_contact: bool,
    /// Closed, and the letter to the GP has not been recorded as sent.
    pub flag_letter_not_sent: bool,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intake {
    pub date: NaiveDate,
    pub present: Vec<Participant>,
    pub summary: Option<String>,
    pub screening_instrument: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub screening_score: Option<i64>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reopening {
    pub reopened_on: NaiveDate,
    pub reason: String,
    pub prev_closed_date: NaiveDate,
    pub prev_outcome: Outcome,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrajectoryDetail {
    pub id: String,
    pub youth: Youth,
    pub practice: Practice,
    pub status: Status,
    pub referral_date: NaiveDate,
    pub referrer: Option<Referrer>,
    pub request_for_help: Option<String>,
    pub urgency: Urgency,
    pub problem_areas: Vec<ProblemArea>,
    pub first_contact_date: Option<NaiveDate>,
    pub intake: Option<Intake>,
    /// Oldest first; the last one is the current decision.
    pub triage_history: Vec<TriageDecision>,
    pub conversations: Vec<Conversation>,
    pub closed_date: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
    pub closure_reason: Option<ClosureReason>,
    pub satisfaction: Option<u8>,
    pub gp_feedback_date: Option<NaiveDate>,
    /// Free-text notes on the trajectory as a whole (e.g. from an imported sheet).
    pub notes: Option<String>,
    pub reopenings: Vec<Reopening>,
    /// Conversations deleted as a correction, with the reason given.
    pub deleted_conversations: Vec<Deletion>,
    /// The worker saved an edited letter to the GP for this trajectory: the letter
    /// screen shows it at once. Whether, not what: the text is read on request.
    #[serde(default)]
    pub has_letter_draft: bool,
}

pub(crate) fn status(first_contact: Option<NaiveDate>, closed: Option<NaiveDate>) -> Status {
    match (first_contact, closed) {
        (_, Some(_)) => Status::Closed,
        (Some(_), None) => Status::Active,
        (None, None) => Status::Waiting,
    }
}

/// The overview's own order: waiting (oldest referral first), active (longest
/// without contact first), then closed (newest first).
fn overview_order(a: &CaseloadRow, b: &CaseloadRow) -> Ordering {
    let rank = |r: &CaseloadRow| match r.status {
        Status::Waiting => 0,
        Status::Active => 1,
        Status::Closed => 2,
    };
    rank(a).cmp(&rank(b)).then_with(|| match a.status {
        Status::Waiting => a.referral_date.cmp(&b.referral_date),
        Status::Active => a.last_contact.cmp(&b.last_contact),
        Status::Closed => b.closed_date.cmp(&a.closed_date),
    })
}

/// Two rows by one column; an empty value comes last in either direction.
fn by_column(key: SortKey, direction: SortDirection, a: &CaseloadRow, b: &CaseloadRow) -> Ordering {
    fn last_if_empty<T: Ord>(a: Option<T>, b: Option<T>, dir: SortDirection) -> Ordering {
        match (a, b) {
            (Some(a), Some(b)) => directed(a.cmp(&b), dir),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    fn directed(o: Ordering, dir: SortDirection) -> Ordering {
        match dir {
            SortDirection::Ascending => o,
            SortDirection::Descending => o.reverse(),
        }
    }
    let name = |r: &CaseloadRow| {
        (
            r.family_name.as_deref().map(fold).unwrap_or_default(),
            r.given_name.as_deref().map(fold).unwrap_or_default(),
            r.youth_ref.clone().unwrap_or_default(),
        )
    };
    match key {
        SortKey::Name => directed(name(a).cmp(&name(b)), direction),
        SortKey::Practice => directed(
            fold(&a.practice_name).cmp(&fold(&b.practice_name)),
            direction,
        ),
        SortKey::ReferralDate => directed(a.referral_date.cmp(&b.referral_date), direction),
        SortKey::DaysWaiting => directed(a.days_waiting.cmp(&b.days_waiting), direction),
        SortKey::Urgency => directed(a.urgency.cmp(&b.urgency), direction),
        SortKey::LastContact => last_if_empty(a.last_contact, b.last_contact, direction),
        SortKey::Conversations => directed(a.conversations.cmp(&b.conversations), direction),
        SortKey::ClosedDate => last_if_empty(a.closed_date, b.closed_date, direction),
    }
}

impl Vault {
    /// The overview: waiting (oldest first), active (longest without contact first),
    /// then recently closed (newest first). One query, no per-row lookups.
    pub fn caseload(&mut self, filter: &CaseloadFilter) -> Result<Vec<CaseloadRow>> {
        let today = crate::today();
        // Any number may arrive from the app; one beyond the calendar is refused, not
        // a panic.
        let closed_since = today
            .checked_sub_days(chrono::Days::new(u64::from(
                filter.closed_within_days.unwrap_or(90),
            )))
            .ok_or_else(|| {
                crate::Error::invalid(
                    "closed_within_days",
                    crate::Rule::OutOfRange,
                    "the period reaches before the calendar's first day",
                )
            })?;
        let search = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("%{}%", s.replace(['%', '_'], "")));
        let mut rows = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT t.id, y.id, y.youth_ref, y.given_name, y.family_name, p.id, p.name,
                        t.referral_date, t.urgency, t.first_contact_date, t.closed_date, t.outcome,
                        coalesce(c.n, 0), max(coalesce(c.last, t.first_contact_date), t.first_contact_date),
                        t.gp_feedback_date IS NULL
                 FROM trajectories t
                 JOIN youths y ON y.id = t.youth_id
                 JOIN practices p ON p.id = t.practice_id
                 LEFT JOIN (SELECT trajectory_id, count(*) AS n, max(date) AS last
                            FROM conversations GROUP BY trajectory_id) c ON c.trajectory_id = t.id
                 WHERE (?1 IS NULL OR t.practice_id = ?1)
                   AND (?2 IS NULL OR t.closed_date IS NULL OR t.closed_date >= ?2)
                   AND (?3 IS NULL OR y.youth_ref LIKE ?3 OR y.given_name LIKE ?3 OR y.family_name LIKE ?3
                        OR (y.given_name || ' ' || y.family_name) LIKE ?3)
                   AND (?4 IS NULL OR substr(t.referral_date, 1, 4) = ?4)",
            )?;
            let past_retention = filter.status == Some(StatusFilter::PastRetention);
            let closed_since = (!filter.all && !past_retention).then_some(closed_since);
            let year = filter.year.map(|y| format!("{y:04}"));
            let mapped = stmt.query_map(
                params![filter.practice_id, closed_since, search, year],
                |r| {
                    let referral: NaiveDate = r.get(7)?;
                    let first_contact: Option<NaiveDate> = r.get(9)?;
                    let closed: Option<NaiveDate> = r.get(10)?;
                    let conversations: i64 = r.get(12)?;
                    let last_contact: Option<NaiveDate> = r.get(13)?;
                    let no_letter: bool = r.get(14)?;
                    let st = status(first_contact, closed);
                    let days_waiting = (first_contact.unwrap_or(today) - referral).num_days();
                    Ok(CaseloadRow {
                        trajectory_id: r.get(0)?,
                        youth_id: r.get(1)?,
                        youth_ref: r.get(2)?,
                        given_name: r.get(3)?,
                        family_name: r.get(4)?,
                        practice_id: r.get(5)?,
                        practice_name: r.get(6)?,
                        referral_date: referral,
                        urgency: r.get(8)?,
                        status: st,
                        days_waiting,
                        last_contact,
                        conversations,
                        closed_date: closed,
                        outcome: r.get(11)?,
                        flag_many_conversations: conversations > MANY_CONVERSATIONS,
                        flag_no_recent_contact: st == Status::Active
                            && last_contact.is_some_and(|d| (today - d).num_days() > QUIET_DAYS),
                        flag_letter_not_sent: st == Status::Closed && no_letter,
                    })
                },
            )?;
            mapped.collect::<rusqlite::Result<Vec<_>>>()?
        };
        match filter.status {
            None => {}
            Some(StatusFilter::Waiting) => rows.retain(|r| r.status == Status::Waiting),
            Some(StatusFilter::Active) => rows.retain(|r| r.status == Status::Active),
            Some(StatusFilter::Closed) => rows.retain(|r| r.status == Status::Closed),
            Some(StatusFilter::PastRetention) => {
                let due = crate::rights::files_past_retention(self)?;
                rows.retain(|r| r.status == Status::Closed && due.contains(&r.youth_id));
            }
        }
        rows.sort_by(overview_order);
        if let Some(key) = filter.sort {
            // A stable sort: ties keep the overview's own order.
            rows.sort_by(|a, b| by_column(key, filter.direction, a, b));
        }
        let what = if search.is_some() {
            Action::Search
        } else {
            Action::Read
        };
        self.audited(Event::new(what, "caseload"))?;
        Ok(rows)
    }

    /// Everything on one trajectory's page.
    pub fn trajectory(&mut self, id: &str) -> Result<TrajectoryDetail> {
        let detail = self.load_trajectory(id)?;
        self.audited(
            Event::new(Action::Read, "trajectory")
                .youth(&detail.youth.id)
                .trajectory(id),
        )?;
        Ok(detail)
    }

    pub(crate) fn load_trajectory(&self, id: &str) -> Result<TrajectoryDetail> {
        let conn = &self.conn;
        type Head = (
            String,
            String,
            NaiveDate,
            Option<Referrer>,
            Option<String>,
            Urgency,
            Option<NaiveDate>,
            Option<NaiveDate>,
            Option<Outcome>,
            Option<ClosureReason>,
            Option<u8>,
            Option<NaiveDate>,
            Option<String>,
        );
        let head: Head = conn
            .query_row(
                "SELECT youth_id, practice_id, referral_date, referrer, request_for_help, urgency,
                        first_contact_date, closed_date, outcome, closure_reason, satisfaction, gp_feedback_date, notes
                 FROM trajectories WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?,
                        r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?)),
            )
            .optional()?
            .ok_or(Error::NotFound("trajectory"))?;
        let problem_areas = {
            let mut stmt = conn.prepare_cached(
                "SELECT code FROM trajectory_problem_areas WHERE trajectory_id = ?1 ORDER BY code",
            )?;
            let rows = stmt.query_map([id], |r| r.get::<_, ProblemArea>(0))?;
            crate::model::unique(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        };
        let intake = conn
            .query_row(
                "SELECT date, present, summary, screening_instrument, screening_score FROM intakes WHERE trajectory_id = ?1",
                [id],
                |r| Ok(Intake {
                    date: r.get(0)?,
                    present: split_codes(&r.get::<_, String>(1)?),
                    summary: r.get(2)?,
                    screening_instrument: r.get(3)?,
                    screening_score: r.get(4)?,
                }),
            )
            .optional()?;
        let triage_history = {
            let mut stmt = conn.prepare_cached(
                "SELECT id, decided_on, decision, rationale, created_at FROM triage_decisions
                 WHERE trajectory_id = ?1 ORDER BY created_at, id",
            )?;
            let rows = stmt.query_map([id], |r| {
                Ok(TriageDecision {
                    id: r.get(0)?,
                    decided_on: r.get(1)?,
                    decision: r.get(2)?,
                    rationale: r.get(3)?,
                    recorded_at: r.get(4)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let reopenings = {
            let mut stmt = conn.prepare_cached(
                "SELECT reopened_on, reason, prev_closed_date, prev_outcome FROM reopenings
                 WHERE trajectory_id = ?1 ORDER BY created_at",
            )?;
            let rows = stmt.query_map([id], |r| {
                Ok(Reopening {
                    reopened_on: r.get(0)?,
                    reason: r.get(1)?,
                    prev_closed_date: r.get(2)?,
                    prev_outcome: r.get(3)?,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(TrajectoryDetail {
            id: id.to_owned(),
            youth: youth::get(conn, &head.0)?,
            practice: self.practice(&head.1)?,
            status: status(head.6, head.7),
            referral_date: head.2,
            referrer: head.3,
            request_for_help: head.4,
            urgency: head.5,
            problem_areas,
            first_contact_date: head.6,
            intake,
            triage_history,
            conversations: conversation::for_trajectory(conn, id)?,
            closed_date: head.7,
            outcome: head.8,
            closure_reason: head.9,
            satisfaction: head.10,
            gp_feedback_date: head.11,
            notes: head.12,
            reopenings,
            deleted_conversations: deletion::for_trajectory(conn, id)?,
            has_letter_draft: letter_draft::exists(conn, id)?,
        })
    }
}
