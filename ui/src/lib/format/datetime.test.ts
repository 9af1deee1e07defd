import { describe, expect, it } from "vitest";
import { formatDateTime, formatOptionalDateTime } from "./datetime";

describe("formatDateTime", () => {
  it("shows a recorded moment as local dd-mm-jjjj uu:mm", () => {
    const at = new Date(2026, 10, 5, 9, 3);
    expect(formatDateTime(at.toISOString())).toBe("05-11-2026 09:03");
  });

  it("refuses what is not a moment, and leaves a missing one empty", () => {
    expect(() => formatDateTime("gisteren")).toThrow(RangeError);
    expect(formatOptionalDateTime(null)).toBe("");
  });
});
