// The data-and-privacy screens' logic, kept out of the components so it can be
// tested without a backend. No rule of the core is repeated here.
import type { AuditEntry, BackupInfo, DestructionReason } from "../api";

/** The actions the audit log records (the core's `Action` codes), for the filter. */
export const AUDIT_ACTIONS = [
  "create",
  "read",
  "update",
  "delete",
  "import",
  "export",
  "print",
  "backup",
  "restore",
  "search",
  "unlock",
  "unlock_failed",
  "lock",
] as const;

export const AUDIT_PAGE_SIZE = 50;

/** Where the next page starts: the oldest event shown, or `null` when this was the last page. */
export function olderCursor(page: readonly AuditEntry[], pageSize = AUDIT_PAGE_SIZE): number | null {
  if (page.length < pageSize) return null;
  return page[page.length - 1]?.seq ?? null;
}

/** Why a file is destroyed; the order the worker meets them. */
export const DESTRUCTION_REASONS = [
  "request_by_youth",
  "request_by_parent",
  "retention_expired",
  "registered_in_error",
] as const satisfies readonly DestructionReason[];

/** The typed confirmation matches the word, ignoring case and surrounding spaces. */
export function confirmed(typed: string, word: string): boolean {
  return typed.trim().toLocaleLowerCase("nl") === word.toLocaleLowerCase("nl");
}

/** The start of an id: enough to tell events apart, never a name. */
export function shortId(id: string | null): string {
  return id ? id.slice(0, 8) : "";
}

export type ReminderState = "never" | "due" | "ok";

/** Whether to remind: the core decided `reminderDue`; this only says which words fit. */
export function reminderState(info: BackupInfo): ReminderState {
  if (!info.reminderDue) return "ok";
  return info.lastBackupAt ? "due" : "never";
}

const KEPT = new Set(["H1", "H2", "H3", "P", "TABLE", "THEAD", "TBODY", "TR", "TH", "TD", "BR"]);

/**
 * The inzage page's body as markup safe to show inside the app. The core already
 * escapes every value; this keeps only the headings, paragraphs and tables it
 * writes (no attributes but `class="text"`), so nothing else could ever run or
 * load. The page's own `<style>` is left out: the strict Content-Security-Policy
 * would refuse it, and the component styles the document instead.
 */
export function inzageBody(html: string): string {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const out = document.createElement("div");
  const copy = (from: Node, to: Node) => {
    for (const child of Array.from(from.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) {
        to.appendChild(document.createTextNode(child.textContent ?? ""));
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const el = child as Element;
        if (!KEPT.has(el.tagName.toUpperCase())) continue;
        const clean = document.createElement(el.tagName.toLowerCase());
        if (el.getAttribute("class") === "text") clean.className = "text";
        copy(el, clean);
        to.appendChild(clean);
      }
    }
  };
  copy(parsed.body, out);
  return out.innerHTML;
}

/** How long ago the last backup was, as a message key and its count. */
export function agoMessage(days: number): { key: "backup.today" | "backup.oneDay" | "backup.days"; days: number } {
  if (days <= 0) return { key: "backup.today", days: 0 };
  if (days === 1) return { key: "backup.oneDay", days };
  return { key: "backup.days", days };
}
