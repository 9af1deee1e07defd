//! Running an export against the vault: plan (k-anonymity needs every combination's
//! count before the first record is written), then stream, then audit.
//!
//! Record pseudonyms are keyed with 32 random bytes made for one export (or one
//! preview) and dropped when it ends: the key is never written anywhere, so no two
//! files share a pseudonym. A vault from an older build that still holds a stored
//! export secret loses it at its next record export.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use zeroize::Zeroizing;

use super::aggregate::{build, Built};
use super::kanon::{self, Anonymisation, Choice, Counts, Qi};
use super::record::{qi, record, ExportRecord, Family};
use super::{
    write_aggregate, write_records, ExportFormat, ExportLevel, ExportParams, ExportPreview,
    ExportProgress, ExportSummary, FieldInfo, Header, FORMAT, VERSION,
};
use crate::audit::{self, Action, Event};
use crate::codes::Outcome;
use crate::model::Status;
use crate::report::{self, ConsultationCount, Facts, Period, RegionProfile, YearMonth};
use crate::{Error, Result, Vault};

/// A record belongs in the export when the period saw it: referred, closed or open.
fn relevant(f: &Facts) -> bool {
    f.referred_in_period
        || f.closed_in_period
        || matches!(f.status_at_end, Some(Status::Waiting | Status::Active))
}

/// What pass one learns: the chosen generalisation and which practices may be named.
struct RecordPlan {
    choice: Choice,
    practices: HashSet<String>,
    families: Families,
    anonymisation: Anonymisation,
    written: u64,
}

/// Earlier trajectories per trajectory id, and (youths, youths in care) per family.
#[derive(Default)]
struct Families {
    earlier: HashMap<String, u32>,
    family: HashMap<String, (u32, u32)>,
}

impl Families {
    fn of(&self, trajectory: &str, f: &Facts) -> Family {
        let (size, in_care) = self.family.get(&f.family).copied().unwrap_or((1, 1));
        Family {
            earlier_trajectories: self.earlier.get(trajectory).copied().unwrap_or(0),
            siblings_in_care: in_care.saturating_sub(1),
            family_size: size,
        }
    }
}

/// A fresh pseudonym key for one export; never stored.
fn export_key() -> Result<Zeroizing<[u8; 32]>> {
    let mut key = Zeroizing::new([0u8; 32]);
    getrandom::getrandom(key.as_mut()).map_err(|e| Error::KeyFile(e.to_string()))?;
    Ok(key)
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
                let key = export_key()?;
                let plan = self.plan_records(&prep.period)?;
                self.each_record(&prep.period, &key[..], &plan, |r| {
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
            withheld: Vec::new(),
        };
        match p.level {
            ExportLevel::Records => {
                self.forget_stored_export_secret()?;
                let key = export_key()?;
                let plan = self.plan_records(&prep.period)?;
                header.anonymisation = Some(plan.anonymisation.clone());
                // Consultations name a practice only where the records may.
                let named = match plan.choice.node[2] {
                    0 => plan.practices.clone(),
                    _ => HashSet::new(),
                };
                let consultations = self.record_consultations(&prep.period, &named)?;
                let mut sink = write_records::Sink::begin(p.format, &header, &mut out)?;
                let total = plan.written;
                let mut written = 0;
                self.each_record(&prep.period, &key[..], &plan, |r| {
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
                summary.withheld = agg.withheld.clone();
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

    /// Older builds kept one pseudonym key in the vault; it is no longer used, and a
    /// key kept is a key that can leak, so it goes.
    fn forget_stored_export_secret(&mut self) -> Result<()> {
        self.write(|tx, actor| {
            let gone = tx.execute("DELETE FROM settings WHERE key = 'export_secret'", [])?;
            if gone > 0 {
                audit::append(tx, actor, &Event::new(Action::Delete, "export_secret"))?;
            }
            Ok(())
        })
    }

    /// Recurrence and family make-up, counted over the whole vault.
    fn families(&self) -> Result<Families> {
        let mut out = Families::default();
        let mut stmt = self.conn.prepare(
            "SELECT t.id, COUNT(e.id) FROM trajectories t
             JOIN trajectories e ON e.youth_id = t.youth_id AND e.referral_date < t.referral_date
             GROUP BY t.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
        for row in rows {
            let (id, n) = row?;
            out.earlier.insert(id, n);
        }
        let mut stmt = self.conn.prepare(
            "SELECT y.family_id, COUNT(*),
                    SUM(EXISTS (SELECT 1 FROM trajectories t WHERE t.youth_id = y.id))
             FROM youths y WHERE y.family_id IS NOT NULL GROUP BY y.family_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })?;
        for row in rows {
            let (family, size, in_care) = row?;
            out.family.insert(family, (size, in_care));
        }
        Ok(out)
    }

    /// Pass one: count every combination of quasi-identifiers and outcome, then
    /// choose the generalisation.
    fn plan_records(&self, period: &Period) -> Result<RecordPlan> {
        let families = self.families()?;
        let mut full: Vec<(Qi, Option<Outcome>, String)> = Vec::new();
        let mut per_practice: HashMap<String, u64> = HashMap::new();
        report::stream(&self.conn, period, crate::today(), |id, f| {
            if relevant(&f) {
                let q = qi(&f, families.of(id, &f), true);
                if let Some(p) = &q.practice {
                    *per_practice.entry(p.clone()).or_default() += 1;
                }
                full.push((q, f.outcome, f.youth.clone()));
            }
            Ok(())
        })?;
        let practices: HashSet<String> = per_practice
            .iter()
            .filter(|(_, n)| **n >= super::aggregate::MIN_PRACTICE_TOTAL as u64)
            .map(|(p, _)| p.clone())
            .collect();
        let mut counts = Counts::default();
        for (mut q, outcome, youth) in full {
            q.practice = q.practice.filter(|p| practices.contains(p));
            counts.add(q, outcome, &youth);
        }
        let choice = kanon::search(&counts, [0; kanon::ATTRIBUTES], &kanon::RULES);
        let mut anonymisation = choice.anonymisation();
        // Practices are named only at the finest location level.
        let shown = if choice.node[2] == 0 {
            practices.len()
        } else {
            0
        };
        anonymisation.practices_shown = shown as u64;
        anonymisation.practices_hidden = (per_practice.len() - shown) as u64;
        let written = anonymisation.records - anonymisation.suppressed;
        Ok(RecordPlan {
            choice,
            practices,
            families,
            anonymisation,
            written,
        })
    }

    /// Pass two: every record as it is written.
    fn each_record(
        &self,
        period: &Period,
        key: &[u8],
        plan: &RecordPlan,
        mut f: impl FnMut(ExportRecord) -> Result<()>,
    ) -> Result<()> {
        report::stream(&self.conn, period, crate::today(), |id, facts| {
            if !relevant(&facts) {
                return Ok(());
            }
            let show = facts
                .practice
                .as_ref()
                .is_some_and(|p| plan.practices.contains(p));
            let q = qi(&facts, plan.families.of(id, &facts), show);
            match plan.choice.publish(&q) {
                Some(published) => f(record(key, id, &facts, published)),
                None => Ok(()),
            }
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
