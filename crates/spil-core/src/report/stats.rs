//! Small statistics with stated definitions, so hand-computed tests can match them.

use serde::{Deserialize, Serialize};

/// n, mean, median and 90th percentile of a list of numbers (days, marks).
///
/// Median: the middle value, or the mean of the two middle values for even n.
/// P90: the nearest-rank percentile, the value at rank ⌈0.9·n⌉ of the sorted list, so
/// it is always an observed value (as regions read "90% waited at most … days").
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub n: u64,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

impl Summary {
    pub fn of(mut values: Vec<i64>) -> Summary {
        if values.is_empty() {
            return Summary::default();
        }
        values.sort_unstable();
        let n = values.len();
        let sum: i64 = values.iter().sum();
        let median = if n % 2 == 1 {
            values[n / 2] as f64
        } else {
            (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
        };
        let rank = (n * 9).div_ceil(10).max(1);
        Summary {
            n: n as u64,
            mean: Some(sum as f64 / n as f64),
            median: Some(median),
            p90: Some(values[rank - 1] as f64),
        }
    }
}

/// `part / whole`, or `None` when there is nothing to divide.
pub fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// One line of a distribution: a code, its Dutch label, how many and what share.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub code: String,
    pub label: String,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub count: u64,
    /// Share of the distribution's base (referrals or closed trajectories).
    pub share: Option<f64>,
}

impl Count {
    pub fn new(code: &str, label: impl Into<String>, count: u64, base: u64) -> Count {
        Count {
            code: code.to_owned(),
            label: label.into(),
            count,
            share: share(count, base),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_by_hand() {
        // 1 2 3 4 10: mean 4, median 3, p90 at rank ⌈4.5⌉ = 5 → 10.
        let s = Summary::of(vec![4, 1, 10, 3, 2]);
        assert_eq!(
            (s.n, s.mean, s.median, s.p90),
            (5, Some(4.0), Some(3.0), Some(10.0))
        );
        // Even n: median is the mean of the middle two; p90 of 10 values is the 9th.
        let s = Summary::of((1..=10).collect());
        assert_eq!((s.median, s.p90), (Some(5.5), Some(9.0)));
        assert_eq!(Summary::of(vec![]), Summary::default());
        assert_eq!(Summary::of(vec![7]).p90, Some(7.0));
    }

    #[test]
    fn shares_of_nothing_are_absent() {
        assert_eq!(share(1, 4), Some(0.25));
        assert_eq!(share(0, 0), None);
    }
}
