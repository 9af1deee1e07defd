// What a `<form>` element does for its fields, for a form that is not one.
//
// The app's forms are `<div role="form">` (`Form.svelte`), because WebKitGTK, the
// web view on Linux, keeps memory for every field that ever belonged to a `<form>`
// element until the page itself goes away; fields outside a `<form>` leave nothing
// behind. In a page that swaps screens without loading a new document, every
// visit to a screen with a form then left its fields behind: measured with the
// release app, a tour between two screens with one form each grew the app's
// processes by 23 MiB over 560 switches; with `<div>`s, by 1 MiB
// (docs/PERFORMANCE.md).
//
// So this gives a form what the element gave it, and no more: a click on a
// submit button submits (a `<button>` is a submit button unless its type says
// otherwise), and Enter in a one-line text field clicks the form's first submit
// button, as a browser does. A disabled button submits nothing. The browser's own
// checks of `required` and the like are not used anywhere: the core checks input,
// and `forms/errors.ts` shows what it refused.

/** Input types in which Enter submits the form (the one-line text fields). */
const SUBMITS_ON_ENTER = new Set([
  "text",
  "search",
  "url",
  "tel",
  "email",
  "password",
  "number",
  "date",
  "time",
  "datetime-local",
  "month",
  "week",
]);

/** The form's first submit button: what Enter presses. */
export function defaultButton(form: HTMLElement): HTMLButtonElement | null {
  for (const button of form.querySelectorAll("button")) {
    if (button.type === "submit") return button;
  }
  return null;
}

/**
 * A Svelte action: `submit` runs when the worker submits the form on `node`, by
 * a submit button or by Enter in a text field.
 *
 * The listeners sit on the form, so they run before the handlers Svelte delegates
 * to the page's root (a field's `onclick` or `onkeydown`). A field that should
 * handle Enter itself would need a listener of its own (`addEventListener` on the
 * field) that stops the event; no field does now.
 */
export function submitsOn(node: HTMLElement, submit: () => void) {
  const onClick = (event: MouseEvent) => {
    const button = event.target instanceof Element ? event.target.closest("button") : null;
    if (!button || !node.contains(button) || button.type !== "submit" || button.disabled) return;
    if (event.defaultPrevented) return;
    submit();
  };
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== "Enter" || event.isComposing || event.defaultPrevented) return;
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || !SUBMITS_ON_ENTER.has(field.type)) return;
    event.preventDefault();
    const button = defaultButton(node);
    if (button && !button.disabled) button.click();
  };
  node.addEventListener("click", onClick);
  node.addEventListener("keydown", onKeydown);
  return {
    destroy() {
      node.removeEventListener("click", onClick);
      node.removeEventListener("keydown", onKeydown);
    },
  };
}
