import { describe, expect, it } from "vitest";
import { bars, lineLayout, ticks } from "./chart";
import type { ChartData } from "./model";

function chart(labels: string[], ...series: (number | null)[][]): ChartData {
  return {
    labels,
    series: series.map((data, i) => ({ label: `reeks ${i}`, data })),
    table: { columns: [], rows: [] },
  };
}

describe("ticks", () => {
  it("steps in whole 1, 2 or 5 times a power of ten, from 0 past the largest value", () => {
    expect(ticks(0)).toEqual([0, 1]);
    expect(ticks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(ticks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(ticks(100)).toEqual([0, 50, 100]);
    for (let max = 0; max <= 5000; max += 7) {
      const t = ticks(max);
      const step = t[1]! - t[0]!;
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 5]).toContain(mantissa);
      expect(t[0]).toBe(0);
      expect(t[t.length - 1]).toBeGreaterThanOrEqual(max);
      expect(t[t.length - 2]!).toBeLessThan(Math.max(max, 1));
      expect(t.length).toBeLessThanOrEqual(11);
    }
  });
});

describe("bars", () => {
  it("makes the largest value the longest bar and writes each value out", () => {
    const b = bars(chart(["a", "b", "c", "d"], [10, 5, 0, null]));
    expect(b.map((x) => x.fraction)).toEqual([1, 0.5, 0, 0]);
    expect(b.map((x) => x.text)).toEqual(["10", "5", "0", "–"]);
    expect(b.map((x) => x.label)).toEqual(["a", "b", "c", "d"]);
  });

  it("draws no bar when every value is 0", () => {
    expect(bars(chart(["a", "b"], [0, 0])).map((x) => x.fraction)).toEqual([0, 0]);
  });

  it("writes thousands the Dutch way", () => {
    expect(bars(chart(["a"], [12345]))[0]?.text).toBe("12.345");
  });
});

describe("lineLayout", () => {
  const months = Array.from({ length: 36 }, (_, i) => `mnd ${String(i + 1).padStart(2, "0")} 2026`);
  const median = months.map((_, i) => (i % 5 === 3 ? null : i));
  const p90 = months.map((_, i) => (i % 5 === 3 ? null : 2 * i + 1));
  const layout = lineLayout(chart(months, median, p90), 600, 224);

  it("keeps every point and tick inside the plot", () => {
    const { plot } = layout;
    for (const p of layout.series.flatMap((s) => s.points)) {
      expect(p.x).toBeGreaterThanOrEqual(plot.left);
      expect(p.x).toBeLessThanOrEqual(plot.right);
      expect(p.y).toBeGreaterThanOrEqual(plot.top);
      expect(p.y).toBeLessThanOrEqual(plot.bottom);
    }
    expect(layout.yTicks[0]?.y).toBe(plot.bottom);
    expect(layout.yTicks[layout.yTicks.length - 1]?.y).toBe(plot.top);
  });

  it("steps over a month without a value instead of drawing it as 0", () => {
    const points = layout.series[0]!.points;
    expect(points).toHaveLength(months.length - 7);
    expect(layout.series[0]!.path.match(/[ML]/g)).toHaveLength(points.length);
    // One dot per point, all in one path, each centred on its point.
    const dots = [...layout.series[0]!.dots.matchAll(/M(-?[\d.]+) (-?[\d.]+)a(\d+)/g)];
    expect(dots).toHaveLength(points.length);
    dots.forEach((d, i) => {
      expect(Number(d[1]) + Number(d[3])).toBeCloseTo(points[i]!.x, 0);
      expect(Number(d[2])).toBeCloseTo(points[i]!.y, 0);
    });
    expect(points.every((p) => p.y < layout.plot.bottom || p.title.endsWith(": 0"))).toBe(true);
  });

  it("labels as many months as fit without overlapping", () => {
    const xs = layout.xLabels.map((l) => l.x);
    const room = "mnd 36 2026".length * 7;
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(room);
    expect(layout.xLabels[0]?.text).toBe("mnd 01 2026");
    // Centred on their points, the first and the last label stay inside the box.
    for (const l of layout.xLabels) {
      expect(l.x - room / 2).toBeGreaterThanOrEqual(0);
      expect(l.x + room / 2).toBeLessThanOrEqual(layout.width);
    }
    expect(layout.xLabels.length).toBeGreaterThan(3);
  });

  it("shows a legend only for more than one line, in distinct colours", () => {
    expect(layout.legend).toBe(true);
    expect(new Set(layout.series.map((s) => s.colour)).size).toBe(2);
    // A line on top of another leaves the other showing: the second is wider.
    expect(layout.series[1]!.stroke).toBeGreaterThan(layout.series[0]!.stroke);
    expect(layout.series[1]!.radius).toBeGreaterThan(layout.series[0]!.radius);
    expect(lineLayout(chart(["a", "b"], [1, 2]), 600, 224).legend).toBe(false);
  });

  it("puts a single month in the middle and survives no values at all", () => {
    const one = lineLayout(chart(["jan"], [4]), 600, 224);
    expect(one.series[0]?.points[0]?.x).toBe((one.plot.left + one.plot.right) / 2);
    const none = lineLayout(chart(["jan", "feb"], [null, null]), 600, 224);
    expect(none.series[0]?.path).toBe("");
    expect(none.yTicks.map((t) => t.text)).toEqual(["0", "1"]);
  });
});
