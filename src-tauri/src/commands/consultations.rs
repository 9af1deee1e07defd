use spil_core::model::{GpConsultation, GpConsultationInput};
use tauri::State;

use crate::error::AppResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn add_gp_consultation(
    state: State<'_, AppState>,
    input: GpConsultationInput,
) -> AppResult<GpConsultation> {
    state
        .blocking(move |s| s.with_vault(|v| v.add_gp_consultation(&input)))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn gp_consultations(
    state: State<'_, AppState>,
    practice_id: Option<String>,
) -> AppResult<Vec<GpConsultation>> {
    state
        .blocking(move |s| s.with_vault(|v| v.gp_consultations(practice_id.as_deref())))
        .await
}

/// Corrects a consultation; returns it as saved.
#[tauri::command]
#[specta::specta]
pub async fn update_gp_consultation(
    state: State<'_, AppState>,
    id: String,
    input: GpConsultationInput,
) -> AppResult<GpConsultation> {
    state
        .blocking(move |s| s.with_vault(|v| v.update_gp_consultation(&id, &input)))
        .await
}

/// Deletes a consultation entered by mistake; the reason stays in the vault.
#[tauri::command]
#[specta::specta]
pub async fn delete_gp_consultation(
    state: State<'_, AppState>,
    id: String,
    reason: String,
) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.delete_gp_consultation(&id, &reason)))
        .await
}
