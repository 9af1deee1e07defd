// A conversation as the form holds it (text as typed) and as the core takes it.
// Only reading what was typed happens here; whether the date, the minutes or the
// trajectory allow it is the core's rule.
import type { Conversation, ConversationInput, Intervention, Mode, Participant } from "../api";
import { formatDate, today } from "../format/date";
import { read, readOptional } from "../forms/fields";
import type { MessageKey } from "../i18n/index.svelte";

export interface ConversationFields {
  /** As typed, dd-mm-jjjj. */
  date: string;
  /** As typed; empty when not recorded. */
  minutes: string;
  participants: Participant[];
  mode: Mode | null;
  interventions: Intervention[];
  notes: string;
}

/** The core's field names this form shows errors beside. */
export const CONVERSATION_FIELDS = ["date", "minutes", "participants", "mode", "interventions", "notes"] as const;

/** A new conversation: today, the usual length, in the practice. */
export function newConversation(): ConversationFields {
  return { date: today(), minutes: "45", participants: [], mode: "in_practice", interventions: [], notes: "" };
}

/** A recorded conversation, to correct. */
export function fieldsOf(c: Conversation): ConversationFields {
  return {
    date: formatDate(c.date),
    minutes: c.minutes === null ? "" : String(c.minutes),
    participants: [...c.participants],
    mode: c.mode,
    interventions: [...c.interventions],
    notes: c.notes ?? "",
  };
}

export type Read = { ok: true; input: ConversationInput } | { ok: false; field: string; message: MessageKey };

/** What was typed, as the core's input; a date or number that cannot be read names its field. */
export function readConversation(f: ConversationFields): Read {
  const date = read("date", f.date);
  if (!date.ok) return { ok: false, field: "date", message: date.error };
  const minutes = readOptional("whole", f.minutes);
  if (!minutes.ok) return { ok: false, field: "minutes", message: minutes.error };
  return {
    ok: true,
    input: {
      date: date.value,
      minutes: minutes.value,
      participants: f.participants,
      mode: f.mode,
      interventions: f.interventions,
      notes: f.notes.trim() || null,
    },
  };
}
