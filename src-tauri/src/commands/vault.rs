//! Creating, unlocking and locking the vault, and the page's report that the
//! worker is using the app (for the backend's auto-lock, see `crate::auto_lock`).

use serde::Serialize;
use specta::Type;
use spil_core::passphrase::{self, Strength};
use spil_core::{Passphrase, Vault};
use tauri::State;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::state::{actor, AppState};

#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct VaultStatus {
    /// A vault exists in the data folder (else the app shows the first run).
    pub exists: bool,
    pub unlocked: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn vault_status(state: State<'_, AppState>) -> AppResult<VaultStatus> {
    Ok(VaultStatus {
        exists: state.vault_dir().join("vault.key").exists(),
        unlocked: state.slot()?.is_some(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn passphrase_strength(passphrase: String) -> AppResult<Strength> {
    Ok(passphrase::strength(&passphrase))
}

#[tauri::command]
#[specta::specta]
pub async fn create_vault(state: State<'_, AppState>, passphrase: String) -> AppResult<()> {
    state
        .blocking(move |s| {
            let vault = Vault::create(&s.vault_dir(), &Passphrase::new(passphrase), &actor())?;
            *s.slot()? = Some(vault);
            Ok(())
        })
        .await?;
    crate::page::in_use();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn unlock_vault(state: State<'_, AppState>, passphrase: String) -> AppResult<()> {
    state
        .blocking(move |s| {
            let vault = Vault::open(&s.vault_dir(), &Passphrase::new(passphrase), &actor())?;
            *s.slot()? = Some(vault);
            Ok(())
        })
        .await?;
    crate::page::in_use();
    Ok(())
}

/// Closes the vault; a vault that is already locked stays locked.
#[tauri::command]
#[specta::specta]
pub async fn lock_vault(state: State<'_, AppState>) -> AppResult<()> {
    state
        .blocking(|s| {
            let vault = s.slot()?.take();
            if let Some(vault) = vault {
                vault.close()?;
            }
            Ok(())
        })
        .await
}

/// After a lock, the window is replaced by a new one with a web process of its
/// own, so the old page's heap (the names and notes it showed, the passphrase
/// typed) ends with the old process (`crate::page`). `notice` is the sentence the
/// unlock screen shows. Touches no vault; refused while the vault is open, since
/// the page is then in use. Answers `false` when the app has no window to renew
/// (the tests' mock runtime); the page then reloads itself.
#[tauri::command]
#[specta::specta]
pub async fn renew_page(state: State<'_, AppState>, notice: String) -> AppResult<bool> {
    if state.slot()?.is_some() {
        return Err(AppError::new(
            ErrorCode::Internal,
            "the page is renewed only after a lock",
        ));
    }
    crate::page::renew(&notice)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("no new window: {e}")))
}

/// The page saw input (keys, pointer, scrolling): the worker is using the app, so
/// the backend's auto-lock starts its idle period again. A time stamp only: it
/// touches no vault and records nothing about a client.
#[tauri::command]
#[specta::specta]
pub async fn touch_activity(state: State<'_, AppState>) -> AppResult<()> {
    state.touch();
    Ok(())
}

/// A new passphrase for the open vault: the data key is wrapped again (the data is
/// not re-encrypted), the key file replaced atomically, and the change audited.
#[tauri::command]
#[specta::specta]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    current: String,
    replacement: String,
) -> AppResult<()> {
    let (current, replacement) = (Passphrase::new(current), Passphrase::new(replacement));
    state
        .blocking(move |s| s.with_vault(|v| v.change_passphrase(&current, &replacement)))
        .await
}

/// A new passphrase and a new data key: the passphrase is changed, then the whole
/// database is re-encrypted under a fresh key, so a copy of the old key file with
/// the old passphrase opens nothing of today's vault. Backups made before still
/// open with the passphrase they were made under.
#[tauri::command]
#[specta::specta]
pub async fn change_passphrase_and_rotate(
    state: State<'_, AppState>,
    current: String,
    replacement: String,
) -> AppResult<()> {
    let (current, replacement) = (Passphrase::new(current), Passphrase::new(replacement));
    state
        .blocking(move |s| {
            let mut slot = s.slot()?;
            let vault = slot
                .take()
                .ok_or_else(|| AppError::new(ErrorCode::Locked, "the vault is locked"))?;
            // On an error the vault is closed: the worker unlocks it again.
            *slot = Some(vault.change_passphrase_and_rotate(&current, &replacement)?);
            Ok(())
        })
        .await
}
