import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendError, type BackupFile, type RestoreDone } from "../api";
import { setLocale } from "../i18n/index.svelte";
import { fakeBackend } from "../testing/fake";
import { cleanup, click, find, render, submit, type } from "../testing/render";
import CreateVault from "./CreateVault.svelte";
import UnlockScreen from "./UnlockScreen.svelte";

afterEach(() => {
  cleanup();
  setLocale("nl");
});

const file: BackupFile = {
  path: "/media/usb/Spil back-ups/spil-backup-2026-11-25-100000.spilbak",
  name: "spil-backup-2026-11-25-100000.spilbak",
  kilobytes: 120,
  modifiedAt: "2026-11-25T09:00:00Z",
};
const done: RestoreDone = { backupCreatedAt: "2026-11-25T09:00:00Z", destructionsReapplied: 0, keptAside: null };
const wrong = () => new BackendError({ code: "wrong_passphrase", message: "wrong passphrase" });

describe("restoring on the unlock screen", () => {
  it("picks a listed backup, asks for confirmation, and opens the app", async () => {
    const restoreBackup = vi.fn(async () => done);
    const onUnlocked = vi.fn();
    const el = await render(fakeBackend({ listBackups: async () => [file], restoreBackup }), UnlockScreen, {
      onUnlocked,
    });
    expect(el.querySelector("#restore-path")).toBeNull();
    await click(el, "#start-restore");
    expect(el.querySelector("#passphrase")).toBeNull();
    expect(find(el, "h2").textContent).toBe("Back-up terugzetten");
    await click(el, "[data-testid=backup-files] button");
    expect(find<HTMLInputElement>(el, "#restore-path").value).toBe(file.path);
    type(el, "#restore-passphrase", "paard batterij niet plakband");
    type(el, "#restore-current", "kroket fluit wolkbreuk stoeptegel");
    await submit(el, "#restore-submit");
    expect(el.textContent).toContain("Bevestig eerst");
    expect(restoreBackup).not.toHaveBeenCalled();
    await click(el, "#restore-understand");
    await submit(el, "#restore-submit");
    expect(restoreBackup).toHaveBeenCalledWith(
      file.path,
      "paard batterij niet plakband",
      "kroket fluit wolkbreuk stoeptegel",
      false,
    );
    expect(find<HTMLInputElement>(el, "#restore-current").value).toBe("");
    expect(onUnlocked).toHaveBeenCalledOnce();
  });

  it("without today's passphrase, asks to keep the current vault aside", async () => {
    const restoreBackup = vi.fn(async () => ({
      ...done,
      keptAside: "/home/ojg/.local/share/nl.spil.app/vault-replaced-20261129-230000",
    }));
    const el = await render(fakeBackend({ listBackups: async () => [file], restoreBackup }), UnlockScreen, {
      onUnlocked: () => {},
    });
    await click(el, "#start-restore");
    await click(el, "[data-testid=backup-files] button");
    type(el, "#restore-passphrase", "paard batterij niet plakband");
    await click(el, "#restore-understand");
    expect(find<HTMLButtonElement>(el, "#restore-submit").disabled).toBe(true);
    await click(el, "#restore-keep-aside");
    expect(find<HTMLInputElement>(el, "#restore-current").disabled).toBe(true);
    expect(find<HTMLButtonElement>(el, "#restore-submit").disabled).toBe(false);
    await submit(el, "#restore-submit");
    expect(restoreBackup).toHaveBeenCalledWith(file.path, "paard batterij niet plakband", null, true);
  });

  it("shows a wrong passphrase in one line and stays locked", async () => {
    const onUnlocked = vi.fn();
    const el = await render(
      fakeBackend({
        listBackups: async () => [],
        restoreBackup: async () => {
          throw wrong();
        },
      }),
      UnlockScreen,
      { onUnlocked },
    );
    await click(el, "#start-restore");
    expect(el.textContent).toContain("Geen back-ups gevonden");
    type(el, "#restore-path", file.path);
    type(el, "#restore-passphrase", "een verkeerde zin");
    await click(el, "#restore-keep-aside");
    await click(el, "#restore-understand");
    await submit(el, "#restore-submit");
    const alert = find(el, "[role=alert]").textContent!;
    expect(alert).toBe("Onjuiste wachtwoordzin.");
    expect(find<HTMLInputElement>(el, "#restore-passphrase").value).toBe("");
    expect(onUnlocked).not.toHaveBeenCalled();
  });

  it("puts a missing file beside the path, in the chosen language", async () => {
    setLocale("en");
    const el = await render(
      fakeBackend({
        listBackups: async () => {
          throw new Error("no folder");
        },
        restoreBackup: async () => {
          throw new BackendError({
            code: "invalid",
            message: "there is no file at this path",
            field: "path",
            rule: "not_found",
          });
        },
      }),
      UnlockScreen,
      { onUnlocked: () => {} },
    );
    await click(el, "#start-restore");
    expect(el.querySelector("[data-testid=backup-files]")).toBeNull();
    type(el, "#restore-path", "/nowhere.spilbak");
    type(el, "#restore-passphrase", "x");
    type(el, "#restore-current", "y");
    await click(el, "#restore-understand");
    await submit(el, "#restore-submit");
    expect(find(el, "#restore-path-error").textContent).toContain("Not found: check the path");
    expect(find(el, "#restore-path").getAttribute("aria-invalid")).toBe("true");
  });

  it("goes back to unlocking when cancelled", async () => {
    const el = await render(fakeBackend({ listBackups: async () => [] }), UnlockScreen, {
      onUnlocked: () => {},
      notice: "Vergrendeld.",
    });
    await click(el, "#start-restore");
    await click(el, "#cancel-restore");
    expect(el.querySelector("#passphrase")).not.toBeNull();
    expect(el.textContent).toContain("Vergrendeld.");
  });
});

describe("restoring on the first-run screen", () => {
  it("needs no confirmation (nothing to lose) and opens the app", async () => {
    const restoreBackup = vi.fn(async () => done);
    const onCreated = vi.fn();
    const el = await render(fakeBackend({ listBackups: async () => [file], restoreBackup }), CreateVault, {
      onCreated,
    });
    expect(el.textContent).toContain("vorige laptop");
    await click(el, "#start-restore");
    expect(el.querySelector("#new-passphrase")).toBeNull();
    expect(el.querySelector("#restore-understand")).toBeNull();
    await click(el, "[data-testid=backup-files] button");
    type(el, "#restore-passphrase", "paard batterij niet plakband");
    await submit(el, "#restore-submit");
    expect(restoreBackup).toHaveBeenCalledOnce();
    expect(onCreated).toHaveBeenCalledOnce();
  });

  it("refuses a damaged file with the catalogue's words", async () => {
    const onCreated = vi.fn();
    const el = await render(
      fakeBackend({
        listBackups: async () => [file],
        restoreBackup: async () => {
          throw new BackendError({ code: "backup_damaged", message: "damaged: checksum" });
        },
      }),
      CreateVault,
      { onCreated },
    );
    await click(el, "#start-restore");
    await click(el, "[data-testid=backup-files] button");
    type(el, "#restore-passphrase", "paard batterij niet plakband");
    await submit(el, "#restore-submit");
    expect(find(el, "[role=alert]").textContent).toContain("geen bruikbare Spil-back-up");
    expect(el.textContent).not.toContain("checksum");
    expect(onCreated).not.toHaveBeenCalled();
  });
});
