import { describe, expect, it } from "vitest";
import { newestOnly } from "./newest";

describe("newestOnly", () => {
  it("keeps only the last ticket current", () => {
    const newest = newestOnly();
    const first = newest();
    expect(first()).toBe(true);
    const second = newest();
    expect(first()).toBe(false);
    expect(second()).toBe(true);
  });

  it("keeps separate screens apart", () => {
    const a = newestOnly();
    const b = newestOnly();
    const ticketA = a();
    b();
    expect(ticketA()).toBe(true);
  });
});
