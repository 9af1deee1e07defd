//! A worker's day in the real app: first run, a practice, a referral, intake,
//! three conversations, triage, closure, the GP letter, lock and unlock, and an
//! import with a bad row. Every main screen is screenshotted and checked with
//! axe-core on the way.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use spil_e2e::{App, Result};

const PASSPHRASE: &str = "paard batterij niet plakband";

#[tokio::test]
async fn a_working_day_from_first_run_to_import() -> Result<()> {
    let app = App::launch("story").await?;

    // First run: the warning is there, a weak passphrase cannot be used.
    app.wait_for_text("main h2", "Nieuwe kluis maken").await?;
    app.wait_for_text(".warning", "back-up").await?;
    app.fill("#new-passphrase", "geheim").await?;
    app.wait_for_text("#strength", "Te zwak").await?;
    app.screenshot("first-run").await?;
    app.assert_accessible("first run").await?;
    app.fill("#new-passphrase", PASSPHRASE).await?;
    app.wait_for_text("#strength", "Sterk genoeg").await?;
    app.fill("#repeat-passphrase", PASSPHRASE).await?;
    app.click("[role=form] button[type=submit]").await?;
    app.wait_for_text("main h2", "Overzicht").await?;

    // A practice.
    app.click("#nav-practices").await?;
    app.fill("#practice-name", "Huisartsenpraktijk De Linde")
        .await?;
    app.fill("#practice-kern", "Dieren").await?;
    app.fill("#practice-municipality", "GM0275").await?;
    app.fill("#practice-hours", "16").await?;
    // Enter in a field saves, as in any form: the app's forms are not <form>
    // elements, so this is the app's own code (ui/src/lib/forms/submit.ts).
    app.el("#practice-hours")
        .await?
        .send_keys("\u{E007}")
        .await?;
    app.wait_for_text("[data-testid=practices]", "De Linde")
        .await?;
    app.screenshot("practices").await?;
    app.assert_accessible("practices").await?;

    // A referral, by keyboard-reachable fields only.
    app.click("#nav-referral").await?;
    app.fill("#youth-ref", "J-001").await?;
    app.fill("#given-name", "Sanne").await?;
    app.fill("#family-name", "Jansen").await?;
    app.fill("#birth-date", "17-05-2012").await?;
    app.select("#gender", "f").await?;
    app.click("#problem-areas input[value=sleep]").await?;
    app.fill("#request", "Slaapt slecht sinds de verhuizing.")
        .await?;
    app.screenshot("referral").await?;
    app.assert_accessible("referral").await?;
    app.click("[role=form] button.primary").await?;

    // The trajectory page: first contact, intake, three conversations, triage.
    app.wait_for_text("#trajectory-title", "Sanne Jansen")
        .await?;
    app.click("#contact-date ~ button").await?;
    app.fill("#intake-instrument", "SDQ").await?;
    app.fill("#intake-score", "14").await?;
    app.click("#intake-present input[value=parents]").await?;
    app.fill("#intake-summary", "Kennismaking met moeder en Sanne.")
        .await?;
    app.click("#intake-summary ~ button").await?;
    app.wait_for_text("[data-testid=status]", "lopend").await?;
    app.click("#conv-participants input[value=youth]").await?;
    for n in 1..=3 {
        app.fill("#conv-notes", &format!("gesprek {n}")).await?;
        app.click("#add-conversation").await?;
        app.wait_for_text("[data-testid=conversations]", &format!("gesprek {n}"))
            .await?;
    }
    app.select("#triage-decision", "ojg_support").await?;
    app.click("#triage-rationale ~ button").await?;
    app.wait_for_text("[data-testid=triage-current]", "OJG")
        .await?;
    app.client
        .execute("window.scrollTo(0, 0); return true;", vec![])
        .await?;
    app.screenshot("trajectory").await?;
    app.assert_accessible("trajectory").await?;

    // Closure with an outcome, then the GP letter.
    app.select("#close-outcome", "no_further_care").await?;
    app.fill("#close-satisfaction", "8").await?;
    app.click("#close-trajectory").await?;
    app.wait_for_text("[data-testid=closed-on]", "Afgesloten op")
        .await?;
    app.click("#make-letter").await?;
    let letter = app
        .el("#letter-text")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    for part in [
        "S (hulpvraag)",
        "O (bevindingen)",
        "E (afweging)",
        "P (plan en uitstroom)",
        "3 gesprekken",
    ] {
        assert!(letter.contains(part), "letter lacks {part:?}:\n{letter}");
    }
    app.screenshot("gp-letter").await?;

    // Her edit is kept when she leaves the screen without saving it.
    app.el("#letter-text")
        .await?
        .send_keys("\nPS: bel mij gerust over de slaap.")
        .await?;

    // The overview shows it as recently closed.
    app.click("#nav-caseload").await?;
    app.wait_for_text("[data-testid=closed]", "Sanne Jansen")
        .await?;

    // Back to the file: the letter is there at once, as she left it, marked as her
    // draft (no need to compose it again).
    app.click("[data-testid=closed] button.link").await?;
    app.wait_for_text("#trajectory-title", "Sanne Jansen")
        .await?;
    app.wait_for_text("[data-testid=letter-saved]", "bewaarde concept")
        .await?;
    let kept = app
        .el("#letter-text")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert!(
        kept.contains("PS: bel mij gerust over de slaap.") && kept.contains("S (hulpvraag)"),
        "the edit was not kept:\n{kept}"
    );
    app.click("#nav-caseload").await?;
    app.wait_for_text("[data-testid=closed]", "Sanne Jansen")
        .await?;
    app.screenshot("caseload").await?;
    app.assert_accessible("caseload").await?;

    // Lock: nothing of the client stays in the page. Wrong passphrase first.
    app.click("#lock").await?;
    app.wait_for_text("main h2", "Kluis ontgrendelen").await?;
    let page = app.client.source().await?;
    assert!(
        !page.contains("Sanne"),
        "client data left in the page after locking"
    );
    app.fill("#passphrase", "verkeerde wachtwoordzin").await?;
    app.click("[role=form] button[type=submit]").await?;
    app.wait_for_text("#passphrase-error", "Onjuiste wachtwoordzin")
        .await?;
    app.screenshot("unlock").await?;
    app.assert_accessible("unlock").await?;
    app.fill("#passphrase", PASSPHRASE).await?;
    app.click("[role=form] button[type=submit]").await?;
    app.wait_for_text("[data-testid=closed]", "Sanne Jansen")
        .await?;

    // Import a sheet with one bad row: nothing imported, the row is named.
    app.import_csv(
        "youth_ref,practice,kern,municipality_code,referral_date,referrer\n\
         J-100,Praktijk Noord,Dieren,GM0275,2024-01-10,gp\n\
         J-101,Praktijk Noord,Dieren,GM0275,2024-01-11,postbode\n",
    )
    .await?;
    let table = app
        .wait_for_text("[data-testid=import-errors]", "referrer")
        .await?;
    assert!(
        table.contains('3'),
        "the bad row (line 3) is not named:\n{table}"
    );
    app.screenshot("import-errors").await?;
    app.assert_accessible("import").await?;

    app.close().await
}
