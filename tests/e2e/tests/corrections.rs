//! Corrections in a client's file in the real app: a referral's date and a youth's
//! birth date are corrected through "Corrigeren", a BSN that fails the elfproef is
//! refused beside its field, and the corrections are still there after locking and
//! opening the file again.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use spil_e2e::{App, Result};

const PASSPHRASE: &str = "paard batterij niet plakband";

#[tokio::test]
async fn a_corrected_referral_and_birth_date_are_saved() -> Result<()> {
    let app = App::launch("corrections").await?;
    app.create_vault(PASSPHRASE).await?;
    app.add_practice("Huisartsenpraktijk De Linde").await?;
    app.refer("J-001", "Sanne", "Jansen").await?;

    // The referral was registered today; it came in on 1 February 2024.
    app.click("#correct-referral").await?;
    app.el("#fix-referral-date").await?;
    app.assert_accessible("correcting a referral").await?;
    app.fill("#fix-referral-date", "01-02-2024").await?;
    app.click("#save-referral").await?;
    app.wait_for_text("[data-testid=referral]", "01-02-2024")
        .await?;

    // The youth: a birth date, and a BSN with a typo that the core refuses.
    app.click("#correct-youth").await?;
    app.fill("#fix-birth_date", "17-05-2012").await?;
    app.fill("#fix-bsn", "111222334").await?;
    app.assert_accessible("correcting a youth").await?;
    app.click("#save-youth").await?;
    app.wait_for_text("#fix-bsn-error", "elfproef").await?;
    app.fill("#fix-bsn", "111222333").await?;
    app.click("#save-youth").await?;
    let youth = app
        .wait_for_text("[data-testid=youth-details]", "17-05-2012")
        .await?;
    assert!(youth.contains("111222333"), "{youth}");

    // A birth date after the referral is refused: the dates must stay in order.
    app.click("#correct-youth").await?;
    app.fill("#fix-birth_date", "02-02-2024").await?;
    app.click("#save-youth").await?;
    app.wait_for_text("#fix-birth_date-error", "vóór").await?;
    app.click("#cancel-youth").await?;

    // Saved, not only shown: lock, unlock and open the file again.
    app.click("#lock").await?;
    app.fill("#passphrase", PASSPHRASE).await?;
    app.click("[role=form] button[type=submit]").await?;
    app.wait_for_text("main h2", "Overzicht").await?;
    app.wait_for_text("[data-testid=waiting]", "Sanne Jansen")
        .await?;
    app.click("[data-testid=waiting] button.link").await?;
    app.wait_for_text("#trajectory-title", "Sanne Jansen")
        .await?;
    let referral = app
        .wait_for_text("[data-testid=referral]", "01-02-2024")
        .await?;
    assert!(referral.contains("De Linde"), "{referral}");
    let youth = app
        .wait_for_text("[data-testid=youth-details]", "17-05-2012")
        .await?;
    assert!(youth.contains("111222333"), "{youth}");

    app.close().await
}
