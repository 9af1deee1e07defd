//! `spil backup`, `spil restore` and `spil inzage` end to end, through the binary.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ok, s, spil};

#[test]
fn backup_restore_and_inzage_through_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (vault, copy) = (tmp.path().join("kluis"), tmp.path().join("terug"));
    let (csv, backup) = (tmp.path().join("c.csv"), tmp.path().join("k.spilbackup"));
    std::fs::write(
        &csv,
        "youth_ref,given_name,practice,referral_date,session_dates,notes\n\
         J1,Sanne,De Linde,2024-03-01,2024-03-04;2024-03-11,slaapt <b>slecht</b>\n",
    )
    .unwrap();
    ok(&["init", "--vault", s(&vault)]);
    ok(&["import", "--vault", s(&vault), s(&csv)]);
    ok(&["backup", "--vault", s(&vault), "--out", s(&backup)]);
    ok(&["restore", "--from", s(&backup), "--vault", s(&copy)]);
    assert_eq!(
        ok(&["list", "--vault", s(&vault), "--json"]),
        ok(&["list", "--vault", s(&copy), "--json"])
    );
    ok(&["verify", "--vault", s(&copy)]);
    ok(&["rekey", "--vault", s(&copy), "--data-key"]);
    ok(&["verify", "--vault", s(&copy)]);

    let html = tmp.path().join("inzage.html");
    ok(&[
        "inzage",
        "--vault",
        s(&copy),
        "--youth",
        "J1",
        "--out",
        s(&html),
    ]);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Sanne") && page.contains("&lt;b&gt;slecht"));

    // A damaged backup: one line on stderr with the error code, non-zero exit.
    let mut bytes = std::fs::read(&backup).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&backup, bytes).unwrap();
    let out = spil(&["restore", "--from", s(&backup), "--vault", s(&copy)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("[backup_damaged]"), "{err}");
}

/// `spil destroy`, then restoring an older backup over the vault: it needs the
/// current passphrase, keeps the replaced vault aside and destroys the file again.
/// An emptied database is refused, and `spil verify` says which check failed.
#[test]
fn destroy_restore_and_verify_through_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("kluis");
    let (csv, backup) = (tmp.path().join("c.csv"), tmp.path().join("k.spilbak"));
    std::fs::write(
        &csv,
        "youth_ref,given_name,practice,referral_date\n\
         J1,Sanne,De Linde,2024-03-01\n\
         J2,Femke,De Linde,2024-03-02\n",
    )
    .unwrap();
    ok(&["init", "--vault", s(&vault)]);
    ok(&["import", "--vault", s(&vault), s(&csv)]);
    ok(&["backup", "--vault", s(&vault), "--out", s(&backup)]);
    let out = ok(&[
        "destroy",
        "--vault",
        s(&vault),
        "--youth",
        "J1",
        "--reason",
        "request",
    ]);
    assert!(out.contains("request_by_youth"), "{out}");
    let retention = spil(&[
        "destroy",
        "--vault",
        s(&vault),
        "--youth",
        "J2",
        "--reason",
        "retention",
    ]);
    assert!(!retention.status.success(), "J2 is not past its term");

    // Without the current passphrase (no terminal here), nothing is replaced.
    let refused = spil(&["restore", "--from", s(&backup), "--vault", s(&vault)]);
    assert!(!refused.status.success());
    let restored = std::process::Command::new(env!("CARGO_BIN_EXE_spil"))
        .args(["restore", "--from", s(&backup), "--vault", s(&vault)])
        .env("SPIL_PASSPHRASE", common::PASS)
        .env("SPIL_CURRENT_PASSPHRASE", common::PASS)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&restored.stdout);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(said.contains("applied again: 1"), "{said}");
    assert!(said.contains("kluis-replaced-"), "{said}");
    let list = ok(&["list", "--vault", s(&vault), "--json"]);
    assert!(!list.contains("Sanne") && list.contains("Femke"), "{list}");

    std::fs::write(vault.join("spil.db"), b"").unwrap();
    let out = spil(&["verify", "--vault", s(&vault)]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("database binding    FAILED"), "{text}");
    assert!(text.contains("database_empty"), "{text}");
    assert_eq!(std::fs::metadata(vault.join("spil.db")).unwrap().len(), 0);
}
