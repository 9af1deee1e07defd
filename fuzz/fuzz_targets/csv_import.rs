//! The caseload import: any bytes either import or are refused with row errors;
//! never a panic. One real encrypted vault per process (the KDF runs once), on
//! /dev/shm where it exists so the per-import fsync stays cheap.
#![no_main]

use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use spil_core::{Passphrase, Vault};

struct Fixture {
    _dir: tempfile::TempDir,
    vault: Vault,
}

fn fixture() -> &'static Mutex<Fixture> {
    static VAULT: OnceLock<Mutex<Fixture>> = OnceLock::new();
    VAULT.get_or_init(|| {
        let dir = if std::path::Path::new("/dev/shm").is_dir() {
            tempfile::tempdir_in("/dev/shm")
        } else {
            tempfile::tempdir()
        }
        .unwrap();
        let pass = Passphrase::new("fuzz fuzz fuzz paard batterij");
        let vault = Vault::create(dir.path(), &pass, "fuzz").unwrap();
        Mutex::new(Fixture { _dir: dir, vault })
    })
}

fuzz_target!(|data: &[u8]| {
    let mut f = fixture().lock().unwrap();
    let _ = f.vault.import_csv(data, |_| {});
});
