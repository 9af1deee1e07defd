//! Encrypted copies of the open database, and a digest to prove a copy complete.
//!
//! A copy is written with SQLCipher's `sqlcipher_export` into a file attached with an
//! explicit raw key, so it is encrypted from its first page (never a plaintext copy
//! in between) and gets its own random salt. `sqlcipher_export` copies tables,
//! indexes and triggers but not `user_version`, so that is set by hand: without it a
//! copy would look like an empty vault and the migrations would run again.
//!
//! [`content_digest`] hashes the schema and every row of every table in a stable
//! order (by all columns, not by rowid, which the export may renumber), so two
//! databases with the same digest hold the same data.

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{params, Connection};
use sha2::{Digest, Sha256};

use super::keyfile::DataKey;
use crate::{Error, Result};

const COPY: &str = "spil_copy";

/// Write the database open on `conn` to a new file at `dest`, encrypted with `key`.
pub(crate) fn export_encrypted(conn: &Connection, dest: &Path, key: &DataKey) -> Result<()> {
    // Created empty here because the vault's connection is opened without
    // SQLITE_OPEN_CREATE (a vault is never created by accident), which ATTACH inherits;
    // SQLite treats an empty file as an empty database.
    super::private::create_new(dest)?;
    let dest_text = dest
        .to_str()
        .ok_or_else(|| Error::Io(std::io::Error::other("the folder name is not valid text")))?;
    conn.execute(
        &format!("ATTACH DATABASE ?1 AS {COPY} KEY ?2"),
        params![dest_text, key.sqlcipher_literal().as_str()],
    )?;
    let result = export_attached(conn);
    // Detach whatever happened, so the connection is as it was.
    let detached = conn.execute_batch(&format!("DETACH DATABASE {COPY}"));
    result?;
    detached?;
    super::refuse_plaintext(dest)
}

fn export_attached(conn: &Connection) -> Result<()> {
    // One transaction: the copy is a consistent snapshot and is written all at once.
    conn.execute_batch("BEGIN")?;
    let result = (|| -> Result<()> {
        conn.query_row(
            &format!("SELECT sqlcipher_export('{COPY}')"),
            [],
            |_| Ok(()),
        )?;
        let version: u32 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        conn.execute_batch(&format!("PRAGMA {COPY}.user_version = {version}"))?;
        Ok(())
    })();
    match result {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// SHA-256 over `user_version`, the schema and every row of every table, in hex.
pub(crate) fn content_digest(conn: &Connection) -> Result<String> {
    let mut h = Sha256::new();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    h.update(version.to_le_bytes());
    let schema: Vec<(String, String, String)> = {
        let mut stmt = conn.prepare(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (kind, name, sql) in &schema {
        for part in [kind, name, sql] {
            field(&mut h, 3, part.as_bytes());
        }
    }
    for (_, table, _) in schema
        .iter()
        .filter(|(k, n, _)| k == "table" && !n.starts_with("sqlite_"))
    {
        table_rows(conn, table, &mut h)?;
    }
    Ok(hex::encode(h.finalize()))
}

fn table_rows(conn: &Connection, table: &str, h: &mut Sha256) -> Result<()> {
    let quoted = format!("\"{}\"", table.replace('"', "\"\""));
    let columns: i64 =
        conn.query_row("SELECT count(*) FROM pragma_table_info(?1)", [table], |r| {
            r.get(0)
        })?;
    let order = (1..=columns.max(1))
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare(&format!("SELECT * FROM {quoted} ORDER BY {order}"))?;
    let n = stmt.column_count();
    let mut rows = stmt.query([])?;
    field(h, 0, table.as_bytes());
    while let Some(r) = rows.next()? {
        for i in 0..n {
            match r.get_ref(i)? {
                ValueRef::Null => field(h, 5, &[]),
                ValueRef::Integer(v) => field(h, 1, &v.to_le_bytes()),
                ValueRef::Real(v) => field(h, 2, &v.to_bits().to_le_bytes()),
                ValueRef::Text(t) => field(h, 3, t),
                ValueRef::Blob(b) => field(h, 4, b),
            }
        }
    }
    Ok(())
}

/// A typed, length-prefixed field, so no two different tables hash the same.
fn field(h: &mut Sha256, tag: u8, bytes: &[u8]) {
    h.update([tag]);
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// Check a freshly written copy against the database it was made from: it opened
/// (the caller opened it with the intended key), SQLite and SQLCipher find no damage,
/// and it holds exactly the same data, audit log included. The error says which
/// check failed, never any contents.
pub(crate) fn check_copy(copy: &Connection, original: &Connection) -> Result<(), String> {
    check_alone(copy)?;
    let same = content_digest(copy).map_err(|e| e.to_string())?
        == content_digest(original).map_err(|e| e.to_string())?;
    if same {
        Ok(())
    } else {
        Err("its contents differ from the vault".into())
    }
}

/// The checks a database must pass on its own (a copy, or a restored backup).
pub(crate) fn check_alone(conn: &Connection) -> Result<(), String> {
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if integrity != "ok" {
        return Err("the database integrity check failed".into());
    }
    let cipher_errors = {
        let mut stmt = conn
            .prepare("PRAGMA cipher_integrity_check")
            .map_err(|e| e.to_string())?;
        let rows = stmt.query_map([], |_| Ok(())).map_err(|e| e.to_string())?;
        rows.count()
    };
    if cipher_errors != 0 {
        return Err("the encryption integrity check failed".into());
    }
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(|e| e.to_string())?;
    if fk != 0 {
        return Err("the foreign key check failed".into());
    }
    // The audit chain is not checked here: a broken chain is evidence to keep and
    // report (at unlock), not a reason to refuse a backup or a restore of the only
    // copy of a caseload. A copy's digest equals its source's, audit rows included.
    Ok(())
}
