//! The facts of every trajectory, one youth at a time, for exports that must not hold
//! the whole caseload in memory: the report's own scan ([`TRAJECTORIES`], in youth
//! order), with each youth's facts derived as soon as their last trajectory is read.
//! Memory stays flat as N grows.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::facts::{derive, Facts, Period, PracticeInfo, RawTrajectory};
use super::load::{practices, raw, TRAJECTORIES};
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
    let mut stmt = conn.prepare(TRAJECTORIES)?;
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
        let t = raw(r)?;
        if youth.first().is_some_and(|y| y.youth_id != t.youth_id) {
            flush(&mut youth)?;
        }
        youth.push(t);
    }
    flush(&mut youth)
}
