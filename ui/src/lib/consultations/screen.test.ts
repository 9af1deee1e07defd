// Correcting and deleting a GP consultation: the form is filled from the list, the
// correction is sent by id, a deletion asks for a reason.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { GpConsultation, Practice } from "../api";
import { fakeBackend } from "../testing/fake";
import { cleanup, click, find, render, submit, type } from "../testing/render";
import ConsultationsScreen from "./ConsultationsScreen.svelte";

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
const consultation: GpConsultation = {
  id: "g1",
  practice_id: "p1",
  date: "2026-03-04",
  minutes: 10,
  topic: "waar verwijzen",
};

describe("correcting a consultation", () => {
  it("fills the form from the list and saves the correction by id", async () => {
    const updateGpConsultation = vi.fn(async () => consultation);
    const el = await render(
      fakeBackend({
        practices: async () => [practice],
        gpConsultations: async () => [consultation],
        updateGpConsultation,
      }),
      ConsultationsScreen,
    );
    await click(el, "[data-testid=edit-consultation]");
    expect(find<HTMLInputElement>(el, "#cons-date").value).toBe("04-03-2026");
    expect(find<HTMLInputElement>(el, "#cons-topic").value).toBe("waar verwijzen");
    type(el, "#cons-minutes", "15");
    await submit(el, "#save-consultation");
    expect(updateGpConsultation).toHaveBeenCalledWith("g1", {
      practice_id: "p1",
      date: "2026-03-04",
      minutes: 15,
      topic: "waar verwijzen",
    });
    expect(el.querySelector("#save-consultation")).toBeNull();
  });

  it("deletes a consultation with the reason given", async () => {
    const deleteGpConsultation = vi.fn(async (_id: string, _reason: string) => null);
    let list = [consultation];
    const el = await render(
      fakeBackend({
        practices: async () => [practice],
        gpConsultations: async () => list,
        deleteGpConsultation: async (id: string, reason: string) => {
          list = [];
          return deleteGpConsultation(id, reason);
        },
      }),
      ConsultationsScreen,
    );
    await click(el, "[data-testid=delete-consultation]");
    type(el, "#delete-consultation-reason", "twee keer ingevoerd");
    await submit(el, "#confirm-delete-consultation");
    expect(deleteGpConsultation).toHaveBeenCalledWith("g1", "twee keer ingevoerd");
    expect(el.querySelector("[data-testid=consultations]")).toBeNull();
  });
});

describe("a long list of consultations", () => {
  it("shows the newest 100 first and the rest a page at a time", async () => {
    const many: GpConsultation[] = Array.from({ length: 130 }, (_, i) => ({
      ...consultation,
      id: `g${i}`,
      topic: `vraag ${i}`,
    }));
    const el = await render(
      fakeBackend({ practices: async () => [practice], gpConsultations: async () => many }),
      ConsultationsScreen,
    );
    const rows = () => el.querySelectorAll("[data-testid=consultations] tbody tr").length;
    await vi.waitFor(() => expect(rows()).toBe(100));
    expect(el.textContent).not.toContain("vraag 100");
    expect(el.querySelector("#more-consultations")?.textContent).toBe("Toon er 30 meer (nog 30 niet getoond)");
    await click(el, "#more-consultations");
    await vi.waitFor(() => expect(rows()).toBe(130));
    expect(el.textContent).toContain("vraag 129");
    expect(el.querySelector("#more-consultations")).toBeNull();
  });
});
