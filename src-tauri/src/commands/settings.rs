//! The app's own preferences (language, auto-lock, where backups go). They hold
//! nothing about a client, so they live in a plain JSON file beside the vault and
//! are readable before unlocking (the unlock screen is shown in the chosen language).
//!
//! The backup reminder's number of days and the retention term are not here: they
//! belong to the vault (the core keeps them, checks them, audits their change), so
//! they travel with a backup and cannot be lowered by editing a plain file. See
//! `commands::trust`. A `retentionYears` left in an older settings file is ignored.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use specta::Type;
use spil_core::prefs;
use tauri::State;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::state::AppState;

const FILE: &str = "settings.json";
/// The folder made for backups inside the user's Documents folder by default.
const BACKUP_FOLDER_NAME: &str = "Spil back-ups";

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
    /// Where backups are written: a folder outside the data folder, ideally on
    /// another disk. Never empty when read: the default is filled in.
    pub backup_folder: String,
}

/// The file as stored: fields added after a file was written take their default,
/// so an older settings file keeps its language and auto-lock.
#[derive(Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Stored {
    language: Language,
    auto_lock_minutes: u32,
    backup_folder: String,
}

impl Default for Stored {
    fn default() -> Self {
        Self {
            language: Language::Nl,
            auto_lock_minutes: prefs::DEFAULT_AUTO_LOCK_MINUTES,
            backup_folder: String::new(),
        }
    }
}

/// `Documents/Spil back-ups` (the home folder when there is no Documents folder).
pub fn default_backup_folder(data_dir: &Path) -> PathBuf {
    dirs::document_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| data_dir.parent().unwrap_or(data_dir).to_owned())
        .join(BACKUP_FOLDER_NAME)
}

pub fn load(dir: &Path) -> Settings {
    let stored: Stored = std::fs::read(dir.join(FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let backup_folder = match stored.backup_folder.trim() {
        "" => default_backup_folder(dir).display().to_string(),
        folder => folder.to_owned(),
    };
    Settings {
        language: stored.language,
        auto_lock_minutes: stored.auto_lock_minutes,
        backup_folder,
    }
}

/// Store the preferences once the core's rules ([`spil_core::prefs`]) pass.
pub fn store(dir: &Path, settings: &Settings) -> AppResult<()> {
    prefs::check_auto_lock_minutes(settings.auto_lock_minutes)?;
    let folder = prefs::check_backup_folder(&settings.backup_folder, dir)?;
    let settings = Settings {
        backup_folder: folder.display().to_string(),
        ..settings.clone()
    };
    let json = serde_json::to_vec_pretty(&settings)
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    std::fs::write(dir.join(FILE), json)
        .map_err(|e| AppError::new(ErrorCode::DataDir, e.to_string()))
}

/// The auto-lock setting as the backend's auto-lock applies it: a value out of
/// range in a hand-edited file is brought within range, and an unreadable file
/// gives the default, so the vault never stays open for lack of a setting.
pub fn auto_lock_minutes(dir: &Path) -> u32 {
    prefs::applied_auto_lock_minutes(load(dir).auto_lock_minutes)
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

    fn field_of(dir: &Path, s: &Settings) -> Option<String> {
        store(dir, s).unwrap_err().field
    }

    #[test]
    fn defaults_then_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let defaults = load(dir.path());
        assert_eq!(defaults.language, Language::Nl);
        assert_eq!(defaults.auto_lock_minutes, 5);
        assert!(defaults.backup_folder.ends_with(BACKUP_FOLDER_NAME));
        let elsewhere = tempfile::tempdir().unwrap();
        let s = Settings {
            language: Language::En,
            auto_lock_minutes: 10,
            backup_folder: format!("  {}  ", elsewhere.path().display()),
        };
        store(dir.path(), &s).unwrap();
        let back = load(dir.path());
        assert_eq!(back.backup_folder, elsewhere.path().display().to_string());
        assert_eq!(back.language, Language::En);
    }

    #[test]
    fn an_older_file_keeps_its_values_and_gains_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE),
            r#"{"language":"en","autoLockMinutes":30,"retentionYears":1}"#,
        )
        .unwrap();
        let s = load(dir.path());
        assert_eq!((s.language, s.auto_lock_minutes), (Language::En, 30));
        assert!(!s.backup_folder.is_empty());
    }

    #[test]
    fn the_auto_lock_applied_stays_within_its_range() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(auto_lock_minutes(dir.path()), 5, "no file: the default");
        for (stored, applied) in [(0, 1), (30, 30), (100_000, 240)] {
            std::fs::write(
                dir.path().join(FILE),
                format!(r#"{{"autoLockMinutes":{stored}}}"#),
            )
            .unwrap();
            assert_eq!(auto_lock_minutes(dir.path()), applied, "{stored}");
        }
        std::fs::write(dir.path().join(FILE), "{ kapot").unwrap();
        assert_eq!(auto_lock_minutes(dir.path()), 5, "unreadable: the default");
    }

    #[test]
    fn each_broken_rule_names_its_field() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let good = Settings {
            language: Language::Nl,
            auto_lock_minutes: 5,
            backup_folder: elsewhere.path().display().to_string(),
        };
        store(dir.path(), &good).unwrap();
        let cases = [
            (
                Settings {
                    auto_lock_minutes: 0,
                    ..good.clone()
                },
                "auto_lock_minutes",
            ),
            (
                Settings {
                    backup_folder: " ".into(),
                    ..good.clone()
                },
                "backup_folder",
            ),
            (
                Settings {
                    backup_folder: "back-ups".into(),
                    ..good.clone()
                },
                "backup_folder",
            ),
            (
                Settings {
                    backup_folder: dir.path().join("vault").display().to_string(),
                    ..good.clone()
                },
                "backup_folder",
            ),
        ];
        for (bad, field) in cases {
            assert_eq!(
                field_of(dir.path(), &bad).as_deref(),
                Some(field),
                "{bad:?}"
            );
        }
        // Nothing invalid was written.
        assert_eq!(load(dir.path()), good);
    }
}
