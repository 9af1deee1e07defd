// Printing the report (the monitoring screen or the year report): the print is
// recorded in the vault first, and the page prints only when that succeeded.

import type { Backend } from "../api";
import { describe } from "../forms/errors";

/** Records the print, then opens the print dialog; answers the refusal's text, or "". */
export async function printReport(backend: Backend): Promise<string> {
  try {
    await backend.recordPrint({ kind: "report" });
  } catch (e) {
    return describe(e).text;
  }
  window.print();
  return "";
}
