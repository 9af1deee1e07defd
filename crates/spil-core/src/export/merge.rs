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
//! attribute (so the regional data has one level per attribute), generalising further
//! or suppressing where the merged classes need it. Suppression of the aggregate
//! tables runs after that, on the regional counts. The same youth seen by two workers
//! has two pseudonyms and counts twice.

use std::collections::HashSet;
use std::io::Read;

use serde::{Deserialize, Serialize};

use super::aggregate::{build, Aggregates, Granularity};
use super::kanon::{self, Anonymisation, Counts};
use super::record::ExportRecord;
use super::{ExportLevel, Header, FORMAT, VERSION};
use crate::report::{
    compute, ConsultationCount, Context, GroupBy, Period, RegionProfile, Report, SavingsParams,
    YearMonth,
};
use crate::{Error, Result};

pub const REGION_FORMAT: &str = "spil-region";

#[derive(Debug, Clone, Default)]
pub struct MergeParams {
    pub group_by: Option<GroupBy>,
    pub profile: Option<String>,
    pub savings: SavingsParams,
    pub granularity: Granularity,
}

/// A record export as read back.
#[derive(Debug, Clone, Deserialize)]
struct RecordDocument {
    #[serde(flatten)]
    header: Header,
    records: Vec<ExportRecord>,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionalMerge {
    pub format: String,
    pub version: u32,
    pub from: YearMonth,
    pub to: YearMonth,
    pub sources: Vec<Source>,
    /// What re-protecting the merged records did.
    pub anonymisation: Anonymisation,
    pub report: Report,
    pub aggregate: AggregateDocument,
}

fn refuse(name: &str, rule: &'static str, message: impl Into<String>) -> Error {
    Error::invalid(name, rule, message)
}

fn read_one(name: &str, mut input: impl Read) -> Result<RecordDocument> {
    let mut text = String::new();
    input.read_to_string(&mut text)?;
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| refuse(name, "not_json", format!("not JSON: {e}")))?;
    if value["format"] != FORMAT {
        return Err(refuse(name, "not_spil_export", "not a Spil export"));
    }
    if value["version"] != VERSION {
        return Err(refuse(
            name,
            "unsupported_version",
            format!(
                "export version {}; this Spil reads version {VERSION}",
                value["version"]
            ),
        ));
    }
    if value["level"] != "records" {
        return Err(refuse(
            name,
            "not_records",
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
            "unknown_field",
            format!("unknown field '{key}'"),
        ));
    }
    let doc: RecordDocument = serde_json::from_value(value).map_err(|e| {
        refuse(
            name,
            "schema",
            format!("does not match the export schema: {e}"),
        )
    })?;
    debug_assert_eq!(doc.header.level, ExportLevel::Records);
    Ok(doc)
}

/// Merge record exports (name, contents) into the regional report and aggregates.
pub fn merge<R: Read>(
    inputs: impl IntoIterator<Item = (String, R)>,
    p: &MergeParams,
) -> Result<RegionalMerge> {
    let mut docs: Vec<(String, RecordDocument)> = Vec::new();
    for (name, input) in inputs {
        let doc = read_one(&name, input)?;
        if let Some((other, _)) = docs
            .iter()
            .find(|(_, d)| d.header.export_id == doc.header.export_id)
        {
            return Err(refuse(
                &name,
                "duplicate_export",
                format!("the same export as {other}"),
            ));
        }
        if let Some((other, d)) = docs.first() {
            if (d.header.from, d.header.to) != (doc.header.from, doc.header.to) {
                return Err(refuse(
                    &name,
                    "period_mismatch",
                    format!(
                        "covers {}–{}, {other} covers {}–{}",
                        doc.header.from, doc.header.to, d.header.from, d.header.to
                    ),
                ));
            }
        }
        docs.push((name, doc));
    }
    let Some((_, first)) = docs.first() else {
        return Err(Error::invalid(
            "exports",
            "required",
            "give at least one export",
        ));
    };
    let (from, to) = (first.header.from, first.header.to);
    let as_of = docs
        .iter()
        .map(|(_, d)| d.header.created)
        .max()
        .unwrap_or_else(crate::today);

    let mut seen = HashSet::new();
    let mut records = Vec::new();
    let mut consultations = Vec::new();
    let mut sources = Vec::new();
    let mut floor = [0; kanon::ATTRIBUTES];
    for (name, doc) in docs {
        for r in &doc.records {
            if !seen.insert(r.pseudonym.clone()) {
                return Err(refuse(
                    &name,
                    "duplicate_records",
                    "holds a pseudonym already in another export",
                ));
            }
        }
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
    let periods = p.granularity.periods(from, to);
    let aggregates = build(
        &facts,
        &consultations,
        &periods,
        p.granularity,
        profile.as_ref(),
        &savings,
    );
    let header = Header {
        format: FORMAT.into(),
        version: VERSION,
        export_id: crate::new_id(),
        created: crate::today(),
        level: ExportLevel::Aggregate,
        from,
        to,
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
        counts.add(r.qi(), r.outcome, 1);
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
