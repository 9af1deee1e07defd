import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import { BackendError, type Backend } from "../api";
import { fakeBackend } from "../testing/fake";

// The whole shell runs here on a fake backend: no Tauri, no webview.
let app: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (app) unmount(app);
  document.body.innerHTML = "";
});

async function render(backend: Backend): Promise<HTMLElement> {
  const target = document.body.appendChild(document.createElement("div"));
  app = mount(App, { target, props: { backend } });
  for (let i = 0; i < 5; i++) await Promise.resolve();
  flushSync();
  return target;
}

const base = {
  appInfo: async () => ({ name: "Spil", version: "9.9.9", dataDir: "/tmp/kluis" }),
  getSettings: async () => ({
    language: "nl" as const,
    autoLockMinutes: 5,
    backupFolder: "/home/ojg/Documenten/Spil back-ups",
  }),
};

describe("shell", () => {
  it("shows the unlock screen when a vault exists, and where the data lives", async () => {
    const el = await render(fakeBackend({ ...base, vaultStatus: async () => ({ exists: true, unlocked: false }) }));
    expect(el.querySelector("header h1")?.textContent).toBe("Spil");
    expect(el.querySelector("main h2")?.textContent).toBe("Kluis ontgrendelen");
    expect(el.querySelector("footer")?.textContent).toContain("versie 9.9.9");
    expect(el.querySelector("[data-testid=data-dir]")?.textContent).toBe("/tmp/kluis");
  });

  it("offers to create a vault on first run, with the lost-passphrase warning", async () => {
    const el = await render(fakeBackend({ ...base, vaultStatus: async () => ({ exists: false, unlocked: false }) }));
    expect(el.querySelector("main h2")?.textContent).toBe("Nieuwe kluis maken");
    expect(el.querySelector(".warning")?.textContent).toContain("back-up");
  });

  it("opens the regional merge from the first screen, without a vault, and comes back", async () => {
    const el = await render(fakeBackend({ ...base, vaultStatus: async () => ({ exists: false, unlocked: false }) }));
    (el.querySelector("#open-merge") as HTMLButtonElement).click();
    flushSync();
    expect(el.querySelector("main h2")?.textContent).toBe("Regio samenvoegen");
    (el.querySelector("#merge-back") as HTMLButtonElement).click();
    flushSync();
    expect(el.querySelector("main h2")?.textContent).toBe("Nieuwe kluis maken");
  });

  it("locks: the caseload disappears and the vault is closed", async () => {
    const lockVault = vi.fn(async () => null);
    const el = await render(
      fakeBackend({
        ...base,
        vaultStatus: async () => ({ exists: true, unlocked: true }),
        practices: async () => [],
        caseload: async () => [],
        lockVault,
      }),
    );
    expect(el.querySelector("main h2")?.textContent).toBe("Overzicht");
    (el.querySelector("#lock") as HTMLButtonElement).click();
    flushSync();
    expect(lockVault).toHaveBeenCalled();
    expect(el.querySelector("main h2")?.textContent).toBe("Kluis ontgrendelen");
    expect(el.querySelector("nav")).toBeNull();
  });

  it("shows the backend's message when it fails", async () => {
    const el = await render(
      fakeBackend({
        ...base,
        vaultStatus: async () => ({ exists: true, unlocked: false }),
        appInfo: async () => {
          throw new BackendError({ code: "data_dir", message: "Map ontbreekt" });
        },
      }),
    );
    expect(el.querySelector("footer [role=alert]")?.textContent).toBe("Er ging iets mis: Map ontbreekt");
  });
});
