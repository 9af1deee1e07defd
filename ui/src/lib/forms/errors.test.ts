import { afterEach, describe as group, expect, it } from "vitest";
import { BackendError } from "../api";
import { setLocale } from "../i18n/index.svelte";
import { describe, toFieldErrors } from "./errors";

group("backend errors in words", () => {
  afterEach(() => setLocale("nl"));

  it("translate a validation error by its rule and keep its field", () => {
    const e = new BackendError({ code: "invalid", message: "x", field: "referral_date", rule: "date_in_future" });
    expect(describe(e)).toEqual({ field: "referral_date", text: "Deze datum ligt in de toekomst." });
    setLocale("en");
    expect(toFieldErrors(e, ["referral_date"])).toEqual({ referral_date: "This date is in the future." });
  });

  it("put errors about unknown fields on the form", () => {
    const e = new BackendError({ code: "invalid", message: "x", field: "elsewhere", rule: "required" });
    expect(toFieldErrors(e, ["name"])).toEqual({ _form: "Dit veld is verplicht." });
  });

  it("translate codes and fall back to the message", () => {
    expect(describe(new BackendError({ code: "wrong_passphrase", message: "x" })).text).toBe("Onjuiste wachtwoordzin.");
    expect(describe(new BackendError({ code: "internal", message: "disk full" })).text).toBe(
      "Er ging iets mis: disk full",
    );
  });
});
