//! The monitoring report and the anonymised export.
