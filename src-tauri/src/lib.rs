//! Spil's desktop shell: a thin layer of Tauri commands over spil-core.
//! No rule, no SQL and no figure lives here.

// First: the command list's macros are used by the modules below.
#[macro_use]
mod command_list;

pub mod auto_lock;
pub mod bindings;
pub mod commands;
pub mod error;
pub mod page;
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
    let specta = bindings::builder::<tauri::Wry>();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let data_dir = state::resolve_data_dir(std::env::var_os(state::DATA_DIR_ENV), || {
                app.path().app_data_dir()
            })?;
            app.manage(state::AppState::new(data_dir));
            auto_lock::start(app.handle())?;
            page::remember(app.handle().clone());
            #[cfg(windows)]
            session_watch::start(app.handle())?;
            Ok(())
        })
        .run(tauri::generate_context!())
}
