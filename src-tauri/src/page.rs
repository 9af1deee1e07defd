//! A new page after a lock, in a new web process.
//!
//! While the vault was open, the page's JavaScript heap held every name and note it
//! showed and the passphrase typed into the unlock screen. Reloading the page lets
//! the old heap go, but WebKit's web process keeps the freed memory as it was until
//! it reuses it. So on Linux the lock ends that process (WebKitGTK's
//! `terminate_web_process`) and loads the page again, which starts a fresh one: the
//! old memory goes back to the kernel, which clears it before handing it out again.
//!
//! Elsewhere the page is reloaded (WebView2 on Windows keeps its own processes; see
//! docs/SECURITY.md).

use tauri::{Manager, Runtime};

/// Renews every page of the app. Runs the WebKit calls on the main thread.
pub fn renew_all<R: Runtime>(app: &tauri::AppHandle<R>) {
    for window in app.webview_windows().into_values() {
        renew(&window);
    }
}

#[cfg(target_os = "linux")]
fn renew<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    use webkit2gtk::WebViewExt;
    let done = window.with_webview(|platform| {
        let view = platform.inner();
        view.terminate_web_process();
        view.reload();
    });
    if done.is_err() {
        // The window is going away: nothing left to renew.
        eprintln!("lock: the page could not be renewed");
    }
}

#[cfg(not(target_os = "linux"))]
fn renew<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    if window.reload().is_err() {
        eprintln!("lock: the page could not be reloaded");
    }
}
