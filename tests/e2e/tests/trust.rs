//! Data and privacy in the real app: the backup reminder, a backup to a folder set
//! in the settings, the audit log with its chain status, a client's access history
//! and inzage (shown, and saved as JSON), and destroying a file for good.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use spil_e2e::{App, Result};

const PASSPHRASE: &str = "paard batterij niet plakband";

#[tokio::test]
async fn backup_log_inzage_and_destruction() -> Result<()> {
    let app = App::launch("trust").await?;
    let backups = tempfile::Builder::new()
        .prefix("spil-e2e-backups-")
        .tempdir()?;
    let backup_folder = backups.path().join("Spil back-ups");

    // First run, a practice and a referral.
    app.create_vault(PASSPHRASE).await?;
    app.wait_for_text("[data-testid=backup-reminder]", "nog geen back-up")
        .await?;
    app.add_practice("Huisartsenpraktijk De Linde").await?;
    app.refer("J-001", "Sanne", "Jansen").await?;

    // The client's file: who accessed it, and inzage shown and saved as JSON.
    app.click("#show-access-history").await?;
    let history = app
        .wait_for_text("[data-testid=access-history]", "aangemaakt")
        .await?;
    assert!(history.contains("ingezien"), "no read in:\n{history}");
    app.click("#show-inzage").await?;
    app.wait_for_text("[data-testid=inzage]", "Inzage dossier Sanne Jansen")
        .await?;
    app.wait_for_text("[data-testid=inzage]", "Toegang tot het dossier")
        .await?;
    std::fs::create_dir_all(&backup_folder)?;
    app.fill("#inzage-folder", &backup_folder.display().to_string())
        .await?;
    app.click("#save-inzage-json").await?;
    let saved = app
        .wait_for_text("[data-testid=inzage-saved]", ".json")
        .await?;
    let json_path = saved.trim_start_matches("Opgeslagen: ").trim();
    let json = std::fs::read_to_string(json_path)?;
    assert!(json.contains("\"spil-inzage\"") && json.contains("Sanne"));
    assert!(!json_path.contains("Sanne"), "a name in the file name");
    app.client
        .execute(
            "document.querySelector('[data-testid=inzage]').scrollIntoView(); return true;",
            vec![],
        )
        .await?;
    app.screenshot("trust-inzage").await?;
    app.assert_accessible("client rights").await?;

    // Backups go to a folder of the worker's choosing.
    app.click("#nav-settings").await?;
    app.el("#settings-reminder-days").await?;
    app.fill(
        "#settings-backup-folder",
        &backup_folder.display().to_string(),
    )
    .await?;
    app.click("[role=form] button.primary").await?;
    app.wait_for_text("main", "Opgeslagen.").await?;

    // A backup: "last backup" says when and where, and the file is there.
    app.click("#nav-trust").await?;
    app.wait_for_text("[data-testid=last-backup]", "nog nooit")
        .await?;
    app.click("#make-backup").await?;
    let done = app
        .wait_for_text("[data-testid=backup-done]", ".spilbak")
        .await?;
    assert!(
        done.contains(&backup_folder.display().to_string()),
        "{done}"
    );
    let last = app
        .wait_for_text("[data-testid=last-backup]", "vandaag")
        .await?;
    assert!(last.contains(".spilbak"), "where is missing: {last}");
    let written: Vec<_> = std::fs::read_dir(&backup_folder)?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "spilbak"))
        .collect();
    assert_eq!(written.len(), 1, "one backup file");
    app.wait_for_text("[data-testid=backup-files]", "spil-backup-")
        .await?;
    app.client
        .execute("window.scrollTo(0, 0); return true;", vec![])
        .await?;
    app.screenshot("trust").await?;
    app.assert_accessible("backup").await?;

    // The audit log: the chain is intact and the backup is in it.
    app.click("#trust-tab-log").await?;
    app.wait_for_text("[data-testid=chain-status]", "in orde")
        .await?;
    app.wait_for_text("[data-testid=audit-log]", "back-up gemaakt")
        .await?;
    app.select("#log-action", "print").await?;
    // The filtered page replaces the whole list; never a mix of both.
    let prints = app
        .wait_until("[data-testid=audit-log]", "showed only prints", |text| {
            text.contains("inzage") && !text.contains("back-up gemaakt")
        })
        .await?;
    assert!(!prints.contains("Sanne"), "a client name in the audit log");
    app.assert_accessible("audit log").await?;
    app.click("#trust-tab-retention").await?;
    app.wait_for_text("[data-testid=retention-none]", "20 jaar")
        .await?;

    // No reminder any more, on any screen.
    app.click("#nav-caseload").await?;
    app.wait_for_text("[data-testid=waiting]", "Sanne Jansen")
        .await?;
    assert!(
        app.client
            .find(fantoccini::Locator::Css("[data-testid=backup-reminder]"))
            .await
            .is_err(),
        "the reminder stays after a backup"
    );

    // Destroy the file: a reason and the typed word, then it is gone.
    app.click("[data-testid=waiting] button.link").await?;
    app.wait_for_text("#trajectory-title", "Sanne Jansen")
        .await?;
    app.click("#start-destroy").await?;
    app.select("#destroy-reason", "request_by_parent").await?;
    app.fill("#destroy-confirm", "vernietigen").await?;
    app.click("#destroy-submit").await?;
    app.wait_for_text("main h2", "Overzicht").await?;
    app.click("#nav-caseload").await?;
    app.wait_for_text("main h2", "Overzicht").await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let page = app.text_of("main").await?;
    assert!(!page.contains("Sanne"), "the file is still in the overview");
    app.click("#nav-trust").await?;
    app.click("#trust-tab-log").await?;
    app.select("#log-action", "delete").await?;
    app.wait_for_text(
        "[data-testid=audit-log]",
        "youth_destroyed:request_by_parent",
    )
    .await?;

    // A new passphrase in Instellingen: after locking only the new one opens.
    let changed = "een andere zin van vier woorden";
    app.click("#nav-settings").await?;
    app.fill("#current-passphrase", PASSPHRASE).await?;
    app.fill("#changed-passphrase", changed).await?;
    app.wait_for_text("#changed-strength", "Sterk genoeg")
        .await?;
    app.fill("#changed-repeat", changed).await?;
    app.click("#change-passphrase").await?;
    app.wait_for_text("[data-testid=passphrase-changed]", "gewijzigd")
        .await?;
    app.click("#lock").await?;
    app.fill("#passphrase", PASSPHRASE).await?;
    app.click("[role=form] button[type=submit]").await?;
    app.wait_for_text("#passphrase-error", "Onjuiste wachtwoordzin")
        .await?;
    app.fill("#passphrase", changed).await?;
    app.click("[role=form] button[type=submit]").await?;
    app.wait_for_text("main h2", "Overzicht").await?;

    app.close().await
}
