// Screens that load on input (a search box, a filter, a period) send a request per
// change. Each runs on its own backend thread, so answers may come back out of
// order; a screen that shows every answer as it comes may end on an old one.

/**
 * Hands out a ticket per request. A ticket is current until the next one is handed
 * out: show an answer only while its ticket is current.
 *
 *     const newest = newestOnly();
 *     const current = newest();
 *     const rows = await backend.caseload(filter);
 *     if (current()) shown = rows;
 */
export function newestOnly(): () => () => boolean {
  let issued = 0;
  return () => {
    const mine = ++issued;
    return () => mine === issued;
  };
}
