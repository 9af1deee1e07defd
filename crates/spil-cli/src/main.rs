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
    /// Import a caseload sheet (CSV or an Excel .xlsx workbook) into the vault, all or nothing.
    Import {
        #[arg(long)]
        vault: PathBuf,
        file: PathBuf,
        /// The workbook's sheet to read (default: the first). Not for CSV.
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Show the caseload: waiting, active and recently closed trajectories.
    List {
        #[arg(long)]
        vault: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Every file, closed at any time (without: closed in the last 90 days).
        #[arg(long)]
        all: bool,
        /// Only files whose name or own reference contains this.
        #[arg(long)]
        search: Option<String>,
        /// Only trajectories referred in this year.
        #[arg(long)]
        year: Option<i32>,
        /// Only these: past-retention lists the closed files due for destruction
        /// under the vault's retention term, closed at any time.
        #[arg(long, value_enum)]
        status: Option<commands::list::StatusArg>,
        /// Order by this column (default: waiting, active, then closed).
        #[arg(long, value_enum)]
        sort: Option<commands::list::SortArg>,
        /// With --sort: largest, latest or last in the alphabet first.
        #[arg(long, requires = "sort")]
        descending: bool,
    },
    /// The monitoring report: referrals, waiting time, conversations, outcomes, savings.
    Report {
        #[arg(long)]
        vault: PathBuf,
        /// First day of the period (YYYY-MM-DD); default: from the first referral.
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Last day of the period (YYYY-MM-DD); default: today.
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        /// Split into groups: practice, kern or municipality.
        #[arg(long, value_parser = commands::report::parse_group_by)]
        by: Option<spil_core::report::GroupBy>,
        /// Report outcomes in a region's table (groningen, gelderland-midden).
        #[arg(long)]
        profile: Option<String>,
        /// Print JSON (what the app's monitoring screen shows).
        #[arg(long)]
        json: bool,
    },
    /// Write an anonymised export (aggregate tables or k-anonymous records).
    Export {
        #[arg(long)]
        vault: PathBuf,
        #[arg(long)]
        from: chrono::NaiveDate,
        #[arg(long)]
        to: chrono::NaiveDate,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "aggregate", value_parser = commands::export::parse_level)]
        level: spil_core::export::ExportLevel,
        /// csv, xlsx or json; default: from the file extension.
        #[arg(long, value_parser = commands::export::parse_format)]
        format: Option<spil_core::export::ExportFormat>,
        /// Aggregate periods: quarter or half-year.
        #[arg(long, default_value = "quarter", value_parser = commands::export::parse_granularity)]
        period: spil_core::export::Granularity,
        #[arg(long)]
        profile: Option<String>,
    },
    /// Merge workers' record exports (JSON) into a regional report and aggregate export.
    Merge {
        #[arg(required = true)]
        exports: Vec<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_parser = commands::report::parse_group_by)]
        by: Option<spil_core::report::GroupBy>,
        #[arg(long)]
        profile: Option<String>,
        #[arg(long, default_value = "quarter", value_parser = commands::export::parse_granularity)]
        period: spil_core::export::Granularity,
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
        /// Instead, replace the data key itself and re-encrypt the whole database
        /// (the passphrase stays).
        #[arg(long)]
        data_key: bool,
    },
    /// Write an encrypted, verified backup of the vault to FILE (outside the vault).
    Backup {
        #[arg(long)]
        vault: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into DIR (empty, or the same vault); asks the passphrase that
    /// was current when the backup was made and, over an existing vault, its current
    /// passphrase (SPIL_CURRENT_PASSPHRASE). The replaced vault is kept aside,
    /// encrypted, never deleted; destructions made since the backup are applied again.
    Restore {
        #[arg(long)]
        from: PathBuf,
        #[arg(long)]
        vault: PathBuf,
        /// The current passphrase is forgotten: restore anyway and keep the current
        /// vault aside (encrypted) in a folder beside DIR.
        #[arg(long)]
        forgot_passphrase: bool,
    },
    /// Destroy a youth's file for good (on request, or after the retention term).
    Destroy {
        #[arg(long)]
        vault: PathBuf,
        /// The youth's own reference.
        #[arg(long)]
        youth: String,
        /// request (by the youth), request-by-parent, retention or registered-in-error.
        #[arg(long, value_parser = commands::backup::parse_reason)]
        reason: spil_core::rights::DestructionReason,
    },
    /// Show or change the vault's retention term (years after a file's last change;
    /// at least 20).
    Retention {
        #[arg(long)]
        vault: PathBuf,
        /// Set the term to this many years (audited).
        #[arg(long)]
        set: Option<u32>,
    },
    /// Fill a new (or empty) vault with a synthetic caseload, for demos and tests.
    Demo {
        #[arg(long)]
        vault: PathBuf,
        #[arg(long)]
        trajectories: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Time every workload on an encrypted vault beside plain SQLite (throw-away data).
    Bench {
        /// Print JSON: per workload and N, medians, ratio and peak memory.
        #[arg(long)]
        json: bool,
        /// A quick check: N = 1,000 and few repetitions.
        #[arg(long)]
        quick: bool,
        /// Sizes to run instead, e.g. 1000,10000.
        #[arg(long, value_delimiter = ',')]
        sizes: Option<Vec<usize>>,
        /// Where the throw-away stores go (default: the system's temporary folder).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Internal: run one benchmark job (JSON) in this process.
        #[arg(long, hide = true)]
        worker: Option<String>,
    },
    /// Write a youth's whole file (inzage) as HTML or JSON.
    Inzage {
        #[arg(long)]
        vault: PathBuf,
        /// The youth's own reference.
        #[arg(long)]
        youth: String,
        /// FILE.html or FILE.json.
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    // Every file this process writes (vaults, backups, exports) is private.
    spil_core::store::private::restrict_umask();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Init { vault } => commands::vault::init(&vault),
        Command::Import { vault, file, sheet } => {
            commands::import::run(&vault, &file, sheet.as_deref())
        }
        Command::List {
            vault,
            json,
            all,
            search,
            year,
            status,
            sort,
            descending,
        } => commands::list::run(
            &vault,
            &commands::list::filter(all, search, year, status, sort, descending),
            json,
        ),
        Command::Report {
            vault,
            from,
            to,
            by,
            profile,
            json,
        } => {
            let params = spil_core::report::ReportParams {
                from,
                to,
                group_by: by,
                profile,
                ..Default::default()
            };
            commands::report::run(&vault, &params, json)
        }
        Command::Export {
            vault,
            from,
            to,
            out,
            level,
            format,
            period,
            profile,
        } => {
            let args = commands::export::ExportArgs {
                from,
                to,
                out: &out,
                level,
                format,
                granularity: period,
                profile,
            };
            commands::export::run(&vault, &args)
        }
        Command::Merge {
            exports,
            out,
            by,
            profile,
            period,
        } => {
            let params = spil_core::export::MergeParams {
                group_by: by,
                profile,
                granularity: period,
                ..Default::default()
            };
            commands::merge::run(&exports, &out, &params)
        }
        Command::Verify { vault } => commands::vault::verify(&vault),
        Command::Rekey {
            vault,
            data_key: false,
        } => commands::vault::rekey(&vault),
        Command::Rekey {
            vault,
            data_key: true,
        } => commands::vault::rotate_data_key(&vault),
        Command::Backup { vault, out } => commands::backup::backup(&vault, &out),
        Command::Restore {
            from,
            vault,
            forgot_passphrase,
        } => commands::backup::restore(&from, &vault, forgot_passphrase),
        Command::Destroy {
            vault,
            youth,
            reason,
        } => commands::backup::destroy(&vault, &youth, reason),
        Command::Retention { vault, set } => commands::vault::retention(&vault, set),
        Command::Demo {
            vault,
            trajectories,
            seed,
        } => commands::demo::run(&vault, trajectories, seed),
        Command::Bench {
            worker: Some(job), ..
        } => commands::bench::worker(&job),
        Command::Bench {
            json,
            quick,
            sizes,
            dir,
            worker: None,
        } => commands::bench::run(&commands::bench::BenchArgs {
            json,
            quick,
            sizes,
            dir,
        }),
        Command::Inzage { vault, youth, out } => commands::backup::inzage(&vault, &youth, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("spil: {e}");
            ExitCode::FAILURE
        }
    }
}
