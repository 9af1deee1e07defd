use super::*;
use crate::codes::{Intervention, Mode};
use crate::model::{CaseloadFilter, ConversationInput, Status};
use crate::testutil::{date, with_referral};
use crate::{Error, Vault};

fn conv(d: &str) -> ConversationInput {
    ConversationInput {
        date: Some(date(d)),
        minutes: Some(45),
        participants: vec![Participant::Youth, Participant::Parents],
        mode: Some(Mode::InPractice),
        interventions: vec![Intervention::Psychoeducation],
        notes: Some("gesprek over slaapritme".into()),
    }
}

fn closure(d: &str) -> ClosureInput {
    ClosureInput {
        closed_date: date(d),
        outcome: Outcome::NoFurtherCare,
        closure_reason: Some(ClosureReason::Planned),
        satisfaction: Some(8),
        gp_feedback_date: None,
    }
}

fn rule(e: Error) -> (String, &'static str) {
    match e {
        Error::Invalid(i) => (i.field, i.rule.code()),
        other => panic!("expected a validation error, got {other}"),
    }
}

#[test]
fn the_whole_workflow_in_order() {
    let (_d, mut v, t) = with_referral();
    assert_eq!(v.trajectory(&t).unwrap().status, Status::Waiting);
    v.record_first_contact(&t, date("2024-03-08")).unwrap();
    v.record_intake(
        &t,
        &IntakeInput {
            date: date("2024-03-08"),
            present: vec![Participant::Youth, Participant::Parents],
            summary: Some("intake".into()),
            screening_instrument: Some("SDQ".into()),
            screening_score: Some(17),
        },
    )
    .unwrap();
    v.decide_triage(
        &t,
        &TriageInput {
            decided_on: date("2024-03-08"),
            decision: Triage::OwnNetwork,
            rationale: None,
        },
    )
    .unwrap();
    v.decide_triage(
        &t,
        &TriageInput {
            decided_on: date("2024-03-15"),
            decision: Triage::OjgSupport,
            rationale: Some("toch begeleiding".into()),
        },
    )
    .unwrap();
    for d in ["2024-03-15", "2024-03-29", "2024-04-12"] {
        v.add_conversation(&t, &conv(d)).unwrap();
    }
    v.close_trajectory(&t, &closure("2024-04-20")).unwrap();
    let detail = v.trajectory(&t).unwrap();
    assert_eq!(detail.status, Status::Closed);
    assert_eq!(detail.conversations.len(), 3);
    assert_eq!(
        detail.conversations[0].interventions,
        vec![Intervention::Psychoeducation]
    );
    assert_eq!(detail.triage_history.len(), 2);
    assert_eq!(
        detail.triage_history.last().unwrap().decision,
        Triage::OjgSupport
    );
    assert_eq!(detail.outcome, Some(Outcome::NoFurtherCare));
    assert_eq!(detail.satisfaction, Some(8));
    assert_eq!(
        detail.problem_areas,
        vec![ProblemArea::Sleep, ProblemArea::AnxietyMood]
    );
}

#[test]
fn first_contact_cannot_precede_the_referral() {
    let (_d, mut v, t) = with_referral();
    let e = v.record_first_contact(&t, date("2024-02-28")).unwrap_err();
    assert_eq!(rule(e), ("first_contact_date".into(), "date_order"));
    assert_eq!(
        v.trajectory(&t).unwrap().first_contact_date,
        None,
        "nothing written"
    );
}

#[test]
fn conversations_follow_the_first_contact_and_set_it_when_missing() {
    let (_d, mut v, t) = with_referral();
    assert_eq!(
        rule(v.add_conversation(&t, &conv("2024-02-01")).unwrap_err()).1,
        "date_order"
    );
    v.add_conversation(&t, &conv("2024-03-10")).unwrap();
    assert_eq!(
        v.trajectory(&t).unwrap().first_contact_date,
        Some(date("2024-03-10"))
    );
    assert_eq!(
        rule(v.add_conversation(&t, &conv("2024-03-09")).unwrap_err()).1,
        "date_order"
    );
    let mut missing = conv("2024-03-11");
    missing.date = None;
    assert_eq!(
        rule(v.add_conversation(&t, &missing).unwrap_err()).0,
        "date"
    );
    let mut long = conv("2024-03-11");
    long.minutes = Some(0);
    assert_eq!(
        rule(v.add_conversation(&t, &long).unwrap_err()).0,
        "minutes"
    );
}

#[test]
fn closure_must_follow_the_last_conversation() {
    let (_d, mut v, t) = with_referral();
    v.add_conversation(&t, &conv("2024-03-10")).unwrap();
    assert_eq!(
        rule(v.close_trajectory(&t, &closure("2024-03-09")).unwrap_err()).0,
        "closed_date"
    );
    let mut bad = closure("2024-03-20");
    bad.satisfaction = Some(11);
    assert_eq!(
        rule(v.close_trajectory(&t, &bad).unwrap_err()).0,
        "satisfaction"
    );
    assert_eq!(
        v.trajectory(&t).unwrap().status,
        Status::Active,
        "a refused closure writes nothing"
    );
}

#[test]
fn a_closed_trajectory_takes_nothing_new_until_reopened() {
    let (_d, mut v, t) = with_referral();
    v.add_conversation(&t, &conv("2024-03-10")).unwrap();
    v.close_trajectory(&t, &closure("2024-03-20")).unwrap();
    assert_eq!(
        rule(v.add_conversation(&t, &conv("2024-03-21")).unwrap_err()).1,
        "trajectory_closed"
    );
    assert_eq!(
        rule(v.close_trajectory(&t, &closure("2024-03-22")).unwrap_err()).1,
        "trajectory_closed"
    );
    let triage = TriageInput {
        decided_on: date("2024-03-21"),
        decision: Triage::SocialBase,
        rationale: None,
    };
    assert_eq!(
        rule(v.decide_triage(&t, &triage).unwrap_err()).1,
        "trajectory_closed"
    );
    let reopen = |d: &str, r: &str| ReopenInput {
        reopened_on: date(d),
        reason: r.into(),
    };
    assert_eq!(
        rule(
            v.reopen_trajectory(&t, &reopen("2024-03-25", " "))
                .unwrap_err()
        )
        .0,
        "reason"
    );
    assert_eq!(
        rule(
            v.reopen_trajectory(&t, &reopen("2024-03-19", "terug"))
                .unwrap_err()
        )
        .1,
        "date_order"
    );
    v.reopen_trajectory(&t, &reopen("2024-03-25", "opnieuw aangemeld door ouder"))
        .unwrap();
    v.add_conversation(&t, &conv("2024-03-26")).unwrap();
    let d = v.trajectory(&t).unwrap();
    assert_eq!(d.status, Status::Active);
    assert_eq!(d.reopenings.len(), 1);
    assert_eq!(d.reopenings[0].prev_outcome, Outcome::NoFurtherCare);
    assert_eq!(
        rule(
            v.reopen_trajectory(&t, &reopen("2024-03-27", "x"))
                .unwrap_err()
        )
        .1,
        "trajectory_open"
    );
}

#[test]
fn a_closed_file_is_flagged_until_its_letter_is_sent() {
    let (_d, mut v, t) = with_referral();
    v.add_conversation(&t, &conv("2024-03-10")).unwrap();
    let flag = |v: &mut Vault| {
        let all = CaseloadFilter {
            all: true,
            ..Default::default()
        };
        v.caseload(&all).unwrap()[0].flag_letter_not_sent
    };
    assert!(!flag(&mut v), "an open file has no letter due");
    v.close_trajectory(&t, &closure("2024-03-20")).unwrap();
    assert!(flag(&mut v));
    v.record_gp_feedback(&t, date("2024-03-21")).unwrap();
    assert!(!flag(&mut v));
}

#[test]
fn gp_feedback_and_duplicates() {
    let (_d, mut v, t) = with_referral();
    assert_eq!(
        rule(v.record_gp_feedback(&t, date("2024-01-01")).unwrap_err()).1,
        "date_order"
    );
    v.record_gp_feedback(&t, date("2024-03-05")).unwrap();
    let d = v.trajectory(&t).unwrap();
    assert_eq!(d.gp_feedback_date, Some(date("2024-03-05")));
    let again = ReferralInput {
        youth_id: d.youth.id.clone(),
        practice_id: d.practice.id.clone(),
        referral_date: date("2024-03-01"),
        referrer: None,
        request_for_help: None,
        problem_areas: vec![],
        urgency: Urgency::Normal,
    };
    assert_eq!(
        rule(v.register_referral(&again).unwrap_err()).1,
        "duplicate"
    );
    let future = ReferralInput {
        referral_date: crate::today().succ_opt().unwrap(),
        ..again.clone()
    };
    assert_eq!(
        rule(v.register_referral(&future).unwrap_err()).1,
        "date_in_future"
    );
    let early = ReferralInput {
        referral_date: date("2010-01-01"),
        ..again
    };
    assert_eq!(
        rule(v.register_referral(&early).unwrap_err()).0,
        "birth_date"
    );
    assert!(matches!(v.trajectory("nope"), Err(Error::NotFound(_))));
}

#[test]
fn the_caseload_orders_and_flags() {
    let (_d, mut v, t) = with_referral();
    for d in [
        "2024-03-10",
        "2024-03-11",
        "2024-03-12",
        "2024-03-13",
        "2024-03-14",
        "2024-03-15",
    ] {
        v.add_conversation(&t, &conv(d)).unwrap();
    }
    let rows = v.caseload(&CaseloadFilter::default()).unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.status, Status::Active);
    assert_eq!(r.conversations, 6);
    assert!(r.flag_many_conversations);
    assert!(r.flag_no_recent_contact);
    assert_eq!(r.days_waiting, 9);
    assert_eq!(r.last_contact, Some(date("2024-03-15")));
    let none = v
        .caseload(&CaseloadFilter {
            search: Some("Pietersen".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(none.is_empty());
    let found = v
        .caseload(&CaseloadFilter {
            search: Some("sanne jan".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn updating_a_conversation_keeps_its_identity() {
    let (_d, mut v, t) = with_referral();
    let id = v.add_conversation(&t, &conv("2024-03-10")).unwrap();
    let mut changed = conv("2024-03-11");
    changed.interventions = vec![Intervention::CareMediation, Intervention::GpConsultation];
    v.update_conversation(&id, &changed).unwrap();
    let d = v.trajectory(&t).unwrap();
    assert_eq!(d.conversations.len(), 1);
    assert_eq!(d.conversations[0].id, id);
    assert_eq!(d.conversations[0].interventions.len(), 2);
}
