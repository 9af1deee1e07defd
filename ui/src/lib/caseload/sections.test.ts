import { describe, expect, it } from "vitest";
import type { CaseloadRow } from "../api";
import { displayName, sections } from "./sections";

function row(status: CaseloadRow["status"], id: string): CaseloadRow {
  return {
    trajectory_id: id,
    youth_id: "y",
    youth_ref: "J" + id,
    given_name: null,
    family_name: null,
    practice_id: "p",
    practice_name: "De Linde",
    referral_date: "2024-03-01",
    urgency: "normal",
    status,
    days_waiting: 3,
    last_contact: null,
    conversations: 0,
    closed_date: null,
    outcome: null,
    flag_many_conversations: false,
    flag_no_recent_contact: false,
    flag_letter_not_sent: false,
  };
}

describe("caseload sections", () => {
  it("split by status and keep the core's order", () => {
    const s = sections([row("waiting", "1"), row("active", "2"), row("waiting", "3"), row("closed", "4")]);
    expect(s.waiting.map((r) => r.trajectory_id)).toEqual(["1", "3"]);
    expect(s.active.map((r) => r.trajectory_id)).toEqual(["2"]);
    expect(s.closed.map((r) => r.trajectory_id)).toEqual(["4"]);
  });

  it("name a youth by name, else by reference", () => {
    expect(displayName({ given_name: "Sanne", family_name: "Jansen", youth_ref: "J1" })).toBe("Sanne Jansen");
    expect(displayName({ given_name: null, family_name: null, youth_ref: "J1" })).toBe("J1");
  });
});
