//! The regional coordinator's merge screen: workers' record exports become one
//! region file of protected figures. Needs no vault. When one is open, writing
//! the region file is recorded in its audit log by counts only; with none,
//! nothing is recorded.

use std::path::{Path, PathBuf};

use serde::Serialize;
use specta::Type;
use spil_core::export::{
    merge_files, preview_files, write_region, MergeParams, RegionPreview, RegionWritten,
};
use tauri::State;

use crate::error::AppResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RegionDone {
    pub written: RegionWritten,
    /// Whether the merge was recorded in the open vault's audit log.
    pub audited: bool,
}

fn to_paths(list: Vec<String>) -> Vec<PathBuf> {
    list.into_iter().map(PathBuf::from).collect()
}

/// Every chosen export checked on its own, and the region's protected figures
/// over those accepted. Reads the files only; writes nothing.
#[tauri::command]
#[specta::specta]
pub async fn merge_preview(
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> AppResult<RegionPreview> {
    state
        .blocking(move |_| Ok(preview_files(&to_paths(paths), &MergeParams::default())?))
        .await
}

/// Merges `paths` (refused if any one is) and writes the region file to `out`.
#[tauri::command]
#[specta::specta]
pub async fn write_region_file(
    state: State<'_, AppState>,
    paths: Vec<String>,
    out: String,
) -> AppResult<RegionDone> {
    state
        .blocking(move |s| {
            let inputs = to_paths(paths);
            let out = Path::new(&out);
            let region = merge_files(&inputs, &MergeParams::default())?;
            let written = write_region(&region, out, &inputs)?;
            let mut slot = s.slot()?;
            let Some(vault) = slot.as_mut() else {
                return Ok(RegionDone {
                    written,
                    audited: false,
                });
            };
            if let Err(e) = vault.record_region_merge(&written) {
                // An unrecorded merge leaves no region file behind.
                let _ = std::fs::remove_file(out);
                return Err(e.into());
            }
            Ok(RegionDone {
                written,
                audited: true,
            })
        })
        .await
}
