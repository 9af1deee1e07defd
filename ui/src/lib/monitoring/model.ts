// The monitoring screen's logic, apart from Svelte so it can be tested: pickers
// → the query the backend takes, and a report → what each chart draws plus the
// same figures as a table (for screen readers and for print).
// Every figure comes from the core; here they are only arranged and formatted.

import type {
  Count,
  ExportFormat,
  ExportLevel,
  ExportParams,
  Figures,
  GroupBy,
  Granularity,
  MonitoringReport,
  MonthFigures,
  ProfileInfo,
  ReportQuery,
  SavingsParams,
} from "../api";
import { BackendError } from "../api";
import { wallClock } from "../format/clock";
import { codeLabel, type CodeList } from "../codes/codes";
import { describe } from "../forms/errors";
import { read, readAll } from "../forms/fields";
import { formatDate } from "../format/date";
import { monthText } from "../format/month";
import { formatEuro, formatNumber, formatPercent } from "../format/number";
import { t, type MessageKey } from "../i18n/index.svelte";
import { ageBandLabel, regionCategory } from "./labels";

/** What the pickers hold; dates as the worker typed them (dd-mm-jjjj). */
export interface Picks {
  from: string;
  to: string;
  groupBy: GroupBy | "overall";
  /** A region profile name, or "" for Spil's own outcome codes. */
  profile: string;
}

export type FieldErrors = Partial<Record<"from" | "to" | "share" | "cost", string>>;

export const PRESETS = ["this_year", "last_year", "this_quarter", "last_quarter", "last_12_months"] as const;
export type Preset = (typeof PRESETS)[number];

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A preset period as Dutch dates; periods that have not ended stop at `today`. */
export function presetPeriod(preset: Preset, today: Date): { from: string; to: string } {
  const { year: y, month: m, day } = wallClock(today.getTime());
  const now = iso(y, m, day);
  const q = Math.floor((m - 1) / 3);
  let from: string, to: string;
  switch (preset) {
    case "this_year":
      [from, to] = [iso(y, 1, 1), now];
      break;
    case "last_year":
      [from, to] = [iso(y - 1, 1, 1), iso(y - 1, 12, 31)];
      break;
    case "this_quarter":
      [from, to] = [iso(y, q * 3 + 1, 1), now];
      break;
    case "last_quarter": {
      const [qy, qm] = q === 0 ? [y - 1, 10] : [y, (q - 1) * 3 + 1];
      [from, to] = [iso(qy, qm, 1), iso(qy, qm + 2, lastDay(qy, qm + 2))];
      break;
    }
    case "last_12_months": {
      const [sy, sm] = m === 12 ? [y, 1] : [y - 1, m + 1];
      [from, to] = [iso(sy, sm, 1), now];
      break;
    }
  }
  return { from: formatDate(from), to: formatDate(to) };
}

/**
 * The pickers as the backend's query, or the dates that cannot be read. A period
 * that starts after it ends is the core's to refuse (rule `order`, on `from`).
 */
export function toQuery(p: Picks): { query: ReportQuery } | { errors: FieldErrors } {
  const typed = readAll({ from: read("date", p.from), to: read("date", p.to) });
  if (!typed.ok) return { errors: typed.errors };
  return {
    query: {
      ...typed.values,
      groupBy: p.groupBy === "overall" ? null : p.groupBy,
      profile: p.profile || null,
    },
  };
}

/**
 * The period of a year report: the calendar year, up to `today` while it runs.
 * ISO dates, as the backend takes them.
 */
export function yearPeriod(year: number, today: Date): { from: string; to: string } {
  const { year: y, month, day } = wallClock(today.getTime());
  const now = iso(y, month, day);
  const end = iso(year, 12, 31);
  return { from: iso(year, 1, 1), to: end < now ? end : now };
}

/** The years a year report can be made for: this one and the four before, newest first. */
export function reportYears(today: Date): number[] {
  const { year } = wallClock(today.getTime());
  return Array.from({ length: 5 }, (_, i) => year - i);
}

/** The export asks for the report's period and profile; the core widens the months. */
export function toExportParams(
  query: ReportQuery,
  level: ExportLevel,
  format: ExportFormat,
  granularity: Granularity,
): ExportParams {
  return {
    from: query.from ?? "",
    to: query.to ?? "",
    level,
    format,
    granularity,
    profile: query.profile ?? null,
  };
}

/**
 * The savings parameters the report was made with (the vault's, or the core's
 * defaults when none were set), as the form shows them: a percentage and an amount.
 */
export function savingsFields(p: SavingsParams): { share: string; cost: string } {
  return {
    share: formatNumber(p.share_gp_would_refer === null ? null : p.share_gp_would_refer * 100, 2),
    cost: formatNumber(p.average_cost_eur, 2),
  };
}

/**
 * Savings parameters as typed (a percentage and an amount in euros). Their ranges
 * (a share between 0 and 1, a cost of 0 or more) are the core's rule: see
 * `savingsRefusal` for how its refusal is shown.
 */
export function toSavings(share: string, cost: string): { params: SavingsParams } | { errors: FieldErrors } {
  const typed = readAll({
    share: read("decimal", share, "monitoring.savings.shareInvalid"),
    cost: read("decimal", cost, "monitoring.savings.costInvalid"),
  });
  if (!typed.ok) return { errors: typed.errors };
  return { params: { share_gp_would_refer: typed.values.share / 100, average_cost_eur: typed.values.cost } };
}

/**
 * The core's refusal of savings parameters, beside the field it is about. A value
 * out of the core's range gets the form's own words for what the field takes.
 */
export function savingsRefusal(error: unknown): FieldErrors {
  const p = describe(error);
  const outOfRange = error instanceof BackendError && error.rule === "out_of_range";
  if (p.field === "average_cost_eur") return { cost: outOfRange ? t("monitoring.savings.costInvalid") : p.text };
  return { share: outOfRange && p.field === "share_gp_would_refer" ? t("monitoring.savings.shareInvalid") : p.text };
}

/** A table of figures, every cell already written for the reader. */
export interface FigureTable {
  columns: string[];
  rows: string[][];
}

/** What one chart draws, and the same figures as a table. */
export interface ChartData {
  labels: string[];
  series: { label: string; data: (number | null)[] }[];
  table: FigureTable;
}

function label(list: "outcome" | "referrer", c: Count): string {
  return c.code === "unknown" ? t("monitoring.unknown") : codeLabel(list, c.code);
}

/** Outcomes of closed trajectories: Spil's codes, or the chosen region's categories
 * (labelled from `profile`, the report's region profile). */
export function outcomeChart(f: Figures, profile: ProfileInfo | null = null): ChartData {
  const region = f.region_outcomes;
  const counts = region ?? f.outcomes;
  const name = (c: Count) => (region ? regionCategory(profile, "outcomes", c.code, c.label) : label("outcome", c));
  return {
    labels: counts.map(name),
    series: [{ label: t("monitoring.closedTrajectories"), data: counts.map((c) => c.count) }],
    table: {
      columns: [t("monitoring.col.outcome"), t("monitoring.col.count"), t("monitoring.col.share")],
      rows: counts.map((c) => [name(c), formatNumber(c.count), formatPercent(c.share)]),
    },
  };
}

/** Conversations per closed trajectory in the pilots' two bucketings (the core's buckets). */
export function conversationChart(f: Figures): ChartData & { mean: string } {
  const c = f.conversations;
  return {
    labels: c.buckets.map((b) => b.label),
    series: [{ label: t("monitoring.closedTrajectories"), data: c.buckets.map((b) => b.count) }],
    mean: formatNumber(c.mean),
    table: {
      columns: [t("monitoring.col.conversations"), t("monitoring.col.count"), t("monitoring.col.share")],
      rows: c.buckets.map((b) => [b.label, formatNumber(b.count), formatPercent(b.share)]),
    },
  };
}

/** Median and p90 of referral → first contact, per month of referral. */
export function waitingChart(months: MonthFigures[]): ChartData {
  return {
    labels: months.map((m) => monthText(m.month, "short")),
    series: [
      { label: t("monitoring.col.median"), data: months.map((m) => m.waiting_days.median) },
      { label: t("monitoring.col.p90"), data: months.map((m) => m.waiting_days.p90) },
    ],
    table: {
      columns: [
        t("monitoring.col.month"),
        t("monitoring.col.referrals"),
        t("monitoring.col.withContact"),
        t("monitoring.col.median"),
        t("monitoring.col.p90"),
      ],
      rows: months.map((m) => [
        monthText(m.month, "short"),
        formatNumber(m.referrals),
        formatNumber(m.waiting_days.n),
        formatNumber(m.waiting_days.median),
        formatNumber(m.waiting_days.p90),
      ]),
    },
  };
}

type Report = MonitoringReport["report"];
type Group = Report["groups"][number];

/** A group's name: the practice, kern or municipality, or "unknown". */
export function groupName(g: Group): string {
  return g.key === null ? t("monitoring.unknown") : g.label;
}

/** Referrals per practice, kern or municipality (the chosen grouping), with each
 * group's main figures beside them in the table. */
export function groupChart(r: Report): ChartData {
  return {
    labels: r.groups.map(groupName),
    series: [{ label: t("monitoring.col.referrals"), data: r.groups.map((g) => g.figures.referrals) }],
    table: {
      columns: [
        groupHeading(r.group_by),
        t("monitoring.col.referrals"),
        t("monitoring.col.closed"),
        t("monitoring.col.open"),
        t("monitoring.col.median"),
        t("monitoring.col.durationMedian"),
        t("monitoring.col.conversationsMean"),
        t("monitoring.col.satisfactionMean"),
        t("monitoring.col.recurrence12"),
      ],
      rows: r.groups.map((g) => [
        groupName(g),
        formatNumber(g.figures.referrals),
        formatNumber(g.figures.closed),
        formatNumber(g.figures.open_at_end),
        formatNumber(g.figures.waiting_days.median),
        formatNumber(g.figures.duration_days.median),
        formatNumber(g.figures.conversations.mean),
        formatNumber(g.figures.satisfaction.mean),
        formatPercent(g.figures.recurrence.within_12_months.share),
      ]),
    },
  };
}

/** The report's distributions over one code list each, in the order they are shown. */
export const DISTRIBUTIONS = ["referrers", "problem_areas", "age_bands", "genders", "triage", "interventions"] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

const LISTS: Record<Exclude<Distribution, "age_bands">, CodeList> = {
  referrers: "referrer",
  problem_areas: "problem_area",
  genders: "gender",
  triage: "triage",
  interventions: "intervention",
};

/** The referrers in the region profile's categories when it has them. */
function counts(f: Figures, d: Distribution): Count[] {
  return d === "referrers" && f.region_referrers ? f.region_referrers : f[d];
}

function countName(d: Distribution, c: Count, regional: boolean, profile: ProfileInfo | null): string {
  if (c.code === "unknown") return t("monitoring.unknown");
  // A region profile's categories: the region's own words, or their translation.
  if (regional) return regionCategory(profile, "referrers", c.code, c.label);
  if (d === "age_bands") return ageBandLabel(c.code);
  return codeLabel(LISTS[d], c.code);
}

/**
 * One distribution: the chart of the whole selection, and a table with its count and
 * share and, when the report is grouped, a column per practice, kern or municipality.
 */
export function distributionChart(
  overall: Figures,
  groups: Group[],
  d: Distribution,
  profile: ProfileInfo | null = null,
): ChartData {
  const regional = d === "referrers" && overall.region_referrers !== null;
  const all = counts(overall, d);
  const name = (c: Count) => countName(d, c, regional, profile);
  const inGroup = (g: Group, code: string) => counts(g.figures, d).find((c) => c.code === code)?.count ?? 0;
  return {
    labels: all.map(name),
    series: [{ label: t(`monitoring.base.${d}` as MessageKey), data: all.map((c) => c.count) }],
    table: {
      columns: [
        t(`monitoring.col.${d}` as MessageKey),
        t("monitoring.col.count"),
        t("monitoring.col.share"),
        ...groups.map(groupName),
      ],
      rows: all.map((c) => [
        name(c),
        formatNumber(c.count),
        formatPercent(c.share),
        ...groups.map((g) => formatNumber(inGroup(g, c.code))),
      ]),
    },
  };
}

/** Waiting time, duration and satisfaction: how many, mean, median and 90% within. */
export function summaryTable(f: Figures): FigureTable {
  const row = (id: string, s: Figures["waiting_days"]) => [
    t(`monitoring.summary.${id}` as MessageKey),
    formatNumber(s.n),
    formatNumber(s.mean),
    formatNumber(s.median),
    formatNumber(s.p90),
  ];
  return {
    columns: [
      t("monitoring.col.figure"),
      t("monitoring.col.n"),
      t("monitoring.col.mean"),
      t("monitoring.col.medianPlain"),
      t("monitoring.col.p90Plain"),
    ],
    rows: [row("waiting", f.waiting_days), row("duration", f.duration_days), row("satisfaction", f.satisfaction)],
  };
}

/** New referrals of the same youth within 6 and 12 months of closing. */
export function recurrenceTable(f: Figures): FigureTable {
  const row = (id: "6" | "12", r: Figures["recurrence"]["within_6_months"]) => [
    t(`monitoring.recurrence.within${id}` as MessageKey),
    formatNumber(r.eligible),
    formatNumber(r.recurred),
    formatPercent(r.share),
  ];
  return {
    columns: [
      t("monitoring.col.window"),
      t("monitoring.col.eligible"),
      t("monitoring.col.recurred"),
      t("monitoring.col.share"),
    ],
    rows: [row("6", f.recurrence.within_6_months), row("12", f.recurrence.within_12_months)],
  };
}

export function groupHeading(by: GroupBy | null): string {
  return t(`monitoring.group.${by ?? "overall"}` as MessageKey);
}

/** The key figures of the period, in reading order. */
export function keyFigures(f: Figures): { id: string; label: string; value: string }[] {
  const item = (id: string, value: string) => ({ id, label: t(`monitoring.kpi.${id}` as MessageKey), value });
  return [
    item("referrals", formatNumber(f.referrals)),
    item("youths", formatNumber(f.unique_youths)),
    item("families", formatNumber(f.families)),
    item("waiting", formatNumber(f.waiting_at_end)),
    item("active", formatNumber(f.active_at_end)),
    item("closed", formatNumber(f.closed)),
    item("waitingMedian", daysOrDash(f.waiting_days.median)),
    item("waitingP90", daysOrDash(f.waiting_days.p90)),
    item("conversationsMean", formatNumber(f.conversations.mean)),
    item("gpConsultations", formatNumber(f.gp_consultations)),
  ];
}

function daysOrDash(days: number | null): string {
  return days === null ? "—" : t("monitoring.days", { days: formatNumber(days) });
}

/** The savings estimate written out with every factor, as it is printed beside
 * it, and the note naming the parameters a vault starts with (`defaults`). */
export function savingsLine(f: Figures, defaults: SavingsParams): { estimate: string; formula: string; note: string } {
  const s = f.savings;
  return {
    note: t("monitoring.savings.note", {
      gp: formatPercent(defaults.share_gp_would_refer, 0),
      cost: formatEuro(defaults.average_cost_eur),
    }),
    estimate: formatEuro(s.estimate_eur),
    formula: t("monitoring.savings.formula", {
      closed: formatNumber(s.closed),
      nfc: formatPercent(s.share_no_further_care),
      gp: formatPercent(s.share_gp_would_refer, 1),
      cost: formatEuro(s.average_cost_eur),
    }),
  };
}

/** A suppressed aggregate cell reads "geheim", as the regions know it. */
export function cell(value: number | null): string {
  return value === null ? t("monitoring.export.secret") : formatNumber(value);
}

/** The period line under the heading: dates, grouping and profile. */
export function periodLine(r: MonitoringReport["report"], profileTitle: string | null): string {
  const from = r.from ? formatDate(r.from) : t("monitoring.fromStart");
  const parts = [t("monitoring.periodLine", { from, to: formatDate(r.to) }), groupHeading(r.group_by)];
  if (profileTitle) parts.push(profileTitle);
  return parts.join(" · ");
}
