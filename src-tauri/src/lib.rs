//! Spil's desktop shell: a thin layer of Tauri commands over spil-core.
//! No rule, no SQL and no figure lives here.

// First: the command list's macros are used by the modules below.
#[macro_use]
mod command_list;

pub mod auto_lock;
pub mod bindings;
pub mod commands;
pub mod error;
pub mod pdf;
#[cfg(windows)]
pub mod session_watch;
pub mod state;
pub mod wipe;

use tauri::Manager;

/// Every command the window may call, by the name it invokes (`command_list.rs`).
pub const COMMANDS: &[&str] = with_commands!(command_names);

/// Runs the app until its window closes; an error means it could not start.
pub fn run() -> tauri::Result<()> {
    // Every file the app writes (vault, backups, exports, inzage) is private.
    spil_core::store::private::restrict_umask();
    #[cfg(target_os = "linux")]
    no_gpu_compositing();
    let specta = bindings::builder::<tauri::Wry>();
    tauri::Builder::default()
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let data_dir = state::resolve_data_dir(std::env::var_os(state::DATA_DIR_ENV), || {
                app.path().app_data_dir()
            })?;
            app.manage(state::AppState::new(data_dir));
            auto_lock::start(app.handle())?;
            if let Some(window) = app.get_webview_window("main") {
                pdf::remember(window);
            }
            #[cfg(windows)]
            session_watch::start(app.handle())?;
            Ok(())
        })
        .run(tauri::generate_context!())
}

/// WebKitGTK composites pages on the GPU by default. Spil's pages are forms,
/// tables and small charts, which gain nothing from it; it costs memory, and on
/// machines without a GPU (Mesa's software renderer: virtual machines, remote
/// desktops, Xvfb) the compositor thread was seen to crash the web process,
/// which takes the window's content with it. So pages are drawn without it,
/// unless `WEBKIT_DISABLE_COMPOSITING_MODE` is set otherwise. Runs before any
/// thread or web process starts: the web processes inherit the setting.
#[cfg(target_os = "linux")]
fn no_gpu_compositing() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VAR).is_none() {
        std::env::set_var(VAR, "1");
    }
}
