//! The app's own preferences (language, auto-lock). They hold nothing about a
//! client, so they live in a plain JSON file beside the vault and are readable
//! before unlocking (the unlock screen is shown in the chosen language).

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::state::AppState;

const FILE: &str = "settings.json";
pub const AUTO_LOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=240;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Nl,
    En,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub language: Language,
    pub auto_lock_minutes: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            language: Language::Nl,
            auto_lock_minutes: 5,
        }
    }
}

pub fn load(dir: &std::path::Path) -> Settings {
    std::fs::read(dir.join(FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

pub fn store(dir: &std::path::Path, settings: &Settings) -> AppResult<()> {
    if !AUTO_LOCK_RANGE.contains(&settings.auto_lock_minutes) {
        return Err(AppError::invalid(
            "auto_lock_minutes",
            "out_of_range",
            format!(
                "auto-lock must be between {} and {} minutes",
                AUTO_LOCK_RANGE.start(),
                AUTO_LOCK_RANGE.end()
            ),
        ));
    }
    let json = serde_json::to_vec_pretty(settings)
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    std::fs::write(dir.join(FILE), json)
        .map_err(|e| AppError::new(ErrorCode::DataDir, e.to_string()))
}

#[tauri::command]
#[specta::specta]
pub async fn get_settings(state: State<'_, AppState>) -> AppResult<Settings> {
    Ok(load(&state.data_dir))
}

#[tauri::command]
#[specta::specta]
pub async fn save_settings(state: State<'_, AppState>, settings: Settings) -> AppResult<()> {
    store(&state.data_dir, &settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_then_round_trip_and_range() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Settings::default());
        let s = Settings {
            language: Language::En,
            auto_lock_minutes: 10,
        };
        store(dir.path(), &s).unwrap();
        assert_eq!(load(dir.path()), s);
        let bad = Settings {
            auto_lock_minutes: 0,
            ..s
        };
        assert_eq!(
            store(dir.path(), &bad).unwrap_err().field.as_deref(),
            Some("auto_lock_minutes")
        );
    }
}
