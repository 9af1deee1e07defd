//! Running an export against the vault: plan (k-anonymity needs every combination's
//! count before the first record is written), then stream, then audit.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use rusqlite::OptionalExtension;
use zeroize::Zeroizing;

use super::aggregate::{build, Built};
use super::kanon::{Anonymisation, Plan, Qi, K};
use super::record::{qi, record, ExportRecord};
use super::{
    write_aggregate, write_records, ExportFormat, ExportLevel, ExportParams, ExportPreview,
    ExportProgress, ExportSummary, FieldInfo, Header, FORMAT, VERSION,
};
use crate::audit::{self, Action, Event};
use crate::model::Status;
use crate::report::{self, ConsultationCount, Facts, Period, RegionProfile, YearMonth};
use crate::Rule;
use crate::{Error, Result, Vault};

/// A record belongs in the export when the period saw it: referred, closed or open.
fn relevant(f: &Facts) -> bool {
    f.referred_in_period
        || f.closed_in_period
        || matches!(f.status_at_end, Some(Status::Waiting | Status::Active))
}

/// What pass one learns: the k-anonymity plan and which practices may be named.
struct RecordPlan {
    plan: Plan,
    practices: HashSet<String>,
    anonymisation: Anonymisation,
    written: u64,
}

struct Prepared {
    period: Period,
    from: YearMonth,
    to: YearMonth,
    profile: Option<RegionProfile>,
}

impl Vault {
    /// What [`Vault::export`] would write with these parameters (an audited read).
    pub fn export_preview(&mut self, p: &ExportParams) -> Result<ExportPreview> {
        let prep = prepare(p)?;
        let mut preview = ExportPreview {
            level: p.level,
            format: p.format,
            from: prep.from,
            to: prep.to,
            granularity: (p.level == ExportLevel::Aggregate).then_some(p.granularity),
            fields: super::record_fields(),
            records: 0,
            anonymisation: None,
            sample: Vec::new(),
            aggregates: None,
            notes: Vec::new(),
        };
        match p.level {
            ExportLevel::Records => {
                let secret = self.export_secret()?;
                let plan = self.plan_records(&prep.period)?;
                self.each_record(&prep.period, &secret, &plan, |r| {
                    if preview.sample.len() < 20 {
                        preview.sample.push(r);
                    }
                    Ok(())
                })?;
                preview.records = plan.written;
                preview.anonymisation = Some(plan.anonymisation);
            }
            ExportLevel::Aggregate => {
                let built = self.aggregates(p, &prep)?;
                preview.notes = built.notes;
                let agg = built.aggregates;
                preview.fields = agg
                    .tables
                    .iter()
                    .map(|t| FieldInfo {
                        name: t.name.clone(),
                        description: t.title.clone(),
                    })
                    .collect();
                preview.aggregates = Some(agg);
            }
        }
        self.audited(Event::new(Action::Read, "export_preview"))?;
        Ok(preview)
    }

    /// Write an anonymised export to `out` and audit it. `progress` is called every
    /// 1,000 records.
    pub fn export(
        &mut self,
        p: &ExportParams,
        out: impl Write,
        mut progress: impl FnMut(ExportProgress),
    ) -> Result<ExportSummary> {
        let prep = prepare(p)?;
        let mut out = Counting {
            inner: out,
            bytes: 0,
        };
        let mut header = Header {
            format: FORMAT.into(),
            version: VERSION,
            export_id: crate::new_id(),
            created: crate::today(),
            level: p.level,
            from: prep.from,
            to: prep.to,
            granularity: None,
            profile: prep.profile.as_ref().map(|x| x.name.clone()),
            anonymisation: None,
            spil_version: env!("CARGO_PKG_VERSION").into(),
        };
        let mut summary = ExportSummary {
            export_id: header.export_id.clone(),
            level: p.level,
            format: p.format,
            from: prep.from,
            to: prep.to,
            records: 0,
            tables: 0,
            suppressed_cells: 0,
            bytes: 0,
            anonymisation: None,
            loss: None,
        };
        match p.level {
            ExportLevel::Records => {
                let secret = self.export_secret()?;
                let plan = self.plan_records(&prep.period)?;
                header.anonymisation = Some(plan.anonymisation.clone());
                let consultations = self.record_consultations(&prep.period, &plan.practices)?;
                let mut sink = write_records::Sink::begin(p.format, &header, &mut out)?;
                let total = plan.written;
                let mut written = 0;
                self.each_record(&prep.period, &secret, &plan, |r| {
                    sink.push(&r)?;
                    written += 1;
                    if written % 1000 == 0 {
                        progress(ExportProgress { written, total });
                    }
                    Ok(())
                })?;
                sink.finish(&consultations)?;
                progress(ExportProgress { written, total });
                summary.records = written;
                summary.anonymisation = Some(plan.anonymisation);
            }
            ExportLevel::Aggregate => {
                header.granularity = Some(p.granularity);
                let built = self.aggregates(p, &prep)?;
                let agg = built.aggregates;
                summary.loss = Some(built.loss);
                write_aggregate::write(p.format, &header, &agg, &mut out)?;
                summary.tables = agg.tables.len() as u64;
                summary.suppressed_cells = write_aggregate::suppressed_cells(&agg);
            }
        }
        out.flush()?;
        summary.bytes = out.bytes;
        let what = format!("export:{}:{}", level_name(p.level), format_name(p.format));
        self.audited(Event::new(Action::Export, &what))?;
        Ok(summary)
    }

    /// The per-vault pseudonym key; created if an older vault has none. Never exported.
    fn export_secret(&mut self) -> Result<Zeroizing<Vec<u8>>> {
        let get = |conn: &rusqlite::Connection| -> Result<Option<Zeroizing<String>>> {
            Ok(conn
                .query_row(
                    "SELECT value FROM settings WHERE key = 'export_secret'",
                    [],
                    |r| r.get(0),
                )
                .optional()?
                .map(Zeroizing::new))
        };
        let hex_secret = match get(&self.conn)? {
            Some(s) => s,
            None => {
                let mut bytes = Zeroizing::new([0u8; 32]);
                getrandom::getrandom(bytes.as_mut()).map_err(|e| Error::KeyFile(e.to_string()))?;
                let s = Zeroizing::new(hex::encode(bytes.as_ref()));
                self.write(|tx, actor| {
                    tx.execute(
                        "INSERT INTO settings (key, value) VALUES ('export_secret', ?1)",
                        [s.as_str()],
                    )?;
                    audit::append(tx, actor, &Event::new(Action::Create, "export_secret"))
                })?;
                s
            }
        };
        hex::decode(hex_secret.as_str())
            .map(Zeroizing::new)
            .map_err(|_| {
                Error::invalid(
                    "export_secret",
                    Rule::Invalid,
                    "the export secret is damaged",
                )
            })
    }

    /// Pass one: count every combination of quasi-identifiers (and practice).
    fn plan_records(&self, period: &Period) -> Result<RecordPlan> {
        let mut counts: HashMap<(Qi, Option<String>), u64> = HashMap::new();
        report::stream(&self.conn, period, crate::today(), |_, f| {
            if relevant(&f) {
                *counts.entry((qi(&f), f.practice.clone())).or_default() += 1;
            }
            Ok(())
        })?;
        let mut by_qi: HashMap<Qi, u64> = HashMap::new();
        for ((q, _), n) in &counts {
            *by_qi.entry(q.clone()).or_default() += n;
        }
        let plan = Plan::new(&by_qi, K);
        let mut per_practice: HashMap<String, u64> = HashMap::new();
        for ((q, practice), n) in &counts {
            // A practice counts only records that will show it: kept, municipality kept.
            if let (Some(p), Some(level)) = (practice, plan.level(q)) {
                if level < 3 {
                    *per_practice.entry(p.clone()).or_default() += n;
                }
            }
        }
        let all: HashSet<&String> = counts.keys().filter_map(|(_, p)| p.as_ref()).collect();
        let practices: HashSet<String> = per_practice
            .into_iter()
            .filter(|(_, n)| *n >= super::aggregate::MIN_PRACTICE_TOTAL as u64)
            .map(|(p, _)| p)
            .collect();
        let mut anonymisation = plan.summary(&by_qi, K);
        anonymisation.practices_shown = practices.len() as u64;
        anonymisation.practices_hidden = (all.len() - practices.len()) as u64;
        let written = anonymisation.records - anonymisation.suppressed;
        Ok(RecordPlan {
            plan,
            practices,
            anonymisation,
            written,
        })
    }

    /// Pass two: every record as it is written.
    fn each_record(
        &self,
        period: &Period,
        secret: &[u8],
        plan: &RecordPlan,
        mut f: impl FnMut(ExportRecord) -> Result<()>,
    ) -> Result<()> {
        report::stream(&self.conn, period, crate::today(), |id, facts| {
            if !relevant(&facts) {
                return Ok(());
            }
            let Some(level) = plan.plan.level(&qi(&facts)) else {
                return Ok(());
            };
            let show = facts
                .practice
                .as_ref()
                .is_some_and(|p| plan.practices.contains(p));
            f(record(secret, id, &facts, level, show))
        })
    }

    fn record_consultations(
        &self,
        period: &Period,
        shown: &HashSet<String>,
    ) -> Result<Vec<ConsultationCount>> {
        let mut list = report::load::consultations(&self.conn, period)?;
        for c in &mut list {
            c.practice = c.practice.take().filter(|p| shown.contains(p));
        }
        Ok(list)
    }

    fn aggregates(&self, p: &ExportParams, prep: &Prepared) -> Result<Built> {
        let facts = report::load::facts(&self.conn, &prep.period, crate::today())?;
        let consultations = report::load::consultations(&self.conn, &prep.period)?;
        build(
            &facts,
            &consultations,
            prep.from,
            prep.to,
            p.granularity,
            prep.profile.as_ref(),
            &self.savings_params()?,
        )
    }
}

fn prepare(p: &ExportParams) -> Result<Prepared> {
    let (from, to) = p.months()?;
    Ok(Prepared {
        period: Period {
            from: Some(from.first_day()),
            to: to.last_day(),
        },
        from,
        to,
        profile: p.profile.as_deref().map(RegionProfile::named).transpose()?,
    })
}

pub(crate) fn level_name(l: ExportLevel) -> &'static str {
    match l {
        ExportLevel::Aggregate => "aggregate",
        ExportLevel::Records => "records",
    }
}

pub(crate) fn format_name(f: ExportFormat) -> &'static str {
    match f {
        ExportFormat::Csv => "csv",
        ExportFormat::Xlsx => "xlsx",
        ExportFormat::Json => "json",
    }
}

/// Counts the bytes that leave, for the summary.
struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
