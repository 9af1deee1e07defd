import { describe, expect, it } from "vitest";
import type { TrajectoryDetail, Youth } from "../api";
import { Unread } from "../forms/fields";
import { readReferral, readYouth, referralFields, youthFields } from "./correct";

const youth: Youth = {
  id: "y1",
  youth_ref: "J-001",
  given_name: "Sanne",
  family_name: "Jansen",
  birth_date: "2012-05-17",
  gender: "f",
  bsn: "111222333",
  postcode: "6951 AB",
  family_id: null,
};

const detail = {
  id: "t1",
  youth,
  practice: { id: "p1" },
  referral_date: "2026-03-01",
  referrer: "gp",
  request_for_help: null,
  urgency: "normal",
  problem_areas: ["sleep"],
} as unknown as TrajectoryDetail;

describe("the referral correction form", () => {
  it("fills in the referral as recorded and gives it back unchanged", () => {
    const f = referralFields(detail);
    expect(f.referralDate).toBe("01-03-2026");
    expect(readReferral(detail, f)).toEqual({
      youth_id: "y1",
      practice_id: "p1",
      referral_date: "2026-03-01",
      referrer: "gp",
      request_for_help: null,
      problem_areas: ["sleep"],
      urgency: "normal",
    });
  });

  it("reads a corrected date as typed, and refuses one it cannot read", () => {
    const f = { ...referralFields(detail), referralDate: "26-2-2026", request: "  slaapt slecht " };
    const input = readReferral(detail, f);
    expect(input.referral_date).toBe("2026-02-26");
    expect(input.request_for_help).toBe("slaapt slecht");
    expect(() => readReferral(detail, { ...f, referralDate: "30-02-2026" })).toThrow(Unread);
  });

  it("does not share the problem areas with the detail it came from", () => {
    const f = referralFields(detail);
    f.problemAreas.push("behaviour");
    expect(detail.problem_areas).toEqual(["sleep"]);
  });
});

describe("the youth correction form", () => {
  it("fills in the youth as recorded and gives it back unchanged", () => {
    const f = youthFields(youth);
    expect(f.birthDate).toBe("17-05-2012");
    expect(readYouth(f, null)).toEqual({
      youth_ref: "J-001",
      given_name: "Sanne",
      family_name: "Jansen",
      birth_date: "2012-05-17",
      gender: "f",
      bsn: "111222333",
      postcode: "6951 AB",
      sibling_of: null,
    });
  });

  it("sends emptied fields as none and a sibling by id", () => {
    const f = { ...youthFields(youth), bsn: " ", birthDate: "", postcode: "" };
    const input = readYouth(f, "y2");
    expect(input.bsn).toBeNull();
    expect(input.birth_date).toBeNull();
    expect(input.postcode).toBeNull();
    expect(input.sibling_of).toBe("y2");
    expect(() => readYouth({ ...f, birthDate: "17-13-2012" }, null)).toThrow(Unread);
  });
});
