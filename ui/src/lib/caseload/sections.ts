// The overview's three lists, in the order the core returned them (waiting
// oldest first, active longest without contact first, closed newest first).
import type { CaseloadRow } from "../api";
import { PAGE } from "../paging/page";

export interface Sections {
  waiting: CaseloadRow[];
  active: CaseloadRow[];
  closed: CaseloadRow[];
}

export type Section = keyof Sections;

/** How many rows each list shows at first. */
export function freshPages(): Record<Section, number> {
  return { waiting: PAGE, active: PAGE, closed: PAGE };
}

export function sections(rows: CaseloadRow[]): Sections {
  return {
    waiting: rows.filter((r) => r.status === "waiting"),
    active: rows.filter((r) => r.status === "active"),
    closed: rows.filter((r) => r.status === "closed"),
  };
}

/** How a youth is named in lists: name, else own reference. */
export function displayName(r: {
  given_name: string | null;
  family_name: string | null;
  youth_ref: string | null;
}): string {
  const name = [r.given_name, r.family_name].filter(Boolean).join(" ");
  return name || r.youth_ref || "—";
}
