import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/index.svelte";
import { toFieldErrors } from "./errors";
import { read, readAll, readOptional, valuesOf } from "./fields";

describe("reading a typed field", () => {
  afterEach(() => setLocale("nl"));

  it("reads dates as dd-mm-jjjj or ISO, and names an impossible one", () => {
    expect(read("date", " 7-3-2024 ")).toEqual({ ok: true, value: "2024-03-07" });
    expect(read("date", "2024-03-07")).toEqual({ ok: true, value: "2024-03-07" });
    expect(read("date", "31-02-2024")).toEqual({ ok: false, error: "error.date" });
    expect(read("date", "")).toEqual({ ok: false, error: "error.date" });
  });

  it("reads whole numbers and refuses a fraction or a word", () => {
    expect(read("whole", " 45 ")).toEqual({ ok: true, value: 45 });
    expect(read("whole", "0")).toEqual({ ok: true, value: 0 });
    expect(read("whole", "-3")).toEqual({ ok: true, value: -3 });
    expect(read("whole", "45,5")).toEqual({ ok: false, error: "error.number" });
    expect(read("whole", "45.5")).toEqual({ ok: false, error: "error.number" });
    expect(read("whole", "drie kwartier")).toEqual({ ok: false, error: "error.number" });
    expect(read("whole", "")).toEqual({ ok: false, error: "error.number" });
  });

  it("reads decimals with the Dutch comma, and the English point in English", () => {
    expect(read("decimal", "12,5")).toEqual({ ok: true, value: 12.5 });
    expect(read("decimal", "2.414,50")).toEqual({ ok: true, value: 2414.5 });
    expect(read("decimal", "veel")).toEqual({ ok: false, error: "error.number" });
    setLocale("en");
    expect(read("decimal", "12.5")).toEqual({ ok: true, value: 12.5 });
    expect(read("decimal", "2,414.50")).toEqual({ ok: true, value: 2414.5 });
  });

  it("leaves ranges to the core: a share of 120 % or a date far ahead is read as typed", () => {
    expect(read("decimal", "120")).toEqual({ ok: true, value: 120 });
    expect(read("whole", "-1")).toEqual({ ok: true, value: -1 });
    expect(read("date", "01-01-2999")).toEqual({ ok: true, value: "2999-01-01" });
  });

  it("gives null for an empty optional field and reads it otherwise", () => {
    expect(readOptional("whole", "  ")).toEqual({ ok: true, value: null });
    expect(readOptional("date", "")).toEqual({ ok: true, value: null });
    expect(readOptional("date", "1-2-2024")).toEqual({ ok: true, value: "2024-02-01" });
    expect(readOptional("decimal", "x")).toEqual({ ok: false, error: "error.number" });
  });

  it("uses a form's own message when it has one", () => {
    expect(read("decimal", "veel", "monitoring.savings.shareInvalid")).toEqual({
      ok: false,
      error: "monitoring.savings.shareInvalid",
    });
  });
});

describe("reading a form's fields", () => {
  afterEach(() => setLocale("nl"));

  it("gives every value under its field name", () => {
    const r = readAll({ date: read("date", "07-03-2024"), minutes: readOptional("whole", "") });
    expect(r).toEqual({ ok: true, values: { date: "2024-03-07", minutes: null } });
  });

  it("names every field that cannot be read, in the reader's language", () => {
    const fields = { referral_date: read("date", "gisteren"), birth_date: readOptional("date", "30-02-2010") };
    expect(readAll(fields)).toEqual({
      ok: false,
      errors: { referral_date: "Geen geldige datum (dd-mm-jjjj).", birth_date: "Geen geldige datum (dd-mm-jjjj)." },
    });
    setLocale("en");
    expect(readAll({ minutes: read("whole", "x"), date: read("date", "2024-03-07") })).toEqual({
      ok: false,
      errors: { minutes: "Not a valid number." },
    });
  });
});

describe("reading a form's fields inside a save", () => {
  it("gives the values, or throws what the form shows beside each field", () => {
    expect(valuesOf({ date: read("date", "1-2-2024") })).toEqual({ date: "2024-02-01" });
    let thrown: unknown;
    try {
      valuesOf({ closed_date: read("date", "morgen"), satisfaction: readOptional("whole", "7,5") });
    } catch (e) {
      thrown = e;
    }
    expect(toFieldErrors(thrown, ["closed_date"])).toEqual({
      closed_date: "Geen geldige datum (dd-mm-jjjj).",
      satisfaction: "Geen geldig getal.",
    });
  });
});
