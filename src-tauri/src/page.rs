//! A new page after a lock.
//!
//! While the vault was open, the page's JavaScript heap held every name and note it
//! showed and the passphrase typed into the unlock screen. On Linux a lock moves the
//! window to another site and back: a blank page on the app's own `spil-lock:`
//! scheme ([`LOCK_SCHEME`]), which loads the app again at once. WebKit puts a new
//! site in a new web process, and with the back/forward cache and the process
//! cache off ([`configure`]) nothing keeps the old page alive, so the old page's
//! heap is released with it.
//!
//! What this does not do: WebKit may keep the old web process running, with
//! freed memory not yet overwritten (docs/SECURITY.md has the measured copies).
//! Ending the process directly (`terminate_web_process`) would free it for certain,
//! but a WebDriver session treats that as a crash and ends, so the app could no
//! longer be tested end to end.
//!
//! Elsewhere the page is reloaded.

use tauri::http::Response;
use tauri::{Manager, Runtime};

/// The scheme of the blank page a lock passes through.
pub const LOCK_SCHEME: &str = "spil-lock";

/// The blank page: no script of the app, no data; it goes back to the address in
/// its fragment (the app's own page), replacing itself in the history.
const LOCK_PAGE: &str = "<!doctype html><meta charset=utf-8><title>Spil</title>\
<script>location.replace(decodeURIComponent(location.hash.slice(1)))</script>";

/// What the `spil-lock:` scheme serves, whatever the path.
pub fn lock_page() -> Response<Vec<u8>> {
    Response::builder()
        .header("Content-Type", "text/html; charset=utf-8")
        .body(LOCK_PAGE.as_bytes().to_vec())
        .unwrap_or_else(|_| Response::new(LOCK_PAGE.as_bytes().to_vec()))
}

/// Renews every page of the app. The WebKit calls run on the main thread.
pub fn renew_all<R: Runtime>(app: &tauri::AppHandle<R>) {
    for window in app.webview_windows().into_values() {
        renew(&window);
    }
}

/// Settings for a window that shows one app, not a web of pages: no back/forward
/// cache and WebKit's document-viewer cache model (no process cache), so a page
/// left behind takes its process with it. Applied at the first lock, not at
/// start-up, where the page is still loading.
#[cfg(target_os = "linux")]
fn configure(view: &webkit2gtk::WebView) {
    use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
    if let Some(settings) = WebViewExt::settings(view) {
        settings.set_enable_page_cache(false);
    }
    if let Some(context) = view.context() {
        context.set_cache_model(CacheModel::DocumentViewer);
    }
}

#[cfg(target_os = "linux")]
fn renew<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    use webkit2gtk::WebViewExt;
    let done = window.with_webview(|platform| {
        let view = platform.inner();
        configure(&view);
        match view.uri() {
            Some(app) if !app.starts_with(LOCK_SCHEME) => {
                let back: String = app
                    .bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                            char::from(b).to_string()
                        }
                        _ => format!("%{b:02X}"),
                    })
                    .collect();
                view.load_uri(&format!("{LOCK_SCHEME}://lock/#{back}"));
            }
            _ => view.reload(),
        }
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
