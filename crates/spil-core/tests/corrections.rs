//! Corrections on a real vault file: each changes what it should, the rules still
//! refuse bad input, and the audit event names the fields that changed but holds
//! none of their values. Deleting a conversation or a consultation takes it out of
//! the report.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use spil_core::codes::{
    ClosureReason, Gender, Intervention, Mode, Outcome, Participant, ProblemArea, Referrer, Urgency,
};
use spil_core::model::{
    ClosureInput, ConversationInput, GpConsultationInput, IntakeInput, PracticeInput,
    ReferralInput, ReopenInput, YouthInput,
};
use spil_core::report::ReportParams;
use spil_core::{Error, Vault};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn practice(name: &str) -> PracticeInput {
    PracticeInput {
        name: name.into(),
        kern: Some("Dieren".into()),
        municipality_code: Some("gm0275".into()),
        hours_per_week: Some(16.0),
        in_practice: true,
        his: None,
    }
}

fn youth() -> YouthInput {
    YouthInput {
        youth_ref: Some("J1".into()),
        given_name: Some("Sanne".into()),
        family_name: Some("Jansen".into()),
        birth_date: Some(date("2012-05-17")),
        gender: Gender::Female,
        bsn: Some("111222333".into()),
        postcode: Some("6951 AB".into()),
        sibling_of: None,
    }
}

struct Case {
    _dir: tempfile::TempDir,
    v: Vault,
    practice: String,
    other_practice: String,
    youth: String,
    trajectory: String,
}

fn referral(c: &Case) -> ReferralInput {
    ReferralInput {
        youth_id: c.youth.clone(),
        practice_id: c.practice.clone(),
        referral_date: date("2024-03-01"),
        referrer: Some(Referrer::Gp),
        request_for_help: Some("slaapt slecht".into()),
        problem_areas: vec![ProblemArea::Sleep],
        urgency: Urgency::Normal,
    }
}

fn case() -> Case {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let p = v.add_practice(&practice("De Linde")).unwrap().id;
    let q = v.add_practice(&practice("Het Anker")).unwrap().id;
    let y = v.add_youth(&youth()).unwrap().id;
    let mut c = Case {
        _dir: dir,
        v,
        practice: p,
        other_practice: q,
        youth: y,
        trajectory: String::new(),
    };
    c.trajectory = c.v.register_referral(&referral(&c)).unwrap();
    c
}

fn conversation(d: &str) -> ConversationInput {
    ConversationInput {
        date: Some(date(d)),
        minutes: Some(45),
        participants: vec![Participant::Youth],
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
        satisfaction: None,
        gp_feedback_date: None,
    }
}

fn rule(e: Error) -> (String, &'static str) {
    match e {
        Error::Invalid(i) => (i.field, i.rule.code()),
        other => panic!("expected a validation error, got {other}"),
    }
}

/// The newest audit event other than the reads of the log itself, as JSON text.
fn last_change(v: &mut Vault) -> (String, String, String) {
    let log = v.audit_log(None, 50).unwrap();
    let e = log.iter().find(|e| e.action != "read").unwrap().clone();
    let text = serde_json::to_string(&e).unwrap();
    (e.action, e.what, text)
}

/// Every audit event's text, to check that no value leaked into any of them.
fn whole_log(v: &mut Vault) -> String {
    serde_json::to_string(&v.audit_log(None, 1000).unwrap()).unwrap()
}

#[test]
fn a_referral_is_corrected_and_the_event_names_the_fields() {
    let mut c = case();
    let mut r = referral(&c);
    r.referral_date = date("2024-02-26");
    r.urgency = Urgency::Urgent;
    r.practice_id = c.other_practice.clone();
    r.problem_areas = vec![ProblemArea::AnxietyMood, ProblemArea::Sleep];
    r.request_for_help = Some("slaapt slecht, piekert".into());
    c.v.update_referral(&c.trajectory, &r).unwrap();

    let d = c.v.trajectory(&c.trajectory).unwrap();
    assert_eq!(d.referral_date, date("2024-02-26"));
    assert_eq!(d.urgency, Urgency::Urgent);
    assert_eq!(d.practice.id, c.other_practice);
    let areas: std::collections::BTreeSet<_> = d.problem_areas.iter().copied().collect();
    assert_eq!(areas, [ProblemArea::AnxietyMood, ProblemArea::Sleep].into());
    let (action, what, text) = last_change(&mut c.v);
    assert_eq!(action, "update");
    assert_eq!(
        what,
        "referral:practice_id,referral_date,request_for_help,problem_areas,urgency"
    );
    assert!(!text.contains("piekert") && !text.contains("2024-02-26"));

    // The same values again change nothing and write no event.
    let before = c.v.audit_log(None, 1000).unwrap().len();
    c.v.update_referral(&c.trajectory, &r).unwrap();
    let after = c.v.audit_log(None, 1000).unwrap();
    // The only new event is the read of the log itself.
    assert_eq!(after.len(), before + 1);
    assert_eq!(after[0].action, "read");
    assert!(c.v.verify().unwrap().ok());
}

#[test]
fn a_referral_correction_keeps_to_the_rules() {
    let mut c = case();
    c.v.record_first_contact(&c.trajectory, date("2024-03-05"))
        .unwrap();
    let mut r = referral(&c);
    r.referral_date = date("2024-03-06");
    assert_eq!(
        rule(c.v.update_referral(&c.trajectory, &r).unwrap_err()),
        ("first_contact_date".into(), "date_order")
    );
    r.referral_date = chrono::Local::now().date_naive() + chrono::Days::new(1);
    assert_eq!(
        rule(c.v.update_referral(&c.trajectory, &r).unwrap_err()),
        ("referral_date".into(), "date_in_future")
    );
    let mut r = referral(&c);
    r.practice_id = "no-such-practice".into();
    assert_eq!(
        rule(c.v.update_referral(&c.trajectory, &r).unwrap_err()),
        ("practice_id".into(), "not_found")
    );
    // Another referral of the same youth on the corrected date.
    let mut second = referral(&c);
    second.referral_date = date("2023-01-10");
    c.v.register_referral(&second).unwrap();
    let mut r = referral(&c);
    r.referral_date = date("2023-01-10");
    assert_eq!(
        rule(c.v.update_referral(&c.trajectory, &r).unwrap_err()),
        ("referral_date".into(), "duplicate")
    );
    assert_eq!(
        c.v.trajectory(&c.trajectory).unwrap().referral_date,
        date("2024-03-01")
    );
}

#[test]
fn a_closed_trajectory_refuses_corrections_until_reopened() {
    let mut c = case();
    let conv =
        c.v.add_conversation(&c.trajectory, &conversation("2024-03-10"))
            .unwrap();
    c.v.close_trajectory(&c.trajectory, &closure("2024-04-01"))
        .unwrap();
    let mut r = referral(&c);
    r.urgency = Urgency::Urgent;
    let closed = ("trajectory".to_string(), "trajectory_closed");
    assert_eq!(
        rule(c.v.update_referral(&c.trajectory, &r).unwrap_err()),
        closed
    );
    assert_eq!(
        rule(
            c.v.record_first_contact(&c.trajectory, date("2024-03-02"))
                .unwrap_err()
        ),
        closed
    );
    assert_eq!(
        rule(
            c.v.delete_conversation(&conv, "dubbel ingevoerd")
                .unwrap_err()
        ),
        closed
    );
    c.v.reopen_trajectory(
        &c.trajectory,
        &ReopenInput {
            reopened_on: date("2024-04-02"),
            reason: "typefout in de aanmelding".into(),
        },
    )
    .unwrap();
    c.v.update_referral(&c.trajectory, &r).unwrap();
    assert_eq!(
        c.v.trajectory(&c.trajectory).unwrap().urgency,
        Urgency::Urgent
    );
}

#[test]
fn a_youth_is_corrected_without_values_in_the_log() {
    let mut c = case();
    let mut y = youth();
    y.given_name = Some("Susanne".into());
    y.birth_date = Some(date("2012-06-17"));
    y.bsn = Some("123456782".into());
    let corrected = c.v.update_youth(&c.youth, &y).unwrap();
    assert_eq!(corrected.given_name.as_deref(), Some("Susanne"));
    assert_eq!(corrected.birth_date, Some(date("2012-06-17")));
    assert_eq!(corrected.bsn.as_deref(), Some("123456782"));

    let (action, what, _) = last_change(&mut c.v);
    assert_eq!(
        (action.as_str(), what.as_str()),
        ("update", "youth:given_name,birth_date,bsn")
    );
    let log = whole_log(&mut c.v);
    for value in [
        "Sanne",
        "Susanne",
        "Jansen",
        "111222333",
        "123456782",
        "2012-06-17",
    ] {
        assert!(!log.contains(value), "the audit log holds {value}");
    }
    assert!(c.v.verify().unwrap().ok());
}

#[test]
fn a_youth_correction_keeps_to_the_rules() {
    let mut c = case();
    let field = |r: spil_core::Result<spil_core::model::Youth>| rule(r.unwrap_err());
    let mut y = youth();
    y.bsn = Some("123456789".into());
    assert_eq!(
        field(c.v.update_youth(&c.youth, &y)),
        ("bsn".into(), "bsn_invalid")
    );
    let mut y = youth();
    y.birth_date = Some(chrono::Local::now().date_naive() + chrono::Days::new(1));
    assert_eq!(field(c.v.update_youth(&c.youth, &y)).0, "birth_date");
    // Born after the referral of 2024-03-01.
    let mut y = youth();
    y.birth_date = Some(date("2024-03-02"));
    assert_eq!(
        field(c.v.update_youth(&c.youth, &y)),
        ("birth_date".into(), "date_order")
    );
    let mut y = youth();
    y.postcode = Some("ABCD12".into());
    assert_eq!(field(c.v.update_youth(&c.youth, &y)).0, "postcode");
    let mut y = youth();
    y.sibling_of = Some(c.youth.clone());
    assert_eq!(field(c.v.update_youth(&c.youth, &y)).0, "sibling_of");
    let unchanged = c.v.youth(&c.youth).unwrap();
    assert_eq!(unchanged.birth_date, Some(date("2012-05-17")));
    assert_eq!(unchanged.bsn.as_deref(), Some("111222333"));
}

#[test]
fn a_youth_is_linked_to_a_sibling_as_a_correction() {
    let mut c = case();
    let mut other = youth();
    other.youth_ref = Some("J2".into());
    other.given_name = Some("Daan".into());
    let sibling = c.v.add_youth(&other).unwrap();
    let mut y = youth();
    y.sibling_of = Some(sibling.id.clone());
    let linked = c.v.update_youth(&c.youth, &y).unwrap();
    assert!(linked.family_id.is_some());
    assert_eq!(linked.family_id, c.v.youth(&sibling.id).unwrap().family_id);
    let log = c.v.audit_log(None, 10).unwrap();
    assert!(log.iter().any(|e| e.what == "youth:family"));
}

#[test]
fn intake_and_first_contact_are_corrected() {
    let mut c = case();
    c.v.record_first_contact(&c.trajectory, date("2024-03-08"))
        .unwrap();
    let intake = IntakeInput {
        date: date("2024-03-08"),
        present: vec![Participant::Youth],
        summary: Some("eerste indruk".into()),
        screening_instrument: None,
        screening_score: None,
    };
    c.v.record_intake(&c.trajectory, &intake).unwrap();
    c.v.record_first_contact(&c.trajectory, date("2024-03-07"))
        .unwrap();
    assert_eq!(last_change(&mut c.v).1, "first_contact:first_contact_date");
    c.v.record_intake(
        &c.trajectory,
        &IntakeInput {
            date: date("2024-03-09"),
            present: vec![Participant::Parents, Participant::Youth],
            ..intake.clone()
        },
    )
    .unwrap();
    assert_eq!(last_change(&mut c.v).1, "intake:date,present");
    let d = c.v.trajectory(&c.trajectory).unwrap();
    assert_eq!(d.first_contact_date, Some(date("2024-03-07")));
    let i = d.intake.unwrap();
    assert_eq!(i.date, date("2024-03-09"));
    assert_eq!(i.present.len(), 2);
    // A first contact after the intake breaks the date order.
    assert_eq!(
        rule(
            c.v.record_first_contact(&c.trajectory, date("2024-03-10"))
                .unwrap_err()
        ),
        ("date".into(), "date_order")
    );
    assert!(!whole_log(&mut c.v).contains("eerste indruk"));
}

#[test]
fn a_conversation_is_corrected_and_deleted_with_a_reason() {
    let mut c = case();
    let keep =
        c.v.add_conversation(&c.trajectory, &conversation("2024-03-10"))
            .unwrap();
    let wrong =
        c.v.add_conversation(&c.trajectory, &conversation("2024-03-11"))
            .unwrap();
    let mut fixed = conversation("2024-03-12");
    fixed.minutes = Some(60);
    c.v.update_conversation(&keep, &fixed).unwrap();
    assert_eq!(last_change(&mut c.v).1, "conversation:date,minutes");

    assert_eq!(
        rule(c.v.delete_conversation(&wrong, "  ").unwrap_err()).0,
        "reason"
    );
    c.v.delete_conversation(&wrong, "dubbel ingevoerd voor Sanne")
        .unwrap();
    let (action, what, _) = last_change(&mut c.v);
    assert_eq!(
        (action.as_str(), what.as_str()),
        ("delete", "conversation:reason")
    );
    let d = c.v.trajectory(&c.trajectory).unwrap();
    assert_eq!(d.conversations.len(), 1);
    assert_eq!(d.conversations[0].minutes, Some(60));
    assert_eq!(d.deleted_conversations.len(), 1);
    assert_eq!(d.deleted_conversations[0].record_date, date("2024-03-11"));
    assert_eq!(
        d.deleted_conversations[0].reason,
        "dubbel ingevoerd voor Sanne"
    );
    assert!(!whole_log(&mut c.v).contains("dubbel"));
    assert!(matches!(
        c.v.delete_conversation(&wrong, "nogmaals"),
        Err(Error::NotFound(_))
    ));

    // The report counts the conversations of closed trajectories: one is left.
    c.v.close_trajectory(&c.trajectory, &closure("2024-04-01"))
        .unwrap();
    let r = c.v.report(&ReportParams::default()).unwrap().overall;
    assert_eq!(r.conversations.closed, 1);
    assert_eq!(r.conversations.one, 1);
    assert_eq!(r.conversations.two_to_seven, 0);
    assert!(c.v.verify().unwrap().ok());
}

#[test]
fn a_consultation_is_corrected_and_deleted() {
    let mut c = case();
    let input = GpConsultationInput {
        practice_id: c.practice.clone(),
        date: date("2024-03-04"),
        minutes: Some(10),
        topic: Some("waar verwijzen bij angst".into()),
    };
    let a = c.v.add_gp_consultation(&input).unwrap();
    let b = c.v.add_gp_consultation(&input).unwrap();
    let report = |v: &mut Vault| v.report(&ReportParams::default()).unwrap().overall;
    assert_eq!(report(&mut c.v).gp_consultations, 2);

    let moved = GpConsultationInput {
        practice_id: c.other_practice.clone(),
        minutes: Some(15),
        ..input.clone()
    };
    let corrected = c.v.update_gp_consultation(&a.id, &moved).unwrap();
    assert_eq!(corrected.minutes, Some(15));
    assert_eq!(
        last_change(&mut c.v).1,
        "gp_consultation:practice_id,minutes"
    );
    assert_eq!(
        c.v.gp_consultations(Some(&c.other_practice)).unwrap().len(),
        1
    );
    let too_long = GpConsultationInput {
        minutes: Some(500),
        ..input.clone()
    };
    assert_eq!(
        rule(c.v.update_gp_consultation(&a.id, &too_long).unwrap_err()).0,
        "minutes"
    );

    c.v.delete_gp_consultation(&b.id, "twee keer ingevoerd")
        .unwrap();
    assert_eq!(last_change(&mut c.v).1, "gp_consultation:reason");
    assert_eq!(c.v.gp_consultations(None).unwrap().len(), 1);
    assert_eq!(report(&mut c.v).gp_consultations, 1);
    assert!(!whole_log(&mut c.v).contains("twee keer"));
    assert!(c.v.verify().unwrap().ok());
}

#[test]
fn corrections_survive_reopening_the_vault() {
    let mut c = case();
    let mut r = referral(&c);
    r.referral_date = date("2024-02-20");
    c.v.update_referral(&c.trajectory, &r).unwrap();
    let mut y = youth();
    y.birth_date = Some(date("2011-05-17"));
    c.v.update_youth(&c.youth, &y).unwrap();
    let dir = c._dir;
    c.v.close().unwrap();
    let mut v = common::open(dir.path());
    let d = v.trajectory(&c.trajectory).unwrap();
    assert_eq!(d.referral_date, date("2024-02-20"));
    assert_eq!(d.youth.birth_date, Some(date("2011-05-17")));
    assert!(v.verify().unwrap().ok());
}
