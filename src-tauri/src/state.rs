//! State shared by the commands: where the data lives and the open vault.
//!
//! The vault is `None` while locked. Locking takes it out and closes it, which
//! drops the connection (SQLCipher wipes its key) and zeroizes the data key.
//!
//! The state also keeps when the vault was last used, for the backend's auto-lock
//! (see [`crate::auto_lock`]): every command that takes the vault's [`slot`]
//! (`with_vault`, create, unlock, lock, restore) stamps the time when it takes the
//! slot and again when it lets go of it, so a long import counts as use until it
//! ends; the page's `touch_activity` stamps it too.
//!
//! Commands run their work through [`AppState::blocking`]: Argon2, SQLCipher and
//! fsync block a thread for up to seconds, so they run on the runtime's blocking
//! pool, never on the threads that answer the page. A panic in such work ends that
//! command with an `internal` error; the slot's lock it poisoned is taken over by
//! the next command (a vault's transaction rolls back when the panic unwinds it),
//! so the app stays usable.
//!
//! [`slot`]: AppState::slot

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::Duration;

use spil_core::Vault;

use crate::auto_lock::{Clock, Moment, SystemClock};
use crate::error::{AppError, AppResult, ErrorCode};

/// Overrides the data folder, so development (`make run`) and tests never
/// touch the worker's real vault.
pub const DATA_DIR_ENV: &str = "SPIL_DATA_DIR";

/// Cheap to clone: every clone is the same state.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub data_dir: PathBuf,
    /// Private: every access goes through [`AppState::slot`], which counts as use.
    vault: Mutex<Option<Vault>>,
    clock: Arc<dyn Clock>,
    last_use: Mutex<Moment>,
}

/// The vault's slot, held by one command at a time. Letting go of it stamps the
/// time of last use (while the slot is still held, so the auto-lock, which
/// decides while holding the slot, never sees a use half recorded).
pub struct VaultSlot<'a> {
    guard: MutexGuard<'a, Option<Vault>>,
    state: &'a Shared,
}

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl Deref for VaultSlot<'_> {
    type Target = Option<Vault>;
    fn deref(&self) -> &Self::Target {
        &self.guard
    }
}

impl DerefMut for VaultSlot<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.guard
    }
}

impl Drop for VaultSlot<'_> {
    fn drop(&mut self) {
        if let Some(vault) = self.guard.as_ref() {
            let _ = vault.release_cache();
        }
        self.state.touch();
    }
}

/// Why [`AppState::take_if_idle`] left the vault where it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// No vault is open: nothing to lock.
    AlreadyLocked,
    /// A command holds the vault right now: it is in use.
    Busy,
    /// Used within the limit; how long it has been idle.
    InUse(Duration),
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> Self {
        Self::with_clock(data_dir, Arc::new(SystemClock::new()))
    }

    /// With a clock of the caller's choosing: tests pass one they move by hand.
    pub fn with_clock(data_dir: PathBuf, clock: Arc<dyn Clock>) -> Self {
        let now = clock.now();
        Self(Arc::new(Shared {
            data_dir,
            vault: Mutex::new(None),
            clock,
            last_use: Mutex::new(now),
        }))
    }

    /// Run `f` on the runtime's blocking pool and wait for it without holding up
    /// the async threads. A panic in `f` becomes an `internal` error. Afterwards,
    /// with the vault's slot let go, the heap's free pages go back to the system
    /// ([`crate::wipe::give_back_freed`]).
    pub async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&AppState) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let state = self.clone();
        tauri::async_runtime::spawn_blocking(move || {
            let answer = f(&state);
            crate::wipe::give_back_freed();
            answer
        })
        .await
        .map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                "the command stopped unexpectedly; the app is still usable",
            )
        })?
    }
}

impl Shared {
    /// The vault is a folder inside the data folder; settings sit beside it.
    pub fn vault_dir(&self) -> PathBuf {
        self.data_dir.join("vault")
    }

    /// Take the vault's slot (waiting for a command that holds it). Taking it
    /// and letting go of it both count as use of the vault.
    pub fn slot(&self) -> AppResult<VaultSlot<'_>> {
        // A command that panicked while holding the slot poisoned it; the vault in
        // it is consistent (an unfinished transaction rolled back as the panic
        // unwound), so the next command carries on with it.
        let guard = self.vault.lock().unwrap_or_else(PoisonError::into_inner);
        self.touch();
        Ok(VaultSlot { guard, state: self })
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

    /// The worker is using the app: start the idle period again.
    pub fn touch(&self) {
        let now = self.clock.now();
        *self.last_use.lock().unwrap_or_else(PoisonError::into_inner) = now;
    }

    /// How long since the vault or the page was last used.
    pub fn idle_for(&self) -> Duration {
        let last = *self.last_use.lock().unwrap_or_else(PoisonError::into_inner);
        self.clock.now().since(last)
    }

    /// Take the vault out of the state when it has been idle for `limit` or
    /// longer; the caller closes it (dropping it instead still wipes the key).
    /// Never waits: a command holding the slot means the vault is in use.
    /// Decides while holding the slot, so no command can start in between.
    pub fn take_if_idle(&self, limit: Duration) -> Result<Vault, Kept> {
        let mut guard = match self.vault.try_lock() {
            Ok(guard) => guard,
            Err(TryLockError::WouldBlock) => return Err(Kept::Busy),
            // A command panicked while holding the vault; the key must still go.
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
        };
        if guard.is_none() {
            return Err(Kept::AlreadyLocked);
        }
        let idle = self.idle_for();
        if idle < limit {
            return Err(Kept::InUse(idle));
        }
        guard.take().ok_or(Kept::AlreadyLocked)
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
    fn an_injected_panic_leaves_the_app_usable() {
        let tmp = tempfile::tempdir().unwrap();
        let state = AppState::new(tmp.path().to_owned());
        let pass = spil_core::Passphrase::new("paard batterij niet plakband");
        let vault = Vault::create(&state.vault_dir(), &pass, "test").unwrap();
        *state.slot().unwrap() = Some(vault);
        tauri::async_runtime::block_on(async {
            let err = state
                .blocking(|s| s.with_vault(|_| -> spil_core::Result<()> { panic!("injected") }))
                .await
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::Internal);
            // The slot the panic poisoned is taken over; the vault is still open.
            let practices = state.blocking(|s| s.with_vault(|v| v.practices())).await;
            assert!(practices.unwrap().is_empty());
            // Input that once panicked in the core is now refused.
            let filter = spil_core::model::CaseloadFilter {
                closed_within_days: Some(u32::MAX),
                ..Default::default()
            };
            let err = state
                .blocking(move |s| s.with_vault(|v| v.caseload(&filter)))
                .await
                .unwrap_err();
            assert_eq!(err.field.as_deref(), Some("closed_within_days"));
        });
    }

    #[test]
    fn a_locked_vault_says_so() {
        let state = AppState::new(PathBuf::from("/nonexistent"));
        let err = state.with_vault(|v| v.practices()).unwrap_err();
        assert_eq!(err.code, ErrorCode::Locked);
    }
}
