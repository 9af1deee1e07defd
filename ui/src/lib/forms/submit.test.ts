import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultButton, submitsOn } from "./submit";

afterEach(() => {
  document.body.innerHTML = "";
});

/** A form from `html`, with the action on it and a spy for submitting. */
function form(html: string) {
  const node = document.createElement("div");
  node.setAttribute("role", "form");
  node.innerHTML = html;
  document.body.append(node);
  const submit = vi.fn();
  const action = submitsOn(node, submit);
  return { node, submit, action };
}

function enter(target: Element, init: KeyboardEventInit = {}) {
  const event = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

describe("a form without a <form> element", () => {
  it("submits on a click of a submit button, or of a button without a type", () => {
    const { node, submit } = form(
      `<input id="a"><button id="typed" type="submit">Opslaan</button><button id="untyped">Ook</button>`,
    );
    node.querySelector<HTMLButtonElement>("#typed")!.click();
    node.querySelector<HTMLButtonElement>("#untyped")!.click();
    expect(submit).toHaveBeenCalledTimes(2);
  });

  it("does not submit on a plain button, a disabled one, or a click cancelled by its own handler", () => {
    const { node, submit } = form(
      `<button id="plain" type="button">Annuleren</button>
       <button id="off" type="submit" disabled>Opslaan</button>
       <button id="cancelled" type="submit">Opslaan</button>`,
    );
    node.querySelector<HTMLButtonElement>("#plain")!.click();
    node.querySelector<HTMLButtonElement>("#off")!.click();
    const cancelled = node.querySelector<HTMLButtonElement>("#cancelled")!;
    cancelled.addEventListener("click", (e) => e.preventDefault());
    cancelled.click();
    expect(submit).not.toHaveBeenCalled();
  });

  it("submits on a click inside a submit button (its label's own element)", () => {
    const { node, submit } = form(`<button type="submit"><span id="label">Opslaan</span></button>`);
    node.querySelector<HTMLElement>("#label")!.click();
    expect(submit).toHaveBeenCalledTimes(1);
  });

  it("presses the first submit button on Enter in a one-line field", () => {
    const { node, submit } = form(
      `<input id="name"><input id="date" type="date"><input id="pass" type="password">
       <button type="button">Annuleren</button><button id="first" type="submit">Opslaan</button>
       <button id="second" type="submit">Verwijderen</button>`,
    );
    const pressed: string[] = [];
    node.addEventListener("click", (e) => pressed.push((e.target as Element).id));
    for (const id of ["name", "date", "pass"]) {
      expect(enter(node.querySelector(`#${id}`)!).defaultPrevented).toBe(true);
    }
    expect(submit).toHaveBeenCalledTimes(3);
    expect(pressed).toEqual(["first", "first", "first"]);
  });

  it("does not submit on Enter in a text area, a select, a checkbox, or while composing", () => {
    const { node, submit } = form(
      `<textarea id="notes"></textarea><select id="code"><option>a</option></select>
       <input id="check" type="checkbox"><input id="name">
       <button type="submit">Opslaan</button>`,
    );
    expect(enter(node.querySelector("#notes")!).defaultPrevented).toBe(false);
    enter(node.querySelector("#code")!);
    enter(node.querySelector("#check")!);
    enter(node.querySelector("#name")!, { isComposing: true });
    expect(submit).not.toHaveBeenCalled();
  });

  it("does not submit on Enter when the submit button is disabled, or when there is none", () => {
    const off = form(`<input id="name"><button type="submit" disabled>Opslaan</button>`);
    enter(off.node.querySelector("#name")!);
    expect(off.submit).not.toHaveBeenCalled();
    const none = form(`<input id="name"><button type="button">Annuleren</button>`);
    enter(none.node.querySelector("#name")!);
    expect(none.submit).not.toHaveBeenCalled();
    expect(defaultButton(none.node)).toBeNull();
  });

  it("stops listening when the form goes", () => {
    const { node, submit, action } = form(`<input id="name"><button type="submit">Opslaan</button>`);
    action.destroy();
    node.querySelector("button")!.click();
    enter(node.querySelector("#name")!);
    expect(submit).not.toHaveBeenCalled();
  });
});
