//! The typed TypeScript bindings in `ui/src/lib/bindings.ts` are generated
//! from this builder. A test fails when the committed file has drifted;
//! `make bindings` rewrites it.

use std::path::{Path, PathBuf};

use specta_typescript::Typescript;
use tauri_specta::{collect_commands, collect_events, Builder};

use crate::commands;
use crate::error::AppError;

/// tauri-specta's `collect_commands!` over the paths in `command_list.rs`.
macro_rules! collect_app_commands {
    ($($module:ident :: $command:ident),* $(,)?) => {
        collect_commands![$(commands::$module::$command),*]
    };
}

pub fn builder<R: tauri::Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(with_commands!(collect_app_commands))
        .events(collect_events![crate::auto_lock::VaultLocked])
        // Exported even where no command returns it yet, so the UI can type
        // every failure as `AppError`.
        .typ::<AppError>()
}

pub fn committed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts")
}

pub fn export<R: tauri::Runtime>(
    builder: &Builder<R>,
    path: &Path,
) -> Result<(), specta_typescript::Error> {
    builder.export(Typescript::default(), path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Set `SPIL_UPDATE_BINDINGS=1` (what `make bindings` does) to rewrite the
    /// committed file instead of comparing against it.
    #[test]
    fn committed_bindings_match_the_rust_commands() {
        let committed = committed_path();
        if std::env::var_os("SPIL_UPDATE_BINDINGS").is_some() {
            export(&builder::<tauri::Wry>(), &committed).unwrap();
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let fresh = tmp.path().join("bindings.ts");
        export(&builder::<tauri::Wry>(), &fresh).unwrap();
        let fresh = std::fs::read_to_string(&fresh).unwrap();
        let on_disk = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh == on_disk,
            "{} is out of date with the Rust commands; run `make bindings` and commit the result",
            committed.display()
        );
    }
}
