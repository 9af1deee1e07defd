//! `spil merge` input: a worker's record export as the regional monitor receives it.
//! Any bytes are merged or refused with an error; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spil_core::export::{merge, MergeParams};

fuzz_target!(|data: &[u8]| {
    let _ = merge([("export.json".to_owned(), data)], &MergeParams::default());
});
