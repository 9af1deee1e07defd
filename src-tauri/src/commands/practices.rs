use spil_core::model::{Practice, PracticeInput};
use tauri::State;

use crate::error::AppResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn practices(state: State<'_, AppState>) -> AppResult<Vec<Practice>> {
    state
        .blocking(move |s| s.with_vault(|v| v.practices()))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn add_practice(state: State<'_, AppState>, input: PracticeInput) -> AppResult<Practice> {
    state
        .blocking(move |s| s.with_vault(|v| v.add_practice(&input)))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn update_practice(
    state: State<'_, AppState>,
    id: String,
    input: PracticeInput,
) -> AppResult<Practice> {
    state
        .blocking(move |s| s.with_vault(|v| v.update_practice(&id, &input)))
        .await
}
