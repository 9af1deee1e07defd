//! The backend's auto-lock: a safety net under the page's own idle lock.
//!
//! The page locks after `autoLockMinutes` without input (`ui/src/lib/vault/idle.ts`).
//! If the webview's JavaScript is suspended or hung, that never happens and the
//! vault stays open with its key in memory. So a thread started in `setup` checks
//! every [`TICK`] and, once the vault has gone unused for the setting, takes it
//! out of the state and closes it exactly as `lock_vault` does (the core audits
//! the lock and checkpoints the WAL; dropping the vault wipes the key), then emits
//! [`VaultLocked`] so the page, should it wake, shows the unlock screen.
//!
//! **What counts as use.** Every command that takes the vault (see
//! `AppState::slot`), and the page reporting input through `touch_activity`. The
//! report is needed: a worker reading a long file scrolls and moves the mouse
//! without calling a command, and the page rightly does not lock then; counting
//! only commands, the backend would lock her out after the setting while she
//! reads. The page reports at most once per check of its idle timer (every few
//! seconds) and only when there was input since its last report; the command is a
//! time stamp, touches no vault and writes no audit event. A page that is hung
//! reports nothing, which is the case this lock is for. As the report follows the
//! input, the backend's last use is never earlier than the page's: it locks no
//! sooner than the page would, and in normal use the page locks first.
//!
//! **Clocks.** Idle time is the longer of two measures ([`Moment::since`]): a
//! monotonic clock, which never runs backwards but stops while the machine
//! sleeps, and the wall clock, which runs on through a suspend but can be set. A
//! laptop that slept longer than the setting locks on the first check after it
//! wakes; a wall clock set back does not keep the vault open; a wall clock set
//! forward locks early, the safe side. The clock is injected, so the tests move
//! time by hand instead of sleeping.
//!
//! **The session.** On Windows the vault also locks at once when the user locks
//! the session (Windows+L, or the screen lock after a while) or the computer goes
//! to sleep: [`crate::session_watch`] calls [`lock_now`]. On Linux the idle lock
//! above is what fires; a suspend longer than the setting locks on waking.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use crate::commands::settings;
use crate::error::AppError;
use crate::state::{AppState, Kept};

/// How often the thread checks. The lock comes at most this late.
pub const TICK: Duration = Duration::from_secs(5);

/// A reading of both clocks (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    /// Since an arbitrary start; never runs backwards.
    pub monotonic: Duration,
    /// Since the Unix epoch.
    pub wall: Duration,
}

impl Moment {
    /// Time passed since `earlier`: the longer of the two clocks' measures.
    pub fn since(self, earlier: Moment) -> Duration {
        let monotonic = self.monotonic.saturating_sub(earlier.monotonic);
        let wall = self.wall.saturating_sub(earlier.wall);
        monotonic.max(wall)
    }
}

pub trait Clock: Send + Sync {
    fn now(&self) -> Moment;
}

/// The machine's clocks.
pub struct SystemClock {
    start: Instant,
}

impl SystemClock {
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Moment {
        Moment {
            monotonic: self.start.elapsed(),
            wall: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default(),
        }
    }
}

/// Why the backend locked the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    /// Unused for the auto-lock setting's number of minutes.
    Idle,
    /// The operating system's session was locked or the computer went to sleep.
    Session,
}

/// Sent to the window as `vault-locked` when the backend locked the vault on its
/// own. Carries no client data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct VaultLocked {
    pub reason: LockReason,
    /// The setting it locked by, for the notice ("locked after 5 minutes").
    pub minutes: u32,
}

/// One check: lock the vault if it has been idle for the setting in the data
/// folder (read each time, so a changed setting counts from the next check).
/// `Some` when this check locked it.
pub fn check(state: &AppState) -> Option<VaultLocked> {
    let minutes = settings::auto_lock_minutes(&state.data_dir);
    let limit = Duration::from_secs(u64::from(minutes) * 60);
    match state.take_if_idle(limit) {
        Ok(vault) => {
            // Locked either way: a failed close has still dropped the vault and
            // its key. Only the code is logged, never a message or a path.
            if let Err(e) = vault.close() {
                let code = AppError::from(e).code;
                eprintln!("auto-lock: closing the vault failed ({code:?})");
            }
            Some(VaultLocked {
                reason: LockReason::Idle,
                minutes,
            })
        }
        // Locked already, a command busy with it, or used within the limit.
        Err(_kept) => None,
    }
}

/// Lock the vault now, whatever its idle time (the session was locked). A command
/// that holds the vault is waited for, so an import still ends whole first.
/// `Some` when this call locked it; `None` when it was locked already.
pub fn lock_now(state: &AppState) -> Option<VaultLocked> {
    loop {
        match lock_once(state) {
            Ok(locked) => return Some(locked),
            Err(Kept::Busy) => std::thread::sleep(BUSY_RETRY),
            Err(Kept::AlreadyLocked | Kept::InUse(_)) => return None,
        }
    }
}

/// One try of [`lock_now`]: `Kept::Busy` while a command holds the vault.
fn lock_once(state: &AppState) -> Result<VaultLocked, Kept> {
    let minutes = settings::auto_lock_minutes(&state.data_dir);
    let vault = state.take_if_idle(Duration::ZERO)?;
    if let Err(e) = vault.close() {
        let code = AppError::from(e).code;
        eprintln!("session lock: closing the vault failed ({code:?})");
    }
    Ok(VaultLocked {
        reason: LockReason::Session,
        minutes,
    })
}

/// How soon [`lock_now`] tries again while a command holds the vault.
const BUSY_RETRY: Duration = Duration::from_millis(200);

/// Start the checking thread; it lives as long as the app.
pub fn start<R: Runtime>(app: &AppHandle<R>) -> std::io::Result<()> {
    let app = app.clone();
    std::thread::Builder::new()
        .name("auto-lock".into())
        .spawn(move || loop {
            std::thread::sleep(TICK);
            let Some(state) = app.try_state::<AppState>() else {
                continue;
            };
            if let Some(locked) = check(&state) {
                if locked.emit(&app).is_err() {
                    eprintln!("auto-lock: the vault is locked; telling the window failed");
                }
            }
        })
        .map(drop)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::{Arc, Mutex};

    use spil_core::{Passphrase, Vault};

    use super::*;
    use crate::commands::settings::Settings;
    use crate::error::ErrorCode;

    const PASS: &str = "paard batterij niet plakband";

    /// A clock the test moves by hand; both measures move together unless the
    /// test sets the wall clock on its own.
    struct FakeClock(Mutex<Moment>);

    impl Default for FakeClock {
        fn default() -> Self {
            FakeClock(Mutex::new(Moment {
                monotonic: Duration::ZERO,
                wall: Duration::from_secs(1_700_000_000),
            }))
        }
    }

    impl FakeClock {
        fn advance(&self, by: Duration) {
            let mut m = self.0.lock().unwrap();
            m.monotonic += by;
            m.wall += by;
        }
        /// The machine slept: the monotonic clock stood still.
        fn sleep(&self, by: Duration) {
            self.0.lock().unwrap().wall += by;
        }
        fn set_wall_back(&self, by: Duration) {
            self.0.lock().unwrap().wall -= by;
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> Moment {
            *self.0.lock().unwrap()
        }
    }

    fn minutes(n: u64) -> Duration {
        Duration::from_secs(n * 60)
    }

    fn set_auto_lock(data: &Path, minutes: u32) {
        let backups = data.parent().unwrap().join("elders");
        let s = Settings {
            auto_lock_minutes: minutes,
            backup_folder: backups.display().to_string(),
            ..settings::load(data)
        };
        settings::store(data, &s).unwrap();
    }

    /// A state with an open vault in `data`, on a fake clock.
    fn open_state(data: &Path) -> (AppState, Arc<FakeClock>) {
        let clock = Arc::new(FakeClock::default());
        let state = AppState::with_clock(data.to_owned(), clock.clone());
        let vault = Vault::create(&state.vault_dir(), &Passphrase::new(PASS), "test").unwrap();
        *state.slot().unwrap() = Some(vault);
        (state, clock)
    }

    fn is_open(state: &AppState) -> bool {
        state.slot().unwrap().is_some()
    }

    #[test]
    fn locks_after_the_setting_not_before() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let (state, clock) = open_state(&data);
        // No settings file: the default of 5 minutes.
        clock.advance(minutes(5) - Duration::from_secs(1));
        assert_eq!(check(&state), None);
        clock.advance(Duration::from_secs(1));
        assert_eq!(
            check(&state),
            Some(VaultLocked {
                reason: LockReason::Idle,
                minutes: 5
            })
        );
        let err = state.with_vault(|v| v.practices()).unwrap_err();
        assert_eq!(err.code, ErrorCode::Locked);
    }

    #[test]
    fn a_command_and_the_page_s_activity_each_start_the_idle_period_again() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let (state, clock) = open_state(&data);
        clock.advance(minutes(4));
        state.with_vault(|v| v.practices()).unwrap();
        clock.advance(minutes(4));
        assert_eq!(check(&state), None, "a command is use");
        state.touch();
        clock.advance(minutes(4));
        assert_eq!(check(&state), None, "input on the page is use");
        clock.advance(minutes(1));
        assert!(check(&state).is_some());
    }

    #[test]
    fn checking_is_not_use() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let (state, clock) = open_state(&data);
        for _ in 0..4 {
            clock.advance(minutes(1));
            assert_eq!(check(&state), None);
        }
        clock.advance(minutes(1));
        assert!(check(&state).is_some());
    }

    #[test]
    fn a_locked_vault_stays_locked_and_locks_once() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let (state, clock) = open_state(&data);
        clock.advance(minutes(6));
        assert!(check(&state).is_some());
        for _ in 0..3 {
            clock.advance(minutes(6));
            assert_eq!(check(&state), None, "nothing left to lock");
            assert!(!is_open(&state));
        }
        // Never opened at all: nothing to lock either.
        let fresh = AppState::with_clock(data, Arc::new(FakeClock::default()));
        assert!(matches!(
            fresh.take_if_idle(Duration::ZERO),
            Err(Kept::AlreadyLocked)
        ));
    }

    #[test]
    fn a_changed_setting_counts_from_the_next_check() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let (state, clock) = open_state(&data);
        set_auto_lock(&data, 30);
        clock.advance(minutes(10));
        assert_eq!(check(&state), None, "10 of 30 minutes");
        set_auto_lock(&data, 10);
        assert_eq!(
            check(&state),
            Some(VaultLocked {
                reason: LockReason::Idle,
                minutes: 10
            })
        );
    }

    #[test]
    fn a_session_lock_locks_at_once_and_only_once() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let (state, _clock) = open_state(&data);
        drop(state.slot().unwrap()); // used just now
        let locked = lock_now(&state).unwrap();
        assert_eq!(locked.reason, LockReason::Session);
        assert!(!is_open(&state));
        assert!(lock_now(&state).is_none());
    }

    #[test]
    fn a_session_lock_waits_for_the_command_that_holds_the_vault() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let (state, _clock) = open_state(&data);
        let slot = state.slot().unwrap();
        assert!(matches!(lock_once(&state), Err(Kept::Busy)));
        drop(slot);
        assert!(is_open(&state));

        let (held_tx, held_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let command = {
            let state = state.clone();
            std::thread::spawn(move || {
                let slot = state.slot().unwrap();
                held_tx.send(()).unwrap();
                release_rx.recv().unwrap();
                drop(slot);
            })
        };
        held_rx.recv().unwrap();
        let locker = {
            let state = state.clone();
            std::thread::spawn(move || lock_now(&state))
        };
        release_tx.send(()).unwrap();
        command.join().unwrap();
        assert_eq!(locker.join().unwrap().unwrap().reason, LockReason::Session);
        assert!(!is_open(&state));
    }

    #[test]
    fn a_vault_in_use_by_a_command_is_not_taken() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let (state, clock) = open_state(&data);
        clock.advance(minutes(60));
        let slot = state.slot().unwrap();
        assert!(matches!(state.take_if_idle(minutes(5)), Err(Kept::Busy)));
        drop(slot);
        assert!(is_open(&state));
    }

    #[test]
    fn a_sleep_longer_than_the_setting_locks_and_a_clock_set_back_does_not_hold_it_open() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let (state, clock) = open_state(&data);
        clock.sleep(minutes(120));
        assert!(check(&state).is_some(), "slept two hours");

        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let (state, clock) = open_state(&data);
        clock.set_wall_back(minutes(60));
        clock.advance(minutes(5));
        assert!(check(&state).is_some(), "the monotonic clock still ran");
    }

    #[test]
    fn the_idle_lock_closes_the_real_vault_and_audits_it() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let (state, clock) = open_state(&data);
        clock.advance(minutes(5));
        assert!(check(&state).is_some());
        let err = state.with_vault(|v| v.practices()).unwrap_err();
        assert_eq!(err.code, ErrorCode::Locked);

        // The vault was closed as `lock_vault` closes it: reopened, its log ends
        // with the lock (before this unlock).
        let mut vault = Vault::open(&state.vault_dir(), &Passphrase::new(PASS), "test").unwrap();
        let log = vault.audit_log(None, 10).unwrap();
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        let lock = actions.iter().position(|a| *a == "lock");
        let unlock = actions.iter().position(|a| *a == "unlock");
        assert!(
            matches!((lock, unlock), (Some(l), Some(u)) if u < l),
            "newest first, the unlock then the lock: {actions:?}"
        );
        vault.close().unwrap();
    }
}
