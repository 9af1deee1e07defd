// Hand-made reports for the monitoring tests, in the shape the backend sends.
import type { Figures, MonitoringReport, Summary } from "../api";

const summary = (n: number, median: number | null, p90: number | null): Summary => ({
  n,
  mean: median,
  median,
  p90,
});

const count = (code: string, label: string, n: number, base: number) => ({
  code,
  label,
  count: n,
  share: base ? n / base : null,
});

export function figures(over: Partial<Figures> = {}): Figures {
  return {
    referrals: 12,
    unique_youths: 11,
    families: 10,
    waiting_at_end: 2,
    active_at_end: 3,
    open_at_end: 5,
    closed: 4,
    waiting_days: summary(10, 14, 30),
    conversations: {
      closed: 4,
      mean: 3.5,
      zero: 0,
      one: 1,
      two_to_seven: 2,
      eight_plus: 1,
      one_to_five: 3,
      six_plus: 1,
      buckets: [
        { label: "0", count: 0, share: 0 },
        { label: "1", count: 1, share: 0.25 },
        { label: "2–7", count: 2, share: 0.5 },
        { label: "8+", count: 1, share: 0.25 },
        { label: "1–5", count: 3, share: 0.75 },
        { label: "6+", count: 1, share: 0.25 },
      ],
    },
    duration_days: summary(4, 60, 90),
    outcomes: [count("no_further_care", "Geen vervolgzorg", 3, 4), count("basic_mental_health", "Basis-ggz", 1, 4)],
    region_outcomes: null,
    referrers: [],
    region_referrers: null,
    problem_areas: [],
    interventions: [
      count("psychoeducation", "psycho-educatie", 3, 4),
      count("care_mediation", "zorgbemiddeling", 1, 4),
    ],
    age_bands: [],
    genders: [],
    triage: [],
    gp_consultations: 7,
    satisfaction: summary(3, 8, 9),
    recurrence: {
      within_6_months: { eligible: 0, recurred: 0, share: null },
      within_12_months: { eligible: 0, recurred: 0, share: null },
    },
    savings: {
      closed: 4,
      no_further_care: 3,
      share_no_further_care: 0.75,
      share_gp_would_refer: 0.63,
      average_cost_eur: 2414,
      estimate_eur: 4 * 0.75 * 0.63 * 2414,
    },
    ...over,
  };
}

export function monitoringReport(over: Partial<MonitoringReport["report"]> = {}): MonitoringReport {
  return {
    report: {
      from: "2024-01-01",
      to: "2024-03-31",
      as_of: "2024-04-02",
      group_by: "practice",
      profile: null,
      savings_parameters: { share_gp_would_refer: 0.63, average_cost_eur: 2414 },
      overall: figures(),
      groups: [
        { key: "De Linde", label: "De Linde", figures: figures({ referrals: 9 }) },
        { key: null, label: "onbekend", figures: figures({ referrals: 3 }) },
      ],
      months: [
        { month: "2024-01", referrals: 5, waiting_days: summary(4, 10, 21) },
        { month: "2024-02", referrals: 0, waiting_days: summary(0, null, null) },
        { month: "2024-03", referrals: 7, waiting_days: summary(6, 15.5, 40) },
      ],
      ...over,
    },
    profiles: [
      {
        name: "groningen",
        title: "Groningen (RIGG)",
        title_en: "Groningen (RIGG), in English",
        source: "RIGG",
        outcomes: [{ code: "ojg_voldoende", nl: "Hulp OJG voldoende", en: "OJG help sufficient" }],
        referrers: [{ code: "02", nl: "02 Huisarts", en: "02 GP" }],
      },
      {
        name: "gelderland-midden",
        title: "Gelderland-Midden",
        title_en: "Gelderland-Midden, in English",
        source: "Rheden",
        outcomes: [],
        referrers: [],
      },
    ],
    savingsDefaults: { share_gp_would_refer: 0.63, average_cost_eur: 2414 },
  };
}
