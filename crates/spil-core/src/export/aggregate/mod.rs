//! The aggregate export: count tables by municipality (and by practice where a practice
//! has at least 10 referrals), periods in quarters or half-years, protected together by
//! [`super::suppress`]; medians and means only where at least 10 values lie behind them.
//!
//! # Tables by kern
//!
//! A municipality such as Rheden reports per kern (village or district), so three
//! tables are also offered by kern: referrals by kern and period, closed trajectories
//! by kern and outcome, and GP consultations by kern and period. Those are the figures
//! a kern is steered on (how many children come in, where they go next, how much the
//! GP asks). The other breakdowns (referrer, age band, gender, triage, problem areas,
//! number of conversations, region categories) are not offered by kern: a kern has a
//! few dozen referrals a year, so split by a second dimension nearly every kern cell
//! would be 1–7 and hidden, and each such table adds cells the audit has to protect
//! while telling the reader almost nothing.
//!
//! A kern row's code names its municipality first, `GM0275:Dieren` (a CBS code holds
//! no `:`), and its label reads `Dieren (GM0275)`; trajectories whose practice has no
//! kern form the row `GM0275:unknown`, "kern onbekend". So the kern rows of a
//! municipality add up exactly to its row, and the ledger holds that as equations
//! (municipality cell = sum of its kern cells, in every column and the row total, of
//! the same measure and period); the audit and the greedy repair see them like any
//! other equation. The column totals and grand total of a kern table are the same
//! quantities as those of its municipality table.
//!
//! Small kerns are not pooled the way small practices are: a practice is pooled so its
//! name stays out of the file, while a kern is a place the municipality already
//! publishes, and a pool would only be the difference between the municipality row
//! and the named kerns. A small kern's counts of 1–7 are hidden like any other cell.
//!
//! Where protection cannot be met with a kern table, the step withholds it instead of
//! failing the export: the step is decided again without publishing that table (its
//! counts stay in the ledger as unpublished quantities, so the links between periods
//! still hold), the last kern table first, until protection holds or no kern table is
//! left (then the export fails as before). A withheld table is listed in
//! [`Aggregates::withheld`], in the file and the preview. Each step starts with every
//! kern table again, so what a step publishes depends only on its own data and its
//! parts', whichever export asks for it.
//!
//! # Files
//!
//! This file holds the thresholds and the published types: tables, statistics, the
//! notes behind hidden cells and what protection cost. The rest is split by concern:
//! - `period`: quarters and half-years, and the steps (a period with its parts) whose
//!   tables are decided together.
//! - `build`: building every table of an export step by step, withholding tables by
//!   kern where protection needs it, and counting the loss.
//! - `lines`: the equations the ledger holds between tables: pooled practices, region
//!   categories, kerns within their municipality, and a period as the sum of its parts.

mod build;
mod lines;
mod period;

use serde::{Deserialize, Serialize};

use super::suppress::ReasonCode;
use crate::report::Savings;

pub use build::build;
pub use period::Granularity;

/// Medians and means are published only over at least this many values.
pub const MIN_N_FOR_STATISTICS: u64 = 10;
/// A practice is named only with at least this many referrals (docs/PRIVACY.md).
pub const MIN_PRACTICE_TOTAL: usize = 10;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub code: String,
    pub label: String,
}

impl Label {
    pub fn new(code: &str, label: impl Into<String>) -> Label {
        Label {
            code: code.to_owned(),
            label: label.into(),
        }
    }
}

/// One published table; `None` in a cell or total means suppressed ("geheim").
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub name: String,
    pub title: String,
    pub measure: String,
    pub row_dimension: String,
    pub column_dimension: String,
    pub rows: Vec<Label>,
    pub columns: Vec<Label>,
    #[cfg_attr(feature = "specta", specta(type = Vec<Vec<Option<u32>>>))]
    pub cells: Vec<Vec<Option<u64>>>,
    #[cfg_attr(feature = "specta", specta(type = Vec<Option<u32>>))]
    pub row_totals: Vec<Option<u64>>,
    #[cfg_attr(feature = "specta", specta(type = Vec<Option<u32>>))]
    pub column_totals: Vec<Option<u64>>,
    #[cfg_attr(feature = "specta", specta(type = Option<u32>))]
    pub total: Option<u64>,
}

/// Medians and means for one municipality (or `total`); `None` where n < 10.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statistic {
    pub group: String,
    pub label: String,
    pub waiting_days_median: Option<f64>,
    pub waiting_days_p90: Option<f64>,
    pub duration_days_median: Option<f64>,
    pub conversations_mean: Option<f64>,
    pub satisfaction_mean: Option<f64>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aggregates {
    pub tables: Vec<Table>,
    pub statistics: Vec<Statistic>,
    /// Left out when it would reveal a suppressed count.
    pub savings: Option<Savings>,
    /// Tables by kern left out because protection could not be met with them.
    pub withheld: Vec<Label>,
}

// The file never carries these notes: they would tell which hidden cells are small.
/// Why one published cell differs from its true count, for the preview.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellNote {
    pub table: String,
    /// Row code, or `total`.
    pub row: String,
    /// Column code, or `total`.
    pub column: String,
    pub reason: ReasonCode,
    /// The hidden cell a `protects` cell protects, as `measure, row, column, period`.
    pub protects: Option<String>,
}

/// The tables as they will be written, and the reasons behind every hidden or rounded
/// cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub aggregates: Aggregates,
    pub notes: Vec<CellNote>,
    pub loss: Loss,
}

/// What protection cost, over every cell and total of the written tables.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loss {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub cells: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub zero: u64,
    /// Hidden because 1–7.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub hidden_small: u64,
    /// Hidden to protect another hidden cell.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub hidden_protecting: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub rounded: u64,
    /// Sum of |published − true| over the rounded cells.
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub rounding_error: u64,
}
