//! `spil list`: the caseload overview.

use std::path::Path;

use spil_core::model::{CaseloadFilter, SortDirection, SortKey, Status, StatusFilter};

use super::{open, CliResult};

/// `--status`: the core's status filter, spelled for the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StatusArg {
    Waiting,
    Active,
    Closed,
    PastRetention,
}

/// `--sort`: a column of the overview.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SortArg {
    Name,
    Practice,
    Referral,
    DaysWaiting,
    Urgency,
    LastContact,
    Conversations,
    Closed,
}

/// The core's filter from the command line's flags.
pub fn filter(
    all: bool,
    search: Option<String>,
    year: Option<i32>,
    status: Option<StatusArg>,
    sort: Option<SortArg>,
    descending: bool,
) -> CaseloadFilter {
    CaseloadFilter {
        all,
        search,
        year,
        status: status.map(|s| match s {
            StatusArg::Waiting => StatusFilter::Waiting,
            StatusArg::Active => StatusFilter::Active,
            StatusArg::Closed => StatusFilter::Closed,
            StatusArg::PastRetention => StatusFilter::PastRetention,
        }),
        sort: sort.map(|s| match s {
            SortArg::Name => SortKey::Name,
            SortArg::Practice => SortKey::Practice,
            SortArg::Referral => SortKey::ReferralDate,
            SortArg::DaysWaiting => SortKey::DaysWaiting,
            SortArg::Urgency => SortKey::Urgency,
            SortArg::LastContact => SortKey::LastContact,
            SortArg::Conversations => SortKey::Conversations,
            SortArg::Closed => SortKey::ClosedDate,
        }),
        direction: if descending {
            SortDirection::Descending
        } else {
            SortDirection::Ascending
        },
        ..Default::default()
    }
}

pub fn run(dir: &Path, filter: &CaseloadFilter, json: bool) -> CliResult {
    print!("{}", render(dir, filter, json)?);
    Ok(())
}

/// The overview as `spil list` prints it: a table, or JSON with `json`.
pub fn render(dir: &Path, filter: &CaseloadFilter, json: bool) -> Result<String, super::CliError> {
    let mut vault = open(dir)?;
    let rows = vault.caseload(filter)?;
    vault.close()?;
    if json {
        let text =
            serde_json::to_string_pretty(&rows).map_err(|e| super::CliError::msg(e.to_string()))?;
        return Ok(text + "\n");
    }
    let mut out = format!(
        "{:<8} {:<12} {:<24} {:<20} {:>10} {:>6} {:<12}\n",
        "status", "ref", "name", "practice", "referral", "gespr", "last contact"
    );
    for r in rows {
        let status = match r.status {
            Status::Waiting => "wacht",
            Status::Active => "actief",
            Status::Closed => "gesloten",
        };
        let name = format!(
            "{} {}",
            r.given_name.unwrap_or_default(),
            r.family_name.unwrap_or_default()
        );
        let mut flags = String::new();
        if r.flag_many_conversations {
            flags.push_str(" >5");
        }
        if r.flag_no_recent_contact {
            flags.push_str(" >4wk");
        }
        if r.flag_letter_not_sent {
            flags.push_str(" brief");
        }
        out += &format!(
            "{:<8} {:<12} {:<24} {:<20} {:>10} {:>6} {:<12}{}\n",
            status,
            r.youth_ref.unwrap_or_default(),
            name.trim(),
            r.practice_name,
            r.referral_date.format("%d-%m-%Y"),
            r.conversations,
            r.last_contact
                .map(|d| d.format("%d-%m-%Y").to_string())
                .unwrap_or_default(),
            flags
        );
    }
    Ok(out)
}
