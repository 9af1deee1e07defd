// A backend for tests: every call fails loudly unless the test provides it.
import type { Backend, VaultLocked } from "../api";

// Subscriptions are quiet unless the test provides them: events that never come.
const QUIET: Partial<Backend> = { onLocked: () => () => {} };

export function fakeBackend(overrides: Partial<Backend>): Backend {
  return new Proxy(overrides as Backend, {
    get(target, prop: string) {
      if (prop in target) return target[prop as keyof Backend];
      if (prop in QUIET) return QUIET[prop as keyof Backend];
      return () => Promise.reject(new Error(`fake backend: ${prop} not provided`));
    },
  });
}

/** A fake `onLocked` and a way to send the event, as the backend's auto-lock would. */
export function fakeLockEvents(): {
  onLocked: Backend["onLocked"];
  send(e: VaultLocked): void;
  listeners(): number;
} {
  const listeners = new Set<(e: VaultLocked) => void>();
  return {
    onLocked: (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    send: (e) => listeners.forEach((cb) => cb(e)),
    listeners: () => listeners.size,
  };
}
