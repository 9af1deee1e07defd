//! k-anonymity and l-diversity for record exports, by full-domain generalisation
//! chosen with a small lattice search in the style of ARX.
//!
//! **Attacker.** Someone who knows a child (a neighbour, a teacher, a colleague)
//! knows everything about the child that the export publishes except what happened
//! in care: age band, gender, where the family lives and which practice it uses, when
//! the child was referred and when care ended, who referred, and the family's make-up.
//! Those are the quasi-identifiers ([`Qi`]); together with the two period flags and the
//! status at the period's end (derived from the periods, but they split classes once
//! the periods are generalised) they form the equivalence class of a record.
//!
//! **Rules.** Every published class holds the records of at least [`K`] different
//! children (a child referred twice is one child, whose two records may share a class),
//! and every class of
//! closed trajectories holds at least [`L`] distinct outcomes (an outcome left
//! unregistered counts as one value), so knowing the class never tells the outcome.
//! Classes of trajectories still open have no outcome to give away.
//!
//! **Method.** Each quasi-identifier climbs its own hierarchy ([`super::hierarchy`]);
//! a lattice node says one level per attribute for the whole export (full-domain
//! generalisation). Whether a record survives at a node is monotone: a coarser node
//! only merges classes, so a record whose class passed still passes, and a node finer
//! than one that suppresses too much suppresses too much as well. The search visits
//! the nodes by increasing precision loss, never counts a node finer than one that
//! failed, and stops once a node's precision loss alone exceeds the best total loss
//! found. Among the nodes that suppress at most [`SUPPRESSION_BUDGET_PERCENT`] % of
//! the records it takes the one with the least loss, then the lowest, then the first
//! in attribute order, so the same caseload always gives the same export. The records
//! in classes that still fail are suppressed (left out), and the export says how many.
//! If no node keeps within the budget (a very small caseload), the top node is taken
//! and whatever still fails is suppressed.
//!
//! **Loss.** Weighted precision with suppression (Sweeney's Prec, with attribute
//! weights as ARX allows): a record published at a node loses, per attribute,
//! `level / highest level` times the attribute's weight, a suppressed record loses
//! everything. Location weighs double (a municipality's figures are about where
//! children live) and the family counts half; the rest weigh one. The export's loss
//! is the mean over its records divided by the total weight, from 0 (everything as
//! registered) to 1 (nothing left). It is computed in integers, so ties are exact.
//!
//! **Files.** This file holds the rules and what the export reports about them
//! ([`Anonymisation`]). The work is split by concern:
//! - `generalise`: the attributes, their levels and a lattice [`Node`]; a record's
//!   quasi-identifiers ([`Qi`]) and how each attribute climbs its hierarchy.
//! - `counts`: counting the records per combination of quasi-identifiers, and per
//!   class at a node (children, outcomes), which says how many records a node must
//!   suppress.
//! - `choose`: the loss, the lattice search and the [`Choice`] it makes: the node,
//!   and the classes withheld at it.

mod choose;
mod counts;
mod generalise;

use serde::{Deserialize, Serialize};

pub use choose::{search, Choice};
pub use counts::Counts;
pub use generalise::{top, Attribute, Node, Qi, ATTRIBUTES};

/// Every published class holds the records of at least this many children.
pub const K: u64 = 5;
/// Every class of closed trajectories holds at least this many distinct outcomes.
pub const L: u64 = 2;
/// The share of records a chosen node may suppress, in percent.
pub const SUPPRESSION_BUDGET_PERCENT: u64 = 5;

/// What the search and the rules are to reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub k: u64,
    pub l: u64,
    pub budget_percent: u64,
}

pub const RULES: Rules = Rules {
    k: K,
    l: L,
    budget_percent: SUPPRESSION_BUDGET_PERCENT,
};

/// One attribute and the level it was published at.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generalised {
    pub attribute: Attribute,
    /// A name from [`Attribute::levels`].
    pub level: String,
}

/// What anonymisation did, as the export, its preview and its summary report it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anonymisation {
    /// The rules: every class at least `k` records, every closed class `l` outcomes.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub k: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub l: u64,
    /// The smallest published class (`None`: nothing published).
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub k_reached: Option<u64>,
    /// The fewest distinct outcomes in a published class of closed trajectories.
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub l_reached: Option<u64>,
    /// Records considered for the export.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub records: u64,
    /// Records left out because their class stayed under k or l.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub suppressed: u64,
    /// Records whose class would break k or l if every attribute were published as
    /// registered: the risk the generalisation removed.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub at_risk_before: u64,
    /// Every attribute with the level applied to all records.
    pub generalisation: Vec<Generalised>,
    /// Information loss, 0 (all as registered) to 1 (nothing left); see the module docs.
    pub loss: f64,
    /// Practices named (≥ 10 records) and practices left blank.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub practices_shown: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub practices_hidden: u64,
}

impl Anonymisation {
    /// The node these levels name (unknown names read as the top level).
    pub fn node(&self) -> Node {
        let mut node = [0; ATTRIBUTES];
        for (i, a) in Attribute::ALL.iter().enumerate() {
            let level = self.generalisation.iter().find(|g| g.attribute == *a);
            node[i] = match level {
                Some(g) => a
                    .levels()
                    .iter()
                    .position(|n| *n == g.level)
                    .map_or(a.top(), |p| p as u8),
                None => 0,
            };
        }
        node
    }
}

#[cfg(test)]
mod tests;
