//! Every figure against a hand computation on plain facts.

use super::*;
use crate::codes::{Gender, Intervention, Outcome, ProblemArea, Referrer, Triage};
use crate::model::Status;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A closed trajectory referred in the period; tests change what they look at.
fn fact(youth: &str) -> Facts {
    Facts {
        youth: youth.into(),
        family: youth.into(),
        practice: Some("De Linde".into()),
        kern: Some("Dieren".into()),
        municipality: Some("GM0275".into()),
        referral_month: "2024-01".parse().unwrap(),
        closed_month: Some("2024-03".parse().unwrap()),
        referred_in_period: true,
        closed_in_period: true,
        status_at_end: Some(Status::Closed),
        waiting_days: Some(7),
        duration_days: Some(60),
        referrer: Some(Referrer::Gp),
        problem_areas: vec![ProblemArea::Sleep],
        age_band: Some(AgeBand::Age4To11),
        gender: Gender::Female,
        triage: Some(Triage::OjgSupport),
        conversations: 3,
        interventions: vec![Intervention::Psychoeducation],
        outcome: Some(Outcome::NoFurtherCare),
        satisfaction: Some(8),
        recurred_6m: Some(false),
        recurred_12m: Some(false),
    }
}

fn open(youth: &str, status: Status) -> Facts {
    Facts {
        closed_month: None,
        closed_in_period: false,
        status_at_end: Some(status),
        duration_days: None,
        outcome: None,
        satisfaction: None,
        recurred_6m: None,
        recurred_12m: None,
        ..fact(youth)
    }
}

fn ctx() -> Context {
    ReportParams::default().context(d("2025-01-01")).unwrap()
}

fn run(facts: &[Facts]) -> Figures {
    compute(facts, &[], &ctx()).overall
}

fn count(list: &[Count], code: &str) -> (u64, Option<f64>) {
    let c = list.iter().find(|c| c.code == code).unwrap();
    (c.count, c.share)
}

#[test]
fn referrals_youths_families_and_status_at_end() {
    let mut sibling = open("b", Status::Waiting);
    sibling.family = "a".into(); // b is a's sibling
    let mut again = fact("a"); // a second trajectory of youth a
    again.referred_in_period = true;
    let mut before = open("c", Status::Active); // referred before the period, still open
    before.referred_in_period = false;
    let f = run(&[fact("a"), again, sibling, before]);
    assert_eq!(f.referrals, 3);
    assert_eq!(f.unique_youths, 2);
    assert_eq!(f.families, 1);
    assert_eq!(
        (f.waiting_at_end, f.active_at_end, f.open_at_end),
        (1, 1, 2)
    );
    assert_eq!(f.closed, 2);
}

#[test]
fn waiting_time_median_and_p90() {
    let rows: Vec<Facts> = [3, 10, 1, 14, 5]
        .iter()
        .map(|&w| Facts {
            waiting_days: Some(w),
            ..fact("a")
        })
        .chain([Facts {
            waiting_days: None,
            ..fact("b")
        }])
        .collect();
    let w = run(&rows).waiting_days;
    // 1 3 5 10 14: median 5, p90 at rank ⌈4.5⌉ = 5 → 14, mean 33/5.
    assert_eq!(
        (w.n, w.median, w.p90, w.mean),
        (5, Some(5.0), Some(14.0), Some(6.6))
    );
}

#[test]
fn intervention_mix_counts_closed_trajectories_once_per_intervention() {
    use Intervention::*;
    let rows = vec![
        Facts {
            interventions: vec![Psychoeducation, ParentingSupport],
            ..fact("a")
        },
        Facts {
            interventions: vec![ParentingSupport],
            ..fact("b")
        },
        Facts {
            interventions: vec![],
            ..fact("c")
        },
        Facts {
            interventions: vec![ParentingSupport, CareMediation],
            ..fact("d")
        },
        // Open: its interventions are not yet part of a finished trajectory's mix.
        Facts {
            interventions: vec![CareMediation, GpConsultation],
            ..open("e", Status::Active)
        },
    ];
    let mix: Vec<(String, u64, Option<f64>)> = run(&rows)
        .interventions
        .into_iter()
        .map(|c| (c.code, c.count, c.share))
        .collect();
    let by_hand = [
        ("triage_screening", 0, 0.0),
        ("psychoeducation", 1, 0.25),
        ("parenting_support", 3, 0.75),
        ("psychosocial_intervention", 0, 0.0),
        ("brief_mental_health_treatment", 0, 0.0),
        ("care_mediation", 1, 0.25),
        ("gp_consultation", 0, 0.0),
    ];
    let by_hand: Vec<(String, u64, Option<f64>)> = by_hand
        .iter()
        .map(|&(c, n, s)| (c.to_owned(), n, Some(s)))
        .collect();
    assert_eq!(mix, by_hand);
}

#[test]
fn conversation_buckets_and_mean() {
    let rows: Vec<Facts> = [0, 1, 2, 5, 6, 7, 8, 12]
        .iter()
        .map(|&n| Facts {
            conversations: n,
            ..fact("a")
        })
        .chain([Facts {
            conversations: 30,
            ..open("b", Status::Active)
        }])
        .collect();
    let c = run(&rows).conversations;
    assert_eq!(c.closed, 8);
    assert_eq!((c.zero, c.one, c.two_to_seven, c.eight_plus), (1, 1, 4, 2));
    assert_eq!((c.one_to_five, c.six_plus), (3, 4));
    assert_eq!(c.mean, Some(41.0 / 8.0));
    let buckets: Vec<(&str, u64, Option<f64>)> = c
        .buckets
        .iter()
        .map(|b| (b.label.as_str(), b.count, b.share))
        .collect();
    assert_eq!(
        buckets,
        [
            ("0", 1, Some(0.125)),
            ("1", 1, Some(0.125)),
            ("2–7", 4, Some(0.5)),
            ("8+", 2, Some(0.25)),
            ("1–5", 3, Some(0.375)),
            ("6+", 4, Some(0.5)),
        ]
    );
}

#[test]
fn reproduces_the_groningen_conversation_table() {
    // RIGG: 642 of 971 trajectories closed; 122 after one conversation, 339 in 2–7, 107
    // in more than 7 (so 74 closed without a conversation).
    let mut rows = Vec::new();
    for (n, times) in [(0, 74), (1, 122), (4, 339), (8, 107)] {
        rows.extend((0..times).map(|i| Facts {
            conversations: n,
            ..fact(&format!("{n}-{i}"))
        }));
    }
    rows.extend((0..329).map(|i| open(&format!("o{i}"), Status::Active)));
    let f = run(&rows);
    assert_eq!((f.referrals, f.closed), (971, 642));
    let c = f.conversations;
    assert_eq!(
        (c.zero, c.one, c.two_to_seven, c.eight_plus),
        (74, 122, 339, 107)
    );
}

#[test]
fn duration_of_closed_trajectories() {
    let rows: Vec<Facts> = [30, 90, 60, 120]
        .iter()
        .map(|&x| Facts {
            duration_days: Some(x),
            ..fact("a")
        })
        .collect();
    let s = run(&rows).duration_days;
    assert_eq!(
        (s.n, s.median, s.mean, s.p90),
        (4, Some(75.0), Some(75.0), Some(120.0))
    );
}

#[test]
fn outcomes_in_codes_and_in_the_groningen_table() {
    // The RIGG shares on 100 closed trajectories (3 left over as "other").
    let mut rows = Vec::new();
    for (o, n) in [
        (Outcome::NoFurtherCare, 54),
        (Outcome::SpecialistMentalHealth, 20),
        (Outcome::MunicipalTeam, 12),
        (Outcome::YouthCareLocal, 3),
        (Outcome::IntellectualDisabilityCare, 2),
        (Outcome::BasicMentalHealth, 4),
        (Outcome::FreeAccessCare, 2),
        (Outcome::Other, 3),
    ] {
        rows.extend((0..n).map(|i| Facts {
            outcome: Some(o),
            ..fact(&format!("{o}{i}"))
        }));
    }
    let mut c = ctx();
    c.profile = Some(RegionProfile::named("groningen").unwrap());
    let f = compute(&rows, &[], &c).overall;
    assert_eq!(count(&f.outcomes, "no_further_care"), (54, Some(0.54)));
    assert_eq!(count(&f.outcomes, "dropped_out"), (0, Some(0.0)));
    assert!(f.outcomes.iter().all(|c| c.code != "unknown"));
    let region = f.region_outcomes.unwrap();
    let table: Vec<(&str, u64)> = region.iter().map(|c| (c.code.as_str(), c.count)).collect();
    assert_eq!(
        table,
        [
            ("ojg_voldoende", 54),
            ("specialistische_ggz", 20),
            ("wijkteam", 12),
            ("lvb_jeugdhulpaanbieder", 5),
            ("basis_ggz", 4),
            ("vrij_toegankelijk", 2),
            ("overig", 3)
        ]
    );
    assert_eq!(region[0].label, "Hulp OJG voldoende, geen verwijzing nodig");
}

#[test]
fn referrers_with_unknown_and_region_categories() {
    let rows = [
        fact("a"),
        Facts {
            referrer: Some(Referrer::School),
            ..fact("b")
        },
        Facts {
            referrer: Some(Referrer::MunicipalTeam),
            ..fact("c")
        },
        Facts {
            referrer: None,
            ..fact("d")
        },
    ];
    let mut c = ctx();
    c.profile = Some(RegionProfile::named("gelderland-midden").unwrap());
    let f = compute(&rows, &[], &c).overall;
    assert_eq!(count(&f.referrers, "gp"), (1, Some(0.25)));
    assert_eq!(count(&f.referrers, "unknown"), (1, Some(0.25)));
    let region = f.region_referrers.unwrap();
    assert_eq!(count(&region, "incluzio"), (1, Some(0.25)));
    assert_eq!(count(&region, "unknown").0, 1);
    assert_eq!(
        f.referrers.iter().find(|c| c.code == "gp").unwrap().label,
        "huisarts"
    );
}

#[test]
fn problem_areas_age_gender_and_triage_over_referrals() {
    let rows = [
        Facts {
            problem_areas: vec![ProblemArea::Sleep, ProblemArea::Parenting],
            ..fact("a")
        },
        Facts {
            age_band: Some(AgeBand::Age12To17),
            gender: Gender::Male,
            ..fact("b")
        },
        Facts {
            age_band: None,
            triage: None,
            problem_areas: vec![],
            ..fact("c")
        },
        Facts {
            referred_in_period: false,
            ..fact("d")
        }, // not a referral of the period
    ];
    let f = run(&rows);
    assert_eq!(count(&f.problem_areas, "sleep"), (2, Some(2.0 / 3.0)));
    assert_eq!(count(&f.problem_areas, "parenting").0, 1);
    assert_eq!(count(&f.age_bands, "4-11").0, 1);
    assert_eq!(count(&f.age_bands, "12-17").0, 1);
    assert_eq!(count(&f.age_bands, "unknown").0, 1);
    assert_eq!(count(&f.genders, "f").0, 2);
    assert_eq!(count(&f.genders, "m").0, 1);
    assert_eq!(count(&f.triage, "ojg_support").0, 2);
    assert_eq!(count(&f.triage, "unknown").0, 1);
}

#[test]
fn satisfaction_is_the_mean_of_given_marks() {
    let rows = [
        fact("a"),
        Facts {
            satisfaction: Some(6),
            ..fact("b")
        },
        Facts {
            satisfaction: None,
            ..fact("c")
        },
    ];
    let s = run(&rows).satisfaction;
    assert_eq!((s.n, s.mean), (2, Some(7.0)));
}

#[test]
fn recurrence_counts_only_passed_windows() {
    let rows = [
        Facts {
            recurred_6m: Some(true),
            recurred_12m: Some(true),
            ..fact("a")
        },
        Facts {
            recurred_6m: Some(false),
            recurred_12m: Some(true),
            ..fact("b")
        },
        Facts {
            recurred_6m: Some(false),
            recurred_12m: None,
            ..fact("c")
        },
    ];
    let r = run(&rows).recurrence;
    assert_eq!(
        (r.within_6_months.eligible, r.within_6_months.recurred),
        (3, 1)
    );
    assert_eq!(r.within_12_months.share, Some(1.0));
    assert_eq!(r.within_12_months.eligible, 2);
}

#[test]
fn reproduces_the_rheden_savings_estimate() {
    // Rheden: 176 youths, 37% without further care, 63%, €2,414 → "€99.050".
    let p = SavingsParams::default();
    let estimate = savings_estimate(176.0, 0.37, &p);
    assert!((estimate - 99_050.0).abs() / 99_050.0 < 0.001, "{estimate}");
    assert_eq!((estimate / 1000.0).round(), 99.0);
    // The same from rows: 65 of 176 (36.9%) closed without further care.
    let rows: Vec<Facts> = (0..176)
        .map(|i| Facts {
            outcome: Some(if i < 65 {
                Outcome::NoFurtherCare
            } else {
                Outcome::YouthCareLocal
            }),
            ..fact(&i.to_string())
        })
        .collect();
    let s = run(&rows).savings;
    assert_eq!((s.closed, s.no_further_care), (176, 65));
    assert!((s.estimate_eur - 65.0 * 0.63 * 2414.0).abs() < 1e-6);
    assert_eq!((s.estimate_eur / 1000.0).round(), 99.0);
    assert_eq!((s.share_gp_would_refer, s.average_cost_eur), (0.63, 2414.0));
}

#[test]
fn groups_split_the_whole_and_unknown_comes_last() {
    let consult = |practice: Option<&str>, count| ConsultationCount {
        month: "2024-02".parse().unwrap(),
        practice: practice.map(Into::into),
        kern: None,
        municipality: None,
        count,
    };
    let rows = [
        fact("a"),
        Facts {
            practice: Some("Arnhemseweg".into()),
            ..fact("b")
        },
        Facts {
            practice: None,
            ..fact("c")
        },
    ];
    let mut c = ctx();
    c.group_by = Some(GroupBy::Practice);
    let r = compute(&rows, &[consult(Some("De Linde"), 4), consult(None, 1)], &c);
    let labels: Vec<&str> = r.groups.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(labels, ["Arnhemseweg", "De Linde", "onbekend"]);
    assert_eq!(r.overall.gp_consultations, 5);
    assert_eq!(r.groups[1].figures.gp_consultations, 4);
    let sum: u64 = r.groups.iter().map(|g| g.figures.referrals).sum();
    assert_eq!(sum, r.overall.referrals);
}

#[test]
fn parameters_are_checked() {
    let bad = ReportParams {
        from: Some(d("2024-02-01")),
        to: Some(d("2024-01-01")),
        ..Default::default()
    };
    assert!(bad.context(d("2025-01-01")).is_err());
    let mut p = ReportParams::default();
    p.savings.share_gp_would_refer = 1.5;
    assert!(p.context(d("2025-01-01")).is_err());
    p.savings = SavingsParams::default();
    p.profile = Some("atlantis".into());
    assert!(p.context(d("2025-01-01")).is_err());
    assert_eq!(
        ReportParams::default()
            .context(d("2025-01-01"))
            .unwrap()
            .period
            .to,
        d("2025-01-01")
    );
}

#[test]
fn months_run_from_start_to_end_with_gaps_shown() {
    let c = ReportParams {
        from: Some(d("2024-01-15")),
        to: Some(d("2024-03-31")),
        ..ReportParams::default()
    }
    .context(d("2025-01-01"))
    .unwrap();
    let mut jan_b = fact("b");
    jan_b.waiting_days = Some(14);
    let mut jan_c = fact("c"); // referred, no first contact yet
    jan_c.waiting_days = None;
    let mut march = fact("d");
    march.referral_month = "2024-03".parse().unwrap();
    march.waiting_days = Some(3);
    let mut earlier = fact("e"); // referred before the period: not in any month
    earlier.referred_in_period = false;
    earlier.referral_month = "2023-12".parse().unwrap();
    let months = compute(&[fact("a"), jan_b, jan_c, march.clone(), earlier], &[], &c).months;
    let got: Vec<(String, u64, Option<f64>)> = months
        .iter()
        .map(|m| (m.month.to_string(), m.referrals, m.waiting_days.median))
        .collect();
    // January: waits of 7 (fact's default) and 14 days, median 10.5.
    assert_eq!(
        got,
        vec![
            ("2024-01".into(), 3, Some(10.5)),
            ("2024-02".into(), 0, None),
            ("2024-03".into(), 1, Some(3.0)),
        ]
    );
    assert_eq!(months[0].waiting_days.n, 2);

    // Without a start, the months begin at the first referral in the period.
    let open_start = compute(&[march], &[], &ctx()).months;
    assert_eq!(open_start.first().unwrap().month.to_string(), "2024-03");
    assert_eq!(open_start.last().unwrap().month.to_string(), "2025-01");
}
