import { afterEach, describe, expect, it } from "vitest";
import { en } from "./en";
import { nl } from "./nl";
import { setLocale, t } from "./index.svelte";

describe("message catalogues", () => {
  it("have exactly the same keys in Dutch and English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  });

  it("have no empty messages", () => {
    for (const catalogue of [nl, en]) {
      for (const [key, message] of Object.entries(catalogue)) {
        expect(message.trim(), key).not.toBe("");
      }
    }
  });
});

describe("t()", () => {
  afterEach(() => setLocale("nl"));

  it("speaks Dutch by default", () => {
    expect(t("unlock.title")).toBe("Kluis ontgrendelen");
  });

  it("switches language", () => {
    setLocale("en");
    expect(t("unlock.title")).toBe("Unlock vault");
  });

  it("tells the document its language, for screen readers", () => {
    setLocale("en");
    expect(document.documentElement.lang).toBe("en");
    setLocale("nl");
    expect(document.documentElement.lang).toBe("nl");
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(t("app.version", { version: "0.1.0" })).toBe("versie 0.1.0");
    expect(t("app.version")).toBe("versie {version}");
  });
});
