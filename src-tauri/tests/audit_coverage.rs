//! Every command the window may call leaves an audit event (NEN 7513), or is on a
//! short list of commands that touch no vault, each with the reason.
//!
//! The commands come from the one list in `src/command_list.rs` (the committed
//! TypeScript bindings must agree with it). Each is called through Tauri's real IPC
//! handler (the mock runtime, no window), on a real encrypted vault in a temporary
//! folder, in the order a worker's day would call them. The log is read through the
//! `audit_log` command itself: it returns the newest events *before* appending its
//! own, so `newest` before and after a call tells how many events the call wrote.

// Test code unwraps: a failed assumption is a failed test. The lint is for the app.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{json, Value};
use spil_app::state::AppState;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::{InvokeRequest, WebviewWindowBuilder};
use tauri::WebviewWindow;

const PASS: &str = "paard batterij niet plakband";

/// Commands that never open the vault, and why they need no audit event.
const NO_VAULT: &[(&str, &str)] = &[
    (
        "app_info",
        "the app's version and data folder: no client data",
    ),
    (
        "local_clock",
        "the local time zone's offsets from UTC, from the system: no client data",
    ),
    (
        "vault_status",
        "whether a vault exists and is open: no client data",
    ),
    (
        "passphrase_strength",
        "scores a passphrase being typed; nothing is stored",
    ),
    (
        "renew_page",
        "replaces the window after a lock; refused while the vault is open",
    ),
    (
        "touch_activity",
        "the page saw input: stamps the time for the auto-lock, no client data",
    ),
    ("get_settings", "the app's preferences file: no client data"),
    (
        "merge_preview",
        "reads anonymised exports the coordinator chose, never the vault; writes nothing",
    ),
    (
        "save_settings",
        "the app's preferences file: no client data",
    ),
];

/// Commands that open the vault but show or change nothing of a client, and why
/// they write no event. The test still calls each through IPC.
const NO_CLIENT_DATA: &[(&str, &str)] = &[
    (
        "practices",
        "the GP practices the worker works in (names and places), asked by most screens",
    ),
    (
        "audit_chain_status",
        "whether the log's chain verified at unlock: a count, no client data",
    ),
    (
        "backup_info",
        "when and where the last backup was made, and whether a reminder is due",
    ),
    (
        "list_backups",
        "names, sizes and dates of the files in the backup folder",
    ),
    (
        "workbook_sheets",
        "the sheet names of a workbook chosen for import, before anything is read into the vault",
    ),
];

fn declared() -> BTreeSet<String> {
    spil_app::COMMANDS.iter().map(|c| c.to_string()).collect()
}

fn in_bindings() -> BTreeSet<String> {
    let ts = include_str!("../../ui/src/lib/bindings.ts");
    ts.split("__TAURI_INVOKE(\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_owned)
        .collect()
}

struct Ipc {
    window: WebviewWindow<tauri::test::MockRuntime>,
    /// Every command this test has called, to compare with the declared ones.
    called: std::cell::RefCell<BTreeSet<String>>,
}

impl Ipc {
    fn start(data_dir: &Path) -> Ipc {
        let app = mock_builder()
            .invoke_handler(spil_app::bindings::builder().invoke_handler())
            .manage(AppState::new(data_dir.to_path_buf()))
            // The app's real configuration and capability file: a command the
            // window may not call fails here as it would in the app.
            .build(tauri::generate_context!("tauri.conf.json", test = true))
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        // The app must outlive the window's use; the test process ends with it.
        std::mem::forget(app);
        Ipc {
            window,
            called: Default::default(),
        }
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.called.borrow_mut().insert(cmd.to_owned());
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|b| b.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    /// The newest event's (seq, action, what); reading it appends one more.
    fn newest(&self) -> (i64, String, String) {
        let page = self.ok(
            "audit_log",
            json!({ "beforeSeq": null, "limit": 1, "action": null }),
        );
        let e = &page[0];
        (
            e["seq"].as_i64().unwrap(),
            e["action"].as_str().unwrap().to_owned(),
            e["what"].as_str().unwrap().to_owned(),
        )
    }

    /// Calls `cmd` and returns its result, failing the test unless it appended at
    /// least one audit event (or is listed in [`NO_CLIENT_DATA`]).
    /// A command that the mock runtime cannot finish (it has no real web view)
    /// must still have audited what it was asked before it failed.
    fn audited_before_failing(&self, cmd: &str, args: Value) -> Value {
        let (before, ..) = self.newest();
        let refused = self
            .call(cmd, args)
            .expect_err("the mock runtime has no web view to finish this");
        let (after, action, what) = self.newest();
        assert!(
            after > before + 1,
            "{cmd} wrote no audit event (newest is still {action} {what})"
        );
        refused
    }

    fn audited(&self, cmd: &str, args: Value) -> Value {
        if NO_CLIENT_DATA.iter().any(|(c, _)| *c == cmd) {
            return self.ok(cmd, args);
        }
        let (before, ..) = self.newest();
        let out = self.ok(cmd, args);
        let (after, action, what) = self.newest();
        // `before + 1` is the event of the first `newest` call itself.
        assert!(
            after > before + 1,
            "{cmd} wrote no audit event (newest is still {action} {what})"
        );
        out
    }
}

#[test]
fn every_command_is_declared_alike_and_audited() {
    let declared = declared();
    assert_eq!(
        declared,
        in_bindings(),
        "command_list.rs vs ui/src/lib/bindings.ts (run `make bindings`)"
    );

    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let ipc = Ipc::start(data.path());

    for (cmd, _why) in NO_VAULT {
        let args = match *cmd {
            "passphrase_strength" => json!({ "passphrase": "iets" }),
            "merge_preview" => json!({ "paths": [] }),
            "renew_page" => json!({ "notice": "" }),
            "save_settings" => json!({ "settings": ipc.ok("get_settings", json!({})) }),
            _ => json!({}),
        };
        ipc.ok(cmd, args);
    }

    // Creating the vault, locking, a failed and a good unlock: read back after.
    ipc.ok("create_vault", json!({ "passphrase": PASS }));
    let (created, ..) = ipc.newest();
    assert!(created >= 1, "create_vault wrote no event");
    ipc.ok("lock_vault", json!({}));
    // No window in the mock runtime: nothing to replace, and the page reloads itself.
    assert_eq!(ipc.ok("renew_page", json!({"notice": ""})), json!(false));
    assert!(ipc
        .call(
            "unlock_vault",
            json!({ "passphrase": "fout fout fout fout" })
        )
        .is_err());
    ipc.ok("unlock_vault", json!({ "passphrase": PASS }));
    let page = ipc.ok(
        "audit_log",
        json!({ "beforeSeq": null, "limit": 10, "action": null }),
    );
    let actions: Vec<&str> = page
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in ["lock", "unlock_failed", "unlock"] {
        assert!(actions.contains(&a), "no {a} event in {actions:?}");
    }

    // A worker's day, each step audited.
    let day = "2024-03-04";
    let practice = ipc.audited(
        "add_practice",
        json!({ "input": { "name": "De Linde", "kern": "Dieren", "municipality_code": "GM0275",
                           "in_practice": true } }),
    );
    let practice_id = practice["id"].as_str().unwrap().to_owned();
    ipc.audited(
        "update_practice",
        json!({ "id": practice_id, "input": { "name": "De Linde", "kern": "Dieren",
                                              "municipality_code": "GM0275",
                                              "in_practice": true, "hours_per_week": 16 } }),
    );
    ipc.audited("practices", json!({}));
    let youth = ipc.audited(
        "add_youth",
        json!({ "input": { "youth_ref": "J1", "given_name": "Sanne", "gender": "f",
                           "birth_date": "2012-05-17" } }),
    );
    let youth_id = youth["id"].as_str().unwrap().to_owned();
    ipc.audited("find_youths", json!({ "query": "J1" }));
    ipc.audited(
        "possible_duplicates",
        json!({ "input": { "youth_ref": "J2", "given_name": "Sanne", "family_name": "Jansen",
                           "gender": "f", "birth_date": "2012-05-17" } }),
    );
    let tid = ipc.audited(
        "register_referral",
        json!({ "input": { "youth_id": youth_id, "practice_id": practice_id,
                           "referral_date": "2024-02-26", "referrer": "gp",
                           "problem_areas": ["sleep"], "urgency": "normal" } }),
    );
    let tid = tid.as_str().unwrap().to_owned();
    ipc.audited("caseload", json!({ "filter": {} }));
    ipc.audited("trajectory", json!({ "id": tid }));
    ipc.audited(
        "update_referral",
        json!({ "id": tid, "input": { "youth_id": youth_id, "practice_id": practice_id,
                                      "referral_date": "2024-02-27", "referrer": "gp",
                                      "problem_areas": ["sleep"], "urgency": "urgent" } }),
    );
    ipc.audited(
        "update_youth",
        json!({ "id": youth_id, "input": { "youth_ref": "J1", "given_name": "Susanne",
                                           "gender": "f", "birth_date": "2012-05-17" } }),
    );
    ipc.audited("record_first_contact", json!({ "id": tid, "date": day }));
    ipc.audited(
        "record_intake",
        json!({ "id": tid, "input": { "date": day, "present": ["youth"] } }),
    );
    ipc.audited(
        "decide_triage",
        json!({ "id": tid, "input": { "decided_on": day, "decision": "ojg_support" } }),
    );
    let conversation = ipc.audited(
        "add_conversation",
        json!({ "id": tid, "input": { "date": day, "participants": ["youth"],
                                      "interventions": [] } }),
    );
    ipc.audited(
        "update_conversation",
        json!({ "id": conversation, "input": { "date": day, "minutes": 45,
                                               "participants": ["youth"],
                                               "interventions": [] } }),
    );
    let mistaken = ipc.ok(
        "add_conversation",
        json!({ "id": tid, "input": { "date": day, "participants": ["youth"],
                                      "interventions": [] } }),
    );
    ipc.audited(
        "delete_conversation",
        json!({ "id": mistaken, "reason": "dubbel ingevoerd" }),
    );
    ipc.audited(
        "close_trajectory",
        json!({ "id": tid, "input": { "closed_date": "2024-03-20",
                                      "outcome": "no_further_care" } }),
    );
    ipc.audited(
        "reopen_trajectory",
        json!({ "id": tid, "input": { "reopened_on": "2024-03-21", "reason": "nog een gesprek" } }),
    );
    ipc.audited(
        "close_trajectory",
        json!({ "id": tid, "input": { "closed_date": "2024-03-22",
                                      "outcome": "no_further_care" } }),
    );
    ipc.audited(
        "record_gp_feedback",
        json!({ "id": tid, "date": "2024-03-25" }),
    );
    ipc.audited("gp_letter", json!({ "id": tid }));
    ipc.audited(
        "save_gp_letter_draft",
        json!({ "id": tid, "text": "Geachte collega," }),
    );
    ipc.audited("gp_letter", json!({ "id": tid }));
    ipc.audited("discard_gp_letter_draft", json!({ "id": tid }));
    let consultation = ipc.audited(
        "add_gp_consultation",
        json!({ "input": { "practice_id": practice_id, "date": day } }),
    );
    ipc.audited("gp_consultations", json!({ "practiceId": null }));
    let consultation_id = consultation["id"].as_str().unwrap().to_owned();
    ipc.audited(
        "update_gp_consultation",
        json!({ "id": consultation_id, "input": { "practice_id": practice_id, "date": day,
                                                  "minutes": 10 } }),
    );
    ipc.audited(
        "delete_gp_consultation",
        json!({ "id": consultation_id, "reason": "dubbel ingevoerd" }),
    );
    let sheet = "youth_ref,given_name,family_name,birth_date,gender,bsn,postcode,practice,kern,municipality_code,referral_date,referrer,problem_areas,first_contact_date,triage,session_dates,closed_date,outcome,satisfaction,notes\n\
                 J9,,,2015-01-01,x,,,De Linde,Dieren,GM0275,2024-03-01,youth_doctor,behaviour,2024-03-04,referral_needed,2024-03-04,2024-03-20,specialist_mental_health,6,\n";
    let file = out.path().join("caseload.csv");
    std::fs::write(&file, sheet).unwrap();
    let sheets = ipc.audited("workbook_sheets", json!({ "path": file }));
    assert_eq!(sheets, json!([]), "a CSV file has no sheets to pick");
    ipc.audited(
        "import_file",
        json!({ "path": file, "sheet": null, "progress": "__CHANNEL__:9" }),
    );

    // Monitoring.
    ipc.audited("monitoring_report", json!({ "query": {} }));
    ipc.audited(
        "set_savings_params",
        json!({ "params": { "share_gp_would_refer": 0.63, "average_cost_eur": 2414.0 } }),
    );
    let export = json!({ "from": "2024-01-01", "to": "2024-12-31" });
    ipc.audited("export_preview", json!({ "params": export }));
    ipc.audited(
        "export_anonymised",
        json!({ "params": export, "progress": "__CHANNEL__:10" }),
    );
    // The regional merge: recorded in the open vault by counts only; with the
    // vault locked it still works, and nothing is recorded.
    let records = ipc.ok(
        "export_anonymised",
        json!({ "params": { "from": "2024-01-01", "to": "2024-12-31", "level": "records",
                            "format": "json" },
                "progress": "__CHANNEL__:11" }),
    );
    let export_path = records["path"].as_str().unwrap().to_owned();
    let preview = ipc.ok("merge_preview", json!({ "paths": [export_path] }));
    assert!(preview["files"][0]["refused"].is_null(), "{preview}");
    let region = out.path().join("regio.json");
    ipc.audited(
        "write_region_file",
        json!({ "paths": [export_path], "out": region }),
    );
    let newest_export = || {
        ipc.ok(
            "audit_log",
            json!({ "beforeSeq": null, "limit": 1, "action": "export" }),
        )[0]
        .clone()
    };
    let recorded = newest_export();
    let what = recorded["what"].as_str().unwrap();
    assert!(
        what.starts_with("region_merge:files=1,records=") && !what.contains('/'),
        "counts only, never a path: {recorded}"
    );
    ipc.ok("lock_vault", json!({}));
    let done = ipc.ok(
        "write_region_file",
        json!({ "paths": [export_path], "out": region }),
    );
    assert_eq!(done["audited"], false);
    ipc.ok("unlock_vault", json!({ "passphrase": PASS }));
    assert_eq!(
        newest_export()["seq"],
        recorded["seq"],
        "recorded while locked"
    );

    // The print is recorded first; the mock web view then never prints, and the
    // command says so instead of waiting.
    let pdf = ipc.audited_before_failing(
        "save_report_pdf",
        json!({ "report": { "kind": "yearReport", "year": 2024 } }),
    );
    assert_eq!(pdf["code"], "pdf_failed", "{pdf}");

    // Trust: the client's view, inzage, backup, retention.
    ipc.audited("access_history", json!({ "youthId": youth_id }));
    ipc.audited("inzage_html", json!({ "youthId": youth_id }));
    for printed in [
        json!({ "kind": "gp_letter", "trajectory_id": tid }),
        json!({ "kind": "inzage", "youth_id": youth_id }),
        json!({ "kind": "report" }),
    ] {
        ipc.audited("record_print", json!({ "printed": printed }));
    }
    ipc.audited(
        "save_inzage_json",
        json!({ "youthId": youth_id, "folder": out.path() }),
    );
    ipc.audited("audit_chain_status", json!({}));
    ipc.audited("backup_info", json!({}));
    ipc.audited("set_backup_reminder_days", json!({ "days": 14 }));
    let backup = ipc.audited("make_backup", json!({}));
    ipc.audited("list_backups", json!({}));
    ipc.audited("retention_due", json!({}));
    ipc.audited("set_retention_years", json!({ "years": 25 }));
    ipc.audited(
        "destroy_youth",
        json!({ "youthId": youth_id, "reason": "request_by_parent" }),
    );
    let path = backup["path"]
        .as_str()
        .expect("make_backup returns the file's path");
    let (before, ..) = ipc.newest();
    ipc.ok(
        "restore_backup",
        json!({ "path": path, "passphrase": PASS, "currentPassphrase": PASS,
                "keepAside": false }),
    );
    let page = ipc.ok(
        "audit_log",
        json!({ "beforeSeq": null, "limit": 5, "action": "restore" }),
    );
    // Last, as the backup above was made under the first passphrase.
    ipc.audited(
        "change_passphrase",
        json!({ "current": PASS, "replacement": "een heel andere zin van vier woorden" }),
    );
    ipc.audited(
        "change_passphrase_and_rotate",
        json!({ "current": "een heel andere zin van vier woorden",
                "replacement": "kroket fluit wolkbreuk stoeptegel" }),
    );
    let restored = page[0]["seq"].as_i64().expect("a restore event");
    assert!(restored > before, "restore_backup wrote no audit event");

    let called = ipc.called.borrow();
    let missing: Vec<&String> = declared.difference(&called).collect();
    assert!(
        missing.is_empty(),
        "commands this test does not call yet; add each with the audit event it must write: {missing:?}"
    );
}
