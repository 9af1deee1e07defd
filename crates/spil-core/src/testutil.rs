//! Helpers for unit tests: a real encrypted vault in a temporary folder.

use crate::codes::{Gender, ProblemArea, Referrer, Urgency};
use crate::model::{PracticeInput, ReferralInput, YouthInput};
use crate::{Passphrase, Vault};

pub const PASS: &str = "paard batterij niet plakband";

pub fn vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(dir.path(), &Passphrase::new(PASS), "test").unwrap();
    (dir, v)
}

pub fn practice_input(name: &str) -> PracticeInput {
    PracticeInput {
        name: name.into(),
        kern: Some("Dieren".into()),
        municipality_code: Some("gm0275".into()),
        hours_per_week: Some(16.0),
        in_practice: true,
        his: None,
    }
}

pub fn youth_input(youth_ref: &str) -> YouthInput {
    YouthInput {
        youth_ref: Some(youth_ref.into()),
        given_name: Some("Sanne".into()),
        family_name: Some("Jansen".into()),
        birth_date: chrono::NaiveDate::from_ymd_opt(2012, 5, 17),
        gender: Gender::Female,
        bsn: Some("111222333".into()),
        postcode: Some("6951 AB".into()),
        sibling_of: None,
    }
}

pub fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// A vault with one practice, one youth and one open referral of 2024-03-01.
pub fn with_referral() -> (tempfile::TempDir, Vault, String) {
    let (dir, mut v) = vault();
    let p = v.add_practice(&practice_input("De Linde")).unwrap();
    let y = v.add_youth(&youth_input("J1")).unwrap();
    let t = v
        .register_referral(&ReferralInput {
            youth_id: y.id,
            practice_id: p.id,
            referral_date: date("2024-03-01"),
            referrer: Some(Referrer::Gp),
            request_for_help: Some("slaapt slecht".into()),
            problem_areas: vec![ProblemArea::Sleep, ProblemArea::AnxietyMood],
            urgency: Urgency::Normal,
        })
        .unwrap();
    (dir, v, t)
}
