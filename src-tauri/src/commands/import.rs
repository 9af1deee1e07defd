use std::path::PathBuf;

use spil_core::import::{ImportProgress, ImportSummary};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::AppResult;
use crate::state::AppState;

/// Imports the caseload file at `path` (CSV or an Excel workbook, told from its
/// bytes by the core) in one transaction; progress streams to `progress`.
/// `sheet` picks a workbook's sheet (default: the first). The core reads the
/// file itself, so the page never holds its contents.
#[tauri::command]
#[specta::specta]
pub async fn import_file(
    state: State<'_, AppState>,
    path: String,
    sheet: Option<String>,
    progress: Channel<ImportProgress>,
) -> AppResult<ImportSummary> {
    state
        .blocking(move |s| {
            s.with_vault(|v| {
                v.import_file(&PathBuf::from(path), sheet.as_deref(), |p| {
                    // A closed page only loses the progress bar, not the import.
                    let _ = progress.send(p);
                })
            })
        })
        .await
}

/// The sheets of the workbook at `path`, in tab order; empty for a CSV file.
/// Only while the vault is open: the import screen asks before it imports.
#[tauri::command]
#[specta::specta]
pub async fn workbook_sheets(state: State<'_, AppState>, path: String) -> AppResult<Vec<String>> {
    state
        .blocking(move |s| s.with_vault(|_| spil_core::import::sheet_names(&PathBuf::from(path))))
        .await
}
