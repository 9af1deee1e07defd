import { flushSync, mount, unmount, type Component } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendError, setBackend, type AuditEntry, type Backend, type BackupInfo } from "../api";
import { fakeBackend } from "../testing/fake";
import { submit } from "../testing/render";
import Host from "../testing/Host.svelte";
import AuditLogPanel from "./AuditLogPanel.svelte";
import BackupPanel from "./BackupPanel.svelte";
import BackupReminder from "./BackupReminder.svelte";
import DestroyFile from "./DestroyFile.svelte";

let app: ReturnType<typeof mount> | undefined;
afterEach(() => {
  if (app) unmount(app);
  app = undefined;
  document.body.innerHTML = "";
});

async function settle() {
  for (let i = 0; i < 12; i++) await Promise.resolve();
  flushSync();
}

async function render(backend: Backend, component: Component<any>, props: Record<string, unknown> = {}) {
  const target = document.body.appendChild(document.createElement("div"));
  app = mount(Host, { target, props: { backend, setBackend, component, props } });
  await settle();
  return target;
}

function type(el: HTMLElement, selector: string, value: string) {
  const input = el.querySelector(selector) as HTMLInputElement | HTMLSelectElement;
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
}

const never: BackupInfo = {
  lastBackupAt: null,
  daysSinceLast: null,
  reminderDays: 7,
  reminderDue: true,
  lastBackupPath: null,
  folder: "/media/usb/Spil back-ups",
};
const done = {
  path: "/media/usb/Spil back-ups/spil-backup-2026-11-25-100000.spilbak",
  kilobytes: 120,
  createdAt: "2026-11-25T09:00:00.000Z",
};
const after: BackupInfo = {
  ...never,
  lastBackupAt: done.createdAt,
  daysSinceLast: 0,
  reminderDue: false,
  lastBackupPath: done.path,
};

describe("backup panel", () => {
  it("makes a backup and shows when and where", async () => {
    let info = never;
    const makeBackup = vi.fn(async () => {
      info = after;
      return done;
    });
    const el = await render(
      fakeBackend({ backupInfo: async () => info, listBackups: async () => [], makeBackup }),
      BackupPanel,
      { onLocked: () => {} },
    );
    expect(el.querySelector("[data-testid=last-backup]")!.textContent).toContain("nog nooit");
    (el.querySelector("#make-backup") as HTMLButtonElement).click();
    await settle();
    expect(makeBackup).toHaveBeenCalledOnce();
    expect(el.querySelector("[data-testid=backup-done]")!.textContent).toContain(done.path);
    const last = el.querySelector("[data-testid=last-backup]")!.textContent!;
    expect(last).toContain("vandaag");
    expect(last).toContain(done.path);
  });

  it("refuses a damaged backup in one line and keeps the worker working", async () => {
    const onLocked = vi.fn();
    const el = await render(
      fakeBackend({
        backupInfo: async () => after,
        listBackups: async () => [
          { path: done.path, name: "spil-backup.spilbak", kilobytes: 120, modifiedAt: done.createdAt },
        ],
        restoreBackup: async () => {
          throw new BackendError({ code: "backup_damaged", message: "the backup is damaged" });
        },
        vaultStatus: async () => ({ exists: true, unlocked: true }),
      }),
      BackupPanel,
      { onLocked },
    );
    (el.querySelector("[data-testid=backup-files] button") as HTMLButtonElement).click();
    flushSync();
    expect((el.querySelector("#restore-path") as HTMLInputElement).value).toBe(done.path);
    type(el, "#restore-passphrase", "paard batterij niet plakband");
    type(el, "#restore-current", "kroket fluit wolkbreuk stoeptegel");
    await submit(el, "#restore-submit");
    expect(el.textContent).toContain("Bevestig eerst");
    (el.querySelector("#restore-understand") as HTMLInputElement).click();
    await submit(el, "#restore-submit");
    expect(el.querySelector("[role=alert]")!.textContent).toContain("geen bruikbare Spil-back-up");
    expect(onLocked).not.toHaveBeenCalled();
    expect((el.querySelector("#restore-passphrase") as HTMLInputElement).value).toBe("");
  });

  it("sends the worker to the unlock screen when a failed restore left the vault locked", async () => {
    const onLocked = vi.fn();
    const el = await render(
      fakeBackend({
        backupInfo: async () => after,
        listBackups: async () => [],
        restoreBackup: async () => {
          throw new BackendError({ code: "wrong_passphrase", message: "wrong passphrase" });
        },
        vaultStatus: async () => ({ exists: true, unlocked: false }),
      }),
      BackupPanel,
      { onLocked },
    );
    type(el, "#restore-path", done.path);
    type(el, "#restore-passphrase", "een verkeerde zin");
    type(el, "#restore-current", "kroket fluit wolkbreuk stoeptegel");
    (el.querySelector("#restore-understand") as HTMLInputElement).click();
    await submit(el, "#restore-submit");
    expect(onLocked).toHaveBeenCalledOnce();
    expect(onLocked.mock.calls[0]![0]).toContain("Onjuiste wachtwoordzin");
    expect(onLocked.mock.calls[0]![0]).toContain("niet veranderd");
  });
});

describe("backup reminder", () => {
  it("shows when due and not otherwise", async () => {
    const el = await render(fakeBackend({ backupInfo: async () => never }), BackupReminder, { onGo: () => {} });
    expect(el.querySelector("[data-testid=backup-reminder]")).not.toBeNull();
    unmount(app!);
    app = undefined;
    const quiet = await render(fakeBackend({ backupInfo: async () => after }), BackupReminder, { onGo: () => {} });
    expect(quiet.querySelector("[data-testid=backup-reminder]")).toBeNull();
  });
});

describe("destroying a file", () => {
  it("needs a reason and the typed word before it calls the core", async () => {
    const destroyYouth = vi.fn(async () => null);
    const onDestroyed = vi.fn();
    const el = await render(fakeBackend({ destroyYouth }), DestroyFile, {
      youthId: "y1",
      name: "Sanne Jansen",
      onDestroyed,
      onCancel: () => {},
    });
    expect(el.textContent).toContain("Sanne Jansen");
    await submit(el, "#destroy-submit");
    expect(el.textContent).toContain("Kies een reden.");
    type(el, "#destroy-reason", "request_by_parent");
    type(el, "#destroy-confirm", "ja");
    await submit(el, "#destroy-submit");
    expect(el.textContent).toContain("Typ ‘vernietigen’");
    expect(destroyYouth).not.toHaveBeenCalled();
    type(el, "#destroy-confirm", "Vernietigen");
    await submit(el, "#destroy-submit");
    expect(destroyYouth).toHaveBeenCalledWith("y1", "request_by_parent");
    expect(onDestroyed).toHaveBeenCalledOnce();
  });
});

describe("audit log", () => {
  const page = (from: number, n: number): AuditEntry[] =>
    Array.from({ length: n }, (_, i) => ({
      seq: from - i,
      at: "2026-11-25T10:00:00.000Z",
      actor: "ojg",
      action: "read",
      youth_id: "0193a2b4-7c1d-7000-8000-000000000000",
      trajectory_id: null,
      what: "trajectory",
    }));

  it("shows the chain status, pages back and filters by action", async () => {
    const auditLog = vi.fn(async (before: number | null, limit: number, _action: string | null) =>
      before === null ? page(120, limit) : page(before - 1, 3),
    );
    const el = await render(
      fakeBackend({ auditChainStatus: async () => ({ state: "intact", events: 120 }), auditLog }),
      AuditLogPanel,
    );
    expect(el.querySelector("[data-testid=chain-status]")!.textContent).toContain("120");
    const rows = () => el.querySelectorAll("[data-testid=audit-log] tbody tr").length;
    expect(rows()).toBe(50);
    expect(el.querySelector("[data-testid=audit-log]")!.textContent).toContain("0193a2b4");
    (el.querySelector("#log-more") as HTMLButtonElement).click();
    await settle();
    expect(auditLog).toHaveBeenLastCalledWith(71, 50, null);
    expect(rows()).toBe(53);
    expect(el.querySelector("#log-more")).toBeNull();
    type(el, "#log-action", "backup");
    await settle();
    expect(auditLog).toHaveBeenLastCalledWith(null, 50, "backup");
    expect(rows()).toBe(50);
  });

  it("shows the filtered page when the unfiltered one answers last", async () => {
    // The first page is slow; the worker picks a filter before it arrives.
    let releaseFirst: (entries: AuditEntry[]) => void = () => {};
    const first = new Promise<AuditEntry[]>((resolve) => (releaseFirst = resolve));
    const [one] = page(9, 1);
    const printed: AuditEntry = { ...one!, action: "print" };
    const auditLog = vi.fn(async (_before: number | null, _limit: number, action: string | null) =>
      action === null ? first : [printed],
    );
    const el = await render(
      fakeBackend({ auditChainStatus: async () => ({ state: "intact", events: 120 }), auditLog }),
      AuditLogPanel,
    );
    type(el, "#log-action", "print");
    await settle();
    releaseFirst(page(120, 50));
    await settle();
    const rows = el.querySelectorAll("[data-testid=audit-log] tbody tr");
    expect(rows.length).toBe(1);
  });

  it("warns when the chain is broken", async () => {
    const el = await render(
      fakeBackend({
        auditChainStatus: async () => ({ state: "broken", seq: 7, reason: "its contents were altered" }),
        auditLog: async () => [],
      }),
      AuditLogPanel,
    );
    expect(el.querySelector("[role=alert]")!.textContent).toContain("gebeurtenis 7");
  });
});
