/**
 * Rows a long list shows at first, and adds per "show more". The page keeps
 * every row it shows in its memory and paints it; a caseload or a list of GP
 * consultations of some thousands would cost tens of MiB in the web process on
 * every visit.
 */
export const PAGE = 100;
