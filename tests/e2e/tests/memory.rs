//! What a memory dump finds after "Vergrendelen": the app unlocks a vault holding a
//! canary client (name, BSN, note), shows her, and locks. Then every process of the
//! app (the app itself and WebKit's web and network processes) is read through
//! `/proc/PID/mem`, region by region as `/proc/PID/maps` lists them, and the
//! passphrase and canary strings are counted, as UTF-8 and as UTF-16 (JavaScript
//! strings may be stored either way). The counts while unlocked are printed too,
//! so the test shows that it does find what is there.
//!
//! While unlocked, the web process must also map no memory that is writable and
//! executable at once (the page's scripts run without JIT compilation).
//!
//! After the lock not one copy may be left in any process. The lock replaces the
//! window, and with it the web process (`src-tauri/src/page.rs`); freed memory in
//! the app process is wiped (`src-tauri/src/wipe.rs`).
//!
//! Needs permission to read another process's memory (root, or ptrace allowed for
//! the same user); the harness runs the app as the test's own user.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fs::File;
use std::os::unix::fs::FileExt;

use spil_e2e::{App, Result};

const PASSPHRASE: &str = "wolkbreuk kanarie stoeptegel fluitketel";
const NAME: &str = "Kwikstaartje";
const FAMILY: &str = "Zonnebloemveld";
const BSN: &str = "111222333";
const NOTE: &str = "notitiekanarie zeldzaam";

const CANARIES: [(&str, &str); 5] = [
    ("passphrase", PASSPHRASE),
    ("given name", NAME),
    ("family name", FAMILY),
    ("BSN", BSN),
    ("note", NOTE),
];

type Counts = BTreeMap<(String, &'static str), usize>;

#[tokio::test]
async fn after_lock_no_process_of_the_app_holds_the_passphrase_or_a_client() -> Result<()> {
    let app = App::launch("memory").await?;
    app.wait_for_text("main h2", "Nieuwe kluis maken").await?;
    type_hidden(&app, "#new-passphrase", PASSPHRASE).await?;
    app.wait_for_text("#strength", "Sterk genoeg").await?;
    type_hidden(&app, "#repeat-passphrase", PASSPHRASE).await?;
    app.click("[role=form] button[type=submit]").await?;
    app.wait_for_text("main h2", "Overzicht").await?;
    app.add_practice("De Linde").await?;
    // Imported from a file by its path: the client's data reaches the app through
    // the core, not through WebDriver.
    app.import_csv(&format!(
        "youth_ref,given_name,family_name,birth_date,gender,bsn,postcode,practice,kern,municipality_code,referral_date,referrer,problem_areas,first_contact_date,triage,session_dates,closed_date,outcome,satisfaction,notes\n\
         K-1,{NAME},{FAMILY},2014-02-03,f,{BSN},,De Linde,Dieren,GM0275,2024-03-01,gp,sleep,2024-03-04,ojg_support,2024-03-04,,,,{NOTE}\n"
    ))
    .await?;
    app.wait_for_text("[data-testid=import-done]", "1").await?;
    // Lock, unlock with the passphrase, and open her file.
    app.click("#lock").await?;
    app.wait_for_text("main h2", "Kluis ontgrendelen").await?;
    type_hidden(&app, "#passphrase", PASSPHRASE).await?;
    app.click("[role=form] button[type=submit]").await?;
    app.wait_for_text("main h2", "Overzicht").await?;
    wait_in_page(
        &app,
        "const b = [...document.querySelectorAll('main button.link')]
           .find(b => b.textContent.includes(text));
         if (b) b.click();
         return !!b;",
        NAME,
    )
    .await?;
    wait_in_page(
        &app,
        "return !!document.querySelector('#trajectory-title')?.textContent.includes(text);",
        NAME,
    )
    .await?;

    let unlocked = scan(&app)?;
    // The page's scripts run without JIT compilation (`src-tauri/src/page.rs`), so
    // the web process maps no memory that is both writable and executable. With
    // JavaScriptCore's JIT on, it reserves such a region of 1 GiB.
    for (pid, comm) in app.app_processes() {
        if comm == "WebKitWebProces" {
            let kib = writable_and_executable_kib(pid)?;
            eprintln!("web process {pid}: {kib} KiB writable and executable");
            assert!(
                kib <= 64,
                "the web process maps {kib} KiB that is writable and executable: is the JIT on?"
            );
        }
    }
    let old_pages = app
        .app_processes()
        .into_iter()
        .filter(|(_, comm)| comm == "WebKitWebProces")
        .map(|(pid, _)| pid)
        .collect::<Vec<_>>();
    app.click("#lock").await?;
    // The lock replaces the window; the harness follows to the new one.
    app.wait_for_text("main h2", "Kluis ontgrendelen").await?;
    // The old window's web process ends once the new page has loaded.
    let start = std::time::Instant::now();
    while old_pages
        .iter()
        .any(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists())
    {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "the old page's web process did not end after the lock"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let locked = scan(&app)?;

    eprintln!("copies found (process, what): unlocked -> locked");
    for (key, after) in &locked {
        eprintln!(
            "  {:<16} {:<12} {:>4} -> {after}",
            key.0,
            key.1,
            unlocked.get(key).copied().unwrap_or(0)
        );
    }
    // The scan does see them while they are there: each canary in the page's
    // process.
    for (what, _) in CANARIES {
        let seen = unlocked.get(&("WebKitWebProces".to_owned(), what));
        assert!(
            seen.is_some_and(|n| *n > 0),
            "while unlocked the scan finds no {what} in the web process: {unlocked:?}"
        );
    }
    // The scan reads the app process as well: it finds the data folder's path
    // there, which the app keeps for as long as it runs. No client data is found
    // there even while unlocked (the counts above): the app lets SQLite's cache
    // of decrypted pages go after every command (`src-tauri/src/state.rs`) and
    // wipes what it frees.
    let folder = app.data_dir.path().display().to_string();
    let seen = count_in(&app, "spil-app", folder.as_bytes())?;
    assert!(
        seen > 0,
        "the scan finds not even the data folder's path in the app process"
    );
    // After the lock, not one copy of any canary in any process of the app.
    let left: Vec<_> = locked.iter().filter(|(_, n)| **n > 0).collect();
    assert!(
        left.is_empty(),
        "after the lock the app still holds: {left:?}"
    );
    app.close().await
}

/// WebDriver's own traffic passes through the app process (its automation
/// session) as text, and a copy found there would be the test's, not the app's. So
/// a canary never crosses WebDriver as it is: it travels reversed, and the page
/// turns it round. The worker's own typing goes through GTK's key events, one key
/// at a time.
const TURN: &str = "const text = [...arguments[0]].reverse().join('');";

fn reversed(text: &str) -> serde_json::Value {
    serde_json::json!(text.chars().rev().collect::<String>())
}

/// Sets the input `css` to `text` as typing would (an `input` event).
async fn type_hidden(app: &App, css: &str, text: &str) -> Result<()> {
    app.el(css).await?;
    app.client
        .execute(
            &format!(
                "{TURN}
                 const input = document.querySelector({});
                 input.value = text;
                 input.dispatchEvent(new Event('input', {{ bubbles: true }}));
                 return true;",
                serde_json::json!(css)
            ),
            vec![reversed(text)],
        )
        .await?;
    Ok(())
}

/// Runs `script` (which sees the canary as `text` and answers true or false)
/// until it answers true, for up to 30 seconds.
async fn wait_in_page(app: &App, script: &str, canary: &str) -> Result<()> {
    let start = std::time::Instant::now();
    loop {
        let answer = app
            .client
            .execute(&format!("{TURN}\n{script}"), vec![reversed(canary)])
            .await?;
        if answer.as_bool() == Some(true) {
            return Ok(());
        }
        if start.elapsed() > std::time::Duration::from_secs(30) {
            return Err(format!("the page never passed: {script}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// Copies of each canary in each of the app's processes.
fn scan(app: &App) -> Result<Counts> {
    let mut counts = Counts::new();
    for (pid, comm) in app.app_processes() {
        let needles: Vec<(&'static str, Vec<u8>)> = CANARIES
            .iter()
            .flat_map(|(what, text)| {
                let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
                [(*what, text.as_bytes().to_vec()), (*what, utf16)]
            })
            .collect();
        for_each_region(pid, |bytes| {
            for (what, needle) in &needles {
                *counts.entry((comm.clone(), *what)).or_default() += occurrences(bytes, needle);
            }
        })?;
    }
    Ok(counts)
}

/// Copies of `needle` in the app's processes named `comm`.
fn count_in(app: &App, comm: &str, needle: &[u8]) -> Result<usize> {
    let mut n = 0;
    for (pid, _) in app.app_processes().into_iter().filter(|(_, c)| c == comm) {
        for_each_region(pid, |bytes| n += occurrences(bytes, needle))?;
    }
    Ok(n)
}

/// Calls `f` with the resident pages of each region of the process that is not
/// a read-only mapping of a file (heap, stacks, anonymous and shared memory). Only
/// pages present in memory or swap are read (from `/proc/PID/pagemap`): WebKit
/// reserves tens of GiB of address space it never touches.
fn for_each_region(pid: u32, mut f: impl FnMut(&[u8])) -> Result<()> {
    const PAGE: u64 = 4096;
    const BATCH: u64 = 512;
    let mem = File::open(format!("/proc/{pid}/mem"))?;
    let pagemap = File::open(format!("/proc/{pid}/pagemap"))?;
    let mut entries = vec![0u8; (BATCH * 8) as usize];
    let mut page = vec![0u8; PAGE as usize];
    for Mapping {
        start,
        end,
        perms,
        path,
    } in mappings(pid)?
    {
        let file_backed =
            path.starts_with('/') && !path.starts_with("/memfd:") && !path.starts_with("/dev/shm");
        if !perms.starts_with('r')
            || path == "[vvar]"
            || path == "[vsyscall]"
            || (file_backed && !perms.contains('w'))
        {
            continue;
        }
        let mut region = Vec::new();
        let mut at = start;
        while at < end {
            let pages = ((end - at) / PAGE).min(BATCH);
            let want = (pages * 8) as usize;
            if pagemap.read_at(&mut entries[..want], at / PAGE * 8).ok() != Some(want) {
                break;
            }
            for i in 0..pages {
                let e =
                    u64::from_le_bytes(entries[(i * 8) as usize..(i * 8 + 8) as usize].try_into()?);
                // Bit 63: present in RAM; bit 62: swapped out.
                if e & (0b11 << 62) != 0
                    && mem.read_at(&mut page, at + i * PAGE).ok() == Some(page.len())
                {
                    region.extend_from_slice(&page);
                }
            }
            at += pages * PAGE;
        }
        f(&region);
    }
    Ok(())
}

/// The size of the process's anonymous mappings that are writable and executable
/// at once (`/proc/PID/maps`), in KiB.
fn writable_and_executable_kib(pid: u32) -> Result<u64> {
    Ok(mappings(pid)?
        .iter()
        .filter(|m| !m.path.starts_with('/') && m.perms.contains('w') && m.perms.contains('x'))
        .map(|m| (m.end - m.start) / 1024)
        .sum())
}

/// One line of `/proc/PID/maps`: an address range, its permissions (`rwxp`) and
/// what is mapped there (a file's path, `[heap]`, or empty for anonymous memory).
struct Mapping {
    start: u64,
    end: u64,
    perms: String,
    path: String,
}

fn mappings(pid: u32) -> Result<Vec<Mapping>> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps"))?;
    let mut found = Vec::new();
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        let path = fields.nth(3).unwrap_or("");
        let Some((start, end)) = range.split_once('-') else {
            continue;
        };
        found.push(Mapping {
            start: u64::from_str_radix(start, 16)?,
            end: u64::from_str_radix(end, 16)?,
            perms: perms.to_owned(),
            path: path.to_owned(),
        });
    }
    Ok(found)
}

fn occurrences(haystack: &[u8], needle: &[u8]) -> usize {
    memchr::memmem::find_iter(haystack, needle).count()
}
