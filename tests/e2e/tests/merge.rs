//! The regional coordinator's merge in the real app, with no vault of her own:
//! two real record exports made by the `spil` command from two workers' vaults,
//! and a file that is not an export. She opens "Regio samenvoegen" from the first
//! screen, adds the three paths, sees the refused file's rule and the merged
//! protected figures, and saves the region file. The test then reads that file
//! with serde_json and checks it against the two exports as read by serde_json.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use spil_e2e::{target_dir, App, Result};

const PASSPHRASE: &str = "paard batterij niet plakband";

/// The `spil` command beside the app (`make e2e` builds it).
fn spil_bin() -> PathBuf {
    std::env::var_os("SPIL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/spil"))
}

fn spil(args: &[&str]) {
    let out = Command::new(spil_bin())
        .args(args)
        .env("SPIL_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (build it with `cargo build -p spil-cli`)",
                spil_bin().display()
            )
        });
    assert!(
        out.status.success(),
        "spil {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `n` closed trajectories referred in 2024, two outcomes (so l-diversity holds).
fn caseload(prefix: &str, n: usize) -> String {
    let mut csv = String::from(
        "youth_ref,given_name,birth_date,gender,practice,kern,municipality_code,referral_date,referrer,first_contact_date,session_dates,closed_date,outcome\n",
    );
    for i in 0..n {
        let outcome = ["no_further_care", "youth_care_local"][i % 2];
        csv.push_str(&format!(
            "{prefix}{i},Sanne,2012-05-17,f,De Linde,Dieren,GM0275,2024-03-01,gp,2024-03-08,2024-03-08;2024-03-15,2024-04-30,{outcome}\n"
        ));
    }
    csv
}

/// A worker's vault and its record export for 2024, as she would mail it.
fn record_export(dir: &Path, name: &str, n: usize) -> PathBuf {
    let vault = dir.join(format!("vault-{name}"));
    let sheet = dir.join(format!("{name}.csv"));
    std::fs::write(&sheet, caseload(name, n)).unwrap();
    let out = dir.join(format!("{name}.json"));
    let (vault_s, sheet_s, out_s) = (
        vault.to_str().unwrap(),
        sheet.to_str().unwrap(),
        out.to_str().unwrap(),
    );
    spil(&["init", "--vault", vault_s]);
    spil(&["import", "--vault", vault_s, sheet_s]);
    spil(&[
        "export",
        "--vault",
        vault_s,
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--out",
        out_s,
        "--level",
        "records",
        "--format",
        "json",
    ]);
    out
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[tokio::test]
async fn a_coordinator_without_a_vault_merges_two_exports_into_a_region_file() -> Result<()> {
    let work = tempfile::tempdir()?;
    let a = record_export(work.path(), "ojg-a", 12);
    let b = record_export(work.path(), "ojg-b", 14);
    let notes = work.path().join("notities.json");
    std::fs::write(&notes, "dit is geen export")?;
    // What the two workers sent, counted by serde_json: records, and those
    // referred in the period.
    let (ea, eb) = (json(&a), json(&b));
    let records = |e: &Value| e["records"].as_array().unwrap().len() as u64;
    let referred = |e: &Value| {
        e["records"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["referred_in_period"] == true)
            .count() as u64
    };
    let sent = records(&ea) + records(&eb);
    assert_eq!(sent, 26);

    let app = App::launch("merge").await?;
    app.wait_for_text("main h2", "Nieuwe kluis maken").await?;
    app.click("#open-merge").await?;
    app.wait_for_text("main h2", "Regio samenvoegen").await?;
    for path in [&a, &notes, &b] {
        app.fill("#merge-path", path.to_str().unwrap()).await?;
        app.click("#merge-add").await?;
    }
    app.wait_for_text(
        "[data-testid=merge-summary]",
        "2 exports met samen 26 records",
    )
    .await?;
    let rows = app.all("[data-testid=merge-file]").await?;
    assert_eq!(rows.len(), 3);
    let refused = app.text_of("[data-testid=merge-refused]").await?;
    assert_eq!(refused, "Niet meegenomen: Dit bestand is geen JSON.");
    let first = rows[0].text().await?;
    assert!(
        first.contains("ojg-a.json") && first.contains("januari 2024 t/m december 2024"),
        "{first}"
    );
    // The id's random end: ids made the same day share their start.
    let id = ea["export_id"].as_str().unwrap();
    assert!(first.contains(&id[id.len() - 8..]), "{first}");
    // The protected figures: the referrals table is there, rounded (26 -> 25).
    let table = app
        .text_of("table[data-table=referrals_by_period] tfoot")
        .await?;
    assert!(table.contains("25"), "{table}");
    app.screenshot("merge").await?;
    app.assert_accessible("merge screen").await?;

    // Saving over one of the exports is refused, beside the path.
    app.fill("#merge-out", a.to_str().unwrap()).await?;
    app.click("#merge-save").await?;
    app.wait_for_text("#merge-out-error", "een van de exports")
        .await?;
    let region_path = work.path().join("regio").join("regio-2024.json");
    std::fs::create_dir(region_path.parent().unwrap())?;
    app.fill("#merge-out", region_path.to_str().unwrap())
        .await?;
    app.click("#merge-save").await?;
    app.wait_for_text("[data-testid=merge-done]", "Het regiobestand is opgeslagen")
        .await?;
    let shown = app.text_of("[data-testid=merge-done-path]").await?;
    assert_eq!(shown, region_path.to_str().unwrap());
    // No vault: nothing recorded, nothing said about one.
    assert!(app.all("[data-testid=merge-audited]").await?.is_empty());
    app.screenshot("merge-saved").await?;
    app.close().await?;

    // The region file, read by serde_json: two sources whose records add up to
    // what was sent, no unprotected report, private to its owner.
    let region = json(&region_path);
    assert_eq!(region["format"], "spil-region");
    let sources = region["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2);
    let merged: u64 = sources.iter().map(|s| s["records"].as_u64().unwrap()).sum();
    assert_eq!(merged, sent);
    assert!(region.get("report").is_none());
    // The published referral total is the referrals sent, less what re-protection
    // suppressed, rounded to the nearest multiple of 5.
    let suppressed = region["anonymisation"]["suppressed"].as_u64().unwrap();
    let total = region["aggregate"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "referrals_by_period")
        .unwrap()["total"]
        .as_u64()
        .unwrap();
    let true_max = referred(&ea) + referred(&eb);
    assert!(
        total % 5 == 0 && total + 2 + suppressed >= true_max && total <= true_max + 2,
        "published {total}, sent {true_max}, suppressed {suppressed}"
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&region_path)?.permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
    }
    // The input it was asked to overwrite is still the export.
    assert_eq!(json(&a), ea);
    Ok(())
}
