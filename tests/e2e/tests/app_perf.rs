//! App-side performance figures (docs/PERFORMANCE.md): start → first screen, unlock →
//! painted caseload of 5,000 trajectories, and resident memory with that caseload.
//!
//! A measurement, not a test: it asserts only that the screens appear, never on time,
//! and is ignored by `make e2e`. Run it with
//! `xvfb-run -a cargo test -p spil-e2e --test app_perf -- --ignored --nocapture`
//! (`SPIL_PERF_TRAJECTORIES` changes the size). It needs the `spil` command
//! (`SPIL_BIN`, else target/release/spil, else target/debug/spil) for the demo vault.
//! Figures go to stdout and to target/e2e-perf.json.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use spil_e2e::{target_dir, App, Result};

const PASSPHRASE: &str = "meetlat paard batterij niet plakband";

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

/// Resident memory (KiB) of every process whose environment points at `data_dir`:
/// the app and its WebKit processes, which tauri-driver started with that variable.
fn resident_kib(data_dir: &Path) -> (u64, Vec<(String, u64)>) {
    let marker = format!("SPIL_DATA_DIR={}", data_dir.display());
    let mut parts = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let p = entry.path();
        let Ok(env) = std::fs::read(p.join("environ")) else {
            continue;
        };
        if !env.split(|b| *b == 0).any(|kv| kv == marker.as_bytes()) {
            continue;
        }
        let comm = std::fs::read_to_string(p.join("comm")).unwrap_or_default();
        let comm = comm.trim().to_owned();
        if comm.starts_with("tauri-driver") || comm.starts_with("WebKitWebDriver") {
            continue;
        }
        let status = std::fs::read_to_string(p.join("status")).unwrap_or_default();
        let rss = status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|k| k.parse().ok())
            .unwrap_or(0);
        parts.push((comm, rss));
    }
    (parts.iter().map(|(_, k)| k).sum(), parts)
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

#[tokio::test]
#[ignore = "a measurement for docs/PERFORMANCE.md, not a test; run with --ignored"]
async fn start_unlock_and_caseload_figures() -> Result<()> {
    let n: usize = std::env::var("SPIL_PERF_TRAJECTORIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000);

    // Start → first screen (an empty data folder shows the create-vault form). This
    // includes tauri-driver and WebKitWebDriver starting, so it overstates the app.
    let started = Instant::now();
    let app = App::launch("app-perf").await?;
    app.el("#new-passphrase").await?;
    painted(&app).await?;
    let first_screen = started.elapsed();

    // A demo vault of n trajectories, then a reload: the unlock screen.
    let vault = app.data_dir.path().join("vault");
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
    app.client.refresh().await?;
    app.el("#unlock-title").await?;
    painted(&app).await?;

    // Unlock → caseload painted (Argon2id included: the worker waits for it too).
    app.fill("#passphrase", PASSPHRASE).await?;
    let t = Instant::now();
    app.click("form button[type=submit]").await?;
    app.el("[data-testid=active] tbody tr").await?;
    painted(&app).await?;
    let unlock_to_caseload = t.elapsed();
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

    tokio::time::sleep(Duration::from_millis(500)).await;
    let (rss_kib, parts) = resident_kib(app.data_dir.path());
    let figures = serde_json::json!({
        "trajectories": n,
        "caseload_rows_painted": rows,
        "start_to_first_screen_ms": first_screen.as_secs_f64() * 1000.0,
        "unlock_to_painted_caseload_ms": unlock_to_caseload.as_secs_f64() * 1000.0,
        "resident_kib_total": rss_kib,
        "resident_kib_by_process": parts,
        "app_binary": spil_e2e::app_binary(),
    });
    println!("{}", serde_json::to_string_pretty(&figures)?);
    std::fs::write(
        target_dir().join("e2e-perf.json"),
        serde_json::to_vec_pretty(&figures)?,
    )?;
    app.close().await
}
