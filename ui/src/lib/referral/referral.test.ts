import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendError, setBackend, type Backend } from "../api";
import { fakeBackend } from "../testing/fake";
import { submit } from "../testing/render";
import Host from "../testing/Host.svelte";
import ReferralForm from "./ReferralForm.svelte";

let app: ReturnType<typeof mount> | undefined;
afterEach(() => {
  if (app) unmount(app);
  document.body.innerHTML = "";
});

async function settle() {
  for (let i = 0; i < 8; i++) await Promise.resolve();
  flushSync();
}

async function render(backend: Backend, onSaved: (id: string) => void): Promise<HTMLElement> {
  const target = document.body.appendChild(document.createElement("div"));
  app = mount(Host, { target, props: { backend, setBackend, component: ReferralForm, props: { onSaved } } });
  await settle();
  return target;
}

function type(el: HTMLElement, selector: string, value: string) {
  const input = el.querySelector(selector) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

const practice = {
  id: "p1",
  name: "De Linde",
  kern: null,
  municipality_code: null,
  hours_per_week: null,
  in_practice: true,
  his: null,
};
const youth = {
  id: "y1",
  youth_ref: "J1",
  given_name: "Sanne",
  family_name: null,
  birth_date: null,
  gender: "f" as const,
  bsn: null,
  postcode: null,
  family_id: null,
};

describe("new referral", () => {
  it("adds the youth, then the referral, and opens it", async () => {
    const addYouth = vi.fn(async () => youth);
    const registerReferral = vi.fn(async () => "t1");
    const onSaved = vi.fn();
    const el = await render(
      fakeBackend({
        practices: async () => [practice],
        possibleDuplicates: async () => [],
        addYouth,
        registerReferral,
      }),
      onSaved,
    );
    type(el, "#youth-ref", "J1");
    type(el, "#given-name", "Sanne");
    type(el, "#referral-date", "01-03-2024");
    await submit(el, "[role=form]");
    await settle();
    expect(addYouth).toHaveBeenCalledWith(expect.objectContaining({ youth_ref: "J1", given_name: "Sanne" }));
    expect(registerReferral).toHaveBeenCalledWith(
      expect.objectContaining({ youth_id: "y1", practice_id: "p1", referral_date: "2024-03-01", urgency: "normal" }),
    );
    expect(onSaved).toHaveBeenCalledWith("t1");
  });

  it("shows the core's error beside the field it names, and does not add the youth twice", async () => {
    const addYouth = vi.fn(async () => youth);
    const registerReferral = vi.fn(async () => {
      throw new BackendError({ code: "invalid", message: "future", field: "referral_date", rule: "date_in_future" });
    });
    const el = await render(
      fakeBackend({
        practices: async () => [practice],
        possibleDuplicates: async () => [],
        addYouth,
        registerReferral,
      }),
      vi.fn(),
    );
    await submit(el, "[role=form]");
    await settle();
    const field = el.querySelector("#referral-date")!.parentElement!;
    expect(field.querySelector(".field-error")?.textContent).toBe("Deze datum ligt in de toekomst.");
    await submit(el, "[role=form]");
    await settle();
    expect(addYouth).toHaveBeenCalledTimes(1);
    expect(registerReferral).toHaveBeenCalledTimes(2);
  });

  it("refuses a date it cannot read, before asking the backend", async () => {
    const registerReferral = vi.fn(async () => "t1");
    const el = await render(
      fakeBackend({ practices: async () => [practice], possibleDuplicates: async () => [], registerReferral }),
      vi.fn(),
    );
    type(el, "#referral-date", "31-02-2024");
    await submit(el, "[role=form]");
    await settle();
    expect(el.querySelector("#referral-date")!.parentElement!.querySelector(".field-error")?.textContent).toBe(
      "Geen geldige datum (dd-mm-jjjj).",
    );
    expect(registerReferral).not.toHaveBeenCalled();
  });
});

describe("a possible duplicate", () => {
  const dup = [
    { youth_ref: "J-007", status: "closed" as const },
    { youth_ref: null, status: null },
  ];

  function fill(el: HTMLElement, given = "José") {
    type(el, "#youth-ref", "J-100");
    type(el, "#given-name", given);
    type(el, "#family-name", "de Vries");
    type(el, "#birth-date", "17-05-2012");
    type(el, "#referral-date", "01-03-2024");
  }

  async function send(el: HTMLElement) {
    await submit(el, "[role=form]");
    await settle();
  }

  it("is shown before saving, with reference and status only, and saved only when confirmed", async () => {
    const possibleDuplicates = vi.fn(async () => dup);
    const addYouth = vi.fn(async () => youth);
    const registerReferral = vi.fn(async () => "t1");
    const onSaved = vi.fn();
    const el = await render(
      fakeBackend({ practices: async () => [practice], possibleDuplicates, addYouth, registerReferral }),
      onSaved,
    );
    fill(el);
    await send(el);
    expect(possibleDuplicates).toHaveBeenCalledWith(
      expect.objectContaining({
        youth_ref: "J-100",
        given_name: "José",
        family_name: "de Vries",
        birth_date: "2012-05-17",
      }),
    );
    expect(addYouth).not.toHaveBeenCalled();
    const box = el.querySelector("[data-testid=duplicates]")!;
    expect(box.getAttribute("role")).toBe("alert");
    const items = [...box.querySelectorAll("li")].map((li) => li.textContent!.replace(/\s+/g, " ").trim());
    expect(items).toEqual(["J-007: afgesloten", "(geen kenmerk): geen traject"]);
    const button = el.querySelector("button[type=submit]")!;
    expect(button.textContent).toBe("Toch registreren");

    await send(el);
    expect(possibleDuplicates).toHaveBeenCalledOnce();
    expect(addYouth).toHaveBeenCalledOnce();
    expect(onSaved).toHaveBeenCalledWith("t1");
  });

  it("asks again when the name changes after the warning", async () => {
    const possibleDuplicates = vi.fn(async () => dup);
    const addYouth = vi.fn(async () => youth);
    const el = await render(fakeBackend({ practices: async () => [practice], possibleDuplicates, addYouth }), vi.fn());
    fill(el);
    await send(el);
    fill(el, "Josephine");
    await send(el);
    expect(possibleDuplicates).toHaveBeenCalledTimes(2);
    expect(addYouth).not.toHaveBeenCalled();
  });

  it("does not hold up a youth with no match", async () => {
    const possibleDuplicates = vi.fn(async () => []);
    const addYouth = vi.fn(async () => youth);
    const registerReferral = vi.fn(async () => "t1");
    const el = await render(
      fakeBackend({ practices: async () => [practice], possibleDuplicates, addYouth, registerReferral }),
      vi.fn(),
    );
    fill(el);
    await send(el);
    expect(el.querySelector("[data-testid=duplicates]")).toBeNull();
    expect(addYouth).toHaveBeenCalledOnce();
  });
});
