import { describe, expect, it, vi } from "vitest";
import { createActivityReport } from "./activity";

describe("activity report", () => {
  it("reports once per check, and only after input", () => {
    const report = vi.fn(async () => null);
    const activity = createActivityReport(report);
    expect(activity.flush()).toBe(false);
    activity.touch();
    activity.touch();
    activity.touch();
    expect(report).not.toHaveBeenCalled();
    expect(activity.flush()).toBe(true);
    expect(report).toHaveBeenCalledTimes(1);
    expect(activity.flush()).toBe(false);
    activity.touch();
    expect(activity.flush()).toBe(true);
    expect(report).toHaveBeenCalledTimes(2);
  });

  it("a failed report is not the page's problem", async () => {
    const activity = createActivityReport(() => Promise.reject(new Error("geen verbinding")));
    activity.touch();
    expect(activity.flush()).toBe(true);
    await Promise.resolve();
  });
});
