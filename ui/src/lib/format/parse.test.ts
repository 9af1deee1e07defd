import { describe, expect, it } from "vitest";
import { formatOptionalDate, parseDate } from "./date";

describe("parseDate", () => {
  it("reads Dutch and ISO dates", () => {
    expect(parseDate("07-03-2024")).toBe("2024-03-07");
    expect(parseDate(" 7-3-2024 ")).toBe("2024-03-07");
    expect(parseDate("07.03.2024")).toBe("2024-03-07");
    expect(parseDate("2024-03-07")).toBe("2024-03-07");
  });

  it("refuses what is not a calendar date", () => {
    expect(parseDate("31-02-2024")).toBeNull();
    expect(parseDate("gisteren")).toBeNull();
    expect(parseDate("")).toBeNull();
  });

  it("formats optional dates", () => {
    expect(formatOptionalDate(null)).toBe("");
    expect(formatOptionalDate("2024-12-01")).toBe("01-12-2024");
  });
});
