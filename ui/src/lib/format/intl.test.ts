import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/index.svelte";
import { dateFormat, numberFormat } from "./intl";

describe("Intl formatters", () => {
  afterEach(() => setLocale("nl"));

  it("are made once per language and options", () => {
    setLocale("nl");
    const dutch = numberFormat({ maximumFractionDigits: 1 });
    expect(numberFormat({ maximumFractionDigits: 1 })).toBe(dutch);
    expect(numberFormat({ maximumFractionDigits: 2 })).not.toBe(dutch);
    expect(dateFormat({ month: "long", timeZone: "UTC" })).toBe(dateFormat({ month: "long", timeZone: "UTC" }));
  });

  it("follow a change of language", () => {
    setLocale("nl");
    const dutch = numberFormat({ maximumFractionDigits: 1 });
    setLocale("en");
    const english = numberFormat({ maximumFractionDigits: 1 });
    expect(english).not.toBe(dutch);
    expect(english.format(1234.5)).toBe("1,234.5");
    expect(dutch.format(1234.5)).toBe("1.234,5");
    const march = new Date(Date.UTC(2024, 2, 1));
    expect(dateFormat({ month: "long", timeZone: "UTC" }).format(march)).toBe("March");
    setLocale("nl");
    expect(dateFormat({ month: "long", timeZone: "UTC" }).format(march)).toBe("maart");
  });
});
