// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Every block the app frees is zeroed first (see `wipe`).
#[global_allocator]
static ALLOCATOR: spil_app::wipe::Wiping = spil_app::wipe::Wiping;

fn main() -> std::process::ExitCode {
    spil_app::wipe::wipe_freed_c_heap();
    spil_app::page::web_process_environment();
    match spil_app::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Spil could not start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
