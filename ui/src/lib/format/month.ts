// A `YYYY-MM` month as the reader writes it, with the month's name from the
// message catalogue: `mrt 2024` and `maart 2024` in Dutch, `Mar 2024` and
// `March 2024` in English. Not `Intl.DateTimeFormat`, for the reason given in
// `number.ts`: ICU's formatting library would be read in for a month's name.
import { t } from "../i18n/index.svelte";

const MONTH = /^(\d{4})-(\d{2})$/;

/** `2024-03` → `mrt 2024` (`short`) or `maart 2024` (`long`); text that is not a
 * month comes back as it is. */
export function monthText(month: string, form: "short" | "long"): string {
  const match = MONTH.exec(month);
  const index = match ? Number(match[2]) - 1 : -1;
  const names = t(form === "short" ? "format.monthsShort" : "format.monthsLong").split(",");
  const name = names[index];
  if (!match || name === undefined) return month;
  return t("format.monthYear", { month: name, year: match[1] ?? "" });
}
