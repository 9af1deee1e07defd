import { describe, expect, it, vi } from "vitest";
import { createIdleLock } from "./idle";

describe("idle auto-lock", () => {
  it("locks once after the idle minutes, and input postpones it", () => {
    let clock = 0;
    const onIdle = vi.fn();
    const idle = createIdleLock({ minutes: () => 5, onIdle, now: () => clock });
    clock = 4 * 60_000;
    expect(idle.check()).toBe(false);
    idle.touch();
    clock += 4 * 60_000;
    expect(idle.check()).toBe(false);
    clock += 60_000;
    expect(idle.check()).toBe(true);
    expect(idle.check()).toBe(false);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("locks at the first check after a long suspend", () => {
    let clock = 0;
    const onIdle = vi.fn();
    const idle = createIdleLock({ minutes: () => 5, onIdle, now: () => clock });
    clock = 3 * 3600_000;
    expect(idle.check()).toBe(true);
  });
});
