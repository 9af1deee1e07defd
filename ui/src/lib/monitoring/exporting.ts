// The export preview, written out for the worker: what k-anonymity did, the
// sample records as rows, how many aggregate cells read "geheim". Counts only
// what the core's preview holds; it decides nothing.

import type { Anonymisation, CellNote, ExportParams, ExportRecord, ExportTable } from "../api";
import { formatNumber } from "../format/number";
import { catalogues, t, type MessageKey } from "../i18n/index.svelte";

/** Identifies the choices a preview was made for; a changed choice needs a new preview. */
export function previewKey(p: ExportParams): string {
  return JSON.stringify([p.from, p.to, p.level, p.format, p.granularity, p.profile]);
}

/** What k-anonymity did, one sentence per effect (zeros left out except the first). */
export function anonymisationLines(a: Anonymisation): string[] {
  const n = (v: number) => formatNumber(v);
  const lines = [t("monitoring.export.anon.k", { k: n(a.k), records: n(a.records) })];
  const effects: [number, string][] = [
    [a.generalised_gender, "monitoring.export.anon.gender"],
    [a.generalised_age_band, "monitoring.export.anon.age"],
    [a.generalised_municipality, "monitoring.export.anon.municipality"],
    [a.generalised_outcome, "monitoring.export.anon.outcome"],
    [a.suppressed, "monitoring.export.anon.suppressed"],
  ];
  for (const [count, key] of effects) {
    if (count > 0) lines.push(t(key as "monitoring.export.anon.gender", { n: n(count) }));
  }
  lines.push(t("monitoring.export.anon.practices", { shown: n(a.practices_shown), hidden: n(a.practices_hidden) }));
  return lines;
}

/**
 * Suppressed values in the aggregate tables: cells, row and column totals and the
 * grand total, as the core counts them in an export's summary.
 */
export function suppressedCells(tables: ExportTable[]): number {
  return tables
    .map(
      (tb) =>
        [...tb.cells.flat(), ...tb.row_totals, ...tb.column_totals, tb.total].filter((c) => c === null).length,
    )
    .reduce((a, b) => a + b, 0);
}

const SAMPLE_COLUMNS: (keyof ExportRecord)[] = [
  "pseudonym",
  "referral_month",
  "closed_month",
  "status_at_end",
  "practice",
  "municipality",
  "age_band",
  "gender",
  "referrer",
  "outcome",
  "conversations",
  "waiting_weeks",
];

/** The first sample records as text, in the export's own column names. */
export function sampleRows(records: ExportRecord[]): { columns: string[]; rows: string[][] } {
  const text = (v: unknown) =>
    v === null || v === undefined ? "" : Array.isArray(v) ? v.join(";") : String(v);
  return {
    columns: SAMPLE_COLUMNS,
    rows: records.map((r) => SAMPLE_COLUMNS.map((c) => text(r[c]))),
  };
}

/** What a record column holds, in the worker's language (the core's text is Dutch). */
export function fieldDescription(name: string): string {
  const key = `monitoring.field.${name}`;
  return t((key in catalogues.nl ? key : "monitoring.field._other") as MessageKey);
}

/** The core's note on one cell of a table (`total` for a total), if any. */
export function cellNote(notes: CellNote[], table: string, row: string, column: string): CellNote | undefined {
  return notes.find((n) => n.table === table && n.row === row && n.column === column);
}

/** Why a cell is hidden or rounded, in the worker's language. */
export function reasonText(note: CellNote | undefined): string {
  if (!note) return "";
  switch (note.reason) {
    case "small":
      return t("monitoring.export.reason.small");
    case "protects":
      return t("monitoring.export.reason.protects", { cell: note.protects ?? "" });
    case "rounded":
      return t("monitoring.export.reason.rounded");
  }
}

/** The hidden cells of one table with why, for the list under the table. */
export function hiddenReasons(notes: CellNote[], table: ExportTable): { where: string; why: string }[] {
  const label = (list: { code: string; label: string }[], code: string) =>
    code === "total" ? t("monitoring.export.total") : (list.find((l) => l.code === code)?.label ?? code);
  return notes
    .filter((n) => n.table === table.name && n.reason !== "rounded")
    .map((n) => ({
      where: `${label(table.rows, n.row)} × ${label(table.columns, n.column)}`,
      why: reasonText(n),
    }));
}
