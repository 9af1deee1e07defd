//! Backup and restore, the audit log, access history, inzage and retention.
