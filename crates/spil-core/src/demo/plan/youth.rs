//! Planning the people: new youths, siblings in families, BSNs and postcodes.

use chrono::NaiveDate;

use super::{data, days, timestamp, Planner, PracticeSpec, RECENT};
use crate::codes::Gender;

pub(crate) struct NewYouth {
    pub id: String,
    pub youth_ref: String,
    pub given_name: &'static str,
    pub family_name: &'static str,
    pub birth_date: NaiveDate,
    pub gender: Gender,
    pub bsn: String,
    pub postcode: String,
    pub family_id: Option<String>,
    /// A family created for this youth and an older sibling, whose row is linked too.
    pub new_family_with: Option<String>,
    pub created_at: String,
}

/// A recently planned youth, a candidate for a sibling or a second referral.
pub(super) struct Recent {
    pub(super) id: String,
    pub(super) given_name: &'static str,
    pub(super) birth_date: NaiveDate,
    pub(super) family_name: &'static str,
    pub(super) postcode: String,
    pub(super) practice: usize,
    pub(super) family_id: Option<String>,
    /// Closed on this date; a youth is referred again only after a closure.
    pub(super) closed: Option<NaiveDate>,
    pub(super) last_referral: NaiveDate,
}

impl Planner {
    pub(super) fn bsn(&mut self) -> String {
        loop {
            let mut d = [0u8; 9];
            d[0] = self.rng.range(1, 9) as u8;
            for x in &mut d[1..8] {
                *x = self.rng.range(0, 9) as u8;
            }
            let sum: u32 = (0..8).map(|i| (9 - i as u32) * d[i] as u32).sum();
            if sum % 11 <= 9 {
                d[8] = (sum % 11) as u8;
                return d.iter().map(|x| char::from(b'0' + x)).collect();
            }
        }
    }

    fn postcode(&mut self, p: &PracticeSpec) -> String {
        const LETTERS: &[u8] = b"ABCDEGHJKLMNPRSTVWXZ";
        let digits = *self.rng.pick(p.postcodes);
        let a = *self.rng.pick(LETTERS) as char;
        let b = *self.rng.pick(LETTERS) as char;
        format!("{digits}{a}{b}")
    }

    pub(super) fn new_youth(
        &mut self,
        referral: NaiveDate,
        practice: usize,
        sibling: Option<usize>,
    ) -> NewYouth {
        let age = self
            .rng
            .weighted(&[((0, 3), 7), ((4, 11), 45), ((12, 17), 46), ((18, 18), 2)]);
        let years = self.rng.range(age.0, age.1);
        let birth = days(referral, -(years * 365 + self.rng.range(0, 364)));
        let gender = self.rng.weighted(data::GENDERS);
        let given = match gender {
            Gender::Male => *self.rng.pick(data::GIVEN_M),
            Gender::Female => *self.rng.pick(data::GIVEN_F),
            _ if self.rng.chance(50) => *self.rng.pick(data::GIVEN_M),
            _ => *self.rng.pick(data::GIVEN_F),
        };
        self.youths += 1;
        let id = self.id(referral);
        let (family_name, postcode, family_id, new_family_with) = match sibling {
            Some(i) => {
                let s = &self.recent[i];
                let (name, pc, existing, sid) = (
                    s.family_name,
                    s.postcode.clone(),
                    s.family_id.clone(),
                    s.id.clone(),
                );
                match existing {
                    Some(f) => (name, pc, Some(f), None),
                    None => {
                        let f = self.id(referral);
                        self.recent[i].family_id = Some(f.clone());
                        (name, pc, Some(f), Some(sid))
                    }
                }
            }
            None => {
                let name = *self.rng.pick(data::FAMILY);
                (name, self.postcode(&data::PRACTICES[practice]), None, None)
            }
        };
        NewYouth {
            id,
            youth_ref: format!("D{:06}", self.youths),
            given_name: given,
            family_name,
            birth_date: birth,
            gender,
            bsn: self.bsn(),
            postcode,
            family_id,
            new_family_with,
            created_at: timestamp(referral, 0),
        }
    }

    pub(super) fn remember(&mut self, y: &NewYouth, practice: usize, referral: NaiveDate) {
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        self.recent.push_back(Recent {
            id: y.id.clone(),
            given_name: y.given_name,
            birth_date: y.birth_date,
            family_name: y.family_name,
            postcode: y.postcode.clone(),
            practice,
            family_id: y.family_id.clone(),
            closed: None,
            last_referral: referral,
        });
    }
}
