import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/index.svelte";
import { codeLabel, codeOptions } from "./codes";

describe("code labels", () => {
  afterEach(() => setLocale("nl"));

  it("are Dutch by default and English on request", () => {
    expect(codeLabel("referrer", "gp")).toBe("huisarts");
    setLocale("en");
    expect(codeLabel("referrer", "gp")).toBe("GP");
  });

  it("list every triage code", () => {
    expect(codeOptions("triage").map((o) => o.code)).toEqual([
      "own_network",
      "social_base",
      "ojg_support",
      "referral_needed",
    ]);
  });

  it("fall back to the code", () => {
    expect(codeLabel("outcome", "unheard_of")).toBe("unheard_of");
    expect(codeLabel("outcome", null)).toBe("");
  });
});
