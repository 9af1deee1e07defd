//! The anonymised export (docs/PRIVACY.md): what may leave the
//! laptop, and nothing else.
//!
//! - Allow-list only: records are [`ExportRecord`]s and aggregates are count [`Table`]s;
//!   neither type has a field for a name, BSN, birth date, postcode, address, free text
//!   or exact date ([`record`] says why each field is safe).
//! - Periods are whole months (records) or quarters / half-years (aggregates): the
//!   requested dates are widened to those boundaries before anything is read.
//! - Records: pseudonyms under a fresh random key per export, never stored
//!   ([`record`]); k ≥ 5 and l ≥ 2 over every quasi-identifier together, by the
//!   least-loss full-domain generalisation and then suppression ([`kanon`], along the
//!   hierarchies in [`hierarchy`]), reported in the file, the preview and the summary;
//!   a practice only with ≥ 10 records.
//! - Aggregates: cells of 1–7 suppressed with secondary suppression ([`suppress`]);
//!   medians and means only over ≥ 10 values; a practice only with ≥ 10 referrals.
//! - [`Vault::export_preview`] shows what would be written; [`Vault::export`] writes it
//!   and appends an `export` audit event. Record exports stream: memory stays flat.
//! - The JSON is versioned and described by `assets/export-schema/v1.json`; [`merge`]
//!   combines many workers' record exports into a regional report, re-checking k and l
//!   on the merged records first; [`region`] checks each chosen file on its own,
//!   shows the region's protected figures and writes the region file.

pub mod aggregate;
mod audit;
pub mod cell;
pub mod hierarchy;
pub mod kanon;
pub mod merge;
pub mod record;
pub mod region;
mod run;
mod specs;
pub mod suppress;
mod tables;
mod write_aggregate;
mod write_records;

use crate::Rule;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use aggregate::{Aggregates, Built, CellNote, Granularity, Label, Loss, Statistic, Table};
pub use hierarchy::ReferrerGroup;
pub use kanon::{Anonymisation, Attribute, Generalised, K, L};
pub use merge::{merge, MergeParams, RegionalMerge};
pub use record::ExportRecord;
pub use region::{
    merge_files, preview_files, write_region, FileCheck, RegionFigures, RegionPreview,
    RegionWritten,
};
pub use suppress::ReasonCode;

use crate::report::YearMonth;
use crate::{Error, Result};

/// The `format` of every Spil export document.
pub const FORMAT: &str = "spil-export";
/// The export format version; bump with a new schema file, never change v1.
pub const VERSION: u32 = 1;
/// The JSON Schema of version 1, shipped in `assets/`.
pub const SCHEMA_V1: &str = include_str!("../../../../assets/export-schema/v1.json");

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportLevel {
    #[default]
    Aggregate,
    Records,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// UTF-8 with BOM, `;`-separated, decimal comma: opens correctly in Dutch Excel.
    #[default]
    Csv,
    Xlsx,
    Json,
}

impl ExportFormat {
    /// The format a file name asks for, by its extension.
    pub fn from_extension(path: &std::path::Path) -> Option<ExportFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportParams {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default)]
    pub level: ExportLevel,
    #[serde(default)]
    pub format: ExportFormat,
    /// Aggregate periods (records always use months).
    #[serde(default)]
    pub granularity: Granularity,
    /// Adds a table in this region's outcome categories (aggregate level).
    #[serde(default)]
    pub profile: Option<String>,
}

impl ExportParams {
    /// The period widened to whole months (records) or quarters / half-years.
    pub fn months(&self) -> Result<(YearMonth, YearMonth)> {
        if self.from > self.to {
            return Err(Error::invalid(
                "from",
                Rule::Order,
                "the period starts after it ends",
            ));
        }
        let (from, to) = (YearMonth::of(self.from), YearMonth::of(self.to));
        Ok(match self.level {
            ExportLevel::Records => (from, to),
            ExportLevel::Aggregate => {
                let g = self.granularity;
                let end = g.start(to).first_day() + chrono::Months::new(g.months() - 1);
                (g.start(from), YearMonth::of(end))
            }
        })
    }
}

/// The opening fields of every export document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    /// A fresh id per export, so a merge can refuse the same file twice.
    pub export_id: String,
    pub created: NaiveDate,
    pub level: ExportLevel,
    pub from: YearMonth,
    pub to: YearMonth,
    pub granularity: Option<Granularity>,
    pub profile: Option<String>,
    pub anonymisation: Option<Anonymisation>,
    pub spil_version: String,
}

/// A field that leaves the laptop, with what it holds (for the preview).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldInfo {
    pub name: String,
    pub description: String,
}

/// Exactly what an export would write, shown before writing.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportPreview {
    pub level: ExportLevel,
    pub format: ExportFormat,
    pub from: YearMonth,
    pub to: YearMonth,
    pub granularity: Option<Granularity>,
    /// Record level: every column. Aggregate level: every table.
    pub fields: Vec<FieldInfo>,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub records: u64,
    pub anonymisation: Option<Anonymisation>,
    /// The first records as they will be written.
    pub sample: Vec<ExportRecord>,
    /// Aggregate level: every table and statistic, as they will be written.
    pub aggregates: Option<Aggregates>,
    /// Aggregate level: why each hidden or rounded cell is so (never written).
    pub notes: Vec<CellNote>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportSummary {
    pub export_id: String,
    pub level: ExportLevel,
    pub format: ExportFormat,
    pub from: YearMonth,
    pub to: YearMonth,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub records: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub tables: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub suppressed_cells: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub bytes: u64,
    pub anonymisation: Option<Anonymisation>,
    /// Aggregate level: what protecting the tables cost.
    pub loss: Option<Loss>,
    /// Aggregate level: tables by kern left out to keep the rest protected.
    pub withheld: Vec<Label>,
}

/// Progress of a long export, every 1,000 records.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportProgress {
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub written: u64,
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub total: u64,
}

/// The record columns and what each holds, for the preview.
pub fn record_fields() -> Vec<FieldInfo> {
    let describe = |name: &str| match name {
        "pseudonym" => "pseudoniem van het traject, alleen geldig in dit bestand",
        "youth" => "pseudoniem van de jeugdige, alleen geldig in dit bestand",
        "family" => "pseudoniem van het gezin, alleen geldig in dit bestand",
        "referral_period" => "maand, kwartaal, half jaar of jaar van aanmelding",
        "closed_period" => "maand, kwartaal, half jaar of jaar van afsluiting",
        "region" => "jeugdregio van de gemeente",
        "referrer_group" => "groep verwijzers (medisch, onderwijs, sociaal, zelf, overig)",
        "earlier_trajectories" => "aantal eerdere trajecten van de jeugdige (afgetopt)",
        "siblings_in_care" => "aantal broers en zussen met een traject (afgetopt)",
        "family_size" => "aantal jeugdigen in het gezin (afgetopt)",
        "referred_in_period" | "closed_in_period" => "ja/nee binnen de periode",
        "status_at_end" => "wachtend, actief of afgesloten op de laatste dag",
        "practice" => "huisartsenpraktijk (alleen bij ten minste 10 trajecten)",
        "kern" | "municipality" => "kern of gemeente (CBS-code), geen adres",
        "age_band" => "leeftijdsgroep bij aanmelding (eventueel samengevoegd)",
        "waiting_weeks" | "duration_weeks" => "hele weken",
        _ => "code uit de vaste lijst of een aantal",
    };
    record::COLUMNS
        .iter()
        .map(|n| FieldInfo {
            name: (*n).into(),
            description: describe(n).into(),
        })
        .collect()
}
