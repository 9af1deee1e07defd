import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendError, setBackend, type Backend } from "../api";
import { fakeBackend } from "../testing/fake";
import { submit } from "../testing/render";
import Host from "../testing/Host.svelte";
import { monitoringReport } from "./fixtures";
import MonitoringScreen from "./MonitoringScreen.svelte";

let host: ReturnType<typeof mount> | undefined;

afterEach(() => {
  if (host) unmount(host);
  document.body.innerHTML = "";
});

async function render(backend: Backend, props: Record<string, unknown> = {}): Promise<HTMLElement> {
  const target = document.body.appendChild(document.createElement("div"));
  host = mount(Host, { target, props: { backend, setBackend, component: MonitoringScreen, props } });
  for (let i = 0; i < 5; i++) await Promise.resolve();
  flushSync();
  return target;
}

describe("monitoring screen", () => {
  it("asks for this year per practice and shows figures, tables and the savings parameters", async () => {
    const monitoring = vi.fn(async () => monitoringReport());
    const el = await render(fakeBackend({ monitoringReport: monitoring }));
    const query = (monitoring.mock.calls[0] as unknown[])[0] as { from: string; groupBy: string };
    expect(query.from).toBe(`${new Date().getFullYear()}-01-01`);
    expect(query.groupBy).toBe("practice");
    expect(el.querySelector("[data-testid=kpi-referrals] dd")?.textContent).toBe("12");
    expect(el.querySelector("[data-testid=chart-groups]")?.textContent).toContain("De Linde");
    expect(el.querySelector("[data-testid=savings-formula]")?.textContent).toContain("63%");
    expect((el.querySelector("#savings-cost") as HTMLInputElement).value).toBe("2.414");
    expect(el.querySelectorAll("#region-profile option")).toHaveLength(3);
  });

  it("draws each bar as long as its value's share of the largest", async () => {
    const el = await render(fakeBackend({ monitoringReport: vi.fn(async () => monitoringReport()) }));
    const chart = el.querySelector("[aria-labelledby=chart-groups-title]")!;
    const widths = [...chart.querySelectorAll<HTMLElement>(".bar")].map((b) => parseFloat(b.style.width));
    const values = [...chart.querySelectorAll(".bars .num")].map((n) => Number(n.textContent));
    expect(widths.length).toBeGreaterThan(1);
    expect(widths).toHaveLength(values.length);
    const max = Math.max(...values);
    widths.forEach((w, i) => expect(w).toBeCloseTo((100 * values[i]!) / max, 5));
  });

  it("opens the regional merge when the shell offers it", async () => {
    const monitoring = vi.fn(async () => monitoringReport());
    expect((await render(fakeBackend({ monitoringReport: monitoring }))).querySelector("#open-merge")).toBeNull();
    unmount(host!);
    host = undefined;
    const onMerge = vi.fn();
    const el = await render(fakeBackend({ monitoringReport: monitoring }), { onMerge });
    (el.querySelector("#open-merge") as HTMLButtonElement).click();
    expect(onMerge).toHaveBeenCalled();
  });

  it("saves changed savings parameters and shows the report again", async () => {
    const setSavingsParams = vi.fn(async () => null);
    const monitoring = vi.fn(async () => monitoringReport());
    const el = await render(fakeBackend({ monitoringReport: monitoring, setSavingsParams }));
    const share = el.querySelector("#savings-share") as HTMLInputElement;
    share.value = "50";
    share.dispatchEvent(new Event("input"));
    (el.querySelector("#save-savings") as HTMLButtonElement).click();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(setSavingsParams).toHaveBeenCalledWith({ share_gp_would_refer: 0.5, average_cost_eur: 2414 });
    expect(monitoring).toHaveBeenCalledTimes(2);
  });

  it("shows the core's refusal of a period that starts after it ends beside the start date", async () => {
    let calls = 0;
    const monitoring = vi.fn(async () => {
      if (calls++ === 0) return monitoringReport();
      throw new BackendError({ code: "invalid", message: "x", field: "from", rule: "order" });
    });
    const el = await render(fakeBackend({ monitoringReport: monitoring }));
    const from = el.querySelector("#period-from") as HTMLInputElement;
    from.value = "01-04-2024";
    from.dispatchEvent(new Event("input"));
    const to = el.querySelector("#period-to") as HTMLInputElement;
    to.value = "01-03-2024";
    to.dispatchEvent(new Event("input"));
    await submit(el, "#period-from");
    expect(monitoring).toHaveBeenLastCalledWith({
      from: "2024-04-01",
      to: "2024-03-01",
      groupBy: "practice",
      profile: null,
    });
    expect(el.querySelector("#period-from-error")?.textContent).toBe("De periode begint na het einde.");
  });

  it("shows the core's refusal of a share out of range beside the share", async () => {
    const setSavingsParams = vi.fn(async () => {
      throw new BackendError({ code: "invalid", message: "x", field: "share_gp_would_refer", rule: "out_of_range" });
    });
    const el = await render(fakeBackend({ monitoringReport: async () => monitoringReport(), setSavingsParams }));
    const share = el.querySelector("#savings-share") as HTMLInputElement;
    share.value = "120";
    share.dispatchEvent(new Event("input"));
    (el.querySelector("#save-savings") as HTMLButtonElement).click();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    flushSync();
    expect(setSavingsParams).toHaveBeenCalledWith({ share_gp_would_refer: 1.2, average_cost_eur: 2414 });
    expect(el.querySelector("#savings-share-error")?.textContent).toBe("Vul een percentage tussen 0 en 100 in.");
  });

  it("makes the year report per municipality and saves it as a PDF", async () => {
    const monitoring = vi.fn(async () => monitoringReport());
    const saveReportPdf = vi.fn(async () => "/home/ojg/Documents/Spil-exports/spil-jaarverslag-2024.pdf");
    const el = await render(fakeBackend({ monitoringReport: monitoring, saveReportPdf }));
    const year = el.querySelector("#year-report-year") as HTMLSelectElement;
    year.value = String(new Date().getFullYear() - 2);
    year.dispatchEvent(new Event("change", { bubbles: true }));
    flushSync();
    (el.querySelector("#year-report") as HTMLButtonElement).click();
    flushSync();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    flushSync();
    const asked = monitoring.mock.calls.at(-1) as unknown[];
    const y = new Date().getFullYear() - 2;
    expect(asked[0]).toEqual({ from: `${y}-01-01`, to: `${y}-12-31`, groupBy: "municipality", profile: null });
    const report = el.querySelector("[data-testid=year-report]")!;
    expect(report.textContent).toContain("Jaarverslag");
    expect(report.textContent).toContain("Gemeenten: De Linde, Onbekend");
    expect(el.querySelectorAll("[data-testid=year-chapter]")).toHaveLength(2);
    expect(el.querySelector("[data-testid=year-0-interventions]")?.textContent).toContain("psycho-educatie");
    // The monitoring form is gone while the year report shows.
    expect(el.querySelector("#show-report")).toBeNull();
    (el.querySelector("#year-report-pdf") as HTMLButtonElement).click();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    flushSync();
    expect(saveReportPdf).toHaveBeenCalledWith({ kind: "yearReport", year: y });
    expect(el.querySelector("[data-testid=year-report-saved]")?.textContent).toContain("spil-jaarverslag-2024.pdf");
    (el.querySelector("#year-report-close") as HTMLButtonElement).click();
    flushSync();
    expect(el.querySelector("#show-report")).not.toBeNull();
  });

  it("dates the year report by the local day, also just after midnight", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "Europe/Amsterdam";
    // 00:30 on 10 March in Amsterdam, still 9 March in UTC.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-03-09T23:30:00Z"));
    try {
      const el = await render(fakeBackend({ monitoringReport: async () => monitoringReport() }));
      (el.querySelector("#year-report") as HTMLButtonElement).click();
      flushSync();
      for (let i = 0; i < 5; i++) await Promise.resolve();
      flushSync();
      const report = el.querySelector("[data-testid=year-report]")!;
      expect(report.textContent).toContain("10-03-2025");
      expect(report.textContent).not.toContain("09-03-2025");
    } finally {
      vi.useRealTimers();
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("records the print before it opens the dialog, and not at all when the vault refuses", async () => {
    const order: string[] = [];
    const original = window.print;
    window.print = () => void order.push("dialog");
    let refuse = false;
    const recordPrint = vi.fn(async () => {
      order.push("recorded");
      if (refuse) throw new BackendError({ code: "locked", message: "locked" });
      return null;
    });
    const el = await render(fakeBackend({ monitoringReport: async () => monitoringReport(), recordPrint }));
    (el.querySelector("#print-report") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(order).toEqual(["recorded", "dialog"]));
    refuse = true;
    (el.querySelector("#print-report") as HTMLButtonElement).click();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    flushSync();
    expect(order).toEqual(["recorded", "dialog", "recorded"]);
    expect(el.querySelector("[role=alert]")).not.toBeNull();
    window.print = original;
  });
});
