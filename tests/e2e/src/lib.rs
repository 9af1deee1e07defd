//! Test harness: starts `tauri-driver`, which starts WebKitWebDriver, which
//! starts the real `spil-app` binary on a throw-away data folder.
//!
//! Linux only (WebKitWebDriver). Every process the harness starts lives in one
//! process group that is killed when [`App`] is dropped, also when a test
//! panics, so no driver or window outlives a failed test. A watchdog kills the
//! group after `SPIL_E2E_TIMEOUT` seconds (default 120), so a hung webview
//! fails the test instead of hanging CI.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs::File;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use tempfile::TempDir;

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The workspace's `target/` folder (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    }
}

/// The app under test: `SPIL_APP_BIN`, else `target/debug/spil-app`.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("SPIL_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/spil-app"));
    std::fs::canonicalize(&path).unwrap_or_else(|_| {
        panic!(
            "{} not found: build it with `make e2e` (the UI and the custom-protocol feature are needed)",
            path.display()
        )
    })
}

pub struct App {
    // Declared first so it drops first: the app is gone before its data folder.
    driver: Driver,
    pub client: Client,
    pub data_dir: TempDir,
}

impl App {
    /// Starts the app with an empty data folder and waits for its WebDriver
    /// session; `name` names the driver's log in `target/e2e-logs/`.
    pub async fn launch(name: &str) -> Result<App> {
        App::launch_with_env(name, &[]).await
    }

    /// Like [`App::launch`], with more environment for the app (a time zone, say).
    pub async fn launch_with_env(name: &str, env: &[(&str, &str)]) -> Result<App> {
        let data_dir = tempfile::Builder::new().prefix("spil-e2e-").tempdir()?;
        let driver = Driver::start(name, data_dir.path(), env)?;
        let client = driver.connect(&app_binary()).await?;
        Ok(App {
            driver,
            client,
            data_dir,
        })
    }

    /// The process group of everything the harness started: tauri-driver,
    /// WebKitWebDriver, the app and the web view's processes.
    pub fn process_group(&self) -> u32 {
        self.driver.child.id()
    }

    /// The app's own processes, pid and command name: the app and WebKit's web and
    /// network processes, not the drivers the harness started.
    pub fn app_processes(&self) -> Vec<(u32, String)> {
        descendants(self.process_group())
            .into_iter()
            .filter(|(_, name)| {
                !name.starts_with("tauri-driver") && !name.starts_with("WebKitWebDriver")
            })
            .collect()
    }

    /// Text of the first element matching `css`, waiting for it to appear.
    pub async fn text_of(&self, css: &str) -> Result<String> {
        self.again(|| async { Ok(self.el(css).await?.text().await?) })
            .await
    }

    /// Every element matching `css` at this moment (none is an empty list).
    pub async fn all(&self, css: &str) -> Result<Vec<fantoccini::elements::Element>> {
        self.again(|| async { Ok(self.client.find_all(Locator::Css(css)).await?) })
            .await
    }

    /// Saves a PNG of the window to `target/e2e-screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        trace("screenshot", name);
        // The DOM can be complete before WebKit has painted it; two animation
        // frames later it has, otherwise the PNG may show an empty page.
        // WebKit may hold animation frames back while nothing on the page changes,
        // so half a second also does.
        let png = self
            .again(|| async {
                self.client
                    .execute_async(
                        "const done = arguments[arguments.length - 1];
                         requestAnimationFrame(() => requestAnimationFrame(() => done()));
                         setTimeout(done, 500);",
                        vec![],
                    )
                    .await?;
                // WebDriver's screenshot waits for the page's next paint. The app
                // paints without the GPU (src-tauri/src/page.rs), and then a page
                // where nothing changes is never painted again, so the screenshot
                // would wait for ever. A few invisible changes over the next
                // second make WebKit paint.
                self.client
                    .execute(
                        "let n = 0;
                         const nudge = setInterval(() => {
                           document.body.style.opacity = n % 2 ? '' : '0.999';
                           if (++n >= 20) clearInterval(nudge);
                         }, 50);
                         return true;",
                        vec![],
                    )
                    .await?;
                Ok(self.client.screenshot().await?)
            })
            .await?;
        if distinct_colours(&png)? < 3 {
            return Err(format!("screenshot {name} shows an empty window").into());
        }
        let dir = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// The first element matching `css`, waiting up to 30 seconds for it to appear.
    pub async fn el(&self, css: &str) -> Result<fantoccini::elements::Element> {
        let start = Instant::now();
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(el) => return Ok(el),
                Err(e) if window_gone(&e) => self.follow_window().await?,
                Err(e) if fatal(&e) => return Err(self.lost(css, &e)),
                Err(e) if start.elapsed() > Duration::from_secs(30) => {
                    return Err(format!("{css}: {e}").into())
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Clicks the element after scrolling it to the middle of the window: a click on
    /// an element at the window's bottom edge was seen to be lost under Xvfb.
    pub async fn click(&self, css: &str) -> Result<()> {
        trace("click", css);
        self.again(|| async {
            let el = self.el(css).await?;
            self.client
                .execute(
                    "arguments[0].scrollIntoView({ block: 'center' }); return true;",
                    vec![serde_json::to_value(&el)?],
                )
                .await?;
            el.click().await?;
            Ok(())
        })
        .await
    }

    /// Replaces the value of the input matching `css` by typing `text`.
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        trace("fill", css);
        self.again(|| async {
            let el = self.el(css).await?;
            el.clear().await?;
            el.send_keys(text).await?;
            Ok(())
        })
        .await
    }

    /// Runs `step` again when WebDriver fails it. WebKitWebDriver answers a
    /// command that meets a page being re-rendered or reloaded (the app reloads
    /// its page on lock) with an "unknown error" or "stale element", although the
    /// next try finds the new page. Gives up after ten seconds, or at once when
    /// the session itself is gone.
    async fn again<T, F, Fut>(&self, mut step: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        let start = Instant::now();
        loop {
            match step().await {
                Ok(value) => return Ok(value),
                Err(e) if start.elapsed() > Duration::from_secs(10) => return Err(e),
                Err(e)
                    if e.downcast_ref::<fantoccini::error::CmdError>()
                        .is_some_and(window_gone) =>
                {
                    self.follow_window().await?
                }
                Err(e)
                    if e.downcast_ref::<fantoccini::error::CmdError>()
                        .is_some_and(fatal) =>
                {
                    return Err(e)
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
            }
        }
    }

    /// After a lock the app replaces its window by a new one (a new web process
    /// for the unlock screen), and the window the session was using is gone: go on
    /// in the newest window. Waits up to ten seconds for it to appear.
    pub async fn follow_window(&self) -> Result<()> {
        trace("follow", "the new window");
        let start = Instant::now();
        loop {
            let windows = self.client.windows().await?;
            if let Some(newest) = windows.into_iter().last() {
                self.client.switch_to_window(newest).await?;
                return Ok(());
            }
            if start.elapsed() > Duration::from_secs(10) {
                return Err(self.lost("after the lock, no new window", &"none appeared"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The error for a session that is gone, saying whether the app still runs:
    /// a crashed app and a driver that dropped the session need different fixes.
    fn lost(&self, what: &str, e: &dyn std::fmt::Display) -> Box<dyn std::error::Error> {
        let mut alive: Vec<String> = descendants(self.process_group())
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        alive.sort();
        // The marker `scripts/e2e.sh` looks for before it runs a test once more.
        let crashed = if alive.iter().any(|p| p.starts_with("WebKitWebProc")) {
            ""
        } else {
            " [web process lost]"
        };
        format!("{what}: {e}; processes left in the app's group: {alive:?}{crashed}").into()
    }

    pub async fn select(&self, css: &str, value: &str) -> Result<()> {
        self.again(|| async {
            self.el(css).await?.select_by_value(value).await?;
            Ok(())
        })
        .await
    }

    /// The first run: creates the vault with `passphrase` and waits for the overview.
    pub async fn create_vault(&self, passphrase: &str) -> Result<()> {
        self.wait_for_text("main h2", "Nieuwe kluis maken").await?;
        self.fill("#new-passphrase", passphrase).await?;
        self.wait_for_text("#strength", "Sterk genoeg").await?;
        self.fill("#repeat-passphrase", passphrase).await?;
        self.click("[role=form] button[type=submit]").await?;
        self.wait_for_text("main h2", "Overzicht").await?;
        Ok(())
    }

    /// Adds a practice on the practices screen and waits until it is listed.
    pub async fn add_practice(&self, name: &str) -> Result<()> {
        self.click("#nav-practices").await?;
        self.fill("#practice-name", name).await?;
        self.click("#save-practice").await?;
        self.wait_for_text("[data-testid=practices]", name).await?;
        Ok(())
    }

    /// Registers a referral of a girl with sleep problems on the referral screen and
    /// waits until her new file is open.
    pub async fn refer(&self, youth_ref: &str, given: &str, family: &str) -> Result<()> {
        self.click("#nav-referral").await?;
        self.fill("#youth-ref", youth_ref).await?;
        self.fill("#given-name", given).await?;
        self.fill("#family-name", family).await?;
        self.select("#gender", "f").await?;
        self.click("#problem-areas input[value=sleep]").await?;
        self.click("[role=form] button.primary").await?;
        self.wait_for_text("#trajectory-title", &format!("{given} {family}"))
            .await?;
        Ok(())
    }

    /// Writes `csv` to a file in the data folder and imports it on the import
    /// screen; the caller waits for the outcome it expects.
    pub async fn import_csv(&self, csv: &str) -> Result<()> {
        self.import_bytes("caseload.csv", csv.as_bytes(), None)
            .await
    }

    /// Writes `bytes` to `name` in the data folder, types its path into the import
    /// screen's path field (as the native file dialog would fill it), picks
    /// `sheet` when given, and imports; the caller waits for the outcome.
    pub async fn import_bytes(&self, name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<()> {
        let path = self.data_dir.path().join(name);
        std::fs::write(&path, bytes)?;
        self.click("#nav-import").await?;
        self.fill("#import-path", &path.display().to_string())
            .await?;
        // Leaving the field asks the core for the workbook's sheets.
        self.client
            .execute(
                "document.querySelector('#import-path').dispatchEvent(new Event('change', { bubbles: true })); return true;",
                vec![],
            )
            .await?;
        // The sheet picker comes (a workbook) or goes (CSV) when the core has
        // answered; clicking before that may hit a button still moving.
        self.again(|| async {
            let shown = self
                .client
                .execute(
                    "return document.querySelector('#import-sheet') !== null;",
                    vec![],
                )
                .await?;
            if shown.as_bool() == Some(sheet.is_some()) {
                Ok(())
            } else {
                Err("the sheet picker has not caught up".into())
            }
        })
        .await?;
        if let Some(sheet) = sheet {
            // Picked by script: WebKitGTK's native list of options, opened by a
            // WebDriver click, may swallow the next click.
            self.client
                .execute(
                    "const s = document.querySelector('#import-sheet');
                     s.value = arguments[0];
                     s.dispatchEvent(new Event('change', { bubbles: true }));
                     return s.value;",
                    vec![serde_json::json!(sheet)],
                )
                .await?;
        }
        self.click("[role=form] button.primary").await?;
        Ok(())
    }

    /// Waits until the text of the element matching `css` contains `wanted`.
    pub async fn wait_for_text(&self, css: &str, wanted: &str) -> Result<String> {
        self.wait_until(css, &format!("contained {wanted:?}"), |text| {
            text.contains(wanted)
        })
        .await
    }

    /// Waits until the text of the element matching `css` passes `test`: a screen
    /// that loads again after an input shows the old answer for a moment, so a test
    /// waits for the state it expects rather than reading the first one it finds.
    pub async fn wait_until(
        &self,
        css: &str,
        what: &str,
        test: impl Fn(&str) -> bool,
    ) -> Result<String> {
        trace("wait until", css);
        let start = Instant::now();
        let mut last = String::new();
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(el) => {
                    if let Ok(text) = el.text().await {
                        if test(&text) {
                            return Ok(text);
                        }
                        last = text;
                    }
                }
                Err(e) if window_gone(&e) => self.follow_window().await?,
                Err(_) => {}
            }
            if start.elapsed() > Duration::from_secs(30) {
                // What the screen showed instead (test data only): an error
                // message or a half-done step says more than the missing text.
                let screen = self
                    .client
                    .execute(
                        "return (document.querySelector('main') ?? document.body).innerText.slice(0, 600);",
                        vec![],
                    )
                    .await
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                return Err(format!(
                    "{css} never {what}; it last read {last:?}; the screen showed: {screen:?}"
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs axe-core (bundled from npm, injected through WebDriver) on the
    /// page and fails on serious or critical WCAG 2.1 A/AA violations.
    pub async fn assert_accessible(&self, screen: &str) -> Result<()> {
        trace("axe", screen);
        let axe =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&axe)
            .map_err(|e| format!("{}: {e} (run `make e2e`, which installs it)", axe.display()))?;
        let script = format!("{source}\nreturn true;");
        let found = self
            .again(|| async {
                self.client.execute(&script, vec![]).await?;
                Ok(self
                    .client
                    .execute_async(
                        "const done = arguments[arguments.length - 1];
                         axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
                           .then(r => done(r.violations
                             .filter(v => v.impact === 'serious' || v.impact === 'critical')
                             .map(v => v.id + ' ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                           .catch(e => done(['axe failed: ' + e]));",
                        vec![],
                    )
                    .await?)
            })
            .await?;
        let list = found.as_array().cloned().unwrap_or_default();
        if !list.is_empty() {
            return Err(format!("{screen}: accessibility violations: {list:?}").into());
        }
        Ok(())
    }

    /// Ends the session politely; the process group is killed on drop anyway.
    pub async fn close(self) -> Result<()> {
        self.client.clone().close().await?;
        drop(self.driver);
        Ok(())
    }
}

struct Driver {
    child: Child,
    port: u16,
    /// Dropping it stops the watchdog.
    _watchdog: mpsc::Sender<()>,
}

impl Driver {
    fn start(name: &str, data_dir: &Path, env: &[(&str, &str)]) -> Result<Driver> {
        let port = free_port()?;
        let native_port = free_port()?;
        let logs = target_dir().join("e2e-logs");
        std::fs::create_dir_all(&logs)?;
        let log = File::create(logs.join(format!("{name}.log")))?;
        let child = Command::new(std::env::var_os("TAURI_DRIVER").unwrap_or("tauri-driver".into()))
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            // tauri-driver passes its environment on to the app.
            .env("SPIL_DATA_DIR", data_dir)
            // WebKit paints with the CPU instead of Skia's GL painting threads: with
            // Mesa's software GL (Xvfb) those threads and the compositor's crashed
            // the web process now and then (see CONTRIBUTING.md).
            .env(
                "WEBKIT_SKIA_ENABLE_CPU_RENDERING",
                std::env::var_os("WEBKIT_SKIA_ENABLE_CPU_RENDERING").unwrap_or("1".into()),
            )
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .process_group(0)
            .spawn()
            .map_err(|e| {
                format!("cannot start tauri-driver (run `make e2e`, which installs it): {e}")
            })?;
        let driver = Driver {
            port,
            _watchdog: watchdog(child.id(), timeout()),
            child,
        };
        driver.wait_until_listening(Duration::from_secs(15))?;
        Ok(driver)
    }

    fn wait_until_listening(&self, limit: Duration) -> Result<()> {
        let start = Instant::now();
        while TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).is_err() {
            if start.elapsed() > limit {
                return Err(format!("tauri-driver did not listen on port {}", self.port).into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }

    async fn connect(&self, app: &Path) -> Result<Client> {
        let caps = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": app },
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!("a JSON object literal")
        };
        let url = format!("http://127.0.0.1:{}", self.port);
        Ok(ClientBuilder::native()
            .capabilities(caps)
            .connect(&url)
            .await?)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        kill_group(self.child.id());
        let _ = self.child.wait();
    }
}

/// The group holds tauri-driver, WebKitWebDriver, the app and its web
/// processes. ESRCH (already gone) is fine, so the result is ignored.
// The one unsafe call in the workspace: libc has no safe kill(2).
#[allow(unsafe_code)]
fn kill_group(leader: u32) {
    // SAFETY: kill(2) with a negative pid only sends a signal; no memory is involved.
    unsafe {
        libc::kill(-(leader as libc::pid_t), libc::SIGKILL);
    }
}

/// How many colours a PNG uses, counting no further than 3: a painted window
/// has at least a background, text and the header's teal.
fn distinct_colours(png: &[u8]) -> Result<usize> {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info()?;
    let mut pixels = vec![0; reader.output_buffer_size().ok_or("PNG too large")?];
    let frame = reader.next_frame(&mut pixels)?;
    let bytes_per_pixel = frame.line_size / frame.width as usize;
    let mut seen: Vec<&[u8]> = Vec::new();
    for pixel in pixels[..frame.buffer_size()].chunks_exact(bytes_per_pixel) {
        if !seen.contains(&pixel) {
            seen.push(pixel);
            if seen.len() == 3 {
                break;
            }
        }
    }
    Ok(seen.len())
}

/// The number in the environment variable `name`, or `default` when it is unset
/// or not a number.
pub fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn timeout() -> Duration {
    Duration::from_secs(env_number("SPIL_E2E_TIMEOUT", 120))
}

fn watchdog(leader: u32, limit: Duration) -> mpsc::Sender<()> {
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(limit) {
            eprintln!("e2e: still running after {limit:?}; killing the app and its driver");
            kill_group(leader);
        }
    });
    stop
}

/// With `SPIL_E2E_TRACE` set, each step is written to stderr as it starts: a
/// test that hangs then shows where (`cargo test -- --nocapture`).
fn trace(step: &str, what: &str) {
    if std::env::var_os("SPIL_E2E_TRACE").is_some() {
        eprintln!("e2e: {step} {what}");
    }
}

/// Every process descending from `leader` (the harness's tauri-driver), with its
/// command name (`comm`, cut at 15 characters), the leader excepted. Found by
/// parent links rather than by process group, so WebKit's processes count even if
/// its sandbox gave them a session of their own.
fn descendants(leader: u32) -> Vec<(u32, String)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut parent = std::collections::BTreeMap::new();
    let mut comm = std::collections::BTreeMap::new();
    for entry in entries.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid …; comm may hold spaces, so split after ')'.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let ppid = stat[close + 1..]
            .split_whitespace()
            .nth(1)
            .and_then(|f| f.parse::<u32>().ok())
            .unwrap_or(0);
        parent.insert(pid, ppid);
        comm.insert(pid, stat[open + 1..close].to_owned());
    }
    let descends = |mut pid: u32| {
        for _ in 0..64 {
            match parent.get(&pid) {
                Some(&p) if p == leader => return true,
                Some(&p) if p != 0 => pid = p,
                _ => return false,
            }
        }
        false
    };
    comm.into_iter().filter(|(pid, _)| descends(*pid)).collect()
}

/// The window the session was using is gone (the app replaced it at a lock).
fn window_gone(e: &fantoccini::error::CmdError) -> bool {
    use fantoccini::error::{CmdError, ErrorStatus};
    matches!(e, CmdError::Standard(w) if w.error == ErrorStatus::NoSuchWindow)
}

/// A WebDriver error no retry can mend: the session or its window is gone.
fn fatal(e: &fantoccini::error::CmdError) -> bool {
    use fantoccini::error::{CmdError, ErrorStatus};
    match e {
        CmdError::Standard(w) => matches!(
            w.error,
            ErrorStatus::InvalidSessionId
                | ErrorStatus::NoSuchWindow
                | ErrorStatus::SessionNotCreated
        ),
        CmdError::Lost(_) => true,
        _ => false,
    }
}

/// A port that was free a moment ago. Two drivers may in theory race for it;
/// the tests start one app at a time.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(pixels: &[[u8; 3]]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, pixels.len() as u32, 1);
        encoder.set_color(png::ColorType::Rgb);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&pixels.concat()).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn an_unpainted_window_is_recognised() {
        let flat = png_of(&[[244, 247, 246]; 8]);
        assert_eq!(distinct_colours(&flat).unwrap(), 1);
        let painted = png_of(&[[244, 247, 246], [15, 118, 110], [255, 255, 255], [0, 0, 0]]);
        assert_eq!(distinct_colours(&painted).unwrap(), 3);
    }
}
