//! A new window, and with it a new web process, after a lock.
//!
//! While the vault was open, the page's JavaScript heap held every name and note
//! it showed and the passphrase typed into the unlock screen. Reloading the page
//! frees that heap but leaves it in the same process, not overwritten. So a lock
//! opens a fresh window for the unlock screen, with a web view of its own (WebKit
//! gives each unrelated web view its own web process), and then destroys the old
//! window: its web process ends, and its memory goes back to the operating system,
//! which hands pages to another process only after clearing them.
//!
//! The new window takes the old one's place and size. It stays hidden until its
//! page has loaded (ten seconds at most), so the worker sees the unlock screen
//! replace the blank screen rather than an empty window. Its label is `main-N`;
//! the capability file grants `main` and `main-*` the same commands.
//!
//! The notice of why the vault locked (a sentence, no client data) is handed to
//! the new page in a script that runs before the page's own (`window.spilNotice`).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Once, OnceLock};
use std::time::Duration;

use tauri::{AppHandle, Manager, WebviewWindow, WebviewWindowBuilder};

/// Numbers the windows made after locks (`main-1`, `main-2`, …).
static NEXT: AtomicU32 = AtomicU32::new(1);

/// The running app, set when it starts; absent in tests without a window.
static APP: OnceLock<AppHandle> = OnceLock::new();

/// What WebKit reads from the environment when it starts, in this process and in
/// the page's process (Linux). Call first thing in `main`, before any thread
/// starts.
///
/// JavaScript runs without JIT compilation (`JSC_useJIT=false`): the page's
/// scripts are interpreted, never compiled to machine code in memory that is
/// both written and run. That memory is what a page exploit most often works
/// through, and this page needs no speed from it: its scripts lay out tables
/// and forms, and the numbers are worked out in Rust. It also costs less memory:
/// measured under Xvfb (release app, 5,000 trajectories), the web process needs
/// about 20 MiB less on the overview and 45 MiB less after 320 screen switches.
///
/// WebKit does not set up its DMA-BUF renderer (`WEBKIT_DISABLE_DMABUF_RENDERER`),
/// which passes the page's picture between the processes in graphics buffers
/// for compositing on the GPU. The window paints without the GPU ([`configure`]),
/// so it has no use for them; without the renderer set up, the app and web
/// processes need about 8 MiB less together (measured as above).
///
/// Scrollbars are GTK's classic ones, always shown, not overlay scrollbars that
/// appear while scrolling (`GTK_OVERLAY_SCROLLING=0`). With overlay scrollbars,
/// WebKit keeps memory for every box that can scroll (`overflow` other than
/// `visible`) for as long as the page lives, after the box is gone: laying 20
/// such boxes over the page and taking them away, 400 times, grew all processes
/// from 240 to 415 MiB; with classic scrollbars from 232 to 254 MiB (release app,
/// docs/PERFORMANCE.md). The monitoring screen alone holds dozens of such boxes.
/// This also overrides a desktop's own choice, and WebKitWebDriver's, which sets
/// overlay scrollbars for the e2e tests.
pub fn web_process_environment() {
    #[cfg(target_os = "linux")]
    {
        std::env::set_var("JSC_useJIT", "false");
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
        std::env::set_var("GTK_OVERLAY_SCROLLING", "0");
    }
}

/// Called once at start-up.
pub fn remember(app: AppHandle) {
    if let Some(window) = app.webview_windows().into_values().next() {
        configure(&window);
    }
    let _ = APP.set(app);
}

/// Settings for a window that shows one app, not a web of pages (Linux):
///
/// - no back/forward cache, which would keep a page left behind alive;
/// - WebKit's document-viewer cache model: the smallest memory caches and no
///   process cache;
/// - painting without the GPU (hardware acceleration `Never`): the page is text,
///   tables and a few charts, which the CPU paints quickly, and the web process
///   then keeps no compositing layers and textures. Measured under Xvfb (5,000
///   trajectories, overview) it needs about 70 MiB less;
/// - no WebGL, Web Audio or media elements, which the app does not use.
///
/// On Windows, a low memory target until the vault is open.
fn configure(window: &WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        use webkit2gtk::{
            CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
        };
        let applied = window.with_webview(|platform| {
            let view = platform.inner();
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_enable_page_cache(false);
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                settings.set_enable_webgl(false);
                settings.set_enable_webaudio(false);
                settings.set_enable_media(false);
            }
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
        if applied.is_err() {
            eprintln!("Spil: the window's memory settings could not be applied");
        }
    }
    // Every new window shows the unlock screen first: it needs little memory
    // until the vault is open.
    memory_target(window, Memory::Low);
}

/// How much memory a window's web view should aim for. Only Windows' WebView2
/// takes a target (`MemoryUsageTargetLevel`): at `Low` it trims its caches and
/// pages memory out, at some cost to speed when the page is used again. WebKitGTK
/// has no such setting.
#[derive(Clone, Copy)]
enum Memory {
    /// Locked: the window shows only the unlock screen.
    Low,
    /// The vault is open and the worker uses the page.
    Normal,
}

/// After an unlock: the page is in use again.
pub fn in_use() {
    if let Some(window) = current() {
        memory_target(&window, Memory::Normal);
    }
}

fn memory_target(window: &WebviewWindow, target: Memory) {
    #[cfg(windows)]
    {
        use webview2_com::Microsoft::Web::WebView2::Win32::{
            ICoreWebView2_19, COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_LOW,
            COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_NORMAL,
        };
        use windows_core::Interface;
        let level = match target {
            Memory::Low => COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_LOW,
            Memory::Normal => COREWEBVIEW2_MEMORY_USAGE_TARGET_LEVEL_NORMAL,
        };
        let applied = window.with_webview(move |platform| {
            #[allow(unsafe_code)]
            // SAFETY: COM calls on the controller Tauri hands this closure, on the
            // thread that owns the web view (as WebView2 requires), while it lives.
            let set = unsafe {
                platform
                    .controller()
                    .CoreWebView2()
                    .and_then(|view| view.cast::<ICoreWebView2_19>())
                    .and_then(|view| view.SetMemoryUsageTargetLevel(level))
            };
            // A WebView2 runtime older than version 114 lacks the setting; the
            // app works the same without it.
            if set.is_err() {
                eprintln!("Spil: the web view's memory target could not be set");
            }
        });
        if applied.is_err() {
            eprintln!("Spil: the web view's memory target could not be set");
        }
    }
    #[cfg(not(windows))]
    let _ = (window, target);
}

/// The window the worker sees: the newest one (during a renewal the old window
/// is still there until the new page has loaded).
pub fn current() -> Option<WebviewWindow> {
    let app = APP.get()?;
    app.webview_windows()
        .into_iter()
        .max_by_key(|(label, _)| number(label))
        .map(|(_, window)| window)
}

/// How long a new window waits for its page before it takes over regardless.
const TAKE_OVER_ANYWAY: Duration = Duration::from_secs(10);

/// The old windows a new one replaces, once.
struct Handover {
    done: Once,
    old: Vec<WebviewWindow>,
    maximized: bool,
}

impl Handover {
    /// Shows `new` where the old window was and destroys the old ones; only the
    /// first call does anything.
    fn take_over(&self, new: &WebviewWindow) {
        self.done.call_once(|| {
            if self.maximized {
                let _ = new.maximize();
            }
            let _ = new.show();
            let _ = new.set_focus();
            for window in &self.old {
                // Destroy, not close: no close-requested round trip through a page
                // that is going away.
                let _ = window.destroy();
            }
        });
    }
}

/// `main` is 0, `main-N` is N.
fn number(label: &str) -> u32 {
    label
        .strip_prefix("main-")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Replaces every window of the app by one new window showing the app's first
/// page, which finds the vault locked. `notice` is shown on the unlock screen.
/// `false` when the app has no window (the tests' mock runtime).
pub fn renew(notice: &str) -> tauri::Result<bool> {
    let Some(app) = APP.get() else {
        return Ok(false);
    };
    let old: Vec<WebviewWindow> = app.webview_windows().into_values().collect();
    let Some(mut config) = app.config().app.windows.first().cloned() else {
        return Err(tauri::Error::WindowNotFound);
    };
    config.label = format!("main-{}", NEXT.fetch_add(1, Ordering::Relaxed));
    config.visible = false;
    let mut builder = WebviewWindowBuilder::from_config(app, &config)?
        .initialization_script(format!("window.spilNotice = {};", js_string(notice)));
    let mut maximized = false;
    if let Some(first) = old.first() {
        maximized = first.is_maximized().unwrap_or(false);
        if let (Ok(position), Ok(size), Ok(scale)) = (
            first.outer_position(),
            first.inner_size(),
            first.scale_factor(),
        ) {
            let position = position.to_logical::<f64>(scale);
            let size = size.to_logical::<f64>(scale);
            builder = builder
                .position(position.x, position.y)
                .inner_size(size.width, size.height);
        }
    }
    let handover = Arc::new(Handover {
        done: Once::new(),
        old,
        maximized,
    });
    let on_load = Arc::clone(&handover);
    let window = builder
        .on_page_load(move |window, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                on_load.take_over(&window);
            }
        })
        .build()
        .inspect(configure)?;
    // Should the page never report that it loaded, the new window takes over all
    // the same after a while, rather than leave the worker at a blank window.
    std::thread::spawn(move || {
        std::thread::sleep(TAKE_OVER_ANYWAY);
        handover.take_over(&window);
    });
    Ok(true)
}

/// `text` as a JavaScript string literal (JSON's string syntax is a subset).
fn js_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::{js_string, number};

    #[test]
    fn the_newest_window_has_the_highest_number() {
        assert_eq!(number("main"), 0);
        assert_eq!(number("main-12"), 12);
    }

    #[test]
    fn a_notice_cannot_break_out_of_its_string() {
        assert_eq!(js_string("Vergrendeld."), "\"Vergrendeld.\"");
        assert_eq!(js_string("\"; alert(1); //"), "\"\\\"; alert(1); //\"");
    }
}
