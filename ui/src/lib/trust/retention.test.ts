import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendError, type RetentionList } from "../api";
import { fakeBackend } from "../testing/fake";
import { cleanup, find, render, settle, submit, type } from "../testing/render";
import RetentionPanel from "./RetentionPanel.svelte";

afterEach(cleanup);

describe("the retention term", () => {
  it("is the vault's, shown and changed through the backend, which checks it", async () => {
    let years = 20;
    const setRetentionYears = vi.fn(async (n: number) => {
      if (n < 20)
        throw new BackendError({
          code: "invalid",
          message: "at least 20",
          field: "retention_years",
          rule: "out_of_range",
        });
      years = n;
      return null;
    });
    const retentionDue = async (): Promise<RetentionList> => ({ years, items: [] });
    const el = await render(fakeBackend({ retentionDue, setRetentionYears }), RetentionPanel);
    expect(find<HTMLInputElement>(el, "#retention-years").value).toBe("20");
    type(el, "#retention-years", "1");
    await submit(el, "#retention-years-save");
    expect(setRetentionYears).toHaveBeenCalledWith(1);
    expect(el.querySelector(".field-error")).not.toBeNull();
    type(el, "#retention-years", "25");
    await submit(el, "#retention-years-save");
    await settle();
    expect(setRetentionYears).toHaveBeenLastCalledWith(25);
    expect(find(el, "[data-testid=retention-none]").textContent).toContain("25");
  });
});
