import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/index.svelte";
import { monthText } from "./month";

describe("month names", () => {
  afterEach(() => setLocale("nl"));

  it("are written as ICU writes them, every month in both languages", () => {
    // Node's Intl (ICU) is the reference the catalogue's names are held to.
    for (const [locale, tag] of [
      ["nl", "nl-NL"],
      ["en", "en-GB"],
    ] as const) {
      setLocale(locale);
      for (let m = 1; m <= 12; m++) {
        const month = `2024-${String(m).padStart(2, "0")}`;
        const date = new Date(Date.UTC(2024, m - 1, 1));
        for (const form of ["short", "long"] as const) {
          const icu = new Intl.DateTimeFormat(tag, { month: form, year: "numeric", timeZone: "UTC" }).format(date);
          expect(monthText(month, form)).toBe(icu);
        }
      }
    }
  });

  it("gives back what is not a month", () => {
    expect(monthText("2024-13", "long")).toBe("2024-13");
    expect(monthText("maart", "short")).toBe("maart");
    expect(monthText("", "long")).toBe("");
  });
});
