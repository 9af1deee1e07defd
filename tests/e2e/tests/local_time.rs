//! Dates and times as the worker's clock reads them, in the real app, in a zone
//! far from UTC: the Chatham Islands, UTC+12:45 (+13:45 in their summer), so the
//! local date differs from UTC's for most of the day and no whole-hour shift
//! would pass. The app hands the page the zone's offsets (`local_clock`); the
//! independent clock is the system's `date` command, reading the same zone with
//! glibc's own time-zone code.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use spil_e2e::{App, Result};

const PASSPHRASE: &str = "paard batterij niet plakband";
const ZONE: &str = "Pacific/Chatham";

fn epoch_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .try_into()
        .unwrap()
}

/// The moment `epoch` as `date` shows it in the zone, in the given format.
fn in_zone(epoch: i64, format: &str) -> String {
    let out = Command::new("date")
        .arg("-d")
        .arg(format!("@{epoch}"))
        .arg(format!("+{format}"))
        .env("TZ", ZONE)
        .output()
        .expect("the date command");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Every local minute from `from` to `to` (epoch seconds) as `dd-mm-jjjj uu:mm`.
fn minutes_between(from: i64, to: i64) -> Vec<String> {
    (from / 60..=to / 60)
        .map(|m| in_zone(m * 60, "%d-%m-%Y %H:%M"))
        .collect()
}

#[tokio::test]
async fn dates_and_times_follow_the_local_zone() -> Result<()> {
    // The zone must be known to the system, or `date` would fall back to UTC.
    assert!(
        std::path::Path::new("/usr/share/zoneinfo")
            .join(ZONE)
            .exists(),
        "time-zone data missing (Debian's tzdata; make e2e installs it)"
    );
    let start = epoch_seconds();
    let app = App::launch_with_env("local-time", &[("TZ", ZONE)]).await?;
    app.create_vault(PASSPHRASE).await?;

    // A date field's default is today on the local calendar.
    app.click("#nav-referral").await?;
    let shown = app.el("#referral-date").await?.prop("value").await?;
    let now = epoch_seconds();
    let days: Vec<String> = [start, now]
        .iter()
        .map(|&t| in_zone(t, "%d-%m-%Y"))
        .collect();
    assert!(
        shown.as_ref().is_some_and(|d| days.contains(d)),
        "referral date {shown:?}, today in {ZONE} is {days:?}"
    );

    // The log's moments in local time: every event of this launch happened
    // between its start and now.
    app.click("#nav-trust").await?;
    app.click("#trust-tab-log").await?;
    app.wait_for_text("[data-testid=audit-log]", "aangemaakt")
        .await?;
    let mut times = Vec::new();
    for row in app.all("[data-testid=audit-log] tbody tr").await? {
        let cell = row
            .find(fantoccini::Locator::Css("td"))
            .await?
            .text()
            .await?;
        times.push(cell);
    }
    let accepted = minutes_between(start, epoch_seconds());
    assert!(!times.is_empty());
    for time in &times {
        assert!(
            accepted.contains(time),
            "audit event at {time:?}; in {ZONE} this launch ran from {:?} to {:?}",
            accepted.first(),
            accepted.last()
        );
    }
    app.close().await?;
    Ok(())
}
