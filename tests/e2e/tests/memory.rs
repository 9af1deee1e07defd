//! What a memory dump finds after "Vergrendelen": the app unlocks a vault holding a
//! canary client (name, BSN, note), shows her, and locks. Then every process of the
//! app (the app itself and WebKit's web and network processes) is read through
//! `/proc/PID/mem`, region by region as `/proc/PID/maps` lists them, and the
//! passphrase and canary strings are counted, as UTF-8 and as UTF-16 (JavaScript
//! strings may be stored either way). The counts while unlocked are printed too,
//! so the test shows that it does find what is there.
//!
//! Only the app process's BSN is asserted to be gone (see the end of the test and
//! docs/SECURITY.md for what is not yet achieved).
//!
//! Needs permission to read another process's memory (root, or ptrace allowed for
//! the same user); the harness runs the app as the test's own user.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufRead;
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

/// The app's own processes (`comm` is cut at 15 characters); the driver and
/// WebKitWebDriver are the test's, not the app's.
const APP_PROCESSES: [&str; 3] = ["spil-app", "WebKitWebProces", "WebKitNetworkPr"];

type Counts = BTreeMap<(String, &'static str), usize>;

#[tokio::test]
async fn after_lock_no_process_of_the_app_holds_the_passphrase_or_a_client() -> Result<()> {
    let app = App::launch("memory").await?;
    app.create_vault(PASSPHRASE).await?;
    app.add_practice("De Linde").await?;
    app.import_csv(&format!(
        "youth_ref,given_name,family_name,birth_date,gender,bsn,postcode,practice,kern,municipality_code,referral_date,referrer,problem_areas,first_contact_date,triage,session_dates,closed_date,outcome,satisfaction,notes\n\
         K-1,{NAME},{FAMILY},2014-02-03,f,{BSN},,De Linde,Dieren,GM0275,2024-03-01,gp,sleep,2024-03-04,ojg_support,2024-03-04,,,,{NOTE}\n"
    ))
    .await?;
    app.wait_for_text("[data-testid=import-done]", "1").await?;
    // Lock, unlock with the passphrase typed, and look at her file.
    app.click("#lock").await?;
    // The lock shows the unlock screen, then loads the page anew.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    app.wait_for_text("main h2", "Kluis ontgrendelen").await?;
    app.fill("#passphrase", PASSPHRASE).await?;
    app.click("form button[type=submit]").await?;
    app.wait_for_text("main h2", "Overzicht").await?;
    app.wait_for_text("main", NAME).await?;
    app.client
        .execute(
            "[...document.querySelectorAll('main button.link')]
               .find(b => b.textContent.includes(arguments[0])).click(); return true;",
            vec![serde_json::json!(NAME)],
        )
        .await?;
    app.wait_for_text("#trajectory-title", NAME).await?;

    let unlocked = scan(app.process_group())?;
    app.click("#lock").await?;
    app.wait_for_text("main h2", "Kluis ontgrendelen").await?;
    // The page reloads on lock; let the old page go.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let locked = scan(app.process_group())?;

    eprintln!("copies found (process, what): unlocked -> locked");
    for (key, after) in &locked {
        eprintln!(
            "  {:<16} {:<12} {:>4} -> {after}",
            key.0,
            key.1,
            unlocked.get(key).copied().unwrap_or(0)
        );
    }
    assert!(
        unlocked
            .iter()
            .any(|((p, w), n)| p == "spil-app" && *w == "given name" && *n > 0)
            || unlocked
                .iter()
                .any(|((_, w), n)| *w == "given name" && *n > 0),
        "the scan finds nothing even while unlocked: {unlocked:?}"
    );
    // What is achieved (docs/SECURITY.md has the figures): the app process holds
    // no BSN after lock. The passphrase was found there in some runs, a copy of the
    // note in some, and copies of the names remain (memory of WebKit's UI side that
    // the app cannot wipe), as in WebKit's processes: printed above, not asserted.
    let left: Vec<_> = locked
        .iter()
        .filter(|((process, what), n)| process == "spil-app" && *what == "BSN" && **n > 0)
        .collect();
    assert!(left.is_empty(), "the app process still holds: {left:?}");
    app.close().await
}

/// Copies of each canary in each app process of the group `group`.
fn scan(group: u32) -> Result<Counts> {
    let mut counts = Counts::new();
    // Every process and its parent; ours descend from the group's leader (the
    // driver), even if WebKit's sandbox gave them a session of their own.
    let mut parent = BTreeMap::new();
    for entry in std::fs::read_dir("/proc")? {
        let Ok(pid) = entry?.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // After the command name (which may hold spaces): state, ppid.
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let ppid: u32 = rest
            .split_whitespace()
            .nth(1)
            .and_then(|f| f.parse().ok())
            .unwrap_or(0);
        parent.insert(pid, ppid);
    }
    let descends = |mut pid: u32| {
        for _ in 0..64 {
            if pid == group {
                return true;
            }
            match parent.get(&pid) {
                Some(&p) if p != 0 => pid = p,
                _ => return false,
            }
        }
        false
    };
    for &pid in parent.keys() {
        let Ok(comm) = std::fs::read_to_string(format!("/proc/{pid}/comm")) else {
            continue;
        };
        let comm = comm.trim().to_owned();
        if !APP_PROCESSES.contains(&comm.as_str()) || !descends(pid) {
            continue;
        }
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

/// Calls `f` with the resident pages of each region of the process that is not
/// a read-only mapping of a file (heap, stacks, anonymous and shared memory). Only
/// pages present in memory or swap are read (from `/proc/PID/pagemap`): WebKit
/// reserves tens of GiB of address space it never touches.
fn for_each_region(pid: u32, mut f: impl FnMut(&[u8])) -> Result<()> {
    const PAGE: u64 = 4096;
    const BATCH: u64 = 512;
    let maps = File::open(format!("/proc/{pid}/maps"))?;
    let mem = File::open(format!("/proc/{pid}/mem"))?;
    let pagemap = File::open(format!("/proc/{pid}/pagemap"))?;
    let mut entries = vec![0u8; (BATCH * 8) as usize];
    let mut page = vec![0u8; PAGE as usize];
    for line in std::io::BufReader::new(maps).lines() {
        let line = line?;
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        let path = fields.nth(3).unwrap_or("");
        let file_backed =
            path.starts_with('/') && !path.starts_with("/memfd:") && !path.starts_with("/dev/shm");
        if !perms.starts_with('r')
            || path == "[vvar]"
            || path == "[vsyscall]"
            || (file_backed && !perms.contains('w'))
        {
            continue;
        }
        let Some((start, end)) = range.split_once('-') else {
            continue;
        };
        let (start, end) = (
            u64::from_str_radix(start, 16)?,
            u64::from_str_radix(end, 16)?,
        );
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

fn occurrences(haystack: &[u8], needle: &[u8]) -> usize {
    memchr::memmem::find_iter(haystack, needle).count()
}
