//! Running the real `spil` binary in the command-line tests.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

pub const PASS: &str = "paard batterij niet plakband";

/// Run `spil` with the test passphrase in the environment.
pub fn spil(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spil"))
        .args(args)
        .env("SPIL_PASSPHRASE", PASS)
        .output()
        .unwrap()
}

/// Run `spil`, require success, return its standard output.
pub fn ok(args: &[&str]) -> String {
    let out = spil(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}
