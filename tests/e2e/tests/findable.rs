//! Every file findable, and no child's row lost: a file closed three years ago is not
//! on the overview by default, is found by "all files" and by its name, and opens with
//! its closure and the note that it must be reopened before a change. An import that
//! gives an own reference already used for another child is refused on that row, and
//! nothing of that import is taken.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use spil_e2e::{App, Result};

const PASSPHRASE: &str = "paard batterij niet plakband";

/// One file closed in 2023 (three years before this test was written, and longer
/// ago every year after), one still open.
const CSV: &str = "\
youth_ref,given_name,family_name,birth_date,gender,practice,kern,municipality_code,referral_date,referrer,first_contact_date,session_dates,closed_date,outcome
F-1,Noor,Hendriks,2009-04-12,f,De Linde,Spankeren,GM0275,2023-03-01,gp,2023-03-08,2023-03-08;2023-03-22,2023-04-12,no_further_care
F-2,Ravi,Pinas,2014-08-30,m,De Linde,Spankeren,GM0275,2026-01-05,school,,,,
";

/// The own reference F-1 again, for another child.
const REUSED: &str = "\
youth_ref,given_name,family_name,birth_date,practice,referral_date
F-3,Mila,Dekker,2012-01-01,De Linde,2026-02-02
F-1,Sem,Bakker,2011-11-11,De Linde,2026-02-03
";

#[tokio::test]
async fn an_old_file_is_found_and_a_reused_reference_is_refused() -> Result<()> {
    let app = App::launch("findable").await?;
    app.create_vault(PASSPHRASE).await?;
    app.import_csv(CSV).await?;
    app.wait_for_text("[data-testid=import-done]", "2").await?;

    // The overview shows recent work: the old file is not on it.
    app.click("#nav-caseload").await?;
    let overview = app.wait_for_text("main", "Ravi Pinas").await?;
    assert!(
        !overview.contains("Noor"),
        "an old closed file on the overview"
    );

    // "All files" finds it; so does its name.
    app.click("#filter-all").await?;
    app.wait_for_text("[data-testid=closed]", "Noor Hendriks")
        .await?;
    app.fill("#filter-search", "Hendr").await?;
    app.wait_until("main", "only the searched file", |t| {
        t.contains("Noor Hendriks") && !t.contains("Ravi")
    })
    .await?;
    app.screenshot("findable-old-file").await?;

    // It opens, closed, and a change needs a reopening first.
    app.click("[data-testid=closed] button.link").await?;
    app.wait_for_text("#trajectory-title", "Noor Hendriks")
        .await?;
    app.wait_for_text("[data-testid=closed-on]", "12-04-2023")
        .await?;
    app.el("[data-testid=reopen-first]").await?;
    app.el("#reopen-reason").await?;

    // The same own reference for another child: that row is refused, by its row
    // number as the sheet shows it, and nothing of the file is imported.
    app.import_csv(REUSED).await?;
    let errors = app
        .wait_for_text("[data-testid=import-errors]", "hoort al bij een ander kind")
        .await?;
    assert!(
        errors.contains('3'),
        "the row is not named as row 3: {errors}"
    );
    app.click("#nav-caseload").await?;
    app.click("#filter-all").await?;
    let all = app
        .wait_for_text("[data-testid=closed]", "Noor Hendriks")
        .await?;
    let page = app.text_of("main").await?;
    assert!(
        !page.contains("Mila") && !page.contains("Sem Bakker"),
        "a refused import left rows behind: {all}"
    );
    app.close().await
}
