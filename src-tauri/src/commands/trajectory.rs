//! What happens in a trajectory after the referral.

use chrono::NaiveDate;
use spil_core::model::{
    ClosureInput, ConversationInput, GpLetter, IntakeInput, ReopenInput, TriageDecision,
    TriageInput,
};
use tauri::State;

use crate::error::AppResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn record_first_contact(
    state: State<'_, AppState>,
    id: String,
    date: NaiveDate,
) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.record_first_contact(&id, date)))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn record_intake(
    state: State<'_, AppState>,
    id: String,
    input: IntakeInput,
) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.record_intake(&id, &input)))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn decide_triage(
    state: State<'_, AppState>,
    id: String,
    input: TriageInput,
) -> AppResult<TriageDecision> {
    state
        .blocking(move |s| s.with_vault(|v| v.decide_triage(&id, &input)))
        .await
}

/// Returns the new conversation's id.
#[tauri::command]
#[specta::specta]
pub async fn add_conversation(
    state: State<'_, AppState>,
    id: String,
    input: ConversationInput,
) -> AppResult<String> {
    state
        .blocking(move |s| s.with_vault(|v| v.add_conversation(&id, &input)))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn update_conversation(
    state: State<'_, AppState>,
    id: String,
    input: ConversationInput,
) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.update_conversation(&id, &input)))
        .await
}

/// Deletes a conversation entered by mistake; the reason stays in the vault.
#[tauri::command]
#[specta::specta]
pub async fn delete_conversation(
    state: State<'_, AppState>,
    id: String,
    reason: String,
) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.delete_conversation(&id, &reason)))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn close_trajectory(
    state: State<'_, AppState>,
    id: String,
    input: ClosureInput,
) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.close_trajectory(&id, &input)))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn reopen_trajectory(
    state: State<'_, AppState>,
    id: String,
    input: ReopenInput,
) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.reopen_trajectory(&id, &input)))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn record_gp_feedback(
    state: State<'_, AppState>,
    id: String,
    date: NaiveDate,
) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.record_gp_feedback(&id, date)))
        .await
}

/// The letter to the GP: the worker's saved draft, or composed afresh (SOEP) by
/// spil-core.
#[tauri::command]
#[specta::specta]
pub async fn gp_letter(state: State<'_, AppState>, id: String) -> AppResult<GpLetter> {
    state
        .blocking(move |s| s.with_vault(|v| v.gp_letter(&id, spil_core::today())))
        .await
}

/// Keeps the worker's edited letter to the GP; returns it as kept.
#[tauri::command]
#[specta::specta]
pub async fn save_gp_letter_draft(
    state: State<'_, AppState>,
    id: String,
    text: String,
) -> AppResult<GpLetter> {
    state
        .blocking(move |s| s.with_vault(|v| v.save_gp_letter_draft(&id, &text)))
        .await
}

/// Discards the saved letter, so the next one is composed afresh.
#[tauri::command]
#[specta::specta]
pub async fn discard_gp_letter_draft(state: State<'_, AppState>, id: String) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.discard_gp_letter_draft(&id)))
        .await
}
