//! The overview, youths and new referrals.

use spil_core::model::{
    CaseloadFilter, CaseloadRow, PossibleDuplicate, ReferralInput, TrajectoryDetail, Youth,
    YouthInput,
};
use tauri::State;

use crate::error::AppResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn caseload(
    state: State<'_, AppState>,
    filter: CaseloadFilter,
) -> AppResult<Vec<CaseloadRow>> {
    state
        .blocking(move |s| s.with_vault(|v| v.caseload(&filter)))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn find_youths(state: State<'_, AppState>, query: String) -> AppResult<Vec<Youth>> {
    state
        .blocking(move |s| s.with_vault(|v| v.find_youths(&query)))
        .await
}

/// Youths already registered with the same names and birth date under another
/// own reference: their reference and status only.
#[tauri::command]
#[specta::specta]
pub async fn possible_duplicates(
    state: State<'_, AppState>,
    input: YouthInput,
) -> AppResult<Vec<PossibleDuplicate>> {
    state
        .blocking(move |s| s.with_vault(|v| v.possible_duplicates(&input)))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn add_youth(state: State<'_, AppState>, input: YouthInput) -> AppResult<Youth> {
    state
        .blocking(move |s| s.with_vault(|v| v.add_youth(&input)))
        .await
}

/// Returns the new trajectory's id.
#[tauri::command]
#[specta::specta]
pub async fn register_referral(
    state: State<'_, AppState>,
    input: ReferralInput,
) -> AppResult<String> {
    state
        .blocking(move |s| s.with_vault(|v| v.register_referral(&input)))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn trajectory(state: State<'_, AppState>, id: String) -> AppResult<TrajectoryDetail> {
    state
        .blocking(move |s| s.with_vault(|v| v.trajectory(&id)))
        .await
}

/// Corrects a referral while its trajectory is open.
#[tauri::command]
#[specta::specta]
pub async fn update_referral(
    state: State<'_, AppState>,
    id: String,
    input: ReferralInput,
) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.update_referral(&id, &input)))
        .await
}

/// Corrects a youth's details; returns them as saved.
#[tauri::command]
#[specta::specta]
pub async fn update_youth(
    state: State<'_, AppState>,
    id: String,
    input: YouthInput,
) -> AppResult<Youth> {
    state
        .blocking(move |s| s.with_vault(|v| v.update_youth(&id, &input)))
        .await
}
