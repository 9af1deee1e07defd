// Every error code and rule the core can send has words in both languages. The
// codes are read from the generated bindings (which a Rust test keeps in step with
// the Rust enums), so a new code fails here until the catalogues have it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "./en";
import { nl } from "./nl";

// Vitest runs in ui/ (the page's own URL is not a file under happy-dom).
const bindings = readFileSync(resolve(process.cwd(), "src/lib/bindings.ts"), "utf8");

/** The string members of `export type <name> = "a" | "b" | …` in the bindings. */
function union(name: string): string[] {
  const start = bindings.indexOf(`export type ${name} =`);
  if (start < 0) throw new Error(`${name} is not in bindings.ts`);
  const rest = bindings.slice(start);
  const end = rest.search(/\n\s*\n|\nexport /);
  const body = rest.slice(rest.indexOf("=") + 1, end < 0 ? undefined : end).replace(/\/\*[\s\S]*?\*\//g, "");
  const members = [...body.matchAll(/"([a-z_]+)"/g)].map((m) => m[1] ?? "");
  if (members.length === 0) throw new Error(`${name} has no members in bindings.ts`);
  return members;
}

describe("the catalogues cover every code the core sends", () => {
  for (const [lang, catalogue] of [
    ["nl", nl],
    ["en", en],
  ] as const) {
    it(`error codes, in ${lang}`, () => {
      const missing = union("ErrorCode").filter((c) => !(`error.${c}` in catalogue));
      expect(missing).toEqual([]);
    });

    it(`rules, in ${lang}`, () => {
      const missing = union("Rule").filter((r) => !(`rule.${r}` in catalogue));
      expect(missing).toEqual([]);
    });
  }
});
