// When charts are drawn. The monitoring screen holds a dozen charts, most of them
// below the fold; each drawn chart costs the page's process memory until the
// screen's elements are collected, long after the screen closed. So a chart is
// drawn when it comes near the visible part of the screen, and its table (which
// carries the same figures) is there from the start.
//
// A document printed whole draws every chart at once: the year report says so for
// everything inside it, and printing the monitoring screen sets `printing.now`.

import { getContext, setContext } from "svelte";

const EVERY_CHART = Symbol("every chart drawn");

/** Called by a component whose charts must all be drawn at once (the year report). */
export function drawEveryChart(): void {
  setContext(EVERY_CHART, true);
}

/** Whether the component calling this sits inside such a document. */
export function everyChartDrawn(): boolean {
  return getContext<boolean | undefined>(EVERY_CHART) === true;
}

/** True while a print of the monitoring screen is being prepared. */
export const printing = $state({ now: false });
