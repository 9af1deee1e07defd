//! Versioned, append-only schema migrations on `PRAGMA user_version`.
//!
//! Never edit a shipped migration; add a new file to [`MIGRATIONS`]. All pending
//! migrations run in one transaction: a failure leaves the vault at its old version.
//! A vault whose version is newer than this binary knows is refused, not opened.

use rusqlite::Connection;

use crate::{Error, Result};

/// Migration N (1-based) brings the schema from version N-1 to N.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_initial.sql"),
    include_str!("sql/0002_report_indexes.sql"),
    include_str!("sql/0003_intervention_codes.sql"),
    include_str!("sql/0004_deletions.sql"),
    include_str!("sql/0005_gp_letter_drafts.sql"),
];

pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub(crate) fn apply(conn: &Connection) -> Result<()> {
    apply_up_to(conn, MIGRATIONS)
}

fn apply_up_to(conn: &Connection, migrations: &[&str]) -> Result<()> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = migrations.len() as u32;
    if current > known {
        return Err(Error::VaultTooNew {
            found: current,
            known,
        });
    }
    if current == known {
        return Ok(());
    }
    // One transaction for every pending step: all or nothing.
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| -> Result<()> {
        for sql in &migrations[current as usize..] {
            conn.execute_batch(sql)?;
        }
        conn.pragma_update(None, "user_version", known)?;
        Ok(())
    })();
    match result {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(e) => {
            conn.execute_batch("ROLLBACK")?;
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Inside `store`: the test checks the plain SQL of the migrations, no vault.
    #[allow(clippy::disallowed_methods)]
    fn memory() -> Connection {
        // Migrations are plain SQL; an in-memory database checks them without a key.
        Connection::open_in_memory().unwrap()
    }

    fn schema(conn: &Connection) -> String {
        let mut stmt = conn
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        rows.map(|r| r.unwrap() + ";\n").collect()
    }

    #[test]
    fn migrations_apply_and_are_idempotent() {
        let conn = memory();
        apply(&conn).unwrap();
        apply(&conn).unwrap();
        let v: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA foreign_key_check;")
            .unwrap();
    }

    #[test]
    fn schema_matches_snapshot() {
        let conn = memory();
        apply(&conn).unwrap();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/store/sql/schema.snapshot.sql"
        );
        let actual = schema(&conn);
        if std::env::var_os("SPIL_UPDATE_SNAPSHOT").is_some() {
            std::fs::write(path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            actual, expected,
            "schema changed: review it, then rerun with SPIL_UPDATE_SNAPSHOT=1"
        );
    }

    #[test]
    fn refuses_a_newer_vault() {
        let conn = memory();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = apply(&conn).unwrap_err();
        assert!(matches!(err, Error::VaultTooNew { .. }), "{err}");
    }

    #[test]
    fn a_failing_migration_changes_nothing() {
        let conn = memory();
        let broken = [
            MIGRATIONS[0],
            "CREATE TABLE t(x); SELECT no_such_function();",
        ];
        assert!(apply_up_to(&conn, &broken).is_err());
        let v: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 0);
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0);
    }

    #[test]
    fn version_2_fills_the_report_columns_of_existing_trajectories() {
        let conn = memory();
        apply_up_to(&conn, &MIGRATIONS[..1]).unwrap();
        conn.execute_batch(
            "INSERT INTO practices (id, name, created_at, updated_at) VALUES ('p', 'P', 'x', 'x');
             INSERT INTO youths (id, created_at, updated_at) VALUES ('y', 'x', 'x');
             INSERT INTO trajectories (id, youth_id, practice_id, referral_date, created_at,
                                       updated_at)
                 VALUES ('a', 'y', 'p', '2024-01-01', 'x', 'x'),
                        ('b', 'y', 'p', '2024-06-01', 'x', 'x');
             INSERT INTO conversations (id, trajectory_id, date, created_at)
                 VALUES ('c1', 'a', '2024-01-02', 'x'), ('c2', 'a', '2024-01-09', 'x');
             INSERT INTO triage_decisions (id, trajectory_id, decided_on, decision, created_at)
                 VALUES ('d2', 'a', '2024-01-05', 'ojg_support', '2024-01-05T10:00:00Z'),
                        ('d1', 'a', '2024-01-02', 'own_network', '2024-01-02T10:00:00Z');
             INSERT INTO trajectory_problem_areas (trajectory_id, code)
                 VALUES ('a', 'sleep'), ('a', 'behaviour');",
        )
        .unwrap();
        apply(&conn).unwrap();
        let row = |id: &str| -> (i64, Option<String>, String) {
            conn.query_row(
                "SELECT conversation_count, current_triage, problem_area_codes
                 FROM trajectories WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
        };
        assert_eq!(
            row("a"),
            (2, Some("ojg_support".into()), "behaviour;sleep".into())
        );
        assert_eq!(row("b"), (0, None, String::new()));
    }

    #[test]
    fn version_3_fills_the_intervention_codes_of_existing_trajectories() {
        let conn = memory();
        apply_up_to(&conn, &MIGRATIONS[..2]).unwrap();
        conn.execute_batch(
            "INSERT INTO practices (id, name, created_at, updated_at) VALUES ('p', 'P', 'x', 'x');
             INSERT INTO youths (id, created_at, updated_at) VALUES ('y', 'x', 'x');
             INSERT INTO trajectories (id, youth_id, practice_id, referral_date, created_at,
                                       updated_at)
                 VALUES ('a', 'y', 'p', '2024-01-01', 'x', 'x'),
                        ('b', 'y', 'p', '2024-06-01', 'x', 'x');
             INSERT INTO conversations (id, trajectory_id, date, created_at)
                 VALUES ('c1', 'a', '2024-01-02', 'x'), ('c2', 'a', '2024-01-09', 'x'),
                        ('c3', 'b', '2024-06-02', 'x');
             INSERT INTO conversation_interventions (conversation_id, code)
                 VALUES ('c1', 'psychoeducation'), ('c2', 'psychoeducation'),
                        ('c2', 'parenting_support');",
        )
        .unwrap();
        apply(&conn).unwrap();
        let codes = |id: &str| -> String {
            conn.query_row(
                "SELECT intervention_codes FROM trajectories WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(codes("a"), "parenting_support;psychoeducation");
        assert_eq!(codes("b"), "");
        // The triggers keep it from here: a deleted conversation takes its codes along.
        conn.execute("DELETE FROM conversations WHERE id = 'c2'", [])
            .unwrap();
        assert_eq!(codes("a"), "psychoeducation");
        conn.execute(
            "UPDATE conversations SET trajectory_id = 'b' WHERE id = 'c1'",
            [],
        )
        .unwrap();
        assert_eq!(
            (codes("a"), codes("b")),
            ("".into(), "psychoeducation".into())
        );
    }

    #[test]
    fn an_old_vault_upgrades_step_by_step() {
        // A vault at version 1 takes every later migration in one go.
        let conn = memory();
        apply_up_to(&conn, &MIGRATIONS[..1]).unwrap();
        apply(&conn).unwrap();
        let v: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
    }
}
