//! The monitoring report and the anonymised export.
//!
//! The report always uses the savings parameters stored in the vault (changed
//! with `set_savings_params`), so the screen, its printout and an aggregate
//! export state the same parameters beside the same estimate.
//!
//! Where an export goes: the app has no file dialog (no extra Tauri plugin), so
//! it writes into a fixed folder the worker can find and mail from, and shows
//! the full path. That is `Documents/Spil-exports`, not the app-data folder
//! beside the vault, which is hidden on every platform. Only when
//! `SPIL_DATA_DIR` is set (development, tests) is it `<data dir>/exports`, so
//! a test never writes into someone's Documents folder. The file holds only
//! what the core's allow-list writes; its name holds the level and the months.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use specta::Type;
use spil_core::export::{ExportParams, ExportPreview, ExportProgress, ExportSummary};
use spil_core::report::{
    shipped_profiles, GroupBy, ProfileInfo, Report, ReportParams, SavingsParams, YearMonth,
};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::state::{AppState, DATA_DIR_ENV};

/// What the monitoring screen asks for; the savings parameters come from the vault.
#[derive(Debug, Clone, Default, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ReportQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub group_by: Option<GroupBy>,
    pub profile: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringReport {
    /// With its month-by-month series (`report.months`), computed by the core
    /// from the same scan, so `spil report --json` shows the same figures.
    pub report: Report,
    pub profiles: Vec<ProfileInfo>,
    /// The savings parameters a vault starts with (Rheden's 2019 figures), named
    /// beside the estimate so the worker can see what she changed.
    pub savings_defaults: SavingsParams,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportDone {
    pub summary: ExportSummary,
    /// The full path of the written file, to show the worker.
    pub path: String,
}

/// The report over a period (with its month-by-month waiting times) and the
/// region profiles to choose from: one audited read.
#[tauri::command]
#[specta::specta]
pub async fn monitoring_report(
    state: State<'_, AppState>,
    query: ReportQuery,
) -> AppResult<MonitoringReport> {
    state
        .blocking(move |s| {
            s.with_vault(|v| {
                let savings = v.savings_params()?;
                let report = v.report(&ReportParams {
                    from: query.from,
                    to: query.to,
                    group_by: query.group_by,
                    profile: query.profile.clone(),
                    savings,
                })?;
                Ok(MonitoringReport {
                    report,
                    profiles: shipped_profiles(),
                    savings_defaults: SavingsParams::default(),
                })
            })
        })
        .await
}

/// Stores the savings parameters in the vault (audited as a change).
#[tauri::command]
#[specta::specta]
pub async fn set_savings_params(
    state: State<'_, AppState>,
    params: SavingsParams,
) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.set_savings_params(&params)))
        .await
}

/// Exactly what `export_anonymised` would write (an audited read).
#[tauri::command]
#[specta::specta]
pub async fn export_preview(
    state: State<'_, AppState>,
    params: ExportParams,
) -> AppResult<ExportPreview> {
    state
        .blocking(move |s| s.with_vault(|v| v.export_preview(&params)))
        .await
}

/// Writes the anonymised export into the exports folder (the core audits it);
/// record progress streams to `progress`.
#[tauri::command]
#[specta::specta]
pub async fn export_anonymised(
    state: State<'_, AppState>,
    params: ExportParams,
    progress: Channel<ExportProgress>,
) -> AppResult<ExportDone> {
    state
        .blocking(move |state| {
            let overridden = std::env::var_os(DATA_DIR_ENV).is_some_and(|v| !v.is_empty());
            // The same Documents folder as the backups' default (`settings.rs`).
            let dir = export_dir(&state.data_dir, overridden, dirs::document_dir());
            std::fs::create_dir_all(&dir).map_err(|e| folder_error(&dir, e))?;
            let now = chrono::Local::now().naive_local();
            let (path, file) = create_unique(&dir, &file_stem(&params, now), extension(&params))?;
            // Readable by this account only, whatever the umask.
            spil_core::store::private::file(&path)?;
            let result = state.with_vault(|v| {
                let mut out = std::io::BufWriter::new(file);
                let summary = v.export(&params, &mut out, |p| {
                    // A closed page only loses the progress bar, not the export.
                    let _ = progress.send(p);
                })?;
                out.flush()?;
                Ok(summary)
            });
            match result {
                Ok(summary) => Ok(ExportDone {
                    summary,
                    path: path.display().to_string(),
                }),
                Err(e) => {
                    // Leave no half-written export behind.
                    let _ = std::fs::remove_file(&path);
                    Err(e)
                }
            }
        })
        .await
}

/// Which report the window shows when it is saved as a PDF: names the file.
#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ReportPdf {
    /// The monitoring screen's report.
    Report,
    /// The year report per municipality.
    YearReport { year: i32 },
}

/// Saves the report the window shows (the monitoring report or the year report, as
/// its print style sheet lays it out) as a PDF in the exports folder, beside the
/// exports, and answers its path. Audited as a print of the report; it holds
/// figures only, no client.
#[tauri::command]
#[specta::specta]
pub async fn save_report_pdf(state: State<'_, AppState>, report: ReportPdf) -> AppResult<String> {
    let path = state
        .blocking(move |state| {
            state.with_vault(|v| v.record_print(&spil_core::model::Printed::Report))?;
            let overridden = std::env::var_os(DATA_DIR_ENV).is_some_and(|v| !v.is_empty());
            let dir = export_dir(&state.data_dir, overridden, dirs::document_dir());
            std::fs::create_dir_all(&dir).map_err(|e| folder_error(&dir, e))?;
            let now = chrono::Local::now().naive_local();
            let stem = match report {
                ReportPdf::Report => format!("spil-monitoring-{}", now.format("%Y%m%d-%H%M")),
                ReportPdf::YearReport { year } => {
                    format!("spil-jaarverslag-{year}-{}", now.format("%Y%m%d-%H%M"))
                }
            };
            let (path, file) = create_unique(&dir, &stem, "pdf")?;
            drop(file);
            spil_core::store::private::file(&path)?;
            Ok(path)
        })
        .await?;
    if let Err(e) = crate::pdf::save(&path).await {
        // No half-written file left behind under a name that looks finished.
        let _ = std::fs::remove_file(&path);
        return Err(e);
    }
    Ok(path.display().to_string())
}

/// `Documents/Spil-exports`, or `<data dir>/exports` under `SPIL_DATA_DIR` or
/// without a Documents folder (see the module docs).
pub fn export_dir(
    data_dir: &Path,
    data_dir_overridden: bool,
    documents: Option<PathBuf>,
) -> PathBuf {
    match documents.filter(|_| !data_dir_overridden) {
        Some(docs) => docs.join("Spil-exports"),
        None => data_dir.join("exports"),
    }
}

/// `spil-export-aggregate-2024-01-2024-12-20250301-1405`: level, the months as
/// asked for (the core widens them) and when it was made.
pub fn file_stem(p: &ExportParams, now: NaiveDateTime) -> String {
    let level = match p.level {
        spil_core::export::ExportLevel::Aggregate => "aggregate",
        spil_core::export::ExportLevel::Records => "records",
    };
    format!(
        "spil-export-{level}-{}-{}-{}",
        YearMonth::of(p.from),
        YearMonth::of(p.to),
        now.format("%Y%m%d-%H%M")
    )
}

fn extension(p: &ExportParams) -> &'static str {
    match p.format {
        spil_core::export::ExportFormat::Csv => "csv",
        spil_core::export::ExportFormat::Xlsx => "xlsx",
        spil_core::export::ExportFormat::Json => "json",
    }
}

/// Creates `<stem>.<ext>`, or `<stem>-2.<ext>` … when it exists: an export never
/// overwrites an earlier one.
pub fn create_unique(dir: &Path, stem: &str, ext: &str) -> AppResult<(PathBuf, std::fs::File)> {
    for n in 1..1000 {
        let name = match n {
            1 => format!("{stem}.{ext}"),
            _ => format!("{stem}-{n}.{ext}"),
        };
        let path = dir.join(name);
        match std::fs::File::create_new(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(folder_error(dir, e)),
        }
    }
    Err(AppError::new(
        ErrorCode::DataDir,
        format!("{} holds too many exports with this name", dir.display()),
    ))
}

fn folder_error(dir: &Path, e: std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::DataDir,
        format!("cannot write into {}: {}", dir.display(), e.kind()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use spil_core::export::{ExportFormat, ExportLevel, Granularity};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn exports_go_to_documents_unless_the_data_folder_is_overridden() {
        let data = Path::new("/data");
        let docs = Some(PathBuf::from("/home/ojg/Documenten"));
        assert_eq!(
            export_dir(data, false, docs.clone()),
            Path::new("/home/ojg/Documenten/Spil-exports")
        );
        assert_eq!(export_dir(data, true, docs), Path::new("/data/exports"));
        assert_eq!(export_dir(data, false, None), Path::new("/data/exports"));
    }

    #[test]
    fn file_names_say_level_and_months_and_never_overwrite() {
        let p = ExportParams {
            from: d("2024-01-01"),
            to: d("2024-12-31"),
            level: ExportLevel::Records,
            format: ExportFormat::Json,
            granularity: Granularity::Quarter,
            profile: None,
        };
        let now = d("2025-03-01").and_hms_opt(14, 5, 0).unwrap();
        let stem = file_stem(&p, now);
        assert_eq!(stem, "spil-export-records-2024-01-2024-12-20250301-1405");
        assert_eq!(extension(&p), "json");
        let tmp = tempfile::tempdir().unwrap();
        let (first, _) = create_unique(tmp.path(), &stem, "json").unwrap();
        let (second, _) = create_unique(tmp.path(), &stem, "json").unwrap();
        assert_eq!(first.file_name().unwrap(), &*format!("{stem}.json"));
        assert_eq!(second.file_name().unwrap(), &*format!("{stem}-2.json"));
    }
}
