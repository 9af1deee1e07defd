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

  it("rounds half away from zero on the number as written, as ICU does", () => {
    expect(formatNumber(1.005, 2)).toBe("1,01");
    expect(formatNumber(2.5, 0)).toBe("3");
    expect(formatNumber(-2.5, 0)).toBe("-3");
    expect(formatNumber(9.96)).toBe("10");
    expect(formatNumber(999999.96)).toBe("1.000.000");
    expect(formatPercent(0.575)).toBe("58%");
    expect(formatNumber(1e-7, 2)).toBe("0");
    expect(formatNumber(-0.04)).toBe("0");
    expect(formatNumber(1e21)).toBe("1.000.000.000.000.000.000.000");
    expect(plain(formatEuro(-2414.5))).toBe("€ -2.415");
    expect(plain(formatEuro(-0.4))).toBe("€ 0");
  });

  it("writes what ICU writes, on thousands of values, in both languages", () => {
    // Node's Intl is ICU: another implementation of the same conventions. Where
    // a negative value rounds to zero ICU writes "-0"; the app writes "0".
    let seed = 20261201;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const values: number[] = [0, 0.5, 0.05, 0.125, 1.005, 1.015, 0.575, 2.675, 1e-7, 123456789.5];
    for (let i = 0; i < 3000; i++) {
      const scale = 10 ** Math.floor(random() * 9);
      const decimals = 10 ** Math.floor(random() * 5);
      const sign = random() < 0.2 ? -1 : 1;
      values.push((sign * Math.round(random() * scale * decimals)) / decimals);
      values.push((sign * (Math.floor(random() * scale) + 0.5)) / 10 ** Math.floor(random() * 3));
    }
    const noMinusZero = (s: string) => s.replace(/^-0$/, "0").replace(/^(€\u00a0)?-(€?)0(%?)$/, "$1$20$3");
    for (const [locale, tag] of [
      ["nl", "nl-NL"],
      ["en", "en-GB"],
    ] as const) {
      setLocale(locale);
      const numbers = [0, 1, 2].map((digits) => new Intl.NumberFormat(tag, { maximumFractionDigits: digits }));
      const shares = [0, 1, 2].map(
        (digits) => new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: digits }),
      );
      const euro = new Intl.NumberFormat(tag, { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
      for (const value of values) {
        for (const digits of [0, 1, 2]) {
          const number = numbers[digits]!.format(value);
          expect([value, digits, formatNumber(value, digits)]).toEqual([value, digits, noMinusZero(number)]);
          const share = shares[digits]!.format(value);
          expect([value, digits, formatPercent(value, digits)]).toEqual([value, digits, noMinusZero(share)]);
        }
        expect([value, formatEuro(value)]).toEqual([value, noMinusZero(euro.format(value))]);
      }
    }
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
