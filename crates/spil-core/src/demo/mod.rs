//! A synthetic caseload for demonstrations, training and benchmarks (`spil demo`).
//!
//! [`Vault::generate_demo`] fills an *empty* vault (it refuses one that holds any
//! practice, youth or trajectory, so made-up cases never mix with real ones) with
//! practices in the Groningen and Rheden pilot regions, youths with Dutch-looking
//! names, siblings in families, BSNs that pass the elfproef, postcodes near their
//! practice, and referrals spread over the two years up to today: most closed, with
//! the pilots' outcome proportions per region (Groningen and Rheden), some active, some waiting.
//! Each trajectory has 0–9 conversations (about 5 on average) with notes, an intake
//! and a triage decision once contact was made, and now and then a GP consultation.
//!
//! - Deterministic: the same seed, count and end date give the same caseload, ids
//!   included ([`rng`] is a self-written xoshiro256**, immune to dependency updates).
//! - Fast: rows are written with prepared statements straight into the tables,
//!   streaming in batches of [`BATCH`] trajectories, one transaction per batch, so
//!   memory stays flat and an interrupted run leaves whole batches.
//! - Valid: the planner ([`plan`]) produces data that obeys the model's rules (date
//!   order, codes, elfproef, postcodes); a test checks every trajectory with the
//!   model's own date rules and `verify()`.
//! - Audited economically: one audit event per batch (action `create`, what `demo`,
//!   no client ids) instead of one per record, because the records are fictitious
//!   and the batch as a whole is what happened. A youth's access history therefore
//!   starts at its first read, not at a per-record create event.

mod data;
mod plan;
mod rng;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Statement, Transaction};
use serde::Serialize;

use crate::audit::{self, Action, Event};
use crate::model::join_codes;
use crate::Rule;
use crate::{Error, Result, Vault};
use plan::{Plan, Planner};

/// Trajectories per transaction.
pub const BATCH: usize = 1000;
/// A sanity bound: a region-year is about 100k trajectories.
pub const MAX_TRAJECTORIES: usize = 2_000_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub practices: usize,
    pub youths: usize,
    pub families: usize,
    pub trajectories: usize,
    pub waiting: usize,
    pub active: usize,
    pub closed: usize,
    pub conversations: usize,
    pub gp_consultations: usize,
    pub batches: usize,
}

/// Reported after every committed batch.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DemoProgress {
    pub done: usize,
    pub total: usize,
}

impl Vault {
    /// Fill this empty vault with `trajectories` synthetic trajectories ending today.
    pub fn generate_demo(
        &mut self,
        trajectories: usize,
        seed: u64,
        progress: impl FnMut(DemoProgress),
    ) -> Result<DemoSummary> {
        self.generate_demo_until(trajectories, seed, crate::today(), progress)
    }

    /// As [`Vault::generate_demo`], with referrals in the two years up to `until`.
    pub fn generate_demo_until(
        &mut self,
        trajectories: usize,
        seed: u64,
        until: NaiveDate,
        mut progress: impl FnMut(DemoProgress),
    ) -> Result<DemoSummary> {
        if trajectories > MAX_TRAJECTORIES {
            return Err(Error::invalid(
                "trajectories",
                Rule::OutOfRange,
                format!("at most {MAX_TRAJECTORIES} demo trajectories"),
            ));
        }
        crate::validate::not_future("until", until)?;
        let occupied: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM practices) + (SELECT count(*) FROM youths)
                  + (SELECT count(*) FROM trajectories)",
            [],
            |r| r.get(0),
        )?;
        if occupied > 0 {
            return Err(Error::invalid(
                "vault",
                Rule::NotEmpty,
                "demo data only goes into an empty vault",
            ));
        }
        let mut summary = DemoSummary::default();
        let practice_ids = self.write(|tx, actor| {
            let ids = insert_practices(tx, until)?;
            audit::append(tx, actor, &Event::new(Action::Create, "demo"))?;
            Ok(ids)
        })?;
        summary.practices = practice_ids.len();
        let mut planner = Planner::new(seed, trajectories, until);
        let mut done = 0;
        while done < trajectories {
            let n = BATCH.min(trajectories - done);
            self.write(|tx, actor| {
                let mut w = Writer::new(tx)?;
                for _ in 0..n {
                    let Some(p) = planner.next_plan() else { break };
                    w.plan(&p, &practice_ids, &mut summary)?;
                }
                audit::append(tx, actor, &Event::new(Action::Create, "demo"))
            })?;
            done += n;
            summary.batches += 1;
            progress(DemoProgress {
                done,
                total: trajectories,
            });
        }
        summary.trajectories = done;
        summary.youths = planner.youths();
        Ok(summary)
    }
}

fn insert_practices(tx: &Transaction, until: NaiveDate) -> Result<Vec<String>> {
    let created = plan::timestamp(until - chrono::Days::new(800), 0);
    let mut ids = Vec::new();
    for (i, p) in data::PRACTICES.iter().enumerate() {
        let id = format!("00000000-0000-7000-8000-{:012}", i + 1);
        tx.execute(
            "INSERT INTO practices (id, name, kern, municipality_code, hours_per_week, in_practice, his, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?7)",
            params![id, p.name, p.kern, p.municipality_code, p.hours_per_week, p.his, created],
        )?;
        ids.push(id);
    }
    Ok(ids)
}

/// The batch's prepared statements, compiled once per transaction.
struct Writer<'t> {
    family: Statement<'t>,
    link: Statement<'t>,
    youth: Statement<'t>,
    trajectory: Statement<'t>,
    problem_area: Statement<'t>,
    intake: Statement<'t>,
    triage: Statement<'t>,
    conversation: Statement<'t>,
    intervention: Statement<'t>,
    consultation: Statement<'t>,
}

impl<'t> Writer<'t> {
    fn new(tx: &'t Transaction) -> Result<Self> {
        Ok(Writer {
            family: tx.prepare("INSERT INTO families (id, created_at) VALUES (?1, ?2)")?,
            link: tx.prepare("UPDATE youths SET family_id = ?1 WHERE id = ?2")?,
            youth: tx.prepare(
                "INSERT INTO youths (id, youth_ref, given_name, family_name, birth_date, gender, bsn, postcode, family_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            )?,
            trajectory: tx.prepare(
                "INSERT INTO trajectories (id, youth_id, practice_id, referral_date, referrer, request_for_help, urgency,
                    first_contact_date, closed_date, outcome, closure_reason, satisfaction, gp_feedback_date, notes,
                    created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?,
            problem_area: tx.prepare(
                "INSERT INTO trajectory_problem_areas (trajectory_id, code) VALUES (?1, ?2)",
            )?,
            intake: tx.prepare(
                "INSERT INTO intakes (trajectory_id, date, present, summary, screening_instrument, screening_score, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            triage: tx.prepare(
                "INSERT INTO triage_decisions (id, trajectory_id, decided_on, decision, rationale, created_at)
                 VALUES (?1, ?2, ?3, ?4, NULL, ?5)",
            )?,
            conversation: tx.prepare(
                "INSERT INTO conversations (id, trajectory_id, date, minutes, participants, mode, notes, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            intervention: tx.prepare(
                "INSERT INTO conversation_interventions (conversation_id, code) VALUES (?1, ?2)",
            )?,
            consultation: tx.prepare(
                "INSERT INTO gp_consultations (id, practice_id, date, minutes, topic, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
        })
    }

    fn plan(&mut self, p: &Plan, practices: &[String], s: &mut DemoSummary) -> Result<()> {
        if let Some(y) = &p.new_youth {
            if let (Some(f), Some(sibling)) = (&y.family_id, &y.new_family_with) {
                self.family.execute(params![f, y.created_at])?;
                self.link.execute(params![f, sibling])?;
                s.families += 1;
            }
            self.youth.execute(params![
                y.id,
                y.youth_ref,
                y.given_name,
                y.family_name,
                y.birth_date,
                y.gender,
                y.bsn,
                y.postcode,
                y.family_id,
                y.created_at
            ])?;
        }
        let c = p.closure.as_ref();
        self.trajectory.execute(params![
            p.id,
            p.youth_id,
            practices[p.practice],
            p.referral_date,
            p.referrer,
            p.request,
            p.urgency,
            p.first_contact,
            c.map(|c| c.date),
            c.map(|c| c.outcome),
            c.map(|c| c.reason),
            c.and_then(|c| c.satisfaction),
            c.and_then(|c| c.gp_feedback),
            p.notes,
            p.created_at,
            p.updated_at
        ])?;
        for a in &p.problem_areas {
            self.problem_area.execute(params![p.id, a])?;
        }
        if let Some(i) = &p.intake {
            let instrument = i.screening_score.map(|_| "SDQ");
            self.intake.execute(params![
                p.id,
                i.date,
                join_codes(&i.present),
                i.summary,
                instrument,
                i.screening_score,
                plan::timestamp(i.date, 90)
            ])?;
        }
        for t in &p.triage {
            self.triage
                .execute(params![t.id, p.id, t.decided_on, t.decision, t.created_at])?;
        }
        for conv in &p.conversations {
            self.conversation.execute(params![
                conv.id,
                p.id,
                conv.date,
                conv.minutes,
                join_codes(&conv.participants),
                conv.mode,
                conv.notes,
                conv.created_at
            ])?;
            for code in &conv.interventions {
                self.intervention.execute(params![conv.id, code])?;
            }
        }
        if let Some((id, practice, topic)) = &p.consultation {
            let minutes = 10 + (p.referral_date.ordinal() % 3) * 5;
            self.consultation.execute(params![
                id,
                practices[*practice],
                p.referral_date,
                minutes,
                topic,
                p.created_at
            ])?;
            s.gp_consultations += 1;
        }
        s.conversations += p.conversations.len();
        match (p.first_contact, c) {
            (None, _) => s.waiting += 1,
            (Some(_), None) => s.active += 1,
            (Some(_), Some(_)) => s.closed += 1,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
