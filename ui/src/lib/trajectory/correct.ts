// The referral and the youth as their correction forms hold them (text as typed),
// and back as the core's input. Only reading what was typed happens here: which
// fields changed, and whether the change is allowed, the core works out.
import type {
  Gender,
  ProblemArea,
  ReferralInput,
  Referrer,
  TrajectoryDetail,
  Urgency,
  Youth,
  YouthInput,
} from "../api";
import { formatDate, formatOptionalDate } from "../format/date";
import { read, readOptional, valuesOf } from "../forms/fields";

export interface ReferralFields {
  practiceId: string;
  /** As typed, dd-mm-jjjj. */
  referralDate: string;
  referrer: Referrer | null;
  urgency: Urgency | null;
  problemAreas: ProblemArea[];
  request: string;
}

/** The core's field names the referral form shows errors beside. */
export const REFERRAL_FIELDS = [
  "practice_id",
  "referral_date",
  "referrer",
  "urgency",
  "problem_areas",
  "request_for_help",
] as const;

/** The referral as recorded, to correct. */
export function referralFields(d: TrajectoryDetail): ReferralFields {
  return {
    practiceId: d.practice.id,
    referralDate: formatDate(d.referral_date),
    referrer: d.referrer,
    urgency: d.urgency,
    problemAreas: [...d.problem_areas],
    request: d.request_for_help ?? "",
  };
}

/** What was typed, as the core's input; a date that cannot be read throws `Unread`. */
export function readReferral(d: TrajectoryDetail, f: ReferralFields): ReferralInput {
  const { referral_date } = valuesOf({ referral_date: read("date", f.referralDate) });
  return {
    youth_id: d.youth.id,
    practice_id: f.practiceId,
    referral_date,
    referrer: f.referrer,
    request_for_help: f.request.trim() || null,
    problem_areas: f.problemAreas,
    urgency: f.urgency ?? "normal",
  };
}

export interface YouthFields {
  youthRef: string;
  givenName: string;
  familyName: string;
  /** As typed, dd-mm-jjjj; empty when unknown. */
  birthDate: string;
  gender: Gender | null;
  bsn: string;
  postcode: string;
}

/** The core's field names the youth form shows errors beside. */
export const YOUTH_FIELDS = [
  "youth_ref",
  "given_name",
  "family_name",
  "birth_date",
  "gender",
  "bsn",
  "postcode",
  "sibling_of",
] as const;

/** The youth as recorded, to correct. */
export function youthFields(y: Youth): YouthFields {
  return {
    youthRef: y.youth_ref ?? "",
    givenName: y.given_name ?? "",
    familyName: y.family_name ?? "",
    birthDate: formatOptionalDate(y.birth_date),
    gender: y.gender,
    bsn: y.bsn ?? "",
    postcode: y.postcode ?? "",
  };
}

/** What was typed, as the core's input; `siblingOf` links the youth into that family. */
export function readYouth(f: YouthFields, siblingOf: string | null): YouthInput {
  const { birth_date } = valuesOf({ birth_date: readOptional("date", f.birthDate) });
  const text = (s: string) => s.trim() || null;
  return {
    youth_ref: text(f.youthRef),
    given_name: text(f.givenName),
    family_name: text(f.familyName),
    birth_date,
    gender: f.gender ?? "unknown",
    bsn: text(f.bsn),
    postcode: text(f.postcode),
    sibling_of: siblingOf,
  };
}
