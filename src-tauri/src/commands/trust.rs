//! Backup and restore, the audit log, access history, inzage and retention.
//!
//! Every command that reads or changes the vault calls a core method that audits
//! it (backup, restore, reading the log, a client's access history, inzage as a
//! print, the retention list, destruction, the reminder setting). Three read no
//! client data and are not audited: `backup_info` and `audit_chain_status` (what the
//! vault says about itself) and `list_backups` (file names in the backup folder).
//!
//! Each command is a thin wrapper around a plain function on [`AppState`], so the
//! tests below drive the same code on a real vault without a webview.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use specta::Type;
use spil_core::audit::{AuditEntry, AuditStatus};
use spil_core::backup::{BackupReport, RestoreAuthority};
use spil_core::model::Printed;
use spil_core::rights::{self, DestructionReason, RetentionItem};
use spil_core::{Passphrase, Rule, Vault};
use tauri::State;

use super::settings;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::state::{actor, AppState};

/// Where the app remembers the file its last backup went to (a path, no client data).
const LAST_BACKUP_FILE: &str = "last-backup.json";
const BACKUP_EXTENSION: &str = "spilbak";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// RFC 3339, UTC; `None` if this vault was never backed up.
    pub last_backup_at: Option<String>,
    pub days_since_last: Option<i32>,
    pub reminder_days: u32,
    /// No backup yet, or the last one is `reminder_days` or more days old.
    pub reminder_due: bool,
    /// The file of the last backup, when this app made it.
    pub last_backup_path: Option<String>,
    /// Where the next backup goes (the setting).
    pub folder: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupDone {
    /// The full path written.
    pub path: String,
    pub kilobytes: u32,
    pub created_at: String,
}

/// A file in the backup folder that looks like a backup (by its extension; it is
/// checked only when restored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    pub path: String,
    pub name: String,
    pub kilobytes: u32,
    /// RFC 3339, UTC.
    pub modified_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RestoreDone {
    /// When the restored backup was made; the vault is now as it was then.
    pub backup_created_at: String,
    /// Files destroyed after the backup was made, destroyed again.
    pub destructions_reapplied: u32,
    /// Where the replaced vault was kept (encrypted), if there was one.
    pub kept_aside: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RetentionList {
    pub years: u32,
    pub items: Vec<RetentionItem>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LastBackup {
    path: String,
    created_at: String,
}

fn kilobytes(bytes: u64) -> u32 {
    u32::try_from(bytes.div_ceil(1024)).unwrap_or(u32::MAX)
}

/// `spil-backup-2026-11-25-143012.spilbak`, in local time: the name says when.
pub fn backup_file_name(at: chrono::NaiveDateTime) -> String {
    format!(
        "spil-backup-{}.{BACKUP_EXTENSION}",
        at.format("%Y-%m-%d-%H%M%S")
    )
}

pub fn backup_info_of(state: &AppState) -> AppResult<BackupInfo> {
    let status = state.with_vault(|v| v.backup_status())?;
    // Shown only when it is the backup the vault knows as its last (not after a
    // restore, nor when the `spil` command made a newer one).
    let last_backup_path = std::fs::read(state.data_dir.join(LAST_BACKUP_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<LastBackup>(&bytes).ok())
        .filter(|last| status.last_backup_at.as_deref() == Some(last.created_at.as_str()))
        .map(|last| last.path);
    Ok(BackupInfo {
        days_since_last: status
            .days_since_last
            .map(|d| i32::try_from(d).unwrap_or(i32::MAX)),
        last_backup_at: status.last_backup_at,
        reminder_days: status.reminder_days,
        reminder_due: status.reminder_due,
        last_backup_path,
        folder: settings::load(&state.data_dir).backup_folder,
    })
}

pub fn make_backup_in(state: &AppState) -> AppResult<BackupDone> {
    let folder = PathBuf::from(settings::load(&state.data_dir).backup_folder);
    std::fs::create_dir_all(&folder).map_err(|e| {
        AppError::invalid(
            "backup_folder",
            Rule::NotFound,
            format!("the backup folder cannot be made: {e}"),
        )
    })?;
    let out = folder.join(backup_file_name(chrono::Local::now().naive_local()));
    let report: BackupReport = state.with_vault(|v| v.backup(&out))?;
    let path = report.path.display().to_string();
    // Only a convenience for the "where" on the screen: the backup itself is
    // done, so failing to remember its path does not fail the command.
    let last = LastBackup {
        path: path.clone(),
        created_at: report.created_at.clone(),
    };
    if let Ok(json) = serde_json::to_vec(&last) {
        let _ = std::fs::write(state.data_dir.join(LAST_BACKUP_FILE), json);
    }
    Ok(BackupDone {
        path,
        kilobytes: kilobytes(report.bytes),
        created_at: report.created_at,
    })
}

pub fn list_backups_in(folder: &Path) -> Vec<BackupFile> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<BackupFile> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == BACKUP_EXTENSION))
        .filter_map(|e| {
            let meta = e.metadata().ok().filter(|m| m.is_file())?;
            let modified: chrono::DateTime<chrono::Utc> = meta.modified().ok()?.into();
            Some(BackupFile {
                path: e.path().display().to_string(),
                name: e.file_name().to_string_lossy().into_owned(),
                kilobytes: kilobytes(meta.len()),
                modified_at: modified.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            })
        })
        .collect();
    files.sort_by(|a, b| b.modified_at.cmp(&a.modified_at).then(b.name.cmp(&a.name)));
    files
}

/// Restore `from` over the vault in the data folder and leave it open, unlocked
/// with the passphrase the backup was made under. The core does the whole restore
/// ([`Vault::restore_over`]): over an existing vault it needs `current` (that
/// vault's passphrase), or `keep_aside` (the worker forgot it; the old vault is kept
/// aside, encrypted, and the answer names where). Every check runs before the open
/// vault is closed; if the restore fails after that, the vault stays locked and
/// opens with its own passphrase.
pub fn restore_into(
    state: &AppState,
    from: &Path,
    passphrase: String,
    current: Option<String>,
    keep_aside: bool,
) -> AppResult<RestoreDone> {
    if !from.is_file() {
        return Err(AppError::invalid(
            "path",
            Rule::NotFound,
            "there is no file at this path",
        ));
    }
    let passphrase = Passphrase::new(passphrase);
    let current = current.filter(|c| !c.is_empty()).map(Passphrase::new);
    let authority = match (&current, keep_aside) {
        (Some(p), _) => Some(RestoreAuthority::CurrentPassphrase(p)),
        (None, true) => Some(RestoreAuthority::KeepAside),
        (None, false) => None,
    };
    let mut slot = state.slot()?;
    let report = Vault::restore_over(
        from,
        &state.vault_dir(),
        &passphrase,
        authority,
        &mut slot,
        &actor(),
    )?;
    Ok(RestoreDone {
        backup_created_at: report.backup_created_at,
        destructions_reapplied: report.destructions_reapplied,
        kept_aside: report.kept_aside.map(|p| p.display().to_string()),
    })
}

/// Write the youth's inzage as JSON into `folder`; returns the full path. The file
/// is named by the date and the start of the youth's id, never by their name.
pub fn save_inzage_json_in(state: &AppState, youth_id: &str, folder: &Path) -> AppResult<String> {
    if !folder.is_dir() {
        return Err(AppError::invalid(
            "folder",
            Rule::NotFound,
            "this folder does not exist",
        ));
    }
    let doc = state.with_vault(|v| v.inzage(youth_id))?;
    let short: String = youth_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    let name = format!(
        "inzage-{short}-{}.json",
        chrono::Local::now().format("%Y-%m-%d")
    );
    let path = folder.join(name);
    let json = serde_json::to_vec_pretty(&doc)
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    // Plaintext about a client: readable by this account only.
    spil_core::store::private::write(&path, &json).map_err(|e| {
        AppError::invalid(
            "folder",
            Rule::NotWritable,
            format!("cannot write here: {e}"),
        )
    })?;
    Ok(path.display().to_string())
}

#[tauri::command]
#[specta::specta]
pub async fn backup_info(state: State<'_, AppState>) -> AppResult<BackupInfo> {
    state.blocking(backup_info_of).await
}

#[tauri::command]
#[specta::specta]
pub async fn make_backup(state: State<'_, AppState>) -> AppResult<BackupDone> {
    state.blocking(make_backup_in).await
}

/// The backups in the backup folder, newest first (empty when it does not exist).
#[tauri::command]
#[specta::specta]
pub async fn list_backups(state: State<'_, AppState>) -> AppResult<Vec<BackupFile>> {
    let folder = settings::load(&state.data_dir).backup_folder;
    Ok(list_backups_in(Path::new(&folder)))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_backup(
    state: State<'_, AppState>,
    path: String,
    passphrase: String,
    current_passphrase: Option<String>,
    keep_aside: bool,
) -> AppResult<RestoreDone> {
    state
        .blocking(move |s| {
            restore_into(
                s,
                Path::new(path.trim()),
                passphrase,
                current_passphrase,
                keep_aside,
            )
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_backup_reminder_days(state: State<'_, AppState>, days: u32) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.set_backup_reminder_days(days)))
        .await
}

/// A page of the log, newest first: events before `before_seq`, of `action` if given.
#[tauri::command]
#[specta::specta]
pub async fn audit_log(
    state: State<'_, AppState>,
    before_seq: Option<i32>,
    limit: u32,
    action: Option<String>,
) -> AppResult<Vec<AuditEntry>> {
    state
        .blocking(move |s| {
            s.with_vault(|v| v.audit_log_of(before_seq.map(i64::from), limit, action.as_deref()))
        })
        .await
}

/// The audit chain as verified at unlock.
#[tauri::command]
#[specta::specta]
pub async fn audit_chain_status(state: State<'_, AppState>) -> AppResult<AuditStatus> {
    state
        .blocking(move |s| s.with_vault(|v| Ok(v.audit_status().clone())))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn access_history(
    state: State<'_, AppState>,
    youth_id: String,
) -> AppResult<Vec<AuditEntry>> {
    state
        .blocking(move |s| s.with_vault(|v| v.access_history(&youth_id)))
        .await
}

/// The youth's whole file as one HTML page (every value escaped by the core).
#[tauri::command]
#[specta::specta]
pub async fn inzage_html(state: State<'_, AppState>, youth_id: String) -> AppResult<String> {
    state
        .blocking(move |s| s.with_vault(|v| Ok(rights::inzage_html(&v.inzage(&youth_id)?))))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_inzage_json(
    state: State<'_, AppState>,
    youth_id: String,
    folder: String,
) -> AppResult<String> {
    state
        .blocking(move |s| save_inzage_json_in(s, &youth_id, Path::new(folder.trim())))
        .await
}

/// Files past the vault's retention term, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn retention_due(state: State<'_, AppState>) -> AppResult<RetentionList> {
    state
        .blocking(|s| {
            s.with_vault(|v| {
                Ok(RetentionList {
                    years: v.retention_years()?,
                    items: v.retention_due()?,
                })
            })
        })
        .await
}

/// Change the vault's retention term (at least 20 years; audited by the core).
#[tauri::command]
#[specta::specta]
pub async fn set_retention_years(state: State<'_, AppState>, years: u32) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.set_retention_years(years)))
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn destroy_youth(
    state: State<'_, AppState>,
    youth_id: String,
    reason: DestructionReason,
) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.destroy_youth(&youth_id, reason)))
        .await
}

#[cfg(test)]
mod tests;

/// Records what is about to be printed (the page prints only after this succeeds).
#[tauri::command]
#[specta::specta]
pub async fn record_print(state: State<'_, AppState>, printed: Printed) -> AppResult<()> {
    state
        .blocking(move |s| s.with_vault(|v| v.record_print(&printed)))
        .await
}
