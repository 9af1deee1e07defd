//! The audit chain is verified at every unlock: a broken chain is reported (and
//! recorded) but does not lock the worker out of the caseload.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use spil_core::audit::AuditStatus;
use spil_core::store::{query_for_tests, tamper_for_tests};
use spil_core::Passphrase;

#[test]
fn a_broken_audit_chain_is_reported_at_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::create(dir.path());
    v.find_youths("x").unwrap();
    v.close().unwrap();
    let v = common::open(dir.path());
    assert!(matches!(v.audit_status(), AuditStatus::Intact { events } if *events >= 3));
    v.close().unwrap();

    tamper_for_tests(
        dir.path(),
        &Passphrase::new(common::PASS),
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone else' WHERE seq = 2;",
    )
    .unwrap();
    for _ in 0..2 {
        let v = common::open(dir.path());
        assert!(
            matches!(v.audit_status(), AuditStatus::Broken { seq: 2, .. }),
            "{:?}",
            v.audit_status()
        );
        v.close().unwrap();
    }
    let v = common::open(dir.path());
    let noticed = query_for_tests(
        &v,
        "SELECT count(*) FROM audit_log WHERE what = 'audit_chain_broken'",
    )
    .unwrap();
    assert_eq!(noticed[0][0], "3", "each unlock records the break");
}
