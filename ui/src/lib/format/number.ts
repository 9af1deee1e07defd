// Numbers as the reader of the current language writes them: `1.234,5` and
// `63 %` in Dutch, `1,234.5` and `63%` in English. Figures come from the core;
// these functions only present them, never round a figure that is then reused.
import { getLocale } from "../i18n/index.svelte";
import { numberFormat } from "./intl";

/** A count or measure; `maxDigits` decimals at most. Empty-handed values show a dash. */
export function formatNumber(value: number | null | undefined, maxDigits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return numberFormat({ maximumFractionDigits: maxDigits }).format(value);
}

/** A share between 0 and 1 as a percentage. */
export function formatPercent(share: number | null | undefined, maxDigits = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  return numberFormat({ style: "percent", maximumFractionDigits: maxDigits }).format(share);
}

/** An amount in euros, whole euros. */
export function formatEuro(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return numberFormat({ style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(value);
}

/**
 * What the worker typed as a number: `2414`, `2.414`, `2.414,50`, `63,5`, `€ 2.414`
 * or `63 %`. In Dutch a comma is the decimal sign and dots in groups of three are
 * thousands; in English commas are thousands. `null` when it is not a number.
 */
export function parseNumber(text: string, locale = getLocale()): number | null {
  let s = text.replace(/[\s\u00a0€%]/g, "");
  if (s === "") return null;
  if (locale === "en") s = s.replace(/,/g, "");
  else if (s.includes(",")) s = s.replace(/\./g, "").replace(",", ".");
  else if (/^-?\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, "");
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}
