//! Windows only: lock the vault when the user locks the session (Windows+L, the
//! screen lock after inactivity, switching user) or the computer goes to sleep.
//!
//! Windows tells windows, not threads, about both: a session change arrives as
//! `WM_WTSSESSION_CHANGE` once a window registers for it
//! (`WTSRegisterSessionNotification`), and a suspend as the `WM_POWERBROADCAST`
//! broadcast that every top-level window receives. So a thread of its own makes a
//! hidden top-level window that is never shown, and runs its message loop. The
//! window procedure only posts a note to that loop; the loop locks the vault through
//! [`auto_lock::lock_now`] (the same close as `lock_vault`) and tells the page, as
//! the idle lock does. Nothing else is done on Windows' own threads.
//!
//! If the window cannot be made, the app runs on with the idle lock alone (and
//! says so on stderr, without details).
#![allow(unsafe_code)] // Win32 calls: each block says why it is sound.

use std::ptr::null;

use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;
use windows_sys::Win32::Foundation::{HWND, LPARAM, LRESULT, WPARAM};
use windows_sys::Win32::System::LibraryLoader::GetModuleHandleW;
use windows_sys::Win32::System::RemoteDesktop::{
    WTSRegisterSessionNotification, NOTIFY_FOR_THIS_SESSION,
};
use windows_sys::Win32::UI::WindowsAndMessaging::{
    CreateWindowExW, DefWindowProcW, DispatchMessageW, GetMessageW, PostMessageW, RegisterClassW,
    TranslateMessage, MSG, PBT_APMSUSPEND, WM_APP, WM_POWERBROADCAST, WM_WTSSESSION_CHANGE,
    WNDCLASSW, WS_OVERLAPPED, WTS_SESSION_LOCK,
};

use crate::auto_lock;
use crate::state::AppState;

/// The note the window procedure posts to the loop: lock now.
const LOCK_NOW: u32 = WM_APP + 1;

/// Start the watching thread; it lives as long as the app.
pub fn start<R: Runtime>(app: &AppHandle<R>) -> std::io::Result<()> {
    let app = app.clone();
    std::thread::Builder::new()
        .name("session-watch".into())
        .spawn(move || {
            if watch(&app).is_none() {
                eprintln!("session-watch: not available; the idle lock still works");
            }
        })
        .map(drop)
}

/// Make the hidden window and run its loop until the app ends; `None` if the
/// window could not be made or registered.
fn watch<R: Runtime>(app: &AppHandle<R>) -> Option<()> {
    let class: Vec<u16> = "SpilSessionWatch\0".encode_utf16().collect();
    // SAFETY: every pointer passed points to a live value of the type asked for:
    // `class` outlives the window (this function runs the loop until the app ends),
    // `wc` and `msg` are initialised structs on this stack. The window belongs to
    // this thread, and only this thread pumps its messages.
    unsafe {
        // A null name: this process's own executable.
        let instance = GetModuleHandleW(null());
        let wc = WNDCLASSW {
            lpfnWndProc: Some(window_proc),
            hInstance: instance,
            lpszClassName: class.as_ptr(),
            ..Default::default()
        };
        if RegisterClassW(&wc) == 0 {
            return None;
        }
        // A top-level window (no parent) that is never shown: message-only windows
        // do not receive the power broadcast.
        let hwnd = CreateWindowExW(
            0,
            class.as_ptr(),
            class.as_ptr(),
            WS_OVERLAPPED,
            0,
            0,
            0,
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            instance,
            null(),
        );
        if hwnd.is_null() {
            return None;
        }
        if WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION) == 0 {
            return None;
        }
        let mut msg = MSG::default();
        // 0: WM_QUIT, -1: error; either way the watch ends.
        while GetMessageW(&mut msg, std::ptr::null_mut(), 0, 0) > 0 {
            if msg.message == LOCK_NOW {
                lock(app);
                continue;
            }
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
    }
    Some(())
}

/// Called by Windows on this thread. Only posts a note; the loop does the work.
unsafe extern "system" fn window_proc(
    hwnd: HWND,
    msg: u32,
    wparam: WPARAM,
    lparam: LPARAM,
) -> LRESULT {
    let lock = match msg {
        WM_WTSSESSION_CHANGE => wparam == WTS_SESSION_LOCK as WPARAM,
        WM_POWERBROADCAST => wparam == PBT_APMSUSPEND as WPARAM,
        _ => false,
    };
    if lock {
        // SAFETY: `hwnd` is the live window this procedure was called for.
        unsafe { PostMessageW(hwnd, LOCK_NOW, 0, 0) };
    }
    // SAFETY: the arguments are the ones Windows passed in, unchanged.
    unsafe { DefWindowProcW(hwnd, msg, wparam, lparam) }
}

fn lock<R: Runtime>(app: &AppHandle<R>) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    if let Some(locked) = auto_lock::lock_now(&state) {
        if locked.emit(app).is_err() {
            eprintln!("session-watch: the vault is locked; telling the window failed");
        }
    }
}
