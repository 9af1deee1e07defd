//! The facts of every trajectory, one youth at a time, for exports that must not hold
//! the whole caseload in memory: one query ordered by youth (the UNIQUE (youth_id,
//! referral_date) index), counting each trajectory's children in correlated subqueries.
//! Slower per row than [`super::load`]'s scans, but memory stays flat as N grows.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::facts::{derive, Facts, Period, PracticeInfo, RawTrajectory};
use super::load::{practices, raw_head};
use crate::codes::ProblemArea;
use crate::Result;

/// Call `f(trajectory id, facts)` for every trajectory referred by the period's end.
pub(crate) fn stream(
    conn: &Connection,
    period: &Period,
    as_of: NaiveDate,
    mut f: impl FnMut(&str, Facts) -> Result<()>,
) -> Result<()> {
    let practices = practices(conn)?;
    let none = PracticeInfo::default();
    let mut stmt = conn.prepare(
        "SELECT t.id, t.youth_id, y.family_id, y.birth_date, y.gender, t.practice_id,
                t.referral_date, t.referrer, t.first_contact_date, t.closed_date, t.outcome,
                t.satisfaction,
                (SELECT count(*) FROM conversations c WHERE c.trajectory_id = t.id),
                (SELECT decision FROM triage_decisions d WHERE d.trajectory_id = t.id
                 ORDER BY d.created_at DESC, d.id DESC LIMIT 1),
                (SELECT group_concat(code, ';') FROM trajectory_problem_areas p
                 WHERE p.trajectory_id = t.id)
         FROM trajectories t JOIN youths y ON y.id = t.youth_id
         ORDER BY t.youth_id, t.referral_date",
    )?;
    let mut rows = stmt.query([])?;
    let mut youth: Vec<RawTrajectory> = Vec::new();
    let mut flush = |youth: &mut Vec<RawTrajectory>| -> Result<()> {
        let dates: Vec<NaiveDate> = youth.iter().map(|t| t.referral_date).collect();
        for t in youth.drain(..).filter(|t| t.referral_date <= period.to) {
            let p = practices.get(&t.practice_id).unwrap_or(&none);
            f(&t.id, derive(&t, p, period, as_of, &dates))?;
        }
        Ok(())
    };
    while let Some(r) = rows.next()? {
        let mut areas: Vec<ProblemArea> =
            crate::model::split_codes(&r.get::<_, Option<String>>(14)?.unwrap_or_default());
        areas.sort();
        let t = RawTrajectory {
            conversations: r.get(12)?,
            triage: r.get(13)?,
            problem_areas: areas,
            ..raw_head(r)?
        };
        if youth.first().is_some_and(|y| y.youth_id != t.youth_id) {
            flush(&mut youth)?;
        }
        youth.push(t);
    }
    flush(&mut youth)
}
