//! Tauri commands: a few lines each: take state, call the core, map the error.
//! Add a command here and to the one list in `command_list.rs`; the handler,
//! the permission the window needs and the TypeScript bindings derive from it.
//!
//! Commands are `async` so Tauri runs them off the main thread: unlocking
//! derives a key with Argon2id, which would otherwise freeze the window.

pub mod app_info;
pub mod caseload;
pub mod clock;
pub mod consultations;
pub mod import;
pub mod merge;
pub mod monitoring;
pub mod practices;
pub mod settings;
pub mod trajectory;
pub mod trust;
pub mod vault;
