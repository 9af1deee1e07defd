//! The `spil` command's subcommands, as a library so cross-crate tests can call them
//! in-process. `main.rs` only parses arguments.

pub mod commands;
pub mod secret;
