import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendError, type Conversation, type TrajectoryDetail } from "../api";
import { fakeBackend } from "../testing/fake";
import { cleanup, click, find, render, submit, type } from "../testing/render";
import GpLetter from "./GpLetter.svelte";
import TrajectoryScreen from "./TrajectoryScreen.svelte";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const conversation: Conversation = {
  id: "c1",
  date: "2026-03-07",
  minutes: 45,
  participants: ["youth"],
  mode: "in_practice",
  interventions: [],
  notes: "gesprek 1",
};
const detail: TrajectoryDetail = {
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
  status: "active",
  referral_date: "2026-03-01",
  referrer: "gp",
  request_for_help: null,
  urgency: "normal",
  problem_areas: ["sleep"],
  first_contact_date: "2026-03-07",
  intake: null,
  triage_history: [],
  conversations: [conversation],
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

describe("correcting a conversation", () => {
  it("opens the conversation in a form, saves it by its own id and shows the result", async () => {
    let current = detail;
    const updateConversation = vi.fn(async (_id: string, input: { minutes?: number | null; notes?: string | null }) => {
      current = {
        ...detail,
        conversations: [{ ...conversation, minutes: input.minutes ?? null, notes: input.notes ?? null }],
      };
      return null;
    });
    const el = await render(fakeBackend({ trajectory: async () => current, updateConversation }), TrajectoryScreen, {
      id: "t1",
      onBack: () => {},
    });
    expect(find(el, "[data-testid=conversations]").textContent).toContain("45 min");
    await click(el, "[data-testid=edit-conversation]");
    expect(find<HTMLInputElement>(el, "#edit-conv-date").value).toBe("07-03-2026");
    expect(find<HTMLInputElement>(el, "#edit-conv-minutes").value).toBe("45");
    expect(find<HTMLInputElement>(el, "#edit-conv-participants input[value=youth]").checked).toBe(true);
    expect(find<HTMLTextAreaElement>(el, "#edit-conv-notes").value).toBe("gesprek 1");
    type(el, "#edit-conv-minutes", "60");
    type(el, "#edit-conv-notes", "gesprek 1, aangevuld");
    await submit(el, "#save-conversation");
    expect(updateConversation).toHaveBeenCalledWith("c1", {
      date: "2026-03-07",
      minutes: 60,
      participants: ["youth"],
      mode: "in_practice",
      interventions: [],
      notes: "gesprek 1, aangevuld",
    });
    expect(el.querySelector("#edit-conv-date")).toBeNull();
    const list = find(el, "[data-testid=conversations]").textContent!;
    expect(list).toContain("60 min");
    expect(list).toContain("aangevuld");
  });

  it("stops a date it cannot read beside the field, before the core is asked", async () => {
    const updateConversation = vi.fn(async () => null);
    const el = await render(fakeBackend({ trajectory: async () => detail, updateConversation }), TrajectoryScreen, {
      id: "t1",
      onBack: () => {},
    });
    await click(el, "[data-testid=edit-conversation]");
    type(el, "#edit-conv-date", "gisteren");
    await submit(el, "#save-conversation");
    expect(find(el, "#edit-conv-date-error").textContent).toContain("Geen geldige datum");
    // The add form below has its own date field and no error.
    expect(el.querySelector("#conv-date-error")).toBeNull();
    expect(updateConversation).not.toHaveBeenCalled();
  });

  it("shows the core's refusal for a closed trajectory in the form", async () => {
    const closed: TrajectoryDetail = {
      ...detail,
      status: "closed",
      closed_date: "2026-03-20",
      outcome: "no_further_care",
    };
    const el = await render(
      fakeBackend({
        trajectory: async () => closed,
        updateConversation: async () => {
          throw new BackendError({
            code: "invalid",
            message: "the trajectory is closed; reopen it first",
            field: "trajectory",
            rule: "trajectory_closed",
          });
        },
      }),
      TrajectoryScreen,
      { id: "t1", onBack: () => {} },
    );
    expect(el.querySelector("#add-conversation")).toBeNull();
    await click(el, "[data-testid=edit-conversation]");
    await submit(el, "#save-conversation");
    expect(find(el, "[data-testid=conversations] [role=alert]").textContent).toBe(
      "Het traject is afgesloten; heropen het eerst.",
    );
    expect(el.querySelector("#edit-conv-date")).not.toBeNull();
  });

  it("cancels without saving", async () => {
    const el = await render(fakeBackend({ trajectory: async () => detail }), TrajectoryScreen, {
      id: "t1",
      onBack: () => {},
    });
    await click(el, "[data-testid=edit-conversation]");
    await click(el, "[data-testid=conversations] [role=form] button[type=button]");
    expect(el.querySelector("#edit-conv-date")).toBeNull();
    expect(find(el, "[data-testid=conversations]").textContent).toContain("gesprek 1");
  });
});

describe("the GP letter", () => {
  const letter = "Geachte collega,\n\nS (hulpvraag): slaapt slecht.";
  const composed = { text: letter, saved: false, saved_at: null };

  it("copies the letter, edits included, to the clipboard", async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } });
    const el = await render(fakeBackend({ gpLetter: async () => composed }), GpLetter, {
      id: "t1",
      sentOn: null,
      onSent: () => {},
    });
    await click(el, "#make-letter");
    type(el, "#letter-text", letter + "\nMet groet");
    await click(el, "#copy-letter");
    expect(writeText).toHaveBeenCalledWith(letter + "\nMet groet");
    expect(el.textContent).toContain("Gekopieerd.");
  });

  it("prints only the letter, audited first, and tidies up after printing", async () => {
    // happy-dom has no print(); the webview's opens the print dialog.
    const print = vi.fn();
    vi.stubGlobal("print", print);
    const recordPrint = vi.fn(async () => null);
    const el = await render(fakeBackend({ gpLetter: async () => composed, recordPrint }), GpLetter, {
      id: "t1",
      sentOn: null,
      onSent: () => {},
    });
    await click(el, "#make-letter");
    await click(el, "#print-letter");
    expect(recordPrint).toHaveBeenCalledWith({ kind: "gp_letter", trajectory_id: "t1" });
    expect(print).toHaveBeenCalledOnce();
    expect(document.body.classList.contains("print-letter")).toBe(true);
    const copies = document.body.querySelectorAll(":scope > .letter-print");
    expect(copies).toHaveLength(1);
    expect(copies[0]!.textContent).toBe(letter);
    window.dispatchEvent(new Event("afterprint"));
    expect(document.body.classList.contains("print-letter")).toBe(false);
    expect(document.body.querySelector(".letter-print")).toBeNull();
  });

  it("does not print when the print could not be audited", async () => {
    const print = vi.fn();
    vi.stubGlobal("print", print);
    const recordPrint = vi.fn(async () => {
      throw new BackendError({ code: "locked", message: "the vault is locked" });
    });
    const el = await render(fakeBackend({ gpLetter: async () => composed, recordPrint }), GpLetter, {
      id: "t1",
      sentOn: null,
      onSent: () => {},
    });
    await click(el, "#make-letter");
    await click(el, "#print-letter");
    expect(print).not.toHaveBeenCalled();
    expect(find(el, "[role=alert]").textContent).not.toBe("");
  });

  it("records the date it was sent, also without drafting it here", async () => {
    const recordGpFeedback = vi.fn(async () => null);
    const onSent = vi.fn();
    const el = await render(fakeBackend({ recordGpFeedback }), GpLetter, { id: "t1", sentOn: null, onSent });
    type(el, "#letter-sent", "12-03-2026");
    await submit(el, "#mark-letter-sent");
    expect(recordGpFeedback).toHaveBeenCalledWith("t1", "2026-03-12");
    expect(onSent).toHaveBeenCalledOnce();
    type(el, "#letter-sent", "12-13-2026");
    await submit(el, "#mark-letter-sent");
    expect(find(el, "[role=alert]").textContent).toContain("Geen geldige datum");
    expect(recordGpFeedback).toHaveBeenCalledOnce();
  });
});
