// Intl formatters for the current language, each made once. Making a formatter
// sets up ICU's tables for its language and style, outside the JavaScript heap;
// the monitoring screen formats hundreds of figures per visit, and one formatter
// per language and options serves them all. (Measured on the page's memory over a
// tour of the screens: no difference beyond the noise between launches.)
import { getLocale } from "../i18n/index.svelte";

/** The language tag the figures and dates are written in. */
function languageTag(): string {
  return getLocale() === "nl" ? "nl-NL" : "en-GB";
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cached<F>(formats: Map<string, F>, options: object, make: (tag: string) => F): F {
  const tag = languageTag();
  const key = `${tag} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = make(tag);
    formats.set(key, format);
  }
  return format;
}

/** The number formatter for these options in the current language. */
export function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(numberFormats, options, (tag) => new Intl.NumberFormat(tag, options));
}

/** The date formatter for these options in the current language. */
export function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(dateFormats, options, (tag) => new Intl.DateTimeFormat(tag, options));
}
