import { afterEach, describe, expect, it, vi } from "vitest";
import type { GpLetter as Letter } from "../api";
import { fakeBackend } from "../testing/fake";
import { cleanup, click, find, render, settle, type } from "../testing/render";
import GpLetter from "./GpLetter.svelte";

afterEach(cleanup);

const composed: Letter = { text: "Geachte collega,\nS (hulpvraag)", saved: false, saved_at: null };
const kept = (text: string): Letter => ({ text, saved: true, saved_at: "2026-03-12T10:00:00.000Z" });
const props = { id: "t1", sentOn: null, onSent: () => {} };

describe("the worker's draft of the GP letter", () => {
  it("keeps the edited letter on 'Concept bewaren', and offers to compose afresh", async () => {
    const saveGpLetterDraft = vi.fn(async (_id: string, text: string) => kept(text));
    const el = await render(fakeBackend({ gpLetter: async () => composed, saveGpLetterDraft }), GpLetter, props);
    await click(el, "#make-letter");
    expect(el.querySelector("#recompose-letter")).toBeNull();
    type(el, "#letter-text", composed.text + "\nPS");
    await click(el, "#save-letter");
    expect(saveGpLetterDraft).toHaveBeenCalledWith("t1", composed.text + "\nPS");
    expect(el.textContent).toContain("Concept bewaard.");
    expect(find(el, "[data-testid=letter-saved]").textContent).toBe("Dit is uw bewaarde concept.");
    expect(el.querySelector("#recompose-letter")?.textContent).toBe("Opnieuw opstellen");
  });

  it("saves on leaving the text box only when the text changed", async () => {
    const saveGpLetterDraft = vi.fn(async (_id: string, text: string) => kept(text));
    const el = await render(fakeBackend({ gpLetter: async () => composed, saveGpLetterDraft }), GpLetter, props);
    await click(el, "#make-letter");
    find(el, "#letter-text").dispatchEvent(new FocusEvent("blur"));
    await click(el, "#letter-text");
    expect(saveGpLetterDraft).not.toHaveBeenCalled();
    type(el, "#letter-text", "Nieuwe tekst");
    find(el, "#letter-text").dispatchEvent(new FocusEvent("blur"));
    await vi.waitFor(() => expect(saveGpLetterDraft).toHaveBeenCalledWith("t1", "Nieuwe tekst"));
    await settle();
    // Kept: a second blur without a change saves nothing more.
    find(el, "#letter-text").dispatchEvent(new FocusEvent("blur"));
    await click(el, "#letter-text");
    expect(saveGpLetterDraft).toHaveBeenCalledOnce();
  });

  it("keeps an unsaved edit when the worker leaves the screen, and nothing when unchanged", async () => {
    const saveGpLetterDraft = vi.fn(async (_id: string, text: string) => kept(text));
    let el = await render(fakeBackend({ gpLetter: async () => composed, saveGpLetterDraft }), GpLetter, props);
    await click(el, "#make-letter");
    cleanup();
    expect(saveGpLetterDraft).not.toHaveBeenCalled();
    el = await render(fakeBackend({ gpLetter: async () => composed, saveGpLetterDraft }), GpLetter, props);
    await click(el, "#make-letter");
    type(el, "#letter-text", "Aangepast");
    await settle();
    cleanup();
    expect(saveGpLetterDraft).toHaveBeenCalledWith("t1", "Aangepast");
  });

  it("shows a saved draft as such, and 'Opnieuw opstellen' discards it and composes afresh", async () => {
    let draft: Letter | null = kept("Mijn eigen versie");
    const gpLetter = vi.fn(async () => draft ?? composed);
    const discardGpLetterDraft = vi.fn(async () => {
      draft = null;
      return null;
    });
    const el = await render(fakeBackend({ gpLetter, discardGpLetterDraft }), GpLetter, props);
    await click(el, "#make-letter");
    expect(find<HTMLTextAreaElement>(el, "#letter-text").value).toBe("Mijn eigen versie");
    expect(el.querySelector("[data-testid=letter-saved]")).not.toBeNull();
    await click(el, "#recompose-letter");
    expect(discardGpLetterDraft).toHaveBeenCalledWith("t1");
    expect(find<HTMLTextAreaElement>(el, "#letter-text").value).toBe(composed.text);
    expect(el.querySelector("[data-testid=letter-saved]")).toBeNull();
    expect(el.querySelector("#recompose-letter")).toBeNull();
  });

  it("shows a draft saved earlier as soon as the trajectory opens, and asks for nothing without one", async () => {
    const gpLetter = vi.fn(async () => kept("Mijn eigen versie"));
    let el = await render(fakeBackend({ gpLetter }), GpLetter, { ...props, hasDraft: true });
    await vi.waitFor(() => expect(find<HTMLTextAreaElement>(el, "#letter-text").value).toBe("Mijn eigen versie"));
    expect(el.querySelector("[data-testid=letter-saved]")).not.toBeNull();
    expect(gpLetter).toHaveBeenCalledOnce();
    cleanup();
    el = await render(fakeBackend({ gpLetter }), GpLetter, props);
    await settle();
    expect(el.querySelector("#letter-text")).toBeNull();
    expect(gpLetter).toHaveBeenCalledOnce();
  });
});
