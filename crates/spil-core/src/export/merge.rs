//! `spil merge`: the regional monitor's tool. Many workers' record-level JSON exports
//! become one regional report and one aggregate export.
//!
//! Refused: anything not a Spil record export of a version this build knows, unknown
//! fields, the same export twice (export id), the same pseudonym twice, and exports of
//! different periods. Pseudonyms are keyed per export, so the same vault exported twice
//! under two ids cannot be recognised by its records: only the export id catches a
//! file given twice.
//!
//! The merged records are protected again before anything is computed from them:
//! k-anonymity and l-diversity are re-checked over the full quasi-identifier set
//! ([`super::kanon`]), starting from the coarsest level any input used for each
//! attribute, generalising further or suppressing where the merged classes need it.
//! The region file then carries only the protected aggregate tables over the
//! regional counts (hidden 1–7, rounded to 5, audited; see [`super::suppress`]). The
//! unprotected report over the merged records is returned to the caller for checks and
//! never written. The same youth seen by two workers has two pseudonyms and counts
//! twice.
//!
//! Input hygiene: at most [`MAX_FILES`] files of at most [`MAX_BYTES`] and
//! [`MAX_RECORDS`] records each; periods between 2000 and 2099, at most
//! [`MAX_PERIOD_MONTHS`] long; every month, count and week in range.

use std::collections::HashSet;
use std::io::Read;

use serde::{Deserialize, Serialize};

use super::aggregate::{build, Aggregates, Granularity};
use super::hierarchy::PeriodValue;
use super::kanon::{self, Anonymisation, Counts};
use super::record::ExportRecord;
use super::{ExportLevel, Header, FORMAT, VERSION};
use crate::report::{
    compute, ConsultationCount, Context, GroupBy, Period, RegionProfile, Report, SavingsParams,
    YearMonth,
};
use crate::Rule;
use crate::{Error, Result};

pub const REGION_FORMAT: &str = "spil-region";
/// Input files a merge accepts.
pub const MAX_FILES: usize = 1000;
/// Bytes one input may have.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;
/// Records one input may have.
pub const MAX_RECORDS: usize = 500_000;
/// The longest period a merge accepts, in months.
pub const MAX_PERIOD_MONTHS: i32 = 60;
/// Weeks a waiting time or duration may have (ten years).
const MAX_WEEKS: i64 = 520;
/// Conversations one trajectory may have.
const MAX_CONVERSATIONS: u32 = 1000;
/// Consultations one practice may have in one month.
const MAX_CONSULTATIONS: u64 = 100_000;

#[derive(Debug, Clone, Default)]
pub struct MergeParams {
    pub group_by: Option<GroupBy>,
    pub profile: Option<String>,
    pub savings: SavingsParams,
    pub granularity: Granularity,
}

/// A record export as read back.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct RecordDocument {
    #[serde(flatten)]
    pub(super) header: Header,
    pub(super) records: Vec<ExportRecord>,
    gp_consultations: Vec<ConsultationCount>,
}

const TOP_LEVEL: [&str; 13] = [
    "format",
    "version",
    "export_id",
    "created",
    "level",
    "from",
    "to",
    "granularity",
    "profile",
    "anonymisation",
    "spil_version",
    "records",
    "gp_consultations",
];

/// An aggregate export document (validates against the export schema).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggregateDocument {
    #[serde(flatten)]
    pub header: Header,
    #[serde(flatten)]
    pub aggregates: Aggregates,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub name: String,
    pub export_id: String,
    pub records: u64,
    pub anonymisation: Option<Anonymisation>,
}

/// The merge's output: `region.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionalMerge {
    pub format: String,
    pub version: u32,
    pub from: YearMonth,
    pub to: YearMonth,
    pub sources: Vec<Source>,
    /// What re-protecting the merged records did.
    pub anonymisation: Anonymisation,
    /// The report over the merged records, unprotected: for the caller's checks,
    /// never written to the region file.
    #[serde(skip_serializing)]
    pub report: Report,
    pub aggregate: AggregateDocument,
}

fn refuse(name: &str, rule: Rule, message: impl Into<String>) -> Error {
    Error::invalid(name, rule, message)
}

pub(super) fn read_one(name: &str, input: impl Read) -> Result<RecordDocument> {
    let mut text = String::new();
    input.take(MAX_BYTES + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_BYTES {
        return Err(refuse(
            name,
            Rule::TooLarge,
            format!("larger than {} MiB", MAX_BYTES / 1024 / 1024),
        ));
    }
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| refuse(name, Rule::NotJson, format!("not JSON: {e}")))?;
    if value["format"] != FORMAT {
        return Err(refuse(name, Rule::NotSpilExport, "not a Spil export"));
    }
    if value["version"] != VERSION {
        return Err(refuse(
            name,
            Rule::UnsupportedVersion,
            format!(
                "export version {}; this Spil reads version {VERSION}",
                value["version"]
            ),
        ));
    }
    if value["level"] != "records" {
        return Err(refuse(
            name,
            Rule::NotRecords,
            "merge needs record-level exports",
        ));
    }
    if let Some(key) = value
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
        .find(|k| !TOP_LEVEL.contains(&k.as_str()))
    {
        return Err(refuse(
            name,
            Rule::UnknownField,
            format!("unknown field '{key}'"),
        ));
    }
    let doc: RecordDocument = serde_json::from_value(value).map_err(|e| {
        refuse(
            name,
            Rule::SchemaMismatch,
            format!("does not match the export schema: {e}"),
        )
    })?;
    debug_assert_eq!(doc.header.level, ExportLevel::Records);
    check_ranges(name, &doc)?;
    Ok(doc)
}

/// Every value within what a real export can hold.
fn check_ranges(name: &str, doc: &RecordDocument) -> Result<()> {
    let h = &doc.header;
    let sane = |m: YearMonth| (2000..=2099).contains(&m.year) && (1..=12).contains(&m.month);
    let span = (h.to.year - h.from.year) * 12 + h.to.month as i32 - h.from.month as i32 + 1;
    if !sane(h.from) || !sane(h.to) || !(1..=MAX_PERIOD_MONTHS).contains(&span) {
        return Err(refuse(
            name,
            Rule::PeriodInvalid,
            format!(
                "the period {}–{} is not a real export period (2000–2099, at most {MAX_PERIOD_MONTHS} months)",
                h.from, h.to
            ),
        ));
    }
    if doc.records.len() > MAX_RECORDS {
        return Err(refuse(
            name,
            Rule::TooManyRecords,
            format!("more than {MAX_RECORDS} records"),
        ));
    }
    let bad = |what: &str| {
        refuse(
            name,
            Rule::OutOfRange,
            format!("a record's {what} is out of range"),
        )
    };
    // A trajectory is exported when the period saw it: referred before its end, and
    // not closed before its start.
    // Periods may be generalised (a quarter, half-year or year): a record's period
    // must overlap the export's where it says it falls in it.
    let span = |p: &str| {
        PeriodValue::parse(p).map(|v| {
            let first = v.first_month();
            let months = [1, 3, 6, 12][usize::from(v.level.min(3))];
            let last = YearMonth::of(first.first_day() + chrono::Months::new(months - 1));
            (first, last)
        })
    };
    let overlaps = |(a, b): (YearMonth, YearMonth)| a <= h.to && b >= h.from;
    for r in &doc.records {
        let referral = span(&r.referral_period)
            .filter(|&(a, b)| sane(a) && sane(b) && a <= h.to)
            .ok_or_else(|| bad("referral period"))?;
        let closed = match &r.closed_period {
            Some(c) => Some(
                span(c)
                    .filter(|&(a, b)| sane(a) && sane(b) && b >= referral.0)
                    .ok_or_else(|| bad("closing period"))?,
            ),
            None => None,
        };
        if r.referred_in_period && !overlaps(referral) {
            return Err(bad("referral period"));
        }
        if r.closed_in_period && !closed.is_some_and(overlaps) {
            return Err(bad("closing period"));
        }
        if r.conversations > MAX_CONVERSATIONS {
            return Err(bad("number of conversations"));
        }
        let weeks = |w: Option<i64>| w.is_some_and(|w| !(0..=MAX_WEEKS).contains(&w));
        if weeks(r.waiting_weeks) || weeks(r.duration_weeks) {
            return Err(bad("weeks"));
        }
        if r.satisfaction.is_some_and(|s| !(1..=10).contains(&s)) {
            return Err(bad("satisfaction"));
        }
    }
    for c in &doc.gp_consultations {
        if !(h.from..=h.to).contains(&c.month) || c.count > MAX_CONSULTATIONS {
            return Err(refuse(
                name,
                Rule::OutOfRange,
                "a consultation count is out of range",
            ));
        }
    }
    Ok(())
}

/// Merge record exports (name, contents) into the regional report and aggregates.
/// Any refused input refuses the whole merge.
pub fn merge<R: Read>(
    inputs: impl IntoIterator<Item = (String, R)>,
    p: &MergeParams,
) -> Result<RegionalMerge> {
    let mut accepted = Accepted::default();
    for (name, input) in inputs {
        let doc = read_one(&name, input)?;
        accepted.add(name, doc)?;
    }
    combine(accepted, p)
}

/// The inputs a merge has taken so far, with what the next one is checked against.
#[derive(Default)]
pub(super) struct Accepted {
    docs: Vec<(String, RecordDocument)>,
    pseudonyms: HashSet<String>,
}

impl Accepted {
    /// Takes `doc` when it fits with the inputs already taken: not the same export
    /// twice, the same period, no pseudonym seen before. A refused input leaves
    /// the others as they were.
    pub(super) fn add(&mut self, name: String, doc: RecordDocument) -> Result<()> {
        if self.docs.len() == MAX_FILES {
            return Err(refuse(
                &name,
                Rule::TooManyFiles,
                format!("at most {MAX_FILES} exports in one merge"),
            ));
        }
        if let Some((other, _)) = self
            .docs
            .iter()
            .find(|(_, d)| d.header.export_id == doc.header.export_id)
        {
            return Err(refuse(
                &name,
                Rule::DuplicateExport,
                format!("the same export as {other}"),
            ));
        }
        if let Some((other, d)) = self.docs.first() {
            if (d.header.from, d.header.to) != (doc.header.from, doc.header.to) {
                return Err(refuse(
                    &name,
                    Rule::PeriodMismatch,
                    format!(
                        "covers {}–{}, {other} covers {}–{}",
                        doc.header.from, doc.header.to, d.header.from, d.header.to
                    ),
                ));
            }
        }
        let mut own = HashSet::new();
        for r in &doc.records {
            if self.pseudonyms.contains(&r.pseudonym) || !own.insert(r.pseudonym.as_str()) {
                return Err(refuse(
                    &name,
                    Rule::DuplicateRecords,
                    "holds a pseudonym already in another export",
                ));
            }
        }
        self.pseudonyms
            .extend(doc.records.iter().map(|r| r.pseudonym.clone()));
        self.docs.push((name, doc));
        Ok(())
    }

    pub(super) fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

/// The regional report and protected aggregates over the inputs taken.
pub(super) fn combine(accepted: Accepted, p: &MergeParams) -> Result<RegionalMerge> {
    let docs = accepted.docs;
    let Some((_, first)) = docs.first() else {
        return Err(Error::invalid(
            "exports",
            Rule::Required,
            "give at least one export",
        ));
    };
    let (from, to) = (first.header.from, first.header.to);
    let as_of = docs
        .iter()
        .map(|(_, d)| d.header.created)
        .max()
        .unwrap_or_else(crate::today);

    let mut records = Vec::new();
    let mut consultations = Vec::new();
    let mut sources = Vec::new();
    let mut floor = [0; kanon::ATTRIBUTES];
    for (name, doc) in docs {
        if let Some(a) = &doc.header.anonymisation {
            for (f, l) in floor.iter_mut().zip(a.node()) {
                *f = (*f).max(l);
            }
        }
        sources.push(Source {
            name,
            export_id: doc.header.export_id,
            records: doc.records.len() as u64,
            anonymisation: doc.header.anonymisation,
        });
        records.extend(doc.records);
        consultations.extend(doc.gp_consultations);
    }
    let (anonymisation, facts) = reprotect(records, floor);

    let profile = p.profile.as_deref().map(RegionProfile::named).transpose()?;
    let savings = p.savings.validated()?;
    let ctx = Context {
        period: Period {
            from: Some(from.first_day()),
            to: to.last_day(),
        },
        as_of,
        group_by: p.group_by,
        profile: profile.clone(),
        savings,
    };
    let report = compute(&facts, &consultations, &ctx);
    // Whole periods of the chosen granularity, as an aggregate export has them.
    let g = p.granularity;
    let to_end = YearMonth::of(g.start(to).first_day() + chrono::Months::new(g.months() - 1));
    let aggregates = build(
        &facts,
        &consultations,
        g.start(from),
        to_end,
        g,
        profile.as_ref(),
        &savings,
    )?
    .aggregates;
    let header = Header {
        format: FORMAT.into(),
        version: VERSION,
        export_id: crate::new_id(),
        created: crate::today(),
        level: ExportLevel::Aggregate,
        from: g.start(from),
        to: to_end,
        granularity: Some(p.granularity),
        profile: p.profile.clone(),
        anonymisation: None,
        spil_version: env!("CARGO_PKG_VERSION").into(),
    };
    Ok(RegionalMerge {
        format: REGION_FORMAT.into(),
        version: VERSION,
        from,
        to,
        sources,
        anonymisation,
        report,
        aggregate: AggregateDocument { header, aggregates },
    })
}

/// k and l over the merged records: generalise (never below `floor`) and suppress as
/// the merged classes need, and return the facts of what is kept.
fn reprotect(
    records: Vec<ExportRecord>,
    floor: kanon::Node,
) -> (Anonymisation, Vec<crate::report::Facts>) {
    let mut counts = Counts::default();
    for r in &records {
        counts.add(r.qi(), r.outcome, &r.youth);
    }
    let choice = kanon::search(&counts, floor, &kanon::RULES);
    let facts = records
        .into_iter()
        .filter_map(|mut r| {
            let q = choice.publish(&r.qi())?;
            r.set_qi(q);
            Some(r.to_facts())
        })
        .collect();
    (choice.anonymisation(), facts)
}
