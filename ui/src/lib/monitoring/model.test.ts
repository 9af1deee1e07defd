import { afterEach, describe, expect, it } from "vitest";
import { BackendError } from "../api";
import { monthText } from "../format/month";
import { setLocale } from "../i18n/index.svelte";
import { figures, monitoringReport } from "./fixtures";
import {
  conversationChart,
  distributionChart,
  groupChart,
  keyFigures,
  outcomeChart,
  periodLine,
  presetPeriod,
  recurrenceTable,
  reportYears,
  savingsFields,
  savingsLine,
  savingsRefusal,
  summaryTable,
  toExportParams,
  toQuery,
  toSavings,
  waitingChart,
  yearPeriod,
} from "./model";

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("pickers → query", () => {
  afterEach(() => setLocale("nl"));

  it("turns Dutch dates and choices into the backend's query", () => {
    expect(toQuery({ from: "1-1-2024", to: "31-03-2024", groupBy: "kern", profile: "groningen" })).toEqual({
      query: { from: "2024-01-01", to: "2024-03-31", groupBy: "kern", profile: "groningen" },
    });
    expect(toQuery({ from: "01-01-2024", to: "31-12-2024", groupBy: "overall", profile: "" })).toEqual({
      query: { from: "2024-01-01", to: "2024-12-31", groupBy: null, profile: null },
    });
  });

  it("names the field that is wrong", () => {
    expect(toQuery({ from: "31-02-2024", to: "01-03-2024", groupBy: "overall", profile: "" })).toEqual({
      errors: { from: "Geen geldige datum (dd-mm-jjjj)." },
    });
    expect(toQuery({ from: "01-04-2024", to: "1 maart", groupBy: "overall", profile: "" })).toEqual({
      errors: { to: "Geen geldige datum (dd-mm-jjjj)." },
    });
  });

  it("leaves the order of the period to the core", () => {
    expect(toQuery({ from: "01-04-2024", to: "01-03-2024", groupBy: "overall", profile: "" })).toEqual({
      query: { from: "2024-04-01", to: "2024-03-01", groupBy: null, profile: null },
    });
  });

  it("offers periods that end today at the latest", () => {
    const today = new Date(2025, 1, 14); // 14 February 2025
    expect(presetPeriod("this_year", today)).toEqual({ from: "01-01-2025", to: "14-02-2025" });
    expect(presetPeriod("last_year", today)).toEqual({ from: "01-01-2024", to: "31-12-2024" });
    expect(presetPeriod("this_quarter", today)).toEqual({ from: "01-01-2025", to: "14-02-2025" });
    expect(presetPeriod("last_quarter", today)).toEqual({ from: "01-10-2024", to: "31-12-2024" });
    expect(presetPeriod("last_quarter", new Date(2025, 7, 1))).toEqual({ from: "01-04-2025", to: "30-06-2025" });
    expect(presetPeriod("last_12_months", today)).toEqual({ from: "01-03-2024", to: "14-02-2025" });
  });

  it("exports the report's period and profile", () => {
    const q = { from: "2024-01-01", to: "2024-03-31", groupBy: null, profile: "groningen" };
    expect(toExportParams(q, "records", "json", "half_year")).toEqual({
      from: "2024-01-01",
      to: "2024-03-31",
      level: "records",
      format: "json",
      granularity: "half_year",
      profile: "groningen",
    });
  });

  it("shows the report's savings parameters as the form reads them back", () => {
    const fields = savingsFields({ share_gp_would_refer: 0.405, average_cost_eur: 2414.5 });
    expect(fields).toEqual({ share: "40,5", cost: "2.414,5" });
    expect(toSavings(fields.share, fields.cost)).toEqual({
      params: { share_gp_would_refer: 0.405, average_cost_eur: 2414.5 },
    });
  });

  it("reads the savings parameters as a percentage and an amount", () => {
    expect(toSavings("63", "2.414")).toEqual({ params: { share_gp_would_refer: 0.63, average_cost_eur: 2414 } });
    expect(toSavings("40,5", "1800")).toEqual({ params: { share_gp_would_refer: 0.405, average_cost_eur: 1800 } });
    const bad = toSavings("veel", "duur");
    expect("errors" in bad && bad.errors).toEqual({
      share: "Vul een percentage tussen 0 en 100 in.",
      cost: "Vul een bedrag van 0 of meer in.",
    });
  });

  it("passes a share out of range on to the core and shows its refusal beside the field", () => {
    expect(toSavings("120", "-5")).toEqual({ params: { share_gp_would_refer: 1.2, average_cost_eur: -5 } });
    const refusal = (field: string) => new BackendError({ code: "invalid", message: "x", field, rule: "out_of_range" });
    expect(savingsRefusal(refusal("share_gp_would_refer"))).toEqual({
      share: "Vul een percentage tussen 0 en 100 in.",
    });
    expect(savingsRefusal(refusal("average_cost_eur"))).toEqual({ cost: "Vul een bedrag van 0 of meer in." });
    expect(savingsRefusal(new BackendError({ code: "locked", message: "x" }))).toEqual({
      share: "De kluis is vergrendeld.",
    });
  });
});

describe("report → charts and tables", () => {
  afterEach(() => setLocale("nl"));

  it("shows outcomes with their labels, counts and shares", () => {
    const c = outcomeChart(figures());
    expect(c.series[0]?.data).toEqual([3, 1]);
    expect(c.table.rows[0]).toEqual([c.labels[0], "3", "75%"]);
    expect(c.labels[0]).not.toBe("no_further_care");
  });

  it("uses the region's categories when a profile is chosen", () => {
    const f = figures({
      region_outcomes: [
        { code: "voldoende", label: "Hulp OJG voldoende", count: 3, share: 0.75 },
        { code: "unknown", label: "onbekend", count: 1, share: 0.25 },
      ],
    });
    const c = outcomeChart(f);
    expect(c.labels).toEqual(["Hulp OJG voldoende", "Onbekend"]);
    expect(c.table.rows.map((r) => r[1])).toEqual(["3", "1"]);
  });

  it("lists both conversation bucketings and the mean", () => {
    const c = conversationChart(figures());
    expect(c.labels).toEqual(["0", "1", "2–7", "8+", "1–5", "6+"]);
    expect(c.series[0]?.data).toEqual([0, 1, 2, 1, 3, 1]);
    expect(c.mean).toBe("3,5");
    expect(c.table.rows[2]).toEqual(["2–7", "2", "50%"]);
  });

  it("draws waiting time per month, with a gap where nobody had contact", () => {
    const c = waitingChart(monitoringReport().report.months);
    expect(c.labels).toEqual(["jan 2024", "feb 2024", "mrt 2024"]);
    expect(c.series[0]?.data).toEqual([10, null, 15.5]);
    expect(c.table.rows[1]).toEqual(["feb 2024", "0", "0", "—", "—"]);
    expect(c.table.rows[2]).toEqual(["mrt 2024", "7", "6", "15,5", "40"]);
  });

  it("shows referrals per group, unknown in words", () => {
    const c = groupChart(monitoringReport().report);
    expect(c.labels).toEqual(["De Linde", "Onbekend"]);
    expect(c.series[0]?.data).toEqual([9, 3]);
    expect(c.table.columns[0]).toBe("Praktijk");
  });

  it("prints the savings with every parameter beside it", () => {
    const s = savingsLine(figures(), { share_gp_would_refer: 0.5, average_cost_eur: 1000 });
    expect(plain(s.note)).toContain("(2019: 50% en € 1.000)");
    expect(plain(s.estimate)).toBe("€ 4.562");
    expect(plain(s.formula)).toContain("4 afgesloten trajecten × 75% zonder vervolgzorg × 63%");
    expect(plain(s.formula)).toContain("€ 2.414");
  });

  it("gives key figures and the period line in Dutch, and in English", () => {
    const r = monitoringReport().report;
    const k = keyFigures(r.overall);
    expect(k.find((x) => x.id === "referrals")?.value).toBe("12");
    expect(k.find((x) => x.id === "waitingMedian")?.value).toBe("14 dagen");
    expect(periodLine(r, "Groningen (RIGG)")).toBe("01-01-2024 t/m 31-03-2024 · Praktijk · Groningen (RIGG)");
    setLocale("en");
    expect(monthText("2024-03", "short")).toBe("Mar 2024");
    expect(keyFigures(r.overall)[0]?.label).toBe("Referrals");
  });
});

describe("every figure group", () => {
  afterEach(() => setLocale("nl"));

  it("labels a distribution from the catalogue and adds a column per group", () => {
    const groups = monitoringReport().report.groups;
    const chart = distributionChart(figures(), groups, "interventions");
    expect(chart.labels).toEqual(["psycho-educatie", "zorgbemiddeling"]);
    expect(chart.series[0]!.data).toEqual([3, 1]);
    expect(chart.table.columns).toEqual(["Interventie", "Aantal", "Aandeel", "De Linde", "Onbekend"]);
    expect(chart.table.rows[0]!.map(plain)).toEqual(["psycho-educatie", "3", "75%", "3", "3"]);
    setLocale("en");
    expect(distributionChart(figures(), [], "interventions").labels).toEqual(["psychoeducation", "care mediation"]);
  });

  it("names age bands in words and the unknown as unknown", () => {
    const f = figures({
      age_bands: [
        { code: "12-17", label: "12-17", count: 2, share: 0.5 },
        { code: "unknown", label: "onbekend", count: 2, share: 0.5 },
      ],
    });
    expect(distributionChart(f, [], "age_bands").labels).toEqual(["12–17 jaar", "Onbekend"]);
  });

  it("shows the region's referrer categories when the profile has them", () => {
    const f = figures({
      referrers: [{ code: "gp", label: "huisarts", count: 4, share: 1 }],
      region_referrers: [{ code: "medical", label: "Medisch domein", count: 4, share: 1 }],
    });
    expect(distributionChart(f, [], "referrers").labels).toEqual(["Medisch domein"]);
  });

  it("writes waiting, duration and satisfaction out, and recurrence per window", () => {
    const summary = summaryTable(figures());
    expect(summary.rows.map((r) => r[0])).toEqual([
      "Wachttijd tot eerste contact (dagen)",
      "Duur van aanmelding tot afsluiting (dagen)",
      "Tevredenheid (1–10)",
    ]);
    expect(summary.rows[2]!.slice(1)).toEqual(["3", "8", "8", "9"]);
    const recurrence = recurrenceTable(
      figures({
        recurrence: {
          within_6_months: { eligible: 4, recurred: 1, share: 0.25 },
          within_12_months: { eligible: 0, recurred: 0, share: null },
        },
      }),
    );
    expect(recurrence.rows.map((r) => r.map(plain))).toEqual([
      ["Binnen 6 maanden", "4", "1", "25%"],
      ["Binnen 12 maanden", "0", "0", "—"],
    ]);
  });
});

describe("the year report's period", () => {
  it("is the calendar year, up to today while it runs", () => {
    const today = new Date(2026, 10, 30);
    expect(yearPeriod(2025, today)).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(yearPeriod(2026, today)).toEqual({ from: "2026-01-01", to: "2026-11-30" });
    expect(reportYears(today)).toEqual([2026, 2025, 2024, 2023, 2022]);
  });
});
