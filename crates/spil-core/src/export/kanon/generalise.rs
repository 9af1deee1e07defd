//! The generalised attributes and their levels, a lattice node (one level per
//! attribute), and a record's quasi-identifiers with how each attribute climbs its
//! hierarchy ([`crate::export::hierarchy`]).

use serde::{Deserialize, Serialize};

use crate::codes::{Gender, Referrer};
use crate::export::hierarchy::{self, ReferrerGroup};
use crate::model::Status;

/// The generalised attributes, in lattice order.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    AgeBand,
    Gender,
    // Practice, kern, municipality and region together.
    Location,
    ReferralPeriod,
    ClosedPeriod,
    // Referrer code and group.
    Referrer,
    // Earlier trajectories, siblings in care, family size.
    Family,
}

pub const ATTRIBUTES: usize = 7;
/// One level per attribute, in [`Attribute::ALL`] order.
pub type Node = [u8; ATTRIBUTES];

impl Attribute {
    pub const ALL: [Attribute; ATTRIBUTES] = [
        Attribute::AgeBand,
        Attribute::Gender,
        Attribute::Location,
        Attribute::ReferralPeriod,
        Attribute::ClosedPeriod,
        Attribute::Referrer,
        Attribute::Family,
    ];

    /// The names of the levels, from as registered to most general.
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Attribute::AgeBand => &["band", "merged", "hidden"],
            Attribute::Gender => &["shown", "hidden"],
            Attribute::Location => &["practice", "municipality", "region", "hidden"],
            Attribute::ReferralPeriod | Attribute::ClosedPeriod => {
                &["month", "quarter", "half_year", "year"]
            }
            Attribute::Referrer => &["code", "group", "hidden"],
            Attribute::Family => &["exact", "any", "hidden"],
        }
    }

    pub(super) fn top(self) -> u8 {
        (self.levels().len() - 1) as u8
    }
}

/// The most general node.
pub fn top() -> Node {
    Attribute::ALL.map(Attribute::top)
}

/// The quasi-identifiers of a record, as published (`None` is published as empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Qi {
    pub age_band: Option<String>,
    pub gender: Option<Gender>,
    pub practice: Option<String>,
    pub kern: Option<String>,
    pub municipality: Option<String>,
    pub region: Option<String>,
    pub referral_period: String,
    pub closed_period: Option<String>,
    pub referrer: Option<Referrer>,
    pub referrer_group: Option<ReferrerGroup>,
    pub earlier_trajectories: Option<String>,
    pub siblings_in_care: Option<String>,
    pub family_size: Option<String>,
    pub referred_in_period: bool,
    pub closed_in_period: bool,
    pub status_at_end: Option<Status>,
}

impl Qi {
    /// The quasi-identifiers at `node` (levels below a value's own keep it as is).
    pub fn generalised(&self, node: &Node) -> Qi {
        let mut q = self.clone();
        for (a, &level) in Attribute::ALL.iter().zip(node) {
            q.generalise(*a, level);
        }
        q
    }

    fn generalise(&mut self, a: Attribute, level: u8) {
        match a {
            Attribute::AgeBand => {
                self.age_band = hierarchy::age_band(self.age_band.as_deref(), level)
            }
            Attribute::Gender => self.gender = self.gender.filter(|_| level < 1),
            Attribute::Location => {
                if level >= 1 {
                    (self.practice, self.kern) = (None, None);
                }
                if level >= 2 {
                    self.municipality = None;
                }
                if level >= 3 {
                    self.region = None;
                }
            }
            Attribute::ReferralPeriod => {
                self.referral_period = hierarchy::period(&self.referral_period, level)
            }
            Attribute::ClosedPeriod => {
                self.closed_period = self
                    .closed_period
                    .as_deref()
                    .map(|p| hierarchy::period(p, level))
            }
            Attribute::Referrer => {
                if level >= 1 {
                    self.referrer = None;
                }
                if level >= 2 {
                    self.referrer_group = None;
                }
            }
            Attribute::Family => {
                let f = hierarchy::family_count;
                self.earlier_trajectories = f(self.earlier_trajectories.as_deref(), level, 0);
                self.siblings_in_care = f(self.siblings_in_care.as_deref(), level, 0);
                self.family_size = f(self.family_size.as_deref(), level, 1);
            }
        }
    }

    /// One attribute's value at one level, as a key for interning.
    pub(super) fn attribute_key(&self, a: Attribute, level: u8) -> String {
        let mut q = self.clone();
        q.generalise(a, level);
        match a {
            Attribute::AgeBand => format!("{:?}", q.age_band),
            Attribute::Gender => format!("{:?}", q.gender),
            Attribute::Location => format!("{:?}", (q.practice, q.kern, q.municipality, q.region)),
            Attribute::ReferralPeriod => q.referral_period,
            Attribute::ClosedPeriod => format!("{:?}", q.closed_period),
            Attribute::Referrer => format!("{:?}", (q.referrer, q.referrer_group)),
            Attribute::Family => format!(
                "{:?}",
                (q.earlier_trajectories, q.siblings_in_care, q.family_size)
            ),
        }
    }

    pub(super) fn fixed_key(&self) -> String {
        format!(
            "{:?}",
            (
                self.referred_in_period,
                self.closed_in_period,
                self.status_at_end,
                self.closed_period.is_some()
            )
        )
    }
}
