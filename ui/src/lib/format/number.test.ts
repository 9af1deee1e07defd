import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/index.svelte";
import { formatEuro, formatNumber, formatPercent, parseNumber } from "./number";

// Intl may use a narrow no-break space; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("number formats", () => {
  afterEach(() => setLocale("nl"));

  it("writes Dutch numbers, shares and amounts", () => {
    expect(formatNumber(1234.56)).toBe("1.234,6");
    expect(formatNumber(7)).toBe("7");
    expect(plain(formatPercent(0.63))).toBe("63%");
    expect(plain(formatEuro(2414))).toBe("€ 2.414");
    expect(formatNumber(null)).toBe("—");
    expect(formatPercent(null)).toBe("—");
  });

  it("writes English ones in English", () => {
    setLocale("en");
    expect(formatNumber(1234.56)).toBe("1,234.6");
    expect(formatEuro(2414)).toBe("€2,414");
  });

  it("reads what a Dutch worker types", () => {
    expect(parseNumber("2414")).toBe(2414);
    expect(parseNumber("2.414")).toBe(2414);
    expect(parseNumber("2.414,50")).toBe(2414.5);
    expect(parseNumber("€ 2.414")).toBe(2414);
    expect(parseNumber("63,5")).toBe(63.5);
    expect(parseNumber("63 %")).toBe(63);
    expect(parseNumber("1.5")).toBe(1.5);
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("veel")).toBeNull();
    expect(parseNumber("2,414", "en")).toBe(2414);
    expect(parseNumber("63.5", "en")).toBe(63.5);
  });
});
