// Printing the report (the monitoring screen or the year report): the print is
// recorded in the vault first, and the page prints only when that succeeded.

import { tick } from "svelte";
import type { Backend } from "../api";
import { printing } from "./charts.svelte";
import { describe } from "../forms/errors";

/** Records the print, then opens the print dialog; answers the refusal's text, or "". */
export async function printReport(backend: Backend): Promise<string> {
  try {
    await backend.recordPrint({ kind: "report" });
  } catch (e) {
    return describe(e).text;
  }
  // Every chart on the screen is drawn before the page is laid out for print.
  printing.now = true;
  await tick();
  await new Promise((painted) =>
    typeof requestAnimationFrame === "function" ? requestAnimationFrame(painted) : setTimeout(painted, 0),
  );
  // The charts print as pictures (FigureChart): wait until they are decoded.
  await Promise.all(
    [...document.querySelectorAll<HTMLImageElement>(".figure img")].map((i) => i.decode().catch(() => undefined)),
  );
  window.print();
  printing.now = false;
  return "";
}
