// How a chart is laid out, apart from Svelte so it can be tested: bars as a
// share of the largest value, and a column chart's axis, columns and labels.
// FigureChart.svelte draws the result as plain elements, which the page paints
// and prints as vectors, with nothing drawn by a script.

import { formatNumber } from "../format/number";
import type { ChartData } from "./model";

/** One bar: its label, its value written out, and its length (0–1 of the longest). */
export interface Bar {
  label: string;
  text: string;
  fraction: number;
}

/** The first series as horizontal bars, the longest bar the largest value. */
export function bars(data: ChartData): Bar[] {
  const values = data.series[0]?.data ?? [];
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return data.labels.map((label, i) => {
    const value = values[i] ?? null;
    return {
      label,
      text: written(value),
      fraction: value === null || max === 0 ? 0 : Math.max(0, value) / max,
    };
  });
}

/** A chart's value written out; a dash where there is none. */
function written(value: number | null): string {
  return value === null ? "–" : formatNumber(value);
}

/**
 * Round steps for an axis from 0 to at least `max`: 1, 2 or 5 times a power of
 * ten, whole numbers only (the figures are counts and days), about `wanted` steps.
 */
export function ticks(max: number, wanted = 4): number[] {
  const top = Math.max(max, 1);
  const raw = top / wanted;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power);
  const count = Math.ceil(top / step);
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

/**
 * The narrowest plot a column chart gets, in rem: a chart's card is at least
 * 26rem wide (the `.charts` grid), less its padding and the axis' numbers.
 */
export const PLOT_REM = 20;
/** A column is at most this wide (rem); with many months they get narrower. */
export const COLUMN_MAX_REM = 0.75;
/** The month labels are 12 px type: about this wide per character, in rem. */
const CHAR_REM = 0.45;
/** Space between two month labels (rem). */
const LABEL_GAP_REM = 0.5;

/** One column: its height as a share (0–1) of the axis' top, and its colour. */
export interface Column {
  fraction: number;
  colour: string;
}

/** One label's columns, a column per series, and their figures written out. */
export interface ColumnGroup {
  label: string;
  /** Whether the label is written under the plot: with many months, every k-th. */
  labelled: boolean;
  /** For the tooltip: "mrt 2026: mediaan 12, 90e percentiel 30". */
  title: string;
  columns: Column[];
}

export interface ColumnLayout {
  /** The axis' steps from 0 up, each at its height (0–1) with its text. */
  ticks: { fraction: number; text: string }[];
  groups: ColumnGroup[];
  /** A swatch per series; empty for a single series, which the title names. */
  legend: { label: string; colour: string }[];
  /** Each column's width in rem: a label's columns and a gap fit its share of the plot. */
  columnRem: number;
}

export const COLOURS = ["#0f766e", "#b45309", "#1d4ed8", "#7c3aed"];

/**
 * Every series as vertical columns over the labels (the months), side by side
 * per label, on an axis from 0 in round steps. A month without a value gets no
 * column and a "–" in its tooltip, not a column of 0. Drawn as plain elements
 * (FigureChart.svelte), not SVG: the page's first SVG made WebKit's process keep
 * about 3 MiB more for as long as it lived (docs/PERFORMANCE.md).
 */
export function columnLayout(data: ChartData): ColumnLayout {
  const values = data.series.flatMap((s) => s.data.filter((v): v is number => v !== null));
  const steps = ticks(Math.max(0, ...values));
  const top = steps[steps.length - 1] ?? 1;
  const n = Math.max(1, data.labels.length);
  const perSeries = Math.max(1, data.series.length);
  const colour = (k: number) => COLOURS[k % COLOURS.length] ?? "#000";

  // Every k-th label is written, so that the labels do not overlap.
  const longest = Math.max(1, ...data.labels.map((l) => l.length)) * CHAR_REM + LABEL_GAP_REM;
  const every = Math.max(1, Math.ceil(longest / (PLOT_REM / n)));
  // A label's share of the plot holds its columns and a gap of half a column.
  const columnRem = Math.min(COLUMN_MAX_REM, PLOT_REM / n / (perSeries + 0.5));

  const groups = data.labels.map((label, i) => {
    const values = data.series.map((s) => s.data[i] ?? null);
    const figures = values.map((v, k) =>
      data.series.length > 1 ? `${data.series[k]?.label} ${written(v)}` : written(v),
    );
    return {
      label,
      labelled: i % every === 0,
      title: `${label}: ${figures.join(", ")}`,
      columns: values.map((v, k) => ({ fraction: v === null ? 0 : Math.max(0, v) / top, colour: colour(k) })),
    };
  });

  return {
    ticks: steps.map((s) => ({ fraction: s / top, text: formatNumber(s) })),
    groups,
    legend: data.series.length > 1 ? data.series.map((s, k) => ({ label: s.label, colour: colour(k) })) : [],
    columnRem: Math.round(columnRem * 1000) / 1000,
  };
}
