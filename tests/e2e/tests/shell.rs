//! The app starts, shows the Dutch shell (first run: create a vault) and uses the data folder it is given.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use spil_e2e::{App, Result};

#[tokio::test]
async fn window_shows_spil_and_the_first_run_screen() -> Result<()> {
    let app = App::launch("shell").await?;

    assert_eq!(app.text_of("header h1").await?, "Spil");
    assert_eq!(app.text_of("main h2").await?, "Nieuwe kluis maken");

    // The footer is filled through the `app_info` command, so this also proves
    // IPC, the capability file and SPIL_DATA_DIR all work in the real binary.
    let footer = app.text_of("footer [data-testid=data-dir]").await?;
    assert_eq!(footer, app.data_dir.path().display().to_string());

    let png = app.screenshot("shell-first-run").await?;
    let bytes = std::fs::read(&png)?;
    assert!(
        bytes.starts_with(b"\x89PNG"),
        "{} is not a PNG",
        png.display()
    );

    app.close().await
}
