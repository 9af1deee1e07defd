import { describe, expect, it } from "vitest";
import { formatDate } from "./date";

describe("formatDate", () => {
  it("formats an ISO date as dd-mm-jjjj", () => {
    expect(formatDate("2024-03-07")).toBe("07-03-2024");
    expect(formatDate("1999-12-31")).toBe("31-12-1999");
  });

  it("formats a Date in local time", () => {
    expect(formatDate(new Date(2024, 0, 5, 23, 59))).toBe("05-01-2024");
  });

  it("refuses anything that is not a calendar date", () => {
    expect(() => formatDate("7-3-2024")).toThrow(RangeError);
    expect(() => formatDate("2024-03-07T10:00:00Z")).toThrow(RangeError);
    expect(() => formatDate(new Date("nonsense"))).toThrow(RangeError);
  });
});
