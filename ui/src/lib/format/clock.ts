// The worker's wall clock: the local date and time of a moment.
//
// JavaScript's local-time methods (`getHours`, `getDate`, …) ask ICU for the time
// zone, and WebKit then keeps ICU's time-zone data in the page's memory for as
// long as the page lives. The app hands the page its zone instead, as the
// offsets from UTC over the years the page shows (the `local_clock` command, read
// from the system as the core reads its own "today"); with it, a local time is a
// UTC time shifted by the offset, and no local-time method is called. Before the
// table arrives, and for moments outside it, the page's own local time is used:
// costlier in memory, never wrong.

import type { LocalClock, ZoneStretch } from "../bindings";

const MINUTE = 60_000;

let stretches: ZoneStretch[] = [];
let untilMinute = -Infinity;

/** Takes the zone's table (`local_clock`); `null` goes back to JavaScript's local time. */
export function useLocalClock(clock: LocalClock | null): void {
  const list = clock?.stretches ?? [];
  const ordered = list.slice(1).every((s, i) => (list[i]?.fromMinute ?? Infinity) < s.fromMinute);
  const usable = clock !== null && list.length > 0 && ordered;
  stretches = usable ? list : [];
  untilMinute = usable ? clock.untilMinute : -Infinity;
}

/** Local time minus UTC in minutes at `ms`, or null where the table does not reach. */
function offsetAt(ms: number): number | null {
  const minute = Math.floor(ms / MINUTE);
  const first = stretches[0];
  if (!first || minute < first.fromMinute || minute >= untilMinute) return null;
  // The last stretch that starts at or before `minute`.
  let lo = 0;
  let hi = stretches.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((stretches[mid]?.fromMinute ?? Infinity) <= minute) lo = mid;
    else hi = mid - 1;
  }
  return stretches[lo]?.offsetMinutes ?? null;
}

/** A moment as the local clock shows it; `month` counts from 1. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
}

/** The local date and time at `ms` (milliseconds since 1970-01-01 UTC). */
export function wallClock(ms: number): WallClock {
  // Outside the table, JavaScript's own offset at that moment (ICU's zone).
  const offset = offsetAt(ms) ?? -new Date(ms).getTimezoneOffset();
  const shifted = new Date(ms + offset * MINUTE);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hours: shifted.getUTCHours(),
    minutes: shifted.getUTCMinutes(),
  };
}
