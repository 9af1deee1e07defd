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
