/// Every command the UI may call; `capabilities/main.json` allows each one.
const COMMANDS: &[&str] = &[
    "app_info",
    "vault_status",
    "passphrase_strength",
    "create_vault",
    "unlock_vault",
    "lock_vault",
    "change_passphrase",
    "change_passphrase_and_rotate",
    "touch_activity",
    "get_settings",
    "save_settings",
    "practices",
    "add_practice",
    "update_practice",
    "caseload",
    "find_youths",
    "add_youth",
    "register_referral",
    "trajectory",
    "record_first_contact",
    "record_intake",
    "decide_triage",
    "add_conversation",
    "update_conversation",
    "close_trajectory",
    "reopen_trajectory",
    "record_gp_feedback",
    "gp_letter",
    "add_gp_consultation",
    "gp_consultations",
    "import_csv",
    "monitoring_report",
    "set_savings_params",
    "export_preview",
    "export_anonymised",
    "backup_info",
    "make_backup",
    "list_backups",
    "restore_backup",
    "set_backup_reminder_days",
    "audit_log",
    "audit_chain_status",
    "access_history",
    "inzage_html",
    "save_inzage_json",
    "retention_due",
    "set_retention_years",
    "destroy_youth",
    "record_print",
];

fn main() {
    // The bundled SQLCipher in spil-core exports `sqlite3_*` symbols from the
    // executable; WebKitGTK and libsoup would then bind to them instead of the
    // system libsqlite3 they were built against. Keep our symbols private.
    println!("cargo:rustc-link-arg-bins=-Wl,--exclude-libs,ALL");

    // Listing the app's commands makes them subject to the capability files
    // (allow-<command>), instead of every command being callable by default.
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed");
}
