import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendError, type ImportSummary } from "../api";
import { fakeBackend } from "../testing/fake";
import { cleanup, click, find, render, settle, submit, type } from "../testing/render";
import ImportScreen from "./ImportScreen.svelte";

afterEach(cleanup);

const done: ImportSummary = {
  rows: 2,
  trajectories_created: 2,
  youths_created: 2,
  practices_created: 1,
  already_present: 0,
};

describe("import screen", () => {
  it("takes the chosen workbook's path, offers its sheets and imports the one picked", async () => {
    const chooseFile = vi.fn(async () => "/home/ojg/caseload.xlsx");
    const workbookSheets = vi.fn(async () => ["Caseload 2024", "Oud"]);
    const importFile = vi.fn(async () => done);
    const el = await render(fakeBackend({ chooseFile, workbookSheets, importFile }), ImportScreen);
    expect(el.querySelector("#import-sheet")).toBeNull();
    await click(el, "#import-choose");
    const filter = (chooseFile.mock.calls[0] as unknown[])[0] as { extensions: string[] };
    expect(filter.extensions).toEqual(["xlsx", "csv", "txt"]);
    expect(find<HTMLInputElement>(el, "#import-path").value).toBe("/home/ojg/caseload.xlsx");
    expect(workbookSheets).toHaveBeenCalledWith("/home/ojg/caseload.xlsx");
    expect(find<HTMLSelectElement>(el, "#import-sheet").value).toBe("Caseload 2024");
    // As a user picks: the option becomes the selected one, then "change".
    find<HTMLOptionElement>(el, "#import-sheet option[value=Oud]").selected = true;
    find(el, "#import-sheet").dispatchEvent(new Event("change", { bubbles: true }));
    await submit(el, "#import-path");
    expect(importFile.mock.calls[0]?.slice(0, 2)).toEqual(["/home/ojg/caseload.xlsx", "Oud"]);
    expect(find(el, "[data-testid=import-done]").textContent).toContain("2");
  });

  it("keeps the sheet picked when the path field reports a change again", async () => {
    const workbookSheets = vi.fn(async () => ["Toelichting", "Caseload"]);
    const importFile = vi.fn(async () => done);
    const el = await render(fakeBackend({ workbookSheets, importFile }), ImportScreen);
    type(el, "#import-path", "/home/ojg/caseload.xlsx");
    find(el, "#import-path").dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    find<HTMLOptionElement>(el, "#import-sheet option[value=Caseload]").selected = true;
    find(el, "#import-sheet").dispatchEvent(new Event("change", { bubbles: true }));
    // Leaving the field (for the import button) fires "change" once more.
    find(el, "#import-path").dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(workbookSheets).toHaveBeenCalledTimes(2);
    expect(find<HTMLSelectElement>(el, "#import-sheet").value).toBe("Caseload");
    await submit(el, "#import-path");
    expect(importFile.mock.calls[0]?.slice(0, 2)).toEqual(["/home/ojg/caseload.xlsx", "Caseload"]);
  });

  it("imports a typed CSV path without a sheet, and shows the core's refusal in words", async () => {
    const workbookSheets = vi.fn(async () => []);
    const importFile = vi.fn(async () => {
      throw new BackendError({ code: "invalid", message: "x", field: "path", rule: "file_missing" });
    });
    const el = await render(fakeBackend({ workbookSheets, importFile }), ImportScreen);
    type(el, "#import-path", "/home/ojg/weg.csv");
    find(el, "#import-path").dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(workbookSheets).toHaveBeenCalledWith("/home/ojg/weg.csv");
    expect(el.querySelector("#import-sheet")).toBeNull();
    await submit(el, "#import-path");
    expect(importFile.mock.calls[0]?.slice(0, 2)).toEqual(["/home/ojg/weg.csv", null]);
    expect(find(el, "[role=alert]").textContent).toContain("Er staat geen bestand op dit pad");
  });
});
