//! Loading the report's rows from the vault: a handful of whole-table scans joined in
//! memory by trajectory id, never a query per trajectory (a region-year is 100k
//! trajectories and 500k conversations; per-row lookups would be seconds).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::facts::{
    derive, ConsultationCount, Facts, Period, PracticeInfo, RawTrajectory, YearMonth,
};
use crate::codes::{ProblemArea, Triage};
use crate::Result;

pub(crate) fn practices(conn: &Connection) -> Result<HashMap<String, PracticeInfo>> {
    let mut stmt = conn.prepare("SELECT id, name, kern, municipality_code FROM practices")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            PracticeInfo {
                name: r.get(1)?,
                kern: r.get(2)?,
                municipality: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every trajectory with its conversation count, current triage decision and problem
/// areas: one scan of each table.
/// A trajectory's own columns, read from the first twelve columns of a query that
/// selects them in this order: t.id, t.youth_id, y.family_id, y.birth_date, y.gender,
/// t.practice_id, t.referral_date, t.referrer, t.first_contact_date, t.closed_date,
/// t.outcome, t.satisfaction. Counts, triage and problem areas are filled in later.
pub(crate) fn raw_head(r: &rusqlite::Row) -> rusqlite::Result<RawTrajectory> {
    Ok(RawTrajectory {
        id: r.get(0)?,
        youth_id: r.get(1)?,
        family_id: r.get(2)?,
        birth_date: r.get(3)?,
        gender: r.get(4)?,
        practice_id: r.get(5)?,
        referral_date: r.get(6)?,
        referrer: r.get(7)?,
        first_contact: r.get(8)?,
        closed: r.get(9)?,
        outcome: r.get(10)?,
        satisfaction: r.get(11)?,
        conversations: 0,
        triage: None,
        problem_areas: Vec::new(),
    })
}

pub(crate) fn trajectories(conn: &Connection) -> Result<Vec<RawTrajectory>> {
    let mut out = {
        let mut stmt = conn.prepare(
            "SELECT t.id, t.youth_id, y.family_id, y.birth_date, y.gender, t.practice_id,
                    t.referral_date, t.referrer, t.first_contact_date, t.closed_date, t.outcome,
                    t.satisfaction
             FROM trajectories t JOIN youths y ON y.id = t.youth_id",
        )?;
        let rows = stmt.query_map([], raw_head)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let index: HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.clone(), i))
        .collect();

    let mut stmt = conn.prepare_cached(
        "SELECT trajectory_id, count(*) FROM conversations GROUP BY trajectory_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(text(r, 0)?) {
            out[i].conversations = r.get(1)?;
        }
    }
    // The current decision is the latest (created_at, id); keeping the maximum while
    // scanning spares SQLite a sort of the whole table.
    let mut latest: Vec<Option<(String, String)>> = vec![None; out.len()];
    let mut stmt = conn
        .prepare_cached("SELECT trajectory_id, decision, created_at, id FROM triage_decisions")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(text(r, 0)?) {
            let key = (text(r, 2)?, text(r, 3)?);
            if latest[i]
                .as_ref()
                .is_none_or(|(a, b)| (a.as_str(), b.as_str()) < key)
            {
                latest[i] = Some((key.0.to_owned(), key.1.to_owned()));
                out[i].triage = r.get::<_, Option<Triage>>(1)?;
            }
        }
    }
    let mut stmt =
        conn.prepare_cached("SELECT trajectory_id, code FROM trajectory_problem_areas")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index.get(text(r, 0)?) {
            out[i].problem_areas.push(r.get::<_, ProblemArea>(1)?);
        }
    }
    for t in &mut out {
        t.problem_areas.sort();
    }
    Ok(out)
}

/// The referral dates of every youth, sorted: what recurrence looks up.
pub(crate) fn referrals_by_youth(raw: &[RawTrajectory]) -> HashMap<&str, Vec<NaiveDate>> {
    let mut by_youth: HashMap<&str, Vec<NaiveDate>> = HashMap::new();
    for t in raw {
        by_youth
            .entry(&t.youth_id)
            .or_default()
            .push(t.referral_date);
    }
    for dates in by_youth.values_mut() {
        dates.sort_unstable();
    }
    by_youth
}

/// The facts of every trajectory referred on or before the period's end.
pub(crate) fn facts(conn: &Connection, period: &Period, as_of: NaiveDate) -> Result<Vec<Facts>> {
    let practices = practices(conn)?;
    let raw = trajectories(conn)?;
    let by_youth = referrals_by_youth(&raw);
    let none = PracticeInfo::default();
    Ok(raw
        .iter()
        .filter(|t| t.referral_date <= period.to)
        .map(|t| {
            let practice = practices.get(&t.practice_id).unwrap_or(&none);
            let dates = by_youth.get(t.youth_id.as_str()).map_or(&[][..], |v| v);
            derive(t, practice, period, as_of, dates)
        })
        .collect())
}

/// GP consultations in the period, counted per practice and month.
pub(crate) fn consultations(conn: &Connection, period: &Period) -> Result<Vec<ConsultationCount>> {
    let practices = practices(conn)?;
    let mut stmt = conn.prepare(
        "SELECT practice_id, substr(date, 1, 7), count(*) FROM gp_consultations
         WHERE (?1 IS NULL OR date >= ?1) AND date <= ?2 GROUP BY practice_id, substr(date, 1, 7)",
    )?;
    let rows = stmt.query_map(rusqlite::params![period.from, period.to], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)? as u64,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (practice_id, month, count) = row?;
        let p = practices.get(&practice_id).cloned().unwrap_or_default();
        out.push(ConsultationCount {
            month: month
                .parse::<YearMonth>()
                .map_err(|e| crate::Error::invalid("gp_consultations.date", "invalid_date", e))?,
            practice: Some(p.name),
            kern: p.kern,
            municipality: p.municipality,
            count,
        });
    }
    Ok(out)
}

/// A text column without copying it (the join key of the scans above).
fn text<'r>(r: &'r rusqlite::Row, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}
