import { describe, expect, it } from "vitest";
import { bars, COLUMN_MAX_REM, columnLayout, PLOT_REM, ticks } from "./chart";
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

describe("columnLayout", () => {
  const months = Array.from({ length: 36 }, (_, i) => `mnd ${String(i + 1).padStart(2, "0")} 2026`);
  const median = months.map((_, i) => (i % 5 === 3 ? null : i));
  const p90 = months.map((_, i) => (i % 5 === 3 ? null : 2 * i + 1));
  const layout = columnLayout(chart(months, median, p90));

  it("gives each month a column per series, as high as its value on the axis", () => {
    expect(layout.groups).toHaveLength(months.length);
    const top = Number(layout.ticks[layout.ticks.length - 1]!.text);
    expect(top).toBeGreaterThanOrEqual(Math.max(...p90.map((v) => v ?? 0)));
    layout.groups.forEach((g, i) => {
      expect(g.columns).toHaveLength(2);
      expect(g.columns[0]!.fraction).toBeCloseTo((median[i] ?? 0) / top, 10);
      expect(g.columns[1]!.fraction).toBeCloseTo((p90[i] ?? 0) / top, 10);
      for (const c of g.columns) {
        expect(c.fraction).toBeGreaterThanOrEqual(0);
        expect(c.fraction).toBeLessThanOrEqual(1);
      }
    });
    // The axis runs from 0 at the bottom to its top step at the top.
    expect(layout.ticks[0]).toEqual({ fraction: 0, text: "0" });
    expect(layout.ticks[layout.ticks.length - 1]?.fraction).toBe(1);
  });

  it("writes each month's figures in its tooltip, a dash where there is none", () => {
    expect(layout.groups[2]?.title).toBe("mnd 03 2026: reeks 0 2, reeks 1 5");
    // The fourth month has no value: no column, and no 0 in its tooltip.
    expect(layout.groups[3]?.title).toBe("mnd 04 2026: reeks 0 –, reeks 1 –");
    expect(layout.groups[3]?.columns.map((c) => c.fraction)).toEqual([0, 0]);
    expect(columnLayout(chart(["jan"], [1234])).groups[0]?.title).toBe("jan: 1.234");
  });

  it("labels as many months as fit on the narrowest plot without overlapping", () => {
    const labelled = layout.groups.filter((g) => g.labelled);
    expect(layout.groups[0]?.labelled).toBe(true);
    expect(labelled.length).toBeGreaterThan(3);
    const every = layout.groups.findIndex((g, i) => i > 0 && g.labelled);
    // A label has `every` months' share of the plot: room for its characters.
    expect((every * PLOT_REM) / months.length).toBeGreaterThanOrEqual("mnd 36 2026".length * 0.45);
    // A year's months as the screen writes them: every third month.
    const names = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
    const year = columnLayout(
      chart(
        names.map((m) => `${m} 2026`),
        names.map(() => 1),
      ),
    );
    expect(year.groups.filter((g) => g.labelled).map((g) => g.label)).toEqual([
      "jan 2026",
      "apr 2026",
      "jul 2026",
      "okt 2026",
    ]);
  });

  it("makes the columns narrower with more months, so that they fit the plot", () => {
    for (const n of [1, 6, 12, 24, 36, 60]) {
      const l = columnLayout(
        chart(
          months.slice(0, Math.min(n, 36)).concat(Array(Math.max(0, n - 36)).fill("x")),
          Array(n).fill(1),
          Array(n).fill(2),
        ),
      );
      expect(l.columnRem).toBeGreaterThan(0);
      expect(l.columnRem).toBeLessThanOrEqual(COLUMN_MAX_REM);
      expect(n * 2 * l.columnRem).toBeLessThanOrEqual(PLOT_REM);
    }
    expect(columnLayout(chart(["a"], [1])).columnRem).toBe(COLUMN_MAX_REM);
  });

  it("shows a legend only for more than one series, in distinct colours", () => {
    expect(layout.legend.map((l) => l.label)).toEqual(["reeks 0", "reeks 1"]);
    expect(new Set(layout.legend.map((l) => l.colour)).size).toBe(2);
    expect(layout.groups[5]?.columns.map((c) => c.colour)).toEqual(layout.legend.map((l) => l.colour));
    expect(columnLayout(chart(["a", "b"], [1, 2])).legend).toEqual([]);
  });

  it("survives no values at all", () => {
    const none = columnLayout(chart(["jan", "feb"], [null, null]));
    expect(none.ticks.map((t) => t.text)).toEqual(["0", "1"]);
    expect(none.groups.flatMap((g) => g.columns.map((c) => c.fraction))).toEqual([0, 0]);
  });
});
