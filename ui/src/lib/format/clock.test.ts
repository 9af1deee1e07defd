import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useLocalClock, wallClock } from "./clock";
import { formatDate, today } from "./date";
import { formatDateTime } from "./datetime";

const minute = (iso: string) => Date.parse(iso) / 60_000;

// Amsterdam from 2024 to the end of 2026, as the app's `local_clock` sends it:
// summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
// Sunday of October.
const [WINTER_2024, SUMMER_2024] = [
  { fromMinute: minute("2024-01-01T00:00:00Z"), offsetMinutes: 60 },
  { fromMinute: minute("2024-03-31T01:00:00Z"), offsetMinutes: 120 },
];
const AMSTERDAM = {
  stretches: [
    WINTER_2024,
    SUMMER_2024,
    { fromMinute: minute("2024-10-27T01:00:00Z"), offsetMinutes: 60 },
    { fromMinute: minute("2025-03-30T01:00:00Z"), offsetMinutes: 120 },
    { fromMinute: minute("2025-10-26T01:00:00Z"), offsetMinutes: 60 },
    { fromMinute: minute("2026-03-29T01:00:00Z"), offsetMinutes: 120 },
    { fromMinute: minute("2026-10-25T01:00:00Z"), offsetMinutes: 60 },
  ],
  untilMinute: minute("2027-01-01T00:00:00Z"),
};

/** The same moment as ICU's Amsterdam names it, through `Intl` with an explicit zone. */
const AMSTERDAM_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Amsterdam",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  hourCycle: "h23",
});
function byIcu(ms: number) {
  const part = (type: string) =>
    Number(AMSTERDAM_PARTS.formatToParts(ms).find((p) => p.type === type)?.value ?? Number.NaN);
  return { year: part("year"), month: part("month"), day: part("day"), hours: part("hour"), minutes: part("minute") };
}

describe("the local clock from the app's table", () => {
  let zone: string | undefined;
  beforeEach(() => {
    zone = process.env.TZ;
    process.env.TZ = "Europe/Amsterdam";
  });
  afterEach(() => {
    useLocalClock(null);
    vi.restoreAllMocks();
    vi.useRealTimers();
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("reads every moment as ICU's Amsterdam does, around each change and at random", () => {
    useLocalClock(AMSTERDAM);
    const moments: number[] = [];
    for (const s of AMSTERDAM.stretches) {
      for (const d of [-61, -1, 0, 1, 59, 60, 61]) moments.push((s.fromMinute + d) * 60_000);
    }
    // A fixed linear congruential sequence: the same moments every run.
    let seed = 20_261_202;
    const from = WINTER_2024.fromMinute * 60_000;
    const span = AMSTERDAM.untilMinute * 60_000 - from;
    for (let i = 0; i < 5_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      moments.push(from + Math.floor((seed / 2_147_483_648) * span));
    }
    for (const ms of moments) {
      if (ms < from) continue;
      expect(wallClock(ms), new Date(ms).toISOString()).toEqual(byIcu(ms));
    }
  });

  it("never asks JavaScript for local time inside the table", () => {
    useLocalClock(AMSTERDAM);
    for (const getter of [
      "getFullYear",
      "getMonth",
      "getDate",
      "getHours",
      "getMinutes",
      "getTimezoneOffset",
    ] as const) {
      vi.spyOn(Date.prototype, getter).mockImplementation(() => {
        throw new Error(`${getter} called`);
      });
    }
    expect(formatDateTime("2025-03-30T00:59:00.000Z")).toBe("30-03-2025 01:59");
    expect(formatDateTime("2025-03-30T01:00:00.000Z")).toBe("30-03-2025 03:00");
    expect(formatDateTime("2025-10-26T00:59:00Z")).toBe("26-10-2025 02:59");
    expect(formatDateTime("2025-10-26T01:00:00Z")).toBe("26-10-2025 02:00");
    expect(formatDate(new Date("2025-12-31T23:30:00Z"))).toBe("01-01-2026");
  });

  it("gives today's local date just after midnight", () => {
    useLocalClock(AMSTERDAM);
    vi.useFakeTimers({ toFake: ["Date"] });
    // 00:30 on 10 March in Amsterdam, still 9 March in UTC.
    vi.setSystemTime(new Date("2025-03-09T23:30:00Z"));
    expect(today()).toBe("10-03-2025");
  });

  it("falls back to JavaScript's local time outside the table, and without one", () => {
    useLocalClock(AMSTERDAM);
    const before = Date.parse("2023-07-01T12:00:00Z");
    const after = Date.parse("2027-07-01T12:00:00Z");
    expect(wallClock(before)).toEqual(byIcu(before));
    expect(wallClock(after)).toEqual(byIcu(after));
    expect(wallClock(after).hours).toBe(14);
    useLocalClock(null);
    const inside = Date.parse("2025-07-01T12:00:00Z");
    expect(wallClock(inside)).toEqual(byIcu(inside));
  });

  it("ignores a table that is empty or out of order", () => {
    const noon = Date.parse("2025-07-01T12:00:00Z");
    useLocalClock({ stretches: [], untilMinute: AMSTERDAM.untilMinute });
    expect(wallClock(noon)).toMatchObject({ hours: 14 });
    useLocalClock({
      stretches: [SUMMER_2024, { fromMinute: WINTER_2024.fromMinute, offsetMinutes: 0 }],
      untilMinute: AMSTERDAM.untilMinute,
    });
    expect(wallClock(noon)).toEqual(byIcu(noon));
  });
});
