// Words for what the core sends as codes: export tables, their rows and columns,
// periods and a region profile's categories. The core's own labels are Dutch (the
// files it writes are read by Dutch municipalities); on screen every code is
// labelled here, in the worker's language. Names of places and practices are
// names, and shown as the core gives them.
import type { ExportTable, ProfileInfo } from "../api";
import { codeLabel, type CodeList } from "../codes/codes";
import { catalogues, getLocale, t, type MessageKey } from "../i18n/index.svelte";

function known(key: string): key is MessageKey {
  return key in catalogues.nl;
}

/** A region profile's title in the current language. */
export function profileTitle(p: ProfileInfo | null | undefined): string {
  if (!p) return "";
  return getLocale() === "en" ? p.title_en : p.title;
}

/** A region category (outcome or referrer) in the current language; the core's
 * (Dutch) label when the profile is not known here. */
export function regionCategory(
  p: ProfileInfo | null | undefined,
  kind: "outcomes" | "referrers",
  code: string,
  fallback: string,
): string {
  if (code === "unknown") return t("monitoring.unknown");
  const c = p?.[kind].find((x) => x.code === code);
  if (!c) return fallback;
  return getLocale() === "en" ? c.en : c.nl;
}

/** An age band code (`4-11`, `18+`) as words: "4–11 jaar". */
export function ageBandLabel(code: string): string {
  return t("monitoring.ageBand", { band: code.replace("-", "–") });
}

/** An export period code: `2024-Q1`, `2024-H2`, else the code itself. */
export function periodLabel(code: string): string {
  const m = /^(\d{4})-([QH])([1-4])$/.exec(code);
  if (!m) return code;
  const [, year = "", kind, n = ""] = m;
  return t(kind === "Q" ? "monitoring.export.quarter" : "monitoring.export.halfYear", { year, n });
}

/** An export table's title, by its stable name. */
export function tableTitle(table: Pick<ExportTable, "name" | "title">): string {
  const key = `monitoring.export.table.${table.name}`;
  return known(key) ? t(key) : table.title;
}

const CODE_LISTS: Record<string, CodeList> = {
  referrer: "referrer",
  gender: "gender",
  triage: "triage",
  problem_area: "problem_area",
  outcome: "outcome",
};

/** A row or column of an export table: `dimension` says what its codes are. */
export function dimensionValue(
  dimension: string,
  value: { code: string; label: string },
  profile: ProfileInfo | null | undefined,
): string {
  const { code, label } = value;
  if (code === "unknown") return t("monitoring.unknown");
  const list = CODE_LISTS[dimension];
  if (list) return codeLabel(list, code);
  switch (dimension) {
    case "period":
      return periodLabel(code);
    case "age_band":
      return ageBandLabel(code);
    case "conversations":
      return t("monitoring.export.conversations", { n: code });
    case "region_outcome":
      return regionCategory(profile, "outcomes", code, label);
    case "practice":
      // Practices too small to show alone are counted together.
      return code === "other" ? t("monitoring.export.otherPractices") : label;
    default:
      // Municipalities, kernen and practices: names.
      return label;
  }
}

/** The group of a published statistic: the whole export, a municipality, or unknown. */
export function statisticGroup(s: { group: string; label: string }): string {
  if (s.group === "total") return t("monitoring.export.total");
  if (s.group === "unknown") return t("monitoring.unknown");
  return s.label;
}
