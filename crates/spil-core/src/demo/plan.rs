//! Planning one synthetic trajectory at a time, in referral-date order, without SQL.
//!
//! Dates follow the model's order by construction: birth ≤ referral ≤ first contact
//! = first conversation = intake ≤ triage ≤ later conversations ≤ closure ≤ GP
//! feedback ≤ `until`. A trajectory whose planned closure lies after `until` is still
//! active (its later conversations have not happened yet); one whose first contact
//! lies after `until` is still waiting.

use std::collections::VecDeque;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::data::{self, PracticeSpec, Region};
use super::rng::Rng;
pub(crate) use youth::NewYouth;
use youth::Recent;

mod youth;
use crate::codes::{
    ClosureReason, Intervention, Mode, Outcome, Participant, ProblemArea, Referrer, Triage, Urgency,
};

pub(crate) struct TriagePlan {
    pub id: String,
    pub decided_on: NaiveDate,
    pub decision: Triage,
    pub created_at: String,
}

pub(crate) struct ConversationPlan {
    pub id: String,
    pub date: NaiveDate,
    pub minutes: u32,
    pub participants: Vec<Participant>,
    pub mode: Mode,
    pub interventions: Vec<Intervention>,
    pub notes: String,
    pub created_at: String,
}

pub(crate) struct ClosurePlan {
    pub date: NaiveDate,
    pub outcome: Outcome,
    pub reason: ClosureReason,
    pub satisfaction: Option<u8>,
    pub gp_feedback: Option<NaiveDate>,
}

pub(crate) struct IntakePlan {
    pub date: NaiveDate,
    pub present: Vec<Participant>,
    pub summary: &'static str,
    pub screening_score: Option<i64>,
}

pub(crate) struct Plan {
    pub id: String,
    pub youth_id: String,
    pub new_youth: Option<NewYouth>,
    pub practice: usize,
    pub referral_date: NaiveDate,
    pub referrer: Referrer,
    pub request: &'static str,
    pub urgency: Urgency,
    pub problem_areas: Vec<ProblemArea>,
    pub first_contact: Option<NaiveDate>,
    pub intake: Option<IntakePlan>,
    pub triage: Vec<TriagePlan>,
    pub conversations: Vec<ConversationPlan>,
    pub closure: Option<ClosurePlan>,
    pub notes: Option<&'static str>,
    /// A GP consultation without a client, held on the referral date.
    pub consultation: Option<(String, usize, &'static str)>,
    pub created_at: String,
    pub updated_at: String,
}

pub(crate) struct Planner {
    rng: Rng,
    until: NaiveDate,
    start: NaiveDate,
    total: usize,
    next: usize,
    youths: usize,
    recent: VecDeque<Recent>,
}

const SPAN_DAYS: u64 = 730;
const RECENT: usize = 256;

pub(crate) fn timestamp(d: NaiveDate, minute: u32) -> String {
    format!("{d}T{:02}:{:02}:00.000Z", 8 + minute / 60 % 10, minute % 60)
}

fn days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d + Days::new(n as u64)
    } else {
        d - Days::new(n.unsigned_abs())
    }
}

impl Planner {
    pub(crate) fn new(seed: u64, total: usize, until: NaiveDate) -> Planner {
        Planner {
            rng: Rng::new(seed),
            until,
            start: until - Days::new(SPAN_DAYS),
            total,
            next: 0,
            youths: 0,
            recent: VecDeque::with_capacity(RECENT),
        }
    }

    pub(crate) fn youths(&self) -> usize {
        self.youths
    }

    /// A UUID v7 whose time part is the simulated day, so ids sort like real ones.
    fn id(&mut self, d: NaiveDate) -> String {
        let ms = d
            .and_hms_opt(9, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp_millis().max(0) as u64);
        uuid::Builder::from_unix_timestamp_millis(ms, &self.rng.bytes10())
            .into_uuid()
            .to_string()
    }

    /// Referral dates spread evenly over the span, on working days, never after `until`.
    fn referral_date(&self) -> NaiveDate {
        let offset = (self.next as u64 * SPAN_DAYS) / self.total.max(1) as u64;
        let d = self.start + Days::new(offset);
        match d.weekday() {
            Weekday::Sat => days(d, -1),
            Weekday::Sun if days(d, 1) <= self.until => days(d, 1),
            Weekday::Sun => days(d, -2),
            _ => d,
        }
    }

    /// The next trajectory, or `None` when all are planned.
    pub(crate) fn next_plan(&mut self) -> Option<Plan> {
        if self.next >= self.total {
            return None;
        }
        let referral = self.referral_date();
        self.next += 1;
        let weights: Vec<(usize, u32)> = data::PRACTICES
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.weight))
            .collect();
        let mut practice = self.rng.weighted(&weights);

        // Who: mostly a new youth; sometimes a sibling, sometimes a youth referred again.
        let roll = self.rng.below(100);
        let again = (roll < 5)
            .then(|| {
                self.recent.iter().position(|r| {
                    r.closed.is_some_and(|c| c < referral) && r.last_referral < referral
                })
            })
            .flatten();
        let sibling = (!self.recent.is_empty() && (5..17).contains(&roll))
            .then(|| self.rng.below(self.recent.len() as u64) as usize);
        let (youth_id, new_youth, recent_ix) = if let Some(i) = again {
            practice = self.recent[i].practice;
            (self.recent[i].id.clone(), None, i)
        } else {
            if let Some(i) = sibling {
                practice = self.recent[i].practice;
            }
            let y = self.new_youth(referral, practice, sibling);
            self.remember(&y, practice, referral);
            (y.id.clone(), Some(y), self.recent.len() - 1)
        };
        let r = &self.recent[recent_ix];
        let (given, age) = (r.given_name, (referral - r.birth_date).num_days() / 365);
        let mut plan = self.trajectory(referral, practice, youth_id, age, given);
        plan.new_youth = new_youth;
        let r = &mut self.recent[recent_ix];
        r.last_referral = referral;
        r.closed = plan.closure.as_ref().map(|c| c.date);
        Some(plan)
    }

    fn trajectory(
        &mut self,
        referral: NaiveDate,
        practice: usize,
        youth_id: String,
        age: i64,
        given: &'static str,
    ) -> Plan {
        let rng = &mut self.rng;
        let spec = &data::PRACTICES[practice];
        let outcome = rng.weighted(match spec.region {
            Region::Groningen => data::OUTCOMES_GRONINGEN,
            Region::Rheden => data::OUTCOMES_RHEDEN,
        });
        let urgency = rng.weighted(data::URGENCY);
        let mut problem_areas: Vec<ProblemArea> = (0..rng.range(1, 3))
            .map(|_| rng.weighted(data::PROBLEM_AREAS))
            .collect();
        problem_areas = crate::model::unique(problem_areas);
        let wait = match urgency {
            Urgency::Urgent => rng.range(0, 3),
            Urgency::Soon => rng.range(2, 10),
            Urgency::Normal => 4 + (rng.unit() * rng.unit() * 50.0) as i64,
        };
        let first_contact = Some(days(referral, wait)).filter(|d| *d <= self.until);
        let n = rng.weighted(data::CONVERSATIONS);
        let mut dates = Vec::with_capacity(n);
        if let Some(fc) = first_contact {
            let mut d = fc;
            for k in 0..n {
                if k > 0 {
                    d = days(d, rng.range(7, 24));
                }
                dates.push(d);
            }
        }
        let closing = first_contact.map(|fc| days(*dates.last().unwrap_or(&fc), rng.range(0, 14)));
        let closed = closing.filter(|c| *c <= self.until);
        dates.retain(|d| *d <= self.until);

        let young = age < 12;
        let summary = *rng.pick(data::SUMMARIES);
        let intake = dates.first().map(|&d| IntakePlan {
            date: d,
            present: if young || rng.chance(60) {
                vec![Participant::Youth, Participant::Parents]
            } else {
                vec![Participant::Youth]
            },
            summary,
            screening_score: rng.chance(35).then(|| rng.range(3, 32)),
        });
        let mut triage = Vec::new();
        if let Some(&d0) = dates.first() {
            let final_decision = rng.weighted(data::triage_for(outcome));
            if dates.len() >= 3 && final_decision != Triage::OjgSupport && rng.chance(10) {
                triage.push((d0, Triage::OjgSupport));
                triage.push((dates[2], final_decision));
            } else {
                triage.push((*dates.get(1).unwrap_or(&d0), final_decision));
            }
        }
        let triage = triage
            .into_iter()
            .enumerate()
            .map(|(k, (d, decision))| TriagePlan {
                id: self.id(d),
                decided_on: d,
                decision,
                created_at: timestamp(d, 30 + k as u32),
            })
            .collect();

        let mut conversations = Vec::with_capacity(dates.len());
        for (k, &d) in dates.iter().enumerate() {
            let rng = &mut self.rng;
            let mode = rng.weighted(data::MODES);
            let minutes = match mode {
                Mode::Phone => rng.range(10, 30) as u32,
                _ => *rng.pick(&[30u32, 45, 45, 60]),
            };
            let participants = match (k, &intake) {
                (0, Some(i)) => i.present.clone(),
                _ if young => rng
                    .weighted(&[
                        (&[Participant::Parents][..], 50),
                        (&[Participant::Youth, Participant::Parents], 40),
                        (&[Participant::Family], 10),
                    ])
                    .to_vec(),
                _ => rng
                    .weighted(&[
                        (&[Participant::Youth][..], 50),
                        (&[Participant::Youth, Participant::Parents], 35),
                        (&[Participant::Parents], 10),
                        (&[Participant::Youth, Participant::School], 5),
                    ])
                    .to_vec(),
            };
            let mut interventions = if k == 0 {
                vec![Intervention::TriageScreening]
            } else {
                vec![rng.weighted(data::INTERVENTIONS)]
            };
            if rng.chance(40) {
                interventions.push(rng.weighted(data::INTERVENTIONS));
            }
            // Free text names the youth now and then, as real notes do: the exports
            // must leave it out all the same.
            let notes = if rng.chance(25) {
                format!(
                    "{given}: {} {}",
                    rng.pick(data::NOTES),
                    rng.pick(data::NOTES)
                )
            } else {
                format!("{} {}", rng.pick(data::NOTES), rng.pick(data::NOTES))
            };
            conversations.push(ConversationPlan {
                id: String::new(),
                date: d,
                minutes,
                participants,
                mode,
                interventions: crate::model::unique(interventions),
                notes,
                created_at: timestamp(d, 60 + k as u32),
            });
        }
        for c in &mut conversations {
            c.id = self.id(c.date);
        }
        let rng = &mut self.rng;
        let closure = closed.map(|date| ClosurePlan {
            date,
            outcome,
            reason: if outcome == Outcome::DroppedOut {
                ClosureReason::EarlyClient
            } else {
                rng.weighted(data::CLOSURE_REASONS)
            },
            satisfaction: rng
                .chance(55)
                .then(|| rng.weighted(&[(5u8, 3), (6, 7), (7, 20), (8, 35), (9, 23), (10, 12)])),
            gp_feedback: rng
                .chance(85)
                .then(|| days(date, rng.range(0, 10)).min(self.until)),
        });
        let request = *rng.pick(data::REQUESTS);
        let referrer = rng.weighted(data::REFERRERS);
        let notes = rng
            .chance(8)
            .then_some("Overgenomen uit de eerdere registratie.");
        let consultation = rng.chance(12).then(|| {
            (
                rng.below(data::PRACTICES.len() as u64) as usize,
                *rng.pick(data::CONSULTATION_TOPICS),
            )
        });
        let last = closure
            .as_ref()
            .map(|c| c.gp_feedback.unwrap_or(c.date).max(c.date))
            .or(dates.last().copied())
            .or(first_contact)
            .unwrap_or(referral);
        Plan {
            id: self.id(referral),
            youth_id,
            new_youth: None,
            practice,
            referral_date: referral,
            referrer,
            request,
            urgency,
            problem_areas,
            first_contact,
            intake,
            triage,
            conversations,
            closure,
            notes,
            consultation: consultation.map(|(p, t)| (self.id(referral), p, t)),
            created_at: timestamp(referral, 1),
            updated_at: timestamp(last, 120),
        }
    }
}
