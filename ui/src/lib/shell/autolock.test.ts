import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import App from "../../App.svelte";
import type { Backend } from "../api";
import { fakeBackend, fakeLockEvents } from "../testing/fake";

// The backend's own auto-lock, as the shell sees it: an event that the vault was
// locked, and the input the shell reports so the backend does not lock too soon.
let app: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (app) unmount(app);
  app = undefined;
  document.body.innerHTML = "";
  vi.useRealTimers();
});

async function render(backend: Backend): Promise<HTMLElement> {
  const target = document.body.appendChild(document.createElement("div"));
  app = mount(App, { target, props: { backend } });
  for (let i = 0; i < 5; i++) await Promise.resolve();
  flushSync();
  return target;
}

function open(extra: Partial<Backend> = {}): Partial<Backend> {
  return {
    appInfo: async () => ({ name: "Spil", version: "9.9.9", dataDir: "/tmp/kluis" }),
    getSettings: async () => ({ language: "nl", autoLockMinutes: 5, backupFolder: "/tmp/elders" }),
    vaultStatus: async () => ({ exists: true, unlocked: true }),
    practices: async () => [],
    caseload: async () => [],
    lockVault: async () => null,
    ...extra,
  };
}

describe("the backend's auto-lock", () => {
  it("shows the unlock screen with the auto-lock notice when the backend locked", async () => {
    const events = fakeLockEvents();
    const el = await render(fakeBackend(open({ onLocked: events.onLocked })));
    expect(el.querySelector("main h2")?.textContent).toBe("Overzicht");
    events.send({ reason: "idle", minutes: 7 });
    flushSync();
    expect(el.querySelector("main h2")?.textContent).toBe("Kluis ontgrendelen");
    expect(el.querySelector("nav")).toBeNull();
    expect(el.querySelector("main [role=status]")?.textContent).toBe("Vergrendeld na 7 minuten zonder gebruik.");
  });

  it("says so when the backend locked because the session was locked or the computer slept", async () => {
    const events = fakeLockEvents();
    const el = await render(fakeBackend(open({ onLocked: events.onLocked })));
    events.send({ reason: "session", minutes: 5 });
    flushSync();
    expect(el.querySelector("main h2")?.textContent).toBe("Kluis ontgrendelen");
    expect(el.querySelector("main [role=status]")?.textContent).toBe(
      "Vergrendeld omdat Windows werd vergrendeld of in slaapstand ging.",
    );
  });

  it("leaves a locked screen as it is, and stops listening when the shell goes", async () => {
    const events = fakeLockEvents();
    const el = await render(
      fakeBackend(open({ vaultStatus: async () => ({ exists: true, unlocked: false }), onLocked: events.onLocked })),
    );
    expect(events.listeners()).toBe(1);
    events.send({ reason: "idle", minutes: 5 });
    flushSync();
    expect(el.querySelector("main h2")?.textContent).toBe("Kluis ontgrendelen");
    expect(el.querySelector("main [role=status]")).toBeNull();
    unmount(app!);
    app = undefined;
    expect(events.listeners()).toBe(0);
  });

  it("reports input to the backend once per check of the idle timer", async () => {
    vi.useFakeTimers();
    const touchActivity = vi.fn(async () => null);
    await render(fakeBackend(open({ touchActivity })));
    vi.advanceTimersByTime(5_000);
    expect(touchActivity).not.toHaveBeenCalled();
    window.dispatchEvent(new Event("wheel"));
    window.dispatchEvent(new Event("keydown"));
    expect(touchActivity).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5_000);
    expect(touchActivity).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(touchActivity).toHaveBeenCalledTimes(1);
  });
});

describe("the warning before the idle lock", () => {
  it("warns in the last minute, goes away on input, and the lock comes only after the full period", async () => {
    vi.useFakeTimers();
    const lockVault = vi.fn(async () => null);
    const el = await render(fakeBackend(open({ lockVault })));
    const warning = () => el.querySelector("[data-testid=lock-soon]");
    // Five minutes: nothing for the first four, in steps of the five-second check.
    vi.advanceTimersByTime(235_000);
    flushSync();
    expect(warning()).toBeNull();
    vi.advanceTimersByTime(10_000);
    flushSync();
    expect(warning()?.getAttribute("role")).toBe("alert");
    expect(warning()?.textContent).toContain("Spil vergrendelt binnen een minuut");
    // "Doorwerken" is input: the warning goes, and the period starts again.
    (el.querySelector("#keep-working") as HTMLButtonElement).click();
    flushSync();
    expect(warning()).toBeNull();
    vi.advanceTimersByTime(235_000);
    flushSync();
    expect(warning()).toBeNull();
    expect(lockVault).not.toHaveBeenCalled();
    // Left alone after the warning, it locks.
    vi.advanceTimersByTime(70_000);
    flushSync();
    expect(lockVault).toHaveBeenCalled();
    expect(warning()).toBeNull();
  });
});
