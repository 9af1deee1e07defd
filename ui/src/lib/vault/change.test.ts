import { afterEach, describe, expect, it, vi } from "vitest";
import { BackendError, type Strength } from "../api";
import { fakeBackend } from "../testing/fake";
import { cleanup, find, render, settle, submit, type } from "../testing/render";
import ChangePassphrase from "./ChangePassphrase.svelte";

afterEach(cleanup);

const strong: Strength = { score: 4, acceptable: true, bits: 80 };
const weak: Strength = { score: 1, acceptable: false, bits: 20 };
const NEW = "vier losse woorden hier";

async function filled(
  changePassphrase: (a: string, b: string) => Promise<null>,
  changePassphraseAndRotate: (a: string, b: string) => Promise<null> = async () => null,
) {
  const passphraseStrength = async (p: string) => (p.length >= 12 ? strong : weak);
  const el = await render(
    fakeBackend({ changePassphrase, changePassphraseAndRotate, passphraseStrength }),
    ChangePassphrase,
  );
  type(el, "#current-passphrase", "de oude wachtwoordzin");
  type(el, "#changed-passphrase", NEW);
  type(el, "#changed-repeat", NEW);
  await settle();
  return el;
}

describe("changing the passphrase", () => {
  it("sends the current and the new passphrase, then clears the form", async () => {
    const changePassphrase = vi.fn(async () => null);
    const el = await filled(changePassphrase);
    expect(find<HTMLButtonElement>(el, "#change-passphrase").disabled).toBe(false);
    await submit(el, "#change-passphrase");
    expect(changePassphrase).toHaveBeenCalledWith("de oude wachtwoordzin", NEW);
    expect(find(el, "[data-testid=passphrase-changed]").textContent).toContain("gewijzigd");
    expect(find<HTMLInputElement>(el, "#current-passphrase").value).toBe("");
  });

  it("rotates the data key when asked, and says old backups keep the old passphrase", async () => {
    const changePassphrase = vi.fn(async () => null);
    const changePassphraseAndRotate = vi.fn(async () => null);
    const el = await filled(changePassphrase, changePassphraseAndRotate);
    expect(el.textContent).toContain("oude wachtwoordzin");
    find<HTMLInputElement>(el, "#rotate-data-key").click();
    await submit(el, "#change-passphrase");
    expect(changePassphraseAndRotate).toHaveBeenCalledWith("de oude wachtwoordzin", NEW);
    expect(changePassphrase).not.toHaveBeenCalled();
  });

  it("waits for a repeat that matches and a strong enough passphrase", async () => {
    const changePassphrase = vi.fn(async () => null);
    const el = await filled(changePassphrase);
    type(el, "#changed-repeat", NEW + "x");
    await settle();
    expect(find<HTMLButtonElement>(el, "#change-passphrase").disabled).toBe(true);
    expect(find(el, "#changed-repeat-error").textContent).toContain("niet gelijk");
    type(el, "#changed-passphrase", "kort");
    type(el, "#changed-repeat", "kort");
    await settle();
    expect(find<HTMLButtonElement>(el, "#change-passphrase").disabled).toBe(true);
    await submit(el, "#change-passphrase");
    expect(changePassphrase).not.toHaveBeenCalled();
  });

  it("says so when the current passphrase is wrong", async () => {
    const el = await filled(async () => {
      throw new BackendError({ code: "wrong_passphrase", message: "wrong passphrase" });
    });
    await submit(el, "#change-passphrase");
    expect(find(el, "[role=alert]").textContent).not.toBe("");
    expect(el.querySelector("[data-testid=passphrase-changed]")).toBeNull();
  });
});
