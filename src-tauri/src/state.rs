//! State shared by the commands: where the data lives and the open vault.
//!
//! The vault is `None` while locked. Locking takes it out and closes it, which
//! drops the connection (SQLCipher wipes its key) and zeroizes the data key.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use spil_core::Vault;

use crate::error::{AppError, AppResult, ErrorCode};

/// Overrides the data folder, so development (`make run`) and tests never
/// touch the worker's real vault.
pub const DATA_DIR_ENV: &str = "SPIL_DATA_DIR";

pub struct AppState {
    pub data_dir: PathBuf,
    pub vault: Mutex<Option<Vault>>,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> Self {
        Self {
            data_dir,
            vault: Mutex::new(None),
        }
    }

    /// The vault is a folder inside the data folder; settings sit beside it.
    pub fn vault_dir(&self) -> PathBuf {
        self.data_dir.join("vault")
    }

    pub fn slot(&self) -> AppResult<MutexGuard<'_, Option<Vault>>> {
        self.vault
            .lock()
            .map_err(|_| AppError::new(ErrorCode::Internal, "vault state poisoned"))
    }

    /// Run `f` on the open vault; `Locked` when there is none.
    pub fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut Vault) -> spil_core::Result<T>,
    ) -> AppResult<T> {
        let mut slot = self.slot()?;
        let vault = slot
            .as_mut()
            .ok_or_else(|| AppError::new(ErrorCode::Locked, "the vault is locked"))?;
        Ok(f(vault)?)
    }
}

/// Who is working, for the audit log: the operating-system account.
pub fn actor() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "ojg".to_owned())
}

/// `SPIL_DATA_DIR` when set and not empty, else the OS app-data folder that
/// Tauri derives from the identifier (e.g. `~/.local/share/nl.spil.app`).
pub fn resolve_data_dir(
    env_value: Option<std::ffi::OsString>,
    app_data_dir: impl FnOnce() -> tauri::Result<PathBuf>,
) -> AppResult<PathBuf> {
    let dir = match env_value.filter(|v| !v.is_empty()) {
        Some(v) => PathBuf::from(v),
        None => app_data_dir().map_err(|e| {
            AppError::new(
                ErrorCode::DataDir,
                format!("De gegevensmap kan niet worden bepaald: {e}"),
            )
        })?,
    };
    ensure_dir(&dir)?;
    Ok(dir)
}

fn ensure_dir(dir: &Path) -> AppResult<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        AppError::new(
            ErrorCode::DataDir,
            format!(
                "De gegevensmap {} kan niet worden gemaakt: {e}",
                dir.display()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_var_wins_and_folder_is_created() {
        let tmp = tempfile::tempdir().unwrap();
        let wanted = tmp.path().join("dev-data");
        let got = resolve_data_dir(Some(wanted.clone().into()), || {
            panic!("app_data_dir must not be asked when SPIL_DATA_DIR is set")
        })
        .unwrap();
        assert_eq!(got, wanted);
        assert!(wanted.is_dir());
    }

    #[test]
    fn empty_env_var_falls_back_to_app_data_dir() {
        let tmp = tempfile::tempdir().unwrap();
        let fallback = tmp.path().join("app-data");
        let got = resolve_data_dir(Some("".into()), || Ok(fallback.clone())).unwrap();
        assert_eq!(got, fallback);
    }

    #[test]
    fn a_locked_vault_says_so() {
        let state = AppState::new(PathBuf::from("/nonexistent"));
        let err = state.with_vault(|v| v.practices()).unwrap_err();
        assert_eq!(err.code, ErrorCode::Locked);
    }
}
