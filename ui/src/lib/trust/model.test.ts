import { describe, expect, it } from "vitest";
import type { AuditEntry, BackupInfo } from "../api";
import { agoMessage, confirmed, inzageBody, olderCursor, reminderState, shortId } from "./model";

const entry = (seq: number): AuditEntry => ({
  seq,
  at: "2026-11-25T10:00:00.000Z",
  actor: "ojg",
  action: "read",
  youth_id: null,
  trajectory_id: null,
  what: "x",
});
const info = (over: Partial<BackupInfo>): BackupInfo => ({
  lastBackupAt: null,
  daysSinceLast: null,
  reminderDays: 7,
  reminderDue: true,
  lastBackupPath: null,
  folder: "/b",
  ...over,
});

describe("audit paging", () => {
  it("continues from the oldest event shown, until a page is short", () => {
    expect(olderCursor([entry(9), entry(8), entry(7)], 3)).toBe(7);
    expect(olderCursor([entry(2), entry(1)], 3)).toBeNull();
    expect(olderCursor([], 3)).toBeNull();
  });

  it("shows an id's start only", () => {
    expect(shortId("0193a2b4-7c1d-7000-8000-000000000000")).toBe("0193a2b4");
    expect(shortId(null)).toBe("");
  });
});

describe("destruction", () => {
  it("needs the exact word, ignoring case and spaces", () => {
    expect(confirmed("  Vernietigen ", "vernietigen")).toBe(true);
    expect(confirmed("vernietig", "vernietigen")).toBe(false);
    expect(confirmed("", "vernietigen")).toBe(false);
  });
});

describe("backup reminder", () => {
  it("follows the core's decision and says why", () => {
    expect(reminderState(info({}))).toBe("never");
    expect(reminderState(info({ lastBackupAt: "2026-11-01T10:00:00Z", daysSinceLast: 24 }))).toBe("due");
    expect(reminderState(info({ lastBackupAt: "2026-11-24T10:00:00Z", daysSinceLast: 1, reminderDue: false }))).toBe(
      "ok",
    );
  });

  it("says how long ago in words that fit the count", () => {
    expect(agoMessage(0).key).toBe("backup.today");
    expect(agoMessage(1).key).toBe("backup.oneDay");
    expect(agoMessage(12)).toEqual({ key: "backup.days", days: 12 });
  });
});

describe("inzage document", () => {
  it("keeps headings, text and tables, and drops everything that could run or load", () => {
    const html =
      "<!DOCTYPE html><html><head><title>Inzage</title><style>body{color:red}</style></head><body>" +
      '<h1 onclick="x()">Inzage dossier Sanne</h1><p>Gemaakt &amp; bewaard</p>' +
      '<table><tr><th>Notities</th><td class="text" style="color:red">&lt;script&gt;alert(1)&lt;/script&gt;</td></tr></table>' +
      '<script>alert(2)</script><img src="http://example.org/x.png"><a href="http://example.org">weg</a></body></html>';
    const body = inzageBody(html);
    expect(body).toContain("<h1>Inzage dossier Sanne</h1>");
    expect(body).toContain("<p>Gemaakt &amp; bewaard</p>");
    expect(body).toContain('<td class="text">&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    for (const gone of ["onclick", "style", "<script", "<img", "<a ", "<title", "weg", "color:red"]) {
      expect(body, gone).not.toContain(gone);
    }
  });
});
