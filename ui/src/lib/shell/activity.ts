// Telling the backend that the worker is using the app, for its own auto-lock
// (src-tauri/src/auto_lock.rs): it counts commands as use, and without these
// reports it would lock a worker who is only reading and scrolling.
//
// Input only marks; the report goes out on the next check of the idle timer,
// at most one per check and none while nobody touches anything. So the backend
// hears of input a few seconds late, never early: it cannot lock before the page.

export interface ActivityReport {
  /** Input happened. */
  touch(): void;
  /** Report the input seen since the last report, if any; true when it did. */
  flush(): boolean;
}

export function createActivityReport(report: () => Promise<unknown>): ActivityReport {
  let pending = false;
  return {
    touch() {
      pending = true;
    },
    flush() {
      if (!pending) return false;
      pending = false;
      // A failed report only means the backend may lock a little early.
      report().catch(() => {});
      return true;
    },
  };
}
