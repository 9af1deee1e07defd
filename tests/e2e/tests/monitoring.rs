//! The monitoring screen in the real app: a small caseload comes in through the
//! import screen, the figures for 2024 are checked against numbers worked out
//! by hand, the region profile and the savings parameters are changed, and an
//! anonymised export is previewed and written without a single client name.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use spil_e2e::{App, Result};

const PASSPHRASE: &str = "paard batterij niet plakband";

/// Four referrals in 2024. Waiting days to first contact: 7, 14 and 21 (the
/// fourth has had none), so the median is 14. Two are closed in 2024, one with
/// no further care.
const CSV: &str = "\
youth_ref,given_name,family_name,birth_date,gender,practice,kern,municipality_code,referral_date,referrer,first_contact_date,session_dates,closed_date,outcome
J-1,Sanne,Jansen,2012-05-17,f,Praktijk Noord,Dieren,GM0275,2024-01-10,gp,2024-01-17,2024-01-17;2024-01-24,2024-02-20,no_further_care
J-2,Pieter,Verhoeven,2010-03-02,m,Praktijk Noord,Dieren,GM0275,2024-02-05,gp,2024-02-19,2024-02-19;2024-03-04;2024-03-18,2024-04-01,basic_mental_health
J-3,Fenna,Bosman,2015-09-30,f,Praktijk Noord,Dieren,GM0275,2024-03-01,school,2024-03-22,,,
J-4,Daan,Kuipers,2008-12-12,m,Praktijk Zuid,Spankeren,GM0275,2024-03-04,self,,,,
";

const IDENTIFYING: [&str; 10] = [
    "Sanne",
    "Jansen",
    "Pieter",
    "Verhoeven",
    "Fenna",
    "Bosman",
    "Daan",
    "Kuipers",
    "2012-05-17",
    "J-1",
];

#[tokio::test]
async fn figures_profile_savings_and_an_anonymised_export() -> Result<()> {
    let app = App::launch("monitoring").await?;

    // A vault and the caseload, through the import screen.
    app.create_vault(PASSPHRASE).await?;
    app.import_csv(CSV).await?;
    app.wait_for_text("[data-testid=import-done]", "4").await?;

    // 2024, per practice: the hand-computed figures.
    app.click("#nav-monitoring").await?;
    app.wait_for_text("main h2", "Monitoring").await?;
    app.el("[data-testid=report-period]").await?;
    app.fill("#period-from", "01-01-2024").await?;
    app.fill("#period-to", "31-12-2024").await?;
    app.click("#show-report").await?;
    app.wait_for_text("[data-testid=report-period]", "01-01-2024 t/m 31-12-2024")
        .await?;
    app.wait_for_text("[data-testid=kpi-referrals] dd", "4")
        .await?;
    app.wait_for_text("[data-testid=kpi-waitingMedian] dd", "14 dagen")
        .await?;
    app.wait_for_text("[data-testid=kpi-closed] dd", "2")
        .await?;
    let groups = app
        .wait_for_text("[data-testid=chart-groups]", "Praktijk Noord")
        .await?;
    assert!(groups.contains("Praktijk Zuid"), "{groups}");
    // Waiting per month: January's one referral waited 7 days.
    app.wait_for_text("[data-testid=chart-waiting]", "jan 2024")
        .await?;
    // Savings: 2 closed × 50% no further care × 63% × € 2.414 = € 1.520,82.
    app.wait_for_text("[data-testid=savings-estimate]", "1.521")
        .await?;
    app.wait_for_text("[data-testid=savings-formula]", "63%")
        .await?;

    // The Groningen profile's categories.
    app.select("#region-profile", "groningen").await?;
    app.click("#show-report").await?;
    app.wait_for_text("[data-testid=chart-outcomes]", "Hulp OJG voldoende")
        .await?;
    app.wait_for_text("[data-testid=report-period]", "Groningen")
        .await?;

    // A different share the GP would refer: 2 × 50% × 50% × € 2.414 = € 1.207.
    app.fill("#savings-share", "50").await?;
    app.click("#save-savings").await?;
    app.wait_for_text("[data-testid=savings-estimate]", "1.207")
        .await?;
    app.wait_for_text("[data-testid=savings-formula]", "50%")
        .await?;
    app.client
        .execute(
            "document.querySelector('[data-testid=report-period]').scrollIntoView(); return true;",
            vec![],
        )
        .await?;
    app.screenshot("monitoring").await?;
    app.client
        .execute(
            "document.querySelector('#chart-outcomes-title').scrollIntoView(); return true;",
            vec![],
        )
        .await?;
    app.screenshot("monitoring-charts").await?;
    // The waiting time per month is a column chart of plain elements: a pair of
    // columns (median, 90th percentile) for every month in its table, with the
    // month's figures in a tooltip; some columns are drawn, and there is no SVG.
    let chart = app
        .client
        .execute(
            "document.querySelector('#chart-waiting-title').scrollIntoView();
             const fig = document.querySelector('[aria-labelledby=chart-waiting-title]');
             const groups = [...fig.querySelectorAll('.group')];
             return {
               groups: groups.length,
               months: fig.querySelectorAll('tbody tr').length,
               pairs: groups.every(g => g.querySelectorAll('.column').length === 2),
               titled: groups.every(g => /: .+ \\d+|–/.test(g.title)),
               drawn: [...fig.querySelectorAll('.column')].filter(c => c.offsetHeight > 0).length,
               svg: document.querySelectorAll('svg').length,
             };",
            vec![],
        )
        .await?;
    let months = chart["months"].as_u64().unwrap_or(0);
    assert!(months >= 2, "{chart}: months in the waiting table");
    assert_eq!(chart["groups"].as_u64(), Some(months), "{chart}");
    assert_eq!(chart["pairs"], true, "{chart}");
    assert_eq!(chart["titled"], true, "{chart}");
    assert!(chart["drawn"].as_u64().unwrap_or(0) >= 2, "{chart}");
    assert_eq!(chart["svg"].as_u64(), Some(0), "{chart}");
    app.screenshot("monitoring-waiting").await?;
    app.assert_accessible("monitoring").await?;

    // Aggregate export: preview first, then write; small counts are suppressed.
    app.click("#export-preview").await?;
    app.wait_for_text("[data-testid=export-fields]", "referrals")
        .await?;
    app.wait_for_text("[data-testid=export-suppressed]", "geheim")
        .await?;
    // Why: counts are rounded, and each hidden cell is listed with its reason.
    app.wait_for_text("[data-testid=export-rounding]", "veelvoud van 5")
        .await?;
    app.wait_for_text("[data-testid=export-reasons]", "×")
        .await?;
    app.click("#export-run").await?;
    let path = app
        .wait_for_text("[data-testid=export-path]", ".csv")
        .await?;
    let exports = app.data_dir.path().join("exports");
    assert!(
        path.starts_with(&exports.display().to_string()),
        "{path} is not in {}",
        exports.display()
    );
    let text = std::fs::read_to_string(path.trim())?;
    assert!(
        text.contains("GM0275"),
        "aggregate export lacks the municipality"
    );
    // The tables by kern: each kern row names its municipality.
    assert!(
        text.contains("referrals_by_kern;GM0275:Dieren;Dieren (GM0275)"),
        "aggregate export lacks the kern rows"
    );
    for word in IDENTIFYING {
        assert!(!text.contains(word), "the export contains {word:?}");
    }

    // Record export as JSON: the preview lists the columns, the file holds no name.
    app.click("input[name=export-level][value=records]").await?;
    app.select("#export-format", "json").await?;
    app.click("#export-preview").await?;
    app.wait_for_text("[data-testid=export-fields]", "pseudonym")
        .await?;
    app.wait_for_text("[data-testid=export-anonymisation]", "minstens 5")
        .await?;
    app.click("#export-run").await?;
    let path = app
        .wait_for_text("[data-testid=export-path]", ".json")
        .await?;
    let text = std::fs::read_to_string(path.trim())?;
    assert!(text.contains("spil-export"), "not a Spil export: {text}");
    for word in IDENTIFYING {
        assert!(!text.contains(word), "the record export contains {word:?}");
    }

    app.close().await
}
