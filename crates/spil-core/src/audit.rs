//! The audit log (NEN 7513): who did what to which client file, and when.
//!
//! Every create, read, change, delete, import, export and failed unlock appends an
//! event *in the same transaction* as the change it records, so the log and the data
//! cannot disagree. Events form a SHA-256 chain: each event's hash covers its fields
//! and the previous event's hash, and the newest hash is kept as the chain head in
//! `settings`. [`verify`] recomputes the chain, so an altered, removed or inserted
//! event (or a truncated tail) is detected. Triggers refuse UPDATE and DELETE.
//!
//! Events carry ids and field names, never client data: the `what` text says which
//! kind of record changed, not its contents. A correction also names the fields it
//! changed ([`Event::fields`]); they are stored in `what` after a colon, comma
//! separated (`referral:referral_date,urgency`), so the chain hashes them like any
//! other event text and older events keep their hashes.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Error, Result};

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Read,
    Update,
    Delete,
    Import,
    Export,
    Print,
    Backup,
    Restore,
    Search,
    Unlock,
    UnlockFailed,
    Lock,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Read => "read",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Import => "import",
            Action::Export => "export",
            Action::Print => "print",
            Action::Backup => "backup",
            Action::Restore => "restore",
            Action::Search => "search",
            Action::Unlock => "unlock",
            Action::UnlockFailed => "unlock_failed",
            Action::Lock => "lock",
        }
    }

    /// The action stored as `code` ([`Action::as_str`]).
    pub fn parse(code: &str) -> Option<Action> {
        ALL_ACTIONS.iter().copied().find(|a| a.as_str() == code)
    }
}

pub const ALL_ACTIONS: [Action; 13] = [
    Action::Create,
    Action::Read,
    Action::Update,
    Action::Delete,
    Action::Import,
    Action::Export,
    Action::Print,
    Action::Backup,
    Action::Restore,
    Action::Search,
    Action::Unlock,
    Action::UnlockFailed,
    Action::Lock,
];

/// One event to append. `what` names the record kind or operation, never its contents;
/// `fields` names the fields a correction changed, never their values.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub action: Action,
    pub youth_id: Option<&'a str>,
    pub trajectory_id: Option<&'a str>,
    pub what: &'a str,
    pub fields: &'a [&'a str],
}

impl<'a> Event<'a> {
    pub fn new(action: Action, what: &'a str) -> Self {
        Event {
            action,
            youth_id: None,
            trajectory_id: None,
            what,
            fields: &[],
        }
    }
    pub fn youth(mut self, id: &'a str) -> Self {
        self.youth_id = Some(id);
        self
    }
    pub fn trajectory(mut self, id: &'a str) -> Self {
        self.trajectory_id = Some(id);
        self
    }
    pub fn fields(mut self, fields: &'a [&'a str]) -> Self {
        self.fields = fields;
        self
    }

    /// The text stored as `what`: the kind, then the changed fields if any.
    pub fn what_text(&self) -> String {
        if self.fields.is_empty() {
            self.what.to_owned()
        } else {
            format!("{}:{}", self.what, self.fields.join(","))
        }
    }
}

/// An event as stored.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub youth_id: Option<String>,
    pub trajectory_id: Option<String>,
    pub what: String,
}

#[allow(clippy::too_many_arguments)]
fn digest(
    prev: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    youth: Option<&str>,
    trajectory: Option<&str>,
    what: &str,
) -> String {
    let mut h = Sha256::new();
    // Length-prefixed fields, so no two different events hash the same text.
    for field in [
        prev,
        &seq.to_string(),
        at,
        actor,
        action,
        youth.unwrap_or("\u{0}"),
        trajectory.unwrap_or("\u{0}"),
        what,
    ] {
        h.update((field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

fn head(conn: &Connection) -> Result<(i64, String)> {
    let head: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'audit_head'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match head.as_deref().and_then(|h| h.split_once(':')) {
        Some((seq, hash)) => (seq.parse().unwrap_or(0), hash.to_owned()),
        None => (0, GENESIS.to_owned()),
    })
}

/// Append an event at time `at`. Call inside the transaction of the change recorded.
pub(crate) fn append_at(conn: &Connection, actor: &str, at: &str, e: &Event) -> Result<()> {
    let (last, prev) = head(conn)?;
    let seq = last + 1;
    let action = e.action.as_str();
    let what = e.what_text();
    let hash = digest(
        &prev,
        seq,
        at,
        actor,
        action,
        e.youth_id,
        e.trajectory_id,
        &what,
    );
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, youth_id, trajectory_id, what, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![seq, at, actor, action, e.youth_id, e.trajectory_id, what, prev, hash],
    )?;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('audit_head', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [format!("{seq}:{hash}")],
    )?;
    Ok(())
}

pub(crate) fn append(conn: &Connection, actor: &str, e: &Event) -> Result<()> {
    append_at(conn, actor, &crate::now(), e)
}

/// The chain as checked at unlock.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AuditStatus {
    Intact {
        #[cfg_attr(feature = "specta", specta(type = i32))]
        events: i64,
    },
    Broken {
        #[cfg_attr(feature = "specta", specta(type = i32))]
        seq: i64,
        reason: String,
    },
}

/// [`verify`], with a broken chain as a status rather than an error.
pub(crate) fn status(conn: &Connection) -> Result<AuditStatus> {
    match verify(conn) {
        Ok(events) => Ok(AuditStatus::Intact { events }),
        Err(Error::AuditBroken { seq, reason }) => Ok(AuditStatus::Broken { seq, reason }),
        Err(e) => Err(e),
    }
}

/// Recompute the whole chain. Returns the number of events checked.
pub(crate) fn verify(conn: &Connection) -> Result<i64> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, youth_id, trajectory_id, what, prev_hash, hash
         FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1;
    let mut prev = GENESIS.to_owned();
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let broken = |reason: &str| Error::AuditBroken {
            seq,
            reason: reason.into(),
        };
        if seq != expected_seq {
            return Err(broken("an event is missing before this one"));
        }
        let stored_prev: String = r.get(7)?;
        if stored_prev != prev {
            return Err(broken("it does not follow the previous event"));
        }
        let youth: Option<String> = r.get(4)?;
        let trajectory: Option<String> = r.get(5)?;
        let hash = digest(
            &prev,
            seq,
            &r.get::<_, String>(1)?,
            &r.get::<_, String>(2)?,
            &r.get::<_, String>(3)?,
            youth.as_deref(),
            trajectory.as_deref(),
            &r.get::<_, String>(6)?,
        );
        if hash != r.get::<_, String>(8)? {
            return Err(broken("its contents were altered"));
        }
        prev = hash;
        expected_seq += 1;
    }
    let (head_seq, head_hash) = head(conn)?;
    if head_seq != expected_seq - 1 || head_hash != prev {
        return Err(Error::AuditBroken {
            seq: expected_seq,
            reason: "events after this point were removed".into(),
        });
    }
    Ok(expected_seq - 1)
}

/// The newest `limit` events before `before_seq` (or the newest), newest first;
/// only those of `action` (an [`Action::as_str`] code) when given.
pub(crate) fn page(
    conn: &Connection,
    before_seq: Option<i64>,
    limit: u32,
    action: Option<&str>,
) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, youth_id, trajectory_id, what FROM audit_log
         WHERE (?1 IS NULL OR seq < ?1) AND (?3 IS NULL OR action = ?3)
         ORDER BY seq DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(rusqlite::params![before_seq, limit, action], entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An event from the first seven columns of a query that selects seq, at, actor,
/// action, youth_id, trajectory_id, what in that order.
pub(crate) fn entry(r: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        youth_id: r.get(4)?,
        trajectory_id: r.get(5)?,
        what: r.get(6)?,
    })
}

/// Events about one youth (and their trajectories), oldest first: the client's
/// access history.
pub(crate) fn for_youth(conn: &Connection, youth_id: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, youth_id, trajectory_id, what FROM audit_log
         WHERE youth_id = ?1
            OR trajectory_id IN (SELECT id FROM trajectories WHERE youth_id = ?1)
         ORDER BY seq",
    )?;
    let rows = stmt.query_map([youth_id], entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
