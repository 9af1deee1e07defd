import { afterEach, describe, expect, it } from "vitest";
import type { ExportRecord, ExportTable } from "../api";
import { setLocale } from "../i18n/index.svelte";
import {
  anonymisationLines,
  cellNote,
  dimensionLabel,
  fieldDescription,
  hiddenReasons,
  previewKey,
  reasonText,
  sampleRows,
  suppressedCells,
  withheldText,
} from "./exporting";

describe("export preview", () => {
  it("needs a new preview when any choice changes", () => {
    const p = { from: "2024-01-01", to: "2024-03-31", level: "aggregate" as const, format: "csv" as const };
    expect(previewKey(p)).toBe(previewKey({ ...p }));
    expect(previewKey(p)).not.toBe(previewKey({ ...p, format: "json" }));
    expect(previewKey(p)).not.toBe(previewKey({ ...p, level: "records" }));
  });

  it("counts suppressed values as the core does: cells and every total", () => {
    const table: ExportTable = {
      name: "referrals",
      title: "Aanmeldingen",
      measure: "count",
      row_dimension: "gemeente",
      column_dimension: "kwartaal",
      rows: [],
      columns: [],
      cells: [
        [null, 12],
        [9, null],
      ],
      row_totals: [null, 20],
      column_totals: [15, null],
      total: 40,
    };
    expect(suppressedCells([table, { ...table, total: null }])).toBe(4 + 5);
  });

  it("says what anonymisation did: k and l, every level, what was left out", () => {
    const lines = anonymisationLines({
      k: 5,
      l: 2,
      k_reached: 6,
      l_reached: 2,
      records: 40,
      suppressed: 2,
      at_risk_before: 31,
      generalisation: [
        { attribute: "age_band", level: "merged" },
        { attribute: "referral_period", level: "quarter" },
      ],
      loss: 0.125,
      practices_shown: 1,
      practices_hidden: 2,
    });
    expect(lines).toEqual([
      "Elke groep records met dezelfde leeftijd, hetzelfde geslacht, dezelfde plaats, perioden, verwijzer en gezinssituatie gaat over minstens 5 verschillende jeugdigen (kleinste groep: 6); 40 trajecten bekeken.",
      "Elke groep afgesloten trajecten heeft minstens 2 verschillende uitstromen (minste: 2), zodat de groep de uitstroom niet verraadt.",
      "Zonder generalisatie zouden 31 records in een te kleine groep of een groep met één uitstroom zitten.",
      "Leeftijdsgroep: samengevoegd tot 0-11 en 12+",
      "Aanmelding: per kwartaal",
      "2 records zijn helemaal weggelaten.",
      "Informatieverlies: 12,5% (0% = alles zoals geregistreerd).",
      "Praktijken genoemd: 1; weggelaten (minder dan 10 trajecten): 2.",
    ]);
  });

  it("says so when nothing is left to export", () => {
    const lines = anonymisationLines({
      k: 5,
      l: 2,
      k_reached: null,
      l_reached: null,
      records: 3,
      suppressed: 3,
      at_risk_before: 3,
      generalisation: [],
      loss: 1,
      practices_shown: 0,
      practices_hidden: 1,
    });
    expect(lines[0]).toBe(
      "Geen groep records gaat over minstens 5 verschillende jeugdigen met 2 verschillende uitstromen: er blijven geen records over (3 trajecten bekeken).",
    );
  });

  it("shows sample records in the export's own columns", () => {
    const r = {
      pseudonym: "ab12",
      referral_period: "2024-01",
      closed_period: null,
      status_at_end: "active",
      practice: null,
      municipality: "GM0275",
      age_band: "4-11",
      gender: null,
      referrer: "gp",
      referrer_group: "medical",
      outcome: null,
      conversations: 2,
      waiting_weeks: 1,
      problem_areas: ["sleep"],
    } as unknown as ExportRecord;
    const s = sampleRows([r]);
    expect(s.columns[0]).toBe("pseudonym");
    expect(s.rows[0]).toEqual([
      "ab12",
      "2024-01",
      "",
      "active",
      "",
      "GM0275",
      "4-11",
      "",
      "gp",
      "medical",
      "",
      "2",
      "1",
    ]);
  });
});

describe("record column descriptions", () => {
  afterEach(() => setLocale("nl"));

  it("speak the worker's language and cover every column", () => {
    expect(fieldDescription("age_band")).toBe("leeftijdsgroep bij aanmelding (eventueel samengevoegd)");
    expect(fieldDescription("referrer_group")).toBe("groep verwijzers (medisch, onderwijs, sociaal, zelf, overig)");
    setLocale("en");
    expect(fieldDescription("age_band")).toBe("age band at referral (possibly merged)");
    expect(fieldDescription("family_size")).toBe("number of youths in the family (capped)");
    expect(fieldDescription("outcome")).toBe("a code from the fixed list, or a count");
  });
});

describe("cell reasons", () => {
  const table = {
    name: "referrals_by_gender",
    title: "t",
    measure: "referrals",
    row_dimension: "municipality",
    column_dimension: "gender",
    rows: [{ code: "GM0014", label: "GM0014" }],
    columns: [{ code: "x", label: "anders" }],
    cells: [[null]],
    row_totals: [15],
    column_totals: [null],
    total: 15,
  };
  const notes = [
    { table: "referrals_by_gender", row: "GM0014", column: "x", reason: "small" as const, protects: null },
    {
      table: "referrals_by_gender",
      row: "total",
      column: "x",
      reason: "protects" as const,
      protects: "referrals, GM0014, x, 2025-Q1",
    },
    { table: "referrals_by_gender", row: "GM0014", column: "total", reason: "rounded" as const, protects: null },
  ];

  it("finds the note of a cell and says why, in the worker's language", () => {
    expect(reasonText(cellNote(notes, "referrals_by_gender", "GM0014", "x"))).toBe("klein aantal (1 tot en met 7)");
    expect(reasonText(cellNote(notes, "referrals_by_gender", "GM0014", "total"))).toBe(
      "afgerond op een veelvoud van 5",
    );
    expect(reasonText(cellNote(notes, "referrals_by_gender", "total", "total"))).toBe("");
  });

  it("lists the hidden cells of a table with their reasons, not the rounded ones", () => {
    const list = hiddenReasons(notes, table);
    expect(list).toHaveLength(2);
    // The column is named from the code list, not by the core's label.
    expect(list[0]).toEqual({ where: "GM0014 × anders / X", why: "klein aantal (1 tot en met 7)" });
    expect(list[1]?.where).toBe("Totaal × anders / X");
    expect(list[1]?.why).toContain("referrals, GM0014, x, 2025-Q1");
    setLocale("en");
    expect(hiddenReasons(notes, table)[0]?.where).toBe("GM0014 × other / X");
    setLocale("nl");
  });
});

describe("tables by kern", () => {
  afterEach(() => setLocale("nl"));

  const kernTable = {
    name: "referrals_by_kern",
    title: "Aanmeldingen per kern en periode",
    measure: "referrals",
    row_dimension: "kern",
    column_dimension: "period",
    rows: [
      { code: "GM0275:Dieren", label: "Dieren (GM0275)" },
      { code: "GM0275:unknown", label: "kern onbekend (GM0275)" },
    ],
    columns: [{ code: "2025-Q1", label: "2025 kwartaal 1" }],
    cells: [[15], [null]],
    row_totals: [15, null],
    column_totals: [20],
    total: 20,
  };

  it("name the row dimension in the worker's language", () => {
    expect(dimensionLabel("kern")).toBe("Kern (gemeente)");
    expect(dimensionLabel("municipality")).toBe("Gemeente");
    setLocale("en");
    expect(dimensionLabel("kern")).toBe("Kern (municipality)");
    expect(dimensionLabel("practice")).toBe("Practice");
    expect(dimensionLabel("something_new")).toBe("something_new");
  });

  it("list the hidden kern cells with the kern and its municipality", () => {
    const notes = [
      {
        table: "referrals_by_kern",
        row: "GM0275:unknown",
        column: "2025-Q1",
        reason: "small" as const,
        protects: null,
      },
    ];
    expect(hiddenReasons(notes, kernTable)).toEqual([
      { where: "kern onbekend (GM0275) × 2025 kwartaal 1", why: "klein aantal (1 tot en met 7)" },
    ]);
  });

  it("say which tables by kern were left out, and nothing when none were", () => {
    expect(withheldText([])).toBe("");
    const text = withheldText([
      { code: "closed_by_kern_outcome", label: "Afgesloten trajecten per kern en uitstroom" },
    ]);
    expect(text).toContain("Afgesloten trajecten per kern en uitstroom");
    setLocale("en");
    expect(withheldText([{ code: "referrals_by_kern", label: "Aanmeldingen per kern en periode" }])).toMatch(
      /^Left out/,
    );
  });
});
