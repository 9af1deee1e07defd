//! App-side performance figures (docs/PERFORMANCE.md), measured on the real app
//! under Xvfb: start → first screen, unlock → overview of a 5,000-trajectory
//! caseload painted (and, apart, what Argon2id alone takes), and the proportional
//! memory (PSS) of all the app's processes on the overview and after a tour of
//! every screen, 320 switches in all.
//!
//! A measurement, not a test: it asserts only that the screens appear, never on
//! time, and is ignored by `make e2e`. `make bench-app` builds the release app and
//! runs it: three launches, medians. By hand:
//! `SPIL_APP_BIN=target/release/spil-app xvfb-run -a cargo test -p spil-e2e --test app_perf -- --ignored --nocapture`
//! (`SPIL_PERF_TRAJECTORIES` changes the size, `SPIL_PERF_RUNS` the number of
//! launches, `SPIL_PERF_SCREENS` the screens toured, as a comma-separated list, to
//! find which one makes the memory grow, `SPIL_PERF_SWITCHES` the length of the
//! tour; the memory is read every 160 switches (`SPIL_PERF_READ_EVERY`), to tell
//! growth that levels off from growth that goes on; `SPIL_PERF_SETTLE_MS` and
//! `SPIL_PERF_REST_MS` how long the page settles and rests before each reading's
//! two figures, see [`settle`]; `SPIL_PERF_SMAPS=1` saves each process's
//! memory map before and after the tour; `SPIL_PERF_CHURN_HTML` replaces each
//! switch by markup laid over the page and taken away, see [`churn_once`]). It
//! needs the `spil` command (`SPIL_BIN`, else target/release/spil, else
//! target/debug/spil) for the demo vault. Figures
//! go to stdout and to target/e2e-perf.json; the page's element count before and
//! after the tour goes to stderr. Besides the growth over the whole tour, the JSON
//! gives the growth from the first reading on the way to the end, which leaves out
//! each screen's first visit, and each launch's growth, to show the spread.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use spil_e2e::{env_number, target_dir, App, Result};

const PASSPHRASE: &str = "meetlat paard batterij niet plakband";

/// Each memory reading is taken twice: once the page has settled for 1.5 s
/// (`SPIL_PERF_SETTLE_MS`), the reading the figures have always used, and again
/// once it has rested for 15 s from the same moment (`SPIL_PERF_REST_MS`).
/// JavaScriptCore collects garbage on timers and WebKit's allocator hands freed
/// pages back on timers too, so the second reading tells memory still being let
/// go from memory held. The JSON gives both (`…_rested_…`).
fn settle() -> Duration {
    Duration::from_millis(env_number("SPIL_PERF_SETTLE_MS", 1500))
}

fn rest() -> Duration {
    Duration::from_millis(env_number("SPIL_PERF_REST_MS", 15_000))
}

/// The PSS of all app processes (KiB), and of each.
type Pss = (u64, Vec<(String, u64)>);

/// One memory reading: after the page settled (`quick`), and after it rested.
struct Reading {
    quick: Pss,
    rested: Pss,
}

async fn read_memory(app: &App) -> Reading {
    tokio::time::sleep(settle()).await;
    let quick = pss_kib(app);
    tokio::time::sleep(rest().saturating_sub(settle())).await;
    Reading {
        quick,
        rested: pss_kib(app),
    }
}

/// Screen switches on the tour (unless `SPIL_PERF_SWITCHES` says otherwise), and
/// how often the memory is read on the way (unless `SPIL_PERF_READ_EVERY` says
/// otherwise).
const SWITCHES: usize = 320;
const READ_EVERY: usize = 160;

fn spil_bin() -> PathBuf {
    std::env::var_os("SPIL_BIN")
        .map(PathBuf::from)
        .or_else(|| {
            ["release", "debug"]
                .iter()
                .map(|p| target_dir().join(p).join("spil"))
                .find(|p| p.exists())
        })
        .expect("build the spil command first (cargo build --release -p spil-cli)")
}

/// Proportional memory (PSS, KiB) of each of the app's processes (the app and
/// its WebKit processes). PSS shares each library's pages among the processes
/// mapping them, so the sum is what the app costs the machine.
fn pss_kib(app: &App) -> Pss {
    let mut parts: Vec<(String, u64)> = app
        .app_processes()
        .into_iter()
        .map(|(pid, comm)| {
            let rollup =
                std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
            let pss = rollup
                .lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse().ok())
                .unwrap_or(0);
            (comm, pss)
        })
        .collect();
    parts.sort();
    (parts.iter().map(|(_, k)| k).sum(), parts)
}

/// What the page holds that could pile up over a tour: its elements, and the
/// callbacks Tauri keeps for answers and events still to come.
async fn page_counts(app: &App) -> Result<serde_json::Value> {
    Ok(app
        .client
        .execute(
            "return {
               elements: document.getElementsByTagName('*').length,
               tauri_callbacks: window.__TAURI_INTERNALS__?.callbacks?.size ?? null,
             };",
            vec![],
        )
        .await?)
}

async fn painted(app: &App) -> Result<()> {
    app.client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done()));",
            vec![],
        )
        .await?;
    Ok(())
}

/// With `SPIL_PERF_CHURN_HTML`, a step of the tour changes no screen: it lays the
/// given markup over the page, lets it paint and takes it away. This measures the
/// web view apart from the app, for instance whether it still keeps every field of
/// a `<form>` element after the element is gone (docs/PERFORMANCE.md, "Forms that
/// are not `<form>` elements").
async fn churn_once(app: &App, html: &str) -> Result<()> {
    app.client
        .execute_async(
            "const [html, done] = arguments;
             const layer = document.createElement('div');
             layer.style.cssText = 'position:fixed;inset:0;background:white;overflow:hidden';
             layer.innerHTML = html;
             document.body.append(layer);
             requestAnimationFrame(() => requestAnimationFrame(() => { layer.remove(); done(); }));",
            vec![serde_json::Value::String(html.to_owned())],
        )
        .await?;
    Ok(())
}

/// One launch's figures.
struct Run {
    first_screen_ms: f64,
    argon2_ms: f64,
    unlock_to_overview_ms: f64,
    rows: i64,
    pss_overview: Reading,
    /// After every `read_every()` switches.
    pss_on_the_way: Vec<Reading>,
    pss_after_tour: Reading,
}

impl Run {
    /// The memory back on the overview after the tour, against before it.
    fn growth_percent(&self) -> f64 {
        growth(&self.pss_overview.quick, &self.pss_after_tour.quick)
    }

    /// The same from the readings after a rest.
    fn rested_growth_percent(&self) -> f64 {
        growth(&self.pss_overview.rested, &self.pss_after_tour.rested)
    }
}

fn growth(before: &Pss, after: &Pss) -> f64 {
    100.0 * (after.0 as f64 / before.0 as f64 - 1.0)
}

/// With `SPIL_PERF_SMAPS=1`, each app process's memory map (`/proc/PID/smaps`)
/// goes to target/e2e-logs/smaps-<process>-<when>.txt, to see what grows.
fn save_smaps(app: &App, when: &str) {
    if std::env::var_os("SPIL_PERF_SMAPS").is_none() {
        return;
    }
    for (pid, comm) in app.app_processes() {
        let smaps = std::fs::read(format!("/proc/{pid}/smaps")).unwrap_or_default();
        let name = format!("smaps-{}-{when}.txt", comm.replace(['/', ' '], "_"));
        let _ = std::fs::write(target_dir().join("e2e-logs").join(name), smaps);
    }
}

fn switches() -> usize {
    env_number("SPIL_PERF_SWITCHES", SWITCHES)
}

fn read_every() -> usize {
    env_number("SPIL_PERF_READ_EVERY", READ_EVERY).max(1)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::test]
#[ignore = "a measurement for docs/PERFORMANCE.md, not a test; run with --ignored"]
async fn start_unlock_and_caseload_figures() -> Result<()> {
    let n: usize = env_number("SPIL_PERF_TRAJECTORIES", 5_000);
    let launches: usize = env_number("SPIL_PERF_RUNS", 3);

    // One demo vault, copied into each launch's data folder.
    let demo = tempfile::tempdir()?;
    let vault = demo.path().join("vault");
    let made = std::process::Command::new(spil_bin())
        .args(["demo", "--vault", vault.to_str().unwrap_or_default()])
        .args(["--trajectories", &n.to_string()])
        .env("SPIL_PASSPHRASE", PASSPHRASE)
        .output()?;
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );

    let mut runs = Vec::new();
    for launch in 0..launches {
        let run = one_launch(&vault).await?;
        let readings = |pick: fn(&Reading) -> &Pss| {
            format!(
                "PSS {} → {:?} → {} KiB",
                pick(&run.pss_overview).0,
                run.pss_on_the_way
                    .iter()
                    .map(|r| pick(r).0)
                    .collect::<Vec<_>>(),
                pick(&run.pss_after_tour).0
            )
        };
        eprintln!(
            "launch {launch}: first screen {:.0} ms, Argon2id {:.0} ms, unlock → overview {:.0} ms, {}",
            run.first_screen_ms,
            run.argon2_ms,
            run.unlock_to_overview_ms,
            readings(|r| &r.quick)
        );
        eprintln!("launch {launch}, after a rest: {}", readings(|r| &r.rested));
        runs.push(run);
    }
    let m = |f: fn(&Run) -> f64| median(runs.iter().map(f).collect());
    let on_the_way = |f: fn(&Reading) -> u64| {
        (0..runs[0].pss_on_the_way.len())
            .map(|i| {
                median(
                    runs.iter()
                        .map(|r| f(&r.pss_on_the_way[i]) as f64)
                        .collect(),
                )
            })
            .collect::<Vec<_>>()
    };
    let figures = serde_json::json!({
        "trajectories": n,
        "switches": switches(),
        "read_every": read_every(),
        "settle_ms": ms(settle()),
        "rest_ms": ms(rest()),
        "launches": launches,
        "caseload_rows_painted": runs[0].rows,
        "median": {
            "start_to_first_screen_ms": m(|r| r.first_screen_ms),
            "argon2id_ms": m(|r| r.argon2_ms),
            "unlock_to_painted_overview_ms": m(|r| r.unlock_to_overview_ms),
            "unlock_to_overview_beyond_argon2id_ms": m(|r| r.unlock_to_overview_ms - r.argon2_ms),
            "pss_overview_kib": m(|r| r.pss_overview.quick.0 as f64),
            "pss_on_the_way_kib": on_the_way(|r| r.quick.0),
            "pss_after_tour_kib": m(|r| r.pss_after_tour.quick.0 as f64),
            "growth_over_tour_percent": m(Run::growth_percent),
            // The same after a rest (see `settle`).
            "pss_overview_rested_kib": m(|r| r.pss_overview.rested.0 as f64),
            "pss_on_the_way_rested_kib": on_the_way(|r| r.rested.0),
            "pss_after_tour_rested_kib": m(|r| r.pss_after_tour.rested.0 as f64),
            "growth_over_tour_rested_percent": m(Run::rested_growth_percent),
            // From the first reading on the way to the end: the growth once every
            // screen has been visited many times, without each screen's first
            // visit (which the figure above counts as growth).
            "growth_after_first_reading_percent": m(|r| r.pss_on_the_way.first().map_or(0.0, |first| {
                growth(&first.quick, &r.pss_after_tour.quick)
            })),
        },
        // Each launch's growth over the tour: launches differ by several points,
        // so a median of three alone can land either side of a goal near it.
        "growth_over_tour_percent_each_launch": runs
            .iter()
            .map(Run::growth_percent)
            .collect::<Vec<_>>(),
        "growth_over_tour_rested_percent_each_launch": runs
            .iter()
            .map(Run::rested_growth_percent)
            .collect::<Vec<_>>(),
        "pss_kib_by_process_first_launch": runs[0].pss_overview.quick.1,
        "pss_kib_by_process_after_tour_first_launch": runs[0].pss_after_tour.quick.1,
        "app_binary": spil_e2e::app_binary(),
    });
    println!("{}", serde_json::to_string_pretty(&figures)?);
    std::fs::write(
        target_dir().join("e2e-perf.json"),
        serde_json::to_vec_pretty(&figures)?,
    )?;
    Ok(())
}

async fn one_launch(vault: &Path) -> Result<Run> {
    // Start → first screen (an empty data folder shows the create-vault form). This
    // includes tauri-driver and WebKitWebDriver starting, so it overstates the app.
    let started = Instant::now();
    let app = App::launch("app-perf").await?;
    app.el("#new-passphrase").await?;
    painted(&app).await?;
    let first_screen = started.elapsed();

    // The demo vault into the data folder, and the page again: the unlock screen.
    let data_vault = app.data_dir.path().join("vault");
    std::fs::create_dir_all(&data_vault)?;
    for entry in std::fs::read_dir(vault)? {
        let entry = entry?;
        std::fs::copy(entry.path(), data_vault.join(entry.file_name()))?;
    }
    app.client.refresh().await?;
    app.el("#unlock-title").await?;
    painted(&app).await?;

    // Argon2id alone: a wrong passphrase costs the derivation and a failed
    // unwrap (no delay yet for a first failure).
    app.fill("#passphrase", "niet de goede zin maar wel lang")
        .await?;
    let t = Instant::now();
    app.click("[role=form] button[type=submit]").await?;
    app.el("main [role=alert]").await?;
    let argon2 = t.elapsed();

    // Unlock → overview painted (Argon2id included: the worker waits for it too).
    app.fill("#passphrase", PASSPHRASE).await?;
    let t = Instant::now();
    app.click("[role=form] button[type=submit]").await?;
    app.el("[data-testid=active] tbody tr").await?;
    painted(&app).await?;
    let unlock_to_overview = t.elapsed();
    let rows: i64 = app
        .client
        .execute(
            "return document.querySelectorAll('tbody tr').length;",
            vec![],
        )
        .await?
        .as_i64()
        .unwrap_or(0);
    assert!(rows > 0);
    let pss_overview = read_memory(&app).await;
    let page_overview = page_counts(&app).await?;
    save_smaps(&app, "overview");

    // The tour: every screen in turn, each painted before the next.
    // The navigation's own buttons (`nav-<screen>`), so the tour follows the app.
    let chosen = std::env::var("SPIL_PERF_SCREENS").unwrap_or_default();
    let screens: Vec<String> = if chosen.is_empty() {
        let ids = app
            .client
            .execute(
                "return [...document.querySelectorAll('nav button[id^=nav-]')].map(b => b.id.slice(4));",
                vec![],
            )
            .await?;
        serde_json::from_value(ids)?
    } else {
        chosen.split(',').map(|s| s.trim().to_owned()).collect()
    };
    assert!(!screens.is_empty(), "no screens to tour");
    let churn = std::env::var("SPIL_PERF_CHURN_HTML").ok();
    let mut pss_on_the_way = Vec::new();
    for switch in 1..=switches() {
        let screen = &screens[switch % screens.len()];
        match &churn {
            Some(html) => churn_once(&app, html).await?,
            None => {
                app.click(&format!("#nav-{screen}")).await?;
                app.el("main h2").await?;
            }
        }
        painted(&app).await?;
        if switch % read_every() == 0 {
            pss_on_the_way.push(read_memory(&app).await);
        }
    }
    // Back on the overview, as at the first reading.
    app.click("#nav-caseload").await?;
    app.el("[data-testid=active] tbody tr").await?;
    painted(&app).await?;
    let pss_after_tour = read_memory(&app).await;
    let page_after_tour = page_counts(&app).await?;
    eprintln!("page: {page_overview} on the overview, {page_after_tour} after the tour");
    save_smaps(&app, "after-tour");
    app.close().await?;
    Ok(Run {
        first_screen_ms: ms(first_screen),
        argon2_ms: ms(argon2),
        unlock_to_overview_ms: ms(unlock_to_overview),
        rows,
        pss_overview,
        pss_on_the_way,
        pss_after_tour,
    })
}
