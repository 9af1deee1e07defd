//! Shared helpers for spil-core's integration tests: real vaults on disk.
#![allow(dead_code)]

use std::path::Path;

use spil_core::export::{ExportFormat, ExportLevel, ExportParams};
use spil_core::{Passphrase, Vault};

pub const PASS: &str = "paard batterij niet plakband";

pub fn create(dir: &Path) -> Vault {
    Vault::create(dir, &Passphrase::new(PASS), "test").unwrap()
}

pub fn open(dir: &Path) -> Vault {
    Vault::open(dir, &Passphrase::new(PASS), "test").unwrap()
}

/// Every byte of every file in the vault folder (database, -wal, -shm, key file).
pub fn all_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A record export (JSON) of 2023 and 2024, as a regional merge takes it.
pub fn records_json(v: &mut Vault) -> Vec<u8> {
    let p = ExportParams {
        from: "2023-01-01".parse().unwrap(),
        to: "2024-12-31".parse().unwrap(),
        level: ExportLevel::Records,
        format: ExportFormat::Json,
        granularity: Default::default(),
        profile: None,
    };
    let mut out = Vec::new();
    v.export(&p, &mut out, |_| {}).unwrap();
    out
}
