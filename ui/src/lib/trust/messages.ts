// The data and privacy screens' messages; `i18n/nl.ts` and `i18n/en.ts` take them in.
export const trustNl = {
  "nav.trust": "Gegevens en privacy",
  "trust.title": "Gegevens en privacy",
} as const;

export const trustEn: Record<keyof typeof trustNl, string> = {
  "nav.trust": "Data and privacy",
  "trust.title": "Data and privacy",
};
