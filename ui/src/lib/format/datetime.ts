// Moments the core records (RFC 3339, UTC, e.g. audit events and backups) as a
// Dutch worker reads them: local date and time, `dd-mm-jjjj uu:mm`.
import { wallClock } from "./clock";
import { formatDate } from "./date";

/** `2026-11-25T13:05:00.000Z` → `25-11-2026 14:05` (in the Netherlands in winter). */
export function formatDateTime(value: string): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new RangeError(`Geen tijdstip: ${value}`);
  const { hours, minutes } = wallClock(at.getTime());
  const time = [hours, minutes].map((n) => String(n).padStart(2, "0")).join(":");
  return `${formatDate(at)} ${time}`;
}

/** Like `formatDateTime`, for optional values: empty when there is none. */
export function formatOptionalDateTime(value: string | null | undefined): string {
  return value ? formatDateTime(value) : "";
}
