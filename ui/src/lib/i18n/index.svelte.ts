// `$state` makes every `t()` call in a template re-render when the language changes.
import { en } from "./en";
import { nl, type MessageKey, type Messages } from "./nl";

export type Locale = "nl" | "en";
export type { MessageKey };

export const catalogues: Record<Locale, Messages> = { nl, en };

const current = $state<{ locale: Locale }>({ locale: "nl" });

export function getLocale(): Locale {
  return current.locale;
}

/** Switches the language, and the document's own: a screen reader then speaks
 * English text as English, and text marked `lang="nl"` (the GP letter) stays Dutch. */
export function setLocale(locale: Locale): void {
  current.locale = locale;
  if (typeof document !== "undefined") document.documentElement.lang = locale;
}

/** The message for `key` in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogues[current.locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
