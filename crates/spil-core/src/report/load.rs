//! Loading the report's rows from the vault: a handful of whole-table scans joined in
//! memory by trajectory id, never a query per trajectory (a region-year is 100k
//! trajectories and 500k conversations; per-row lookups would be seconds).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;

use super::facts::{
    derive, ConsultationCount, Facts, Period, PracticeInfo, RawTrajectory, YearMonth,
};
use crate::codes::{Intervention, ProblemArea};
use crate::Result;
use crate::Rule;

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

/// Every trajectory the report counts, with its youth, in (youth, referral date)
/// order: one scan of the `trajectories_report` covering index, each row joined to
/// its youth through `youths_report`. Conversation counts, the current triage decision,
/// the problem areas (migration 0002) and the interventions (0003) are columns kept by
/// triggers. `INDEXED BY`
/// makes a missing index an error instead of a silent scan of the wide rows, and a
/// test checks the plan stays covering.
pub(crate) const TRAJECTORIES: &str = "
    SELECT t.id, t.youth_id, y.family_id, y.birth_date, y.gender, t.practice_id,
           t.referral_date, t.referrer, t.first_contact_date, t.closed_date, t.outcome,
           t.satisfaction, t.conversation_count, t.current_triage, t.problem_area_codes,
           t.intervention_codes
    FROM trajectories t INDEXED BY trajectories_report
    JOIN youths y INDEXED BY youths_report ON y.id = t.youth_id
    ORDER BY t.youth_id, t.referral_date";

/// One row of [`TRAJECTORIES`].
pub(crate) fn raw(r: &rusqlite::Row) -> rusqlite::Result<RawTrajectory> {
    let mut problem_areas: Vec<ProblemArea> = crate::model::split_codes(text(r, 14)?);
    problem_areas.sort();
    let mut interventions: Vec<Intervention> = crate::model::split_codes(text(r, 15)?);
    interventions.sort();
    Ok(RawTrajectory {
        id: r.get(0)?,
        youth_id: r.get(1)?,
        family_id: r.get(2)?,
        birth_date: opt_date(r, 3)?,
        gender: r.get(4)?,
        practice_id: r.get(5)?,
        referral_date: date(r, 6)?,
        referrer: r.get(7)?,
        first_contact: opt_date(r, 8)?,
        closed: opt_date(r, 9)?,
        outcome: r.get(10)?,
        satisfaction: r.get(11)?,
        conversations: r.get(12)?,
        triage: r.get(13)?,
        problem_areas,
        interventions,
    })
}

pub(crate) fn trajectories(conn: &Connection) -> Result<Vec<RawTrajectory>> {
    let mut stmt = conn.prepare(TRAJECTORIES)?;
    let rows = stmt.query_map([], raw)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
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
            month: month.parse::<YearMonth>().map_err(|e| {
                crate::Error::invalid("gp_consultations.date", Rule::DateInvalid, e)
            })?,
            practice: Some(p.name),
            kern: p.kern,
            municipality: p.municipality,
            count,
        });
    }
    Ok(out)
}

/// An ISO date column. Parsed by hand: the report reads a few hundred thousand dates,
/// and chrono's format-driven parser was a tenth of the report's time.
fn date(r: &rusqlite::Row, i: usize) -> rusqlite::Result<NaiveDate> {
    let s = text(r, i)?;
    iso_date(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("not a date (YYYY-MM-DD) in column {i}").into(),
        )
    })
}

fn opt_date(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => date(r, i).map(Some),
    }
}

/// `YYYY-MM-DD` and nothing else; `None` for any other text or an impossible date.
pub(crate) fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

/// A text column without copying it (the join key of the scans above).
fn text<'r>(r: &'r rusqlite::Row, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report's scan (and the export's stream, which shares it) reads covering
    /// indexes only: never the wide rows with notes (the report at 100k depends on it).
    #[test]
    fn report_scans_read_covering_indexes_only() {
        let (_dir, v) = crate::testutil::vault();
        for sql in [TRAJECTORIES] {
            let mut stmt = v
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            let steps: Vec<String> = stmt
                .query_map([], |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let reads: Vec<&String> = steps
                .iter()
                .filter(|s| s.starts_with("SCAN") || s.starts_with("SEARCH"))
                .collect();
            assert!(!reads.is_empty(), "{sql}: {steps:?}");
            for step in reads {
                assert!(
                    step.contains("COVERING INDEX"),
                    "{sql}\nreads a table: {step}"
                );
            }
        }
    }

    #[test]
    fn iso_dates_parse_like_chrono_and_nothing_else_does() {
        for ok in ["2024-02-29", "0001-01-01", "9999-12-31", "2025-11-26"] {
            assert_eq!(
                iso_date(ok),
                NaiveDate::parse_from_str(ok, "%Y-%m-%d").ok(),
                "{ok}"
            );
            assert!(iso_date(ok).is_some(), "{ok}");
        }
        for bad in [
            "",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "2024/01/01",
            "24-01-2024",
            "2024-01-01T00",
            "+024-01-01",
            "2024-01-0a",
            "२०२४-01-01",
        ] {
            assert_eq!(iso_date(bad), None, "{bad}");
        }
    }
}
