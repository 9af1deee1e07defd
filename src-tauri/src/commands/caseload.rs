//! The overview, youths and new referrals.

use spil_core::model::{
    CaseloadFilter, CaseloadRow, ReferralInput, TrajectoryDetail, Youth, YouthInput,
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
    state.with_vault(|v| v.caseload(&filter))
}

#[tauri::command]
#[specta::specta]
pub async fn find_youths(state: State<'_, AppState>, query: String) -> AppResult<Vec<Youth>> {
    state.with_vault(|v| v.find_youths(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn add_youth(state: State<'_, AppState>, input: YouthInput) -> AppResult<Youth> {
    state.with_vault(|v| v.add_youth(&input))
}

/// Returns the new trajectory's id.
#[tauri::command]
#[specta::specta]
pub async fn register_referral(
    state: State<'_, AppState>,
    input: ReferralInput,
) -> AppResult<String> {
    state.with_vault(|v| v.register_referral(&input))
}

#[tauri::command]
#[specta::specta]
pub async fn trajectory(state: State<'_, AppState>, id: String) -> AppResult<TrajectoryDetail> {
    state.with_vault(|v| v.trajectory(&id))
}
