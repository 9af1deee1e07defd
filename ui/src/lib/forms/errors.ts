// Turns a backend failure into words for the user, and into the field it
// belongs to. The rule itself was checked by the core; the UI only translates.
import { BackendError } from "../api";
import { catalogues, getLocale, t, type MessageKey } from "../i18n/index.svelte";
import { Unread } from "./fields";

export interface Problem {
  /** The core's field name (e.g. `referral_date`), when the error is about one. */
  field: string | null;
  text: string;
}

function known(key: string): key is MessageKey {
  return key in catalogues[getLocale()];
}

/** What went wrong, translated by rule (validation) or code (anything else). */
export function describe(error: unknown): Problem {
  if (error instanceof BackendError) {
    if (error.code === "invalid" && error.rule) {
      const key = `rule.${error.rule}`;
      return { field: error.field, text: known(key) ? t(key) : error.message };
    }
    // A refused database says which check failed; its rule has the precise words.
    if (error.code === "database_refused" && error.rule && known(`rule.${error.rule}`)) {
      return { field: null, text: t(`rule.${error.rule}` as MessageKey) };
    }
    const key = `error.${error.code}`;
    return {
      field: error.field,
      text: known(key) ? t(key, { message: error.message }) : t("error.unexpected", { message: error.message }),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { field: null, text: t("error.unexpected", { message }) };
}

/** Errors keyed by field, plus `_form` for the rest: what a form shows where. */
export type FieldErrors = Record<string, string>;

export function toFieldErrors(error: unknown, fields: readonly string[]): FieldErrors {
  // Typed input the form could not read: already by field, in the reader's words.
  if (error instanceof Unread) return { ...error.errors };
  const p = describe(error);
  if (p.field && fields.includes(p.field)) return { [p.field]: p.text };
  return { _form: p.text };
}
