// Idle auto-lock. The clock is read, not counted: after a suspend the first
// check sees the whole gap and locks, however long the machine slept.

export interface IdleLock {
  /** Input happened: start the idle period again. */
  touch(): void;
  /** Lock (once) if the idle period has passed; true when it locked. */
  check(): boolean;
  /** Milliseconds left before the lock, as of now (0 when it is due). */
  remaining(): number;
}

/** How long before the idle lock the worker is warned. */
export const WARN_BEFORE_MS = 60_000;

export function createIdleLock(opts: { minutes: () => number; onIdle: () => void; now?: () => number }): IdleLock {
  const now = opts.now ?? (() => Date.now());
  let last = now();
  return {
    touch() {
      last = now();
    },
    remaining() {
      return Math.max(0, opts.minutes() * 60_000 - (now() - last));
    },
    check() {
      if (now() - last < opts.minutes() * 60_000) return false;
      last = now();
      opts.onIdle();
      return true;
    },
  };
}

/** The DOM events that count as use of the app. */
export const ACTIVITY_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "focusin"] as const;
