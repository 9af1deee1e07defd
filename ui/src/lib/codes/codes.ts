// Code labels come from assets/codes.json, the same file the core checks its
// code lists against; bundled at build time, so nothing is fetched.
import labels from "../../../../assets/codes.json";
import { getLocale } from "../i18n/index.svelte";

type Labels = Record<string, Record<string, { nl: string; en: string }>>;
const LISTS = labels as unknown as Labels;

export type CodeList =
  | "referrer"
  | "problem_area"
  | "triage"
  | "outcome"
  | "closure_reason"
  | "gender"
  | "urgency"
  | "participant"
  | "mode"
  | "intervention";

/** The label of a code in the current language; the code itself if unknown. */
export function codeLabel(list: CodeList, code: string | null | undefined): string {
  if (!code) return "";
  return LISTS[list]?.[code]?.[getLocale()] ?? code;
}

/** Every code of a list, in the file's order, with its label. */
export function codeOptions<C extends string = string>(list: CodeList): { code: C; label: string }[] {
  return Object.keys(LISTS[list] ?? {}).map((code) => ({ code: code as C, label: codeLabel(list, code) }));
}
