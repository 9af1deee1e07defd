// Numbers as the reader of the current language writes them: `1.234,5` and
// `63%` in Dutch, `1,234.5` and `63%` in English. Figures come from the core;
// these functions only present them, never round a figure that is then reused.
//
// Written here rather than with `Intl.NumberFormat`: the first formatter made
// the page's process read in more of ICU's formatting library and its locale
// data (1.4 MiB over a tour of the screens), kept for as long as the vault is
// open, for separators and signs the message catalogue gives as well. The tests
// hold the results to ICU's own (Node's `Intl`) on thousands of values.
import { getLocale, t } from "../i18n/index.svelte";

/** A non-negative decimal as text: its integer and fraction digits. */
interface Digits {
  whole: string;
  fraction: string;
}

/**
 * `value`'s digits with the decimal point moved `shift` places to the right,
 * rounded to `maxDigits` decimals, half away from zero, without trailing zeros.
 * It works on the shortest text that reads back as `value` (what `String(value)`
 * gives), as ICU does, so `1.005` rounds to `1.01` although the binary double
 * lies just below it, and `0.575` is 57.5 per cent, not 57.49999….
 */
function roundedDigits(value: number, maxDigits: number, shift = 0): Digits {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(value)));
  if (!match) throw new RangeError(`Geen getal: ${value}`);
  const [, whole = "", fraction = "", exponent = "0"] = match;
  const all = whole + fraction;
  // Where the decimal point falls in `all`, once the exponent and the shift apply.
  const point = whole.length + Number(exponent) + shift;
  const padded = point <= 0 ? "0".repeat(1 - point) + all : all.padEnd(point, "0");
  const at = Math.max(point, 1);
  const kept = padded.slice(0, at + maxDigits).padEnd(at + maxDigits, "0");
  let digits = kept;
  if ((padded[at + maxDigits] ?? "0") >= "5") digits = increment(kept);
  const cut = digits.length - maxDigits;
  return {
    whole: digits.slice(0, cut).replace(/^0+(?=\d)/, ""),
    fraction: digits.slice(cut).replace(/0+$/, ""),
  };
}

/** A string of decimal digits plus one, carrying as far as needed. */
function increment(digits: string): string {
  const out = digits.split("");
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== "9") {
      out[i] = String(Number(out[i]) + 1);
      return out.join("");
    }
    out[i] = "0";
  }
  return "1" + out.join("");
}

/** The digits written out, without a sign: thousands grouped, the language's
 * decimal sign. */
function written(digits: Digits): string {
  const grouped = digits.whole.replace(/\B(?=(\d{3})+$)/g, t("format.groupSign"));
  return digits.fraction ? `${grouped}${t("format.decimalSign")}${digits.fraction}` : grouped;
}

/** Whether `value` is below zero once rounded to `digits`: -0.04 written with one
 * decimal is 0, not -0. */
function belowZero(value: number, digits: Digits): boolean {
  return value < 0 && /[1-9]/.test(digits.whole + digits.fraction);
}

/** The digits with a minus when the value is below zero. */
function signed(value: number, digits: Digits): string {
  return `${belowZero(value, digits) ? "-" : ""}${written(digits)}`;
}

function missing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || !Number.isFinite(value);
}

/** A count or measure; `maxDigits` decimals at most. Empty-handed values show a dash. */
export function formatNumber(value: number | null | undefined, maxDigits = 1): string {
  if (missing(value)) return "—";
  return signed(value, roundedDigits(value, maxDigits));
}

/** A share between 0 and 1 as a percentage. */
export function formatPercent(share: number | null | undefined, maxDigits = 0): string {
  if (missing(share)) return "—";
  return t("format.percent", { number: signed(share, roundedDigits(share, maxDigits, 2)) });
}

/** An amount in euros, whole euros. */
export function formatEuro(value: number | null | undefined): string {
  if (missing(value)) return "—";
  const digits = roundedDigits(value, 0);
  return t(belowZero(value, digits) ? "format.euroBelowZero" : "format.euro", { amount: written(digits) });
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
