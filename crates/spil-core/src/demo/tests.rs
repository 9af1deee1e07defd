use std::collections::HashMap;

use super::plan::Planner;
use super::*;
use crate::codes::Outcome;
use crate::model::CaseloadFilter;
use crate::testutil::{date, vault};

const UNTIL: &str = "2025-06-30";

/// Everything a caseload holds, as one text: equal texts mean equal caseloads.
fn content(v: &Vault) -> String {
    let q = "SELECT group_concat(x, '|') FROM (
               SELECT t.id || t.referral_date || coalesce(t.outcome, '-') || y.bsn || y.given_name
                      || coalesce(y.family_id, '-') || (SELECT count(*) FROM conversations c WHERE c.trajectory_id = t.id)
                      AS x
               FROM trajectories t JOIN youths y ON y.id = t.youth_id ORDER BY t.id)";
    v.conn.query_row(q, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_generated_vault_is_valid_and_every_trajectory_loads() {
    let (_dir, mut v) = vault();
    let mut batches = 0;
    let s = v
        .generate_demo_until(1_250, 42, date(UNTIL), |p| {
            batches += 1;
            assert!(p.done <= p.total);
        })
        .unwrap();
    assert_eq!((s.trajectories, s.batches, batches), (1_250, 2, 2));
    assert_eq!(s.waiting + s.active + s.closed, 1_250);
    assert!(s.waiting > 0 && s.active > 0 && s.closed > 1_000, "{s:?}");
    assert!(s.families > 0 && s.youths < s.trajectories && s.gp_consultations > 0);
    assert!(v.verify().unwrap().ok());

    let ids: Vec<String> = {
        let mut stmt = v.conn.prepare("SELECT id FROM trajectories").unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(ids.len(), 1_250);
    let mut conversations = 0;
    for id in &ids {
        crate::model::trajectory::check_dates(&v.conn, id).unwrap();
        let t = v.trajectory(id).unwrap();
        conversations += t.conversations.len();
        let y = &t.youth;
        crate::validate::bsn("bsn", y.bsn.as_deref().unwrap()).unwrap();
        crate::validate::postcode("postcode", y.postcode.as_deref().unwrap()).unwrap();
        assert!(y.birth_date.unwrap() <= t.referral_date);
        assert!(!t.problem_areas.is_empty());
        if let Some(c) = t.closed_date {
            assert!(t.outcome.is_some() && c <= date(UNTIL));
            assert!(t
                .gp_feedback_date
                .is_none_or(|f| f >= c && f <= date(UNTIL)));
        }
        if !t.conversations.is_empty() {
            assert_eq!(t.intake.as_ref().unwrap().date, t.conversations[0].date);
            assert!(!t.triage_history.is_empty());
        }
    }
    assert_eq!(conversations, s.conversations);
    let demo_events: i64 = v
        .conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE what = 'demo' AND action = 'create'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(demo_events, 3, "one for the practices, one per batch");
    assert!(!v.caseload(&CaseloadFilter::default()).unwrap().is_empty());
}

#[test]
fn the_same_seed_gives_the_same_caseload() {
    let gen = |seed| {
        let (dir, mut v) = vault();
        v.generate_demo_until(300, seed, date(UNTIL), |_| {})
            .unwrap();
        (dir, v)
    };
    let (a, b, c) = (gen(7), gen(7), gen(8));
    assert_eq!(content(&a.1), content(&b.1));
    assert_ne!(content(&a.1), content(&c.1));
}

#[test]
fn refuses_a_vault_that_holds_data() {
    let (_dir, mut v) = vault();
    v.add_practice(&crate::testutil::practice_input("Echt"))
        .unwrap();
    let err = v.generate_demo(10, 1, |_| {}).unwrap_err();
    assert!(
        matches!(err, Error::Invalid(ref i) if i.rule == "not_empty"),
        "{err}"
    );
}

#[test]
fn outcomes_and_conversations_follow_the_pilots() {
    let mut planner = Planner::new(3, 40_000, date(UNTIL));
    let mut outcomes: HashMap<(bool, Outcome), u32> = HashMap::new();
    let (mut closed, mut conversations, mut max) = (0, 0, 0);
    while let Some(p) = planner.next_plan() {
        if let Some(c) = &p.closure {
            let groningen = data::PRACTICES[p.practice].region == data::Region::Groningen;
            *outcomes.entry((groningen, c.outcome)).or_default() += 1;
            closed += 1;
            conversations += p.conversations.len();
            max = max.max(p.conversations.len());
        }
    }
    let share = |groningen: bool, o: Outcome| {
        let total: u32 = outcomes
            .iter()
            .filter(|((g, _), _)| *g == groningen)
            .map(|(_, n)| n)
            .sum();
        100.0 * outcomes.get(&(groningen, o)).copied().unwrap_or(0) as f64 / total as f64
    };
    let near = |x: f64, target: f64| (x - target).abs() < 2.0;
    assert!(near(share(true, Outcome::NoFurtherCare), 54.0));
    assert!(near(share(true, Outcome::SpecialistMentalHealth), 20.0));
    assert!(near(share(false, Outcome::NoFurtherCare), 37.0));
    assert!(near(share(false, Outcome::YouthCareLocal), 36.0));
    assert_eq!(share(false, Outcome::SpecialistMentalHealth), 0.0);
    let mean = conversations as f64 / closed as f64;
    assert!((4.5..5.5).contains(&mean), "{mean}");
    assert_eq!(max, 9);
}
