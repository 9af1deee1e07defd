//! Cross-crate tests live in `story.rs`; this crate has no library code.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]
