//! The English UI in the real app: after switching the language, every screen is
//! read (its text, and the labels a screen reader or a tooltip gives) and no Dutch
//! word may be left. Only what is Dutch on purpose is skipped: elements marked
//! `lang="nl"` (the GP letter, the inzage document, the name of the Dutch language
//! in the picker).
//!
//! What counts as Dutch is taken from the project's own word lists, not typed here:
//! every word of the Dutch catalogues, code lists and region profiles that none of
//! the English ones uses. A core string that reaches the screen untranslated
//! ("Aanmeldingen per periode", "2024 kwartaal 1", "3 gesprekken") is caught by it.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use spil_e2e::{App, Result};

const PASSPHRASE: &str = "paard batterij niet plakband";

/// Closed, active and waiting trajectories in two municipalities, so that the
/// overview, the figures and both exports have something in every part.
const CSV: &str = "\
youth_ref,given_name,family_name,birth_date,gender,practice,kern,municipality_code,referral_date,referrer,first_contact_date,session_dates,closed_date,outcome
E-1,Sanne,Jansen,2012-05-17,f,De Linde,Spankeren,GM0275,2024-01-10,gp,2024-01-17,2024-01-17;2024-01-24,2024-02-20,no_further_care
E-2,Pieter,Verhoeven,2010-03-02,m,De Linde,Spankeren,GM0275,2024-02-05,gp,2024-02-19,2024-02-19;2024-03-04;2024-03-18,2024-04-01,basic_mental_health
E-3,Fenna,Bosman,2015-09-30,f,De Linde,Spankeren,GM0275,2024-03-01,school,2024-03-22,,,
E-4,Daan,Kuipers,2008-12-12,m,Het Anker,Velp,GM0275,2024-03-04,self,,,,
E-5,Lotte,Smit,2011-07-07,f,Het Anker,Velp,GM0275,2024-04-02,gp,2024-04-09,2024-04-09;2024-04-23;2024-05-07;2024-05-21;2024-06-04;2024-06-18;2024-07-02;2024-07-16,2024-07-30,specialist_mental_health
E-6,Bram,Visser,2013-11-11,m,Het Anker,Velp,GM0275,2024-05-13,youth_doctor,2024-05-20,2024-05-20,2024-06-03,social_base
";

/// The data's own words (names, practices, places): they are not the UI's.
const DATA: [&str; 12] = [
    "Sanne",
    "Jansen",
    "Verhoeven",
    "Fenna",
    "Bosman",
    "Kuipers",
    "Lotte",
    "Visser",
    "Linde",
    "Anker",
    "Spankeren",
    "Velp",
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Lower-case words of four letters or more.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
}

/// The string literals of a piece of TypeScript or TOML (double-quoted).
fn literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => break,
                _ => s.push(c),
            }
        }
        out.push(s);
    }
    out
}

/// Every message catalogue of the UI, split into its Dutch and English text. A
/// feature's `messages.ts` holds its Dutch messages first, then its English ones.
fn catalogues(dutch: &mut Vec<String>, english: &mut Vec<String>) {
    let ui = repo().join("ui/src/lib");
    let mut files = vec![ui.join("i18n/nl.ts"), ui.join("i18n/en.ts")];
    let mut stack = vec![ui.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "messages.ts") {
                files.push(path);
            }
        }
    }
    assert!(
        files.len() > 3,
        "no feature catalogues found under {}",
        ui.display()
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let split = match name.as_str() {
            "nl.ts" => text.len(),
            "en.ts" => 0,
            _ => text
                .find("En: Record<")
                .or_else(|| text.find("En = {"))
                .unwrap_or_else(|| panic!("{} has no English part", file.display())),
        };
        dutch.extend(literals(&text[..split]));
        english.extend(literals(&text[split..]));
    }
}

/// The code lists (`assets/codes.json`: per code, `nl` and `en`).
fn code_lists(dutch: &mut Vec<String>, english: &mut Vec<String>) {
    let text = std::fs::read_to_string(repo().join("assets/codes.json")).unwrap();
    let lists: serde_json::Value = serde_json::from_str(&text).unwrap();
    for list in lists.as_object().unwrap().values() {
        for labels in list.as_object().unwrap().values() {
            dutch.push(labels["nl"].as_str().unwrap_or("").to_owned());
            english.push(labels["en"].as_str().unwrap_or("").to_owned());
        }
    }
}

/// The region profiles' category names: `label`/`title` Dutch, `*_en` English.
fn region_profiles(dutch: &mut Vec<String>, english: &mut Vec<String>) {
    for entry in std::fs::read_dir(repo().join("assets/regions")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            let key = line.split('=').next().unwrap_or("").trim();
            let values = literals(line);
            match key {
                "label" | "title" => dutch.extend(values),
                "label_en" | "title_en" => english.extend(values),
                _ => {}
            }
        }
    }
}

/// Words the Dutch UI uses and the English one never does.
fn dutch_only() -> BTreeSet<String> {
    let (mut dutch, mut english) = (Vec::new(), Vec::new());
    catalogues(&mut dutch, &mut english);
    code_lists(&mut dutch, &mut english);
    region_profiles(&mut dutch, &mut english);
    let english: BTreeSet<String> = english.iter().flat_map(|s| words(s)).collect();
    let data: BTreeSet<String> = DATA.iter().flat_map(|s| words(s)).collect();
    dutch
        .iter()
        .flat_map(|s| words(s))
        .filter(|w| !english.contains(w) && !data.contains(w))
        .collect()
}

/// The screen's words as a person meets them: text (of visible and hidden
/// elements alike, so a closed panel is read too) and the labels and tooltips
/// of its elements, leaving out what is marked Dutch on purpose.
const READ_SCREEN: &str = r#"
const skip = (el) => el.closest('[lang="nl"], script, style');
const parts = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  if (node.parentElement && !skip(node.parentElement)) parts.push(node.textContent);
}
for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
  if (skip(el)) continue;
  for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
    const v = el.getAttribute(a);
    if (v) parts.push(v);
  }
}
for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) {
  if (!skip(el)) parts.push(el.value);
}
return parts.join('\n');
"#;

struct Reader {
    dutch: BTreeSet<String>,
    found: Vec<String>,
}

impl Reader {
    async fn read(&mut self, app: &App, screen: &str) -> Result<()> {
        let text = app.client.execute(READ_SCREEN, vec![]).await?;
        let text = match text.as_str() {
            Some(t) if !t.trim().is_empty() => t.to_owned(),
            _ => return Err(format!("{screen}: the screen could not be read: {text:?}").into()),
        };
        if let Some(dir) = std::env::var_os("SPIL_E2E_DUMP") {
            std::fs::write(Path::new(&dir).join(format!("{screen}.txt")), &text)?;
        }
        for line in text.lines() {
            let bad: Vec<String> = words(line).filter(|w| self.dutch.contains(w)).collect();
            if !bad.is_empty() {
                self.found
                    .push(format!("{screen}: {:?} in {:?}", bad, line.trim()));
            }
        }
        Ok(())
    }
}

#[tokio::test]
async fn the_english_ui_shows_no_dutch() -> Result<()> {
    let dutch = dutch_only();
    // The word lists are read, not empty: the check can fail.
    for w in ["aanmeldingen", "gesprekken", "kwartaal", "overzicht"] {
        assert!(dutch.contains(w), "{w:?} is not among the Dutch words");
    }
    let mut reader = Reader {
        dutch,
        found: Vec::new(),
    };

    let app = App::launch("english").await?;
    app.create_vault(PASSPHRASE).await?;
    app.import_csv(CSV).await?;
    app.wait_for_text("[data-testid=import-done]", "6").await?;

    app.click("#nav-settings").await?;
    app.select("#settings-language", "en").await?;
    app.click("[role=form] button[type=submit]").await?;
    app.wait_for_text("#nav-caseload", "Overview").await?;
    reader.read(&app, "settings").await?;

    app.click("#nav-caseload").await?;
    app.click("#filter-all").await?;
    app.wait_for_text("[data-testid=closed]", "Lotte").await?;
    reader.read(&app, "overview").await?;

    // A closed file: its history, its figures and the GP letter's frame.
    app.click("[data-testid=closed] button.link").await?;
    app.el("#trajectory-title").await?;
    reader.read(&app, "trajectory").await?;

    for screen in ["referral", "consultations", "practices", "import", "trust"] {
        app.click(&format!("#nav-{screen}")).await?;
        app.el(&format!("#nav-{screen}[aria-current=page]")).await?;
        // Screens that load on open: give them their answer.
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        reader.read(&app, screen).await?;
    }

    app.click("#nav-monitoring").await?;
    app.fill("#period-from", "01-01-2024").await?;
    app.fill("#period-to", "31-12-2024").await?;
    app.select("#region-profile", "groningen").await?;
    app.click("#show-report").await?;
    app.wait_for_text("[data-testid=kpi-referrals] dd", "6")
        .await?;
    reader.read(&app, "monitoring (Groningen profile)").await?;
    app.select("#region-profile", "").await?;
    app.click("#show-report").await?;
    app.wait_until("[data-testid=report-period]", "no region profile", |t| {
        !t.contains("Groningen")
    })
    .await?;
    reader.read(&app, "monitoring").await?;

    app.click("#export-preview").await?;
    app.wait_for_text("[data-testid=export-fields]", "referrals")
        .await?;
    reader.read(&app, "aggregate export preview").await?;
    app.click("input[name=export-level][value=records]").await?;
    app.select("#export-format", "json").await?;
    app.click("#export-preview").await?;
    app.wait_for_text("[data-testid=export-fields]", "pseudonym")
        .await?;
    reader.read(&app, "record export preview").await?;
    app.click("#export-run").await?;
    let export = app
        .wait_for_text("[data-testid=export-path]", ".json")
        .await?;

    app.select("#year-report-year", "2024").await?;
    app.click("#year-report").await?;
    app.el("#year-report-title").await?;
    reader.read(&app, "year report").await?;
    app.screenshot("english-year-report").await?;
    app.click("#year-report-close").await?;

    // The coordinator's merge: the export, the same export again (refused by its
    // export id, in words), and the region's figures.
    app.click("#open-merge").await?;
    for _ in 0..2 {
        app.fill("#merge-path", export.trim()).await?;
        app.click("#merge-add").await?;
    }
    app.el("[data-testid=merge-refused]").await?;
    app.el("[data-testid=merge-figures]").await?;
    reader.read(&app, "merge").await?;

    app.close().await?;
    assert!(
        reader.found.is_empty(),
        "Dutch in the English UI:\n{}",
        reader.found.join("\n")
    );
    Ok(())
}
