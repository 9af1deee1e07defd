//! The monitoring report over a real encrypted vault, against hand-computed figures.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod caseload;
mod common;

use caseload::{closed, import, Row};
use chrono::NaiveDate;
use spil_core::model::GpConsultationInput;
use spil_core::report::{Count, GroupBy, ReportParams};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn count(list: &[Count], code: &str) -> u64 {
    list.iter().find(|c| c.code == code).unwrap().count
}

/// A: closed, no further care. B: closed after 9 conversations. C: waiting. D: active,
/// 18+, another municipality. A2: A referred again after the period (recurrence).
fn hand_caseload() -> Vec<Row> {
    let a = closed("A", "no_further_care");
    let b = Row {
        referral_date: "2023-03-10".into(),
        first_contact: "2023-03-24".into(),
        sessions: (0..9)
            .map(|i| format!("2023-04-{:02}", 1 + i * 3))
            .collect(),
        closed: "2023-06-30".into(),
        satisfaction: "6".into(),
        practice: "Velp-Zuid".into(),
        kern: "Velp".into(),
        ..closed("B", "youth_care_local")
    };
    let c = Row {
        referral_date: "2023-05-01".into(),
        first_contact: String::new(),
        triage: String::new(),
        sessions: vec![],
        closed: String::new(),
        outcome: String::new(),
        satisfaction: String::new(),
        ..closed("C", "")
    };
    let dd = Row {
        referral_date: "2023-04-01".into(),
        first_contact: "2023-04-04".into(),
        sessions: vec!["2023-04-04".into()],
        closed: String::new(),
        outcome: String::new(),
        satisfaction: String::new(),
        birth_date: "2005-01-01".into(),
        gender: "m".into(),
        practice: "Dorpspraktijk".into(),
        kern: "Ruurlo".into(),
        municipality: "GM1859".into(),
        ..closed("D", "")
    };
    let a2 = Row {
        referral_date: "2023-08-01".into(),
        first_contact: String::new(),
        triage: String::new(),
        sessions: vec![],
        closed: String::new(),
        outcome: String::new(),
        satisfaction: String::new(),
        ..closed("A", "")
    };
    vec![a, b, c, dd, a2]
}

fn first_half_2023() -> ReportParams {
    ReportParams {
        from: Some(d("2023-01-01")),
        to: Some(d("2023-06-30")),
        ..Default::default()
    }
}

#[test]
fn every_figure_of_a_small_caseload() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    import(&mut v, &hand_caseload());
    let linde = v
        .practices()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "De Linde")
        .unwrap();
    for date in ["2023-02-01", "2023-06-30", "2023-07-01"] {
        v.add_gp_consultation(&GpConsultationInput {
            practice_id: linde.id.clone(),
            date: d(date),
            minutes: Some(15),
            topic: None,
        })
        .unwrap();
    }
    let r = v.report(&first_half_2023()).unwrap();
    let f = &r.overall;
    assert_eq!((f.referrals, f.unique_youths, f.families), (4, 4, 4));
    assert_eq!(
        (f.waiting_at_end, f.active_at_end, f.open_at_end, f.closed),
        (1, 1, 2, 2)
    );
    // Waiting 7 (A), 14 (B), 3 (D): median 7, p90 = the 3rd of 3.
    assert_eq!(
        (f.waiting_days.median, f.waiting_days.p90),
        (Some(7.0), Some(14.0))
    );
    let c = &f.conversations;
    assert_eq!((c.zero, c.one, c.two_to_seven, c.eight_plus), (0, 0, 1, 1));
    assert_eq!((c.one_to_five, c.six_plus, c.mean), (1, 1, Some(5.5)));
    // Durations 60 (A) and 112 (B).
    assert_eq!(f.duration_days.median, Some(86.0));
    assert_eq!(count(&f.outcomes, "no_further_care"), 1);
    assert_eq!(count(&f.outcomes, "youth_care_local"), 1);
    assert_eq!(count(&f.referrers, "gp"), 4);
    assert_eq!(count(&f.problem_areas, "sleep"), 4);
    assert_eq!(
        (count(&f.age_bands, "4-11"), count(&f.age_bands, "18+")),
        (3, 1)
    );
    assert_eq!((count(&f.genders, "f"), count(&f.genders, "m")), (3, 1));
    assert_eq!(
        (count(&f.triage, "ojg_support"), count(&f.triage, "unknown")),
        (3, 1)
    );
    assert_eq!(f.gp_consultations, 2);
    assert_eq!((f.satisfaction.n, f.satisfaction.mean), (2, Some(7.0)));
    // A closed 2023-04-30 and came back 2023-08-01; B did not.
    let six = &f.recurrence.within_6_months;
    assert_eq!((six.eligible, six.recurred, six.share), (2, 1, Some(0.5)));
    assert_eq!(f.recurrence.within_12_months.recurred, 1);
    let s = &f.savings;
    assert!((s.estimate_eur - 2.0 * 0.5 * 0.63 * 2414.0).abs() < 1e-6);
    assert_eq!(r.savings_parameters.average_cost_eur, 2414.0);
}

#[test]
fn groups_profiles_and_the_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    import(&mut v, &hand_caseload());
    let by = |g| {
        let mut p = first_half_2023();
        p.group_by = Some(g);
        p
    };
    let r = v.report(&by(GroupBy::Municipality)).unwrap();
    let groups: Vec<(&str, u64)> = r
        .groups
        .iter()
        .map(|g| (g.label.as_str(), g.figures.referrals))
        .collect();
    assert_eq!(groups, [("GM0275", 3), ("GM1859", 1)]);
    let r = v.report(&by(GroupBy::Kern)).unwrap();
    let kerns: Vec<&str> = r.groups.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(kerns, ["Dieren", "Ruurlo", "Velp"]);
    let r = v.report(&by(GroupBy::Practice)).unwrap();
    assert_eq!(r.groups.len(), 3);

    let mut p = first_half_2023();
    p.profile = Some("gelderland-midden".into());
    let r = v.report(&p).unwrap();
    let region = r.overall.region_outcomes.as_ref().unwrap();
    assert_eq!(count(region, "geen_vervolg"), 1);
    assert_eq!(count(region, "lokale_jeugdhulp"), 1);
    assert_eq!(r.profile.as_ref().unwrap().name, "gelderland-midden");

    // Without a period: everything up to today, A2 included.
    assert_eq!(
        v.report(&ReportParams::default())
            .unwrap()
            .overall
            .referrals,
        5
    );
    let last = &v.audit_log(None, 2).unwrap()[1];
    assert_eq!(
        (last.action.as_str(), last.what.as_str()),
        ("read", "report")
    );
    // JSON round trip: the app and `--json` see the same data.
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(
        serde_json::from_str::<spil_core::report::Report>(&json).unwrap(),
        r
    );
}

#[test]
fn rheden_from_a_vault() {
    // 176 youths helped, 65 (37%) without further care: about €99,000 saved.
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    let rows: Vec<Row> = (0..176)
        .map(|i| {
            let outcome = if i < 65 {
                "no_further_care"
            } else {
                "youth_care_local"
            };
            closed(&format!("R{i}"), outcome)
        })
        .collect();
    import(&mut v, &rows);
    let s = v.report(&first_half_2023()).unwrap().overall.savings;
    assert_eq!((s.closed, s.no_further_care), (176, 65));
    assert_eq!(
        (s.estimate_eur / 1000.0).round(),
        99.0,
        "{}",
        s.estimate_eur
    );
    // Saved parameters are used by callers that read them.
    let mut p = v.savings_params().unwrap();
    assert_eq!(p.share_gp_would_refer, 0.63);
    p.average_cost_eur = 3000.0;
    v.set_savings_params(&p).unwrap();
    assert_eq!(v.savings_params().unwrap().average_cost_eur, 3000.0);
    p.share_gp_would_refer = 2.0;
    assert!(v.set_savings_params(&p).is_err());
}
