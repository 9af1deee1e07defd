import { describe, expect, it } from "vitest";
import type { Conversation } from "../api";
import { fieldsOf, newConversation, readConversation } from "./conversation";

const recorded: Conversation = {
  id: "c1",
  date: "2026-03-07",
  minutes: 45,
  participants: ["youth", "parents"],
  mode: "home",
  interventions: ["psychoeducation"],
  notes: "Eerste gesprek.",
};

describe("a conversation in the form", () => {
  it("is read back unchanged when nothing was edited", () => {
    const read = readConversation(fieldsOf(recorded));
    expect(read).toEqual({
      ok: true,
      input: {
        date: "2026-03-07",
        minutes: 45,
        participants: ["youth", "parents"],
        mode: "home",
        interventions: ["psychoeducation"],
        notes: "Eerste gesprek.",
      },
    });
  });

  it("shows the date as the worker types it and leaves no minutes empty", () => {
    const f = fieldsOf({ ...recorded, minutes: null, notes: null });
    expect(f.date).toBe("07-03-2026");
    expect(f.minutes).toBe("");
    expect(f.notes).toBe("");
    const read = readConversation(f);
    expect(read.ok && read.input.minutes).toBeNull();
    expect(read.ok && read.input.notes).toBeNull();
  });

  it("does not share its lists with the conversation it came from", () => {
    const f = fieldsOf(recorded);
    f.participants.push("school");
    expect(recorded.participants).toEqual(["youth", "parents"]);
  });

  it("names the field that cannot be read", () => {
    expect(readConversation({ ...newConversation(), date: "31-02-2026" })).toEqual({
      ok: false,
      field: "date",
      message: "error.date",
    });
    expect(readConversation({ ...newConversation(), minutes: "drie kwartier" })).toEqual({
      ok: false,
      field: "minutes",
      message: "error.number",
    });
    expect(readConversation({ ...newConversation(), minutes: "45.5" })).toMatchObject({ field: "minutes" });
  });

  it("leaves the rules to the core: 0 minutes is passed on", () => {
    const read = readConversation({ ...newConversation(), minutes: " 0 " });
    expect(read.ok && read.input.minutes).toBe(0);
  });
});
