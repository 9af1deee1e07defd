//! `spil`: Spil's command line (argument parsing; the work is in the library), for automation, support and the regional monitor.
//!
//! Each subcommand lives in `commands/`. Errors print as one line on stderr and exit
//! non-zero; they carry the core's error code and never client data.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use spil_cli::commands;

#[derive(Parser)]
#[command(
    name = "spil",
    version,
    about = "Spil: caseload and monitoring for the Ondersteuner Jeugd en Gezin"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new encrypted vault in DIR.
    Init {
        #[arg(long)]
        vault: PathBuf,
    },
    /// Import a caseload spreadsheet (CSV) into the vault, all or nothing.
    Import {
        #[arg(long)]
        vault: PathBuf,
        file: PathBuf,
    },
    /// Show the caseload: waiting, active and recently closed trajectories.
    List {
        #[arg(long)]
        vault: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check the database, its encryption and the audit chain.
    Verify {
        #[arg(long)]
        vault: PathBuf,
    },
    /// Change the passphrase (SPIL_PASSPHRASE / SPIL_NEW_PASSPHRASE for scripts).
    Rekey {
        #[arg(long)]
        vault: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Init { vault } => commands::vault::init(&vault),
        Command::Import { vault, file } => commands::import::run(&vault, &file),
        Command::List { vault, json } => commands::list::run(&vault, json),
        Command::Verify { vault } => commands::vault::verify(&vault),
        Command::Rekey { vault } => commands::vault::rekey(&vault),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("spil: {e}");
            ExitCode::FAILURE
        }
    }
}
