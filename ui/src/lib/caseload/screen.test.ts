import { afterEach, describe, expect, it, vi } from "vitest";
import type { CaseloadFilter, CaseloadRow } from "../api";
import { setLocale } from "../i18n/index.svelte";
import { fakeBackend } from "../testing/fake";
import { cleanup, click, render, type } from "../testing/render";
import CaseloadScreen from "./CaseloadScreen.svelte";

afterEach(() => {
  cleanup();
  setLocale("nl");
});

const old: CaseloadRow = {
  trajectory_id: "t-old",
  youth_id: "y-old",
  youth_ref: "OLD",
  given_name: "Oud",
  family_name: "Dossier",
  practice_id: "p1",
  practice_name: "De Linde",
  referral_date: "2021-02-01",
  urgency: "normal",
  status: "closed",
  closed_date: "2021-03-01",
  outcome: "no_further_care",
  conversations: 1,
  last_contact: "2021-02-03",
  days_waiting: 2,
  flag_many_conversations: false,
  flag_no_recent_contact: false,
  flag_letter_not_sent: true,
};

describe("finding every file", () => {
  it("asks the core for files closed at any time, and by year", async () => {
    const seen: CaseloadFilter[] = [];
    const caseload = vi.fn(async (f: CaseloadFilter) => {
      seen.push(f);
      return f.all ? [old] : [];
    });
    const el = await render(fakeBackend({ caseload }), CaseloadScreen, { onOpen: () => {} });
    await vi.waitFor(() => expect(seen.length).toBeGreaterThan(0));
    expect(seen.at(-1)?.all).toBe(false);
    expect(el.textContent).toContain("Recent afgesloten (0)");
    await click(el, "#filter-all");
    await vi.waitFor(() => expect(el.textContent).toContain("Afgesloten (1)"));
    expect(el.textContent).toContain("Oud Dossier");
    expect(el.querySelector("[data-testid=closed] .flag")?.textContent).toBe("brief aan huisarts nog niet verstuurd");
    type(el, "#filter-year", "2021");
    await vi.waitFor(() => expect(seen.at(-1)?.year).toBe(2021));
    expect(seen.at(-1)?.all).toBe(true);
  });
});

describe("sorting and the status filter", () => {
  const waiting: CaseloadRow = {
    ...old,
    trajectory_id: "t-w",
    youth_ref: "W1",
    given_name: "Wim",
    status: "waiting",
    closed_date: null,
    outcome: null,
  };

  it("asks the core to sort by a clicked header, and marks that header with aria-sort", async () => {
    const seen: CaseloadFilter[] = [];
    const caseload = vi.fn(async (f: CaseloadFilter) => {
      seen.push(f);
      return [waiting];
    });
    const el = await render(fakeBackend({ caseload }), CaseloadScreen, { onOpen: () => {} });
    await vi.waitFor(() => expect(el.querySelector("[data-testid=waiting]")).not.toBeNull());
    expect(seen.at(-1)?.sort).toBeNull();
    const header = () => el.querySelector("[data-testid=waiting] th:has(button[data-sort=referral_date])")!;
    expect(header().getAttribute("aria-sort")).toBe("none");
    // A real button inside the header: reachable by Tab, operated by Enter or Space.
    const button = el.querySelector<HTMLButtonElement>("[data-testid=waiting] button[data-sort=referral_date]")!;
    expect(button.type).toBe("button");

    await click(el, "[data-testid=waiting] button[data-sort=referral_date]");
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ sort: "referral_date", direction: "ascending" }));
    expect(header().getAttribute("aria-sort")).toBe("ascending");
    expect(el.querySelector("[data-testid=waiting] th:has(button[data-sort=name])")!.getAttribute("aria-sort")).toBe(
      "none",
    );

    await click(el, "[data-testid=waiting] button[data-sort=referral_date]");
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ sort: "referral_date", direction: "descending" }));
    expect(header().getAttribute("aria-sort")).toBe("descending");

    await click(el, "[data-testid=waiting] button[data-sort=name]");
    await vi.waitFor(() => expect(seen.at(-1)).toMatchObject({ sort: "name", direction: "ascending" }));
    expect(header().getAttribute("aria-sort")).toBe("none");
  });

  it("asks the core for the files past retention and shows only them", async () => {
    const seen: CaseloadFilter[] = [];
    const caseload = vi.fn(async (f: CaseloadFilter) => {
      seen.push(f);
      return f.status === "past_retention" ? [old] : [waiting];
    });
    const el = await render(fakeBackend({ caseload }), CaseloadScreen, { onOpen: () => {} });
    await vi.waitFor(() => expect(el.querySelector("[data-testid=waiting]")).not.toBeNull());
    // As a user picks: the option becomes the selected one, then "change".
    el.querySelector<HTMLOptionElement>("#filter-status option[value=past_retention]")!.selected = true;
    el.querySelector("#filter-status")!.dispatchEvent(new Event("change", { bubbles: true }));
    await vi.waitFor(() => expect(el.textContent).toContain("Bewaartermijn verstreken (1)"));
    expect(seen.at(-1)?.status).toBe("past_retention");
    expect(el.querySelector("#waiting-title")).toBeNull();
    expect(el.querySelector("#active-title")).toBeNull();
    expect(el.querySelector("[data-testid=closed]")?.textContent).toContain("Oud Dossier");
  });
});

describe("a long list", () => {
  const active = (i: number): CaseloadRow => ({
    ...old,
    trajectory_id: `t-${i}`,
    youth_ref: `A${i}`,
    given_name: `Kind${i}`,
    family_name: "Lijst",
    status: "active",
    closed_date: null,
    outcome: null,
  });

  it("shows a page of 100 rows at a time, every row reachable, and starts again for a new answer", async () => {
    const caseload = vi.fn(async (f: CaseloadFilter) =>
      Array.from({ length: f.search ? 120 : 250 }, (_, i) => active(i)),
    );
    const el = await render(fakeBackend({ caseload }), CaseloadScreen, { onOpen: () => {} });
    const rows = () => el.querySelectorAll("[data-testid=active] tbody tr").length;
    await vi.waitFor(() => expect(rows()).toBe(100));
    // The heading counts them all; the button says what it adds and what is left.
    expect(el.querySelector("#active-title")?.textContent).toContain("(250)");
    expect(el.querySelector("#more-active")?.textContent).toBe("Toon er 100 meer (nog 150 niet getoond)");
    await click(el, "#more-active");
    await vi.waitFor(() => expect(rows()).toBe(200));
    expect(el.querySelector("#more-active")?.textContent).toBe("Toon er 50 meer (nog 50 niet getoond)");
    await click(el, "#more-active");
    await vi.waitFor(() => expect(rows()).toBe(250));
    expect(el.querySelector("#more-active")).toBeNull();
    expect(el.textContent).toContain("Kind249 Lijst");

    type(el, "#filter-search", "Kind");
    await vi.waitFor(() => expect(el.querySelector("#active-title")?.textContent).toContain("(120)"));
    expect(rows()).toBe(100);
    expect(el.querySelector("#more-active")?.textContent).toBe("Toon er 20 meer (nog 20 niet getoond)");
  });
});
