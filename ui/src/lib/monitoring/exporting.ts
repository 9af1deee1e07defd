// The export preview, written out for the worker: what anonymisation did, the
// sample records as rows, how many aggregate cells read "geheim". Counts only
// what the core's preview holds; it decides nothing.

import type { Anonymisation, CellNote, ExportParams, ExportRecord, ExportTable, ProfileInfo } from "../api";
import { formatNumber, formatPercent } from "../format/number";
import { catalogues, t, type MessageKey } from "../i18n/index.svelte";
import { dimensionValue, tableTitle } from "./labels";

/** Identifies the choices a preview was made for; a changed choice needs a new preview. */
export function previewKey(p: ExportParams): string {
  return JSON.stringify([p.from, p.to, p.level, p.format, p.granularity, p.profile]);
}

/**
 * What anonymisation did, one sentence each: k and l reached against what is
 * required, the level of every attribute, records left out, information loss.
 */
export function anonymisationLines(a: Anonymisation): string[] {
  const n = (v: number) => formatNumber(v);
  const lines =
    a.k_reached === null
      ? [t("monitoring.export.anon.none", { kMin: n(a.k), lMin: n(a.l), records: n(a.records) })]
      : [t("monitoring.export.anon.k", { kMin: n(a.k), k: n(a.k_reached), records: n(a.records) })];
  if (a.l_reached !== null) {
    lines.push(t("monitoring.export.anon.l", { lMin: n(a.l), l: n(a.l_reached) }));
  }
  lines.push(t("monitoring.export.anon.before", { n: n(a.at_risk_before) }));
  for (const g of a.generalisation) {
    lines.push(
      t("monitoring.export.anon.level", {
        attribute: t(`monitoring.export.attr.${g.attribute}` as MessageKey),
        level: t(`monitoring.export.lvl.${g.level}` as MessageKey),
      }),
    );
  }
  lines.push(t("monitoring.export.anon.suppressed", { n: n(a.suppressed) }));
  lines.push(t("monitoring.export.anon.loss", { loss: formatPercent(a.loss, 1) }));
  lines.push(t("monitoring.export.anon.practices", { shown: n(a.practices_shown), hidden: n(a.practices_hidden) }));
  return lines;
}

/**
 * Suppressed values in the aggregate tables: cells, row and column totals and the
 * grand total, as the core counts them in an export's summary.
 */
export function suppressedCells(tables: ExportTable[]): number {
  return tables
    .map((tb) => [...tb.cells.flat(), ...tb.row_totals, ...tb.column_totals, tb.total].filter((c) => c === null).length)
    .reduce((a, b) => a + b, 0);
}

const SAMPLE_COLUMNS: (keyof ExportRecord)[] = [
  "pseudonym",
  "referral_period",
  "closed_period",
  "status_at_end",
  "practice",
  "municipality",
  "age_band",
  "gender",
  "referrer",
  "referrer_group",
  "outcome",
  "conversations",
  "waiting_weeks",
];

/** The first sample records as text, in the export's own column names. */
export function sampleRows(records: ExportRecord[]): { columns: string[]; rows: string[][] } {
  const text = (v: unknown) => (v === null || v === undefined ? "" : Array.isArray(v) ? v.join(";") : String(v));
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

/** The heading of a table's row column: municipality, kern or practice. */
export function dimensionLabel(dimension: string): string {
  const key = `monitoring.export.dimension.${dimension}`;
  return key in catalogues.nl ? t(key as MessageKey) : dimension;
}

/** The tables by kern the core left out to keep the rest protected, or "" if none
 * (each named by its table name, `code`). */
export function withheldText(withheld: { code: string; label: string }[]): string {
  if (withheld.length === 0) return "";
  const names = withheld.map((w) => tableTitle({ name: w.code, title: w.label }));
  return t("monitoring.export.withheld", { tables: names.join(", ") });
}

/** The hidden cells of one table with why, for the list under the table. */
export function hiddenReasons(
  notes: CellNote[],
  table: ExportTable,
  profile: ProfileInfo | null = null,
): { where: string; why: string }[] {
  const label = (dimension: string, list: { code: string; label: string }[], code: string) => {
    if (code === "total") return t("monitoring.export.total");
    const found = list.find((l) => l.code === code);
    return found ? dimensionValue(dimension, found, profile) : code;
  };
  return notes
    .filter((n) => n.table === table.name && n.reason !== "rounded")
    .map((n) => ({
      where: `${label(table.row_dimension, table.rows, n.row)} × ${label(table.column_dimension, table.columns, n.column)}`,
      why: reasonText(n),
    }));
}
