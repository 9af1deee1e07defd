// Mounting a component under a fake backend and acting on it, for component tests.
import { flushSync, mount, unmount, type Component } from "svelte";
import { setBackend, type Backend } from "../api";
import { defaultButton } from "../forms/submit";
import Host from "./Host.svelte";

let mounted: ReturnType<typeof mount> | undefined;

/** Lets pending promises (the fake backend's replies) run, then updates the DOM. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 12; i++) await Promise.resolve();
  flushSync();
}

/** Mounts `component` with `props`; call `cleanup()` after each test. */
export async function render(
  backend: Backend,
  component: Component<any>,
  props: Record<string, unknown> = {},
): Promise<HTMLElement> {
  const target = document.body.appendChild(document.createElement("div"));
  mounted = mount(Host, { target, props: { backend, setBackend, component, props } });
  await settle();
  return target;
}

export function cleanup(): void {
  if (mounted) unmount(mounted);
  mounted = undefined;
  document.body.innerHTML = "";
}

export function find<E extends Element = HTMLElement>(el: ParentNode, selector: string): E {
  const found = el.querySelector<E>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

/** Types into an input, textarea or select as a user would (one input event). */
export function type(el: ParentNode, selector: string, value: string): void {
  const input = find<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
}

export async function click(el: ParentNode, selector: string): Promise<void> {
  find(el, selector).click();
  await settle();
}

/**
 * Submits the form that holds the element matching `selector` as the worker
 * does: with the form's first submit button.
 */
export async function submit(el: ParentNode, selector: string): Promise<void> {
  flushSync(); // what was typed reaches the page first, as it has for a worker
  const form = find(el, selector).closest<HTMLElement>("[role=form]");
  const button = form && defaultButton(form);
  if (!button) throw new Error(`${selector}: not in a form with a submit button`);
  button.click();
  await settle();
}
