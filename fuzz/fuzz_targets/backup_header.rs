//! A backup file: magic, header, sizes and checksums are checked before anything is
//! written or allocated beyond the 64 KiB bounds. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = spil_core::backup::inspect(data);
});
