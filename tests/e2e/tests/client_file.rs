//! A client's file in the real app: correcting a conversation, and getting the
//! caseload back from a backup on the unlock screen (a forgotten passphrase).

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use spil_e2e::{App, Result};

const PASSPHRASE: &str = "paard batterij niet plakband";

/// First run, a practice and a referral; ends on the new file.
async fn first_run_with_a_referral(app: &App) -> Result<()> {
    app.create_vault(PASSPHRASE).await?;
    app.add_practice("Huisartsenpraktijk De Linde").await?;
    app.refer("J-001", "Sanne", "Jansen").await?;
    Ok(())
}

async fn add_conversation(app: &App, notes: &str) -> Result<()> {
    app.click("#conv-participants input[value=youth]").await?;
    app.fill("#conv-notes", notes).await?;
    app.click("#add-conversation").await?;
    app.wait_for_text("[data-testid=conversations]", notes)
        .await?;
    Ok(())
}

/// Opens the (only) file from the overview, in the section `section`.
async fn open_file_from(app: &App, section: &str) -> Result<()> {
    app.click("#nav-caseload").await?;
    app.wait_for_text(&format!("[data-testid={section}]"), "Sanne Jansen")
        .await?;
    app.click(&format!("[data-testid={section}] button.link"))
        .await?;
    app.wait_for_text("#trajectory-title", "Sanne Jansen")
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_corrected_conversation_is_saved() -> Result<()> {
    let app = App::launch("client-file-edit").await?;
    first_run_with_a_referral(&app).await?;
    add_conversation(&app, "kennismaking").await?;
    let before = app.text_of("[data-testid=conversations]").await?;
    assert!(before.contains("45 min"), "{before}");

    app.click("[data-testid=edit-conversation]").await?;
    app.fill("#edit-conv-minutes", "60").await?;
    app.fill("#edit-conv-notes", "kennismaking met moeder erbij")
        .await?;
    app.assert_accessible("editing a conversation").await?;
    app.click("#save-conversation").await?;
    app.wait_for_text("[data-testid=conversations]", "60 min")
        .await?;

    // Saved, not only shown: it is still so when the file is opened again.
    open_file_from(&app, "active").await?;
    let list = app
        .wait_for_text("[data-testid=conversations]", "moeder erbij")
        .await?;
    assert!(list.contains("60 min"), "{list}");
    assert!(!list.contains("45 min"), "the old minutes stayed: {list}");
    let items = app.all("[data-testid=conversations] > li").await?;
    assert_eq!(items.len(), 1, "a correction added a conversation");

    app.close().await
}

#[tokio::test]
async fn a_backup_is_restored_from_the_unlock_screen() -> Result<()> {
    let app = App::launch("client-file-restore").await?;
    let backups = tempfile::Builder::new()
        .prefix("spil-e2e-backups-")
        .tempdir()?;
    first_run_with_a_referral(&app).await?;

    // A backup, in a folder of the test's own.
    app.click("#nav-settings").await?;
    app.el("#settings-reminder-days").await?;
    app.fill(
        "#settings-backup-folder",
        &backups.path().display().to_string(),
    )
    .await?;
    app.click("[role=form] button.primary").await?;
    app.wait_for_text("main", "Opgeslagen.").await?;
    app.click("#nav-trust").await?;
    app.click("#make-backup").await?;
    app.wait_for_text("[data-testid=backup-done]", ".spilbak")
        .await?;

    // Work after the backup, which the restore will undo.
    open_file_from(&app, "waiting").await?;
    add_conversation(&app, "na de back-up").await?;

    // Locked, and the passphrase forgotten: restore instead of unlocking.
    app.click("#lock").await?;
    app.wait_for_text("main h2", "Kluis ontgrendelen").await?;
    app.click("#start-restore").await?;
    app.wait_for_text("main h2", "Back-up terugzetten").await?;
    app.wait_for_text("[data-testid=backup-files]", "spil-backup-")
        .await?;
    app.click("[data-testid=backup-files] button").await?;
    let path = app
        .el("#restore-path")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert!(path.ends_with(".spilbak"), "{path}");
    app.fill("#restore-passphrase", PASSPHRASE).await?;
    // Without today's passphrase, the current vault is kept aside, not replaced.
    app.click("#restore-keep-aside").await?;
    app.click("#restore-understand").await?;
    app.screenshot("restore-unlock").await?;
    app.assert_accessible("restore on the unlock screen")
        .await?;
    app.click("#restore-submit").await?;

    // Open, on the overview, as the caseload was at the backup.
    app.wait_for_text("main h2", "Overzicht").await?;
    open_file_from(&app, "waiting").await?;
    app.wait_for_text("main", "Nog geen gesprekken.").await?;
    let page = app.text_of("main").await?;
    assert!(
        !page.contains("na de back-up"),
        "work after the backup survived the restore"
    );

    app.close().await
}
