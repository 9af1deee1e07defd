import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendError, type RegionDone, type RegionPreview } from "../api";
import { fakeBackend } from "../testing/fake";
import { cleanup, click, find, render, settle, submit, type } from "../testing/render";
import MergeScreen from "./MergeScreen.svelte";

afterEach(cleanup);

const A = "/home/regio/ojg-a.json";
const B = "/home/regio/ojg-b.json";
const BAD = "/home/regio/notities.json";

const accepted = (path: string, records: number, id: string) => ({
  path,
  name: path.split("/").pop() ?? path,
  from: "2024-01",
  to: "2024-12",
  records,
  export_id: id,
  refused: null,
});

const region: RegionPreview["region"] = {
  from: "2024-01",
  to: "2024-12",
  granularity: "quarter",
  files: 2,
  records: 57,
  anonymisation: {
    k: 5,
    l: 2,
    k_reached: 6,
    l_reached: 2,
    records: 57,
    suppressed: 3,
    at_risk_before: 12,
    generalisation: [{ attribute: "age_band", level: "merged" }],
    loss: 0.1,
    practices_shown: 0,
    practices_hidden: 4,
  },
  aggregates: {
    tables: [
      {
        name: "referrals_by_period",
        title: "Aanmeldingen per gemeente en kwartaal",
        measure: "referrals",
        row_dimension: "municipality",
        column_dimension: "period",
        rows: [{ code: "GM0275", label: "Rheden" }],
        columns: [
          { code: "2024-Q1", label: "2024 kwartaal 1" },
          { code: "2024-Q2", label: "2024 kwartaal 2" },
        ],
        cells: [[45, null]],
        row_totals: [50],
        column_totals: [45, null],
        total: 50,
      },
    ],
    statistics: [
      {
        group: "GM0275",
        label: "Rheden",
        waiting_days_median: 12.5,
        waiting_days_p90: 30,
        duration_days_median: null,
        conversations_mean: 3.25,
        satisfaction_mean: null,
      },
    ],
    savings: null,
    withheld: [],
  },
};

const preview: RegionPreview = {
  files: [
    accepted(A, 31, "0190aaaa-1111-7000-8000-000000000001"),
    {
      path: BAD,
      name: "notities.json",
      from: null,
      to: null,
      records: null,
      export_id: null,
      refused: { rule: "not_json", message: "not JSON: expected value" },
    },
    accepted(B, 26, "0190bbbb-2222-7000-8000-000000000002"),
  ],
  region,
};

const done: RegionDone = {
  written: { path: "/home/regio/regio.json", files: 2, records: 57, bytes: 4096 },
  audited: false,
};

describe("merge screen", () => {
  it("lists every chosen file, a refused one with its rule in words, and the protected figures", async () => {
    const chooseFiles = vi.fn(async () => [A, BAD]);
    const mergePreview = vi.fn(async () => preview);
    const el = await render(fakeBackend({ chooseFiles, mergePreview }), MergeScreen, { onClose: () => {} });
    expect(el.querySelector("[data-testid=merge-figures]")).toBeNull();
    await click(el, "#merge-choose");
    expect((chooseFiles.mock.calls[0] as unknown[])[0]).toMatchObject({ extensions: ["json"] });
    // A path typed as well, added to the ones chosen.
    type(el, "#merge-path", B);
    await submit(el, "#merge-path");
    expect(mergePreview).toHaveBeenLastCalledWith([A, BAD, B]);

    const rows = el.querySelectorAll("[data-testid=merge-file]");
    expect(rows).toHaveLength(3);
    expect(rows[0]?.textContent).toContain("ojg-a.json");
    expect(rows[0]?.textContent).toContain("januari 2024 t/m december 2024");
    expect(rows[0]?.textContent).toContain("31");
    expect(rows[0]?.textContent).toContain("00000001");
    expect(rows[0]?.textContent).not.toContain("0190aaaa");
    expect(rows[1]?.querySelector("[data-testid=merge-refused]")?.textContent).toBe(
      "Niet meegenomen: Dit bestand is geen JSON.",
    );
    expect(rows[1]?.textContent).not.toContain("expected value");
    expect(rows[2]?.querySelector("[data-testid=merge-accepted]")).not.toBeNull();

    expect(find(el, "[data-testid=merge-summary]").textContent).toContain("2 exports met samen 57 records");
    const table = find(el, "table[data-table=referrals_by_period]");
    expect(table.textContent).toContain("45");
    expect(table.textContent).toContain("geheim");
    expect(find(el, "[data-testid=merge-legend]").textContent).toContain("veelvoud van 5");
    expect(find(el, "[data-testid=merge-anonymisation]").textContent).toContain("minstens 5 verschillende jeugdigen");
    const stats = find(el, "[data-testid=merge-statistics] tbody tr").textContent ?? "";
    expect(stats).toContain("Rheden");
    expect(stats).toContain("12,5");
    expect(stats).toContain("–");
    // No reasons per hidden cell: they would say which hidden cells are small.
    expect(el.querySelector("[data-testid=export-reasons]")).toBeNull();
  });

  it("writes the region file from the accepted files only, to the path typed", async () => {
    const mergePreview = vi.fn(async () => preview);
    const writeRegionFile = vi.fn(async () => done);
    const el = await render(fakeBackend({ mergePreview, writeRegionFile }), MergeScreen, { onClose: () => {} });
    for (const p of [A, BAD, B]) {
      type(el, "#merge-path", p);
      await submit(el, "#merge-path");
    }
    type(el, "#merge-out", "/home/regio/regio.json");
    await submit(el, "#merge-out");
    expect(writeRegionFile).toHaveBeenCalledWith([A, B], "/home/regio/regio.json");
    expect(find(el, "[data-testid=merge-done]").textContent).toContain("2 exports, 57 records");
    expect(find(el, "[data-testid=merge-done-path]").textContent).toBe("/home/regio/regio.json");
    // No vault open: nothing is said about one.
    expect(el.querySelector("[data-testid=merge-audited]")).toBeNull();
    expect(el.textContent).not.toMatch(/kluis|auditlog/i);
  });

  it("saves through the save dialog, says it was recorded, and shows a refusal beside the path", async () => {
    const mergePreview = vi.fn(async () => preview);
    const chooseSavePath = vi.fn(async () => "/home/regio/regio.json");
    const writeRegionFile = vi
      .fn<(paths: string[], out: string) => Promise<RegionDone>>()
      .mockRejectedValueOnce(
        new BackendError({ code: "invalid", message: "x", field: "out", rule: "overwrites_input" }),
      )
      .mockResolvedValueOnce({ ...done, audited: true });
    const el = await render(fakeBackend({ mergePreview, chooseSavePath, writeRegionFile }), MergeScreen, {
      onClose: () => {},
    });
    type(el, "#merge-path", A);
    await submit(el, "#merge-path");
    await click(el, "#merge-save-as");
    expect(writeRegionFile).toHaveBeenLastCalledWith([A, B], "/home/regio/regio.json");
    expect(find(el, "#merge-out-error").textContent).toContain("een van de exports die je samenvoegt");
    await click(el, "#merge-save-as");
    expect(find(el, "[data-testid=merge-audited]").textContent).toContain("auditlog");
    expect(el.querySelector("#merge-out-error")).toBeNull();
  });

  it("takes a file out again, and says so when none is left to merge", async () => {
    const onlyBad: RegionPreview = { files: [preview.files[1]!], region: null };
    const mergePreview = vi.fn(async (paths: string[]) => (paths.length === 2 ? preview : onlyBad));
    const onClose = vi.fn();
    const el = await render(fakeBackend({ mergePreview }), MergeScreen, { onClose });
    type(el, "#merge-path", A);
    await submit(el, "#merge-path");
    type(el, "#merge-path", BAD);
    await submit(el, "#merge-path");
    await click(el, "[data-testid=merge-file] button");
    expect(mergePreview).toHaveBeenLastCalledWith([BAD]);
    await settle();
    expect(el.querySelector("[data-testid=merge-figures]")).toBeNull();
    expect(find(el, "[data-testid=merge-none-accepted]").textContent).toContain("Geen van de gekozen exports");
    await click(el, "#merge-back");
    expect(onClose).toHaveBeenCalled();
  });
});
