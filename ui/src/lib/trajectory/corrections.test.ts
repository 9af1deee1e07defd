// "Corrigeren" on the trajectory screen's cards: each opens its form pre-filled,
// saves through the core's command, and shows a refusal beside its field.
import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendError, type Practice, type TrajectoryDetail } from "../api";
import { fakeBackend } from "../testing/fake";
import { cleanup, click, find, render, submit, type } from "../testing/render";
import TrajectoryScreen from "./TrajectoryScreen.svelte";

afterEach(cleanup);

const practice: Practice = {
  id: "p1",
  name: "De Linde",
  kern: null,
  municipality_code: null,
  hours_per_week: null,
  in_practice: true,
  his: null,
};
const detail: TrajectoryDetail = {
  id: "t1",
  youth: {
    id: "y1",
    youth_ref: "J-001",
    given_name: "Sanne",
    family_name: "Jansen",
    birth_date: "2012-05-17",
    gender: "f",
    bsn: "111222333",
    postcode: "6951 AB",
    family_id: null,
  },
  practice,
  status: "active",
  referral_date: "2026-03-01",
  referrer: "gp",
  request_for_help: "slaapt slecht",
  urgency: "normal",
  problem_areas: ["sleep"],
  first_contact_date: "2026-03-07",
  intake: {
    date: "2026-03-08",
    present: ["youth"],
    summary: "eerste indruk",
    screening_instrument: "SDQ",
    screening_score: 17,
  },
  triage_history: [],
  conversations: [
    {
      id: "c1",
      date: "2026-03-09",
      minutes: 45,
      participants: ["youth"],
      mode: "in_practice",
      interventions: [],
      notes: null,
    },
  ],
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
const closed: TrajectoryDetail = { ...detail, status: "closed", closed_date: "2026-03-20", outcome: "no_further_care" };

function screen(overrides: Parameters<typeof fakeBackend>[0], d: TrajectoryDetail = detail) {
  return render(
    fakeBackend({ trajectory: async () => d, practices: async () => [practice], ...overrides }),
    TrajectoryScreen,
    {
      id: "t1",
      onBack: () => {},
    },
  );
}

describe("correcting the referral", () => {
  it("opens the referral pre-filled and sends the corrected date", async () => {
    const updateReferral = vi.fn(async () => null);
    const el = await screen({ updateReferral });
    await click(el, "#correct-referral");
    expect(find<HTMLInputElement>(el, "#fix-referral-date").value).toBe("01-03-2026");
    expect(find<HTMLTextAreaElement>(el, "#fix-request").value).toBe("slaapt slecht");
    type(el, "#fix-referral-date", "26-02-2026");
    await submit(el, "#save-referral");
    expect(updateReferral).toHaveBeenCalledWith("t1", {
      youth_id: "y1",
      practice_id: "p1",
      referral_date: "2026-02-26",
      referrer: "gp",
      request_for_help: "slaapt slecht",
      problem_areas: ["sleep"],
      urgency: "normal",
    });
    expect(el.querySelector("#fix-referral-date")).toBeNull();
  });

  it("shows the core's refusal beside the date and keeps the form open", async () => {
    const updateReferral = vi.fn(async () => {
      throw new BackendError({
        code: "invalid",
        message: "the first contact is before the referral date",
        field: "referral_date",
        rule: "date_order",
      });
    });
    const el = await screen({ updateReferral });
    await click(el, "#correct-referral");
    type(el, "#fix-referral-date", "08-03-2026");
    await submit(el, "#save-referral");
    expect(find(el, "#fix-referral-date-error").textContent).not.toBe("");
    expect(el.querySelector("#fix-referral-date")).not.toBeNull();
  });

  it("offers no correction on a closed trajectory, and says to reopen it", async () => {
    const el = await screen({}, closed);
    expect(el.querySelector("#correct-referral")).toBeNull();
    expect(el.querySelector("#correct-first-contact")).toBeNull();
    expect(el.querySelector("#correct-intake")).toBeNull();
    expect(el.querySelector("[data-testid=delete-conversation]")).toBeNull();
    expect(find(el, "[data-testid=reopen-first]").textContent).toContain("heropen");
  });
});

describe("correcting the youth", () => {
  it("opens the youth pre-filled and sends the corrected birth date and BSN", async () => {
    const updateYouth = vi.fn(async () => detail.youth);
    const el = await screen({ updateYouth });
    await click(el, "#correct-youth");
    expect(find<HTMLInputElement>(el, "#fix-birth_date").value).toBe("17-05-2012");
    expect(find<HTMLInputElement>(el, "#fix-bsn").value).toBe("111222333");
    type(el, "#fix-birth_date", "17-06-2012");
    type(el, "#fix-bsn", "123456782");
    await submit(el, "#save-youth");
    expect(updateYouth).toHaveBeenCalledWith("y1", {
      youth_ref: "J-001",
      given_name: "Sanne",
      family_name: "Jansen",
      birth_date: "2012-06-17",
      gender: "f",
      bsn: "123456782",
      postcode: "6951 AB",
      sibling_of: null,
    });
  });

  it("shows a refused BSN beside its field", async () => {
    const updateYouth = vi.fn(async () => {
      throw new BackendError({ code: "invalid", message: "bsn", field: "bsn", rule: "bsn_invalid" });
    });
    const el = await screen({ updateYouth });
    await click(el, "#correct-youth");
    type(el, "#fix-bsn", "123456789");
    await submit(el, "#save-youth");
    expect(find(el, "#fix-bsn-error").textContent).not.toBe("");
  });

  it("can be corrected while the trajectory is closed", async () => {
    const el = await screen({}, closed);
    expect(el.querySelector("#correct-youth")).not.toBeNull();
  });
});

describe("correcting the first contact and the intake", () => {
  it("records the corrected first contact date", async () => {
    const recordFirstContact = vi.fn(async () => null);
    const el = await screen({ recordFirstContact });
    await click(el, "#correct-first-contact");
    expect(find<HTMLInputElement>(el, "#contact-date").value).toBe("07-03-2026");
    type(el, "#contact-date", "06-03-2026");
    await submit(el, "#save-first-contact");
    expect(recordFirstContact).toHaveBeenCalledWith("t1", "2026-03-06");
  });

  it("records the corrected intake, every field pre-filled", async () => {
    const recordIntake = vi.fn(async () => null);
    const el = await screen({ recordIntake });
    await click(el, "#correct-intake");
    expect(find<HTMLInputElement>(el, "#intake-date").value).toBe("08-03-2026");
    expect(find<HTMLInputElement>(el, "#intake-score").value).toBe("17");
    type(el, "#intake-score", "19");
    await submit(el, "#save-intake");
    expect(recordIntake).toHaveBeenCalledWith("t1", {
      date: "2026-03-08",
      present: ["youth"],
      summary: "eerste indruk",
      screening_instrument: "SDQ",
      screening_score: 19,
    });
  });
});

describe("deleting a conversation", () => {
  it("asks for a reason and deletes by id", async () => {
    const deleteConversation = vi.fn(async () => null);
    const el = await screen({ deleteConversation });
    await click(el, "[data-testid=delete-conversation]");
    type(el, "#delete-reason", "dubbel ingevoerd");
    await submit(el, "#confirm-delete-conversation");
    expect(deleteConversation).toHaveBeenCalledWith("c1", "dubbel ingevoerd");
    expect(el.querySelector("#delete-reason")).toBeNull();
  });

  it("shows the core's refusal of an empty reason beside it", async () => {
    const deleteConversation = vi.fn(async () => {
      throw new BackendError({ code: "invalid", message: "required", field: "reason", rule: "required" });
    });
    const el = await screen({ deleteConversation });
    await click(el, "[data-testid=delete-conversation]");
    await submit(el, "#confirm-delete-conversation");
    expect(find(el, "#delete-reason-error").textContent).not.toBe("");
  });

  it("lists deleted conversations with their reason", async () => {
    const el = await screen(
      {},
      {
        ...detail,
        deleted_conversations: [
          { record_date: "2026-03-10", reason: "dubbel ingevoerd", deleted_at: "2026-03-11T10:00:00.000Z" },
        ],
      },
    );
    expect(find(el, "[data-testid=deleted-conversation]").textContent).toContain("10-03-2026");
    expect(find(el, "[data-testid=deleted-conversation]").textContent).toContain("dubbel ingevoerd");
  });
});

describe("the triage history", () => {
  it("shows each earlier decision's rationale", async () => {
    const decision = (id: string, decided_on: string, rationale: string | null) => ({
      id,
      decided_on,
      decision: "own_network" as const,
      rationale,
      recorded_at: decided_on + "T10:00:00.000Z",
    });
    const el = await screen(
      {},
      {
        ...detail,
        triage_history: [decision("d1", "2026-03-08", "eerst eigen netwerk"), decision("d2", "2026-03-09", null)],
      },
    );
    expect(el.textContent).toContain("eerst eigen netwerk");
  });
});

describe("a refusal about the whole trajectory", () => {
  it("is shown at the top, saying to reopen first", async () => {
    const recordFirstContact = vi.fn(async () => {
      throw new BackendError({
        code: "invalid",
        message: "the trajectory is closed; reopen it first",
        field: "trajectory",
        rule: "trajectory_closed",
      });
    });
    const el = await screen({ recordFirstContact });
    await click(el, "#correct-first-contact");
    await submit(el, "#save-first-contact");
    expect(find(el, "section > [role=alert]").textContent).toBe("Het traject is afgesloten; heropen het eerst.");
  });
});
