// How a chart is laid out, apart from Svelte so it can be tested: bars as a
// share of the largest value, and a line chart's scale, ticks, points and paths
// in pixels. FigureChart.svelte draws the result as plain elements and SVG, which
// the page paints and prints as vectors, with nothing drawn by a script.

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
      text: value === null ? "–" : formatNumber(value),
      fraction: value === null || max === 0 ? 0 : Math.max(0, value) / max,
    };
  });
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

/** Room for the axis labels, in pixels; the text is about 12 px high. */
const CHAR = 7;
const LABEL_HEIGHT = 20;
const LEGEND_HEIGHT = 22;
const GAP = 8;

export interface LinePoint {
  x: number;
  y: number;
  /** For the series' tooltip: "mrt 2024: 12". */
  title: string;
}

export interface LineSeries {
  label: string;
  colour: string;
  /** Each later series is drawn wider and underneath the one before, so a line
   * that runs on top of another (the median equal to the 90 % figure) leaves the
   * other showing along its edges. */
  stroke: number;
  radius: number;
  /** SVG path data; a month without a value is stepped over, not drawn as 0. */
  path: string;
  /** Every point's dot, all in one SVG path: WebKit kept the memory of a
   * `<circle>` per point long after the screen closed (docs/PERFORMANCE.md). */
  dots: string;
  points: LinePoint[];
}

export interface LineLayout {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  yTicks: { y: number; text: string }[];
  xLabels: { x: number; text: string }[];
  series: LineSeries[];
  legend: boolean;
}

export const COLOURS = ["#0f766e", "#b45309", "#1d4ed8", "#7c3aed"];

/** Every series as a line over the labels, in a box of `width` × `height` pixels. */
export function lineLayout(data: ChartData, width: number, height: number): LineLayout {
  const values = data.series.flatMap((s) => s.data.filter((v): v is number => v !== null));
  const steps = ticks(Math.max(0, ...values));
  const top = steps[steps.length - 1] ?? 1;
  const legend = data.series.length > 1;
  const widest = Math.max(...steps.map((s) => formatNumber(s).length));
  // A month's label is centred on its point: the first and the last need half
  // their width beside the plot.
  const longest = Math.max(1, ...data.labels.map((l) => l.length)) * CHAR + GAP;
  const left = Math.max(widest * CHAR + GAP, longest / 2);
  const plot = {
    left,
    right: Math.max(left + 1, width - Math.max(GAP, longest / 2)),
    top: (legend ? LEGEND_HEIGHT : 0) + GAP,
    bottom: Math.max((legend ? LEGEND_HEIGHT : 0) + GAP + 1, height - LABEL_HEIGHT),
  };
  const n = data.labels.length;
  const span = plot.right - plot.left;
  const x = (i: number) => (n <= 1 ? plot.left + span / 2 : plot.left + (i * span) / (n - 1));
  const y = (v: number) => plot.bottom - (Math.max(0, v) / top) * (plot.bottom - plot.top);

  // Every k-th month gets its label, so that the labels do not overlap.
  const every = n <= 1 ? 1 : Math.max(1, Math.ceil(longest / (span / (n - 1))));
  const xLabels = data.labels.flatMap((text, i) => (i % every === 0 ? [{ x: x(i), text }] : []));

  const series = data.series.map((s, k) => {
    const points = s.data.flatMap((v, i) =>
      v === null ? [] : [{ x: x(i), y: y(v), title: `${data.labels[i]}: ${formatNumber(v)}` }],
    );
    const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)} ${round(p.y)}`).join(" ");
    const radius = 3 + k;
    return {
      label: s.label,
      colour: COLOURS[k % COLOURS.length] ?? "#000",
      stroke: 2 + 2 * k,
      radius,
      path,
      dots: points.map((p) => dot(p, radius)).join(" "),
      points,
    };
  });

  return {
    width,
    height,
    plot,
    yTicks: steps.map((s) => ({ y: y(s), text: formatNumber(s) })),
    xLabels,
    series,
    legend,
  };
}

/** A dot of `radius` around `p` as path data: two half circles. */
function dot(p: LinePoint, radius: number): string {
  const r = radius;
  return `M${round(p.x - r)} ${round(p.y)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
