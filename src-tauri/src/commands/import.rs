use spil_core::import::{ImportProgress, ImportSummary};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::AppResult;
use crate::state::AppState;

/// Imports a CSV file's text in one transaction; progress streams to `progress`.
#[tauri::command]
#[specta::specta]
pub async fn import_csv(
    state: State<'_, AppState>,
    content: String,
    progress: Channel<ImportProgress>,
) -> AppResult<ImportSummary> {
    state
        .blocking(move |s| {
            s.with_vault(|v| {
                v.import_csv(content.as_bytes(), |p| {
                    // A closed page only loses the progress bar, not the import.
                    let _ = progress.send(p);
                })
            })
        })
        .await
}
