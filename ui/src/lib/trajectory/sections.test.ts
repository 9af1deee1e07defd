// The trajectory screen's cards: each reads what was typed through forms/fields,
// saves through the screen, and shows a refusal beside its field.
import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendError, type TrajectoryDetail } from "../api";
import { fakeBackend } from "../testing/fake";
import { cleanup, find, render, submit, type } from "../testing/render";
import TrajectoryScreen from "./TrajectoryScreen.svelte";

afterEach(cleanup);

const open: TrajectoryDetail = {
  id: "t1",
  youth: {
    id: "y1",
    youth_ref: "J-001",
    given_name: "Sanne",
    family_name: "Jansen",
    birth_date: null,
    gender: "f",
    bsn: null,
    postcode: null,
    family_id: null,
  },
  practice: {
    id: "p1",
    name: "De Linde",
    kern: null,
    municipality_code: null,
    hours_per_week: null,
    in_practice: true,
    his: null,
  },
  status: "waiting",
  referral_date: "2026-03-01",
  referrer: "gp",
  request_for_help: null,
  urgency: "normal",
  problem_areas: ["sleep"],
  first_contact_date: null,
  intake: null,
  triage_history: [],
  conversations: [],
  closed_date: null,
  outcome: null,
  closure_reason: null,
  satisfaction: null,
  gp_feedback_date: null,
  notes: null,
  reopenings: [],
  deleted_conversations: [],
  has_letter_draft: false,
};

const screen = (overrides: Parameters<typeof fakeBackend>[0]) =>
  render(fakeBackend({ trajectory: async () => open, ...overrides }), TrajectoryScreen, {
    id: "t1",
    onBack: () => {},
  });

describe("the trajectory's cards", () => {
  it("record the first contact with the date as the core takes it, and reload", async () => {
    const recordFirstContact = vi.fn(async () => null);
    const trajectory = vi.fn(async () => open);
    const el = await screen({ recordFirstContact, trajectory });
    type(el, "#contact-date", "9-3-2026");
    await submit(el, "#contact-date");
    expect(recordFirstContact).toHaveBeenCalledWith("t1", "2026-03-09");
    expect(trajectory).toHaveBeenCalledTimes(2);
  });

  it("name every closing field that cannot be read, and ask the core nothing", async () => {
    const closeTrajectory = vi.fn(async () => null);
    const el = await screen({ closeTrajectory });
    type(el, "#close-date", "31-04-2026");
    type(el, "#close-satisfaction", "7,5");
    await submit(el, "#close-trajectory");
    expect(closeTrajectory).not.toHaveBeenCalled();
    expect(find(el, "#close-date").parentElement!.textContent).toContain("Geen geldige datum");
    expect(find(el, "#close-satisfaction").parentElement!.textContent).toContain("Geen geldig getal");
  });

  it("close with the values read, and show the core's refusal beside its field", async () => {
    const closeTrajectory = vi.fn(async () => {
      throw new BackendError({ code: "invalid", message: "x", field: "satisfaction", rule: "out_of_range" });
    });
    const el = await screen({ closeTrajectory });
    type(el, "#close-date", "20-03-2026");
    type(el, "#close-satisfaction", "11");
    await submit(el, "#close-trajectory");
    expect(closeTrajectory).toHaveBeenCalledWith("t1", {
      closed_date: "2026-03-20",
      satisfaction: 11,
      outcome: "no_further_care",
      closure_reason: "planned",
    });
    expect(find(el, "#close-satisfaction").parentElement!.textContent).toContain(
      "Deze waarde valt buiten het toegestane bereik.",
    );
  });

  it("send an intake without a score as null, and a refusal about no field to the top", async () => {
    const recordIntake = vi.fn(async () => {
      throw new BackendError({ code: "locked", message: "x" });
    });
    const el = await screen({ recordIntake });
    type(el, "#intake-date", "2026-03-10");
    await submit(el, "#intake-summary");
    expect(recordIntake).toHaveBeenCalledWith("t1", {
      date: "2026-03-10",
      screening_score: null,
      present: [],
      summary: null,
      screening_instrument: null,
    });
    expect(find(el, "section > [role=alert]").textContent).toBe("De kluis is vergrendeld.");
  });
});
