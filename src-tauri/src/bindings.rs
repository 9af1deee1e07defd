//! The typed TypeScript bindings in `ui/src/lib/bindings.ts` are generated
//! from this builder. A test fails when the committed file has drifted;
//! `make bindings` rewrites it.

use std::path::{Path, PathBuf};

use specta_typescript::Typescript;
use tauri_specta::{collect_commands, collect_events, Builder};

use crate::commands;
use crate::error::AppError;

pub fn builder<R: tauri::Runtime>() -> Builder<R> {
    Builder::<R>::new()
        .commands(collect_commands![
            commands::app_info::app_info,
            commands::vault::vault_status,
            commands::vault::passphrase_strength,
            commands::vault::create_vault,
            commands::vault::unlock_vault,
            commands::vault::lock_vault,
            commands::vault::change_passphrase,
            commands::vault::change_passphrase_and_rotate,
            commands::vault::touch_activity,
            commands::settings::get_settings,
            commands::settings::save_settings,
            commands::practices::practices,
            commands::practices::add_practice,
            commands::practices::update_practice,
            commands::caseload::caseload,
            commands::caseload::find_youths,
            commands::caseload::add_youth,
            commands::caseload::register_referral,
            commands::caseload::trajectory,
            commands::trajectory::record_first_contact,
            commands::trajectory::record_intake,
            commands::trajectory::decide_triage,
            commands::trajectory::add_conversation,
            commands::trajectory::update_conversation,
            commands::trajectory::close_trajectory,
            commands::trajectory::reopen_trajectory,
            commands::trajectory::record_gp_feedback,
            commands::trajectory::gp_letter,
            commands::consultations::add_gp_consultation,
            commands::consultations::gp_consultations,
            commands::import::import_csv,
            commands::monitoring::monitoring_report,
            commands::monitoring::set_savings_params,
            commands::monitoring::export_preview,
            commands::monitoring::export_anonymised,
            commands::trust::backup_info,
            commands::trust::make_backup,
            commands::trust::list_backups,
            commands::trust::restore_backup,
            commands::trust::set_backup_reminder_days,
            commands::trust::audit_log,
            commands::trust::audit_chain_status,
            commands::trust::access_history,
            commands::trust::inzage_html,
            commands::trust::save_inzage_json,
            commands::trust::retention_due,
            commands::trust::set_retention_years,
            commands::trust::destroy_youth,
            commands::trust::record_print,
        ])
        .events(collect_events![crate::auto_lock::VaultLocked])
        // Exported even where no command returns it yet, so the UI can type
        // every failure as `AppError`.
        .typ::<AppError>()
}

pub fn committed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts")
}

pub fn export<R: tauri::Runtime>(builder: &Builder<R>, path: &Path) {
    builder
        .export(Typescript::default(), path)
        .expect("exporting TypeScript bindings failed");
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
            export(&builder::<tauri::Wry>(), &committed);
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let fresh = tmp.path().join("bindings.ts");
        export(&builder::<tauri::Wry>(), &fresh);
        let fresh = std::fs::read_to_string(&fresh).unwrap();
        let on_disk = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh == on_disk,
            "{} is out of date with the Rust commands; run `make bindings` and commit the result",
            committed.display()
        );
    }
}
