//! The key file, parsed before any passphrase: structure, versions and the KDF
//! floor and ceiling. Never a panic, never an allocation driven by the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = spil_core::store::keyfile::inspect(data);
});
