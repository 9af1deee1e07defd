// Dutch users read and type dates as dd-mm-jjjj. The core sends calendar dates
// as ISO `YYYY-MM-DD`; they are split as text, never parsed into a `Date`, so a
// time zone can never shift a referral to the day before.
import { wallClock } from "./clock";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DUTCH_DATE = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/;

/** `2024-03-07` → `07-03-2024`; a `Date` is shown on the local calendar. */
export function formatDate(value: string | Date): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError("Ongeldige datum");
    const { year, month, day } = wallClock(value.getTime());
    return [day, month]
      .map((n) => String(n).padStart(2, "0"))
      .concat(String(year).padStart(4, "0"))
      .join("-");
  }
  const match = ISO_DATE.exec(value);
  if (!match) throw new RangeError(`Geen datum (JJJJ-MM-DD): ${value}`);
  const [, year, month, day] = match;
  return `${day}-${month}-${year}`;
}

/** Like `formatDate`, for optional values: empty when there is none. */
export function formatOptionalDate(value: string | null | undefined): string {
  return value ? formatDate(value) : "";
}

/**
 * What the worker typed (`7-3-2024`, `07-03-2024`, `07.03.2024` or ISO) as ISO
 * `2024-03-07`; `null` when it is not a calendar date. Whether the date is
 * allowed (not in the future, after the referral) is the core's rule.
 */
export function parseDate(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  const iso = ISO_DATE.exec(s);
  const dutch = DUTCH_DATE.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dutch) [d, m, y] = [Number(dutch[1]), Number(dutch[2]), Number(dutch[3])];
  else return null;
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return null;
  }
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Today as dd-mm-jjjj, the default of most date fields. */
export function today(): string {
  return formatDate(new Date());
}
