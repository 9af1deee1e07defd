// A backend for tests: every call fails loudly unless the test provides it.
import type { Backend } from "../api";

export function fakeBackend(overrides: Partial<Backend>): Backend {
  return new Proxy(overrides as Backend, {
    get(target, prop: string) {
      if (prop in target) return target[prop as keyof Backend];
      return () => Promise.reject(new Error(`fake backend: ${prop} not provided`));
    },
  });
}
