// The one list of the commands the window may call, as `module::command` under
// `crate::commands`. Everything else derives from it: `build.rs` (which makes
// the permission set the capability file grants), `bindings.rs` (the handler and
// the TypeScript bindings, from which the UI's `Backend` type is mapped) and the
// audit coverage test (which calls each one through IPC).
//
// Adding a command: write it in `commands/`, add it here, run `make bindings`,
// and call it in `tests/audit_coverage.rs`.
//
// This file is `include!`d by `build.rs` as well as compiled into the crate, so
// it holds nothing but the macro.

/// Calls the macro `$then` with every command, as `module::command` paths.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            app_info::app_info,
            clock::local_clock,
            vault::vault_status,
            vault::passphrase_strength,
            vault::create_vault,
            vault::unlock_vault,
            vault::lock_vault,
            vault::renew_page,
            vault::change_passphrase,
            vault::change_passphrase_and_rotate,
            vault::touch_activity,
            settings::get_settings,
            settings::save_settings,
            practices::practices,
            practices::add_practice,
            practices::update_practice,
            caseload::caseload,
            caseload::find_youths,
            caseload::possible_duplicates,
            caseload::add_youth,
            caseload::register_referral,
            caseload::trajectory,
            caseload::update_referral,
            caseload::update_youth,
            trajectory::record_first_contact,
            trajectory::record_intake,
            trajectory::decide_triage,
            trajectory::add_conversation,
            trajectory::update_conversation,
            trajectory::delete_conversation,
            trajectory::close_trajectory,
            trajectory::reopen_trajectory,
            trajectory::record_gp_feedback,
            trajectory::gp_letter,
            trajectory::save_gp_letter_draft,
            trajectory::discard_gp_letter_draft,
            consultations::add_gp_consultation,
            consultations::gp_consultations,
            consultations::update_gp_consultation,
            consultations::delete_gp_consultation,
            import::import_file,
            import::workbook_sheets,
            monitoring::monitoring_report,
            monitoring::set_savings_params,
            monitoring::export_preview,
            monitoring::export_anonymised,
            monitoring::save_report_pdf,
            merge::merge_preview,
            merge::write_region_file,
            trust::backup_info,
            trust::make_backup,
            trust::list_backups,
            trust::restore_backup,
            trust::set_backup_reminder_days,
            trust::audit_log,
            trust::audit_chain_status,
            trust::access_history,
            trust::inzage_html,
            trust::save_inzage_json,
            trust::retention_due,
            trust::set_retention_years,
            trust::destroy_youth,
            trust::record_print,
        }
    };
}

/// The commands' names, as the window invokes them.
macro_rules! command_names {
    ($($module:ident :: $command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}
