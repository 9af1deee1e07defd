// The merge screen's words: a chosen file's period, short export id and (when the
// core refused it) the rule in the reader's language; the region's summary line.
// Every check and figure is the core's; this only formats what it answered.

import type { FileCheck, RegionFigures } from "../api";
import { monthText } from "../format/month";
import { formatNumber } from "../format/number";
import { catalogues, getLocale, t, type MessageKey } from "../i18n/index.svelte";

/** A file's period, or "" when the core could not read it. */
export function periodText(file: Pick<FileCheck, "from" | "to">): string {
  if (!file.from || !file.to) return "";
  return t("merge.periodText", { from: monthText(file.from, "long"), to: monthText(file.to, "long") });
}

/**
 * The export id's last 8 characters: enough to tell two exports apart on screen.
 * Not its start: ids are time-ordered (UUID v7), so exports made the same day
 * share their first characters; the end is random.
 */
export function shortId(id: string | null): string {
  return id ? id.slice(-8) : "";
}

/** Why the core left a file out, in the reader's language (its English words when untranslated). */
export function refusalText(file: FileCheck): string {
  if (!file.refused) return "";
  const key = `rule.${file.refused.rule}`;
  return key in catalogues[getLocale()] ? t(key as MessageKey) : file.refused.message;
}

/** The files the core accepted, in the order chosen: what the region file is made from. */
export function acceptedPaths(files: FileCheck[]): string[] {
  return files.filter((f) => !f.refused).map((f) => f.path);
}

/** One line over the region: files, records, table periods. */
export function summaryLine(r: RegionFigures): string {
  return t("merge.summary", {
    files: formatNumber(r.files),
    records: formatNumber(r.records),
    granularity: t(`merge.granularity.${r.granularity}` as MessageKey),
    from: monthText(r.from, "long"),
    to: monthText(r.to, "long"),
  });
}

/** The statistics' columns, in the order the screen shows them. */
export const STATISTIC_COLUMNS = [
  "waiting_days_median",
  "waiting_days_p90",
  "duration_days_median",
  "conversations_mean",
  "satisfaction_mean",
] as const;

/** A median or mean as published: "–" where the core left it out (fewer than 10 values). */
export function statisticText(value: number | null): string {
  return value === null ? "–" : formatNumber(value, 1);
}
