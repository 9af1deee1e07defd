import { afterEach, describe, expect, it } from "vitest";
import type { ProfileInfo } from "../api";
import { setLocale } from "../i18n/index.svelte";
import { dimensionValue, periodLabel, profileTitle, regionCategory, statisticGroup, tableTitle } from "./labels";

const GRONINGEN: ProfileInfo = {
  name: "groningen",
  title: "Groningen (RIGG) – pilottabel OJG",
  title_en: "Groningen (RIGG) – OJG pilot table",
  source: "RIGG",
  outcomes: [{ code: "basis_ggz", nl: "Basis ggz", en: "Basic mental health care" }],
  referrers: [{ code: "02", nl: "02 Huisarts", en: "02 GP" }],
};

describe("labels for the core's codes", () => {
  afterEach(() => setLocale("nl"));

  it("name periods in either language, and leave other codes alone", () => {
    expect(periodLabel("2024-Q3")).toBe("2024 kwartaal 3");
    expect(periodLabel("2025-H1")).toBe("2025 halfjaar 1");
    setLocale("en");
    expect(periodLabel("2024-Q3")).toBe("2024 Q3");
    expect(periodLabel("2025-H2")).toBe("2025 H2");
    expect(periodLabel("2024-Q5")).toBe("2024-Q5");
    expect(periodLabel("2024")).toBe("2024");
  });

  it("title a table by its name, whatever the core's Dutch title", () => {
    const table = { name: "referrals_by_period", title: "Aanmeldingen per periode" };
    setLocale("en");
    expect(tableTitle(table)).toBe("Referrals per period");
    // A table this UI does not know yet keeps the core's title rather than nothing.
    expect(tableTitle({ name: "new_table", title: "Nieuwe tabel" })).toBe("Nieuwe tabel");
  });

  it("label rows and columns by what their dimension holds", () => {
    setLocale("en");
    expect(dimensionValue("referrer", { code: "gp", label: "huisarts" }, null)).toBe("GP");
    expect(dimensionValue("period", { code: "2024-Q1", label: "2024 kwartaal 1" }, null)).toBe("2024 Q1");
    expect(dimensionValue("conversations", { code: "2-7", label: "2-7 gesprekken" }, null)).toBe("2-7 conversations");
    expect(dimensionValue("age_band", { code: "4-11", label: "4–11 jaar" }, null)).toBe("4–11 years");
    expect(dimensionValue("gender", { code: "unknown", label: "onbekend" }, null)).toBe("Unknown");
    expect(dimensionValue("practice", { code: "other", label: "overige praktijken" }, null)).toBe("other practices");
    // Places and practices are names.
    expect(dimensionValue("practice", { code: "p1", label: "De Linde" }, null)).toBe("De Linde");
    expect(dimensionValue("kern", { code: "GM0275:Dieren", label: "Dieren (GM0275)" }, null)).toBe("Dieren (GM0275)");
    expect(dimensionValue("region_outcome", { code: "basis_ggz", label: "Basis ggz" }, GRONINGEN)).toBe(
      "Basic mental health care",
    );
  });

  it("translate a region profile's title and categories", () => {
    expect(profileTitle(GRONINGEN)).toBe("Groningen (RIGG) – pilottabel OJG");
    expect(regionCategory(GRONINGEN, "referrers", "02", "x")).toBe("02 Huisarts");
    setLocale("en");
    expect(profileTitle(GRONINGEN)).toBe("Groningen (RIGG) – OJG pilot table");
    expect(regionCategory(GRONINGEN, "referrers", "02", "x")).toBe("02 GP");
    expect(regionCategory(GRONINGEN, "outcomes", "unheard_of", "Onbekende categorie")).toBe("Onbekende categorie");
    expect(regionCategory(null, "outcomes", "basis_ggz", "Basis ggz")).toBe("Basis ggz");
    expect(profileTitle(null)).toBe("");
  });

  it("name a statistic's group", () => {
    setLocale("en");
    expect(statisticGroup({ group: "total", label: "totaal" })).toBe("Total");
    expect(statisticGroup({ group: "unknown", label: "onbekend" })).toBe("Unknown");
    expect(statisticGroup({ group: "GM0275", label: "GM0275" })).toBe("GM0275");
  });
});
