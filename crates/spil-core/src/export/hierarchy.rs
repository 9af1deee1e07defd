//! The generalisation hierarchies of the record export's quasi-identifiers.
//!
//! Every function here takes a value *as published* and a level, and returns the
//! value at that level or the value itself when it is already coarser. So the same
//! code generalises a vault's exact values and a merged file's already generalised
//! ones, and a value's ancestors are always the same.
//!
//! | attribute | levels |
//! |---|---|
//! | age band | band (0-3, 4-11, 12-17, 18+) → merged (0-11, 12+) → hidden |
//! | gender | shown → hidden |
//! | location | practice and kern → municipality → region → hidden |
//! | referral and closing period | month → quarter → half-year → year |
//! | referrer | code → group → hidden |
//! | family | exact (capped) → any (0 / 1+) → hidden |

use serde::{Deserialize, Serialize};

use crate::codes::Referrer;
use crate::report::YearMonth;

/// The referrer groups, the referrer's level above its code.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferrerGroup {
    // GP, youth doctor, medical specialist.
    Medical,
    // School.
    Education,
    // Municipal team, certified institution (youth protection), court.
    Social,
    // The family itself.
    #[serde(rename = "self")]
    SelfReferred,
    // Other professionals.
    Other,
}

impl ReferrerGroup {
    pub fn of(r: Referrer) -> ReferrerGroup {
        match r {
            Referrer::Gp | Referrer::YouthDoctor | Referrer::MedicalSpecialist => {
                ReferrerGroup::Medical
            }
            Referrer::School => ReferrerGroup::Education,
            Referrer::MunicipalTeam | Referrer::CertifiedInstitution | Referrer::Court => {
                ReferrerGroup::Social
            }
            Referrer::SelfReferred => ReferrerGroup::SelfReferred,
            Referrer::OtherProfessional => ReferrerGroup::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReferrerGroup::Medical => "medical",
            ReferrerGroup::Education => "education",
            ReferrerGroup::Social => "social",
            ReferrerGroup::SelfReferred => "self",
            ReferrerGroup::Other => "other",
        }
    }
}

impl std::fmt::Display for ReferrerGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Age bands: 0 = as registered, 1 = merged into 0-11 and 12+, 2 = hidden.
pub fn age_band(v: Option<&str>, level: u8) -> Option<String> {
    let v = v?;
    match level {
        0 => Some(v.to_owned()),
        1 => Some(
            match v {
                "0-3" | "4-11" | "0-11" => "0-11",
                _ => "12+",
            }
            .to_owned(),
        ),
        _ => None,
    }
}

/// A published period: `YYYY-MM`, `YYYY-Qn`, `YYYY-Hn` or `YYYY`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodValue {
    pub year: i32,
    /// 0 = month, 1 = quarter, 2 = half-year, 3 = year.
    pub level: u8,
    /// The month (1–12), quarter (1–4) or half (1–2); 1 for a year.
    pub index: u32,
}

impl PeriodValue {
    pub fn month(m: YearMonth) -> PeriodValue {
        PeriodValue {
            year: m.year,
            level: 0,
            index: m.month,
        }
    }

    pub fn parse(s: &str) -> Option<PeriodValue> {
        let year: i32 = s.get(..4)?.parse().ok()?;
        let rest = s.get(4..)?;
        let (level, index) = match rest.as_bytes() {
            [] => (3, 1),
            [b'-', b'Q', q] if (b'1'..=b'4').contains(q) => (1, u32::from(q - b'0')),
            [b'-', b'H', h] if (b'1'..=b'2').contains(h) => (2, u32::from(h - b'0')),
            [b'-', _, _] => {
                let m: u32 = rest.get(1..)?.parse().ok()?;
                ((1..=12).contains(&m).then_some(0)?, m)
            }
            _ => return None,
        };
        Some(PeriodValue { year, level, index })
    }

    /// The period at `level`, or itself when it is already coarser.
    pub fn at(self, level: u8) -> PeriodValue {
        if level <= self.level {
            return self;
        }
        let first_month = match self.level {
            0 => self.index,
            1 => (self.index - 1) * 3 + 1,
            2 => (self.index - 1) * 6 + 1,
            _ => 1,
        };
        let index = match level {
            1 => (first_month - 1) / 3 + 1,
            2 => (first_month - 1) / 6 + 1,
            _ => 1,
        };
        PeriodValue {
            year: self.year,
            level: level.min(3),
            index,
        }
    }

    /// The first month of the period: where a regional report places it.
    pub fn first_month(self) -> YearMonth {
        let month = match self.level {
            0 => self.index,
            1 => (self.index - 1) * 3 + 1,
            2 => (self.index - 1) * 6 + 1,
            _ => 1,
        };
        YearMonth {
            year: self.year,
            month,
        }
    }
}

impl std::fmt::Display for PeriodValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.level {
            0 => write!(f, "{:04}-{:02}", self.year, self.index),
            1 => write!(f, "{:04}-Q{}", self.year, self.index),
            2 => write!(f, "{:04}-H{}", self.year, self.index),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

/// A period string at `level` (an unreadable one is left as it is; the schema
/// refuses it on the way in).
pub fn period(v: &str, level: u8) -> String {
    PeriodValue::parse(v).map_or_else(|| v.to_owned(), |p| p.at(level).to_string())
}

/// A family count as published: exact up to `cap` ("3+" above), then "0"/"1+" or
/// "1"/"2+" (`base` is the smallest value), then hidden.
pub fn family_count(v: Option<&str>, level: u8, base: u32) -> Option<String> {
    let v = v?;
    match level {
        0 => Some(v.to_owned()),
        1 => Some(if v.parse::<u32>().ok() == Some(base) {
            v.to_owned()
        } else {
            format!("{}+", base + 1)
        }),
        _ => None,
    }
}

/// An exact count written with a cap: `cap` and above read `"{cap}+"`.
pub fn capped(n: u32, cap: u32) -> String {
    if n >= cap {
        format!("{cap}+")
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_climb_and_stay_when_coarser() {
        assert_eq!(period("2026-05", 0), "2026-05");
        assert_eq!(period("2026-05", 1), "2026-Q2");
        assert_eq!(period("2026-05", 2), "2026-H1");
        assert_eq!(period("2026-07", 2), "2026-H2");
        assert_eq!(period("2026-12", 3), "2026");
        assert_eq!(period("2026-Q3", 0), "2026-Q3");
        assert_eq!(period("2026-Q3", 2), "2026-H2");
        assert_eq!(period("2026-H2", 1), "2026-H2");
        assert_eq!(period("2026", 1), "2026");
        let q = PeriodValue::parse("2026-Q4").unwrap();
        assert_eq!(q.first_month().to_string(), "2026-10");
        assert!(PeriodValue::parse("2026-13").is_none());
        assert!(PeriodValue::parse("2026-Q5").is_none());
    }

    #[test]
    fn ages_referrers_and_families_generalise() {
        assert_eq!(age_band(Some("4-11"), 1).as_deref(), Some("0-11"));
        assert_eq!(age_band(Some("18+"), 1).as_deref(), Some("12+"));
        assert_eq!(age_band(Some("12+"), 1).as_deref(), Some("12+"));
        assert_eq!(age_band(Some("0-3"), 2), None);
        assert_eq!(ReferrerGroup::of(Referrer::Court), ReferrerGroup::Social);
        assert_eq!(ReferrerGroup::of(Referrer::YouthDoctor).as_str(), "medical");
        assert_eq!(capped(5, 3), "3+");
        assert_eq!(family_count(Some("3+"), 1, 0).as_deref(), Some("1+"));
        assert_eq!(family_count(Some("0"), 1, 0).as_deref(), Some("0"));
        assert_eq!(family_count(Some("2"), 1, 1).as_deref(), Some("2+"));
        assert_eq!(family_count(Some("2"), 2, 1), None);
    }
}
