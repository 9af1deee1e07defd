//! k-anonymity for record exports: every published combination of (age band, gender,
//! municipality, outcome) occurs at least k times.
//!
//! Records whose combination is rarer are generalised one step at a time: first the
//! gender is blanked, then the age band, then the municipality (with kern and
//! practice, which would give it away), then the outcome. A record takes the first
//! level at which its generalised combination, counted among the records generalised
//! to that same level, reaches k. Records still alone after the last level are left
//! out, and the export says how many. Each level's classes have at least k records,
//! so every published combination (a union of such classes) has at least k.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::codes::{Gender, Outcome};
use crate::report::AgeBand;

/// Every published combination occurs at least k = 5 times (docs/PRIVACY.md).
pub const K: u64 = 5;

/// The quasi-identifiers of a record, as published (`None` is published as empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Qi {
    pub age_band: Option<AgeBand>,
    pub gender: Option<Gender>,
    pub municipality: Option<String>,
    pub outcome: Option<Outcome>,
}

/// How far a record is generalised: 0 = as is … 4 = all four blanked.
pub type Level = u8;
pub const MAX_LEVEL: Level = 4;

impl Qi {
    pub fn generalised(&self, level: Level) -> Qi {
        Qi {
            gender: self.gender.filter(|_| level < 1),
            age_band: self.age_band.filter(|_| level < 2),
            municipality: self.municipality.clone().filter(|_| level < 3),
            outcome: self.outcome.filter(|_| level < 4),
        }
    }
}

/// What k-anonymity did, as the export and its preview report it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anonymisation {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub k: u64,
    /// Records considered for the export.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub records: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub generalised_gender: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub generalised_age_band: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub generalised_municipality: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub generalised_outcome: u64,
    /// Records left out because no generalisation made them k-anonymous.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub suppressed: u64,
    /// Practices named (≥ 10 published records) and practices left blank.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub practices_shown: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub practices_hidden: u64,
}

/// The level of each original combination (`None`: suppressed).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub levels: HashMap<Qi, Option<Level>>,
}

impl Plan {
    /// Plan generalisation for the given counts of original combinations.
    pub fn new(counts: &HashMap<Qi, u64>, k: u64) -> Plan {
        let mut pending: Vec<(&Qi, u64)> = counts.iter().map(|(q, &n)| (q, n)).collect();
        let mut levels = HashMap::new();
        for level in 0..=MAX_LEVEL {
            let mut classes: HashMap<Qi, u64> = HashMap::new();
            for (q, n) in &pending {
                *classes.entry(q.generalised(level)).or_default() += n;
            }
            pending.retain(|(q, _)| {
                let big = classes[&q.generalised(level)] >= k;
                if big {
                    levels.insert((*q).clone(), Some(level));
                }
                !big
            });
        }
        for (q, _) in pending {
            levels.insert(q.clone(), None);
        }
        Plan { levels }
    }

    pub fn level(&self, q: &Qi) -> Option<Level> {
        self.levels.get(q).copied().flatten()
    }

    /// Counts for the export's summary.
    pub fn summary(&self, counts: &HashMap<Qi, u64>, k: u64) -> Anonymisation {
        let mut a = Anonymisation {
            k,
            records: counts.values().sum(),
            ..Default::default()
        };
        for (q, &n) in counts {
            match self.level(q) {
                None => a.suppressed += n,
                Some(l) => {
                    // Only count a field as generalised when a value was actually blanked.
                    let g = q.generalised(l);
                    a.generalised_gender += n * u64::from(g.gender != q.gender);
                    a.generalised_age_band += n * u64::from(g.age_band != q.age_band);
                    a.generalised_municipality += n * u64::from(g.municipality != q.municipality);
                    a.generalised_outcome += n * u64::from(g.outcome != q.outcome);
                }
            }
        }
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qi(age: AgeBand, g: Gender, o: Outcome) -> Qi {
        Qi {
            age_band: Some(age),
            gender: Some(g),
            municipality: Some("GM0275".into()),
            outcome: Some(o),
        }
    }

    #[test]
    fn rare_combinations_are_generalised_step_by_step() {
        let big = qi(AgeBand::Age4To11, Gender::Female, Outcome::NoFurtherCare);
        let boys = qi(AgeBand::Age4To11, Gender::Male, Outcome::NoFurtherCare);
        let x = qi(AgeBand::Age4To11, Gender::X, Outcome::NoFurtherCare);
        let lone = qi(AgeBand::Age18Plus, Gender::Male, Outcome::DroppedOut);
        let counts = HashMap::from([
            (big.clone(), 9),
            (boys.clone(), 3),
            (x.clone(), 2),
            (lone.clone(), 1),
        ]);
        let plan = Plan::new(&counts, K);
        assert_eq!(plan.level(&big), Some(0));
        // 3 boys + 2 with gender x: 5 with gender blanked.
        assert_eq!(plan.level(&boys), Some(1));
        assert_eq!(plan.level(&x), Some(1));
        assert_eq!(plan.level(&lone), None);
        let s = plan.summary(&counts, K);
        assert_eq!((s.records, s.generalised_gender, s.suppressed), (15, 5, 1));
        assert_eq!(s.generalised_outcome, 0);
    }
}
