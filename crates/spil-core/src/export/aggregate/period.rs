//! Periods: the quarters and half-years of the tables ([`Granularity`]), and the steps
//! whose tables are decided together ([`crate::export::suppress`]): a year is decided
//! after its halves, a half-year after its quarters.

use serde::{Deserialize, Serialize};

use super::Label;
use crate::report::{Facts, YearMonth};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    #[default]
    Quarter,
    HalfYear,
}

impl Granularity {
    pub fn months(self) -> u32 {
        match self {
            Granularity::Quarter => 3,
            Granularity::HalfYear => 6,
        }
    }
    /// The period a month falls in: code (`2024-Q1`, `2024-H2`) and Dutch label.
    pub fn period_of(self, m: YearMonth) -> Label {
        let n = (m.month - 1) / self.months() + 1;
        let (code, nl) = match self {
            Granularity::Quarter => ("Q", "kwartaal"),
            Granularity::HalfYear => ("H", "halfjaar"),
        };
        Label::new(
            &format!("{}-{code}{n}", m.year),
            format!("{} {nl} {n}", m.year),
        )
    }
    /// The first month of the period `m` falls in.
    pub fn start(self, m: YearMonth) -> YearMonth {
        YearMonth {
            month: (m.month - 1) / self.months() * self.months() + 1,
            ..m
        }
    }
    /// The periods covering `from..=to`, in order.
    pub fn periods(self, from: YearMonth, to: YearMonth) -> Vec<Label> {
        let mut out = Vec::new();
        let mut m = self.start(from);
        while m <= to {
            out.push(self.period_of(m));
            let next = m.first_day() + chrono::Months::new(self.months());
            m = YearMonth::of(next);
        }
        out
    }
}

/// A period whose tables are decided as one step ([`crate::export::suppress`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Step {
    pub(super) from: YearMonth,
    pub(super) to: YearMonth,
}

impl Step {
    fn months(self) -> u32 {
        ((self.to.year - self.from.year) * 12 + self.to.month as i32 - self.from.month as i32 + 1)
            .max(0) as u32
    }
    fn shape(self) -> Option<Granularity> {
        let aligned = self.from.year == self.to.year;
        match self.months() {
            3 if aligned && self.from.month % 3 == 1 => Some(Granularity::Quarter),
            6 if aligned && self.from.month % 6 == 1 => Some(Granularity::HalfYear),
            _ => None,
        }
    }
    fn is_year(self) -> bool {
        self.from.year == self.to.year && self.from.month == 1 && self.to.month == 12
    }
    pub(super) fn code(self) -> String {
        match self.shape() {
            Some(g) => g.period_of(self.from).code,
            None if self.is_year() => self.from.year.to_string(),
            None => format!("{}..{}", self.from, self.to),
        }
    }
    fn label(self) -> Label {
        match self.shape() {
            Some(g) => g.period_of(self.from),
            None => Label::new(&self.code(), self.code()),
        }
    }
    pub(super) fn contains(self, m: YearMonth) -> bool {
        self.from <= m && m <= self.to
    }
    fn half(self, second: bool) -> Step {
        let n = self.months() / 2;
        let start = self.from.first_day() + chrono::Months::new(if second { n } else { 0 });
        let end = start + chrono::Months::new(n - 1);
        Step {
            from: YearMonth::of(start),
            to: YearMonth::of(end),
        }
    }
    /// A year's halves, a half-year's quarters.
    pub(super) fn children(self) -> Option<[Step; 2]> {
        (self.is_year() || self.shape() == Some(Granularity::HalfYear))
            .then(|| [self.half(false), self.half(true)])
    }
    /// The steps that decide this period, in order: its parts first.
    pub(super) fn family(self) -> Vec<Step> {
        let mut out = Vec::new();
        if let Some(parts) = self.children() {
            for p in parts {
                out.extend(p.family());
            }
        }
        out.push(self);
        out
    }
    /// The columns of a table by period: the step's own periods of `granularity`.
    pub(super) fn columns(self, granularity: Granularity) -> Vec<Label> {
        if self.shape().is_some() && self.months() <= granularity.months() {
            vec![self.label()]
        } else {
            granularity.periods(self.from, self.to)
        }
    }
}

/// Facts as seen from a part of their period.
pub(super) fn restrict(facts: &[Facts], step: Step) -> Vec<Facts> {
    facts
        .iter()
        .map(|f| {
            let mut g = f.clone();
            g.referred_in_period = f.referred_in_period && step.contains(f.referral_month);
            g.closed_in_period =
                f.closed_in_period && f.closed_month.is_some_and(|m| step.contains(m));
            g
        })
        .collect()
}
