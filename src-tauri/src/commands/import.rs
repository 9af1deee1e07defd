use spil_core::import::{ImportProgress, ImportSummary};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::AppResult;
use crate::state::AppState;

/// Imports a CSV file in one transaction; progress streams to `progress`. The
/// file's bytes, not text decoded by the page: the core tells the encoding
/// (UTF-8, UTF-16 or Windows-1252), so "Zoë" arrives as she was saved.
#[tauri::command]
#[specta::specta]
pub async fn import_csv(
    state: State<'_, AppState>,
    content: Vec<u8>,
    progress: Channel<ImportProgress>,
) -> AppResult<ImportSummary> {
    state
        .blocking(move |s| {
            s.with_vault(|v| {
                v.import_csv(content.as_slice(), |p| {
                    // A closed page only loses the progress bar, not the import.
                    let _ = progress.send(p);
                })
            })
        })
        .await
}
