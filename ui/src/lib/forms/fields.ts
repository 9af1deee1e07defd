// What the worker typed in a form field, read as a value or as a field error.
// Every form reads dates and numbers here, in one way: dates as dd-mm-jjjj or
// ISO (`parseDate`), numbers as the reader's language writes them (`parseNumber`,
// so `2.414,50` in Dutch). Only the shape of the input is checked: whether a date
// may lie in the future or a number is in range is the core's rule, and its
// refusal is shown through `forms/errors.ts`.
import { parseDate } from "../format/date";
import { parseNumber } from "../format/number";
import { t, type MessageKey } from "../i18n/index.svelte";
import type { FieldErrors } from "./errors";

/** The kinds of typed input a form reads. */
export type Kind = "date" | "whole" | "decimal";

/** What a kind reads into: an ISO date (`2024-03-07`) or a number. */
export type Value<K extends Kind> = K extends "date" ? string : number;

export type Read<T> = { ok: true; value: T } | { ok: false; error: MessageKey };

const PARSE: { [K in Kind]: (text: string) => Value<K> | null } = {
  date: parseDate,
  whole: (text) => {
    const n = parseNumber(text);
    return n !== null && Number.isInteger(n) ? n : null;
  },
  decimal: (text) => parseNumber(text),
};

const NOT_READ: Record<Kind, MessageKey> = { date: "error.date", whole: "error.number", decimal: "error.number" };

/**
 * A required field: its value, or the error that it cannot be read (also when
 * it is empty). `error` replaces the kind's own message where a form has a
 * more helpful one.
 */
export function read<K extends Kind>(kind: K, text: string, error: MessageKey = NOT_READ[kind]): Read<Value<K>> {
  const value = PARSE[kind](text) as Value<K> | null;
  return value === null ? { ok: false, error } : { ok: true, value };
}

/** An optional field: `null` when left empty (or only spaces), else as `read`. */
export function readOptional<K extends Kind>(
  kind: K,
  text: string,
  error: MessageKey = NOT_READ[kind],
): Read<Value<K> | null> {
  return text.trim() === "" ? { ok: true, value: null } : read(kind, text, error);
}

type Values<S extends Record<string, Read<unknown>>> = { [F in keyof S]: S[F] extends Read<infer T> ? T : never };

/**
 * Several fields at once, keyed by the core's field names: every value, or the
 * translated error of every field that cannot be read, for the form to show
 * beside each one.
 */
export function readAll<S extends Record<string, Read<unknown>>>(
  fields: S,
): { ok: true; values: Values<S> } | { ok: false; errors: FieldErrors } {
  const values: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [field, r] of Object.entries(fields)) {
    if (r.ok) values[field] = r.value;
    else errors[field] = t(r.error);
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values: values as Values<S> };
}

/** The fields of a form that could not be read, thrown by `valuesOf`. */
export class Unread extends Error {
  readonly errors: FieldErrors;
  constructor(errors: FieldErrors) {
    super(Object.values(errors).join(" "));
    this.name = "Unread";
    this.errors = errors;
  }
}

/**
 * Like `readAll`, for a save that runs as one action: the values, or `Unread`
 * thrown, which `toFieldErrors` shows beside each field as it does the core's
 * own refusals.
 */
export function valuesOf<S extends Record<string, Read<unknown>>>(fields: S): Values<S> {
  const r = readAll(fields);
  if (!r.ok) throw new Unread(r.errors);
  return r.values;
}
